"""A multi-layer perceptron drawn as circles and edges (Chapter 7).

:class:`NetworkDiagram` draws an :class:`~nnbook.mlp.MLP` once and redraws it in place
(the MLP explorer uses it); :func:`plot_network` is the one-call figure.  Edge colour is
the sign of the weight and opacity its size, so two seeds of the same architecture look
different.  Not here: biases (they are counted in the title, not drawn) and networks too
wide to draw in full (a wide layer shows its first neurons and says how many there are).
It draws only what the model holds (its sizes, activations, weights and parameter count);
the network's output over the plane is :func:`nnbook.plotting.plot_landscape`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from .mlp import MLP, architecture
from .plotting import NEGATIVE, NEUTRAL, POSITIVE, _axes

__all__ = ["NetworkDiagram", "plot_network"]

_RGBA = {colour: np.array(to_rgba(colour)) for colour in (POSITIVE, NEGATIVE, NEUTRAL)}


class NetworkDiagram:
    """An MLP drawn as columns of neurons joined by edges, updated in place.

    Edge colour is the sign of the weight (:data:`~nnbook.plotting.POSITIVE` /
    :data:`~nnbook.plotting.NEGATIVE`) and its opacity grows with ``|w|`` relative to the
    largest weight of its layer.  A layer wider than ``max_shown`` shows its first
    ``max_shown`` neurons and three dots below them.  Under each column: its role (input,
    h1, h2, ..., output), its size and, optionally, its activation.

    Parameters
    ----------
    ax : Axes
        An empty axes; its limits and frame are taken over.
    max_layers : int, default 6
        The most layers (weight matrices) :meth:`update` will be asked to show.
    max_shown : int, default 8
        Neurons drawn per column at most.
    activations : bool, default True
        Write each layer's activation under its size.
    animated : bool
        Mark the artists :meth:`update` changes as animated (for blitting); they are
        listed in :attr:`dynamic`.
    """

    def __init__(self, ax: Axes, *, max_layers: int = 6, max_shown: int = 8, activations: bool = True,
                 animated: bool = False):
        self.ax, self.max_layers, self.max_shown = ax, int(max_layers), int(max_shown)
        self.activations = bool(activations)
        ax.set(xlim=(-0.12, 1.12), ylim=(-0.32 if activations else -0.22, 1.04))
        ax.axis("off")
        self.edges = ax.add_collection(LineCollection([], linewidths=0.9, zorder=1))
        self.nodes = ax.scatter([], [], s=36, c="white", edgecolors="black", linewidths=0.8, zorder=2)
        self.more = ax.scatter([], [], s=2, c="black", zorder=2)  # "⋮" under a column drawn in part
        self.labels = [ax.text(0, -0.02, "", ha="center", va="top", fontsize=7.5)
                       for _ in range(self.max_layers + 1)]
        self.dynamic = [self.edges, self.nodes, self.more, *self.labels]
        for artist in self.dynamic:
            artist.set_animated(animated)

    def _column(self, n: int) -> np.ndarray:
        shown = min(n, self.max_shown)
        gap = 1.0 / max(self.max_shown - 1, 1)
        return 0.56 + 0.88 * gap * (np.arange(shown) - (shown - 1) / 2)[::-1]  # within [0.12, 1]

    def update(self, model: MLP) -> None:
        """Draw ``model``'s architecture and the signs and sizes of its weights.

        Raises ``ValueError`` if it has more than ``max_layers`` layers.
        """
        sizes = model.sizes
        n_layers = len(sizes) - 1
        if n_layers > self.max_layers:
            raise ValueError(f"this diagram shows at most {self.max_layers} layers, got {n_layers}")
        xs = np.linspace(0.0, 1.0, n_layers + 1)
        ys = [self._column(n) for n in sizes]
        segments, colours = [], []
        for k, layer in enumerate(model.layers):
            W = layer.W[: len(ys[k + 1]), : len(ys[k])]  # the weights between the drawn neurons
            i, j = np.indices(W.shape).reshape(2, -1)
            segments.append(np.stack([np.column_stack([np.full(i.size, xs[k]), ys[k][j]]),
                                      np.column_stack([np.full(i.size, xs[k + 1]), ys[k + 1][i]])], axis=1))
            w = W.ravel()
            rgba = np.where((w > 0)[:, None], _RGBA[POSITIVE], np.where((w < 0)[:, None], _RGBA[NEGATIVE],
                                                                         _RGBA[NEUTRAL]))
            scale = float(np.max(np.abs(layer.W))) or 1.0
            rgba[:, 3] = 0.12 + 0.88 * np.abs(w) / scale
            colours.append(rgba)
        segments, colours = np.concatenate(segments), np.concatenate(colours)
        self.edges.set_segments(segments)
        self.edges.set_color(colours)
        self.nodes.set_offsets(np.concatenate([np.column_stack([np.full(len(y), x), y]) for x, y in zip(xs, ys)]))
        dots = [(x, y) for x, n in zip(xs, sizes) if n > self.max_shown for y in (0.085, 0.06, 0.035)]
        self.more.set_offsets(np.array(dots).reshape(-1, 2))
        for k, label in enumerate(self.labels):
            label.set_visible(k <= n_layers)
            if k > n_layers:
                continue
            role = "input" if k == 0 else "output" if k == n_layers else f"h{k}"
            text = f"{role}\n{sizes[k]}"
            if k > 0 and self.activations:
                text += f"\n{model.activations[k - 1]}"
            label.set_text(text)
            label.set_x(xs[k])


def plot_network(model: MLP, ax: Axes | None = None, *, title: str | None = None, max_shown: int = 8) -> Axes:
    """Draw an MLP's architecture with :class:`NetworkDiagram`; returns the ``Axes``.

    The default title is the architecture (:func:`nnbook.mlp.architecture`) and the parameter
    count, e.g. ``"2 → 8 → 4 → 1: 65 parameters"``.

    Examples
    --------
    >>> model = MLP([2, 8, 4, 1], "relu", rng=np.random.default_rng(0))
    >>> ax = plot_network(model)
    >>> ax.get_title()
    '2 → 8 → 4 → 1: 65 parameters'
    """
    ax = _axes(ax)
    shown = max(2, min(max_shown, max(model.sizes)))  # small networks use the full height
    NetworkDiagram(ax, max_layers=len(model.layers), max_shown=shown).update(model)
    ax.set_title(f"{architecture(model.sizes)}: {model.num_parameters:,} parameters" if title is None else title,
                 fontsize=10)
    return ax
