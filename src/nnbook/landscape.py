r"""The decision landscape of a two-input network (Chapter 7), and its linear regions.

A network with two inputs and one output logit can be *seen*: evaluate it on a grid over
the square :math:`[-\ell, \ell]^2` and colour every point by :math:`p = \sigma(\text{logit})`,
the probability it would give to class 1.  That picture is the network's *decision
landscape*; the curve :math:`p = 0.5` (logit 0) is its decision boundary.  This module holds

* :func:`landscape_grid` and :func:`network_landscape`, the numbers behind the picture;
* :func:`boundary_mask`, the grid cells the boundary passes through (for fast drawing);
* :func:`activation_patterns` and :func:`count_linear_regions`: a ReLU network is linear
  on each set of inputs that switch on the same hidden neurons, so counting distinct
  on/off patterns over a grid counts the linear pieces the grid sees;
* :func:`colour_values`, the numbers the picture's colours show.

The grid is :func:`nnbook.grids.grid`'s cell-centre grid over the square.  Shapes:
``points`` is ``(num * num, 2)`` in row-major order (``x1`` varies fastest), so a column of
outputs reshaped to ``(num, num)`` is an image whose rows follow ``x2`` upwards
(``imshow(..., origin="lower")``).  Not here: the drawing (the figure is
:func:`nnbook.plotting.plot_landscape`, with the colour map and colour-bar labels; the
explorer is :mod:`nnbook.explorers.mlp`), training (Chapter 8) and networks with other
numbers of inputs or outputs.  This module imports no Matplotlib.

References
----------
G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep
neural networks", NeurIPS 2014.  B. Hanin and D. Rolnick, "Deep ReLU networks have
surprisingly few activation patterns", NeurIPS 2019.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .checks import check_number
from .grids import grid
from .mlp import MLP

__all__ = [
    "PIECEWISE_LINEAR",
    "landscape_grid",
    "Landscape",
    "network_landscape",
    "boundary_mask",
    "SHOW",
    "colour_values",
    "activation_patterns",
    "count_linear_regions",
]

#: Hidden activations whose network is piecewise linear (or piecewise constant) in its input,
#: with the kink at z = 0, so that on/off patterns mark linear regions.
PIECEWISE_LINEAR = frozenset({"relu", "leaky_relu", "prelu", "identity", "step"})


def landscape_grid(lim: float = 3.0, num: int = 120) -> tuple[np.ndarray, np.ndarray]:
    r"""Cell centres of a ``num`` × ``num`` grid covering the square :math:`[-\ell, \ell]^2`.

    The square's case of :func:`nnbook.grids.grid`: ``grid((-lim, lim, -lim, lim), num,
    centres=True)``, whose pixels sit at cell centres.

    Parameters
    ----------
    lim : float, default 3.0
        Half the side of the square, :math:`\ell > 0`.
    num : int, default 120
        Cells per side (at least 2).

    Returns
    -------
    centres : ndarray of shape (num,)
        Cell centres along either axis, :math:`-\ell + (k + \tfrac12)\,2\ell/\text{num}`.
    points : ndarray of shape (num * num, 2)
        Every cell centre ``(x1, x2)``, with ``x1`` varying fastest.

    Raises
    ------
    ValueError
        If ``lim`` is not a finite number > 0 or ``num`` is not an integer >= 2.

    Examples
    --------
    >>> centres, points = landscape_grid(1.0, 4)
    >>> centres
    array([-0.75, -0.25,  0.25,  0.75])
    >>> points.shape, points[1]
    ((16, 2), array([-0.25, -0.75]))
    """
    lim = check_number(lim, "lim", above=0)
    g = grid((-lim, lim, -lim, lim), num, centres=True)
    return g.x1, g.points


def _check_two_in_one_out(model: MLP) -> None:
    if not isinstance(model, MLP):
        raise TypeError(f"expected an nnbook.mlp.MLP, got {type(model).__name__}")
    if model.sizes[0] != 2 or model.sizes[-1] != 1:
        raise ValueError(f"a landscape needs 2 inputs and 1 output, got sizes {model.sizes}")


class Landscape(NamedTuple):
    """A network's output over a grid (see :func:`network_landscape`).

    ``logits``, ``proba`` and ``boundary`` have shape ``(num, num)``, row ``i`` at
    ``x2 = centres[i]`` and column ``j`` at ``x1 = centres[j]``; ``extent`` is the square
    ``(-lim, lim, -lim, lim)``, ready for ``imshow(..., extent=extent, origin="lower")``.
    """

    centres: np.ndarray
    logits: np.ndarray
    proba: np.ndarray
    boundary: np.ndarray
    extent: tuple[float, float, float, float]


def network_landscape(model: MLP, *, lim: float = 3.0, num: int = 120, points=None) -> Landscape:
    r"""Evaluate a 2-input, 1-logit network on a grid: logits, :math:`p = \sigma(\text{logit})`, boundary.

    Parameters
    ----------
    model : MLP
        Sizes ``[2, ..., 1]`` with an ``"identity"`` output layer (its output is a logit).
    lim, num : float, int
        The grid of :func:`landscape_grid`.
    points : ndarray of shape (num * num, 2), optional
        That grid's points, if already computed (explorers reuse them).

    Returns
    -------
    Landscape

    Raises
    ------
    TypeError
        If ``model`` is not an :class:`~nnbook.mlp.MLP`.
    ValueError
        If the model does not map 2 inputs to 1 output or its output layer is not ``"identity"``,
        or ``lim``, ``num`` or ``points`` are not a grid (see :func:`landscape_grid`).

    Examples
    --------
    The single neuron ``logit = x1 - x2 + 0.5`` on a 2 × 2 grid over :math:`[-1, 1]^2`
    (cell centres ±0.5); row 0 is the bottom row, ``x2 = -0.5``:

    >>> from nnbook.layers import Dense
    >>> model = MLP.from_layers([Dense(2, 1, "identity", W=[[1.0, -1.0]], b=[0.5])])
    >>> land = network_landscape(model, lim=1.0, num=2)
    >>> land.centres
    array([-0.5,  0.5])
    >>> land.logits
    array([[ 0.5,  1.5],
           [-0.5,  0.5]])
    >>> land.proba.round(3)
    array([[0.622, 0.818],
           [0.378, 0.622]])
    >>> land.boundary
    array([[ True, False],
           [ True, False]])
    """
    _check_two_in_one_out(model)
    if model.activations[-1] != "identity":
        raise ValueError("network_landscape reads the output as a logit, so the output layer must be "
                         f"'identity'; this model's is {model.activations[-1]!r}")
    centres, own_points = landscape_grid(lim, num)
    if points is None:
        points = own_points
    elif np.shape(points) != own_points.shape:
        raise ValueError(f"points must have shape {own_points.shape} for num={num}, got shape {np.shape(points)}")
    logits = model.forward(points)[:, 0].reshape(num, num)
    proba = get_activation("sigmoid").fn(logits)
    return Landscape(centres, logits, proba, boundary_mask(logits), (-lim, lim, -lim, lim))


def boundary_mask(logits) -> np.ndarray:
    """Grid cells next to a change of class (``logit >= 0`` is class 1), shape ``(num, num)``.

    A cell is marked when its class differs from the cell to its right or the cell above
    it, so the mask traces the decision boundary one cell wide (a pixel-level stand-in
    for ``contour(logits, levels=[0])`` that costs one comparison per cell).

    Raises
    ------
    ValueError
        If ``logits`` is not two-dimensional.

    Examples
    --------
    Class 1 in the right-hand column only: the cells left of the change are marked.

    >>> boundary_mask([[-1.0, 2.0],
    ...                [-3.0, 0.5]])
    array([[ True, False],
           [ True, False]])
    """
    logits = np.asarray(logits)
    if logits.ndim != 2:
        raise ValueError(f"logits must be a 2-D grid, got shape {logits.shape}")
    cls = logits >= 0
    mask = np.zeros(cls.shape, dtype=bool)
    mask[:, :-1] |= cls[:, :-1] != cls[:, 1:]
    mask[:-1, :] |= cls[:-1, :] != cls[1:, :]
    return mask


#: What a landscape's colour can show: the logit scaled to its largest size on the grid, or the probability.
SHOW = ("logit", "probability")


def colour_values(land: Landscape, show: str = "logit") -> np.ndarray:
    r"""The numbers a landscape's pixels are coloured by, in [0, 1] (0.5 = the boundary), shape ``(num, num)``.

    ``"logit"``: :math:`\tfrac12 + \tfrac12\,\text{logit} / \max|\text{logit}|`, so the sign
    and the *shape* of the output show however small it is (an untrained network's logits
    are often close to 0, which leaves the probabilities all near 0.5).  A grid where every
    logit is 0 gives 0.5 everywhere.  ``"probability"``: :math:`p = \sigma(\text{logit})` as it is.

    Raises
    ------
    ValueError
        If ``show`` is not one of :data:`SHOW`.

    Examples
    --------
    >>> from nnbook.layers import Dense
    >>> model = MLP.from_layers([Dense(2, 1, "identity", W=[[1.0, -1.0]], b=[0.5])])
    >>> land = network_landscape(model, lim=1.0, num=2)  # logits [[0.5, 1.5], [-0.5, 0.5]]
    >>> colour_values(land, "logit").round(3)
    array([[0.667, 1.   ],
           [0.333, 0.667]])
    >>> colour_values(land, "probability").round(3)
    array([[0.622, 0.818],
           [0.378, 0.622]])
    """
    if show == "probability":
        return land.proba
    if show != "logit":
        raise ValueError(f"show must be one of {SHOW}, got {show!r}")
    scale = float(np.max(np.abs(land.logits)))
    return 0.5 + 0.5 * land.logits / scale if scale > 0 else np.full(land.logits.shape, 0.5)


def activation_patterns(model: MLP, X) -> np.ndarray:
    r"""Which hidden neurons are *on* (pre-activation ``z > 0``) for every input.

    Parameters
    ----------
    model : MLP
    X : array_like of shape (N, in_features)

    Returns
    -------
    ndarray of bool, shape (N, hidden)
        ``hidden`` is the number of hidden neurons, layer by layer (the output layer is
        not included).  A network with no hidden layer gives shape ``(N, 0)``.

    Examples
    --------
    Two hidden ReLU neurons, :math:`\operatorname{relu}(x_1)` and :math:`\operatorname{relu}(x_2)`:

    >>> from nnbook.layers import Dense
    >>> model = MLP.from_layers([Dense(2, 2, "relu", W=[[1.0, 0.0], [0.0, 1.0]], b=[0.0, 0.0]),
    ...                          Dense(2, 1, "identity", W=[[1.0, 1.0]], b=[0.0])])
    >>> activation_patterns(model, [[1.0, -1.0], [-1.0, 2.0], [0.5, 0.5]])
    array([[ True, False],
           [False,  True],
           [ True,  True]])
    """
    model.forward(X)  # every layer caches its pre-activation Z
    hidden = [layer.Z > 0 for layer in model.layers[:-1]]
    return np.concatenate(hidden, axis=1) if hidden else np.zeros((np.shape(X)[0], 0), dtype=bool)


def count_linear_regions(model: MLP, X) -> int:
    r"""The number of distinct on/off patterns of the hidden neurons among the inputs ``X`` (N, in_features).

    For a network whose hidden activations are all in :data:`PIECEWISE_LINEAR` (ReLU,
    leaky ReLU, PReLU; identity; step), the network is one affine function on each set of
    inputs sharing a pattern, so this counts the linear pieces that the points ``X`` hit:
    a lower bound on the pieces in the region they cover (Montúfar et al., 2014).

    Raises
    ------
    ValueError
        If a hidden activation is not piecewise linear with its kink at 0 (for smooth
        activations on/off patterns do not mark linear pieces).

    Examples
    --------
    :math:`\operatorname{relu}(x_1)` and :math:`\operatorname{relu}(x_2)` switch on in the
    four quadrants in four different ways, so the network has four linear pieces:

    >>> from nnbook.layers import Dense
    >>> model = MLP.from_layers([Dense(2, 2, "relu", W=[[1.0, 0.0], [0.0, 1.0]], b=[0.0, 0.0]),
    ...                          Dense(2, 1, "identity", W=[[1.0, 1.0]], b=[0.0])])
    >>> _, points = landscape_grid(1.0, 10)
    >>> count_linear_regions(model, points)
    4
    """
    smooth = [name for name in model.activations[:-1] if name not in PIECEWISE_LINEAR]
    if smooth:
        raise ValueError(f"linear regions need piecewise-linear hidden activations "
                         f"({', '.join(sorted(PIECEWISE_LINEAR))}); this model uses {sorted(set(smooth))}")
    patterns = activation_patterns(model, X)
    if patterns.shape[1] == 0:
        return 1
    return int(np.unique(np.packbits(patterns, axis=1), axis=0).shape[0])
