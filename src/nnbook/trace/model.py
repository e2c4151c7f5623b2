"""The data of a step-through trace: the code shown, the steps, and their two renderings as data.

A :class:`Trace` is what :func:`nnbook.trace.trace_code` returns: the code blocks
(:class:`CodeBlock`: the cell, and any function it stepped into) and one :class:`Step` per
executed line with every recorded variable *after* that line ran.  :meth:`Trace.table` is the
plain-text table (a cell's text output, compared by nbval); :meth:`Trace.to_json` the compact
data a static viewer steps through.  Recording lives in :mod:`nnbook.trace.record`, the
displays in :mod:`nnbook.trace.display`.

Line numbers: ``Step.line`` is always the line number in the block's file, as Python reports
it (``frame.f_lineno``).  For the cell that is the 1-based line of the cell
(``CodeBlock.first_line == 1``); for a stepped-into function it is the line in its module, so
``CodeBlock.text(step.line)``, that is ``lines[step.line - first_line]``, is its source.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KINDS", "CodeBlock", "Step", "Trace", "TraceError"]

KINDS = ("line", "raise", "fold", "return", "call")
"""Step kinds: a line ran; a line raised; loop iterations folded; a stepped-into function
returned (its ``return`` line); a stepped-into function was called (its ``def`` line, with the
arguments as the new values)."""


@dataclass(frozen=True)
class CodeBlock:
    """Source shown by a trace: the cell (``name == "cell"``) or a stepped-into function."""

    name: str
    lines: tuple[str, ...]
    first_line: int

    def text(self, line: int) -> str:
        """The source of file line ``line`` ('' outside the block)."""
        i = line - self.first_line
        return self.lines[i] if 0 <= i < len(self.lines) else ""


@dataclass(frozen=True)
class Step:
    """The state after one step: ``values`` are ``(name, text)`` in order of first binding.

    ``line`` is the file line number (see the module docstring); ``changed`` includes ``new``;
    ``removed`` lists the names the step deleted (``del x``), which are gone from ``values``.
    """

    code: int
    line: int
    kind: str
    values: tuple[tuple[str, str], ...]
    changed: tuple[str, ...]
    new: tuple[str, ...]
    note: str = ""
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class Trace:
    """A recorded run: the code blocks, the steps, the error that escaped (if any), the time.

    ``codes[0]`` is the cell; ``seconds`` is the recording time (never in the table or JSON);
    ``value`` is the value of the cell's last expression when it was asked for
    (``trace_code(..., last_value=True)``), what a notebook shows as the cell's result, else None.

    Examples
    --------
    >>> from nnbook.trace import trace_code
    >>> trace = trace_code("x = 2\\ny = x * 3\\n")
    >>> print(trace.table())
    step  line  code       changes
       1     1  x = 2      x = 2
       2     2  y = x * 3  y = 6
    >>> data = trace.to_json()
    >>> data["names"], data["texts"], data["steps"][1]
    (['x', 'y'], ['2', '6'], {'c': 0, 'l': 2, 'v': [0, 0, 1, 1], 'ch': [1], 'nw': [1]})
    >>> Trace.from_json(data).steps == trace.steps
    True
    """

    codes: tuple[CodeBlock, ...]
    steps: tuple[Step, ...]
    error: str | None
    seconds: float
    value: object = field(default=None, compare=False)

    def __repr__(self) -> str:
        error = f", error {self.error!r}" if self.error else ""
        return f"<Trace: {len(self.steps)} steps in {len(self.codes)} code block(s){error}>"

    def final(self, code: int = 0) -> dict[str, str]:
        """The values after the last step of block ``code`` (0: the cell), as a dict."""
        last = [s for s in self.steps if s.code == code]
        return dict(last[-1].values) if last else {}

    def rows(self) -> list[tuple[str, str, str, str]]:
        """One row per step: its number, where (``line``, or ``name:line`` in a stepped-into
        function), the line's code (whitespace collapsed) and what the step changed, as text.

        The table, the site's list of steps and the kernel view all read these rows.
        """
        rows = []
        for i, s in enumerate(self.steps, 1):
            block = self.codes[s.code]
            where = str(s.line) if s.code == 0 else f"{block.name}:{s.line}"
            values = dict(s.values)
            parts = [s.note] if s.kind in ("raise", "fold") and s.note else []
            parts += [f"{n} = {values[n]}" for n in s.changed] + [f"del {n}" for n in s.removed]
            if s.kind == "return":
                parts.append(f"returns {s.note}")
            rows.append((str(i), where, " ".join(block.text(s.line).split()), "; ".join(parts)))
        return rows

    def table(self) -> str:
        """A plain-text table: step, line, the line's code (shortened), what the step changed.

        A stepped-into function's lines read ``name:line``.  Deterministic: nbval compares it.
        """
        rows = [("step", "line", "code", "changes")]
        rows += [(n, where, code if len(code) <= 32 else code[:31] + "…", changes)
                 for n, where, code, changes in self.rows()]
        w = [max(len(r[k]) for r in rows) for k in range(3)]
        lines = [f"{a:>{w[0]}}  {b:>{w[1]}}  {c:<{w[2]}}  {d}".rstrip() for a, b, c, d in rows]
        if self.error:
            lines.append(f"raised {self.error}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        """Everything a static viewer needs, compact, JSON-serialisable and deterministic.

        ``names`` and ``texts`` are tables of the variable names and value texts.  A step is
        ``{"c": code, "l": line, "v": [name, text, name, text, ...]}`` (indices into those
        tables: every value after the step, in order) plus, only when not empty, ``"k"``: kind
        (default ``"line"``), ``"ch"``, ``"nw"``, ``"rm"``: changed, new and removed names
        (indices), ``"n"``: the note.  No timing, so the same run gives the same JSON.
        """
        names, texts = {}, {}

        def step(s: Step) -> dict:
            out = {"c": s.code, "l": s.line,
                   "v": [i for n, t in s.values for i in (names.setdefault(n, len(names)),
                                                           texts.setdefault(t, len(texts)))]}
            if s.kind != "line":
                out["k"] = s.kind
            for key, group in (("ch", s.changed), ("nw", s.new), ("rm", s.removed)):
                if group:
                    out[key] = [names.setdefault(n, len(names)) for n in group]
            if s.note:
                out["n"] = s.note
            return out

        steps = [step(s) for s in self.steps]
        codes = [{"name": c.name, "first": c.first_line, "lines": list(c.lines)} for c in self.codes]
        return {"version": 1, "codes": codes, "names": list(names), "texts": list(texts),
                "steps": steps, "error": self.error}

    @classmethod
    def from_json(cls, data: dict) -> Trace:
        """The trace :meth:`to_json` describes (``seconds`` is not stored: 0.0)."""
        names, texts = data["names"], data["texts"]

        def step(s: dict) -> Step:
            v = s["v"]
            group = lambda key: tuple(names[i] for i in s.get(key, ()))  # noqa: E731
            return Step(s["c"], s["l"], s.get("k", "line"),
                        tuple((names[v[i]], texts[v[i + 1]]) for i in range(0, len(v), 2)),
                        group("ch"), group("nw"), s.get("n", ""), group("rm"))

        codes = tuple(CodeBlock(c["name"], tuple(c["lines"]), c["first"]) for c in data["codes"])
        return cls(codes, tuple(step(s) for s in data["steps"]), data["error"], 0.0)


class TraceError(RuntimeError):
    """The traced code ran past ``max_steps`` steps or ``max_events`` lines.

    ``exc.trace`` holds the steps recorded until then.
    """
