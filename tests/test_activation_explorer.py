"""The activation explorer, headless: controls → computed state → figure → published PNG."""
import io
import math
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from nnbook.activations import ACTIVATIONS, UnknownActivationError, activation_names
from nnbook.explorers import ActivationExplorer, activation_state
from nnbook.explorers.activation import PARAM_RANGES, PLAYER_Z, Z_RANGE, _nice_limits
from nnbook.pytorch import TORCH

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


def test_moving_the_dropdown_live_computes_and_publishes_once_with_the_defaults(explorer):
    computed, published = [], []
    original = explorer.compute
    explorer.compute = lambda **values: (computed.append(values), original(**values))[1]
    explorer.image.observe(published.append, names="value")
    explorer.set(alpha=1.8)
    computed.clear(), published.clear()
    explorer.controls["activation"].value = "prelu"  # what a reader does; observers run synchronously
    assert computed == [{"activation": "prelu", "alpha": 0.25, "beta": 1.0, "z": -1.0}]
    assert len(published) == 1
    assert explorer.state.params == {"alpha": 0.25}
    assert explorer.controls["alpha"].value == 0.25 and not explorer.controls["alpha"].disabled


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


def test_moving_z_keeps_the_background(explorer):
    # the axes' limits and titles depend on the function and its parameter, never on z
    keys = {explorer.background_key(explorer.set(z=z).state) for z in (-4.0, 0.5, 1.0, 3.3)}
    assert keys == {("elu", (-2.0, 6.0), (-0.25, 1.25))}  # f in [-0.99, 5], f' in (0, 1]: padded, rounded
    assert (explorer.ax_f.get_ylim(), explorer.ax_df.get_ylim()) == ((-2.0, 6.0), (-0.25, 1.25))
    assert explorer.background_key(explorer.set(alpha=2.0).state) not in keys


def test_compute_over_every_function_and_parameter_stays_finite():
    # the compute layer across each parameter's slider and the whole z range (fast: no drawing)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in ELEMENTWISE:
            for name in ("alpha", "beta", "z"):
                lo, hi = (Z_RANGE if name == "z" else PARAM_RANGES[name][:2])
                for value in np.linspace(lo, hi, 9):
                    s = activation_state(activation, **({"z": 0.3} | {name: float(value)}))
                    assert np.isfinite([s.y, s.dy]).all(), (activation, name, value)
                    assert np.isfinite(s.f_grid).all() and np.isfinite(s.df_grid).all()


def test_widget_bundle_carries_the_stable_repr_and_the_player(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert 'data-explorer="activation"' in bundle["text/html"]


def _player(explorer):
    return {c.name: c for c in explorer.player_controls()}


def test_player_offers_every_function_and_z_in_quarters(explorer):
    player = _player(explorer)
    assert list(player) == ["activation", "alpha", "beta", "z"]  # the menu first, as in the explorer
    assert player["activation"].kind == "select" and list(player["activation"].values) == ELEMENTWISE
    assert PLAYER_Z == player["z"].values
    np.testing.assert_allclose(np.diff(PLAYER_Z), 0.25)
    assert (PLAYER_Z[0], PLAYER_Z[-1]) == Z_RANGE and 0.0 in PLAYER_Z


def test_player_parameters_apply_only_to_the_functions_that_have_them(explorer):
    player = _player(explorer)
    assert player["alpha"].active_when == ("activation", ("leaky_relu", "prelu", "elu"))
    assert player["beta"].active_when == ("activation", ("swish",))
    for name in ELEMENTWISE:  # the player's grids hold every registry default
        for p, default in ACTIVATIONS[name].params.items():
            assert default in player[p].values, (name, p)
    for p, control in player.items():
        if p in PARAM_RANGES:
            lo, hi, _ = PARAM_RANGES[p]
            assert all(lo <= v <= hi for v in control.values)
    # a function without the parameter disables its slider, in the kernel as in the player
    explorer.set(activation="relu", z=0.5)
    assert explorer.controls["alpha"].disabled and explorer.controls["beta"].disabled
    explorer.set(activation="swish", beta=5.0, z=0.5)
    assert explorer.controls["alpha"].disabled and not explorer.controls["beta"].disabled
    assert explorer.state.params == {"beta": 5.0}


def test_player_opens_on_the_default_start(explorer):
    player = _player(explorer)
    start = explorer.values
    assert (start["activation"], start["alpha"], start["z"]) == ("elu", 1.0, -1.0)
    assert start["activation"] in player["alpha"].active_when[1]
    assert start["activation"] not in player["beta"].active_when[1]
    for name in ("activation", "alpha", "z"):
        assert start[name] in player[name].values, name


def test_unknown_control(explorer):
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(gamma=1.0)


@pytest.mark.parametrize("values,expected", [([0.0, 1.0], (-0.25, 1.25)), ([-1.0, 5.0], (-2.0, 6.0)),
                                             ([1.0, 1.0], (-0.25, 1.25)), ([-10.0, 5.0], (-12.5, 7.5))])
def test_nice_limits_include_zero_and_round_outwards(values, expected):
    assert _nice_limits(np.array(values)) == expected
