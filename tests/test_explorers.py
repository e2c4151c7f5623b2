"""The neuron explorer, headless: controls → computed state → figure → published PNG."""
import io
import itertools
import warnings

import numpy as np
import pytest
from PIL import Image

from nnbook import neuron_forward
from nnbook.activations import UnknownActivationError, activation_names
from nnbook.explorers import NeuronExplorer, neuron_state

NUMERIC = ["x1", "x2", "x3", "w1", "w2", "w3", "b"]


@pytest.fixture
def explorer():
    return NeuronExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def test_initial_state_is_the_worked_neuron(explorer):
    s = explorer.state
    assert s.z == pytest.approx(0.1, abs=1e-12)
    assert s.y == pytest.approx(1 / (1 + np.exp(-0.1)), abs=1e-12)
    np.testing.assert_allclose(s.contributions, [0.42, -0.12, -0.10])
    assert repr(explorer) == (
        "NeuronExplorer(x=[0.60, 0.40, -0.20], w=[0.70, -0.30, 0.50], b=-0.10, "
        "activation='sigmoid') -> z = 0.1000, y = 0.5250"
    )
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "0.1000" in explorer.readout.value and "0.5250" in explorer.readout.value


def test_setting_a_slider_recomputes_like_the_library(explorer):
    explorer.controls["w1"].value = -1.5  # observers run synchronously without a kernel
    explorer.controls["activation"].value = "tanh"
    v = explorer.values
    z, y = neuron_forward([v["x1"], v["x2"], v["x3"]], [v["w1"], v["w2"], v["w3"]], v["b"], "tanh")
    assert explorer.state.z == pytest.approx(z) and explorer.state.y == pytest.approx(y)
    assert explorer.state.w[0] == -1.5


def test_figure_follows_the_state(explorer):
    before = _png(explorer)
    explorer.set(w2=1.8, b=1.0)
    s = explorer.state
    marker_x, marker_y = explorer.marker.get_data()
    assert marker_x[0] == pytest.approx(s.z) and marker_y[0] == pytest.approx(s.y)
    assert explorer.diagram.edge_labels[1].get_text() == "+1.80"
    assert explorer.diagram.bias_label.get_text() == "+1.00"
    assert explorer.diagram.out_label.get_text() == f"{s.y:.3f}"
    assert explorer.diagram.edges[1].get_linewidth() > explorer.diagram.edges[0].get_linewidth()
    after = _png(explorer)
    assert after.shape == before.shape
    assert (after != before).any(axis=2).mean() > 0.005  # the published picture changed


def test_changing_the_activation_redraws_the_curve(explorer):
    explorer.set(activation="relu")
    z, f = explorer.curve.get_data()
    np.testing.assert_allclose(f, np.maximum(z, 0))
    assert explorer.ax_curve.get_title() == "y = relu(z)"
    assert explorer.diagram.act_label.get_text() == "relu"


def test_blitted_frame_equals_a_full_redraw(explorer):
    explorer.set(w1=-1.2, x3=1.5, b=0.35)
    blitted = _png(explorer)
    explorer._backgrounds.clear()  # force a full redraw of the same state
    explorer.update()
    np.testing.assert_array_equal(_png(explorer), blitted)


def test_cached_background_matches_after_switching_activations(explorer):
    explorer.set(activation="tanh", b=0.4)
    first = _png(explorer)
    explorer.set(activation="relu")
    explorer.set(activation="tanh")  # background restored from the cache, not redrawn
    np.testing.assert_array_equal(_png(explorer), first)
    assert explorer.ax_curve.get_title() == "y = tanh(z)"


def test_large_z_widens_the_curve_panel(explorer):
    explorer.set(x1=2, x2=2, x3=2, w1=2, w2=2, w3=2, b=2)
    assert explorer.state.z == pytest.approx(14.0)
    lo, hi = explorer.ax_curve.get_xlim()
    assert lo < -14 and hi > 14


def test_sweep_over_every_control_raises_nothing_and_stays_finite(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, activation in itertools.product(NUMERIC, activation_names(elementwise=True)):
            control = explorer.controls[name]
            for value in np.linspace(control.min, control.max, 9):
                explorer.set(**{name: float(value), "activation": activation})
                s = explorer.state
                assert np.isfinite([s.z, s.y]).all(), (name, value, activation)
                assert explorer.image.value[:4] == b"\x89PNG"
            explorer.set(**{name: 0.0})


def test_small_multiples_show_each_value_and_restore_the_state(explorer):
    before = explorer.values
    fig = explorer.small_multiples("b", [-1.5, 0.0, 1.5])
    titles = [ax.get_title() for ax in fig.axes]
    for b, title in zip([-1.5, 0.0, 1.5], titles):
        y = neuron_state([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], b).y
        assert title.startswith(f"b = {b:.2f}") and f"y = {y:.3f}" in title
    assert explorer.values == before


def test_widget_bundle_carries_the_stable_repr(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id


def test_unknown_control_and_bad_arguments(explorer):
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(w4=1.0)
    with pytest.raises(KeyError, match="unknown control"):
        explorer.small_multiples("w4", [0.0])
    with pytest.raises(ValueError, match="3 inputs"):
        NeuronExplorer(x=[1.0, 2.0])
    with pytest.raises(UnknownActivationError):
        NeuronExplorer(activation="softsign")


def test_activation_menu_offers_what_a_single_neuron_can_use(explorer):
    options = explorer.controls["activation"].options
    assert "softmax" not in options  # normalises a whole row: meaningless for one scalar z
    assert {"step", "sigmoid", "tanh", "relu"} <= set(options)


def test_update_time_is_recorded(explorer):
    explorer.set(b=0.5)
    assert 0 < explorer.last_update_s < 5
