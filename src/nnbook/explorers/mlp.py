"""The MLP landscape explorer (Chapter 7): an untrained network's output over the plane.

Stands in for the source material's "decision landscape of an untrained MLP" figure, made
interactive.  Sliders set the width of the hidden layers, their number (depth 0 is a
single neuron) and the seed of the initial weights; drop-downs pick the hidden
activation, the initialiser and what the colour shows.  The figure shows the network as
a diagram (edge colour = sign of the weight) and its decision landscape on the square
[-3, 3]² with the decision boundary (logit 0) in black; the title and the read-out give the
architecture and the parameter count.

The network is :class:`nnbook.mlp.MLP` built exactly as ``MLP(sizes, activation,
rng=np.random.default_rng(seed), init=...)`` would build it, so a reader can rebuild any
picture in a notebook cell.  The numbers come from :mod:`nnbook.landscape`, the colour map
and colour-bar labels from :mod:`nnbook.plotting`, the diagram from :mod:`nnbook.mlp_diagram`;
this module only wires the controls to them.  On the built site a static player offers depth,
width, activation and seed on small grids (:data:`PLAYER_DEPTHS` and the others); every other
control stays at its default there.
"""
from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize

from ..activations import activation_names, get_activation
from ..checks import check_int
from ..landscape import SHOW, Landscape, colour_values, landscape_grid, network_landscape
from ..mlp import MLP, architecture
from ..mlp_diagram import NetworkDiagram
from ..plotting import LANDSCAPE_CMAP, colourbar_ticks
from ._base import Explorer, and_list, fmt, say
from ._player import PlayerControl

__all__ = ["INITS", "MLPState", "mlp_sizes", "mlp_state", "MLPExplorer"]

#: The initialiser choices: "default" is MLP's own (He for the ReLU family, Xavier/Glorot
#: otherwise, biases 0); the others are nnbook.layers.INITIALIZERS entries ("torch": uniform
#: weights and biases, like nn.Linear).
INITS = ("default", "torch", "he", "xavier")

LIM = 3.0  # the landscape covers [-LIM, LIM]^2
NUM = 100  # grid cells per side (100 x 100 points keep an update within budget)
MAX_DEPTH = 5
MAX_WIDTH = 64
BOUNDARY_RGBA = (0, 0, 0, 255)
#: The site's player: architecture, activation and seed on grids that hold the explorer's
#: defaults (width 16, depth 2, relu, seed 0); init and colour stay at their defaults.  Every
#: frame changes most of the figure (about 19 kB each in the page), so the grids are small:
#: 74 states, about 1.4 MB (a third seed would take the player past the 1.5 MB budget).
PLAYER_DEPTHS = (0, 1, 2, 4)
PLAYER_WIDTHS = (4, 16, 64)
PLAYER_ACTIVATIONS = ("relu", "tanh", "identity", "step")
PLAYER_SEEDS = (0, 1)


def mlp_sizes(width: int, depth: int) -> list[int]:
    """Layer sizes ``[2, width, ..., width, 1]`` with ``depth`` hidden layers (``depth = 0``: ``[2, 1]``).

    Raises ``ValueError`` for ``width < 1`` or ``depth < 0``.
    """
    width, depth = check_int(width, "width", minimum=1), check_int(depth, "depth", minimum=0)
    return [2] + [width] * depth + [1]


class MLPState(NamedTuple):
    """Everything the explorer shows for one setting of its controls.

    ``model`` is the network, ``landscape`` its output on the grid (logits, probabilities and
    boundary cells, each ``(num, num)``), ``colours`` the values the image shows in [0, 1]
    (see :func:`nnbook.landscape.colour_values`), ``class1`` the fraction of the square with
    logit >= 0.
    """

    sizes: tuple[int, ...]
    activation: str
    init: str
    seed: int
    show: str
    model: MLP
    landscape: Landscape
    colours: np.ndarray
    num_parameters: int
    logit_min: float
    logit_max: float
    class1: float


def mlp_state(width: int, depth: int, activation: str = "relu", init: str = "default", seed: int = 0,
              show: str = "logit", *, lim: float = LIM, num: int = NUM, points=None) -> MLPState:
    """Compute layer of the explorer: build the seeded network and evaluate it on the grid.

    The network is ``MLP(mlp_sizes(width, depth), activation, rng=np.random.default_rng(seed),
    init=None if init == "default" else init)``: ``activation`` for every hidden layer and
    an ``"identity"`` output (a logit).

    Raises
    ------
    ValueError
        For a bad width, depth, initialiser or ``show``; ``UnknownActivationError`` for an
        unknown activation.
    """
    if init not in INITS:
        raise ValueError(f"init must be one of {INITS}, got {init!r}")
    if show not in SHOW:
        raise ValueError(f"show must be one of {SHOW}, got {show!r}")
    name = get_activation(activation).name
    sizes = mlp_sizes(width, depth)
    model = MLP(sizes, name, rng=np.random.default_rng(int(seed)), init=None if init == "default" else init)
    land = network_landscape(model, lim=lim, num=num, points=points)
    return MLPState(tuple(sizes), name, init, int(seed), show, model, land, colour_values(land, show),
                    model.num_parameters, float(land.logits.min()), float(land.logits.max()),
                    float(np.mean(land.logits >= 0)))


def _int_slider(value: int, lo: int, hi: int, description: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=lo, max=hi, step=1, description=description, continuous_update=True,
                             style={"description_width": "4em"}, layout=widgets.Layout(width="19em"))


def _dropdown(options, value: str, description: str) -> widgets.Dropdown:
    return widgets.Dropdown(options=list(options), value=value, description=description,
                            style={"description_width": "5.5em"}, layout=widgets.Layout(width="17em"))


class MLPExplorer(Explorer):
    """Interactive decision landscape of an untrained MLP with two inputs and one output logit.

    Parameters
    ----------
    width : int, default 16
        Neurons per hidden layer, in [1, 64].
    depth : int, default 2
        Hidden layers, in [0, 5] (0: one neuron, a straight boundary).
    activation : str, default "relu"
        Hidden activation, an element-wise entry of :data:`nnbook.activations.ACTIVATIONS`.
    init : str, default "torch"
        One of :data:`INITS`.
    seed : int, default 0
        Seed of the initial weights, in [0, 99].
    show : {"logit", "probability"}, default "logit"
        What the colour shows (see :func:`nnbook.landscape.colour_values`).

    Controls are named ``width depth activation init seed show``; ``explorer.set(depth=3)``
    moves one, ``explorer.state`` holds the latest :class:`MLPState`.

    Raises
    ------
    ValueError
        If a start value lies outside its control's range or is not one of its options.
    """

    name = "mlp"
    figsize = (8.6, 3.6)
    dpi = 72
    lim = LIM  # the landscape covers [-lim, lim]^2 ...
    num = NUM  # ... in num x num grid cells
    player_note = ("On this page depth, width, activation and seed respond, on a few values each; width and "
                   "activation are greyed out at depth 0, where there is no hidden layer. The initialiser stays "
                   "at torch and the colour shows the scaled logit. Run the chapter in JupyterLab or Binder to "
                   "move every control over its whole range and to change the initialiser and the colour.")

    def __init__(self, width: int = 16, depth: int = 2, activation: str = "relu", init: str = "torch",
                 seed: int = 0, show: str = "logit"):
        ranges = {"width": (1, MAX_WIDTH), "depth": (0, MAX_DEPTH), "seed": (0, 99)}
        start = {"width": width, "depth": depth, "seed": seed}
        for key, (lo, hi) in ranges.items():
            check_int(start[key], key, minimum=lo, maximum=hi)
        name = get_activation(activation).name
        names = activation_names(elementwise=True)
        for key, value, options in (("activation", name, names), ("init", init, INITS), ("show", show, SHOW)):
            if value not in options:
                raise ValueError(f"{key} must be one of {list(options)}, got {value!r}")
        _, self._points = landscape_grid(self.lim, self.num)
        controls = {
            "width": _int_slider(width, 1, MAX_WIDTH, "width"),
            "depth": _int_slider(depth, 0, MAX_DEPTH, "depth"),
            "seed": _int_slider(seed, 0, 99, "seed"),
            "activation": _dropdown(names, name, "activation"),
            "init": _dropdown(INITS, init, "init"),
            "show": _dropdown(SHOW, show, "colour"),
        }
        self._cmap = plt.get_cmap(LANDSCAPE_CMAP)
        super().__init__(controls)

    def compute(self, width, depth, activation, init, seed, show) -> MLPState:
        return mlp_state(width, depth, activation, init, seed, show, lim=self.lim, num=self.num, points=self._points)

    def build_figure(self) -> None:
        fig = self.figure
        self.ax_net = fig.add_axes((0.0, 0.02, 0.46, 0.84))
        self.diagram = NetworkDiagram(self.ax_net, max_layers=MAX_DEPTH + 1, activations=False, animated=True)
        ax = self.ax = fig.add_axes((0.53, 0.13, 0.33, 0.73))
        extent = (-self.lim, self.lim, -self.lim, self.lim)
        # one RGBA image: the colour-mapped landscape with the boundary cells painted black
        self.landscape_image = ax.imshow(np.zeros((self.num, self.num, 4), dtype=np.uint8), extent=extent,
                                         origin="lower", interpolation="nearest", animated=True)
        ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=extent[:2], ylim=extent[2:])
        ax.xaxis.labelpad = 1
        ax.tick_params(labelsize=8)
        cax = fig.add_axes((0.875, 0.13, 0.018, 0.73))
        self.colourbar = fig.colorbar(ScalarMappable(Normalize(0.0, 1.0), self._cmap), cax=cax)
        self.colourbar.ax.tick_params(labelsize=8)
        self.title = fig.text(0.5, 0.965, "", ha="center", va="top", fontsize=10, animated=True)

    def animated(self):
        return [*self.diagram.dynamic, self.landscape_image, *self.ax.spines.values(),
                self.title]

    def background_key(self, s: MLPState):
        return s.show  # the colour bar's ticks and label

    def draw_background(self, show: str) -> None:
        ticks, labels, label = colourbar_ticks(show)
        self.colourbar.set_ticks(ticks, labels=labels)
        self.colourbar.set_label(label, fontsize=8)

    def draw(self, s: MLPState) -> None:
        self.diagram.update(s.model)
        rgba = self._cmap(s.colours, bytes=True)
        rgba[s.landscape.boundary] = BOUNDARY_RGBA
        self.landscape_image.set_data(rgba)
        self.title.set_text(f"{architecture(s.sizes)}: {s.num_parameters:,} parameters")

    def readout_html(self, s: MLPState) -> str:
        terms = [f"({n_in}+1)·{n_out}" for n_in, n_out in zip(s.sizes[:-1], s.sizes[1:])]
        counts = [f"{layer.num_parameters:,}" for layer in s.model.layers]
        sums = f" = {' + '.join(counts)}" if len(counts) > 1 else ""
        return (
            "<div style='font-family:monospace;line-height:1.5'>"
            f"layers {architecture(s.sizes)}: parameters {' + '.join(terms)}{sums} = <b>{s.num_parameters:,}</b><br>"
            f"output logit on the square: min {fmt(s.logit_min, 3)}, max {fmt(s.logit_max, 3)};  "
            f"class 1 (logit ≥ 0) on <b>{100 * s.class1:.1f} %</b> of it</div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        hidden = ("depth", PLAYER_DEPTHS[1:])  # width and activation do nothing without a hidden layer
        return [PlayerControl.range("depth", "depth", PLAYER_DEPTHS),
                PlayerControl.range("width", "width", PLAYER_WIDTHS, active_when=hidden),
                PlayerControl.select("activation", "activation", PLAYER_ACTIVATIONS, active_when=hidden),
                PlayerControl.range("seed", "seed", PLAYER_SEEDS)]

    def layout(self) -> widgets.Widget:
        c = self.controls
        row = widgets.HBox([widgets.VBox([c["width"], c["depth"], c["seed"]]),
                            widgets.VBox([c["activation"], c["init"], c["show"]])])
        return widgets.VBox([row, self.image, self.readout])

    def frame_title(self, name, value, s: MLPState) -> str:
        if name in ("width", "depth"):  # the architecture changes: say what it became
            return f"{name} = {value}:  {architecture(s.sizes)}, {s.num_parameters:,} parameters"
        return f"{name} = {value}"

    def describe(self) -> str:
        s = self.state
        sizes = and_list([str(n) for n in s.sizes])
        hidden = (f"{s.activation} hidden layers" if len(s.sizes) > 3 else
                  f"a {s.activation} hidden layer" if len(s.sizes) == 3 else
                  "no hidden layer")  # the activation plays no part: the player leaves it unset
        colour = "scaled logit" if s.show == "logit" else "probability of class 1"
        return (f"A diagram of an untrained network with layers of {sizes} neurons ({hidden}, edges coloured by "
                f"the sign of each weight) beside its output over the square from {say(-self.lim, 0)} to "
                f"{say(self.lim, 0)} in x1 and x2, coloured by the {colour}, with the decision boundary, where the "
                f"logit is 0, in black. With {s.init} initial weights and seed {s.seed} the network has "
                f"{s.num_parameters:,} parameters, its logit runs from {say(s.logit_min, 3)} to "
                f"{say(s.logit_max, 3)}, and it puts {100 * s.class1:.1f}% of the square in class 1.")

    def __repr__(self) -> str:
        s = self.state
        return (f"MLPExplorer(sizes={list(s.sizes)}, activation={s.activation!r}, init={s.init!r}, seed={s.seed}, "
                f"show={s.show!r}) -> {s.num_parameters:,} parameters, logit in [{fmt(s.logit_min, 3)}, "
                f"{fmt(s.logit_max, 3)}], class 1 on {100 * s.class1:.1f}% of the square")
