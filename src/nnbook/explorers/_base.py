"""The explorer pattern shared by every chapter's widget: compute → draw → render → publish.

An explorer owns named ipywidgets ``controls``, one Matplotlib ``Figure`` created once,
an ``ipywidgets.Image`` that shows the figure as PNG bytes and an ``ipywidgets.HTML``
read-out.  A subclass supplies the *hooks*:

* :meth:`Explorer.compute`, a pure function from control values to a result (the *state*);
* :meth:`Explorer.build_figure`, which creates the artists once;
* :meth:`Explorer.background_key` and :meth:`Explorer.draw_background`: the static part of
  the figure is a function of the key alone (``draw_background`` is given the key, never
  the state);
* :meth:`Explorer.draw`, which updates the *animated* artists (:meth:`Explorer.animated`)
  for a state, and optionally :meth:`Explorer.sprites`, a finer cache of them;
* :meth:`Explorer.readout_html` and :meth:`Explorer.layout`;
* :meth:`Explorer.describe`, the picture in words for a reader who cannot see it (the
  static player's alt text and the label of its canvas on the site).

The base class owns the draw contract: :meth:`Explorer.render_rgba` calls
``draw_background(key)`` exactly when the key differs from the one last drawn, restores the
cached background of that key (drawing it once, the first time), then draws the animated
artists over it.  Because a background depends on nothing but its key, a cached background
can never be stale; the tests check that any walk through the controls gives the same
pixels as a fresh explorer set to the same values.  Text and tick drawing dominate
Matplotlib's cost, so blitting keeps an update within the book's budget.

The subclass's ``__init__`` may set its attributes in any order: the figure is built and the
first update runs after the whole ``__init__`` has returned (see :class:`_BuildAfterInit`).

Publishing the figure as PNG into an ``Image`` widget (instead of an ``Output`` widget)
keeps the notebook output free of extra display messages, so nbval can compare the cell.
Outside a kernel (plain pytest) setting ``control.value`` runs the observers synchronously,
so every layer can be tested headless.  For the static site, :mod:`._player` renders the
same explorer through the same hooks into a player that needs no kernel.
"""
from __future__ import annotations

import io
import time
from contextlib import contextmanager
from typing import Any, Hashable, Mapping, NamedTuple, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["Explorer", "Sprite", "fmt", "say", "and_list"]

_NOTHING = object()  # no background drawn yet


def fmt(value: float, decimals: int = 2, sign: bool = False) -> str:
    """Format a number for a read-out: fixed decimals, never ``-0.00``."""
    return f"{round(float(value), decimals) + 0.0:{'+' if sign else ''}.{decimals}f}"


def say(value: float, decimals: int = 2) -> str:
    """:func:`fmt` for a sentence read aloud: the same digits, with a true minus sign (−).

    A screen reader reads "−0.20" as "minus 0.20"; a hyphen it may read as a dash or skip.
    """
    return fmt(value, decimals).replace("-", "\u2212")


def and_list(items) -> str:
    """``"a, b and c"``: the items (strings) joined for a sentence."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class Sprite(NamedTuple):
    """A piece of the animated layer cached on its own (see :meth:`Explorer.sprites`).

    ``key`` fixes the sprite's look; ``box`` is its pixel rectangle ``(x0, y0, x1, y1)`` with
    y upwards from the bottom of the canvas; ``artists`` draw it.
    """

    key: Hashable
    box: tuple[int, int, int, int]
    artists: Sequence[Artist]


class _BuildAfterInit(type):
    """Metaclass: build the figure and run the first update after ``__init__`` returns.

    A subclass's ``__init__`` can then call ``super().__init__(controls)`` first and set its
    own attributes afterwards; no hook runs on a half-made object.
    """

    def __call__(cls, *args, **kwargs):
        explorer = super().__call__(*args, **kwargs)
        explorer._start()
        return explorer


class Explorer(metaclass=_BuildAfterInit):
    """Base class of the book's interactive explorers (see the module docstring).

    Attributes
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        The controls by name; their names are the keyword arguments of :meth:`compute`.
    figure : matplotlib.figure.Figure
        The one figure, updated in place.
    image : ipywidgets.Image
        The published PNG of ``figure``.
    readout : ipywidgets.HTML
        The published :meth:`readout_html`.
    state : object
        The latest result of :meth:`compute`.
    widget : ipywidgets.Widget
        The whole explorer, ready to display.
    last_update_s : float
        Wall-clock seconds the latest :meth:`update` took (compute + draw + encode).
    """

    name: str = "explorer"  # the player's data-explorer name on the site
    figsize: tuple[float, float] = (8.0, 3.0)  # inches
    dpi: int = 80
    png_compress_level: int = 1  # 0-9: zlib effort; 1 is fast and about 20 % larger than 6
    max_backgrounds: int = 32  # cached backgrounds (one figure-sized RGBA buffer each)
    max_sprites: int = 2048  # cached sprites (a few kB each)

    def __init__(self, controls: Mapping[str, widgets.ValueWidget]):
        self.controls = dict(controls)
        self.figure = Figure(figsize=self.figsize, dpi=self.dpi)
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.readout = widgets.HTML()
        self._holding = False
        self._backgrounds: dict[Any, Any] = {}
        self._sprite_cache: dict[Any, np.ndarray] = {}
        self._drawn_key: Any = _NOTHING
        self._player_html: tuple | None = None

    def _start(self) -> None:
        self.build_figure()
        self.widget = self.layout()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    # --- hooks supplied by subclasses ----------------------------------------------------
    def compute(self, **values) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def build_figure(self) -> None:  # pragma: no cover - abstract
        """Create every artist of ``self.figure`` once."""
        raise NotImplementedError

    def background_key(self, state) -> Hashable:
        """A value that fixes the non-animated part of the figure for ``state``."""
        return None

    def draw_background(self, key) -> None:
        """Set the non-animated artists (and anything the animated ones are placed by, such
        as axis limits) for ``key``.  Must depend on ``key`` and the explorer's fixed set-up only."""

    def draw(self, state) -> None:  # pragma: no cover - abstract
        """Update the animated artists for ``state``."""
        raise NotImplementedError

    def animated(self) -> list[Artist]:
        """Artists redrawn on every update (created with ``animated=True``)."""
        return []

    def sprites(self) -> list[Sprite] | None:
        """Optional: the animated layer as cached sprites, for the state last drawn.

        ``None`` (the default) draws every artist of :meth:`animated` on every update.
        """
        return None

    def readout_html(self, state) -> str:
        """The HTML read-out under the figure ("" for none)."""
        return ""

    def layout(self) -> widgets.Widget:
        return widgets.VBox([widgets.VBox(list(self.controls.values())), self.image, self.readout])

    def describe(self) -> str:
        """The picture at the current state in plain English, for a reader who cannot see it.

        One or two sentences: what is drawn where, then the numbers, taken from ``self.state``
        with the same formatting as the read-out and ``repr`` (never computed again).  The
        static player uses it as each state's alt text and as its canvas's ``aria-label``;
        ``repr`` stays the code form that nbval compares.

        Raises
        ------
        NotImplementedError
            If the subclass does not describe its picture.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement describe(): "
                                  f"its player would have no alt text")

    # --- the machinery -----------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values) -> "Explorer":
        """Set several controls at once and update once.

        Raises ``KeyError`` naming the valid controls for an unknown name; the control's own
        validation (``TraitError``) for an invalid value.
        """
        self._assign(values)
        self.update()
        return self

    @contextmanager
    def holding(self):
        """Within the block, moving controls does not update the explorer.

        For a subclass's own observers that move several controls at once (a menu that puts
        other controls at their defaults): the change that triggered them updates once, after.
        Nested blocks are fine.
        """
        before, self._holding = self._holding, True
        try:
            yield self
        finally:
            self._holding = before

    def _check_names(self, values: Mapping[str, Any]) -> None:
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"unknown control(s) {sorted(unknown)}; expected some of {list(self.controls)}")

    def _assign(self, values: Mapping[str, Any]) -> None:
        self._check_names(values)
        with self.holding():  # in the controls' declared order, so a menu that resets others goes first
            for name in (n for n in self.controls if n in values):
                self.controls[name].value = values[name]

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.update()

    def render_rgba(self, state=None) -> np.ndarray:
        """Draw ``state`` (default: ``self.state``); return the canvas as an ``(H, W, 4)`` uint8 array.

        The returned array is the canvas's own buffer: copy it to keep it.
        """
        state = self.state if state is None else state
        canvas = self.figure.canvas
        key = self.background_key(state)
        if key != self._drawn_key:
            self.draw_background(key)
            self._drawn_key = key
        if key in self._backgrounds:
            canvas.restore_region(self._backgrounds[key])
        else:
            canvas.draw()  # animated artists are skipped here
            if len(self._backgrounds) >= self.max_backgrounds:
                self._backgrounds.clear()
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        self.draw(state)
        sprites = self.sprites()
        if sprites is None:
            for artist in self.animated():
                self.figure.draw_artist(artist)
            return np.asarray(canvas.buffer_rgba())
        return self._blit_sprites(key, sprites)

    def _blit_sprites(self, background, sprites: list[Sprite]) -> np.ndarray:
        if len(self._sprite_cache) > self.max_sprites:
            self._sprite_cache.clear()
        pixels = np.asarray(self.figure.canvas.buffer_rgba())  # rows run downwards: row = height - y
        height = pixels.shape[0]
        for key, (x0, y0, x1, y1), artists in sprites:
            block = pixels[height - y1:height - y0, x0:x1]
            cached = self._sprite_cache.get((background, key))
            if cached is not None:
                block[...] = cached
            else:
                for artist in artists:
                    self.figure.draw_artist(artist)
                self._sprite_cache[(background, key)] = block.copy()
        return pixels

    def render(self) -> bytes:
        """Draw the figure for ``self.state`` and return it as PNG bytes."""
        buf = io.BytesIO()
        Image.fromarray(self.render_rgba()).save(buf, format="png", compress_level=self.png_compress_level)
        return buf.getvalue()

    def update(self) -> None:
        """compute → draw → publish, timing the whole round trip."""
        start = time.perf_counter()
        self.state = self.compute(**self.values)
        self.image.value = self.render()
        self.readout.value = self.readout_html(self.state)
        self.last_update_s = time.perf_counter() - start

    def snapshot(self, **values) -> tuple[np.ndarray, str]:
        """The picture and read-out the explorer shows with these control values.

        Computes and draws exactly as :meth:`update` does, for the current control values with
        ``values`` put in, and returns a copy of the ``(H, W, 4)`` frame with the read-out HTML.
        The controls themselves are not moved (no widget traffic: a player renders hundreds of
        states), but ``state`` is left at the snapshot's; call :meth:`update` to go back to the
        controls.  Raises ``KeyError`` for an unknown control.
        """
        self._check_names(values)
        self.state = self.compute(**(self.values | values))
        return self.render_rgba().copy(), self.readout_html(self.state)

    # --- the static site -----------------------------------------------------------------
    def player_controls(self) -> list:
        """The controls the site's player offers, as :class:`._player.PlayerControl` (none by default)."""
        return []

    player_note: str = ""  # what the player leaves to a kernel, said under it

    def player_html(self) -> str:
        """The static player of this explorer, opening on its current values (see :mod:`._player`).

        Built once per set of control values, then cached.  Raises ``ValueError`` if the
        current values are not among the player's states.
        """
        from ._player import build_player
        from ._player_html import player_html

        key = tuple(sorted(self.values.items()))
        if self._player_html is None or self._player_html[0] != key:
            self._player_html = (key, player_html(build_player(self)))
        return self._player_html[1]

    # --- small multiples -----------------------------------------------------------------
    def small_multiples(self, name: str, values, *, ncols: int = 1, width: float = 8.0) -> Figure:
        """What the explorer shows as one control takes several values: a static strip.

        The explorer is returned to its previous state afterwards.

        Returns
        -------
        matplotlib.figure.Figure
            A pyplot figure with one panel per value, titled ``name = value``.
        """
        if name not in self.controls:
            raise KeyError(f"unknown control {name!r}; expected one of {list(self.controls)}")
        before = self.values
        frames = []
        try:
            for value in values:
                self.set(**{name: value})  # through the controls: they validate and clip the value
                frames.append((self.controls[name].value, self.state, self.render_rgba().copy()))
        finally:
            self.set(**before)
        nrows = -(-len(frames) // ncols)
        h, w = frames[0][2].shape[:2]
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, width / ncols * h / w * nrows * 1.12),
                                 squeeze=False, layout="constrained")
        for ax in axes.flat:
            ax.axis("off")
        for ax, (value, state, rgba) in zip(axes.flat, frames):
            ax.imshow(rgba)
            ax.set_title(self.frame_title(name, value, state), fontsize=9)
        return fig

    def frame_title(self, name: str, value, state) -> str:
        """A panel title for :meth:`small_multiples`."""
        shown = fmt(value) if isinstance(value, float) else str(value)
        return f"{name} = {shown}"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter, a stable text repr and, for the site, the static player.

        The player (``text/html``) is built only when the book's own tools run the chapter
        (``make execute`` and nbval set ``NNBOOK_PLAYERS=1``, see :func:`._player.players_wanted`)
        and the explorer stands on one of its player's states: a reader in JupyterLab, Binder
        or Colab gets the widget at once.  The book's build renders ``text/html``
        (``nb_mime_priority_overrides`` in ``_config.yml``); Jupyter renders the widget view.
        """
        from ._player import on_grid, players_wanted

        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        if players_wanted() and self.player_controls() and on_grid(self):
            bundle["text/html"] = self.player_html()
        return bundle
