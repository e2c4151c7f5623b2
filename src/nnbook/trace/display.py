"""Showing a trace: one display bundle with a kernel view, the site's static element and a table.

:class:`TraceView` wraps a recorded :class:`~nnbook.trace.model.Trace`.  Displayed (the
``%%trace`` magic does it, or ``display(view)``), it gives

* ``text/plain``: :meth:`Trace.table`, compared by nbval, so the numbers are checked;
* ``text/html``: the static element of :mod:`nnbook.trace.html`, what the built site shows
  (``_config.yml`` tells myst-nb never to render widget views) and the site's player script
  makes steppable;
* ``application/vnd.jupyter.widget-view+json``: in a kernel, :class:`TraceWidget`, a live
  view (previous/next, a step slider, the code lines as buttons, the state pane); ipywidgets
  is imported only here, when a view is first displayed;
* and, as output metadata (never compared by nbval), ``{"nnbook-trace": {"steps": n,
  "bytes": b}}``, plus ``"seconds"`` (the recording time) when the environment variable
  ``NNBOOK_TRACE_SECONDS=1`` is set (``make bench`` sets it; committed notebooks then carry no
  timing that would change at every run).

The view only shows what the recorder computed: no value is formatted or computed here.
"""
from __future__ import annotations

import os
from html import escape

from .html import docstring_fold, state_html, trace_html
from .model import Trace
from .record import trace_code

__all__ = ["TraceView", "TraceWidget", "show_trace", "WIDGET_VIEW"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class TraceView:
    """A trace ready to display: a kernel view, the site's static element and a text table.

    Parameters
    ----------
    trace : Trace
        A recorded trace with at least one step.

    Examples
    --------
    >>> view = show_trace("x = 2\\ny = x * 3\\n")
    >>> data, meta = view._repr_mimebundle_(include=["text/plain", "text/html"])
    >>> print(data["text/plain"])
    step  line  code       changes
       1     1  x = 2      x = 2
       2     2  y = x * 3  y = 6
    >>> data["text/html"].startswith('<div class="nnbook-trace" data-trace="'), meta["nnbook-trace"]["steps"]
    (True, 2)
    """

    def __init__(self, trace: Trace):
        if not trace.steps:
            raise ValueError("a trace without steps has nothing to show")
        self.trace = trace
        self._html: str | None = None
        self._widget: TraceWidget | None = None

    def __repr__(self) -> str:
        return f"<TraceView of {self.trace!r}>"

    def html(self) -> str:
        """The static element (built once)."""
        if self._html is None:
            self._html = trace_html(self.trace)
        return self._html

    @property
    def widget(self) -> TraceWidget:
        """The live kernel view, built on first use (needs ipywidgets)."""
        if self._widget is None:
            self._widget = TraceWidget(self.trace)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        wanted = lambda mime: (include is None or mime in include) and not (exclude and mime in exclude)  # noqa: E731
        html = self.html()
        data = {"text/plain": self.trace.table(), "text/html": html}
        if wanted(WIDGET_VIEW):
            try:
                view = self.widget.box._repr_mimebundle_(**kwargs)
            except ImportError:  # no ipywidgets: the HTML and the table still show the trace
                view = {}
            if WIDGET_VIEW in view:
                data[WIDGET_VIEW] = view[WIDGET_VIEW]
        data = {k: v for k, v in data.items() if wanted(k)}
        meta = {"steps": len(self.trace.steps), "bytes": len(html.encode())}
        if os.environ.get("NNBOOK_TRACE_SECONDS") == "1":
            meta["seconds"] = round(self.trace.seconds, 6)
        return data, {"nnbook-trace": meta}


def show_trace(source: str, namespace: dict | None = None, **options) -> TraceView:
    """Record ``source`` (:func:`~nnbook.trace.record.trace_code` with ``options``) and return its view.

    The function form of the ``%%trace`` magic, for scripts and tests.  Whatever the code
    raises is raised (its ``trace`` attribute holds the trace of the failed run).
    """
    return TraceView(trace_code(source, namespace, **options))


class TraceWidget:
    """The kernel view of a trace: previous/next buttons, a step slider, the code lines as
    buttons (the current one highlighted; a click jumps to that line's next step) and the
    state pane, in ``box``.  ``step`` is the step shown (0-based); :meth:`go` shows another."""

    def __init__(self, trace: Trace):
        import ipywidgets as w

        self.trace = trace
        n = len(trace.steps)
        self.prev = w.Button(description="Previous", icon="arrow-left", tooltip="previous step",
                             layout=w.Layout(width="auto"))
        self.next = w.Button(description="Next", icon="arrow-right", tooltip="next step",
                             layout=w.Layout(width="auto"))
        self.slider = w.IntSlider(value=1, min=1, max=n, description="step", readout=True,
                                  layout=w.Layout(width="22em"))
        self.of = w.Label(f"of {n}")
        self.state = w.HTML()
        self.lines: dict[tuple[int, int], w.Button] = {}
        code = w.VBox(self._code_buttons(w),
                      layout=w.Layout(overflow="auto", max_height="30em", align_items="flex-start"))
        self.prev.on_click(lambda _b: self.go(self.step - 1))
        self.next.on_click(lambda _b: self.go(self.step + 1))
        self.slider.observe(lambda change: self._show(change["new"] - 1), names="value")
        self.step = -1
        self._show(0)
        self.box = w.VBox([w.HBox([self.prev, self.next, self.slider, self.of]),
                           w.HBox([code, self.state], layout=w.Layout(flex_flow="row wrap", grid_gap="1em"))])

    def _code_buttons(self, w) -> list:
        """One button per code line (in ``self.lines``), a heading per stepped-into function."""
        style, layout = w.ButtonStyle(font_family="monospace"), w.Layout(width="max-content", margin="0")
        column = []
        for c, block in enumerate(self.trace.codes):
            if c:
                column.append(w.HTML(f"<b>inside {escape(block.name)}</b>"))
            digits, fold = len(str(block.first_line + len(block.lines) - 1)), docstring_fold(block)
            shown = [t for k, t in enumerate(block.lines) if not (fold and fold[0] <= block.first_line + k <= fold[1])]
            width = max(len(text.rstrip()) for text in shown) + digits + 2
            for k, text in enumerate(block.lines):
                line = block.first_line + k
                if fold and fold[0] <= line <= fold[1]:
                    if line == fold[0]:
                        column.append(w.HTML(f"<pre style='margin:0'>{escape(' ' * (digits + 2) + fold[2])}</pre>"))
                    continue
                # equal widths (padded with no-break spaces) read left-aligned in a centred button
                label = f"{line:>{digits}}  {text.rstrip()}".ljust(width).replace(" ", "\u00a0")
                button = w.Button(description=label, style=style, layout=layout, tooltip=f"line {line}")
                button.on_click(lambda _b, key=(c, line): self.jump(*key))
                self.lines[(c, line)] = button
                column.append(button)
        return column

    def go(self, i: int) -> None:
        """Show step ``i`` (clipped to the trace)."""
        self.slider.value = min(max(i, 0), len(self.trace.steps) - 1) + 1  # the observer shows it

    def jump(self, code: int, line: int) -> None:
        """Show the next step (after the current one, wrapping around) that ran ``line`` of block ``code``."""
        ran = [i for i, s in enumerate(self.trace.steps) if (s.code, s.line) == (code, line)]
        if ran:
            self.go(next((i for i in ran if i > self.step), ran[0]))

    def _show(self, i: int) -> None:
        if i == self.step:
            return
        steps = self.trace.steps
        if 0 <= self.step < len(steps):
            old = self.lines.get((steps[self.step].code, steps[self.step].line))
            if old is not None:
                old.button_style = ""
        s = steps[i]
        if (s.code, s.line) in self.lines:
            self.lines[(s.code, s.line)].button_style = "warning"
        self.state.value = state_html(self.trace, i)
        self.prev.disabled, self.next.disabled = i == 0, i == len(steps) - 1
        self.step = i
        if self.slider.value != i + 1:
            self.slider.value = i + 1
