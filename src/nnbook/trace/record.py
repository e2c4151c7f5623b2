"""Recording a step-through trace: run a code cell line by line and keep each step's variables.

:func:`trace_code` runs a piece of source exactly as given, under :func:`sys.settrace`, and
returns a :class:`~nnbook.trace.model.Trace` (the data model, :mod:`nnbook.trace.model`): the
code (the cell, and any function it was asked to step into) and one step per executed line with
every recorded variable *after* that line ran.  Long loops are folded into one ``"fold"`` step
after their first iterations; a step limit stops runaway code.  The numbers are the program's
own: nothing is typed by hand.

Left out here: the ``%%trace`` magic (:mod:`nnbook.trace.magic`) and the displays
(:mod:`nnbook.trace.display`: the kernel view and the static element on the site).
"""
from __future__ import annotations

import functools
import itertools
import linecache
import sys
import time
import types

import numpy as np

from ..checks import check_int
from .model import KINDS, CodeBlock, Step, Trace, TraceError
from .source import Layout, compile_cell, function_block, functions, global_names, layout
from .values import change_token, format_value

__all__ = ["KINDS", "CodeBlock", "Step", "Trace", "TraceError", "trace_code"]

# --- what a frame's variables are at a step ---------------------------------------------

_HIDDEN = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
           types.MethodWrapperType, type, np.ufunc, functools.partial)
_MISSING = object()
_SKIP = object()  # the token of a value that is never recorded (a module, a function, ...)


class _Watch:
    """One frame's recorded variables and the last value seen of each watched name."""

    def __init__(self, names, namespace=None):
        self.names = [n for n in dict.fromkeys(names) if not n.startswith("_")]
        self.seen: dict[str, tuple] = {}  # name -> (object, change token)
        self.shown: dict[str, str] = {}   # recorded name -> text, in order of first binding
        for name in self.names if namespace is not None else ():  # the cell's names before the run
            obj = namespace.get(name, _MISSING)
            if obj is not _MISSING:
                self.seen[name] = (obj, _SKIP if isinstance(obj, _HIDDEN) else change_token(obj))

    def snapshot(self, ns, stores=frozenset()):
        """``(changed, new, removed)`` since the last snapshot; updates the recorded values.

        ``ns`` maps names to values (the cell's namespace, a function's ``f_locals``); ``stores``
        are the names the step's statement assigns, changed even if bound to the same object.
        """
        changed, new, removed = [], [], []
        seen, shown = self.seen, self.shown
        for name in self.names:
            obj = ns.get(name, _MISSING)
            old = seen.get(name)
            if obj is _MISSING:
                if old is not None:
                    del seen[name]
                    if shown.pop(name, None) is not None:
                        removed.append(name)
                continue
            same = old is not None and old[0] is obj
            if same:
                if old[1] is _SKIP:
                    continue
                token = None if old[1] is None else change_token(obj)
                if token == old[1]:  # not changed in place
                    if name in stores:  # but bound again, to the very same object (x = 1 when x is 1)
                        if name not in shown:
                            new.append(name)
                            shown[name] = format_value(obj)
                        changed.append(name)
                    continue
            elif isinstance(obj, _HIDDEN):
                seen[name] = (obj, _SKIP)
                if shown.pop(name, None) is not None:
                    removed.append(name)
                continue
            else:
                token = change_token(obj)
            seen[name] = (obj, token)
            text = token if isinstance(token, str) else format_value(obj)
            if name not in shown:
                new.append(name)
                changed.append(name)
            elif same or text != shown[name] or name in stores:
                changed.append(name)
            shown[name] = text
        if len(changed) > 1:  # in the order of the values
            order = {name: i for i, name in enumerate(shown)}
            changed.sort(key=order.__getitem__)
            new.sort(key=order.__getitem__)
        return changed, new, removed


# --- turning trace events into steps ----------------------------------------------------


class _Loop:
    """One entry into a loop: its header line, last body line, header events so far, folding."""

    __slots__ = ("header", "end", "one_line", "count", "folded")

    def __init__(self, header: int, end: int, one_line: bool):
        self.header, self.end, self.one_line = header, end, one_line
        self.count, self.folded = 1, None  # folded: iterations skipped so far, None when not folding


class _Frame:
    """The local trace function of one frame: the cell's, or one call of a stepped-into function.

    A line event means the previous statement finished, so its step is recorded then (the state
    *after* it); the return event finishes the last one.  Events on a continuation line of the
    same statement (a call spread over lines, a comprehension) belong to that statement.
    """

    def __init__(self, rec, code: int, lay: Layout, watch: _Watch, ns: dict | None):
        # ns: the cell's namespace; None for a function, whose f_locals are read at each step
        self.rec, self.code, self.lay, self.watch, self.ns = rec, code, lay, watch, ns
        self.pending = None     # the statement line whose step is recorded at the next event
        self.raw = None         # the line of the latest line event
        self.kind, self.note = "line", ""
        self.loops: list[_Loop] = []  # the loops being run, outermost first

    def __call__(self, frame, event, arg):
        if event == "line":
            rec = self.rec
            rec.events += 1
            if rec.events > rec.max_events:
                rec.stop(f"the traced code ran more than max_events={rec.max_events} lines")
            raw = frame.f_lineno
            line = self.lay.stmt.get(raw, raw)
            fold = rec.fold
            if (fold is not None and fold.header <= line <= fold.end and self.kind == "line"
                    and self.loops and self.loops[-1] is fold):
                # the fast path through a folded loop: count its iterations, record nothing
                if self.pending == fold.header and (line != fold.header or fold.one_line):
                    fold.folded += 1
                if line != fold.header or fold.one_line or self.pending != fold.header:
                    self.pending, self.raw = line, raw
                    return self
            if line != self.pending or self.kind != "line" or (raw == self.raw and line in self.lay.loops):
                self.advance(frame, line)
            self.raw = raw
        elif event == "exception":
            if self.pending is None:
                self.pending = self.lay.stmt.get(frame.f_lineno, frame.f_lineno)
            self.kind, self.note = "raise", _exception_text(arg[1])
        elif event == "return":
            if self.ns is None and self.kind != "raise":
                self.kind, self.note = "return", format_value(arg)
            self.advance(frame, None)
        return self

    def advance(self, frame, line: int | None) -> None:
        """The statement ``self.pending`` finished and ``line`` (None: the frame's end) is next."""
        rec, loops, done = self.rec, self.loops, self.pending
        keep = len(loops)  # the loops that ``line`` is still inside
        while keep and (line is None or not loops[keep - 1].header <= line <= loops[keep - 1].end):
            keep -= 1
        if keep and line == done == loops[keep - 1].header and not loops[keep - 1].one_line:
            keep -= 1  # the loop ran out and was entered again at once
        skipped = False
        if done is not None:
            if loops and loops[-1].header == done and keep == len(loops):  # an iteration starts
                loop = loops[-1]
                if loop.folded is not None:
                    loop.folded += 1
                elif rec.fold is None and rec.limit is not None and loop.count > rec.limit:
                    loop.folded, rec.fold = 1, loop
            skipped = rec.fold is not None
            if not skipped:
                self.record(frame, done, self.kind, self.note)
        for loop in reversed(loops[keep:]):
            if loop is rec.fold:
                rec.fold, n = None, loop.folded
                self.record(frame, loop.header, "fold", f"… {n} more iteration{'s' * (n != 1)}")
        if skipped and rec.fold is None and self.kind in ("raise", "return"):
            self.record(frame, done, self.kind, self.note)  # the line that left a folded loop
        del loops[keep:]
        if line in self.lay.loops and rec.fold is None:  # a folded loop's inner loops: not tracked
            if loops and loops[-1].header == line:
                loops[-1].count += 1
            else:
                loops.append(_Loop(line, *self.lay.loops[line]))
        self.pending, self.kind, self.note = line, "line", ""

    def record(self, frame, line: int, kind: str, note: str) -> None:
        ns = self.ns if self.ns is not None else frame.f_locals
        stores = self.lay.stores.get(line, frozenset()) if kind in ("line", "return") else frozenset()
        changed, new, removed = self.watch.snapshot(ns, stores)
        self.rec.add(Step(self.code, line, kind, tuple(self.watch.shown.items()), tuple(changed),
                          tuple(new), note, tuple(removed)))


class _Recorder:
    """The global trace function: traces the cell's frame and the stepped-into functions only."""

    def __init__(self, cell_codes, into: dict, max_steps: int, limit: int | None, max_events: int):
        self.cell_codes, self.into = cell_codes, into  # the cell's code: one, or two (see _compile)
        self.max_steps, self.limit, self.max_events = max_steps, limit, max_events
        self.steps: list[Step] = []
        self.fold: _Loop | None = None  # the loop being folded (at most one at a time)
        self.events, self.stopped = 0, None
        self.frames: list[_Frame] = []  # the cell's first

    def release(self) -> None:
        """Drop the references to the values seen (a traceback's frames keep their tracers)."""
        for local in self.frames:
            local.watch.seen.clear()

    def __call__(self, frame, event, arg):
        code = frame.f_code
        if code in self.cell_codes:
            return self.frames[0]
        entry = self.into.get(code)
        if entry is None or self.fold is not None:
            return None  # library code runs untraced, at full speed
        index, lay = entry
        local = _Frame(self, index, lay, _Watch(code.co_varnames + code.co_cellvars + code.co_freevars), None)
        self.frames.append(local)
        local.record(frame, lay.def_line or code.co_firstlineno, "call", "")
        return local

    def add(self, step: Step) -> None:
        if len(self.steps) >= self.max_steps:
            self.stop(f"the trace reached max_steps={self.max_steps} steps")
        self.steps.append(step)

    def stop(self, why: str):
        self.stopped = (f"{why}; pass a larger limit (max_steps=, max_events=) or run fewer "
                        f"iterations (loop_limit= folds long loops)")
        raise TraceError(self.stopped)

    def trace(self, codes, error, start, value=None) -> Trace:
        return Trace(tuple(codes), tuple(self.steps), error, time.perf_counter() - start, value)


def _exception_text(exc) -> str:
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


_NUMBERS = itertools.count(1)


def trace_code(source: str, namespace: dict | None = None, *, step_into=None, max_steps: int = 1000,
               loop_limit: int | None = 3, max_events: int = 1_000_000, last_value: bool = False) -> Trace:
    """Run ``source`` as a notebook cell would and record a step-through trace of it.

    Parameters
    ----------
    source : str
        Python statements, run exactly as given (``exec``, under the file name ``<trace-N>``).
    namespace : dict, optional
        Where the code runs and leaves its bindings (a kernel passes its user namespace);
        default a fresh dict.
    step_into : function, method or list of them, optional
        Library functions to trace inside as well, for example ``Dense.backward``; each becomes
        one more :class:`CodeBlock` and its calls give ``"call"``, line and ``"return"`` steps
        with the function's locals.  Other calls run untraced.
    max_steps : int, default 1000
        The most steps recorded; one more stops the code with :class:`TraceError`.
    loop_limit : int or None, default 3
        Iterations of each loop (per entry into it) recorded in full; the rest of the loop
        becomes one ``"fold"`` step "… N more iterations".  None records every iteration.
    max_events : int, default 1_000_000
        The most lines run in the traced frames (folded ones included): a bound on runaway
        loops that fold.
    last_value : bool, default False
        Keep the value of the code's last statement when it is an expression (not ended by
        ``;``) in ``Trace.value``, as a notebook shows a cell's result (the ``%%trace`` magic
        does).  The expression is evaluated once, traced like any line.

    Returns
    -------
    Trace

    Raises
    ------
    TraceError
        When ``max_steps`` or ``max_events`` is exceeded.
    Exception
        Whatever the code raises, re-raised after the trace function is restored; the
        exception's ``trace`` attribute holds the :class:`Trace`, the raising line last.

    Examples
    --------
    >>> trace = trace_code("s = 0\\nfor i in range(100):\\n    s += i\\n")
    >>> print(trace.table())
    step  line  code                  changes
       1     1  s = 0                 s = 0
       2     2  for i in range(100):  i = 0
       3     3  s += i                s = 0
       4     2  for i in range(100):  i = 1
       5     3  s += i                s = 1
       6     2  for i in range(100):  i = 2
       7     3  s += i                s = 3
       8     2  for i in range(100):  … 97 more iterations; s = 4950; i = 99
    >>> trace.steps[-1].kind, trace.final()
    ('fold', {'s': '4950', 'i': '99'})
    """
    start = time.perf_counter()
    check_int(max_steps, "max_steps")
    if loop_limit is not None and (not isinstance(loop_limit, int) or loop_limit < 0):
        raise ValueError(f"loop_limit must be None or an integer >= 0, got {loop_limit!r}")
    ns = {} if namespace is None else namespace
    filename = f"<trace-{next(_NUMBERS)}>"
    execs, tail = compile_cell(source, filename, last_value)
    cell = execs + (() if tail is None else (tail,))
    lines = tuple(source.splitlines())
    # tracebacks and inspect.getsource of functions the cell defines can show its lines
    linecache.cache[filename] = (len(source), None, [line + "\n" for line in lines], filename)
    codes, into = [CodeBlock("cell", lines, 1)], {}
    for func in functions(step_into):
        if func.__code__ not in into:
            block = function_block(func)
            into[func.__code__] = (len(codes), layout(block.lines, block.first_line))
            codes.append(block)
    rec = _Recorder(cell, into, max_steps, loop_limit, max_events)
    names = [n for code in cell for n in global_names(code)]
    rec.frames.append(_Frame(rec, 0, layout(lines, 1), _Watch(names, ns), ns))
    __tracebackhide__ = True  # IPython and pytest show the cell's frames, not this one
    value = None
    old = sys.gettrace()
    sys.settrace(rec)
    try:
        for code in execs:
            exec(code, ns)
        if tail is not None:
            value = eval(tail, ns)
    except BaseException as exc:
        sys.settrace(old)
        try:
            exc.trace = rec.trace(codes, _exception_text(exc), start)
        except (AttributeError, TypeError):  # an exception type that takes no attributes
            pass
        raise
    finally:
        sys.settrace(old)
        rec.release()
    if rec.stopped:  # the code caught the TraceError and ran on, untraced
        exc = TraceError(rec.stopped)
        exc.trace = rec.trace(codes, _exception_text(exc), start)
        raise exc
    return rec.trace(codes, None, start, value)
