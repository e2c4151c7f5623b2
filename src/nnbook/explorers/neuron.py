"""The neuron explorer (Chapter 1): three inputs, three weights, a bias and an activation.

Stands in for the source material's interactive neuron: the reader moves sliders and
sees the neuron's diagram (edge width = |w|, colour = sign), the activation curve with
the current ``(z, y)`` marked, and a read-out of the arithmetic.
"""
from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from ..activations import activation_names, get_activation
from ..neuron import neuron_forward
from ..plotting import NEUTRAL, POSITIVE, NeuronDiagram
from ._base import Explorer, and_list, fmt, say
from ._player import PlayerControl

__all__ = ["NeuronState", "neuron_state", "NeuronExplorer"]

#: The worked neuron of Chapter 1.
WORKED_X = (0.6, 0.4, -0.2)
WORKED_W = (0.7, -0.3, 0.5)
WORKED_B = -0.1
#: The site's player: x3, w3, b and the activation (the chapter's "things to try"), on grids
#: that hold the worked values; x1, x2, w1, w2 stay at the worked neuron.
PLAYER_X3 = (-1.8, -1.0, -0.2, 0.6, 1.4)
PLAYER_W3 = (-1.0, -0.5, 0.0, 0.5, 1.0)
PLAYER_B = tuple(round(-0.6 + 0.1 * k, 1) for k in range(9))  # -0.6 ... 0.2
PLAYER_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu")


class NeuronState(NamedTuple):
    """Everything the neuron explorer shows.

    ``x`` and ``w`` have shape ``(3,)``; ``contributions = w * x`` (shape ``(3,)``) are the
    terms of the weighted sum; ``z = contributions.sum() + b`` and ``y = f(z)``.
    """

    x: np.ndarray
    w: np.ndarray
    b: float
    activation: str
    contributions: np.ndarray
    z: float
    y: float


def neuron_state(x, w, b: float, activation: str = "sigmoid") -> NeuronState:
    """Compute layer of the explorer: the neuron's forward pass and its terms.

    Raises the errors of :func:`nnbook.neuron.neuron_forward` for bad shapes, values or names.
    """
    z, y = neuron_forward(x, w, b, activation)
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return NeuronState(x, w, float(b), get_activation(activation).name, w * x, float(z), float(y))


def _slider(value: float, description: str, lo: float = -2.0, hi: float = 2.0) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=0.05, description=description,
                               readout_format=".2f", continuous_update=True,
                               style={"description_width": "2.2em"},
                               layout=widgets.Layout(width="15em"))


class NeuronExplorer(Explorer):
    """Interactive single neuron: ``y = f(w1 x1 + w2 x2 + w3 x3 + b)``.

    Parameters
    ----------
    x, w : sequence of 3 floats
        Initial inputs and weights, each in [-2, 2] (default: the worked neuron of
        Chapter 1, x = [0.6, 0.4, -0.2], w = [0.7, -0.3, 0.5]).
    b : float
        Initial bias in [-2, 2] (default -0.1).
    activation : str
        Initial activation, one of :func:`nnbook.activations.activation_names`.

    Controls are named ``x1 x2 x3 w1 w2 w3 b activation``; ``explorer.set(b=0.5)`` moves
    one, ``explorer.state`` holds the latest :class:`NeuronState`.

    Raises
    ------
    ValueError
        If ``x`` or ``w`` does not have 3 entries; ``UnknownActivationError`` for an
        unknown activation.
    """

    name = "neuron"
    figsize = (8.4, 2.9)
    dpi = 72
    player_note = ("On this page x₃, w₃, b and f respond; x₁, x₂, w₁ and w₂ stay at the worked neuron. "
                   "Run the chapter in JupyterLab or Binder to move all seven sliders.")

    def __init__(self, x=WORKED_X, w=WORKED_W, b: float = WORKED_B, activation: str = "sigmoid"):
        x, w = list(x), list(w)
        if len(x) != 3 or len(w) != 3:
            raise ValueError(f"the neuron explorer has 3 inputs; got {len(x)} inputs and {len(w)} weights")
        name = get_activation(activation).name
        controls = {f"x{i + 1}": _slider(v, f"x{i + 1}") for i, v in enumerate(x)}
        controls |= {f"w{i + 1}": _slider(v, f"w{i + 1}") for i, v in enumerate(w)}
        controls["b"] = _slider(b, "b")
        controls["activation"] = widgets.Dropdown(options=activation_names(elementwise=True), value=name,
                                                  description="f", style={"description_width": "2.2em"},
                                                  layout=widgets.Layout(width="15em"))
        super().__init__(controls)

    def compute(self, x1, x2, x3, w1, w2, w3, b, activation) -> NeuronState:
        return neuron_state([x1, x2, x3], [w1, w2, w3], b, activation)

    def build_figure(self) -> None:
        fig = self.figure
        ax_diagram = fig.add_axes((0.0, 0.02, 0.56, 0.96))
        self.ax_curve = fig.add_axes((0.64, 0.17, 0.34, 0.72))
        self.diagram = NeuronDiagram(ax_diagram, in_features=3, animated=True)
        ax = self.ax_curve
        (self.curve,) = ax.plot([], [], color=POSITIVE, lw=2)
        (self.guide,) = ax.plot([], [], color=NEUTRAL, lw=0.8, ls=":", animated=True)
        (self.marker,) = ax.plot([], [], "o", color="black", ms=6, animated=True)
        ax.axhline(0, color=NEUTRAL, lw=0.5)
        ax.axvline(0, color=NEUTRAL, lw=0.5)
        ax.set_xlabel("z", fontsize=9)
        ax.tick_params(labelsize=8)

    def animated(self):
        return [*self.diagram.dynamic, self.guide, self.marker]

    def background_key(self, s: NeuronState):
        # The curve panel is redrawn when the activation changes or z leaves the visible range.
        return s.activation, self._z_limit(s.z)

    def draw_background(self, key) -> None:
        name, lim = key
        act = get_activation(name)
        z = np.linspace(-lim, lim, 401)
        f = act.fn(z)
        if not act.differentiable:  # leave a gap at the jump instead of a vertical line
            f[np.argmin(np.abs(z))] = np.nan
        self.curve.set_data(z, f)
        lo, hi = np.nanmin(f), np.nanmax(f)
        pad = 0.1 * (hi - lo)
        self.ax_curve.set(xlim=(-lim, lim), ylim=(lo - pad, hi + pad))
        self.ax_curve.set_title(f"y = {act.name}(z)", fontsize=9)

    @staticmethod
    def _z_limit(z: float) -> float:
        return max(6.0, float(np.ceil(abs(z))) + 1.0)

    def draw(self, s: NeuronState) -> None:
        self.diagram.update(s.x, s.w, s.b, s.z, s.y, s.activation)
        lim = self._z_limit(s.z)
        bottom = self.ax_curve.get_ylim()[0]
        self.guide.set_data([s.z, s.z, -lim], [bottom, s.y, s.y])
        self.marker.set_data([s.z], [s.y])

    def readout_html(self, s: NeuronState) -> str:
        terms = " + ".join(f"({fmt(wi)})({fmt(xi)})" for wi, xi in zip(s.w, s.x))
        return (
            f"<div style='font-family:monospace;line-height:1.5'>"
            f"z = w·x + b = {terms} + ({fmt(s.b)}) = <b>{fmt(s.z, 4)}</b><br>"
            f"y = {s.activation}(z) = <b>{fmt(s.y, 4)}</b></div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        return [PlayerControl.select("activation", "f", PLAYER_ACTIVATIONS),
                PlayerControl.range("x3", "x₃", PLAYER_X3, fmt),
                PlayerControl.range("w3", "w₃", PLAYER_W3, fmt),
                PlayerControl.range("b", "b", PLAYER_B, fmt)]

    def layout(self) -> widgets.Widget:
        c = self.controls
        column = lambda *names: widgets.VBox([c[n] for n in names])  # noqa: E731
        sliders = widgets.HBox([column("x1", "x2", "x3"), column("w1", "w2", "w3"),
                                column("b", "activation")])
        return widgets.VBox([sliders, self.image, self.readout])

    def frame_title(self, name, value, s: NeuronState) -> str:
        return f"{super().frame_title(name, value, s)}:  z = {fmt(s.z, 3)},  y = {fmt(s.y, 3)}"

    def describe(self) -> str:
        s = self.state
        values = lambda v: and_list([say(e) for e in v])  # noqa: E731
        return (f"A neuron diagram with inputs {values(s.x)}, weights {values(s.w)} (each edge drawn as "
                f"wide as the size of its weight and coloured by its sign) and bias {say(s.b)}, beside the "
                f"curve of the {s.activation} activation: the weighted sum z is {say(s.z, 4)} and the output "
                f"y is {say(s.y, 4)}, marked as a dot on the curve.")

    def __repr__(self) -> str:
        s = self.state
        vec = lambda v: "[" + ", ".join(fmt(e) for e in v) + "]"  # noqa: E731
        return (f"NeuronExplorer(x={vec(s.x)}, w={vec(s.w)}, b={fmt(s.b)}, "
                f"activation={s.activation!r}) -> z = {fmt(s.z, 4)}, y = {fmt(s.y, 4)}")
