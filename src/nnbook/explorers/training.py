"""The training playground (Chapter 8): train a small network and watch its boundary and loss.

Stands in for the source material's training visualiser.  Controls pick the data (noisy
XOR, two moons, circles, spirals: 100 points per class), the learning rate (a log
slider), the number of hidden units, their activation and the number of epochs.  Every
change trains the network ``2 → hidden → 1`` and shows the probability of class 1 over the
plane with the decision boundary (p = 0.5) and the points, beside the loss curve.

The data sets and the training come from :mod:`nnbook.playground`
(:func:`~nnbook.playground.playground_data`, :class:`~nnbook.playground.TrainingRun`: full-batch
Adam on the binary cross-entropy of the logit, written out there, so a reader can repeat any
picture in a notebook cell).  This module wires them to the controls and draws.  Speed: a
run is kept per (data, learning rate, hidden units, activation) with weight snapshots at
every epoch the slider can show, so moving the epochs slider back costs no training and
moving it forward only trains the extra epochs.  The built site's static player uses the
same runs to replay training epoch by epoch (:data:`PLAYER_EPOCHS`, for each of the
:data:`PLAYER_LR` learning rates, :data:`PLAYER_HIDDEN` sizes of the hidden layer and
:data:`PLAYER_ACTIVATIONS`).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.lines import Line2D
from matplotlib.ticker import LogLocator, MaxNLocator

from ..activations import get_activation
from ..checks import check_int, check_number
from ..grids import grid
from ..mlp import MLP
from ..playground import DATASETS, HIDDEN_ACTIVATIONS, TrainingRun, playground_data
from ..plotting import CLASS_COLOURS, CLASS_MARKERS
from ..training import evaluate
from ._base import Explorer, fmt, say
from ._player import PlayerControl

__all__ = ["DATASETS", "HIDDEN_ACTIVATIONS", "playground_data", "TrainingRun", "TrainingState", "TrainingExplorer"]

GRID = 200  # grid cells per side of the probability map: about one per pixel, drawn unsmoothed
#: The map shows p(class 1) in bands of 0.1 (like TensorFlow Playground's shading): equal
#: confidence reads at a glance, and the flat bands keep the site's frames small (5 kB, not 28).
BANDS = np.linspace(0.0, 1.0, 11)
LOSS_YLIM = (1e-3, 3.0)
MAX_RUNS = 24  # cached training runs
#: The site's player replays training: every epoch the slider offers (25 to 400), for three
#: sizes of the hidden layer, on the defaults' moons, learning rate and activation.  A frame
#: changes the whole probability map (about 28 kB each in the page), so each run costs about
#: 0.45 MB: three runs fit the book's 1.5 MB budget for a player, four do not.
PLAYER_LR = (10 ** -2.0, 10 ** -1.5, 10 ** -1.0)
PLAYER_HIDDEN = (2, 4, 16)
PLAYER_ACTIVATIONS = ("relu", "tanh")
PLAYER_EPOCHS = tuple(range(25, 401, 25))


class TrainingState(NamedTuple):
    """What the playground shows for one setting of its controls.

    ``X`` (N, 2) and ``y`` (N,) are the data, ``box`` the view; ``model`` the trained
    network; ``proba`` (GRID, GRID) its probability of class 1 on the grid over ``box``
    (row 0 at the bottom); ``losses`` (epochs,) the training loss per epoch (measured
    during each epoch, as :func:`nnbook.training.fit` records it); ``loss`` and
    ``accuracy`` the loss and training accuracy of the final weights.
    """

    dataset: str
    lr: float
    hidden: int
    activation: str
    epochs: int
    X: np.ndarray
    y: np.ndarray
    box: tuple[float, float, float, float]
    model: MLP
    proba: np.ndarray
    losses: np.ndarray
    loss: float
    accuracy: float


class TrainingExplorer(Explorer):
    """Interactive training of a one-hidden-layer network on a planar data set.

    Parameters
    ----------
    dataset : str, default "moons"
        One of :data:`~nnbook.playground.DATASETS`.
    lr : float, default 10**-1.5 ≈ 0.032
        Adam's learning rate, in [0.001, 1] (the slider moves in quarter decades).
    hidden : int, default 16
        Hidden units, 1 to 32.
    activation : str, default "relu"
        One of :data:`~nnbook.playground.HIDDEN_ACTIVATIONS`.
    epochs : int, default 200
        25 to 400, in steps of 25.
    seed : int, default 0
        Seed of the data and of the initial weights.

    Controls are named ``dataset lr hidden activation epochs``; ``explorer.set(hidden=2)``
    moves one, ``explorer.state`` holds the latest :class:`TrainingState`.

    Raises
    ------
    ValueError
        For a start value outside its control's range or an unknown name.
    """

    name = "training"
    figsize = (8.4, 3.8)
    dpi = 72
    player_note = ("On this page the epochs slider replays training on the moons, for three learning rates, "
                   "2, 4 or 16 hidden units and relu or tanh. Run the chapter in JupyterLab or Binder to change "
                   "the data set and to move every control over its whole range.")

    def __init__(self, dataset: str = "moons", lr: float = 10 ** -1.5, hidden: int = 16, activation: str = "relu",
                 epochs: int = 200, seed: int = 0):
        self.seed = int(seed)
        self.data = {name: playground_data(name, self.seed) for name in DATASETS}
        if dataset not in DATASETS:
            raise ValueError(f"unknown data set {dataset!r}; expected one of {list(DATASETS)}")
        activation = get_activation(activation).name
        if activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"activation must be element-wise, one of {list(HIDDEN_ACTIVATIONS)}; got {activation!r}")
        lr = check_number(lr, "lr", at_least=1e-3, at_most=1.0)
        for name, value, lo, hi in (("hidden", hidden, 1, 32), ("epochs", epochs, 25, 400)):
            if check_int(value, name, minimum=lo) > hi:
                raise ValueError(f"{name} must be an integer <= {hi}, got {value!r}")
        if epochs % 25:
            raise ValueError(f"epochs must be a multiple of 25 from 25 to 400, got {epochs}")
        menu = dict(style={"description_width": "5em"}, layout=widgets.Layout(width="17em"))
        slider = dict(style={"description_width": "7.5em"}, layout=widgets.Layout(width="24em"),
                      continuous_update=False)
        controls = {
            "dataset": widgets.Dropdown(options=list(DATASETS), value=dataset, description="data", **menu),
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0, step=0.25, description="learning rate",
                                         readout_format=".3f", **slider),
            "hidden": widgets.IntSlider(value=hidden, min=1, max=32, step=1, description="hidden units", **slider),
            "activation": widgets.Dropdown(options=list(HIDDEN_ACTIVATIONS), value=activation, description="activation",
                                           **menu),
            "epochs": widgets.IntSlider(value=epochs, min=25, max=400, step=25, description="epochs", **slider),
        }
        self._runs: OrderedDict[tuple, TrainingRun] = OrderedDict()
        super().__init__(controls)

    # --- compute ------------------------------------------------------------------------

    def run_for(self, dataset: str, lr: float, hidden: int, activation: str) -> TrainingRun:
        """The cached run for these settings (created, and the oldest dropped, as needed)."""
        key = (dataset, float(lr), int(hidden), activation)
        run = self._runs.get(key)
        if run is None:
            (X, y), _ = self.data[dataset]
            run = TrainingRun(X, y, float(lr), int(hidden), activation, self.seed, every=self.controls["epochs"].step)
            self._runs[key] = run
            while len(self._runs) > MAX_RUNS:
                self._runs.popitem(last=False)
        self._runs.move_to_end(key)
        return run

    def compute(self, dataset, lr, hidden, activation, epochs) -> TrainingState:
        run = self.run_for(dataset, lr, hidden, activation)
        run.advance(epochs)
        model = run.model_at(epochs)
        (X, y), box = self.data[dataset]
        points = grid(box, GRID)  # from edge to edge of the box, bottom row first
        proba = points.image(model.predict_proba(points.points)[:, 0])
        loss, accuracy = evaluate(model, X, y, "bce_with_logits")
        return TrainingState(dataset, float(lr), int(hidden), activation, int(epochs), X, y, box, model, proba,
                             np.array(run.losses[:epochs]), float(loss), float(accuracy))

    # --- draw ---------------------------------------------------------------------------

    def build_figure(self) -> None:
        fig = self.figure
        ax = self.ax = fig.add_axes((0.065, 0.12, 0.34, 0.70))
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
        ax.tick_params(labelsize=8)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.map = ax.imshow(np.zeros((GRID, GRID)), origin="lower", cmap=plt.get_cmap("RdBu", len(BANDS) - 1),
                             norm=BoundaryNorm(BANDS, len(BANDS) - 1), alpha=0.75, interpolation="nearest",
                             animated=True)
        cax = fig.add_axes((0.415, 0.12, 0.012, 0.70))
        fig.colorbar(self.map, cax=cax, ticks=[0, 0.5, 1])
        cax.tick_params(labelsize=7)
        cax.set_ylabel("p(class 1)", fontsize=8, labelpad=3)
        self.contour = None
        self.points = [ax.scatter([], [], c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k], s=14, edgecolors="white",
                                  linewidths=0.4, animated=True, zorder=4) for k in (0, 1)]
        ax.title.set_animated(True)
        ax.title.set_fontsize(9)
        lax = self.loss_ax = fig.add_axes((0.585, 0.12, 0.395, 0.70))
        lax.set(yscale="log", ylim=LOSS_YLIM, xlim=(0, self.controls["epochs"].max), xlabel="epoch",
                ylabel="training loss (BCE)")
        lax.yaxis.set_major_locator(LogLocator(numticks=5))
        lax.tick_params(labelsize=8)
        lax.grid(True, which="major", alpha=0.3)
        (self.loss_line,) = lax.plot([], [], color="#2ca02c", lw=1.8, animated=True)
        lax.title.set_animated(True)
        lax.title.set_fontsize(9)
        handles = [Line2D([], [], ls="", marker=CLASS_MARKERS[k], color=CLASS_COLOURS[k], label=f"class {k}")
                   for k in (0, 1)] + [Line2D([], [], color="black", lw=1.5, label="boundary p = 0.5")]
        fig.legend(handles=handles, loc="upper center", ncol=3, fontsize=8, frameon=False,
                   bbox_to_anchor=(0.5, 1.0))

    def animated(self):
        artists = [self.map]
        if self.contour is not None:
            artists.append(self.contour)
        return artists + [*self.points, self.ax.title, self.loss_line, self.loss_ax.title]

    def background_key(self, s: TrainingState):
        return s.dataset  # the loss axis always spans the slider's whole range of epochs

    def draw_background(self, dataset: str) -> None:
        (X, y), box = self.data[dataset]
        self.ax.set(xlim=box[:2], ylim=box[2:])
        self.map.set_extent(box)
        for k, points in enumerate(self.points):
            points.set_offsets(X[y == k])

    def draw(self, s: TrainingState) -> None:
        self.map.set_data(s.proba)
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if s.proba.min() < 0.5 < s.proba.max():
            self.contour = self.ax.contour(s.proba, levels=[0.5], colors="black", linewidths=1.5,
                                           extent=s.box, origin="lower")
            self.contour.set_animated(True)
        self.loss_line.set_data(np.arange(1, s.epochs + 1), np.clip(s.losses, *LOSS_YLIM))
        self.ax.set_title(f"{s.dataset}, 2 → {s.hidden} {s.activation} → 1: accuracy {s.accuracy:.2f}")
        self.loss_ax.set_title(f"Adam, lr = {s.lr:.3g}: final loss {s.loss:.3f}")

    def frame_title(self, name, value, s: TrainingState) -> str:
        shown = f"{value:.3g}" if name == "lr" else str(value)
        return f"{name} = {shown}: accuracy {s.accuracy:.2f}, loss {s.loss:.3f}"

    def readout_html(self, s: TrainingState) -> str:
        right = int(round(s.accuracy * len(s.y)))
        return (
            "<div style='font-family:monospace;line-height:1.5'>"
            f"{s.dataset} ({len(s.y)} points), 2 → {s.hidden} {s.activation} → 1 "
            f"({s.model.num_parameters:,} parameters), full-batch Adam, learning rate {s.lr:.3g}<br>"
            f"after epoch <b>{s.epochs}</b>: training loss <b>{fmt(s.loss, 3)}</b>, training accuracy "
            f"<b>{fmt(s.accuracy)}</b> ({right} of {len(s.y)} points right)</div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        # epochs last: the player varies the last control fastest, so each run is trained once,
        # 25 epochs at a time, and replayed from its snapshots
        return [PlayerControl.range("lr", "learning rate", PLAYER_LR, lambda v: f"{v:.3g}"),
                PlayerControl.range("hidden", "hidden units", PLAYER_HIDDEN),
                PlayerControl.select("activation", "activation", PLAYER_ACTIVATIONS),
                PlayerControl.range("epochs", "epochs", PLAYER_EPOCHS)]

    def layout(self) -> widgets.Widget:
        c = self.controls
        row = widgets.HBox([widgets.VBox([c["dataset"], c["activation"]]),
                            widgets.VBox([c["lr"], c["hidden"], c["epochs"]])])
        return widgets.VBox([row, self.image, self.readout])

    def describe(self) -> str:
        s = self.state
        boundary = ("with the decision boundary, where p is 0.5, in black" if s.proba.min() < 0.5 < s.proba.max()
                    else "all on one side of p = 0.5, so there is no decision boundary")
        return (f"The {len(s.y)} points of the {s.dataset} data, marked by class, over a map shaded by the "
                f"network's probability of class 1, {boundary}, beside the curve of the training loss over epochs "
                f"1 to {s.epochs}. After {s.epochs} epochs of Adam at learning rate {s.lr:.3g}, the network "
                f"with {s.hidden} {s.activation} hidden units has training loss {say(s.loss, 3)} and training "
                f"accuracy {say(s.accuracy)}.")

    def __repr__(self) -> str:
        s = self.state
        return (f"TrainingExplorer(dataset={s.dataset!r}, lr={s.lr:.3g}, hidden={s.hidden}, "
                f"activation={s.activation!r}, epochs={s.epochs}) -> loss {fmt(s.loss, 3)}, "
                f"training accuracy {fmt(s.accuracy)}")
