"""How a step-through trace shows a value: short, deterministic text (issue 12).

:func:`format_value` turns any value into one line of at most :data:`WIDTH` characters:
numbers to the book's :data:`DECIMALS` decimals, NumPy arrays and torch tensors with their
shape, dtype and (rounded, summarised) values, containers by their length and first items,
anything else by its ``repr`` with memory addresses removed.  The same value always gives the
same text, so a trace's table can be compared by nbval.

:func:`change_token` is what the recorder keeps to notice that a value changed *in place*
(``a[0] = 5``, ``A += 1``, ``lst.append(x)``) without formatting it again at every step.

torch is never imported here: a tensor is recognised by its type's module, and only then is
the (already imported) ``torch`` module used.
"""
from __future__ import annotations

import functools
import math
import re
import sys

import numpy as np

__all__ = ["DECIMALS", "SMALL", "WIDTH", "format_value", "change_token"]

DECIMALS = 4
"""Decimals of every float in a trace (the book prints ``f"{x:.4f}"``)."""

SMALL = 1e-3
"""Non-zero floats smaller than this in magnitude read in :data:`DECIMALS` significant digits
(``1.000e-05``): with fixed decimals they would read ``0.0000``."""

ROUND_OFF = 1e-12
"""Floats smaller than this in magnitude read ``0.0000``: at that size they are round-off (``1.110e-16``
where the maths gives 0), whose digits differ from one machine's BLAS to another's."""

WIDTH = 120
"""The longest text :func:`format_value` returns, in characters."""

_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+|0x[0-9A-Fa-f]{6,}")
_SPACES = re.compile(r"\s+")
_ELLIPSIS = "…"
_MAX_ITEMS = 8          # container items shown at most
_SMALL_BYTES = 1 << 16  # arrays up to this size are compared whole for in-place changes
_SAMPLES = 1024         # elements sampled from a larger array
_IMMUTABLE = (int, float, complex, str, bytes, bool, type(None), range, np.generic)


def format_value(value, width: int = WIDTH) -> str:
    """One line of text that shows ``value`` in a trace, at most ``width`` characters.

    Parameters
    ----------
    value : object
        Anything.  Floats (Python, NumPy, 0-d arrays) get :data:`DECIMALS` decimals, but
        non-zero magnitudes below :data:`SMALL` get as many significant digits (``1.000e-05``),
        and ``-0.0`` reads ``0.0000``; integers and booleans read as written; arrays and
        tensors read ``array (shape) dtype [values]`` or ``tensor (shape) dtype [values]``
        (``requires_grad`` added when set), summarised with ``…`` when long; lists, tuples,
        dicts and sets give their length and first items; anything else its ``repr`` on one
        line, without memory addresses.
    width : int, default WIDTH
        The longest text returned.

    Returns
    -------
    str
        Deterministic text: the same value gives the same text in every run.

    Examples
    --------
    >>> format_value(3), format_value(-0.0), format_value(np.float32(0.1)), format_value(True)
    ('3', '0.0000', '0.1000', 'True')
    >>> format_value(1e-5), format_value(-0.00012345), format_value(np.array([0.5, 2e-7]))
    ('1.000e-05', '-1.234e-04', 'array (2,) float64 [0.5000, 2.000e-07]')
    >>> format_value(np.array([[0.1, -0.2, 0.3], [0.4, 0.5, 0.6]]))
    'array (2, 3) float64 [[0.1000, -0.2000, 0.3000], [0.4000, 0.5000, 0.6000]]'
    >>> format_value(np.arange(10_000).reshape(100, 100))
    'array (100, 100) int64 [[0, 1, 2, …, 97, 98, 99], …, [9900, 9901, 9902, …, 9997, 9998, 9999]]'
    >>> format_value([1, 2.5, "a"])
    "list len 3 [1, 2.5000, 'a']"
    """
    try:
        text = _format(value, width, 0)
    except Exception:  # a broken __repr__ must not stop a trace
        text = f"<{type(value).__name__}>"
    return _clip(text, width)


def change_token(value):
    """What to keep of ``value`` to notice later that it changed in place.

    Returns ``None`` for immutable values (their identity says it all); the bytes (or, for a
    large array, a sample of them) of an array; the version counter and small contents of a
    torch tensor; otherwise the value's :func:`format_value` text.  Two tokens of the same
    object compare equal when nothing visible changed.

    Examples
    --------
    >>> a = np.zeros(3)
    >>> before = change_token(a)
    >>> a[0] = 5
    >>> change_token(a) == before, change_token(7)
    (False, None)
    """
    if isinstance(value, _IMMUTABLE):
        return None
    if isinstance(value, np.ndarray):
        return _array_token(value)
    if _is_tensor(value):
        return _tensor_token(value)
    return format_value(value)


# --- scalars, strings, generic objects -----------------------------------------------


def _float(x: float) -> str:
    if abs(x) < ROUND_OFF:
        return f"{0.0:.{DECIMALS}f}"  # -0.0 and round-off read 0.0000
    if abs(x) < SMALL:  # a learning rate 1e-5 must not read 0.0000
        return f"{x:.{DECIMALS - 1}e}"
    return f"{x:.{DECIMALS}f}"  # nan, inf and -inf read as such


def _complex(x: complex) -> str:
    return f"({_float(x.real)}{'-' if _float(x.imag)[0] == '-' else '+'}{_float(abs(x.imag))}j)"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + _ELLIPSIS


def _string(s: str, width: int) -> str:
    text = repr(str(s))
    if len(text) <= width:
        return text
    suffix = f" (len {len(s)})"
    return _clip(text, max(width - len(suffix), 8)) + suffix


def _repr(value, width: int) -> str:
    text = _SPACES.sub(" ", _ADDRESS.sub("", repr(value))).strip()
    return _clip(text, width)


def _format(value, width: int, depth: int) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return _clip(str(int(value)), width)
    if isinstance(value, (float, np.floating)):
        return _float(float(value))
    if isinstance(value, (complex, np.complexfloating)):
        return _complex(complex(value))
    if isinstance(value, (str, np.str_)):
        return _string(value, width)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _format(value.item(), width, depth)
        return _array(value, "array", str(value.dtype), "", width)
    if _is_tensor(value):
        return _tensor(value, width)
    if depth < 2:
        if isinstance(value, tuple) and hasattr(type(value), "_fields"):
            parts = [f"{f}=" for f in type(value)._fields]
            return _items(value, parts, f"{type(value).__name__}(", ")", width, depth)
        if isinstance(value, (list, tuple)):
            brackets = "[]" if isinstance(value, list) else "()"
            head = f"{type(value).__name__} len {len(value)} {brackets[0]}"
            return _items(value, [""] * len(value), head, brackets[1], width, depth)
        if isinstance(value, dict):
            keys = list(value)[: _MAX_ITEMS + 1]
            labels = [f"{_format(k, 30, depth + 1)}: " for k in keys]
            head = f"{type(value).__name__} len {len(value)} {{"
            return _items([value[k] for k in keys], labels, head, "}", width, depth, len(value))
        if isinstance(value, (set, frozenset)):
            texts = sorted(_format(v, 30, depth + 1) for v in value)  # sorted: set order varies
            head = f"{type(value).__name__} len {len(value)} {{"
            return _join(texts, head, "}", width, len(value))
    return _repr(value, width)


def _items(values, labels, head, tail, width, depth, total=None) -> str:
    texts, used = [], len(head) + len(tail)
    for value, label in zip(values, labels):
        if len(texts) == _MAX_ITEMS or used >= width:
            break
        text = label + _format(value, max(width - used - 2, 12), depth + 1)
        texts.append(text)
        used += len(text) + 2
    return _join(texts, head, tail, width, len(labels) if total is None else total)


def _join(texts, head, tail, width, total) -> str:
    """``head`` + as many ``texts`` as fit in ``width`` + ``…`` for the rest + ``tail``."""
    shown = []
    for text in texts:
        candidate = shown + [text]
        more = [_ELLIPSIS] if len(candidate) < total else []
        if shown and len(head + ", ".join(candidate + more) + tail) > width:
            break
        shown = candidate
    more = [_ELLIPSIS] if len(shown) < total else []
    return head + ", ".join(shown + more) + tail


# --- arrays and tensors ----------------------------------------------------------------


def _item_formatter(dtype: np.dtype):
    kind = dtype.kind
    if kind == "f":
        return _float
    if kind in "iub":
        return str
    if kind == "c":
        return _complex
    return lambda x: _format(x, 24, 2)


# (outer, last) axis edges to try in turn: the whole array, then its corners ever smaller
_EDGES = ((None, None), (3, 3), (1, 3), (2, 2), (1, 2), (1, 1))


def _array(a: np.ndarray, label: str, dtype: str, suffix: str, width: int) -> str:
    """``label (shape) dtype [values]suffix``: the whole array if it fits, else its corners."""
    head = f"{label} {a.shape} {dtype} "
    if a.size == 0:
        return f"{head}[]{suffix}"
    budget = max(width - len(head) - len(suffix), 12)
    fmt = _item_formatter(a.dtype)
    least = {"f": 8, "b": 6}.get(a.dtype.kind, 3)  # the fewest characters an entry takes, ", " included
    body = ""
    for outer, last in _EDGES:
        edges = [outer] * (a.ndim - 1) + [last]
        shown = math.prod(n if e is None else min(n, 2 * e) for n, e in zip(a.shape, edges))
        if shown * least > budget and last != 1:  # not even worth trying
            continue
        body = _nested(a, edges, fmt)
        if len(body) <= budget:
            break
    else:  # not even the corners fit (many axes): the first entry only
        first = a[(slice(0, 1),) * a.ndim].tolist()
        for _ in range(a.ndim):
            first = first[0]
        body = "[" * a.ndim + fmt(first) + "".join(", …]" if n > 1 else "]" for n in reversed(a.shape))
    return head + _clip(body, budget) + suffix


def _nested(a: np.ndarray, edges, fmt) -> str:
    """Nested ``[...]`` text of ``a``, keeping the first and last ``edges[axis]`` entries of long axes."""
    cut = []
    for axis, (n, edge) in enumerate(zip(a.shape, edges)):
        cut.append(edge is not None and n > 2 * edge)
        if cut[-1]:
            a = np.take(a, list(range(edge)) + list(range(n - edge, n)), axis=axis)

    def text(items, axis):
        if axis == len(cut) - 1:
            parts = [fmt(x) for x in items]
        else:
            parts = [text(x, axis + 1) for x in items]
        if cut[axis]:
            parts.insert(edges[axis], _ELLIPSIS)
        return "[" + ", ".join(parts) + "]"

    return text(a.tolist(), 0)


def _is_tensor(value) -> bool:
    if not type(value).__module__.startswith("torch"):
        return False
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def _tensor_numpy(t) -> np.ndarray:
    t = t.detach().cpu()
    try:
        return t.resolve_conj().resolve_neg().numpy()
    except (TypeError, RuntimeError):  # bfloat16 and other dtypes NumPy lacks
        return t.float().numpy()


def _tensor(t, width: int) -> str:
    suffix = " requires_grad" if t.requires_grad else ""
    dtype = str(t.dtype).removeprefix("torch.")
    a = _tensor_numpy(t)
    if a.ndim == 0:
        return f"tensor () {dtype} {_item_formatter(a.dtype)(a.item())}{suffix}"
    return _array(a, "tensor", dtype, suffix, width)


def _array_token(a: np.ndarray):
    if a.nbytes <= _SMALL_BYTES:
        return (a.shape, a.dtype.str, a.tobytes())
    return (a.shape, a.dtype.str, a.flat[_sample_index(a.shape)].tobytes())


@functools.lru_cache(maxsize=64)
def _sample_index(shape: tuple[int, ...]) -> np.ndarray:
    """Flat indices of a large array's sampled entries: evenly spread, and the corners it shows."""
    size = math.prod(shape)
    spread = np.linspace(0, size - 1, _SAMPLES).astype(np.intp)
    if len(shape) > 3:
        return spread
    corners = [sorted({*range(min(n, 3)), *range(max(n - 3, 0), n)}) for n in shape]
    grid = np.ravel_multi_index(np.meshgrid(*corners, indexing="ij"), shape).ravel()
    return np.union1d(spread, grid)


def _tensor_token(t):
    version = (getattr(t, "_version", None), t.requires_grad, tuple(t.shape))
    if t.numel() * t.element_size() <= _SMALL_BYTES:
        return version + (_tensor_numpy(t).tobytes(),)  # .data changes skip the version counter
    return version
