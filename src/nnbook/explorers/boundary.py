"""The decision-boundary explorer (Chapter 3): one neuron classifying points in the plane.

Stands in for the source material's decision-boundary visualiser.  Sliders set ``w1``,
``w2`` and ``b``; a drop-down picks the data (AND, OR, XOR, or two Gaussian blobs).  The
figure shows the two half-planes the neuron labels class 0 and class 1, the boundary
``w1 x1 + w2 x2 + b = 0``, the weight vector drawn from the boundary towards the class-1
side, the points by true class, and a black ring around every point the neuron gets
wrong; the title and the read-out give the accuracy.
"""
from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon
from matplotlib.ticker import MaxNLocator

from ..boundary import boundary_line, half_planes, predict
from ..datasets import Dataset, gaussian_blobs, logic_gate
from ..plotting import CLASS_COLOURS, CLASS_MARKERS, REGION_COLOURS, weight_arrow
from ._base import Explorer, fmt, say
from ._player import PlayerControl

__all__ = ["BoundaryState", "boundary_state", "explorer_datasets", "direction_weights", "BoundaryExplorer"]

ARROW_COLOUR = "#2ca02c"
#: The site's player: the direction of w in steps of 22.5° at the length √2 of the start
#: w = (1, 1), and b on a grid of 0.5 that holds the start b = -1.5.  b stops at ±2.5 (the
#: kernel's slider reaches ±4) to keep the page within its 1.2 MB budget; on the gates a line
#: with |b| = 3 and ‖w‖ = √2 misses the view or touches only its corner.
PLAYER_ANGLES = tuple(22.5 * k for k in range(16))  # degrees, 0 ... 337.5
PLAYER_B = tuple(-2.5 + 0.5 * k for k in range(11))  # -2.5 ... 2.5


def direction_weights(theta_deg: float, length: float = np.sqrt(2.0)) -> dict[str, float]:
    """``{"w1": r cos θ, "w2": r sin θ}`` rounded to 2 decimals (the read-out's precision).

    With the default length √2, 45° gives exactly ``w = (1.0, 1.0)``, the explorer's start.
    """
    theta = np.deg2rad(theta_deg)
    w1, w2 = (round(float(length * f(theta)), 2) + 0.0 for f in (np.cos, np.sin))  # + 0.0: never -0.0
    return {"w1": w1, "w2": w2}


def explorer_datasets(seed: int = 0) -> dict[str, tuple[Dataset, tuple[float, float, float, float]]]:
    """The explorer's data sets with their square views ``(x1_min, x1_max, x2_min, x2_max)``.

    The gates AND, OR, XOR (view [-0.5, 1.5]²) and ``"blobs"``: 50 points per class from
    :func:`nnbook.datasets.gaussian_blobs` (separation 3, centres on the diagonal),
    drawn with ``numpy.random.default_rng(seed)``.
    """
    sets = {name: (logic_gate(name), (-0.5, 1.5, -0.5, 1.5)) for name in ("AND", "OR", "XOR")}
    blobs = gaussian_blobs(50, rng=np.random.default_rng(seed), separation=3.0)
    m = float(np.ceil(np.abs(blobs.X).max() + 0.5))
    sets["blobs"] = (blobs, (-m, m, -m, m))
    return sets


class BoundaryState(NamedTuple):
    """Everything the explorer shows for one setting of its controls.

    ``X`` (N, 2) and ``y`` (N,) are the data; ``z = X @ w + b`` and ``y_hat`` (both (N,))
    the neuron's pre-activations and labels; ``wrong`` (N,) marks the misclassified points.
    ``line`` is the visible boundary (2, 2) or (0, 2); ``region1``/``region0`` the
    half-plane polygons (K, 2); ``arrow`` the weight vector's start and end (2, 2) or (0, 2).
    """

    dataset: str
    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    b: float
    box: tuple[float, float, float, float]
    z: np.ndarray
    y_hat: np.ndarray
    wrong: np.ndarray
    n_correct: int
    accuracy: float
    line: np.ndarray
    region1: np.ndarray
    region0: np.ndarray
    arrow: np.ndarray


def boundary_state(X, y, w, b: float, box, dataset: str = "") -> BoundaryState:
    """Compute layer of the explorer: classify ``(X, y)`` with the neuron ``(w, b)`` and lay out the picture.

    ``w = 0`` is allowed: there is no boundary line or arrow, and every point gets the
    same label.  Raises the errors of :mod:`nnbook.boundary` for bad shapes or values.
    """
    X, y, w = np.asarray(X, dtype=np.float64), np.asarray(y), np.asarray(w, dtype=np.float64)
    z = X @ w + b
    y_hat = predict(X, w, b)
    wrong = y_hat != y
    region1, region0 = half_planes(w, b, box)
    line = boundary_line(w, b, box) if np.any(w) else np.empty((0, 2))
    n_correct = int((~wrong).sum())
    return BoundaryState(dataset, X, y, w, float(b), tuple(box), z, y_hat, wrong, n_correct,
                         n_correct / len(y), line, region1, region0, weight_arrow(w, b, box))


def _slider(value: float, description: str, lim: float) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=-lim, max=lim, step=0.1, description=description,
                               readout_format=".1f", continuous_update=True,
                               style={"description_width": "2.2em"}, layout=widgets.Layout(width="16em"))


class BoundaryExplorer(Explorer):
    """Interactive decision boundary of one neuron: class 1 where ``w1 x1 + w2 x2 + b >= 0``.

    Parameters
    ----------
    w : sequence of 2 floats, default (1, 1)
        Initial weights, each in [-3, 3].
    b : float, default -1.5
        Initial bias in [-4, 4].
    dataset : str, default "AND"
        One of ``"AND"``, ``"OR"``, ``"XOR"``, ``"blobs"``.
    seed : int, default 0
        Seed of the blobs (see :func:`explorer_datasets`).

    Controls are named ``w1 w2 b dataset``; ``explorer.set(b=-0.5)`` moves one, and
    ``explorer.state`` holds the latest :class:`BoundaryState`.

    Raises
    ------
    ValueError
        If ``w`` does not have 2 entries, a start value lies outside its slider's range,
        or ``dataset`` is unknown.
    """

    name = "boundary"
    figsize = (6.2, 4.0)
    dpi = 72
    player_note = ("On this page the data, the direction of w (in steps of 22.5°, at the length ‖w‖ ≈ 1.41 of "
                   "the start w = (1, 1)) and b (from -2.5 to 2.5 in steps of 0.5) respond. Run the chapter in "
                   "JupyterLab or Binder to move w1 and w2 separately, which also changes the length of w, "
                   "and b from -4 to 4 in steps of 0.1.")

    def __init__(self, w=(1.0, 1.0), b: float = -1.5, dataset: str = "AND", seed: int = 0):
        self.datasets = explorer_datasets(seed)
        w = list(w)
        if len(w) != 2:
            raise ValueError(f"the boundary explorer has 2 weights; got {len(w)}")
        if dataset not in self.datasets:
            raise ValueError(f"unknown dataset {dataset!r}; expected one of {list(self.datasets)}")
        limits = {"w1": 3.0, "w2": 3.0, "b": 4.0}
        start = {"w1": float(w[0]), "w2": float(w[1]), "b": float(b)}
        for name, value in start.items():
            if not -limits[name] <= value <= limits[name]:
                raise ValueError(f"{name} must lie in [{-limits[name]}, {limits[name]}], got {value}")
        controls = {name: _slider(start[name], name, limits[name]) for name in start}
        controls["dataset"] = widgets.Dropdown(options=list(self.datasets), value=dataset, description="data",
                                               style={"description_width": "3em"},
                                               layout=widgets.Layout(width="16em"))
        super().__init__(controls)

    def compute(self, w1, w2, b, dataset) -> BoundaryState:
        (X, y), box = self.datasets[dataset]
        return boundary_state(X, y, [w1, w2], b, box, dataset)

    def build_figure(self) -> None:
        fig = self.figure
        ax = self.ax = fig.add_axes((0.08, 0.12, 0.56, 0.78))
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal")
        ax.tick_params(labelsize=8)
        for axis in (ax.xaxis, ax.yaxis):  # ticks every 0.5 on the gates, every 2 on the blobs
            axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.regions = [ax.add_patch(Polygon(np.zeros((3, 2)), closed=True, fc=c, lw=0, animated=True))
                        for c in REGION_COLOURS]
        (self.line,) = ax.plot([], [], color="black", lw=2, animated=True)
        self.arrow = ax.add_patch(FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", color=ARROW_COLOUR, lw=2,
                                                  mutation_scale=15, animated=True))
        self.arrow_label = ax.text(0, 0, " w", color=ARROW_COLOUR, fontsize=11, fontweight="bold",
                                   va="center", animated=True)
        self.points = [ax.scatter([], [], c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k], edgecolors="white",
                                  linewidths=0.6, animated=True, zorder=4) for k in (0, 1)]
        self.rings = ax.scatter([], [], facecolors="none", edgecolors="black", linewidths=1.6,
                                animated=True, zorder=5)
        ax.title.set_animated(True)
        ax.title.set_fontsize(10)
        handles = [
            Line2D([], [], ls="", marker=CLASS_MARKERS[1], color=CLASS_COLOURS[1], label="class 1"),
            Line2D([], [], ls="", marker=CLASS_MARKERS[0], color=CLASS_COLOURS[0], label="class 0"),
            Line2D([], [], ls="", marker="o", mfc="none", mec="black", ms=10, label="misclassified"),
            Line2D([], [], color="black", lw=2, label="boundary z = 0"),
            Line2D([], [], color=ARROW_COLOUR, lw=2, label="direction of w"),
            Polygon(np.zeros((3, 2)), fc=REGION_COLOURS[1], label="predicted 1 (z ≥ 0)"),
            Polygon(np.zeros((3, 2)), fc=REGION_COLOURS[0], label="predicted 0 (z < 0)"),
        ]
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.67, 0.5), fontsize=8, frameon=False)

    def animated(self):
        return [*self.regions, *self.ax.spines.values(), self.line, self.arrow, self.arrow_label,
                *self.points, self.rings, self.ax.title]

    def background_key(self, s: BoundaryState):
        return s.dataset

    def draw_background(self, key) -> None:
        (X, y), box = self.datasets[key]
        self.ax.set(xlim=box[:2], ylim=box[2:])
        size = 70 if len(y) < 20 else 22
        for k, points in enumerate(self.points):
            points.set_offsets(X[y == k])
            points.set_sizes([size])
        self.rings.set_sizes([4 * size])

    def draw(self, s: BoundaryState) -> None:
        for polygon, patch in zip((s.region0, s.region1), self.regions):
            patch.set_visible(len(polygon) > 0)
            if len(polygon):
                patch.set_xy(polygon)
        self.line.set_data(s.line[:, 0], s.line[:, 1])
        has_arrow = len(s.arrow) > 0
        self.arrow.set_visible(has_arrow)
        self.arrow_label.set_visible(has_arrow)
        if has_arrow:
            self.arrow.set_positions(s.arrow[0], s.arrow[1])
            self.arrow_label.set_position(s.arrow[1])
        self.rings.set_offsets(s.X[s.wrong].reshape(-1, 2))
        note = "  (w = 0: no boundary)" if not np.any(s.w) else ""
        self.ax.set_title(f"{s.dataset}: accuracy {s.n_correct}/{len(s.y)} = {s.accuracy:.2f}{note}")

    def readout_html(self, s: BoundaryState) -> str:
        norm = float(np.hypot(*s.w))
        dist = f"{fmt(abs(s.b) / norm, 3)}" if norm > 0 else "undefined (w = 0)"
        return (
            "<div style='font-family:monospace;line-height:1.5'>"
            f"z = ({fmt(s.w[0])})·x1 + ({fmt(s.w[1])})·x2 + ({fmt(s.b)});  class 1 where z ≥ 0<br>"
            f"‖w‖ = {fmt(norm, 3)},  distance of the line from the origin |b|/‖w‖ = {dist}<br>"
            f"accuracy <b>{s.n_correct}/{len(s.y)} = {fmt(s.accuracy)}</b>, "
            f"misclassified {int(s.wrong.sum())}</div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        return [PlayerControl.select("dataset", "data", list(self.datasets)),
                PlayerControl("w", "direction of w", tuple(direction_weights(t) for t in PLAYER_ANGLES),
                              tuple(f"{t:g}°" for t in PLAYER_ANGLES)),
                PlayerControl.range("b", "b", PLAYER_B, fmt)]

    def layout(self) -> widgets.Widget:
        c = self.controls
        row = widgets.HBox([widgets.VBox([c["w1"], c["w2"]]), widgets.VBox([c["b"], c["dataset"]])])
        return widgets.VBox([row, self.image, self.readout])

    def frame_title(self, name, value, s: BoundaryState) -> str:
        return f"{super().frame_title(name, value, s)}:  accuracy {s.n_correct}/{len(s.y)}"

    def describe(self) -> str:
        s = self.state
        n, wrong = len(s.y), int(s.wrong.sum())
        everywhere = f"shaded all as predicted class {int(len(s.region1) > 0)}"
        if not np.any(s.w):
            plane = f"{everywhere}, with no boundary line because both weights are 0"
        else:
            shaded = ("shaded into the half-plane the neuron labels class 1 and the one it labels class 0"
                      if len(s.region0) and len(s.region1) else everywhere)
            line = ("split by the boundary line z = 0" if len(s.line)
                    else "with the boundary line z = 0 outside the view")
            arrow = ", and the weight vector w as an arrow pointing to the class-1 side" if len(s.arrow) else ""
            plane = f"{shaded}, {line}{arrow}"
        ringed = f"gets {wrong} wrong" + (", ringed in black" if wrong else "")
        return (f"The {n} points of the {s.dataset} data, marked by true class, on the plane {plane}. "
                f"With weights {say(s.w[0])} and {say(s.w[1])} and bias {say(s.b)} the neuron classifies "
                f"{s.n_correct} of the {n} points correctly (accuracy {say(s.accuracy)}) and {ringed}.")

    def __repr__(self) -> str:
        s = self.state
        return (f"BoundaryExplorer(dataset={s.dataset!r}, w=[{fmt(s.w[0])}, {fmt(s.w[1])}], b={fmt(s.b)}) "
                f"-> accuracy {s.n_correct}/{len(s.y)} = {fmt(s.accuracy)}, misclassified {int(s.wrong.sum())}")
