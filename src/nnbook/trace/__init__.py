"""Step-through traces of the book's worked code (issue 12).

A trace runs a code cell exactly as shown and records each executed line with the values of
the variables it bound or changed, so the numbers a reader steps through are the program's
own.  :func:`trace_code` records one (:mod:`nnbook.trace.record`) into a :class:`Trace`
(:mod:`nnbook.trace.model`); :func:`format_value` is how a value reads in it
(:mod:`nnbook.trace.values`).  :class:`TraceView` displays it: a live view in a kernel, a
static steppable element on the built site and a text table (:mod:`nnbook.trace.display`);
:func:`show_trace` records and wraps in one call.

In a notebook, ``%load_ext nnbook.trace`` registers the ``%%trace`` cell magic
(:mod:`nnbook.trace.magic`)::

    %%trace --into Dense.backward
    dX = layer.backward(dA)

Recording needs neither IPython nor ipywidgets; the magic and the kernel view import them.

Examples
--------
>>> trace = trace_code("z, y = 2, 3\\nz += y\\n")
>>> [(step.line, step.changed) for step in trace.steps]
[(1, ('z', 'y')), (2, ('z',))]
>>> trace.final()
{'z': '5', 'y': '3'}
"""
from .display import TraceView, show_trace
from .model import CodeBlock, Step, Trace, TraceError
from .record import trace_code
from .values import format_value

__all__ = ["CodeBlock", "Step", "Trace", "TraceError", "TraceView", "format_value", "load_ipython_extension",
           "show_trace", "trace_code"]


def load_ipython_extension(ipython) -> None:
    """``%load_ext nnbook.trace``: register the ``%%trace`` cell magic."""
    from .magic import TraceMagics

    ipython.register_magics(TraceMagics)
