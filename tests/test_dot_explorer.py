"""The dot-product explorer, headless: controls → state (checked against np.dot) → figure → PNG."""
import io
import math
import warnings

import numpy as np
import pytest
from PIL import Image

from nnbook.explorers import DotExplorer, dot_state
from nnbook.plotting import NEGATIVE, NEUTRAL, POSITIVE
from matplotlib.colors import to_hex


def vec(length, degrees):
    """The vector the sliders describe, computed here independently of the library."""
    return np.array([length * math.cos(math.radians(degrees)), length * math.sin(math.radians(degrees))])


@pytest.fixture
def explorer():
    return DotExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def test_initial_state(explorer):
    g = explorer.state.geometry
    a, b = vec(1.5, 30), vec(1.2, 75)
    assert g.dot == pytest.approx(np.dot(a, b), abs=1e-14)
    assert g.dot == pytest.approx(1.5 * 1.2 * math.cos(math.radians(45)), abs=1e-14)
    assert g.theta_deg == pytest.approx(45.0, abs=1e-12)
    assert g.alignment == "aligned"
    assert repr(explorer) == ("DotExplorer(a: length 1.50 at 30°, b: length 1.20 at 75°) -> "
                              "a·b = 1.2728 = 1.50 × 1.20 × cos 45°, aligned")
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("a_angle, a_length, b_angle, b_length", [
    (0, 1.0, 60, 2.0), (-120, 0.25, 150, 1.75), (45, 2.0, -135, 2.0), (170, 0.8, -170, 0.5),
    (-90, 1.3, 0, 1.1),
])
def test_controls_give_the_independent_dot_product(explorer, a_angle, a_length, b_angle, b_length):
    explorer.set(a_angle=a_angle, a_length=a_length, b_angle=b_angle, b_length=b_length)
    g = explorer.state.geometry
    a, b = vec(a_length, a_angle), vec(b_length, b_angle)
    np.testing.assert_allclose(g.a, a, atol=1e-15)
    np.testing.assert_allclose(g.b, b, atol=1e-15)
    assert g.dot == pytest.approx(np.dot(a, b), abs=1e-14)
    # geometric route: lengths and the angle between the slider directions
    gap = abs(b_angle - a_angle) % 360
    theta = min(gap, 360 - gap)
    assert g.theta_deg == pytest.approx(theta, abs=1e-9)
    assert g.dot_geometric == pytest.approx(a_length * b_length * math.cos(math.radians(theta)), abs=1e-14)
    assert g.dot_geometric == pytest.approx(g.dot, abs=1e-12)
    expected = "orthogonal" if theta == 90 else "aligned" if theta < 90 else "opposed"
    assert g.alignment == expected
    # projection of b onto a, computed here: (a·b / a·a) a
    np.testing.assert_allclose(g.projection, np.dot(a, b) / np.dot(a, a) * a, atol=1e-14)


def test_figure_artists_follow_the_state(explorer):
    explorer.set(a_angle=-30, a_length=1.0, b_angle=100, b_length=1.6)
    g = explorer.state.geometry
    a, b = vec(1.0, -30), vec(1.6, 100)
    np.testing.assert_allclose(explorer.arrow_a._posA_posB, [(0, 0), tuple(a)], atol=1e-12)
    np.testing.assert_allclose(explorer.arrow_b._posA_posB, [(0, 0), tuple(b)], atol=1e-12)
    px, py = explorer.projection.get_data()
    np.testing.assert_allclose([px[1], py[1]], np.dot(a, b) / np.dot(a, a) * a, atol=1e-12)
    dx, dy = explorer.drop.get_data()
    assert (dx[0], dy[0]) == pytest.approx(tuple(b))
    mx, my = explorer.cos_marker.get_data()
    assert mx[0] == pytest.approx(130.0) and my[0] == pytest.approx(math.cos(math.radians(130)))
    assert g.alignment == "opposed"
    for artist in (explorer.projection, explorer.arc, explorer.cos_marker):
        assert to_hex(artist.get_color()) == NEGATIVE
    # the arc runs from a's direction to b's, the short way round
    ax_, ay_ = explorer.arc.get_data()
    assert math.degrees(math.atan2(ay_[0], ax_[0])) == pytest.approx(-30)
    assert math.degrees(math.atan2(ay_[-1], ax_[-1])) == pytest.approx(100)
    assert f"({a[0]:.2f})({b[0]:.2f}) + ({a[1]:.2f})({b[1]:.2f})" in explorer.readout.value
    assert f"<b>{np.dot(a, b):.4f}</b>" in explorer.readout.value
    assert "negative" in explorer.readout.value and "opposed" in explorer.readout.value


def test_orthogonal_and_aligned_colours(explorer):
    explorer.set(a_angle=20, b_angle=110)
    g = explorer.state.geometry
    assert g.alignment == "orthogonal" and abs(g.dot) < 1e-12
    assert to_hex(explorer.projection.get_color()) == NEUTRAL
    assert "= <b>0.0000</b>" in explorer.readout.value  # never "-0.0000"
    assert repr(explorer).endswith("a·b = 0.0000 = 1.50 × 1.20 × cos 90°, orthogonal")
    explorer.set(b_angle=20)
    assert to_hex(explorer.projection.get_color()) == POSITIVE
    assert explorer.state.geometry.dot == pytest.approx(1.5 * 1.2)


def test_published_picture_changes_and_blitting_matches_a_full_redraw(explorer):
    before = _png(explorer)
    explorer.set(b_angle=-120, a_length=0.6)
    blitted = _png(explorer)
    assert blitted.shape == before.shape
    assert (blitted != before).any(axis=2).mean() > 0.005
    explorer._backgrounds.clear()
    explorer.update()
    np.testing.assert_array_equal(_png(explorer), blitted)


def test_sweep_every_control_over_its_range(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, control in explorer.controls.items():
            steps = int(round((control.max - control.min) / control.step))
            for k in range(steps + 1):
                value = control.min + k * control.step
                explorer.set(**{name: value})
                g = explorer.state.geometry
                numbers = [g.dot, g.dot_geometric, g.theta_deg, g.cos_theta, *g.projection]
                assert np.all(np.isfinite(numbers)), (name, value)
                independent = np.dot(vec(explorer.values["a_length"], explorer.values["a_angle"]),
                                     vec(explorer.values["b_length"], explorer.values["b_angle"]))
                assert g.dot == pytest.approx(independent, abs=1e-12)
                assert explorer.image.value[:4] == b"\x89PNG"
                assert "nan" not in repr(explorer).lower()
            explorer.set(**{name: DotExplorer().values[name]})


def test_dot_state_function_matches_the_explorer(explorer):
    s = dot_state(30, 1.5, 75, 1.2)
    assert s.geometry.dot == explorer.state.geometry.dot
    with pytest.raises(ValueError, match="non-zero"):
        dot_state(0, 0.0, 10, 1.0)


def test_small_multiples_titles_and_restore(explorer):
    before = explorer.values
    values = [30, 75, 120, 165, -150]
    fig = explorer.small_multiples("b_angle", values, ncols=2)
    titles = [ax.get_title() for ax in fig.axes][:len(values)]
    for b_angle, title, theta in zip(values, titles, [0, 45, 90, 135, 180]):
        dot = np.dot(vec(1.5, 30), vec(1.2, b_angle))
        shown = f"{round(dot, 2) + 0.0:.2f}"
        assert title.startswith(f"b_angle = {b_angle}: θ = {theta}°, a·b = {shown}")
    assert explorer.values == before


def test_widget_bundle_carries_the_repr_and_unknown_controls_fail(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(c_angle=10)


def test_out_of_range_values_are_clipped_by_the_sliders(explorer):
    explorer.set(a_length=5.0, b_angle=400)
    assert explorer.values["a_length"] == 2.0 and explorer.values["b_angle"] == 180
    assert explorer.state.a_length == 2.0 and explorer.state.b_angle == 180
