"""The ``%%trace`` cell magic: run a cell exactly as shown, record it, show the trace.

Load it with ``%load_ext nnbook.trace`` (a chapter's first cell does), then::

    %%trace --into Dense.backward --loops 2
    dX = layer.backward(dA)

Options:

``--into EXPR``
    A function or method to step into as well (``Dense.backward``, ``model.forward``),
    evaluated in the notebook's namespace; repeat the option for several.
``--loops N``
    Iterations of each loop recorded in full before the rest is folded into one step
    (default 3; ``all``: never fold).
``--max-steps N``
    The most steps recorded (default 1000); more stops the cell with ``TraceError``.

The cell runs in the notebook's namespace (``shell.user_ns``), so its bindings stay, and its
last expression's value is the cell's result, shown after the trace as any cell's would be.
When the cell raises, the trace of the failed run is shown, then the exception is raised
again, so the cell fails as a plain cell would.
"""
from __future__ import annotations

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from .display import TraceView
from .record import trace_code

__all__ = ["TraceMagics"]


def _loops(text: str) -> int | None:
    if text == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise UsageError(f"--loops expects a whole number >= 0 or 'all', got {text!r}")
    return value


@magics_class
class TraceMagics(Magics):
    """The ``%%trace`` cell magic (see the module docstring)."""

    @magic_arguments()
    @argument("--into", action="append", default=[], metavar="EXPR",
              help="a function or method to step into, e.g. Dense.backward (repeatable)")
    @argument("--loops", default="3", metavar="N",
              help="loop iterations recorded in full before folding (default 3; 'all': never fold)")
    @argument("--max-steps", type=int, default=1000, metavar="N", help="the most steps recorded (default 1000)")
    @cell_magic
    def trace(self, line: str, cell: str):
        """Run the cell, record a step-through trace of it and display it (see nnbook.trace.magic)."""
        __tracebackhide__ = True  # IPython shows the cell's frames, not the magic's
        args = parse_argstring(self.trace, line)
        ns = self.shell.user_ns
        into = []
        for expr in args.into:
            try:
                into.append(eval(expr, ns))
            except Exception as exc:
                raise UsageError(f"--into {expr}: {type(exc).__name__}: {exc}") from None
        try:
            trace = trace_code(cell, ns, step_into=into or None, loop_limit=_loops(args.loops),
                               max_steps=args.max_steps, last_value=True)
        except TypeError as exc:
            if getattr(exc, "trace", None) is None and "step_into" in str(exc):
                raise UsageError(f"--into: {exc}") from None  # not a Python function or method
            self._show_failed(exc)
            raise
        except BaseException as exc:
            self._show_failed(exc)
            raise
        display(TraceView(trace))
        return trace.value

    @staticmethod
    def _show_failed(exc: BaseException) -> None:
        trace = getattr(exc, "trace", None)
        if trace is not None and trace.steps:
            display(TraceView(trace))
