r"""The dot-product explorer (Chapter 4): two 2-D vectors set by angle and length.

Stands in for the source material's draggable dot-product picture.  The reader turns and
stretches the vectors ``a`` and ``b`` and sees both arrows, the angle θ between them, the
projection of ``b`` onto the line of ``a`` (coloured by the sign of the dot product) and
where θ sits on the curve of cos θ; an HTML read-out below the picture gives
:math:`\mathbf{a}\cdot\mathbf{b} = a_1 b_1 + a_2 b_2 = \|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta`
computed both ways (:func:`nnbook.linalg.vector_geometry`).

Everything that moves is animated (blitted); the axes, grid and cosine curve are a
background drawn once.  On the site the player turns both arrows on a 15° grid
(:data:`PLAYER_ANGLES`) and gives b three lengths (:data:`PLAYER_B_LENGTHS`); finer angles
and other lengths need a kernel.
"""
from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch

from ..linalg import VectorGeometry, polar, vector_geometry
from ..plotting import NEGATIVE, NEUTRAL, POSITIVE
from ._base import Explorer, fmt, say
from ._player import PlayerControl

__all__ = ["DotState", "dot_state", "DotExplorer"]

A_COLOUR = "#222222"
B_COLOUR = "#9467bd"
SIGN_COLOUR = {"aligned": POSITIVE, "orthogonal": NEUTRAL, "opposed": NEGATIVE}
LIM = 2.3          # half-width of the vector panel; lengths go up to 2
ARC_RADIUS = 0.45
#: The site's player turns both arrows on this 15° grid (24 directions, degrees) ...
PLAYER_ANGLES = tuple(range(-165, 181, 15))
#: ... and offers these lengths of b (a keeps its own): 24 × 24 × 3 frames, about 2.3 MB; each
#: further length would add a third of that again.
PLAYER_B_LENGTHS = (0.6, 1.2, 1.8)


class DotState(NamedTuple):
    """The explorer's controls (angles in degrees) and the geometry they give."""

    a_angle: float
    a_length: float
    b_angle: float
    b_length: float
    geometry: VectorGeometry


def dot_state(a_angle: float, a_length: float, b_angle: float, b_length: float) -> DotState:
    """Compute layer: the two vectors from polar coordinates, then their geometry.

    Raises the errors of :func:`nnbook.linalg.polar` and :func:`nnbook.linalg.vector_geometry`
    (for instance a zero length, which leaves the angle undefined).
    """
    g = vector_geometry(polar(a_length, a_angle), polar(b_length, b_angle))
    return DotState(float(a_angle), float(a_length), float(b_angle), float(b_length), g)


def _angle_slider(value: float, description: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=-180, max=180, step=5, description=description,
                             continuous_update=True, style={"description_width": "4.5em"},
                             layout=widgets.Layout(width="20em"))


def _length_slider(value: float, description: str) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=0.25, max=2.0, step=0.05, description=description,
                               readout_format=".2f", continuous_update=True,
                               style={"description_width": "4.5em"}, layout=widgets.Layout(width="20em"))


class DotExplorer(Explorer):
    """Interactive dot product of two 2-D vectors given by angle (degrees) and length.

    Parameters
    ----------
    a_angle, b_angle : int
        Initial directions in degrees, in [-180, 180] on a 5° grid (default 30° and 75°).
    a_length, b_length : float
        Initial lengths in [0.25, 2] (default 1.5 and 1.2).

    Controls are named ``a_angle a_length b_angle b_length``; ``explorer.set(b_angle=120)``
    moves one, ``explorer.state`` holds the latest :class:`DotState`.  Values outside a
    slider's range are clipped to it (ipywidgets' behaviour), so every state is drawable.

    The site's player (:meth:`player_controls`) offers both angles on :data:`PLAYER_ANGLES` and
    b's length on :data:`PLAYER_B_LENGTHS`, so it can only be built while the explorer stands
    on those values.
    """

    name = "dot"
    figsize = (8.4, 3.2)
    dpi = 72

    def __init__(self, a_angle: int = 30, a_length: float = 1.5, b_angle: int = 75, b_length: float = 1.2):
        controls = {
            "a_angle": _angle_slider(a_angle, "a: angle"),
            "a_length": _length_slider(a_length, "a: length"),
            "b_angle": _angle_slider(b_angle, "b: angle"),
            "b_length": _length_slider(b_length, "b: length"),
        }
        super().__init__(controls)

    def compute(self, a_angle, a_length, b_angle, b_length) -> DotState:
        return dot_state(a_angle, a_length, b_angle, b_length)

    # --- figure -------------------------------------------------------------------------
    def build_figure(self) -> None:
        fig = self.figure
        ax = self.ax_vectors = fig.add_axes((0.06, 0.15, 0.36, 0.75))
        ax.set(xlim=(-LIM, LIM), ylim=(-LIM, LIM), aspect="equal")
        ax.axhline(0, color=NEUTRAL, lw=0.6)
        ax.axvline(0, color=NEUTRAL, lw=0.6)
        ax.grid(True, lw=0.4, alpha=0.5)
        ax.set_xlabel("first component", fontsize=9)
        ax.set_ylabel("second component", fontsize=9)
        ax.set_title("a, b and the projection of b onto a", fontsize=9)
        ax.tick_params(labelsize=8)
        anim = dict(animated=True)
        (self.a_line,) = ax.plot([], [], color=A_COLOUR, lw=0.8, ls=":", **anim)
        (self.projection,) = ax.plot([], [], lw=7, alpha=0.45, solid_capstyle="butt", **anim)
        (self.drop,) = ax.plot([], [], color=NEUTRAL, lw=1, ls="--", **anim)
        (self.arc,) = ax.plot([], [], lw=1.5, **anim)
        self.arrow_a = ax.add_patch(FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=14,
                                                    color=A_COLOUR, lw=2, shrinkA=0, shrinkB=0, **anim))
        self.arrow_b = ax.add_patch(FancyArrowPatch((0, 0), (0, 1), arrowstyle="-|>", mutation_scale=14,
                                                    color=B_COLOUR, lw=2, shrinkA=0, shrinkB=0, **anim))
        label = dict(fontsize=11, fontweight="bold", ha="center", va="center", **anim)
        self.label_a = ax.text(0, 0, "a", color=A_COLOUR, **label)
        self.label_b = ax.text(0, 0, "b", color=B_COLOUR, **label)
        self.label_theta = ax.text(0, 0, "θ", fontsize=9, ha="center", va="center", **anim)

        cos_ax = self.ax_cos = fig.add_axes((0.56, 0.15, 0.41, 0.73))
        theta = np.linspace(0.0, 180.0, 181)
        cos_ax.plot(theta, np.cos(np.deg2rad(theta)), color="black", lw=1.5)
        cos_ax.axhspan(0, 1.1, color=POSITIVE, alpha=0.08)
        cos_ax.axhspan(-1.1, 0, color=NEGATIVE, alpha=0.08)
        cos_ax.axhline(0, color=NEUTRAL, lw=0.6)
        cos_ax.axvline(90, color=NEUTRAL, lw=0.6, ls=":")
        cos_ax.text(176, 0.55, "aligned: a·b > 0", fontsize=9, color=POSITIVE, ha="right")
        cos_ax.text(4, -0.55, "opposed: a·b < 0", fontsize=9, color=NEGATIVE)
        cos_ax.text(92, 0.9, "orthogonal:\na·b = 0", fontsize=8, color=NEUTRAL, va="top")
        cos_ax.set(xlim=(0, 180), ylim=(-1.1, 1.1), xticks=[0, 45, 90, 135, 180], yticks=[-1, 0, 1])
        cos_ax.set_xlabel("angle θ between a and b (degrees)", fontsize=9)
        cos_ax.set_ylabel("cos θ = a·b / (‖a‖‖b‖)", fontsize=9)
        cos_ax.set_title("the sign of a·b is the sign of cos θ", fontsize=9)
        cos_ax.tick_params(labelsize=8)
        (self.cos_marker,) = cos_ax.plot([], [], "o", ms=8, mec="black", clip_on=False, **anim)

    def animated(self):
        return [self.a_line, self.projection, self.drop, self.arc, self.arrow_a, self.arrow_b,
                self.label_a, self.label_b, self.label_theta, self.cos_marker]

    def draw(self, s: DotState) -> None:
        g = s.geometry
        colour = SIGN_COLOUR[g.alignment]
        unit_a = g.a / g.norm_a
        self.a_line.set_data(*np.column_stack([-2 * LIM * unit_a, 2 * LIM * unit_a]))
        self.arrow_a.set_positions((0, 0), tuple(g.a))
        self.arrow_b.set_positions((0, 0), tuple(g.b))
        self.projection.set_data([0, g.projection[0]], [0, g.projection[1]])
        self.projection.set_color(colour)
        self.drop.set_data([g.b[0], g.projection[0]], [g.b[1], g.projection[1]])
        for text, vector in ((self.label_a, g.a), (self.label_b, g.b)):
            tip = vector + 0.22 * vector / np.hypot(*vector)
            text.set_position(tuple(np.clip(tip, -LIM + 0.12, LIM - 0.12)))
        # the arc turns the short way from a's direction to b's
        turn = (s.b_angle - s.a_angle + 180.0) % 360.0 - 180.0
        phi = np.deg2rad(s.a_angle + np.linspace(0.0, turn, 48))
        self.arc.set_data(ARC_RADIUS * np.cos(phi), ARC_RADIUS * np.sin(phi))
        self.arc.set_color(colour)
        mid = np.deg2rad(s.a_angle + turn / 2)
        self.label_theta.set_position((0.72 * np.cos(mid), 0.72 * np.sin(mid)))
        self.cos_marker.set_data([g.theta_deg], [g.cos_theta])
        self.cos_marker.set_color(colour)

    def readout_html(self, s: DotState) -> str:
        g = s.geometry
        colour = SIGN_COLOUR[g.alignment]
        sign = {"aligned": "positive: a and b are aligned (θ &lt; 90°)",
                "orthogonal": "zero: a and b are orthogonal (θ = 90°)",
                "opposed": "negative: a and b are opposed (θ &gt; 90°)"}[g.alignment]
        return (
            "<div style='font-family:monospace;line-height:1.6'>"
            f"a·b = a₁b₁ + a₂b₂ = ({fmt(g.a[0])})({fmt(g.b[0])}) + ({fmt(g.a[1])})({fmt(g.b[1])})"
            f" = <b>{fmt(g.dot, 4)}</b><br>"
            f"‖a‖ ‖b‖ cos θ = {fmt(g.norm_a)} × {fmt(g.norm_b)} × cos {fmt(g.theta_deg, 0)}°"
            f" = <b>{fmt(g.dot_geometric, 4)}</b><br>"
            f"sign: <span style='color:{colour}'><b>{sign}</b></span></div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        """Both directions on :data:`PLAYER_ANGLES` (which holds the defaults 30° and 75°) and
        b's length on :data:`PLAYER_B_LENGTHS` (default 1.2): 24 × 24 × 3 = 1728 states.  a's
        length is not offered; the player opens on the explorer's."""
        degrees = lambda v: f"{v}°"  # noqa: E731
        return [PlayerControl.range("a_angle", "a: angle", PLAYER_ANGLES, degrees),
                PlayerControl.range("b_angle", "b: angle", PLAYER_ANGLES, degrees),
                PlayerControl.range("b_length", "b: length", PLAYER_B_LENGTHS, fmt)]

    @property
    def player_note(self) -> str:
        return (f"On this page both arrows turn in 15° steps, b takes three lengths and a keeps its "
                f"length, {fmt(self.values['a_length'])}. Run the chapter in JupyterLab or Binder to turn "
                f"them in 5° steps and to give both any length.")

    def layout(self) -> widgets.Widget:
        c = self.controls
        return widgets.VBox([widgets.HBox([widgets.VBox([c["a_angle"], c["a_length"]]),
                                           widgets.VBox([c["b_angle"], c["b_length"]])]),
                             self.image, self.readout])

    def frame_title(self, name, value, s: DotState) -> str:
        g = s.geometry
        return f"{name} = {value}: θ = {fmt(g.theta_deg, 0)}°, a·b = {fmt(g.dot, 2)} ({g.alignment})"

    def describe(self) -> str:
        s = self.state
        g = s.geometry
        sign = {"aligned": "positive: a and b are aligned", "orthogonal": "zero: a and b are orthogonal",
                "opposed": "negative: a and b are opposed"}[g.alignment]
        theta = f"{say(g.theta_deg, 0)} degrees"
        return (f"Two arrows from the origin, a of length {say(s.a_length)} at {say(s.a_angle, 0)} degrees and "
                f"b of length {say(s.b_length)} at {say(s.b_angle, 0)} degrees, with the projection of b onto "
                f"the line of a and the angle of {theta} between them, also marked on the cosine curve beside "
                f"them: the dot product of a and b is {say(g.dot, 4)}, {say(g.norm_a)} times {say(g.norm_b)} "
                f"times the cosine of {theta}, {sign}.")

    def __repr__(self) -> str:
        s = self.state
        g = s.geometry
        return (f"DotExplorer(a: length {fmt(s.a_length)} at {fmt(s.a_angle, 0)}°, "
                f"b: length {fmt(s.b_length)} at {fmt(s.b_angle, 0)}°) -> a·b = {fmt(g.dot, 4)} "
                f"= {fmt(g.norm_a)} × {fmt(g.norm_b)} × cos {fmt(g.theta_deg, 0)}°, {g.alignment}")
