"""The decision-boundary explorer, headless: controls → computed state → figure artists → PNG."""
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from nnbook.datasets import logic_gate
from nnbook.explorers import BoundaryExplorer
from nnbook.explorers.boundary import PLAYER_ANGLES, PLAYER_B, direction_weights, explorer_datasets

DATASETS = ["AND", "OR", "XOR", "blobs"]


@pytest.fixture
def explorer():
    return BoundaryExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def _count_correct(X, y, w1, w2, b) -> int:
    """Independent count: loop over the points, apply the rule z >= 0 -> class 1."""
    return sum(1 for (x1, x2), t in zip(X, y) if (1 if w1 * x1 + w2 * x2 + b >= 0 else 0) == t)


def test_initial_state_separates_and(explorer):
    s = explorer.state
    assert (s.dataset, s.n_correct, s.accuracy) == ("AND", 4, 1.0)
    np.testing.assert_allclose(s.z, [-1.5, -0.5, -0.5, 0.5])
    assert repr(explorer) == (
        "BoundaryExplorer(dataset='AND', w=[1.00, 1.00], b=-1.50) -> accuracy 4/4 = 1.00, misclassified 0")
    assert explorer.ax.get_title() == "AND: accuracy 4/4 = 1.00"
    assert "4/4 = 1.00" in explorer.readout.value


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("w1, w2, b", [(1.0, 1.0, -1.5), (1.0, 1.0, -0.5), (-0.7, 2.3, 0.4), (0.0, -1.2, 0.6),
                                       (2.9, 0.0, -3.1), (0.0, 0.0, 0.0), (0.0, 0.0, -0.1)])
def test_accuracy_equals_an_independent_count(explorer, dataset, w1, w2, b):
    explorer.set(dataset=dataset, w1=w1, w2=w2, b=b)
    (X, y), _ = explorer_datasets(0)[dataset]
    s = explorer.state
    hits = _count_correct(X, y, w1, w2, b)
    assert s.n_correct == hits and s.accuracy == hits / len(y)
    assert int(s.wrong.sum()) == len(y) - hits
    assert f"accuracy {hits}/{len(y)} = {hits / len(y):.2f}" in explorer.ax.get_title()
    assert repr(explorer).endswith(f"accuracy {hits}/{len(y)} = {hits / len(y):.2f}, misclassified {len(y) - hits}")


def test_gates_are_the_library_truth_tables(explorer):
    for gate in ("AND", "OR", "XOR"):
        explorer.set(dataset=gate)
        X, y = logic_gate(gate)
        np.testing.assert_array_equal(explorer.state.X, X)
        np.testing.assert_array_equal(explorer.state.y, y)


def test_figure_follows_the_state(explorer):
    before = _png(explorer)
    explorer.set(dataset="XOR", w1=1.0, w2=1.0, b=-0.5)
    s = explorer.state
    # the drawn line lies on w1 x1 + w2 x2 + b = 0
    x, y = explorer.line.get_data()
    assert len(x) == 2
    np.testing.assert_allclose(np.asarray(x) + np.asarray(y) - 0.5, 0.0, atol=1e-12)
    # the arrow starts on the line and points along +w (towards class 1)
    start, end = np.asarray(explorer.arrow._posA_posB)
    assert start @ s.w + s.b == pytest.approx(0.0, abs=1e-12)
    step = end - start
    assert step @ s.w > 0 and abs(step[0] * s.w[1] - step[1] * s.w[0]) < 1e-12
    # exactly the misclassified point (1, 1) is ringed
    np.testing.assert_array_equal(explorer.rings.get_offsets(), [[1.0, 1.0]])
    for k, points in enumerate(explorer.points):
        np.testing.assert_array_equal(points.get_offsets(), s.X[s.y == k])
    # the class-1 region lies on the +w side
    region0, region1 = (np.asarray(p.get_xy()) for p in explorer.regions)
    assert (region1 @ s.w + s.b >= -1e-12).all() and (region0 @ s.w + s.b <= 1e-12).all()
    assert explorer.ax.get_title() == "XOR: accuracy 3/4 = 0.75"
    after = _png(explorer)
    assert after.shape == before.shape and (after != before).any(axis=2).mean() > 0.01


def test_bias_moves_the_line_parallel(explorer):
    lines = []
    for b in (-1.5, -1.0, -0.5):
        explorer.set(b=b)
        x, y = explorer.line.get_data()
        lines.append(np.column_stack([x, y]))
    directions = [(p[1] - p[0]) / np.linalg.norm(p[1] - p[0]) for p in lines]
    for d in directions[1:]:
        assert abs(d[0] * directions[0][1] - d[1] * directions[0][0]) < 1e-12  # parallel
    assert lines[0][0] @ [1, 1] == pytest.approx(1.5) and lines[2][0] @ [1, 1] == pytest.approx(0.5)


def test_zero_weights_show_no_line_and_one_region(explorer):
    explorer.set(w1=0.0, w2=0.0, b=0.5)
    assert not explorer.arrow.get_visible() and len(explorer.line.get_xdata()) == 0
    region0, region1 = explorer.regions
    assert region1.get_visible() and not region0.get_visible()
    assert explorer.ax.get_title().endswith("(w = 0: no boundary)")
    assert "undefined (w = 0)" in explorer.readout.value
    assert explorer.state.n_correct == 1  # AND: only (1, 1) is class 1


def test_line_outside_the_view_hides_the_arrow(explorer):
    explorer.set(w1=0.1, w2=0.1, b=-3.0)  # x1 + x2 = 30: far outside [-0.5, 1.5]^2
    assert explorer.state.line.shape == (0, 2) and not explorer.arrow.get_visible()
    assert explorer.state.n_correct == 3


def _check_state(s, where):
    for arr in (s.z, s.line, s.region1, s.region0, s.arrow):
        assert np.isfinite(arr).all(), where
    assert 0.0 <= s.accuracy <= 1.0, where
    if s.dataset == "XOR":
        assert s.n_correct <= 3, where  # no line separates XOR


def test_compute_over_every_slider_step_stays_finite(explorer):
    # the compute layer at every value each slider can take (fast: no drawing)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dataset in DATASETS:
            for name in ("w1", "w2", "b"):
                control = explorer.controls[name]
                steps = int(round((control.max - control.min) / control.step))
                for value in np.linspace(control.min, control.max, steps + 1):
                    _check_state(explorer.compute(**(explorer.values | {name: value, "dataset": dataset})),
                                 (dataset, name, value))


def test_the_data_set_fixes_the_view_and_the_points(explorer):
    for dataset in ("blobs", "AND", "blobs", "XOR"):
        explorer.set(dataset=dataset)
        (X, y), box = explorer_datasets(0)[dataset]
        assert explorer.ax.get_xlim() == box[:2] and explorer.ax.get_ylim() == box[2:]
        for k, points in enumerate(explorer.points):
            np.testing.assert_array_equal(points.get_offsets(), X[y == k])


def test_widget_bundle_carries_the_stable_repr_and_the_player(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert 'data-explorer="boundary"' in bundle["text/html"]


def _player(explorer):
    return {c.name: c for c in explorer.player_controls()}


@pytest.mark.parametrize("theta", PLAYER_ANGLES)
def test_direction_weights_point_along_the_angle_at_length_root_two(theta):
    w = direction_weights(theta)
    assert set(w) == {"w1", "w2"} and all(round(v, 2) == v for v in w.values())
    assert np.hypot(w["w1"], w["w2"]) == pytest.approx(np.sqrt(2), abs=0.01)
    angle = np.degrees(np.arctan2(w["w2"], w["w1"])) % 360
    assert angle == pytest.approx(theta, abs=0.5)
    assert all(str(v) != "-0.0" for v in w.values())  # the read-out never shows -0.00


def test_player_direction_holds_the_default_and_the_diagonals_exactly(explorer):
    player = _player(explorer)
    assert list(player) == ["dataset", "w", "b"]
    directions = dict(zip(player["w"].labels, player["w"].values))
    assert directions["45°"] == {"w1": 1.0, "w2": 1.0}  # the explorer's start, exactly
    assert directions["135°"] == {"w1": -1.0, "w2": 1.0} and directions["225°"] == {"w1": -1.0, "w2": -1.0}
    assert directions["315°"] == {"w1": 1.0, "w2": -1.0} and directions["0°"] == {"w1": 1.41, "w2": 0.0}
    assert directions["22.5°"] == {"w1": 1.31, "w2": 0.54} and len(directions) == 16
    start = explorer.values
    assert {"w1": start["w1"], "w2": start["w2"]} in player["w"].values
    assert start["b"] in player["b"].values and start["dataset"] in player["dataset"].values
    assert player["dataset"].kind == "select" and list(player["dataset"].values) == DATASETS
    assert PLAYER_B == player["b"].values and PLAYER_B[0] == -2.5 and PLAYER_B[-1] == 2.5 and 0.0 in PLAYER_B
    np.testing.assert_allclose(np.diff(PLAYER_B), 0.5)
    for w in player["w"].values:  # within the kernel's sliders
        assert all(abs(v) <= explorer.controls[k].max for k, v in w.items())


@pytest.mark.parametrize("w, b, missed", [((1.0, 1.0), -0.5, (1, 1)), ((-1.0, -1.0), 1.5, (0, 0)),
                                          ((1.0, -1.0), -0.5, (0, 1)), ((-1.0, 1.0), -0.5, (1, 0))])
def test_every_single_xor_mistake_of_the_exercise_is_a_player_state(explorer, w, b, missed):
    player = _player(explorer)
    assert {"w1": w[0], "w2": w[1]} in player["w"].values and b in player["b"].values
    explorer.snapshot(dataset="XOR", w1=w[0], w2=w[1], b=b)
    s = explorer.state
    assert s.n_correct == 3
    np.testing.assert_array_equal(s.X[s.wrong], [missed])


def test_constructor_errors():
    with pytest.raises(ValueError, match="2 weights; got 3"):
        BoundaryExplorer(w=(1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match=r"unknown dataset 'moons'; expected one of \['AND', 'OR', 'XOR', 'blobs'\]"):
        BoundaryExplorer(dataset="moons")
    with pytest.raises(ValueError, match=r"b must lie in \[-4.0, 4.0\], got 5.0"):
        BoundaryExplorer(b=5.0)
    with pytest.raises(KeyError, match="unknown control"):
        BoundaryExplorer().set(w3=1.0)


def test_seed_changes_only_the_blobs():
    a, b = explorer_datasets(0), explorer_datasets(1)
    np.testing.assert_array_equal(a["XOR"][0].X, b["XOR"][0].X)
    assert not np.allclose(a["blobs"][0].X, b["blobs"][0].X)
    X = a["blobs"][0].X
    lo, hi, lo2, hi2 = a["blobs"][1]
    assert lo == lo2 and hi == hi2 == -lo and (np.abs(X) < hi).all()
