"""A trace as a self-contained HTML element: readable as it stands, steppable with the site's script.

:func:`trace_html` renders a :class:`~nnbook.trace.model.Trace` for the built site (and any
notebook viewer that shows ``text/html``):

* the root ``<div class="nnbook-trace" data-trace="HASH">`` (``HASH``: the first 12 hex digits
  of the SHA-1 of the trace's JSON, so the same trace always gives the same bytes);
* a bar with previous/next ``<button>``\\ s (``disabled`` until the script runs) and the step counter;
* the code, one ``.nnbook-trace-line`` element with ``data-line`` (the file line number) per
  line, grouped per code block (``.nnbook-trace-block`` with ``data-code``); the current step's
  line carries ``nnbook-trace-current``;
* the state pane (``.nnbook-trace-state``, ``aria-live="polite"``): every variable after the
  current step, those the step bound or changed marked by a word (``new``, ``changed``), not
  by colour alone; :func:`state_html` renders it, and the script renders the same;
* **the list of every step**, the page's reading without JavaScript: a table whose rows are
  focusable (``tabindex``) and carry ``data-step`` (0-based): step, line, what changed;
* the data, :meth:`Trace.to_json`, inline in ``<script type="application/json"
  class="nnbook-trace-data">``.

The script that makes it steppable is the explorers' player script,
``_ext/player/nnbook-player.js``; it reads this format.  Nothing here is random or timed.
"""
from __future__ import annotations

import ast
import hashlib
import json
import textwrap
from html import escape

from .model import Trace

__all__ = ["trace_html", "state_html", "trace_json_text", "docstring_fold"]


def trace_json_text(trace: Trace) -> str:
    """:meth:`Trace.to_json` as compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(trace.to_json(), separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _text(value: str) -> str:
    return escape(value, quote=False)


def _where(trace: Trace, i: int) -> str:
    s = trace.steps[i]
    block = "line " if s.code == 0 else f"{trace.codes[s.code].name} line "
    return f"Step {i + 1} of {len(trace.steps)} · {block}{s.line}"


def _note(trace: Trace, i: int) -> str:
    """What a step that is not a plain line did (empty for a plain line)."""
    s = trace.steps[i]
    if s.kind == "raise":
        return f"raised {s.note}"
    if s.kind == "return":
        return f"returns {s.note}"
    if s.kind == "call":
        return f"called {trace.codes[s.code].name}"
    return s.note  # a fold: "… N more iterations"


def state_html(trace: Trace, i: int) -> str:
    """The state pane's content after step ``i`` (0-based): where, what happened, every variable.

    A variable's row has the class ``nnbook-trace-new`` or ``nnbook-trace-changed`` and the
    same word in its last cell when the step bound or changed it.  The site's script renders
    the same elements from the JSON when the reader steps.
    """
    s = trace.steps[i]
    parts = [f'<p class="nnbook-trace-where">{_text(_where(trace, i))}</p>']
    note = _note(trace, i)
    if note:
        parts.append(f'<p class="nnbook-trace-note">{_text(note)}</p>')
    if s.values:
        rows = []
        for name, text in s.values:
            mark = "new" if name in s.new else "changed" if name in s.changed else ""
            cls = f' class="nnbook-trace-{mark}"' if mark else ""
            rows.append(f'<tr{cls}><th scope="row">{_text(name)}</th><td>{_text(text)}</td><td>{mark}</td></tr>')
        parts.append(f'<table><tbody>{"".join(rows)}</tbody></table>')
    else:
        parts.append('<p class="nnbook-trace-note">no variables yet</p>')
    if s.removed:
        parts.append(f'<p class="nnbook-trace-note">deleted: {_text(", ".join(s.removed))}</p>')
    return "".join(parts)


def docstring_fold(block) -> tuple[int, int, str] | None:
    """The lines of a stepped-into function's docstring that a view folds away, and their stand-in.

    Returns ``(first, last, text)``: file lines ``first`` to ``last`` (all of the docstring but
    its first line) shown as the one line ``text`` ("… 18 more lines of the docstring"), or None
    (the cell, a short docstring, none).  No step is ever on those lines.
    """
    if block.name == "cell":
        return None
    try:
        tree = ast.parse(textwrap.dedent("\n".join(block.lines)))
    except SyntaxError:
        return None
    func = tree.body[0] if tree.body else None
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    doc = func.body[0]
    if not (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
        return None
    first, last = doc.lineno + 1, doc.end_lineno
    if last - first < 1:
        return None
    text = block.text(block.first_line + doc.lineno - 1)
    indent = text[: len(text) - len(text.lstrip())]
    text = f"{indent}… {last - first + 1} more lines of the docstring"
    return first + block.first_line - 1, last + block.first_line - 1, text


def _code_html(trace: Trace, current: tuple[int, int]) -> str:
    parts = ['<div class="nnbook-trace-code" tabindex="0" role="group" aria-label="Code">']
    for c, block in enumerate(trace.codes):
        parts.append(f'<div class="nnbook-trace-block" data-code="{c}">')
        if c:
            parts.append(f'<div class="nnbook-trace-name">inside {_text(block.name)}</div>')
        fold = docstring_fold(block)
        for k, text in enumerate(block.lines):
            line = block.first_line + k
            if fold and fold[0] <= line <= fold[1]:
                if line == fold[0]:
                    parts.append(f'<div class="nnbook-trace-line nnbook-trace-folded"><span class="nnbook-trace-ln">'
                                 f'</span>{_text(fold[2])}</div>')
                continue
            cls = " nnbook-trace-current" if (c, line) == current else ""
            parts.append(f'<div class="nnbook-trace-line{cls}" data-line="{line}">'
                         f'<span class="nnbook-trace-ln">{line}</span>{_text(text.rstrip())}</div>')
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _steps_html(trace: Trace) -> str:
    n = len(trace.steps)
    parts = ['<div class="nnbook-trace-steps"><table>',
             f'<caption>All {n} step{"s" * (n != 1)}</caption>',
             '<thead><tr><th scope="col">step</th><th scope="col">line</th>'
             '<th scope="col">what changed</th></tr></thead><tbody>']
    for i, (number, where, _code, changes) in enumerate(trace.rows()):
        kind = trace.steps[i].kind
        cls = f' class="nnbook-trace-{kind}"' if kind != "line" else ""
        first = ' tabindex="0" aria-current="step"' if i == 0 else ' tabindex="-1"'
        parts.append(f'<tr data-step="{i}"{cls}{first}><td>{number}</td><td>{_text(where)}</td>'
                     f'<td>{_text(changes)}</td></tr>')
    parts.append("</tbody></table></div>")
    return "".join(parts)


def trace_html(trace: Trace) -> str:
    """The trace as one static, self-contained element, opening on its first step.

    Raises ``ValueError`` for a trace without steps (there is nothing to step through).
    """
    if not trace.steps:
        raise ValueError("a trace without steps has nothing to show")
    data = trace_json_text(trace)
    key = hashlib.sha1(data.encode()).hexdigest()[:12]
    n, first = len(trace.steps), trace.steps[0]
    parts = [f'<div class="nnbook-trace" data-trace="{key}" role="group" '
             f'aria-label="Step-through trace of the code, {n} step{"s" * (n != 1)}">',
             '<div class="nnbook-trace-bar">'
             '<button type="button" class="nnbook-trace-prev" disabled>'
             '<span aria-hidden="true">◀</span> Previous</button>'
             '<button type="button" class="nnbook-trace-next" disabled>'
             'Next <span aria-hidden="true">▶</span></button>'
             f'<span class="nnbook-trace-counter">step 1 of {n}</span>'
             '<span class="nnbook-trace-hint" hidden>← → keys step; click a line for its next step</span>'
             '</div><div class="nnbook-trace-panes">',
             _code_html(trace, (first.code, first.line)),
             f'<div class="nnbook-trace-state" aria-live="polite">{state_html(trace, 0)}</div></div>',
             _steps_html(trace)]
    if trace.error:
        parts.append(f'<p class="nnbook-trace-error">raised {_text(trace.error)}</p>')
    parts += [f'<script type="application/json" class="nnbook-trace-data">{data}</script>', "</div>"]
    return "".join(parts)
