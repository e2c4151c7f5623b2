"""The explorer pattern shared by every chapter's widget: compute → draw → publish.

An explorer owns named ipywidgets ``controls``, one Matplotlib ``Figure`` created once,
and an ``ipywidgets.Image`` that shows the figure as PNG bytes.  A subclass supplies

* :meth:`Explorer.compute`, a pure function from control values to a result (the *state*);
* :meth:`Explorer._build_figure` and :meth:`Explorer.draw`, which create the artists once
  and then update them in place;
* :meth:`Explorer._layout`, which arranges the controls around ``self.image``.

Rendering uses blitting: artists that change on every update are *animated* (listed by
:meth:`Explorer._animated`); the rest of the figure is drawn once and cached as a
background per value of :meth:`Explorer._background_key` (a few are kept, so switching
back and forth between, say, two activations costs a full draw only the first time).  Text and tick
drawing dominate Matplotlib's cost, so this keeps an update within the book's budget.

Publishing the figure as PNG into an ``Image`` widget (instead of an ``Output`` widget)
keeps the notebook output free of extra display messages, so nbval can compare the cell,
and the image is saved with the widget state, so the static site shows it.  Outside a
kernel (plain pytest) setting ``control.value`` runs the observers synchronously, so
every layer can be tested headless.
"""
from __future__ import annotations

import io
import time
from typing import Any, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["Explorer", "fmt"]


def fmt(value: float, decimals: int = 2, sign: bool = False) -> str:
    """Format a number for a read-out: fixed decimals, never ``-0.00``."""
    return f"{round(float(value), decimals) + 0.0:{'+' if sign else ''}.{decimals}f}"


class Explorer:
    """Base class of the book's interactive explorers (see the module docstring).

    Attributes
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        The controls by name; their names are the keyword arguments of :meth:`compute`.
    figure : matplotlib.figure.Figure
        The one figure, updated in place.
    image : ipywidgets.Image
        The published PNG of ``figure``.
    state : object
        The latest result of :meth:`compute`.
    widget : ipywidgets.Widget
        The whole explorer, ready to display.
    last_update_s : float
        Wall-clock seconds the latest :meth:`update` took (compute + draw + encode).
    """

    figsize: tuple[float, float] = (8.0, 3.0)  # inches
    dpi: int = 80
    png_compress_level: int = 1  # 0-9: zlib effort; 1 is fast and about 20 % larger than 6
    max_backgrounds: int = 32  # cached backgrounds (one figure-sized RGBA buffer each)

    def __init__(self, controls: Mapping[str, widgets.ValueWidget]):
        self.controls = dict(controls)
        self.figure = Figure(figsize=self.figsize, dpi=self.dpi)
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self._holding = False
        self._backgrounds: dict[Any, Any] = {}
        self._background_for: Any = object()
        self._build_figure()
        self.widget = self._layout()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    # --- to be supplied by subclasses ------------------------------------------------
    def compute(self, **values) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _build_figure(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, state) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _animated(self) -> list[Artist]:
        """Artists redrawn on every update (created with ``animated=True``)."""
        return []

    def _background_key(self, state) -> Any:
        """A value that changes exactly when the non-animated part of the figure changes."""
        return None

    def _layout(self) -> widgets.Widget:
        return widgets.VBox([widgets.VBox(list(self.controls.values())), self.image])

    def _publish_extra(self, state) -> None:
        """Update widgets other than the image (read-outs); optional."""

    # --- the machinery ---------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values) -> "Explorer":
        """Set several controls at once and update once.

        Raises ``KeyError`` naming the valid controls for an unknown name; the control's own
        validation (``TraitError``) for an invalid value.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"unknown control(s) {sorted(unknown)}; expected some of {list(self.controls)}")
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.update()
        return self

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.update()

    def render_rgba(self) -> np.ndarray:
        """Draw the figure for ``self.state``; return the canvas as an ``(H, W, 4)`` uint8 array.

        The background is restored from the cache when one exists for the current
        :meth:`_background_key`; otherwise it is drawn (animated artists are skipped) and
        cached.  The animated artists are then drawn over it.
        """
        canvas = self.figure.canvas
        key = self._background_key(self.state)
        if key in self._backgrounds:
            canvas.restore_region(self._backgrounds[key])
        else:
            canvas.draw()  # animated artists are skipped here
            if len(self._backgrounds) >= self.max_backgrounds:
                self._backgrounds.clear()
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        self._background_for = key
        for artist in self._animated():
            self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def render(self) -> bytes:
        """Draw the figure and return it as PNG bytes."""
        buf = io.BytesIO()
        Image.fromarray(self.render_rgba()).save(buf, format="png", compress_level=self.png_compress_level)
        return buf.getvalue()

    def update(self) -> None:
        """compute → draw → publish, timing the whole round trip."""
        start = time.perf_counter()
        self.state = self.compute(**self.values)
        self.draw(self.state)
        self.image.value = self.render()
        self._publish_extra(self.state)
        self.last_update_s = time.perf_counter() - start

    def small_multiples(self, name: str, values, *, ncols: int = 1, width: float = 8.0) -> Figure:
        """What the explorer shows as one control takes several values: a static strip.

        A static page has no kernel, so this figure shows the reader what moving the
        control ``name`` through ``values`` does.  The explorer is returned to its
        previous state afterwards.

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
                self._holding = True
                self.controls[name].value = value
                self._holding = False
                self.state = self.compute(**self.values)
                self.draw(self.state)
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
            ax.set_title(self._frame_title(name, value, state), fontsize=9)
        return fig

    def _frame_title(self, name: str, value, state) -> str:
        shown = fmt(value) if isinstance(value, float) else str(value)
        return f"{name} = {shown}"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
