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
* :func:`colour_values`, what the picture's colours show, and :func:`plot_landscape`, the
  landscape as a figure.

Shapes: ``points`` is ``(num * num, 2)`` in row-major order (``x1`` varies fastest), so a
column of outputs reshaped to ``(num, num)`` is an image whose rows follow ``x2`` upwards
(``imshow(..., origin="lower")``).  Not here: training (Chapter 8) and networks with other
numbers of inputs or outputs.

References
----------
G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep
neural networks", NeurIPS 2014.  B. Hanin and D. Rolnick, "Deep ReLU networks have
surprisingly few activation patterns", NeurIPS 2019.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes

from .activations import get_activation
from .mlp import MLP
from .plotting import _axes

__all__ = [
    "LANDSCAPE_CMAP",
    "PIECEWISE_LINEAR",
    "architecture",
    "landscape_grid",
    "Landscape",
    "network_landscape",
    "boundary_mask",
    "SHOW",
    "colour_values",
    "colourbar_ticks",
    "activation_patterns",
    "count_linear_regions",
    "plot_landscape",
]

#: Colour map of the landscapes: red for p near 0 (class 0), white at 0.5, blue near 1 (class 1),
#: the book's class colours.
LANDSCAPE_CMAP = "RdBu"

#: Hidden activations whose network is piecewise linear (or piecewise constant) in its input,
#: with the kink at z = 0, so that on/off patterns mark linear regions.
PIECEWISE_LINEAR = frozenset({"relu", "leaky_relu", "prelu", "identity", "step"})


def architecture(sizes) -> str:
    """The layer sizes as an arrow chain, ``[2, 16, 16, 1]`` → ``"2 → 16 → 16 → 1"``."""
    return " → ".join(str(int(n)) for n in sizes)


def landscape_grid(lim: float = 3.0, num: int = 120) -> tuple[np.ndarray, np.ndarray]:
    r"""Cell centres of a ``num`` × ``num`` grid covering the square :math:`[-\ell, \ell]^2`.

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
        If ``lim`` is not a positive finite number or ``num < 2``.
    """
    if not (np.isfinite(lim) and lim > 0):
        raise ValueError(f"lim must be a finite number > 0, got {lim!r}")
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 2:
        raise ValueError(f"num must be an integer >= 2, got {num!r}")
    step = 2.0 * lim / num
    centres = -lim + step * (np.arange(num) + 0.5)
    x1, x2 = np.meshgrid(centres, centres)
    return centres, np.column_stack([x1.ravel(), x2.ravel()])


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
    ValueError
        If the model does not map 2 inputs to 1 output or its output layer is not ``"identity"``.
    """
    _check_two_in_one_out(model)
    if model.activations[-1] != "identity":
        raise ValueError("network_landscape reads the output as a logit, so the output layer must be "
                         f"'identity'; this model's is {model.activations[-1]!r}")
    centres, grid = landscape_grid(lim, num)
    if points is None:
        points = grid
    elif np.shape(points) != grid.shape:
        raise ValueError(f"points must have shape {grid.shape} for num={num}, got shape {np.shape(points)}")
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
    """
    if show == "probability":
        return land.proba
    if show != "logit":
        raise ValueError(f"show must be one of {SHOW}, got {show!r}")
    scale = float(np.max(np.abs(land.logits)))
    return 0.5 + 0.5 * land.logits / scale if scale > 0 else np.full(land.logits.shape, 0.5)


def colourbar_ticks(show: str) -> tuple[list[float], list[str], str]:
    """Tick positions, tick labels and the label of a landscape's colour bar for ``show`` (see :func:`colour_values`)."""
    if show == "probability":
        return [0.0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"], r"$p = \sigma(\mathrm{logit})$"
    if show != "logit":
        raise ValueError(f"show must be one of {SHOW}, got {show!r}")
    return [0.0, 0.5, 1.0], ["−max", "0", "+max"], "logit (scaled to ±max|logit|)"


def activation_patterns(model: MLP, X) -> np.ndarray:
    """Which hidden neurons are *on* (pre-activation ``z > 0``) for every input.

    Parameters
    ----------
    model : MLP
    X : array_like of shape (N, in_features)

    Returns
    -------
    ndarray of bool, shape (N, hidden)
        ``hidden`` is the number of hidden neurons, layer by layer (the output layer is
        not included).  A network with no hidden layer gives shape ``(N, 0)``.
    """
    model.forward(X)  # every layer caches its pre-activation Z
    hidden = [layer.Z > 0 for layer in model.layers[:-1]]
    return np.concatenate(hidden, axis=1) if hidden else np.zeros((np.shape(X)[0], 0), dtype=bool)


def count_linear_regions(model: MLP, X) -> int:
    """The number of distinct on/off patterns of the hidden neurons among the inputs ``X`` (N, in_features).

    For a network whose hidden activations are all in :data:`PIECEWISE_LINEAR` (ReLU,
    leaky ReLU, PReLU; identity; step), the network is one affine function on each set of
    inputs sharing a pattern, so this counts the linear pieces that the points ``X`` hit:
    a lower bound on the pieces in the region they cover (Montúfar et al., 2014).

    Raises
    ------
    ValueError
        If a hidden activation is not piecewise linear with its kink at 0 (for smooth
        activations on/off patterns do not mark linear pieces).
    """
    smooth = [name for name in model.activations[:-1] if name not in PIECEWISE_LINEAR]
    if smooth:
        raise ValueError(f"linear regions need piecewise-linear hidden activations "
                         f"({', '.join(sorted(PIECEWISE_LINEAR))}); this model uses {sorted(set(smooth))}")
    patterns = activation_patterns(model, X)
    if patterns.shape[1] == 0:
        return 1
    return int(np.unique(np.packbits(patterns, axis=1), axis=0).shape[0])


def plot_landscape(model: MLP, ax: Axes | None = None, *, show: str = "logit", lim: float = 3.0, num: int = 200,
                   colorbar: bool = True, title: str | None = None) -> Axes:
    r"""Draw a network's decision landscape with its decision boundary (logit 0, :math:`p = 0.5`) in black.

    Parameters
    ----------
    model : MLP
        Sizes ``[2, ..., 1]``, ``"identity"`` output layer.
    ax : Axes, optional
    show : {"logit", "probability"}, default "logit"
        What the colour shows (see :func:`colour_values`): red for class 0, blue for class 1.
    lim, num : float, int
        The square :math:`[-\ell, \ell]^2` and the cells per side.
    colorbar : bool, default True
    title : str, optional
        Default: the architecture and the parameter count.

    Returns
    -------
    Axes
    """
    ax = _axes(ax)
    land = network_landscape(model, lim=lim, num=num)
    image = ax.imshow(colour_values(land, show), extent=land.extent, origin="lower", cmap=LANDSCAPE_CMAP,
                      vmin=0.0, vmax=1.0, interpolation="nearest")
    if land.logits.min() < 0.0 < land.logits.max():  # draw the boundary only where there is one
        ax.contour(land.centres, land.centres, land.logits, levels=[0.0], colors="black", linewidths=1.2)
    if colorbar:
        ticks, labels, label = colourbar_ticks(show)
        bar = ax.figure.colorbar(image, ax=ax, label=label, shrink=0.85, ticks=ticks)
        bar.ax.set_yticklabels(labels)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal",
           title=f"{architecture(model.sizes)}: {model.num_parameters:,} parameters" if title is None else title)
    return ax
