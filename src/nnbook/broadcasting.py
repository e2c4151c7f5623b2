r"""Broadcasting, explained one step at a time (Chapter 6).

When NumPy or PyTorch combines two arrays of different shapes element by element, it first
*broadcasts* them to one common shape.  The rule has three steps:

1. write the two shapes one above the other, **aligned on the right**;
2. **pad** the shorter shape on the left with 1s until both have the same length;
3. compare each axis: equal sizes are kept; a size of 1 is **stretched** to the other size
   (also to 0: a 1 against an empty axis gives an empty axis); any other pair **clashes**,
   and the operation fails.

:func:`align` returns those steps as data (an :class:`Alignment`), clashes included, so that the
chapter and the explorer can show them; :func:`broadcast_shape` returns the result shape or
raises :class:`BroadcastError`, a ``ValueError`` like the one NumPy raises; :func:`explain`
renders the steps as text; :func:`parse_shape` reads a shape typed as text (``"4, 3"``).

Reference: the NumPy user guide, "Broadcasting"
(https://numpy.org/doc/stable/user/basics.broadcasting.html).  Not here: more than two shapes
at once (apply the rule pairwise) and how NumPy avoids copying (stride-0 views).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = [
    "MAX_NDIM",
    "EQUAL",
    "STRETCH_A",
    "STRETCH_B",
    "CLASH",
    "BroadcastError",
    "AxisStep",
    "Alignment",
    "check_shape",
    "align",
    "broadcast_shape",
    "explain",
    "parse_shape",
]

#: The most axes a NumPy array may have (NumPy 2).
MAX_NDIM = 64

#: What happens on one axis (:attr:`AxisStep.rule`).
EQUAL, STRETCH_A, STRETCH_B, CLASH = "equal", "stretch a", "stretch b", "clash"


class BroadcastError(ValueError):
    """Two shapes do not broadcast: some axis has two different sizes, neither of them 1."""


class AxisStep(NamedTuple):
    """Step 3 on one axis, after padding.

    ``axis`` counts from the right (``-1`` is the last axis), as the alignment does;
    ``a`` and ``b`` are the two sizes; ``rule`` is one of :data:`EQUAL`, :data:`STRETCH_A`,
    :data:`STRETCH_B`, :data:`CLASH`; ``size`` is the result's size (``None`` on a clash).
    """

    axis: int
    a: int
    b: int
    rule: str
    size: int | None


def _numpy_style(shape: tuple[int, ...]) -> str:
    """A shape as NumPy's operators print it in errors: ``(4,3)``, ``(4,)``, ``()``."""
    return "(" + ",".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


@dataclass(frozen=True)
class Alignment:
    """The three steps of broadcasting ``a`` with ``b`` (built by :func:`align`).

    Attributes
    ----------
    a, b : tuple of int
        The shapes as given.
    a_padded, b_padded : tuple of int
        Both shapes padded on the left with 1s to :attr:`ndim` axes.
    steps : tuple of AxisStep
        One per axis, left to right (axis ``-ndim`` first, ``-1`` last).
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    a_padded: tuple[int, ...]
    b_padded: tuple[int, ...]
    steps: tuple[AxisStep, ...]

    @property
    def ndim(self) -> int:
        """Number of axes of the result: ``max(len(a), len(b))``."""
        return len(self.steps)

    @property
    def clashes(self) -> tuple[AxisStep, ...]:
        """The axes whose sizes clash (empty when the shapes broadcast)."""
        return tuple(s for s in self.steps if s.rule == CLASH)

    @property
    def ok(self) -> bool:
        """True when the shapes broadcast."""
        return not self.clashes

    @property
    def result(self) -> tuple[int, ...] | None:
        """The broadcast shape, or ``None`` when some axis clashes."""
        return tuple(s.size for s in self.steps) if self.ok else None

    @property
    def error(self) -> str | None:
        """The error message :func:`broadcast_shape` raises, or ``None`` when the shapes broadcast.

        It starts like NumPy's (``operands could not be broadcast together with shapes
        (4,3) (4,)``) and then names each clashing axis: ``dimension -1: 3 vs 4``.
        """
        if self.ok:
            return None
        where = "; ".join(f"dimension {s.axis}: {s.a} vs {s.b}" for s in self.clashes)
        return (f"operands could not be broadcast together with shapes "
                f"{_numpy_style(self.a)} {_numpy_style(self.b)}: {where}")

    def shape(self) -> tuple[int, ...]:
        """The broadcast shape; raises :class:`BroadcastError` (message :attr:`error`) on a clash."""
        if not self.ok:
            raise BroadcastError(self.error)
        return self.result


def check_shape(shape, name: str = "shape") -> tuple[int, ...]:
    """Validate a shape and return it as a tuple of Python ints.

    Parameters
    ----------
    shape : tuple or list of int
        Sizes of the axes, each 0 or more; ``()`` is the shape of a scalar (0-d array).
        NumPy integers are accepted; ``bool`` and floats are not.
    name : str
        How the shape is called in error messages.

    Raises
    ------
    TypeError
        If ``shape`` is not a tuple or list, or one of its entries is not an integer.
    ValueError
        If a size is negative or there are more than :data:`MAX_NDIM` axes.

    Examples
    --------
    >>> check_shape([4, np.int64(3)])
    (4, 3)
    >>> check_shape(3)
    Traceback (most recent call last):
        ...
    TypeError: shape must be a tuple of non-negative ints such as (4, 3), got int 3; write (3,) for a 1-d shape
    """
    if not isinstance(shape, (tuple, list)):
        hint = (f"; write ({shape},) for a 1-d shape" if isinstance(shape, (int, np.integer))
                else f"; read text with parse_shape({shape!r})" if isinstance(shape, str) else "")
        raise TypeError(f"{name} must be a tuple of non-negative ints such as (4, 3), "
                        f"got {type(shape).__name__} {shape!r}{hint}")
    for i, size in enumerate(shape):
        if isinstance(size, (bool, np.bool_)) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"{name} must contain ints only, but entry {i} is "
                            f"{type(size).__name__} {size!r} (in {tuple(shape)!r})")
        if size < 0:
            raise ValueError(f"{name} has a negative size {int(size)} at entry {i} (in {tuple(shape)!r}); "
                             f"sizes count elements, so they are 0 or more")
    if len(shape) > MAX_NDIM:
        raise ValueError(f"{name} has {len(shape)} axes; NumPy arrays have at most {MAX_NDIM}")
    return tuple(int(size) for size in shape)


def _rule(a: int, b: int) -> tuple[str, int | None]:
    if a == b:
        return EQUAL, a
    if a == 1:
        return STRETCH_A, b
    if b == 1:
        return STRETCH_B, a
    return CLASH, None


def align(a, b) -> Alignment:
    """Broadcast shape ``a`` with shape ``b`` step by step; never raises on a clash.

    Parameters
    ----------
    a, b : tuple of int
        Two shapes (see :func:`check_shape`).

    Returns
    -------
    Alignment
        The padded shapes and one :class:`AxisStep` per axis; ``.result`` is the broadcast
        shape, or ``None`` with ``.error`` set when some axis clashes.

    Raises
    ------
    TypeError, ValueError
        If ``a`` or ``b`` is not a valid shape.

    Examples
    --------
    >>> al = align((4, 1), (3,))
    >>> al.a_padded, al.b_padded, al.result
    ((4, 1), (1, 3), (4, 3))
    >>> [step.rule for step in al.steps]
    ['stretch b', 'stretch a']
    >>> align((4, 3), (4,)).error
    'operands could not be broadcast together with shapes (4,3) (4,): dimension -1: 3 vs 4'
    """
    a, b = check_shape(a, "shape a"), check_shape(b, "shape b")
    ndim = max(len(a), len(b))
    a_padded = (1,) * (ndim - len(a)) + a
    b_padded = (1,) * (ndim - len(b)) + b
    steps = tuple(AxisStep(i - ndim, sa, sb, *_rule(sa, sb))
                  for i, (sa, sb) in enumerate(zip(a_padded, b_padded)))
    return Alignment(a, b, a_padded, b_padded, steps)


def broadcast_shape(a, b) -> tuple[int, ...]:
    """The shape of ``x + y`` for arrays of shapes ``a`` and ``b``, like ``np.broadcast_shapes(a, b)``.

    Raises
    ------
    BroadcastError
        A ``ValueError`` naming both shapes and each clashing axis, e.g.
        ``operands could not be broadcast together with shapes (4,3) (4,): dimension -1: 3 vs 4``.
    TypeError, ValueError
        If ``a`` or ``b`` is not a valid shape.

    Examples
    --------
    >>> broadcast_shape((4, 3), (3,))          # a bias added to every row
    (4, 3)
    >>> broadcast_shape((4, 1), (1, 2))
    (4, 2)
    >>> broadcast_shape((4, 3), (4,))
    Traceback (most recent call last):
        ...
    nnbook.broadcasting.BroadcastError: operands could not be broadcast together with shapes (4,3) (4,): dimension -1: 3 vs 4
    """
    return align(a, b).shape()


def _describe(step: AxisStep) -> str:
    if step.rule == EQUAL:
        return f"equal, keep {step.size}"
    if step.rule == CLASH:
        return "neither is 1: they clash"
    which = "a" if step.rule == STRETCH_A else "b"
    return f"stretch {which}'s 1 to {step.size}"


def explain(a, b) -> str:
    """The three steps of broadcasting ``a`` with ``b`` as a text table (for printing).

    In step 3, ``1→4`` marks a stretched 1 and ``✗`` a clashing axis.  The text ends with the
    result shape or the error message of :func:`broadcast_shape`.

    Raises
    ------
    TypeError, ValueError
        If ``a`` or ``b`` is not a valid shape (a clash is explained, not raised).

    Examples
    --------
    >>> print(explain((4, 3), (3,)))
    broadcast a (4, 3) with b (3,)
      axis               -2   -1
      1 align right  a    4    3
                     b         3
      2 pad with 1s  a    4    3
                     b    1    3
      3 stretch 1s   a    4    3
                     b  1→4    3
      result              4    3
      axis -2: 4 and 1 -> stretch b's 1 to 4
      axis -1: 3 and 3 -> equal, keep 3
    result: (4, 3)
    """
    al = align(a, b)
    n = al.ndim
    pad_a, pad_b = n - len(al.a), n - len(al.b)
    stretched_a = [f"1→{s.size}" if s.rule == STRETCH_A else "✗" if s.rule == CLASH else str(s.a)
                   for s in al.steps]
    stretched_b = [f"1→{s.size}" if s.rule == STRETCH_B else "✗" if s.rule == CLASH else str(s.b)
                   for s in al.steps]
    rows = [
        ("axis", "", [str(s.axis) for s in al.steps]),
        ("1 align right", "a", [""] * pad_a + [str(v) for v in al.a]),
        ("", "b", [""] * pad_b + [str(v) for v in al.b]),
        ("2 pad with 1s", "a", [str(v) for v in al.a_padded]),
        ("", "b", [str(v) for v in al.b_padded]),
        ("3 stretch 1s", "a", stretched_a),
        ("", "b", stretched_b),
        ("result", "", [str(s.size) if s.size is not None else "✗" for s in al.steps]),
    ]
    width = max([len(c) for _, _, cells in rows for c in cells] + [2]) + 2
    lines = [f"broadcast a {al.a!r} with b {al.b!r}"]
    if n == 0:
        lines.append("  both are 0-d (scalars): there are no axes to align")
    for label, who, cells in rows if n else []:
        lines.append((f"  {label:<14}{who:>2}" + "".join(f"{c:>{width}}" for c in cells)).rstrip())
    for s in al.steps:
        lines.append(f"  axis {s.axis}: {s.a} and {s.b} -> {_describe(s)}")
    lines.append(f"result: {al.result!r}" if al.ok else f"error: {al.error}")
    return "\n".join(lines)


_DIGITS = re.compile(r"[0-9]+")


def parse_shape(text: str) -> tuple[int, ...]:
    """Read a shape typed as text: ``"4, 3"``, ``"(4, 3)"``, ``"4 3"``, ``"4,"`` or ``"3"``.

    Parentheses or brackets around the sizes are optional, so is a trailing comma;
    ``""`` and ``"()"`` are the 0-d shape ``()``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    ValueError
        If some entry is not a non-negative integer (the message quotes it), or the shape
        has more than :data:`MAX_NDIM` axes.

    Examples
    --------
    >>> parse_shape("4, 3"), parse_shape("(4,)"), parse_shape("2 3 5"), parse_shape("")
    ((4, 3), (4,), (2, 3, 5), ())
    """
    if not isinstance(text, str):
        raise TypeError(f"a shape to parse must be a str such as '4, 3', got {type(text).__name__}")
    body = text.strip()
    if len(body) >= 2 and (body[0], body[-1]) in {("(", ")"), ("[", "]")}:
        body = body[1:-1].strip()
    if "," in body:
        parts = [p.strip() for p in body.split(",")]
        if parts[-1] == "":  # a trailing comma, as in (4,)
            parts.pop()
    else:
        parts = body.split()
    for part in parts:
        if not _DIGITS.fullmatch(part):
            what = "an empty entry" if part == "" else f"{part!r} is not a non-negative integer"
            raise ValueError(f"cannot read {text!r} as a shape: {what}; "
                             f"expected sizes separated by commas, such as '4, 3'")
    return check_shape([int(p) for p in parts], f"shape {text!r}")
