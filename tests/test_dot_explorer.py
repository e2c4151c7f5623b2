"""The dot-product explorer, headless: controls → state (checked against np.dot) → figure → read-out.

What every explorer must do (pictures that are never stale, sweeps, the player's frames) is
checked once for all in ``test_explorer_contract.py``.
"""
import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

from nnbook.explorers import DotExplorer, dot_state
from nnbook.explorers._player import build_player
from nnbook.explorers.dot import PLAYER_ANGLES, PLAYER_B_LENGTHS
from nnbook.plotting import NEGATIVE, NEUTRAL, POSITIVE


def vec(length, degrees):
    """The vector the sliders describe, computed here independently of the library."""
    return np.array([length * math.cos(math.radians(degrees)), length * math.sin(math.radians(degrees))])


@pytest.fixture
def explorer():
    return DotExplorer()


def test_initial_state(explorer):
    g = explorer.state.geometry
    a, b = vec(1.5, 30), vec(1.2, 75)
    assert g.dot == pytest.approx(np.dot(a, b), abs=1e-14)
    assert g.dot == pytest.approx(1.5 * 1.2 * math.cos(math.radians(45)), abs=1e-14)
    assert g.theta_deg == pytest.approx(45.0, abs=1e-12)
    assert g.alignment == "aligned"
    assert repr(explorer) == ("DotExplorer(a: length 1.50 at 30°, b: length 1.20 at 75°) -> "
                              "a·b = 1.2728 = 1.50 × 1.20 × cos 45°, aligned")


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


def test_dot_state_function_matches_the_explorer(explorer):
    s = dot_state(30, 1.5, 75, 1.2)
    assert s.geometry.dot == explorer.state.geometry.dot
    with pytest.raises(ValueError, match="non-zero"):
        dot_state(0, 0.0, 10, 1.0)


def test_widget_bundle_carries_the_repr_and_the_player_and_unknown_controls_fail(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert 'data-explorer="dot"' in bundle["text/html"]
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(c_angle=10)


def test_out_of_range_values_are_clipped_by_the_sliders(explorer):
    explorer.set(a_length=5.0, b_angle=400)
    assert explorer.values["a_length"] == 2.0 and explorer.values["b_angle"] == 180
    assert explorer.state.a_length == 2.0 and explorer.state.b_angle == 180


def test_player_offers_both_angles_on_a_15_degree_grid_and_three_lengths_of_b(explorer):
    controls = explorer.player_controls()
    assert [c.name for c in controls] == ["a_angle", "b_angle", "b_length"]
    assert all(c.kind == "range" for c in controls)
    assert PLAYER_ANGLES == tuple(range(-165, 181, 15)) and len(PLAYER_ANGLES) == 24
    assert controls[2].values == PLAYER_B_LENGTHS and controls[2].labels == ("0.60", "1.20", "1.80")
    length = explorer.controls["b_length"]
    assert all(length.min <= v <= length.max for v in PLAYER_B_LENGTHS)
    for c in controls[:2]:
        assert c.values == PLAYER_ANGLES
        assert c.labels[PLAYER_ANGLES.index(30)] == "30°"
        # every value is one the live slider can take: in range and on its 5° steps
        slider = explorer.controls[c.name]
        assert all(slider.min <= v <= slider.max for v in c.values)
        assert all((v - slider.min) % slider.step == 0 for v in c.values)
    # the defaults open the player: 30°, 75° and length 1.2 are on the grid
    assert all(explorer.values[c.name] in c.values for c in controls)
    # a's length stays live only in a kernel, and the note says so with the length shown
    assert "its length, 1.50" in explorer.player_note and "JupyterLab or Binder" in explorer.player_note
    assert "its length, 0.80" in DotExplorer(a_length=0.8).player_note


def test_every_player_state_gives_the_independent_dot_product():
    for a_angle in PLAYER_ANGLES:
        for b_angle in PLAYER_ANGLES:
            for b_length in PLAYER_B_LENGTHS:
                g = dot_state(a_angle, 1.5, b_angle, b_length).geometry
                assert g.dot == pytest.approx(np.dot(vec(1.5, a_angle), vec(b_length, b_angle)), abs=1e-12)
                assert g.dot_geometric == pytest.approx(g.dot, abs=1e-12)


def test_a_player_needs_the_explorers_angles_on_its_grid():
    explorer = DotExplorer(b_angle=80)  # a slider value, but not on the player's 15° grid
    with pytest.raises(ValueError, match="do not include the explorer's current values"):
        build_player(explorer)  # raised before any frame is drawn
    assert explorer.values["b_angle"] == 80
