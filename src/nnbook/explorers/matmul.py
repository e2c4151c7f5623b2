r"""The matrix-multiplication explorer (Chapter 5): which dot product fills ``Z[i, j]``?

Stands in for the source material's clickable product grid.  For a layer
:math:`Z = X W^\top` (``X`` of shape ``(N, in_features)``, ``W`` of shape
``(out_features, in_features)``) the figure shows ``X``, ``Wᵀ`` and ``Z`` as coloured tables.
The reader picks a row ``i`` (a sample) and a column ``j`` (a neuron): row ``i`` of ``X``,
column ``j`` of ``Wᵀ`` and the cell ``Z[i, j]`` are outlined, and the products
``X[i, k] · Wᵀ[k, j]`` that add up to ``Z[i, j]`` are shown in a strip below the tables,
with their sum; an HTML read-out writes the whole sum out, factors included.

What changes with ``(i, j)`` is only the three outlines and the written-out sum, so those are
animated (blitted); the tables, their numbers and labels are one background drawn once.  On
the site the player offers every cell, as the sliders do; other matrices need a kernel.
"""
from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from ..linalg import MatmulCell, matmul_cell, matmul_loop
from ._base import Explorer, and_list, fmt, say
from ._player import PlayerControl

__all__ = ["WORKED_X", "WORKED_W", "MatmulState", "matmul_state", "MatmulExplorer"]

#: The worked batch of Chapter 5: 4 samples (rows) with 3 features each.
WORKED_X = ((1.0, 0.5, -0.3), (0.2, 1.5, 0.7), (-0.5, 0.8, 1.2), (0.9, -0.2, 0.4))
#: The worked layer's weights: 2 neurons (rows), 3 weights each, as in ``torch.nn.Linear``.
WORKED_W = ((0.8, -0.5, 0.2), (0.3, 0.7, -0.1))

HIGHLIGHT = "#ff7f0e"
CMAP = "RdBu"          # red negative, blue positive, like the rest of the book
CELL_IN = 0.55         # table cell size, inches
PRODUCT_W, PRODUCT_H = 0.75, 0.45  # a cell of the products strip, inches
MAX_SIDE = 8           # larger tables would not fit the figure legibly


class MatmulState(NamedTuple):
    """The layer product and the chosen cell.

    ``X`` is ``(N, in_features)``, ``W`` is ``(out_features, in_features)``,
    ``Z = X @ W.T`` is ``(N, out_features)``; ``cell`` is the :class:`~nnbook.linalg.MatmulCell`
    for ``Z[i, j]`` (its ``column`` is ``W[j]``, i.e. column ``j`` of ``W.T``).
    """

    X: np.ndarray
    W: np.ndarray
    Z: np.ndarray
    cell: MatmulCell


def matmul_state(X, W, i: int, j: int) -> MatmulState:
    """Compute layer: ``Z = X Wᵀ`` by the teaching loop, and the dot product behind ``Z[i, j]``.

    Raises the errors of :func:`nnbook.linalg.matmul_cell` (shapes that do not fit, an index
    outside ``Z``).
    """
    X, W = np.asarray(X, dtype=np.float64), np.asarray(W, dtype=np.float64)
    cell = matmul_cell(X, W.T, i, j)
    return MatmulState(X, W, matmul_loop(X, W.T), cell)


def _grid(ax, rows: int, cols: int) -> None:
    """White lines between the cells of a table drawn with ``imshow``; integer tick labels."""
    ax.set_xticks(range(cols), [str(c) for c in range(cols)], fontsize=8)
    ax.set_yticks(range(rows), [str(r) for r in range(rows)], fontsize=8)
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=1.5)
    ax.tick_params(which="both", length=0)


def _sum_text(terms) -> str:
    """``0.80 − 0.25 − 0.06``: the terms of a sum with their signs as operators."""
    out = fmt(terms[0])
    for t in terms[1:]:
        out += f" {'−' if round(t, 2) < 0 else '+'} {fmt(abs(t))}"
    return out


class MatmulExplorer(Explorer):
    """Interactive ``Z = X Wᵀ``: pick a sample ``i`` and a neuron ``j``, see ``Z[i, j]`` being made.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
        The batch, one sample per row (default: the worked 4 × 3 batch of Chapter 5).
    W : array_like of shape (out_features, in_features)
        The weights, one neuron per row (default: the worked 2 × 3 weights).
    i, j : int
        The initial cell.

    Controls are named ``i`` (row of ``X`` and ``Z``) and ``j`` (column of ``Wᵀ`` and ``Z``);
    ``explorer.set(i=2, j=1)`` picks a cell, ``explorer.state`` is the latest
    :class:`MatmulState`.

    Raises
    ------
    ValueError
        If ``X`` and ``W`` do not fit (``X.shape[1] != W.shape[1]``; the message names both
        shapes), or a side is longer than 8.
    IndexError
        If the initial ``(i, j)`` lies outside ``Z``.
    """

    name = "matmul"
    dpi = 80
    player_note = ("Every cell (i, j) can be picked on this page, as with the live sliders. "
                   "To try matrices of your own, run MatmulExplorer(X, W) in JupyterLab or Binder.")

    def __init__(self, X=WORKED_X, W=WORKED_W, i: int = 0, j: int = 0):
        first = matmul_state(X, W, i, j)  # validates shapes and the starting cell
        m, n = first.X.shape
        p = first.W.shape[0]
        if max(m, n, p) > MAX_SIDE:
            raise ValueError(f"the explorer draws tables of at most {MAX_SIDE} rows and columns; "
                             f"got X {first.X.shape} and W {first.W.shape}")
        self.X, self.W = first.X, first.W
        self._shape = (m, n, p)
        # Inches.  Across: margin, X, gap (×), Wᵀ, gap (=), Z, margin.  Down: title, tables,
        # tick labels, title of the products strip, the strip, its tick labels.
        self._columns = [0.75, n * CELL_IN, 1.0, p * CELL_IN, 1.0, p * CELL_IN, 0.3]
        self._rows = [0.45, max(m, n) * CELL_IN, 0.75, PRODUCT_H, 0.35]
        self.figsize = (max(sum(self._columns), 0.75 + n * PRODUCT_W + 2.6), sum(self._rows))
        controls = {
            "i": widgets.IntSlider(value=i, min=0, max=m - 1, description="row i",
                                   style={"description_width": "5em"}, layout=widgets.Layout(width="22em")),
            "j": widgets.IntSlider(value=j, min=0, max=p - 1, description="column j",
                                   style={"description_width": "5em"}, layout=widgets.Layout(width="22em")),
        }
        super().__init__(controls)

    def compute(self, i, j) -> MatmulState:
        return matmul_state(self.X, self.W, i, j)

    # --- figure -------------------------------------------------------------------------
    def _axes(self, left_in: float, top_in: float, width_in: float, height_in: float):
        """Axes placed in inches from the figure's top-left corner."""
        W, H = self.figsize
        return self.figure.add_axes((left_in / W, 1 - (top_in + height_in) / H, width_in / W, height_in / H))

    def _table(self, left_in: float, values: np.ndarray, title: str, ylabel: str, xlabel: str,
               norm: Normalize):
        """One coloured table with its numbers written in; returns its Axes."""
        rows, cols = values.shape
        ax = self._axes(left_in, self._rows[0], cols * CELL_IN, rows * CELL_IN)
        ax.imshow(values, cmap=CMAP, norm=norm, aspect="auto")
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt(v), ha="center", va="center", fontsize=8,
                    color="white" if abs(norm(v) - 0.5) > 0.3 else "black")
        _grid(ax, rows, cols)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel(ylabel, fontsize=8)
        ax.set_xlabel(xlabel, fontsize=8)
        return ax

    def build_figure(self) -> None:
        m, n, p = self._shape
        X, Wt = self.X, self.W.T
        Z = matmul_loop(X, Wt)
        vmax = max(np.abs(X).max(), np.abs(Wt).max(), np.abs(Z).max(), 1e-12)
        norm = Normalize(-vmax, vmax)
        c = np.cumsum(self._columns)
        self.ax_X = self._table(c[0], X, f"X  ({m} × {n})", "sample i", "feature k", norm)
        self.ax_Wt = self._table(c[2], Wt, f"Wᵀ  ({n} × {p})", "feature k", "neuron j", norm)
        self.ax_Z = self._table(c[4], Z, f"Z = X Wᵀ  ({m} × {p})", "sample i", "neuron j", norm)
        W_in, H_in = self.figsize
        sign_y = 1 - (self._rows[0] + min(m, n) * CELL_IN / 2) / H_in
        for x_in, sign in ((c[1] + 0.3, "×"), (c[3] + 0.3, "=")):
            self.figure.text(x_in / W_in, sign_y, sign, fontsize=16, ha="center", va="center")
        box = dict(fill=False, lw=2.8, ec=HIGHLIGHT, animated=True, zorder=5, clip_on=False)
        self.box_row = self.ax_X.add_patch(Rectangle((-0.5, -0.5), n, 1, **box))
        self.box_col = self.ax_Wt.add_patch(Rectangle((-0.5, -0.5), 1, n, **box))
        self.box_cell = self.ax_Z.add_patch(Rectangle((-0.5, -0.5), 1, 1, **box))

        # the strip of products X[i, k] · Wᵀ[k, j], one cell per feature k
        top = sum(self._rows[:3])
        ax = self.ax_products = self._axes(c[0], top, n * PRODUCT_W, PRODUCT_H)
        products = X[:, None, :] * self.W[None, :, :]   # every (i, j, k): for a shared colour scale
        pmax = max(np.abs(products).max(), 1e-12)
        self._product_norm = Normalize(-pmax, pmax)
        self.product_image = ax.imshow(np.zeros((1, n)), cmap=CMAP, norm=self._product_norm,
                                       aspect="auto", animated=True)
        _grid(ax, 1, n)
        ax.set_yticks([])
        ax.set_title("the products X[i, k] · Wᵀ[k, j] and their sum", fontsize=9, loc="left")
        ax.set_xlabel("feature k", fontsize=8)
        self.product_texts = [ax.text(k, 0, "", ha="center", va="center", fontsize=9, animated=True)
                              for k in range(n)]
        self.sum_text = self.figure.text((c[0] + n * PRODUCT_W + 0.2) / W_in,
                                         1 - (top + PRODUCT_H / 2) / H_in, "", fontsize=10,
                                         va="center", animated=True)

    def animated(self):
        return [self.box_row, self.box_col, self.box_cell, self.product_image,
                *self.product_texts, self.sum_text]

    def draw(self, s: MatmulState) -> None:
        cell = s.cell
        self.box_row.set_y(cell.i - 0.5)
        self.box_col.set_x(cell.j - 0.5)
        self.box_cell.set_xy((cell.j - 0.5, cell.i - 0.5))
        self.product_image.set_data(cell.products[None, :])
        # the factors stand outlined above (row i of X, column j of Wᵀ) and in the read-out;
        # writing them into the strip as well would double the text drawn per update
        for text, prod in zip(self.product_texts, cell.products):
            text.set_text(fmt(prod))
            text.set_color("white" if abs(self._product_norm(prod) - 0.5) > 0.3 else "black")
        self.sum_text.set_text(f"sum = Z[{cell.i}, {cell.j}] = {fmt(cell.value)}")

    def readout_html(self, s: MatmulState) -> str:
        cell = s.cell
        factors = " + ".join(f"({fmt(x)})({fmt(w)})" for x, w in zip(cell.row, cell.column))
        return (
            "<div style='font-family:monospace;line-height:1.6'>"
            f"Z[{cell.i}, {cell.j}] = X[{cell.i}, :] · Wᵀ[:, {cell.j}] = {factors}<br>"
            f"{'&nbsp;' * 7}= {_sum_text(cell.products)} = <b>{fmt(cell.value, 4)}</b>"
            f"&nbsp;&nbsp;(sample {cell.i} as seen by neuron {cell.j})</div>"
        )

    def player_controls(self) -> list[PlayerControl]:
        """Every cell: ``i`` over the rows of ``Z`` and ``j`` over its columns (N × out_features states)."""
        m, _, p = self._shape
        return [PlayerControl.range("i", "row i", range(m)),
                PlayerControl.range("j", "column j", range(p))]

    def layout(self) -> widgets.Widget:
        return widgets.VBox([widgets.HBox(list(self.controls.values())), self.image, self.readout])

    def frame_title(self, name, value, s: MatmulState) -> str:
        cell = s.cell
        return f"{name} = {value}: Z[{cell.i}, {cell.j}] = {_sum_text(cell.products)} = {fmt(cell.value)}"

    def describe(self) -> str:
        s = self.state
        cell = s.cell
        (m, n), p = s.X.shape, s.W.shape[0]
        return (f"Three coloured tables of numbers, X ({m} by {n}) times W transposed ({n} by {p}) equals "
                f"Z ({m} by {p}), with row {cell.i} of X, column {cell.j} of W transposed and the cell in row "
                f"{cell.i}, column {cell.j} of Z outlined; below them a strip of the {n} products "
                f"{and_list([say(t) for t in cell.products])}, which add up to the cell's value "
                f"{say(cell.value, 4)}: sample {cell.i} as seen by neuron {cell.j}.")

    def __repr__(self) -> str:
        s = self.state
        cell = s.cell
        return (f"MatmulExplorer(X {s.X.shape}, W {s.W.shape}, i={cell.i}, j={cell.j}) -> "
                f"Z[{cell.i}, {cell.j}] = {_sum_text(cell.products)} = {fmt(cell.value, 4)}")
