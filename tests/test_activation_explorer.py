"""The activation explorer, headless: controls → computed state → figure → published PNG."""
import io
import math
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from nnbook.activations import ACTIVATIONS, TORCH, UnknownActivationError, activation_names
from nnbook.explorers import ActivationExplorer, activation_state
from nnbook.explorers.activation import PARAM_RANGES, Z_RANGE, _nice_limits

ELEMENTWISE = activation_names(elementwise=True)


@pytest.fixture
def explorer():
    return ActivationExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def _torch_value_and_slope(name: str, z: float, **params):
    zt = torch.tensor([z], dtype=torch.float64, requires_grad=True)
    y = TORCH[name](zt, **params)
    if not ACTIVATIONS[name].differentiable:
        return y.item(), 0.0
    (g,) = torch.autograd.grad(y.sum(), zt)
    return y.item(), g.item()


def test_initial_state_is_elu_at_minus_one(explorer):
    s = explorer.state
    assert (s.activation, s.params, s.z) == ("elu", {"alpha": 1.0}, -1.0)
    assert s.y == pytest.approx(math.exp(-1) - 1, rel=1e-15)  # alpha (e^z - 1), by hand
    assert s.dy == pytest.approx(math.exp(-1), rel=1e-15)
    assert repr(explorer) == "ActivationExplorer(activation='elu', alpha=1.00, z=-1.00) -> f(z) = -0.6321, f'(z) = 0.3679"
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "-0.6321" in explorer.readout.value and "0.3679" in explorer.readout.value
    assert not explorer.controls["alpha"].disabled and explorer.controls["beta"].disabled


def test_only_elementwise_functions_are_offered(explorer):
    assert list(explorer.controls["activation"].options) == ELEMENTWISE
    assert "softmax" not in ELEMENTWISE
    with pytest.raises(ValueError, match="element-wise"):
        ActivationExplorer(activation="softmax")
    with pytest.raises(ValueError, match="element-wise"):
        activation_state("softmax", 0.0)
    with pytest.raises(UnknownActivationError):
        ActivationExplorer(activation="softsign")


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("z", [-3.7, -0.25, 0.4, 2.95])
def test_readout_matches_torch_autograd(explorer, name, z):
    explorer.set(activation=name, z=z)
    s = explorer.state
    y, slope = _torch_value_and_slope(name, z, **ACTIVATIONS[name].params)
    assert s.y == pytest.approx(y, rel=1e-12, abs=1e-12)
    assert s.dy == pytest.approx(slope, rel=1e-12, abs=1e-12)
    assert f"{s.y:.4f}" in explorer.readout.value.replace("-0.0000", "0.0000")


@pytest.mark.parametrize("name,param,value", [("leaky_relu", "alpha", 0.3), ("prelu", "alpha", 1.7),
                                              ("elu", "alpha", 0.45), ("swish", "beta", 2.5)])
def test_parameter_sliders_reach_the_function(explorer, name, param, value):
    explorer.set(activation=name, **{param: value}, z=-1.5)
    s = explorer.state
    assert s.params == {param: value}
    y, slope = _torch_value_and_slope(name, -1.5, **{param: value})
    assert (s.y, s.dy) == (pytest.approx(y, rel=1e-12), pytest.approx(slope, rel=1e-12))
    z, curve = explorer.curves[0].get_data()
    expected = TORCH[name](torch.tensor(z, dtype=torch.float64), **{param: value}).numpy()
    np.testing.assert_allclose(curve, expected, rtol=1e-12, atol=1e-12)


def test_choosing_a_function_resets_its_parameter_and_disables_the_others(explorer):
    explorer.set(alpha=1.8)
    explorer.set(activation="leaky_relu")
    assert explorer.controls["alpha"].value == 0.01 and explorer.state.params == {"alpha": 0.01}
    explorer.set(activation="swish")
    assert explorer.controls["alpha"].disabled and not explorer.controls["beta"].disabled
    assert explorer.state.params == {"beta": 1.0}
    explorer.set(activation="relu")
    assert explorer.controls["alpha"].disabled and explorer.controls["beta"].disabled
    assert explorer.state.params == {}
    assert repr(explorer).startswith("ActivationExplorer(activation='relu', z=")


def test_parameters_given_with_the_function_win_whatever_the_order(explorer):
    explorer.set(beta=2.5, activation="swish")
    assert explorer.state.params == {"beta": 2.5}
    explorer.set(activation="elu", alpha=0.3)
    assert explorer.state.params == {"alpha": 0.3}


def test_moving_the_dropdown_live_updates_once_with_the_defaults(explorer):
    calls = []
    original = explorer.update
    explorer.update = lambda: (calls.append(1), original())
    explorer.controls["activation"].value = "prelu"  # what a reader does; observers run synchronously
    assert len(calls) == 1
    assert explorer.state.params == {"alpha": 0.25}


def test_figure_follows_the_state(explorer):
    before = _png(explorer)
    explorer.set(activation="sigmoid", z=2.0)
    s = explorer.state
    sig = 1 / (1 + math.exp(-2.0))
    for marker, value in zip(explorer.markers, (sig, sig * (1 - sig))):  # sigma and sigma(1 - sigma)
        mx, my = marker.get_data()
        assert mx[0] == 2.0 and my[0] == pytest.approx(value, rel=1e-15)
    z, f = explorer.curves[0].get_data()
    _, df = explorer.curves[1].get_data()
    np.testing.assert_allclose(f, 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_allclose(df, s.df_grid)
    assert z[0] == Z_RANGE[0] and z[-1] == Z_RANGE[1]
    for ax, grid in ((explorer.ax_f, f), (explorer.ax_df, df)):
        lo, hi = ax.get_ylim()
        assert lo <= min(grid.min(), 0) and hi >= grid.max()
    assert explorer.ax_f.get_title() == "sigmoid: function"
    assert explorer.ax_df.get_title() == "sigmoid: derivative"
    after = _png(explorer)
    assert after.shape == before.shape and (after != before).any(axis=2).mean() > 0.005


def test_the_step_is_drawn_with_a_gap_at_the_jump(explorer):
    explorer.set(activation="step", z=0.0)
    assert np.isnan(explorer.curves[0].get_ydata()).sum() == 1
    assert (explorer.state.y, explorer.state.dy) == (1.0, 0.0)


def test_blitted_frame_equals_a_full_redraw(explorer):
    explorer.set(activation="gelu", z=1.35)
    explorer.set(z=-2.2)  # background reused, only the animated artists redrawn
    blitted = _png(explorer)
    explorer._backgrounds.clear()
    explorer.update()
    np.testing.assert_array_equal(_png(explorer), blitted)


def test_moving_z_reuses_the_background(explorer):
    explorer.set(z=0.5)
    key = explorer._background_for
    n = len(explorer._backgrounds)
    for z in (-4.0, 1.0, 3.3):
        explorer.set(z=z)
        assert explorer._background_for == key
    assert len(explorer._backgrounds) == n


def test_sweep_over_every_control_raises_nothing_and_stays_finite(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in ELEMENTWISE:
            for name in ("alpha", "beta", "z"):
                lo, hi = (Z_RANGE if name == "z" else PARAM_RANGES[name][:2])
                for value in np.linspace(lo, hi, 5):
                    explorer.set(activation=activation, **{name: float(value)})
                    s = explorer.state
                    assert np.isfinite([s.y, s.dy]).all(), (activation, name, value)
                    assert np.isfinite(s.f_grid).all() and np.isfinite(s.df_grid).all()
                    assert explorer.image.value[:4] == b"\x89PNG"


def test_small_multiples_show_each_value_and_restore_the_state(explorer):
    before = explorer.values
    fig = explorer.small_multiples("alpha", [0.0, 0.5, 2.0])
    for alpha, ax in zip([0.0, 0.5, 2.0], fig.axes):
        y = alpha * (math.exp(-1) - 1)  # ELU at z = -1, by hand
        assert ax.get_title() == f"alpha = {alpha:.2f}:  f(z) = {y + 0.0:.3f},  f′(z) = {alpha * math.exp(-1):.3f}"
    fig = explorer.small_multiples("activation", ["relu", "swish"])
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == ["activation = ReLU", "activation = Swish / SiLU"]
    assert explorer.values == before
    assert explorer.state.activation == "elu" and explorer.state.params == {"alpha": 1.0}


def test_widget_bundle_carries_the_stable_repr(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id


def test_unknown_control(explorer):
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(gamma=1.0)


@pytest.mark.parametrize("values,expected", [([0.0, 1.0], (-0.25, 1.25)), ([-1.0, 5.0], (-2.0, 6.0)),
                                             ([1.0, 1.0], (-0.25, 1.25)), ([-10.0, 5.0], (-12.5, 7.5))])
def test_nice_limits_include_zero_and_round_outwards(values, expected):
    assert _nice_limits(np.array(values)) == expected
