"""The matrix-multiplication explorer, headless: (i, j) → state (checked against X @ W.T) → figure.

What every explorer must do (pictures that are never stale, sweeps, the player's frames) is
checked once for all in ``test_explorer_contract.py``.
"""
import numpy as np
import pytest

from nnbook.explorers import MatmulExplorer, matmul_state

X = np.array([[1.0, 0.5, -0.3], [0.2, 1.5, 0.7], [-0.5, 0.8, 1.2], [0.9, -0.2, 0.4]])
W = np.array([[0.8, -0.5, 0.2], [0.3, 0.7, -0.1]])
CELLS = [(i, j) for i in range(4) for j in range(2)]


@pytest.fixture
def explorer():
    return MatmulExplorer()


def _two(v: float) -> str:
    return f"{round(v, 2) + 0.0:.2f}"


def test_initial_state_is_the_worked_layer(explorer):
    s = explorer.state
    np.testing.assert_array_equal(s.X, X)
    np.testing.assert_array_equal(s.W, W)
    np.testing.assert_allclose(s.Z, X @ W.T, rtol=0, atol=1e-15)
    assert s.cell.value == pytest.approx(0.8 - 0.25 - 0.06, abs=1e-15)
    assert repr(explorer) == ("MatmulExplorer(X (4, 3), W (2, 3), i=0, j=0) -> "
                              "Z[0, 0] = 0.80 − 0.25 − 0.06 = 0.4900")


def test_the_static_tables_show_X_Wt_and_Z(explorer):
    def shown(ax):
        return [t.get_text() for t in ax.texts]
    assert shown(explorer.ax_X) == [_two(v) for v in X.ravel()]
    assert shown(explorer.ax_Wt) == [_two(v) for v in W.T.ravel()]
    assert shown(explorer.ax_Z) == [_two(v) for v in (X @ W.T).ravel()]
    assert explorer.ax_Z.get_title() == "Z = X Wᵀ  (4 × 2)"
    assert explorer.ax_X.get_xlabel() == "feature k" and explorer.ax_Z.get_ylabel() == "sample i"


@pytest.mark.parametrize("i, j", CELLS)
def test_each_cell_is_the_dot_product_of_row_i_and_neuron_j(explorer, i, j):
    explorer.set(i=i, j=j)
    cell = explorer.state.cell
    np.testing.assert_array_equal(cell.row, X[i])
    np.testing.assert_array_equal(cell.column, W[j])
    np.testing.assert_array_equal(cell.products, X[i] * W[j])
    assert cell.value == pytest.approx((X @ W.T)[i, j], abs=1e-15)
    assert cell.value == pytest.approx(np.dot(X[i], W[j]), abs=1e-15)
    # the figure follows: outlines, products strip, sum, read-out
    assert explorer.box_row.get_y() == i - 0.5 and explorer.box_row.get_width() == 3
    assert explorer.box_col.get_x() == j - 0.5 and explorer.box_col.get_height() == 3
    assert explorer.box_cell.get_xy() == (j - 0.5, i - 0.5)
    np.testing.assert_array_equal(explorer.product_image.get_array(), (X[i] * W[j])[None, :])
    for k, text in enumerate(explorer.product_texts):
        assert text.get_text() == _two(X[i, k] * W[j, k])
    assert explorer.sum_text.get_text() == f"sum = Z[{i}, {j}] = {_two(np.dot(X[i], W[j]))}"
    assert f"<b>{np.dot(X[i], W[j]) + 0.0:.4f}</b>" in explorer.readout.value
    factors = " + ".join(f"({_two(X[i, k])})({_two(W[j, k])})" for k in range(3))
    assert factors in explorer.readout.value
    assert f"sample {i} as seen by neuron {j}" in explorer.readout.value


def test_the_corrected_cell_z10(explorer):
    # worked by hand: (0.2)(0.8) + (1.5)(-0.5) + (0.7)(0.2) = 0.16 - 0.75 + 0.14 = -0.45
    explorer.set(i=1, j=0)
    assert explorer.state.cell.value == pytest.approx(-0.45, abs=1e-15)
    assert repr(explorer).endswith("Z[1, 0] = 0.16 − 0.75 + 0.14 = -0.4500")


def test_other_shapes_size_the_controls():
    rng = np.random.default_rng(0)
    Xb, Wb = rng.normal(size=(2, 5)), rng.normal(size=(3, 5))
    e = MatmulExplorer(Xb, Wb, i=1, j=2)
    assert (e.controls["i"].max, e.controls["j"].max) == (1, 2)
    assert e.state.cell.value == pytest.approx((Xb @ Wb.T)[1, 2])
    assert len(e.product_texts) == 5


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(X=X, W=np.ones((2, 4))), ValueError, r"inner dimensions differ: \(4, 3\) @ \(4, 2\)"),
    (dict(i=4), IndexError, r"i must be an integer in 0..3"),
    (dict(j=2), IndexError, r"j must be an integer in 0..1"),
    (dict(X=np.ones((9, 3)), W=W), ValueError, r"at most 8 rows and columns; got X \(9, 3\)"),
])
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        MatmulExplorer(**kwargs)


def test_out_of_range_slider_values_are_clipped(explorer):
    explorer.set(i=10, j=-3)
    assert explorer.values == {"i": 3, "j": 0}
    assert (explorer.state.cell.i, explorer.state.cell.j) == (3, 0)


def test_state_function():
    assert matmul_state(X, W, 3, 1).cell.value == pytest.approx((X @ W.T)[3, 1])


def test_widget_bundle_carries_the_repr_and_the_player(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert 'data-explorer="matmul"' in bundle["text/html"]


def test_player_offers_every_cell(explorer):
    i, j = explorer.player_controls()
    assert (i.name, j.name) == ("i", "j") and i.kind == j.kind == "range"
    assert (i.values, j.values) == ((0, 1, 2, 3), (0, 1))
    assert (i.labels, j.labels) == (("0", "1", "2", "3"), ("0", "1"))
    assert explorer.values == {"i": 0, "j": 0}  # the opening state is on the grid
    assert "JupyterLab or Binder" in explorer.player_note


def test_player_grid_follows_the_shapes():
    rng = np.random.default_rng(1)
    e = MatmulExplorer(rng.normal(size=(6, 2)), rng.normal(size=(5, 2)), i=5, j=4)
    i, j = e.player_controls()
    assert (i.values, j.values) == (tuple(range(6)), tuple(range(5)))
    assert (e.values["i"], e.values["j"]) == (i.values[-1], j.values[-1])
