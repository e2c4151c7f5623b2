"""Grids of points in the plane, for pictures of a function of two inputs (Chapters 1, 3, 7 and 8).

One helper, :func:`grid`, makes the points at which the figures and explorers evaluate a
neuron's response surface, a classifier's probability map or a network's decision landscape.
A grid covers a *box* ``(x1_min, x1_max, x2_min, x2_max)`` with ``num`` values per axis,
either from edge to edge (``np.linspace``, the default) or at the centres of ``num`` equal
cells (for pictures drawn cell by cell, whose pixels should sit at cell centres).

Shapes: ``points`` has shape ``(num * num, 2)`` in row-major order, ``x1`` varying fastest,
so a column of outputs reshaped to ``(num, num)`` (:meth:`Grid.image`) is an image whose
rows follow ``x2`` upwards (``imshow(..., origin="lower")``).  Not here: the functions
evaluated on the grid, and any drawing.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .checks import check_int, check_number

__all__ = ["Grid", "grid"]


class Grid(NamedTuple):
    """The values along each axis and every point of a grid (see :func:`grid`)."""

    x1: np.ndarray
    x2: np.ndarray
    points: np.ndarray

    def image(self, values) -> np.ndarray:
        """One value per point, shape ``(num * num,)``, as an image of shape ``(len(x2), len(x1))``."""
        return np.asarray(values).reshape(len(self.x2), len(self.x1))


def _axis(low: float, high: float, num: int, centres: bool) -> np.ndarray:
    if not centres:
        return np.linspace(low, high, num)
    step = (high - low) / num
    return low + step * (np.arange(num) + 0.5)


def grid(box, num: int, *, centres: bool = False) -> Grid:
    """A ``num`` × ``num`` grid of points over ``box``.

    Parameters
    ----------
    box : (x1_min, x1_max, x2_min, x2_max)
        The rectangle covered; each minimum must be below its maximum.
    num : int
        Values per axis, at least 2.
    centres : bool, default False
        False: ``num`` values from edge to edge (``np.linspace``).  True: the centres of
        ``num`` equal cells, :math:`x_{\\min} + (k + \\tfrac12)(x_{\\max} - x_{\\min})/\\text{num}`.

    Returns
    -------
    Grid
        ``x1`` and ``x2`` of shape ``(num,)``; ``points`` of shape ``(num * num, 2)`` with
        ``x1`` varying fastest.

    Raises
    ------
    ValueError
        If ``box`` is not four finite numbers with each minimum below its maximum, or ``num``
        is not an integer >= 2.

    Examples
    --------
    >>> g = grid((-1, 1, 0, 2), 3)
    >>> g.x1, g.x2
    (array([-1.,  0.,  1.]), array([0., 1., 2.]))
    >>> g.points[:4]
    array([[-1.,  0.],
           [ 0.,  0.],
           [ 1.,  0.],
           [-1.,  1.]])
    >>> grid((-1, 1, -1, 1), 2, centres=True).x1
    array([-0.5,  0.5])
    """
    if np.shape(box) != (4,):
        raise ValueError(f"box must be (x1_min, x1_max, x2_min, x2_max), got {box!r}")
    lo1, hi1, lo2, hi2 = (check_number(v, name) for v, name in
                          zip(box, ("x1_min", "x1_max", "x2_min", "x2_max")))
    if not (lo1 < hi1 and lo2 < hi2):
        raise ValueError(f"box must have x1_min < x1_max and x2_min < x2_max, got {tuple(box)}")
    num = check_int(num, "num", minimum=2)
    x1, x2 = _axis(lo1, hi1, num, centres), _axis(lo2, hi2, num, centres)
    m1, m2 = np.meshgrid(x1, x2)
    return Grid(x1, x2, np.column_stack([m1.ravel(), m2.ravel()]))
