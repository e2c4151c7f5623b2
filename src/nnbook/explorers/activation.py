"""The activation explorer (Chapter 2): an activation, its derivative and a movable point z.

Stands in for the source material's activation-function explorer.  The reader picks a
function from the registry, moves its parameter (α for Leaky ReLU, PReLU and ELU, β for
Swish) and slides a point ``z`` along the axis; the figure shows ``f`` on the left and ``f'``
on the right, both with the current point marked and its values read out.  Only element-wise
entries are offered (softmax needs a whole vector of logits; Chapter 2 treats it apart).
"""
from __future__ import annotations

import math
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from ..activations import ACTIVATIONS, activation_names, get_activation
from ..plotting import NEGATIVE, NEUTRAL, POSITIVE
from ._base import Explorer, and_list, fmt, say
from ._player import PlayerControl

__all__ = ["ActivationState", "activation_state", "ActivationExplorer", "Z_RANGE", "PARAM_RANGES"]

#: The interval of ``z`` drawn, and the range of the ``z`` slider.
Z_RANGE = (-5.0, 5.0)
#: Slider ranges ``(min, max, step)`` of the activation parameters.
PARAM_RANGES = {"alpha": (0.0, 2.0, 0.01), "beta": (0.0, 5.0, 0.05)}
_SYMBOLS = {"alpha": "α", "beta": "β"}
#: The site's player: every element-wise function; α at 0 (ReLU), the registry defaults (Leaky
#: ReLU 0.01, PReLU 0.25, ELU 1) and 2; β at 0 (a line), 1 (the default, SiLU), 2 and 5 (nearly
#: ReLU); z on a grid of 0.25 that holds the start z = -1.  The parameter grids are this coarse
#: to keep the page within its 1.2 MB budget: each α value costs three functions × 41 frames.
PLAYER_ALPHA = (0.0, 0.01, 0.25, 1.0, 2.0)
PLAYER_BETA = (0.0, 1.0, 2.0, 5.0)
PLAYER_Z = tuple(-5.0 + 0.25 * k for k in range(41))  # -5, -4.75, ..., 5 (exact in binary)


class ActivationState(NamedTuple):
    """Everything the activation explorer shows.

    ``params`` holds only the parameters the activation has (``{}`` for ReLU); ``y = f(z)``,
    ``dy = f'(z)``; ``z_grid``, ``f_grid`` and ``df_grid`` (shape ``(num,)``) are the curves.
    """

    activation: str
    label: str
    params: dict
    z: float
    y: float
    dy: float
    z_grid: np.ndarray
    f_grid: np.ndarray
    df_grid: np.ndarray


def activation_state(activation: str, z: float, *, alpha: float | None = None, beta: float | None = None,
                     z_range=Z_RANGE, num: int = 401) -> ActivationState:
    """Compute layer of the explorer: ``f`` and ``f'`` on a grid and at the point ``z``.

    ``alpha`` and ``beta`` are used only by activations that have them (missing values take
    the registry's default) and ignored otherwise.

    Raises
    ------
    ValueError
        For a non-element-wise activation (softmax) or a parameter the function rejects;
        ``UnknownActivationError`` for an unknown name.
    """
    act = get_activation(activation)
    if not act.elementwise:
        raise ValueError(f"the activation explorer draws element-wise functions; {act.name!r} is not "
                         f"(expected one of {activation_names(elementwise=True)})")
    given = {"alpha": alpha, "beta": beta}
    params = {p: float(default if given.get(p) is None else given[p]) for p, default in act.params.items()}
    z_grid = np.linspace(*z_range, num)
    return ActivationState(act.name, act.label, params, float(z),
                           float(act.fn(z, **params)), float(act.grad(z, **params)),
                           z_grid, act.fn(z_grid, **params), act.grad(z_grid, **params))


def _nice_limits(values: np.ndarray) -> tuple[float, float]:
    """y-limits that include 0 and the curve, padded and rounded outwards to a round step.

    Rounding means small parameter changes usually keep the limits, so the cached
    background (axes, ticks) can be reused.
    """
    lo, hi = min(float(np.nanmin(values)), 0.0), max(float(np.nanmax(values)), 0.0)
    span = max(hi - lo, 0.5)
    unit = 0.25 if span <= 2 else 0.5 if span <= 5 else 1.0 if span <= 10 else 2.5
    lo, hi = lo - 0.08 * span, hi + 0.08 * span
    return math.floor(lo / unit) * unit, math.ceil(hi / unit) * unit


def _slider(value: float, description: str, lo: float, hi: float, step: float) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               readout_format=".2f", continuous_update=True,
                               style={"description_width": "1.5em"}, layout=widgets.Layout(width="17em"))


class ActivationExplorer(Explorer):
    """Interactive activation function: ``f`` and ``f'`` with a movable point ``z``.

    Parameters
    ----------
    activation : str, default "elu"
        Initial function, an element-wise registry entry
        (:func:`nnbook.activations.activation_names` with ``elementwise=True``).
    z : float, default -1.0
        Initial point, in ``Z_RANGE`` = [-5, 5].
    alpha, beta : float, optional
        Initial parameters (α in [0, 2], β in [0, 5]); by default the registry's defaults.

    Controls are named ``activation alpha beta z``.  Choosing an activation resets its
    parameter slider to the registry default; a slider whose parameter the current function
    does not have is disabled.  ``explorer.set(activation="swish", beta=2.0)`` moves several
    controls (the activation first); ``explorer.state`` holds the latest :class:`ActivationState`.

    Raises
    ------
    ValueError
        For softmax (not element-wise); ``UnknownActivationError`` for an unknown name.
    """

    name = "activation"
    figsize = (8.4, 2.9)
    dpi = 72
    player_note = ("On this page every function responds; α takes the values 0, 0.01, 0.25, 1 and 2, β the "
                   "values 0, 1, 2 and 5, and z moves in steps of 0.25. Run the chapter in JupyterLab or "
                   "Binder for the fine sliders: α in steps of 0.01, β and z in steps of 0.05.")

    def __init__(self, activation: str = "elu", z: float = -1.0, alpha: float | None = None,
                 beta: float | None = None):
        act = get_activation(activation)
        activation_state(act.name, z)  # validates the name (element-wise) before building widgets
        defaults = {"alpha": 0.01, "beta": 1.0} | dict(act.params)
        values = {"alpha": defaults["alpha"] if alpha is None else alpha,
                  "beta": defaults["beta"] if beta is None else beta}
        # Declared order is the order set() applies them: the menu first, so that parameters
        # given in the same call override the defaults it puts in.
        controls = {"activation": widgets.Dropdown(options=activation_names(elementwise=True), value=act.name,
                                                   description="f",
                                                   style={"description_width": "1.5em"},
                                                   layout=widgets.Layout(width="17em"))}
        controls |= {p: _slider(values[p], _SYMBOLS[p], *PARAM_RANGES[p]) for p in ("alpha", "beta")}
        controls["z"] = _slider(z, "z", *Z_RANGE, 0.05)
        super().__init__(controls)
        # Observed before the base class's observers (added once __init__ returns), so the
        # parameters are reset before the base updates for the menu's change.
        controls["activation"].observe(self._on_activation, names="value")
        self._enable_param_sliders(act.name)

    # --- controls -----------------------------------------------------------------------
    def _enable_param_sliders(self, name: str) -> None:
        for p in PARAM_RANGES:
            self.controls[p].disabled = p not in ACTIVATIONS[name].params

    def _on_activation(self, change) -> None:
        """A new function: put its parameter sliders at the registry's defaults (the menu's own
        change then updates once)."""
        with self.holding():
            for p, default in ACTIVATIONS[change["new"]].params.items():
                self.controls[p].value = default
        self._enable_param_sliders(change["new"])

    def compute(self, activation, alpha, beta, z) -> ActivationState:
        return activation_state(activation, z, alpha=alpha, beta=beta)

    # --- figure -------------------------------------------------------------------------
    def build_figure(self) -> None:
        fig = self.figure
        self.ax_f = fig.add_axes((0.07, 0.15, 0.41, 0.75))
        self.ax_df = fig.add_axes((0.57, 0.15, 0.41, 0.75))
        self.curves, self.markers, self.guides = [], [], []
        for ax, colour, ylabel in ((self.ax_f, POSITIVE, "f(z)"), (self.ax_df, NEGATIVE, "f′(z)")):
            (curve,) = ax.plot([], [], color=colour, lw=2, animated=True)
            (guide,) = ax.plot([], [], color=NEUTRAL, lw=0.8, ls=":", animated=True)
            (marker,) = ax.plot([], [], "o", color="black", ms=6, animated=True)
            self.curves.append(curve)
            self.guides.append(guide)
            self.markers.append(marker)
            ax.axhline(0, color=NEUTRAL, lw=0.5)
            ax.axvline(0, color=NEUTRAL, lw=0.5)
            ax.set_xlim(*Z_RANGE)
            ax.set_xlabel("z", fontsize=9, labelpad=1)
            ax.set_ylabel(ylabel, fontsize=9, labelpad=1)
            ax.tick_params(labelsize=8)

    def animated(self):
        # The values are read out in the HTML line under the figure: text is the slowest thing
        # Matplotlib draws, and redrawing one line of it would cost more than everything else.
        return [*self.curves, *self.guides, *self.markers]

    def background_key(self, s: ActivationState):
        return s.activation, _nice_limits(s.f_grid), _nice_limits(s.df_grid)

    def draw_background(self, key) -> None:
        name, f_limits, df_limits = key
        label = ACTIVATIONS[name].label
        for ax, limits, what in ((self.ax_f, f_limits, "function"), (self.ax_df, df_limits, "derivative")):
            ax.set_ylim(*limits)
            ax.set_title(f"{label}: {what}", fontsize=9, pad=3)

    def draw(self, s: ActivationState) -> None:
        f = s.f_grid.copy()
        if not ACTIVATIONS[s.activation].differentiable:  # a gap at the jump, not a vertical line
            f[np.argmin(np.abs(s.z_grid))] = np.nan
        for ax, curve, guide, marker, grid, value in zip(
                (self.ax_f, self.ax_df), self.curves, self.guides, self.markers, (f, s.df_grid), (s.y, s.dy)):
            curve.set_data(s.z_grid, grid)
            bottom = ax.get_ylim()[0]
            guide.set_data([s.z, s.z, Z_RANGE[0]], [bottom, value, value])
            marker.set_data([s.z], [value])

    @staticmethod
    def _params_text(s: ActivationState) -> str:
        return "".join(f"{_SYMBOLS[p]} = {fmt(v)},  " for p, v in s.params.items())

    def readout_html(self, s: ActivationState) -> str:
        act = ACTIVATIONS[s.activation]
        yes_no = lambda flag: "yes" if flag else "no"  # noqa: E731
        return (
            f"<div style='font-family:monospace;line-height:1.5'>"
            f"{s.label}{' with ' + self._params_text(s).rstrip(', ') if s.params else ''}: "
            f"f({fmt(s.z)}) = <b>{fmt(s.y, 4)}</b>, f′({fmt(s.z)}) = <b>{fmt(s.dy, 4)}</b><br>"
            f"range {act.output_range} · zero-centred: {yes_no(act.zero_centred)} · "
            f"saturates: {yes_no(act.saturates)} · PyTorch: {act.torch_name}</div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        names = activation_names(elementwise=True)
        has = lambda p: tuple(n for n in names if p in ACTIVATIONS[n].params)  # noqa: E731
        return [PlayerControl.select("activation", "f", names),  # the live menu's names
                PlayerControl.range("alpha", "α", PLAYER_ALPHA, fmt, active_when=("activation", has("alpha"))),
                PlayerControl.range("beta", "β", PLAYER_BETA, fmt, active_when=("activation", has("beta"))),
                PlayerControl.range("z", "z", PLAYER_Z, fmt)]

    def layout(self) -> widgets.Widget:
        c = self.controls
        row = widgets.HBox([widgets.VBox([c["activation"], c["z"]]), widgets.VBox([c["alpha"], c["beta"]])])
        return widgets.VBox([row, self.image, self.readout])

    def frame_title(self, name, value, s: ActivationState) -> str:
        shown = s.label if name == "activation" else fmt(value)
        return f"{name} = {shown}:  f(z) = {fmt(s.y, 3)},  f′(z) = {fmt(s.dy, 3)}"

    def describe(self) -> str:
        s = self.state
        params = and_list([f"{p} {say(v)}" for p, v in s.params.items()]) if s.params else ""
        name = f"{s.label} function ({params})" if params else f"{s.label} function"
        return (f"Two panels over z from {say(s.z_grid[0])} to {say(s.z_grid[-1])}: the {name} "
                f"on the left and its derivative on the right, each with a dot at z = {say(s.z)}, where "
                f"f(z) is {say(s.y, 4)} and the slope f′(z) is {say(s.dy, 4)}.")

    def __repr__(self) -> str:
        s = self.state
        params = "".join(f", {p}={fmt(v)}" for p, v in s.params.items())
        return (f"ActivationExplorer(activation={s.activation!r}{params}, z={fmt(s.z)}) -> "
                f"f(z) = {fmt(s.y, 4)}, f'(z) = {fmt(s.dy, 4)}")
