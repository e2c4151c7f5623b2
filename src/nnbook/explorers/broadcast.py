"""The broadcasting explorer (Chapter 6): type two shapes, watch NumPy's rule at work.

Two text boxes take the shapes (``"4, 2"`` and ``"2"``).  The figure draws the three steps
of :mod:`nnbook.broadcasting` as rows of boxes, one box per axis: the shapes aligned on the
right, then padded with 1s (dashed), then with each 1 stretched (orange) and each clash
marked (red); the last row is the result shape, or the exact error message.  Text that is
not a shape (``"4, x"``) never raises out of the widget: the figure and
:attr:`BroadcastState.invalid` say what is wrong.

The figure's structure changes with the number of axes, so every box, number and message is
an animated artist from a fixed pool (hidden when unused), drawn over a background that holds
only the row labels.  Matplotlib's text drawing dominates the cost (about 0.2 ms per glyph
here), and the same boxes recur from one pair of shapes to the next, so the explorer lists its
animated layer as *sprites* (:meth:`BroadcastExplorer.sprites`): each one (one box with its
number, one header, one shape, the message) owns a fixed, non-overlapping rectangle of the
canvas and a key that fixes its appearance, and the base class draws a new sprite once and
copies its cached pixels afterwards.

On the site the player offers every pair of the shapes in :data:`EXAMPLE_PAIRS` from two
menus; typing other shapes needs a kernel.
"""
from __future__ import annotations

import html
import textwrap
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, TransformedBbox

from ..broadcasting import CLASH, STRETCH_A, STRETCH_B, Alignment, align, parse_shape
from ..plotting import NEGATIVE, NEUTRAL, POSITIVE
from ._base import Explorer, Sprite, and_list, say
from ._player import PlayerControl

__all__ = ["BroadcastState", "broadcast_state", "BroadcastExplorer", "EXAMPLE_PAIRS"]

#: Shape pairs offered by the explorer's example menu (and sampled by ``scripts/bench.py``).
EXAMPLE_PAIRS = (
    ("bias added to a batch", "4, 2", "2"),
    ("the (4,) vs (4, 1) bug", "4", "4, 1"),
    ("bias on the wrong axis", "4, 2", "4"),
    ("column times row", "3, 1", "1, 5"),
    ("a scalar (0-d)", "4, 3", ""),
    ("an empty batch", "0, 3", "3"),
    ("images and channels", "8, 3, 32, 32", "3, 1, 1"),
    ("three axes clash", "2, 3, 4", "5, 1, 6"),
    ("not a shape", "4, x", "3"),
)

MAX_DRAWN = 8  # axes the figure has room for; longer shapes are computed but not drawn
ORANGE, GREEN = "#ff7f0e", "#2ca02c"

# Layout in pixels of the canvas, y upwards; the axes span the figure with one data unit per
# pixel, so every box edge lies on the pixel grid and a sprite drawn once looks the same
# wherever it is copied.  Rows, top to bottom: (y centre, shape, step).
_WIDTH, _HEIGHT, _DPI = 576, 252, 72
_ROWS = ((194, "a", 1), (177, "b", 1), (151, "a", 2), (134, "b", 2),
         (108, "a", 3), (91, "b", 3), (66, "result", 4))
_X_LEFT, _X_RIGHT, _X_SHAPE = 138, 420, 435  # the box area and the shape column
_Y_TITLE, _Y_HEADER, _Y_MESSAGE = 237, 214, 47  # title and header centres, message top
_BOX_H, _MARGIN = 13, 2  # box height; sprite margin around a box (room for its edge)


class BroadcastState(NamedTuple):
    """What the explorer shows for two typed shapes.

    ``a`` and ``b`` are the parsed shapes (``None`` if the text is not a shape, with the
    reason in ``invalid``); ``alignment`` holds the steps (``None`` when a text is invalid).
    """

    a_text: str
    b_text: str
    a: tuple[int, ...] | None
    b: tuple[int, ...] | None
    alignment: Alignment | None
    invalid: str | None

    @property
    def result(self) -> tuple[int, ...] | None:
        """The broadcast shape, or ``None`` (invalid text or a clash)."""
        return self.alignment.result if self.alignment is not None else None

    @property
    def error(self) -> str | None:
        """The broadcasting error message, or ``None``."""
        return self.alignment.error if self.alignment is not None else None

    @property
    def message(self) -> str | None:
        """What went wrong, if anything: the invalid-text message or the broadcasting error."""
        return self.invalid or self.error


def broadcast_state(a_text: str, b_text: str) -> BroadcastState:
    """Compute layer of the explorer: parse both texts and align the shapes.

    Never raises for bad text: the reason is returned in ``invalid``.
    """
    shapes, problems = {}, []
    for name, text in (("a", a_text), ("b", b_text)):
        try:
            shapes[name] = parse_shape(text)
        except (TypeError, ValueError) as exc:
            shapes[name] = None
            problems.append(f"shape {name}: {exc}")
    if problems:
        return BroadcastState(a_text, b_text, shapes["a"], shapes["b"], None, "; ".join(problems))
    return BroadcastState(a_text, b_text, shapes["a"], shapes["b"], align(shapes["a"], shapes["b"]), None)


def _box_style(kind: str) -> dict:
    """Face colour, edge colour, line style and text colour of one box."""
    return {
        "given": ("white", "black", "-", "black"),
        "missing": ("none", "#bbbbbb", ":", "black"),
        "padded": ("#e6eef8", POSITIVE, "--", POSITIVE),
        "stretched": ("#fde3c4", ORANGE, "-", "#a04a00"),
        "clash": ("#f7cccc", NEGATIVE, "-", NEGATIVE),
        "result": ("#dff0dc", GREEN, "-", "black"),
    }[kind]


def _cells(al: Alignment, who: str, step: int) -> list[tuple[str, str]]:
    """(label, style kind) per axis, left to right, for one row of the figure."""
    n = al.ndim
    if who == "result":
        return [("✗", "clash") if s.rule == CLASH else (str(s.size), "result") for s in al.steps]
    given, padded = (al.a, al.a_padded) if who == "a" else (al.b, al.b_padded)
    pad = n - len(given)
    if step == 1:
        return [("", "missing")] * pad + [(str(v), "given") for v in given]
    if step == 2:
        return [("1", "padded")] * pad + [(str(v), "given") for v in given]
    mine = STRETCH_A if who == "a" else STRETCH_B
    cells = []
    for s, v in zip(al.steps, padded):
        if s.rule == CLASH:
            cells.append((str(v), "clash"))
        elif s.rule == mine:
            cells.append((f"1→{s.size}", "stretched"))
        else:
            cells.append((str(v), "given"))
    return cells


class BroadcastExplorer(Explorer):
    """Interactive broadcasting of two shapes typed as text.

    Parameters
    ----------
    a, b : str
        Initial shapes as text (default ``"4, 2"`` and ``"2"``: a bias added to a batch of
        4 samples with 2 neurons, the worked example of Chapter 6).

    Controls are named ``a`` and ``b`` (``ipywidgets.Text``; they update on Enter or when
    the box loses focus); ``explorer.set(b="4, 1")`` changes one; ``explorer.state`` holds the
    latest :class:`BroadcastState`.  A menu of :data:`EXAMPLE_PAIRS` fills both boxes.  The
    read-out under the picture gives the outcome in one line.

    The site's player (:meth:`player_controls`) offers two menus over :attr:`text_examples`.
    """

    name = "broadcast"
    figsize = (_WIDTH / _DPI, _HEIGHT / _DPI)  # inches: 8 × 3.5
    dpi = _DPI
    #: Every distinct shape text of :data:`EXAMPLE_PAIRS`, sorted: what the player's menus offer.
    text_examples = tuple(sorted({t for _, a, b in EXAMPLE_PAIRS for t in (a, b)}))
    player_note = ("On this page shapes a and b are picked from the shapes of the examples, in any "
                   "pairing. Run the chapter in JupyterLab or Binder to type any shape.")

    def __init__(self, a: str = "4, 2", b: str = "2"):
        text = dict(continuous_update=False, style={"description_width": "1.5em"},
                    layout=widgets.Layout(width="14em"))
        controls = {"a": widgets.Text(value=a, description="a", placeholder="e.g. 4, 3", **text),
                    "b": widgets.Text(value=b, description="b", placeholder="e.g. 3", **text)}
        self.examples = widgets.Dropdown(
            options=[("examples…", "")] + [(f"{label}: ({x}) and ({y})", (x, y))
                                           for label, x, y in EXAMPLE_PAIRS],
            value="", layout=widgets.Layout(width="22em"))
        self.examples.observe(self._on_example, names="value")
        self._drawn_sprites: list[Sprite] = []  # the sprites of the state last drawn
        super().__init__(controls)

    def compute(self, a: str, b: str) -> BroadcastState:
        return broadcast_state(a, b)

    def _on_example(self, change) -> None:
        if change["new"]:  # "" is the menu's title, not an example
            self.set(a=change["new"][0], b=change["new"][1])
            self.examples.value = ""

    # --- figure ------------------------------------------------------------------------
    def build_figure(self) -> None:
        ax = self.ax = self.figure.add_axes((0, 0, 1, 1))
        ax.set(xlim=(0, _WIDTH), ylim=(0, _HEIGHT))
        ax.axis("off")
        ax.text(9, _Y_TITLE, "Broadcasting shape a with shape b, step by step", fontsize=10, va="center")
        for step, title in enumerate(("align right", "pad with 1s", "stretch the 1s", "result"), start=1):
            y = np.mean([y for y, _, row_step in _ROWS if row_step == step])
            ax.text(9, y, f"{step}  {title}", fontsize=9, va="center", weight="bold")
        for y, who, _ in _ROWS[:-1]:
            ax.text(124, y, who, fontsize=9, va="center", ha="right", style="italic")
        ax.text(124, _Y_HEADER, "axis", fontsize=7.5, va="center", ha="right", color=NEUTRAL)
        for y in (164, 121, 79):
            ax.plot([6, _WIDTH - 6], [y, y], color="#dddddd", lw=0.6)
        hidden = dict(animated=True, visible=False)
        self.headers = [ax.text(0, _Y_HEADER, "", fontsize=7.5, ha="center", va="center", color=NEUTRAL,
                                **hidden) for _ in range(MAX_DRAWN)]
        self.boxes, self.labels, self.shape_texts = [], [], []
        for y, _, _ in _ROWS:
            self.boxes.append([ax.add_patch(Rectangle((0, y - _BOX_H // 2), 1, _BOX_H, lw=1.0, **hidden))
                               for _ in range(MAX_DRAWN)])
            self.labels.append([ax.text(0, y, "", fontsize=9, ha="center", va="center", **hidden)
                                for _ in range(MAX_DRAWN)])
            self.shape_texts.append(ax.text(_X_SHAPE, y, "", fontsize=8.5, va="center", animated=True))
        self.message = ax.text(9, _Y_MESSAGE, "", fontsize=8.5, va="top", color=NEGATIVE, animated=True,
                               linespacing=1.3, family="monospace")

    def animated(self) -> list[Artist]:
        pools = [self.headers, *self.boxes, *self.labels, self.shape_texts, [self.message]]
        return [artist for pool in pools for artist in pool]

    def sprites(self) -> list[Sprite]:
        """The visible animated artists of the state last drawn, one sprite per box, header,
        shape and message (see :meth:`draw`)."""
        return self._drawn_sprites

    def draw(self, s: BroadcastState) -> None:
        """Set every artist for ``s`` and list its sprites: (key, pixel rectangle, artists).

        A sprite's key fixes everything about its look except its position, so a cached
        sprite can be copied to any row or column.
        """
        al = s.alignment
        drawable = al is not None and al.ndim <= MAX_DRAWN
        n = al.ndim if drawable else 0
        pitch = min(46, (_X_RIGHT - _X_LEFT) // max(n, 1))
        w = 2 * round(0.43 * pitch)  # even: labels centre on a whole pixel
        lefts = [_X_RIGHT - (n - k) * pitch + (pitch - w) // 2 for k in range(n)]
        groups = []
        for k, header in enumerate(self.headers):
            header.set_visible(k < n)
            if k < n:
                header.set(x=lefts[k] + w // 2, text=str(k - n))
                groups.append(Sprite(("header", str(k - n), w),
                                     (lefts[k], _Y_HEADER - 7, lefts[k] + w, _Y_HEADER + 7), [header]))
        for r, (y, who, step) in enumerate(_ROWS):
            cells = _cells(al, who, step) if drawable else []
            for k, (box, label) in enumerate(zip(self.boxes[r], self.labels[r])):
                box.set_visible(k < n)
                label.set_visible(k < n)
                if k >= n:
                    continue
                text, kind = cells[k]
                face, edge, ls, colour = _box_style(kind)
                x0, y0 = lefts[k], y - _BOX_H // 2
                box.set_bounds(x0, y0, w, _BOX_H)
                box.set(facecolor=face, edgecolor=edge, linestyle=ls)
                size = min(9.0, max(4.0, (w - 6) / (0.72 * max(len(text), 1))))  # 1 pt = 1 px at 72 dpi
                label.set(x=x0 + w // 2, text=text, color=colour, fontsize=size,
                          clip_box=TransformedBbox(Bbox.from_bounds(x0, y0, w, _BOX_H), self.ax.transData))
                groups.append(Sprite(("cell", text, kind, w),
                                     (x0 - _MARGIN, y0 - _MARGIN, x0 + w + _MARGIN, y0 + _BOX_H + _MARGIN),
                                     [box, label]))
            shape = self._row_shape(al, who, step) if drawable else ""
            self.shape_texts[r].set_text(shape)
            if shape:
                groups.append(Sprite(("shape", shape), (_X_SHAPE - 3, y - 8, _WIDTH - 3, y + 8),
                                     [self.shape_texts[r]]))
        self.message.set_text(self._note(s, drawable))
        self.message.set_color(NEGATIVE if s.message else NEUTRAL)
        groups.append(Sprite(("message", self.message.get_text(), self.message.get_color()),
                             (3, 2, _WIDTH - 3, _Y_MESSAGE + 4), [self.message]))
        self._drawn_sprites = groups

    @staticmethod
    def _note(s: BroadcastState, drawable: bool) -> str:
        if s.message:
            lines = textwrap.wrap(s.message, 92)
            return "\n".join(lines[:3]) + (" …" if len(lines) > 3 else "")
        if not drawable:
            return f"({s.alignment.ndim} axes: too many to draw; the figure shows at most {MAX_DRAWN})"
        if s.alignment.ndim == 0:
            return "both shapes are 0-d (scalars): there are no axes to align"
        return ""

    @staticmethod
    def _row_shape(al: Alignment, who: str, step: int) -> str:
        if who == "result":
            return repr(al.result) if al.ok else "clash"
        given, padded = (al.a, al.a_padded) if who == "a" else (al.b, al.b_padded)
        return repr(given if step == 1 else padded)

    def readout_html(self, s: BroadcastState) -> str:
        """One line: the result shape, the clashing axes, or which text is not a shape."""
        if s.invalid:
            bad = [f"{name} = {text!r}" for name, text, shape in (("a", s.a_text, s.a), ("b", s.b_text, s.b))
                   if shape is None]
            outcome = f"<b>not a shape</b>: {html.escape(', '.join(bad), quote=False)}"
        elif s.result is not None:
            outcome = f"{s.a!r} and {s.b!r} broadcast to <b>{s.result!r}</b>"
        else:
            clashes = s.alignment.clashes
            axes = " and ".join(str(c.axis) for c in clashes)
            sizes = ", ".join(f"{c.a} vs {c.b}" for c in clashes)
            what = f"axis {axes} clashes" if len(clashes) == 1 else f"axes {axes} clash"
            outcome = f"{s.a!r} and {s.b!r} do not broadcast: <b>{what}</b> ({sizes})"
        return f"<div style='font-family:monospace;line-height:1.6'>{outcome}</div>"

    def layout(self) -> widgets.Widget:
        hint = widgets.HTML("<span style='color:#666'>type a shape, then press Enter</span>")
        return widgets.VBox([widgets.HBox([self.controls["a"], self.controls["b"], self.examples]),
                             hint, self.image, self.readout])

    def player_controls(self) -> list[PlayerControl]:
        """A menu for each shape over :attr:`text_examples` (15 texts, ``""`` shown as
        ``() scalar``, the invalid ``"4, x"`` included): every pairing, 15 × 15 = 225 states."""
        labels = [text or "() scalar" for text in self.text_examples]
        return [PlayerControl.select("a", "shape a", self.text_examples, labels),
                PlayerControl.select("b", "shape b", self.text_examples, labels)]

    def frame_title(self, name, value, s: BroadcastState) -> str:
        shown = repr(s.a if name == "a" else s.b) if s.invalid is None else repr(value)
        outcome = repr(s.result) if s.result is not None else "error"
        return f"{name} = {shown}  →  {outcome}"

    def describe(self) -> str:
        s = self.state
        if s.invalid:
            typed = lambda t: repr(t) if t else "nothing"  # noqa: E731
            return (f"Rows for the steps of broadcasting a = {typed(s.a_text)} with b = {typed(s.b_text)}, left "
                    f"empty because a text is not a shape; the figure shows the message: {s.invalid}.")
        al = s.alignment
        shape = lambda name, t: f"shape {name} {t!r}" if t else f"the scalar shape {name} ()"  # noqa: E731
        given = f"{shape('a', s.a)} with {shape('b', s.b)}"
        if al.ndim > MAX_DRAWN:
            picture = (f"A note that broadcasting {given} needs {al.ndim} axes, too many to draw "
                       f"(the figure draws at most {MAX_DRAWN})")
        elif al.ndim == 0:
            picture = f"Rows for the steps of broadcasting {given}, with no boxes: there are no axes to align"
        else:
            picture = (f"Rows of boxes, one per axis, for the steps of broadcasting {given}: aligned on the "
                       f"right, padded on the left with 1s to {al.a_padded!r} and {al.b_padded!r}, then compared "
                       f"axis by axis")
        if s.result is not None:
            stretched = [f"axis {say(st.axis, 0)} of {'a' if st.rule == STRETCH_A else 'b'} is stretched from 1 "
                         f"to {st.size}" for st in al.steps if st.rule in (STRETCH_A, STRETCH_B)]
            if len(stretched) > 3:  # a long list would bury the result
                stretched = [f"in all, {len(stretched)} axes are stretched from 1"]
            outcome = (f"{and_list(stretched) if stretched else 'no axis is stretched'}, and the result is "
                       f"{s.result!r}" + (", a scalar" if s.result == () else ""))
        else:
            clashes = al.clashes
            axes = and_list([say(c.axis, 0) for c in clashes])
            what = f"axis {axes} clashes" if len(clashes) == 1 else f"axes {axes} clash"
            outcome = (f"{what} ({', '.join(f'{c.a} against {c.b}' for c in clashes)}), marked in red, so the "
                       f"shapes do not broadcast; the message reads: {s.error}")
        return f"{picture}. {outcome[0].upper()}{outcome[1:]}."

    def __repr__(self) -> str:
        s = self.state
        if s.invalid:
            return f"BroadcastExplorer(a={s.a_text!r}, b={s.b_text!r}) -> invalid: {s.invalid}"
        outcome = repr(s.result) if s.result is not None else f"error: {s.error}"
        return f"BroadcastExplorer(a={s.a!r}, b={s.b!r}) -> {outcome}"
