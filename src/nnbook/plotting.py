"""Figures for the chapters, drawn from what the library computes (Chapter 1 onwards).

Every helper takes an optional Matplotlib ``ax`` and returns the ``Axes`` (or ``Figure``)
it drew on, so chapters can compose them and tests can inspect the artists.  Nothing here
computes a model by itself: the values come from :mod:`nnbook.neuron`,
:mod:`nnbook.activations`, :mod:`nnbook.boundary`, :mod:`nnbook.landscape` and the model's
own methods, evaluated on grids from :func:`nnbook.grids.grid`.

By chapter: activations and one neuron's response (1-2), a neuron's decision boundary (3),
a network's decision landscape (7: :func:`plot_landscape`, with its colour map
:data:`LANDSCAPE_CMAP` and colour-bar labels :func:`colourbar_ticks`, which the MLP explorer
uses too), a trained classifier's probability map (8).  Also here: :class:`NeuronDiagram`,
the picture of a neuron that the neuron explorer updates in place.  Not here: the drawing of
a whole network (:mod:`nnbook.mlp_diagram`) and the interactive explorers
(:mod:`nnbook.explorers`).
"""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from .activations import get_activation
from .boundary import boundary_line, half_planes, predict
from .checks import as_float_array, check_number
from .grids import grid
from .landscape import SHOW, colour_values, network_landscape
from .mlp import MLP, architecture
from .neuron import neuron_forward

__all__ = [
    "POSITIVE",
    "NEGATIVE",
    "plot_activation",
    "plot_activations",
    "response_grid",
    "plot_response_surface",
    "plot_weight_effect",
    "plot_bias_effect",
    "NeuronDiagram",
    "CLASS_COLOURS",
    "REGION_COLOURS",
    "CLASS_MARKERS",
    "data_box",
    "weight_arrow",
    "plot_decision_boundary",
    "LANDSCAPE_CMAP",
    "colourbar_ticks",
    "plot_landscape",
    "plot_probability_map",
]

POSITIVE = "#1f77b4"  # excitatory weights, class 1
NEGATIVE = "#d62728"  # inhibitory weights, class 0
NEUTRAL = "#7f7f7f"


def _axes(ax: Axes | None, **subplot_kw) -> Axes:
    if ax is None:
        _, ax = plt.subplots(subplot_kw=subplot_kw or None)
    return ax


def plot_activation(name: str, ax: Axes | None = None, *, z_range=(-6.0, 6.0),
                    derivative: bool = False, num: int = 601, **params) -> Axes:
    """Draw ``f(z)`` (and optionally ``f'(z)``, dashed) for a registered activation.

    Parameters
    ----------
    name : str
        Activation name (see :func:`nnbook.activations.activation_names`).
    ax : Axes, optional
        Where to draw; a new figure if omitted.
    z_range : (float, float)
        The interval of pre-activations shown.
    derivative : bool
        Also draw the derivative.
    **params
        Activation parameters (``alpha`` for Leaky ReLU).

    Returns
    -------
    Axes
    """
    act = get_activation(name)
    if not act.elementwise:
        raise ValueError(f"plot_activation draws element-wise functions of one z; {act.name!r} is not")
    ax = _axes(ax)
    z = np.linspace(*z_range, num)
    y = act.fn(z, **params)
    if not act.differentiable:  # draw the jump as a gap, not a vertical line
        y = np.where(np.isclose(z, 0.0, atol=(z[1] - z[0]) / 2), np.nan, y)
    ax.plot(z, y, color=POSITIVE, lw=2, label=f"{act.name}(z)")
    if derivative:
        ax.plot(z, act.grad(z, **params), color=NEGATIVE, lw=1.5, ls="--", label=f"{act.name}'(z)")
        ax.legend(loc="upper left", fontsize="small")
    ax.axhline(0, color=NEUTRAL, lw=0.5)
    ax.axvline(0, color=NEUTRAL, lw=0.5)
    ax.set(title=act.name, xlabel="z", ylabel="f(z)")
    return ax


def plot_activations(names: Sequence[str] = ("step", "sigmoid", "tanh", "relu"), *,
                     derivative: bool = True, z_range=(-6.0, 6.0)) -> Figure:
    """Small multiples of :func:`plot_activation`, one panel per name, in one row."""
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.0), sharex=True,
                             layout="constrained")
    for ax, name in zip(np.atleast_1d(axes), names):
        plot_activation(name, ax, derivative=derivative, z_range=z_range)
    return fig


def response_grid(w, b: float, activation: str = "sigmoid", *, lim: float = 3.0, num: int = 61):
    """Outputs of a two-input neuron on a ``num × num`` grid over ``[-lim, lim]²``.

    The grid is :func:`nnbook.grids.grid` from edge to edge; the neuron is
    :func:`nnbook.neuron.neuron_forward`.

    Returns
    -------
    x1, x2, z, y : ndarray of shape (num, num)
        Grid coordinates (``x1`` varies along columns, ``x2`` along rows), pre-activation and output.

    Raises
    ------
    ValueError
        If ``w`` does not have shape ``(2,)``, ``lim`` is not a finite number > 0 or ``num``
        is not an integer >= 2.

    Examples
    --------
    >>> x1, x2, z, y = response_grid([1.0, -1.0], 0.0, "relu", lim=1.0, num=3)
    >>> x1[0], x2[:, 0]
    (array([-1.,  0.,  1.]), array([-1.,  0.,  1.]))
    >>> z
    array([[ 0.,  1.,  2.],
           [-1.,  0.,  1.],
           [-2., -1.,  0.]])
    >>> y
    array([[0., 1., 2.],
           [0., 0., 1.],
           [0., 0., 0.]])
    """
    w = as_float_array(w, "w")
    if w.shape != (2,):
        raise ValueError(f"a response surface needs w of shape (2,), got shape {w.shape}")
    lim = check_number(lim, "lim", above=0)
    g = grid((-lim, lim, -lim, lim), num)
    z, y = neuron_forward(g.points, w, b, activation)
    return g.image(g.points[:, 0]), g.image(g.points[:, 1]), g.image(z), g.image(y)


def plot_response_surface(w, b: float, activation: str = "sigmoid", ax: Axes | None = None, *,
                          lim: float = 3.0, num: int = 61) -> Axes:
    r"""Output ``y = f(w1 x1 + w2 x2 + b)`` of a two-input neuron over a square of inputs.

    Draws a 3-D surface on a 3-D ``ax`` (``projection="3d"``), otherwise a filled
    contour map with the line :math:`z = 0` (where a sigmoid neuron outputs 0.5) dashed.

    Parameters
    ----------
    w : array_like of shape (2,)
    b : float
    lim : float
        Inputs range over ``[-lim, lim]`` in both coordinates.
    num : int
        Grid points per axis.

    Returns
    -------
    Axes
    """
    x1, x2, z, y = response_grid(w, b, activation, lim=lim, num=num)
    w = np.asarray(w, dtype=np.float64)
    ax = _axes(ax)
    if getattr(ax, "name", "") == "3d":
        ax.plot_surface(x1, x2, y, cmap="viridis", linewidth=0, antialiased=True)
        ax.set_zlabel("y")
    else:
        filled = ax.contourf(x1, x2, y, levels=20, cmap="viridis")
        ax.figure.colorbar(filled, ax=ax, label="y")
        if z.min() < 0 < z.max():
            ax.contour(x1, x2, z, levels=[0.0], colors="white", linestyles="--")
        ax.set_aspect("equal")
    ax.set(xlabel="$x_1$", ylabel="$x_2$",
           title=f"{get_activation(activation).name}: w = ({w[0]:g}, {w[1]:g}), b = {b:g}")
    return ax


def _plot_family(values, label, make_args, activation, ax, z_range):
    ax = _axes(ax)
    x = np.linspace(*z_range, 401)
    cmap = plt.get_cmap("viridis")
    for i, v in enumerate(values):
        w, b = make_args(v)
        _, y = neuron_forward(x[:, None], [w], b, activation)
        ax.plot(x, y, color=cmap(i / max(len(values) - 1, 1)), lw=2, label=f"{label} = {v:g}")
    ax.legend(fontsize="small")
    ax.set(xlabel="input x", ylabel="output y")
    return ax


def plot_weight_effect(weights: Sequence[float] = (0.5, 1.0, 2.0, 5.0), b: float = 0.0,
                       activation: str = "sigmoid", ax: Axes | None = None, *,
                       x_range=(-6.0, 6.0)) -> Axes:
    """One-input neuron ``y = f(w x + b)`` for several weights: the weight sets the steepness."""
    ax = _plot_family(weights, "w", lambda v: (v, b), activation, ax, x_range)
    ax.set_title(f"weight changes steepness (b = {b:g})")
    return ax


def plot_bias_effect(biases: Sequence[float] = (-2.0, 0.0, 2.0), w: float = 1.0,
                     activation: str = "sigmoid", ax: Axes | None = None, *,
                     x_range=(-6.0, 6.0)) -> Axes:
    """One-input neuron ``y = f(w x + b)`` for several biases: the bias shifts the threshold to ``x = -b/w``."""
    ax = _plot_family(biases, "b", lambda v: (w, v), activation, ax, x_range)
    ax.set_title(f"bias shifts the threshold (w = {w:g})")
    return ax


class NeuronDiagram:
    """A neuron drawn as a graph: inputs → weighted edges → Σ (+ bias) → f → y.

    Artists are created once by the constructor; :meth:`update` changes their text,
    width and colour, so an explorer can redraw cheaply.  Edge width grows with ``|w|``;
    colour is :data:`POSITIVE` for excitatory and :data:`NEGATIVE` for inhibitory weights,
    a dotted grey edge is a weight of zero (an ignored input).

    Parameters
    ----------
    ax : Axes
        An empty axes; its limits and frame are taken over.
    in_features : int
        Number of input nodes.
    animated : bool
        Mark the artists that :meth:`update` changes as animated (for blitting); they
        are listed in :attr:`dynamic`.
    """

    def __init__(self, ax: Axes, in_features: int = 3, *, animated: bool = False):
        self.ax = ax
        ax.set(xlim=(0, 10), ylim=(0, 6.2), aspect="equal")
        ax.axis("off")
        sum_xy, act_xy, out_xy = (4.7, 2.8), (7.6, 2.8), (9.4, 2.8)
        node = dict(ec="black", zorder=3)
        text = dict(ha="center", va="center", zorder=4)
        label_box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9)
        self.input_labels, self.edges, self.edge_labels = [], [], []
        for i, y in enumerate(np.linspace(5.0, 0.6, in_features)):
            ax.add_patch(Circle((1.0, y), 0.45, fc="white", **node))
            self.input_labels.append(ax.text(1.0, y, "", fontsize=8, **text))
            ax.text(0.2, y, f"$x_{i + 1}$", ha="center", va="center", fontsize=10)
            edge = FancyArrowPatch((1.45, y), (sum_xy[0] - 0.55, sum_xy[1]), arrowstyle="-|>",
                                   mutation_scale=10, shrinkB=0, zorder=2)
            self.edges.append(ax.add_patch(edge))
            t = 0.42  # where along the edge its weight is written
            self.edge_labels.append(ax.text(1.45 + t * (sum_xy[0] - 2.0), y + t * (sum_xy[1] - y), "",
                                            fontsize=8, bbox=label_box, **text))
        ax.add_patch(Circle(sum_xy, 0.55, fc="#f2f2f2", **node))
        ax.text(*sum_xy, "Σ", fontsize=14, **text)
        ax.add_patch(Circle((sum_xy[0], 5.2), 0.42, fc="white", **node))
        ax.text(sum_xy[0] - 0.75, 5.2, "$b$", ha="center", va="center", fontsize=10)
        self.bias_label = ax.text(sum_xy[0], 5.2, "", fontsize=8, **text)
        ax.add_patch(FancyArrowPatch((sum_xy[0], 4.78), (sum_xy[0], 3.35), arrowstyle="-|>",
                                     mutation_scale=10, color=NEUTRAL))
        ax.add_patch(FancyArrowPatch((sum_xy[0] + 0.55, sum_xy[1]), (act_xy[0] - 0.55, act_xy[1]),
                                     arrowstyle="-|>", mutation_scale=10))
        self.z_label = ax.text((sum_xy[0] + act_xy[0]) / 2, sum_xy[1] + 0.2, "", ha="center",
                               va="bottom", fontsize=8)
        ax.add_patch(Circle(act_xy, 0.55, fc="#f2f2f2", **node))
        self.act_label = ax.text(*act_xy, "", fontsize=7, **text)
        ax.add_patch(FancyArrowPatch((act_xy[0] + 0.55, act_xy[1]), (out_xy[0] - 0.5, out_xy[1]),
                                     arrowstyle="-|>", mutation_scale=10))
        self.out_patch = ax.add_patch(Circle(out_xy, 0.5, **node))
        self.out_label = ax.text(*out_xy, "", fontsize=8, **text)
        ax.text(out_xy[0], out_xy[1] - 0.75, "$y$", ha="center", va="top", fontsize=10)
        self.dynamic = [*self.edges, *self.edge_labels, *self.input_labels, self.bias_label,
                        self.z_label, self.act_label, self.out_patch, self.out_label]
        for artist in self.dynamic:
            artist.set_animated(animated)

    def update(self, x, w, b: float, z: float, y: float, activation: str) -> None:
        """Show inputs ``x``, weights ``w`` (shape ``(in_features,)``), bias, ``z`` and ``y``."""
        x, w = np.round(x, 2) + 0.0, np.round(w, 2) + 0.0  # 2 decimals, and no "-0.00"
        b = round(b, 2) + 0.0
        for xi, wi, label, edge, wlabel in zip(x, w, self.input_labels, self.edges, self.edge_labels):
            label.set_text(f"{xi:.2f}")
            colour = POSITIVE if wi > 0 else NEGATIVE if wi < 0 else NEUTRAL
            edge.set_color(colour)
            edge.set_linewidth(0.6 + 2.2 * min(abs(wi), 2.0))
            edge.set_linestyle("-" if wi != 0 else ":")
            wlabel.set_text(f"{wi:+.2f}")
            wlabel.set_color(colour)
        self.bias_label.set_text(f"{b:+.2f}")
        self.z_label.set_text(f"z = {z:.3f}")
        self.act_label.set_text(get_activation(activation).name.replace("_", "\n"))
        # Shade the output node by its value, clipped to [0, 1] for outputs outside it.
        self.out_patch.set_facecolor(plt.get_cmap("Blues")(0.1 + 0.75 * float(np.clip(y, 0, 1))))
        self.out_label.set_color("white" if y > 0.6 else "black")
        self.out_label.set_text(f"{y:.3f}")


# --- Chapter 3: decision boundaries of one neuron -------------------------------------------

CLASS_COLOURS = (NEGATIVE, POSITIVE)  # points of class 0, class 1
REGION_COLOURS = ("#f9dede", "#dce9f6")  # the half-planes labelled class 0, class 1
CLASS_MARKERS = ("s", "o")  # class 0 squares, class 1 circles (readable without colour)
#: Colour map of probabilities and landscapes: red for p near 0 (class 0), white at 0.5, blue
#: near 1 (class 1), the book's class colours.
LANDSCAPE_CMAP = "RdBu"


def data_box(X, *, margin: float = 0.5) -> tuple[float, float, float, float]:
    """A square-ish view ``(x1_min, x1_max, x2_min, x2_max)`` around 2-D points ``X`` (N, 2).

    ``margin`` is added on every side (at least 8 % of the larger span).

    Raises
    ------
    TypeError, ValueError
        If ``X`` is not finite real numbers (:func:`nnbook.checks.as_float_array`) of shape ``(N, 2)``, ``N >= 1``.

    Examples
    --------
    >>> data_box([[0.0, 0.0], [2.0, 1.0]])
    (-0.5, 2.5, -0.5, 1.5)
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 2) with N >= 1, got shape {X.shape}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = max(margin, 0.08 * float(np.max(hi - lo)))
    return (float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad))


def weight_arrow(w, b: float, box, *, length: float = 0.2) -> np.ndarray:
    r"""Where to draw the weight vector: from the boundary towards the class-1 side.

    The arrow starts at the middle of the boundary's visible piece (:func:`nnbook.boundary.boundary_line`)
    and points along :math:`\mathbf{w}/\lVert\mathbf{w}\rVert`; its drawn length is ``length`` times the
    box's smaller side (the direction is what matters; :math:`\lVert\mathbf{w}\rVert` is printed, not drawn).

    Returns
    -------
    ndarray of shape (2, 2) or (0, 2)
        Start and end point, or no rows when ``w = 0`` or the line misses the box.
    """
    w = np.asarray(w, dtype=np.float64)
    if not np.any(w):
        return np.empty((0, 2))
    line = boundary_line(w, b, box)
    if len(line) == 0:
        return line
    start = line.mean(axis=0)
    size = min(box[1] - box[0], box[3] - box[2])
    return np.array([start, start + length * size * w / np.linalg.norm(w)])


def plot_decision_boundary(X, y, w, b: float, ax: Axes | None = None, *, box=None, shade: bool = True,
                           arrow: bool = True, title: str | None = None) -> Axes:
    """A neuron classifier on 2-D data: half-planes, boundary, weight vector, points.

    Class 1 is where ``w1 x1 + w2 x2 + b >= 0``.  Points are coloured and shaped by their
    true class; points the neuron gets wrong are ringed in black.

    Parameters
    ----------
    X : array_like of shape (N, 2)
    y : array_like of shape (N,)
        True labels 0/1.
    w : array_like of shape (2,)
    b : float
    box : (x1_min, x1_max, x2_min, x2_max), optional
        The view; default :func:`data_box` of ``X``.
    shade, arrow : bool
        Shade the two half-planes; draw the weight vector (see :func:`weight_arrow`).
    title : str, optional
        Default: the accuracy, e.g. ``"accuracy 3/4 = 0.75"``.

    Returns
    -------
    Axes
    """
    X, y = as_float_array(X, "X"), np.asarray(y)
    box = data_box(X) if box is None else tuple(box)
    ax = _axes(ax)
    if shade:
        for polygon, colour in zip(half_planes(w, b, box)[::-1], REGION_COLOURS):
            if len(polygon):
                ax.fill(polygon[:, 0], polygon[:, 1], color=colour, lw=0, zorder=0)
    if np.any(w):
        line = boundary_line(w, b, box)
        if len(line):
            ax.plot(line[:, 0], line[:, 1], color="black", lw=2, zorder=2, label="boundary z = 0")
    if arrow and len(tip := weight_arrow(w, b, box)):
        ax.annotate("", xy=tip[1], xytext=tip[0], zorder=3,
                    arrowprops=dict(arrowstyle="-|>", color="#2ca02c", lw=2, mutation_scale=15))
        ax.text(*tip[1], " w", color="#2ca02c", fontsize=11, fontweight="bold", va="center", zorder=3)
    for k in (0, 1):
        pts = X[y == k]
        ax.scatter(pts[:, 0], pts[:, 1], c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k], s=60 if len(X) < 20 else 22,
                   edgecolors="white", linewidths=0.6, zorder=4, label=f"class {k}")
    wrong = predict(X, w, b) != y
    if wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], s=260 if len(X) < 20 else 90, facecolors="none",
                   edgecolors="black", linewidths=1.6, zorder=5, label="misclassified")
    if title is None:
        title = f"accuracy {int((~wrong).sum())}/{len(y)} = {np.mean(~wrong):.2f}"
    ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$", title=title)
    return ax


# --- Chapter 7: a network's decision landscape ---------------------------------------------


def colourbar_ticks(show: str) -> tuple[list[float], list[str], str]:
    r"""Tick positions, tick labels and the label of a landscape's colour bar for ``show``.

    ``show`` is one of :data:`nnbook.landscape.SHOW` (see :func:`nnbook.landscape.colour_values`).

    Raises
    ------
    ValueError
        If ``show`` is not one of them.

    Examples
    --------
    >>> colourbar_ticks("logit")
    ([0.0, 0.5, 1.0], ['−max', '0', '+max'], 'logit (scaled to ±max|logit|)')
    """
    if show == "probability":
        return [0.0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"], r"$p = \sigma(\mathrm{logit})$"
    if show != "logit":
        raise ValueError(f"show must be one of {SHOW}, got {show!r}")
    return [0.0, 0.5, 1.0], ["−max", "0", "+max"], "logit (scaled to ±max|logit|)"


def plot_landscape(model: MLP, ax: Axes | None = None, *, show: str = "logit", lim: float = 3.0, num: int = 200,
                   colorbar: bool = True, title: str | None = None) -> Axes:
    r"""Draw a network's decision landscape with its decision boundary (logit 0, :math:`p = 0.5`) in black.

    Parameters
    ----------
    model : MLP
        Sizes ``[2, ..., 1]``, ``"identity"`` output layer.
    ax : Axes, optional
    show : {"logit", "probability"}, default "logit"
        What the colour shows (see :func:`nnbook.landscape.colour_values`): red for class 0, blue for class 1.
    lim, num : float, int
        The square :math:`[-\ell, \ell]^2` and the cells per side
        (:func:`nnbook.landscape.landscape_grid`).
    colorbar : bool, default True
    title : str, optional
        Default: the architecture and the parameter count.

    Returns
    -------
    Axes

    Raises
    ------
    TypeError, ValueError
        As :func:`nnbook.landscape.network_landscape` (a model that is not a 2-input,
        1-logit MLP; a bad ``lim`` or ``num``), or for an unknown ``show``.

    Examples
    --------
    >>> from nnbook.layers import Dense
    >>> from nnbook.mlp import MLP
    >>> model = MLP.from_layers([Dense(2, 1, "identity", W=[[1.0, -1.0]], b=[0.5])])
    >>> ax = plot_landscape(model, lim=1.0, num=20)
    >>> ax.get_title()
    '2 → 1: 3 parameters'
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


# --- Chapter 8: what a trained classifier learned -------------------------------------------


def plot_probability_map(model, X, y, ax: Axes | None = None, *, box=None, num: int = 150,
                         title: str | None = None, colorbar: bool = False) -> Axes:
    """A trained two-input classifier: its probability of class 1 over the plane, boundary and data.

    The colour is ``model.predict_proba`` on a ``num`` × ``num`` grid over ``box`` (red
    class 0 through white to blue class 1, as the points), the black line its 0.5 level
    (the decision boundary), and the points are coloured and shaped by their true class.

    Parameters
    ----------
    model : object with ``predict_proba`` and ``predict``
        For example an :class:`nnbook.mlp.MLP` with sizes ``[2, ..., 1]`` and a logit output;
        ``predict_proba(G)`` of shape ``(M, 1)`` for a grid ``G`` of shape ``(M, 2)``, and
        ``predict(X)`` the labels 0/1 of shape ``(N,)`` (for the default title).
    X : array_like of shape (N, 2)
    y : array_like of shape (N,)
        True labels 0/1.
    box : (x1_min, x1_max, x2_min, x2_max), optional
        The view; default :func:`data_box` of ``X``.
    num : int, default 150
        Grid points per axis (:func:`nnbook.grids.grid`, from edge to edge of ``box``).
    title : str, optional
        Default: the accuracy of ``model.predict`` on ``(X, y)``, e.g. ``"accuracy 0.99"``.
    colorbar : bool, default False

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``X`` does not have shape ``(N, 2)``, or ``box`` or ``num`` is not a grid
        (see :func:`nnbook.grids.grid`).

    Examples
    --------
    >>> from nnbook.layers import Dense
    >>> from nnbook.mlp import MLP
    >>> model = MLP.from_layers([Dense(2, 1, "identity", W=[[4.0, 0.0]], b=[-2.0])])  # boundary x1 = 0.5
    >>> X, y = np.array([[0.0, 0.0], [1.0, 0.0], [0.2, 1.0], [0.9, 1.0]]), np.array([0, 1, 1, 1])
    >>> ax = plot_probability_map(model, X, y)
    >>> ax.get_title()
    'accuracy 0.75'
    """
    X, y = as_float_array(X, "X"), np.asarray(y)
    box = data_box(X) if box is None else tuple(box)
    ax = _axes(ax)
    g = grid(box, num)
    proba = g.image(np.asarray(model.predict_proba(g.points))[:, 0])
    image = ax.imshow(proba, extent=box, origin="lower", cmap=LANDSCAPE_CMAP, vmin=0.0, vmax=1.0, alpha=0.75,
                      interpolation="bilinear")
    if proba.min() < 0.5 < proba.max():
        ax.contour(g.x1, g.x2, proba, levels=[0.5], colors="black", linewidths=1.5)
    for k in (0, 1):
        pts = X[y == k]
        ax.scatter(pts[:, 0], pts[:, 1], c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k], s=60 if len(X) < 20 else 16,
                   edgecolors="white", linewidths=0.5, zorder=4, label=f"class {k}")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="p(class 1)", shrink=0.85, ticks=[0, 0.5, 1])
    if title is None:
        title = f"accuracy {np.mean(model.predict(X) == y):.2f}"
    ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$", title=title)
    return ax
