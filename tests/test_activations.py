"""The activation registry against PyTorch autograd (float64), finite differences and hand values.

Every test that takes ``name`` walks the whole registry, so a new entry cannot skip a check:
element-wise entries are compared entry by entry, softmax (the one non-element-wise entry)
row by row, its derivative as a Jacobian.  Tables of hand-computed values below must name
every entry (a test checks that), so a new entry also needs its limits written down.

Tolerances: 1e-12 (relative and absolute) everywhere against PyTorch in float64.  The one
looser bound is torch's *default* softplus, which returns ``z`` itself above ``threshold=20``
and so differs from the exact value by up to log(1 + e^-20) = 2.1e-9; the registry's
counterpart raises the threshold to 40, where the two agree to 1e-12 (test below).
"""
import dataclasses
import math
import re
import warnings

import numpy as np
import pytest
import torch
from scipy import integrate
from scipy.special import erfc

from nnbook import activations as A
from nnbook.activations import (ACTIVATIONS, Activation, PReLU, UnknownActivationError, activation_names,
                                elementwise_activation, get_activation)
from nnbook.pytorch import TORCH

NAMES = list(ACTIVATIONS)
EXTREMES = np.array([-1000.0, -710.0, -50.0, -20.0001, -1e-12, 0.0, 1e-12, 20.0, 20.0001, 25.0, 50.0,
                     710.0, 1000.0])
ROWS = 37  # softmax gets its 259 inputs as 37 rows of 7 logits


def _inputs(seed: int, act=None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    z = np.concatenate([rng.normal(0, 3, 200), rng.uniform(-30, 30, 46), EXTREMES])
    if act is not None and not act.elementwise:
        z = rng.permutation(z).reshape(ROWS, -1)  # rows mixing ordinary and extreme logits
    return z


def _torch_value_and_grad(name: str, z: np.ndarray, **params):
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    y = TORCH[name](zt, **params)
    (g,) = torch.autograd.grad(y.sum(), zt)
    return y.detach().numpy(), g.numpy()


def _torch_row_jacobians(name: str, z: np.ndarray) -> np.ndarray:
    """Jacobian of each row, shape (rows, C, C), by autograd."""
    zt = torch.tensor(z, dtype=torch.float64)
    return torch.func.vmap(torch.func.jacrev(TORCH[name]))(zt).numpy()


def _silent(fn, *args, **kwargs):
    """Call fn with every warning (overflow, invalid value) turned into an error."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


# --- the registry's contents ---------------------------------------------------------


def test_registry_holds_every_function_of_chapters_1_and_2():
    assert NAMES == ["step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu",
                     "gelu", "gelu_tanh", "swish", "mish", "softplus", "softmax"]


def test_entries_are_documented():
    for act in ACTIVATIONS.values():
        assert act.formula and act.output_range and act.source and act.label and act.torch_name
        assert act.fn.__doc__ and act.grad.__doc__
        assert isinstance(act.zero_centred, bool) and isinstance(act.saturates, bool)


def test_every_entry_has_a_torch_twin_and_the_registry_holds_none():
    assert list(TORCH) == NAMES  # the same names, in the same order
    assert "torch_fn" not in {f.name for f in dataclasses.fields(Activation)}  # NumPy only
    assert TORCH["sigmoid"] is torch.sigmoid and TORCH["tanh"] is torch.tanh  # torch_name says so


def test_only_softmax_is_not_elementwise():
    assert activation_names(elementwise=False) == ["softmax"]
    assert activation_names(elementwise=True) == NAMES[:-1]
    assert activation_names() == NAMES


# --- values and derivatives against PyTorch -------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 1])
def test_function_matches_torch(name, seed):
    act = get_activation(name)
    z = _inputs(seed, act)
    y = _silent(act.fn, z)  # overflow or invalid-value warnings fail the test
    expected = TORCH[name](torch.tensor(z, dtype=torch.float64)).numpy()
    assert y.shape == z.shape and y.dtype == np.float64
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].differentiable])
@pytest.mark.parametrize("seed", [0, 1])
def test_derivative_matches_autograd(name, seed):
    act = get_activation(name)
    z = _inputs(seed, act)
    grad = _silent(act.grad, z)
    if act.elementwise:
        _, expected = _torch_value_and_grad(name, z)
    else:  # a Jacobian per row
        expected = _torch_row_jacobians(name, z)
        assert grad.shape == (ROWS, z.shape[1], z.shape[1])
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference_away_from_kinks(name):
    act = get_activation(name)
    z = np.random.default_rng(2).uniform(-6, 6, 420)
    z = z[np.abs(z) > 1e-3][:400]  # step, the ReLU family and SELU have a kink at 0
    h = 1e-6
    if act.elementwise:
        numeric = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
        np.testing.assert_allclose(act.grad(z), numeric, rtol=1e-6, atol=1e-8)
    else:
        rows = z.reshape(80, 5)
        eye = np.eye(5)
        # column j of each Jacobian: how every output moves when logit j moves
        numeric = np.stack([(act.fn(rows + h * eye[j]) - act.fn(rows - h * eye[j])) / (2 * h)
                            for j in range(5)], axis=-1)
        np.testing.assert_allclose(act.grad(rows), numeric, rtol=1e-6, atol=1e-8)


#: Parameter values to test for every entry that has parameters (a test checks the coverage).
PARAM_VALUES = {
    "leaky_relu": ("alpha", [0.0, 0.01, 0.2, 1.0]),
    "prelu": ("alpha", [0.0, 0.1, 0.25, 1.5]),
    "elu": ("alpha", [0.0, 0.5, 1.0, 2.0]),
    "swish": ("beta", [0.0, 0.5, 1.0, 1.7, 10.0]),
}


def test_every_parametrised_entry_is_tested_with_several_values():
    assert {n: list(a.params) for n, a in ACTIVATIONS.items() if a.params} == {
        n: [p] for n, (p, _) in PARAM_VALUES.items()}


@pytest.mark.parametrize("name,param,value",
                         [(n, p, v) for n, (p, vs) in PARAM_VALUES.items() for v in vs])
def test_parameters_match_torch(name, param, value):
    act = get_activation(name)
    z = _inputs(3)
    y = _silent(act.fn, z, **{param: value})
    g = _silent(act.grad, z, **{param: value})
    y_ref, g_ref = _torch_value_and_grad(name, z, **{param: value})
    np.testing.assert_allclose(y, y_ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g, g_ref, rtol=1e-12, atol=1e-12)


def test_torch_counterparts_are_torch_own_functions():
    z = torch.linspace(-5, 5, 101, dtype=torch.float64)
    F = torch.nn.functional
    torch.testing.assert_close(TORCH["swish"](z), F.silu(z), rtol=0, atol=0)
    torch.testing.assert_close(TORCH["swish"](z, beta=2.0), F.silu(2 * z) / 2, rtol=1e-15, atol=1e-15)
    torch.testing.assert_close(TORCH["prelu"](z), torch.nn.PReLU(init=0.25).double()(z), rtol=0, atol=0)
    torch.testing.assert_close(TORCH["gelu_tanh"](z), F.gelu(z, approximate="tanh"), rtol=0, atol=0)
    torch.testing.assert_close(TORCH["softplus"](z), F.softplus(z), rtol=0, atol=0)  # same below 20


def test_softplus_against_torch_default_threshold():
    # torch's default softplus switches to z above threshold=20; the exact value is
    # z + log1p(exp(-z)), so the gap is exactly that last term: <= log(1 + e^-20) = 2.06e-9.
    z = np.concatenate([np.linspace(-40, 40, 8001), EXTREMES])
    torch_default = torch.nn.functional.softplus(torch.tensor(z)).numpy()
    gap = A.softplus(z) - torch_default
    np.testing.assert_allclose(gap[z <= 20], 0.0, atol=1e-12)
    above = z > 20
    np.testing.assert_allclose(gap[above], np.log1p(np.exp(-z[above])), rtol=0, atol=1e-14)
    assert gap.max() <= math.log1p(math.exp(-20))


# --- stability and the facts each entry states ----------------------------------------

#: f(-1000) and f(+1000) worked out by hand (softmax: the row [-1000, 0, 1000]).
LIMITS = {
    "step": (0.0, 1.0),
    "identity": (-1000.0, 1000.0),
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, 1000.0),
    "leaky_relu": (-10.0, 1000.0),
    "prelu": (-250.0, 1000.0),
    "elu": (-1.0, 1000.0),
    "selu": (-1.0507009873554805 * 1.6732632423543772, 1.0507009873554805 * 1000),
    "gelu": (0.0, 1000.0),
    "gelu_tanh": (0.0, 1000.0),
    "swish": (0.0, 1000.0),
    "mish": (0.0, 1000.0),
    "softplus": (0.0, 1000.0),
    "softmax": (0.0, 1.0),  # the two ends of softmax([-1000, 0, 1000]); the middle is e^-1000 = 0
}


def test_every_entry_has_hand_computed_limits():
    assert set(LIMITS) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_extremes_are_finite_exact_and_silent(name):
    act = get_activation(name)
    z = np.array([-1000.0, 0.0, 1000.0])
    y = _silent(act.fn, z)
    g = _silent(act.grad, z)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(g))
    lo, hi = LIMITS[name]
    assert y[0] == pytest.approx(lo, rel=1e-15, abs=1e-300)
    assert y[-1] == pytest.approx(hi, rel=1e-15)


def _normal_mean(f) -> float:
    """E f(Z) for Z ~ N(0, 1), by adaptive quadrature (independent of the registry's facts)."""
    return integrate.quad(lambda t: float(f(t)) * math.exp(-t * t / 2) / math.sqrt(2 * math.pi),
                          -40, 40, points=[0.0], limit=200)[0]


@pytest.mark.parametrize("name", NAMES)
def test_zero_centred_flag_is_true_exactly_when_normal_inputs_give_mean_zero(name):
    act = get_activation(name)
    if act.elementwise:
        mean = _normal_mean(act.fn)
    else:
        mean = act.fn(np.random.default_rng(4).normal(size=(20000, 5))).mean()  # softmax: 1/5
    assert act.zero_centred == (abs(mean) < 1e-6), f"{name}: mean output {mean:.6f}"


@pytest.mark.parametrize("name", NAMES)
def test_saturates_flag_is_true_exactly_when_both_tails_are_flat(name):
    act = get_activation(name)
    if act.elementwise:
        tails = act.grad(np.array([-1000.0, 1000.0]))
    else:
        tails = act.grad(np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]]))
    assert act.saturates == bool(np.all(np.abs(tails) < 1e-12)), f"{name}: tails {tails}"


def _parse_range(text: str, params) -> tuple[float, float]:
    lo, hi = re.match(r"[\[\(\{](.+?), (.+?)[\]\)\}]", text).groups()
    value = lambda s: {"inf": math.inf, "-inf": -math.inf, "-alpha": -params.get("alpha", 0)}.get(s, None)  # noqa: E731
    return tuple(float(s) if value(s) is None else value(s) for s in (lo, hi))


@pytest.mark.parametrize("name", NAMES)
def test_output_range_is_what_the_function_takes(name):
    act = get_activation(name)
    lo, hi = _parse_range(act.output_range, act.params)
    z = np.concatenate([np.linspace(-60, 60, 240001), EXTREMES])
    y = act.fn(z) if act.elementwise else act.fn(z.reshape(-1, 2))
    assert y.min() >= lo - 5e-5 and y.max() <= hi + 5e-5
    if math.isfinite(lo):  # a finite bound is approached (the string has 4 decimals)
        assert y.min() == pytest.approx(lo, abs=5e-5)
    if math.isfinite(hi):
        assert y.max() == pytest.approx(hi, abs=5e-5)


# --- individual functions: values worked out independently -----------------------------


def test_known_values():
    # independent of the code: 1/(1+e^-0.1), tanh(0.5), and the derivative maxima
    assert A.sigmoid(0.1) == pytest.approx(1 / (1 + np.exp(-0.1)), rel=1e-15)
    assert A.sigmoid_prime(0.0) == 0.25
    assert A.tanh_prime(0.0) == 1.0
    assert A.tanh(0.5) == pytest.approx(0.46211715726000974)
    np.testing.assert_array_equal(A.step([-0.5, 0.0, 0.5]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(A.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(A.leaky_relu([-2.0, 3.0], alpha=0.1), [-0.2, 3.0])
    assert A.elu(-1.0) == pytest.approx(math.exp(-1) - 1, rel=1e-15)
    assert A.gelu(1.0) == pytest.approx(0.8413447460685429, rel=1e-15)  # Phi(1), from a normal table
    assert A.gelu_prime(math.sqrt(2)) == pytest.approx(
        0.5 * (1 + math.erf(1)) + math.sqrt(2) * math.exp(-1) / math.sqrt(2 * math.pi), rel=1e-14)
    assert A.softplus(0.0) == pytest.approx(math.log(2), rel=1e-15)
    assert A.mish_prime(0.0) == pytest.approx(0.6, rel=1e-15)  # tanh(log 2) = (2 - 1/2)/(2 + 1/2)
    assert A.swish(2.0) == pytest.approx(2 / (1 + math.exp(-2)), rel=1e-15)


def test_selu_constants_are_the_papers_fixed_point():
    # Klambauer et al. (2017), eq. 14: alpha01 and lambda01 in closed form.
    e, c = math.e, erfc(1 / math.sqrt(2))
    alpha = -math.sqrt(2 / math.pi) / (c * math.exp(0.5) - 1)
    lam = ((1 - c * math.sqrt(e)) * math.sqrt(2 * math.pi)
           * (2 * erfc(math.sqrt(2)) * e ** 2 + math.pi * c ** 2 * e - 2 * (2 + math.pi) * c * math.sqrt(e)
              + math.pi + 2) ** -0.5)
    assert A.SELU_ALPHA == pytest.approx(alpha, rel=1e-14)
    assert A.SELU_LAMBDA == pytest.approx(lam, rel=1e-14)
    assert A.SELU_ALPHA == 1.6732632423543772 and A.SELU_LAMBDA == 1.0507009873554805  # torch's digits


def test_selu_maps_standard_normal_to_mean_0_variance_1():
    mean = _normal_mean(A.selu)
    second = _normal_mean(lambda t: A.selu(t) ** 2)
    assert abs(mean) < 1e-9 and second == pytest.approx(1.0, abs=1e-9)


def test_gelu_tanh_approximation_error_is_below_the_documented_bound():
    z = np.linspace(-10, 10, 200001)
    gap = np.abs(A.gelu(z) - A.gelu_tanh(z))
    assert 4e-4 < gap.max() < 5e-4


def test_swish_beta_limits():
    z = np.linspace(-5, 5, 1001)
    np.testing.assert_allclose(A.swish(z, beta=0.0), z / 2, rtol=0, atol=0)
    # |swish_beta - relu| = |z| sigmoid(-beta |z|) <= 1/(e beta) (maximum of t e^{-beta t})
    assert np.abs(A.swish(z, beta=50.0) - A.relu(z)).max() <= 1 / (math.e * 50)


# --- softmax --------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1.0, 100.0, 1000.0])
def test_softmax_rows_sum_to_one_and_match_torch_for_large_logits(scale):
    z = np.random.default_rng(5).normal(size=(64, 10)) * scale
    s = _silent(A.softmax, z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    assert np.all(s >= 0)
    np.testing.assert_allclose(s, torch.softmax(torch.tensor(z), dim=1).numpy(), rtol=1e-12, atol=1e-300)


def test_softmax_is_unchanged_by_a_shift_and_works_along_any_axis():
    z = np.random.default_rng(6).normal(size=(3, 4, 5))
    np.testing.assert_allclose(A.softmax(z + 700.0), A.softmax(z), rtol=1e-12)
    for axis in (0, 1, 2, -2):
        np.testing.assert_allclose(A.softmax(z, axis=axis),
                                   torch.softmax(torch.tensor(z), dim=axis).numpy(), rtol=1e-12)
        np.testing.assert_allclose(A.softmax(z, axis=axis).sum(axis=axis), 1.0, atol=1e-15)
    assert A.softmax(3.0) == 1.0  # one logit: probability 1, like torch.softmax
    np.testing.assert_array_equal(A.softmax([-np.inf, 0.0]), [0.0, 1.0])  # a masked logit


def test_softmax_jacobian_along_an_inner_axis_matches_autograd():
    z = np.random.default_rng(7).normal(size=(2, 4, 3))
    J = A.softmax_jacobian(z, axis=1)
    assert J.shape == (2, 3, 4, 4)  # the other axes in order, then (C, C)
    ref = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=1), torch.tensor(z)).numpy()
    for n in range(2):
        for k in range(3):
            np.testing.assert_allclose(J[n, k], ref[n, :, k, n, :, k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(J.sum(axis=-2), 0.0, atol=1e-15)  # outputs always sum to 1


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_vjp_matches_autograd(axis):
    rng = np.random.default_rng(8)
    z, g = rng.normal(0, 5, size=(6, 9)), rng.normal(size=(6, 9))
    zt = torch.tensor(z, requires_grad=True)
    (ref,) = torch.autograd.grad(torch.softmax(zt, dim=axis), zt, grad_outputs=torch.tensor(g))
    np.testing.assert_allclose(A.softmax_vjp(z, g, axis=axis), ref.numpy(), rtol=1e-12, atol=1e-14)


def test_softmax_bad_arguments():
    with pytest.raises(ValueError, match=r"axis must be in \[-2, 1\] for z of shape \(2, 3\), got 2"):
        A.softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        A.softmax(np.zeros(3), axis=0.5)
    with pytest.raises(ValueError, match="grad_output must have the shape of z"):
        A.softmax_vjp(np.zeros((2, 3)), np.zeros(3))


# --- PReLU: the learnable slope -------------------------------------------------------


@pytest.mark.parametrize("init", [0.0, 0.25, 1.3])
def test_prelu_backward_matches_autograd_for_z_and_alpha(init):
    rng = np.random.default_rng(9)
    z = np.concatenate([rng.normal(0, 2, 300), [0.0, -1000.0, 1000.0]])
    upstream = rng.normal(size=z.shape)
    layer = PReLU(init=init)
    y = layer.forward(z)
    dz = layer.backward(upstream)

    ref = torch.nn.PReLU().double()
    with torch.no_grad():
        ref.weight.fill_(init)  # in float64 (init= would round the slope to float32 first)
    zt = torch.tensor(z, requires_grad=True)
    yt = ref(zt)
    yt.backward(torch.tensor(upstream))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.alpha_grad, ref.weight.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_prelu_per_channel_slopes_match_autograd():
    rng = np.random.default_rng(10)
    z, upstream = rng.normal(size=(8, 3, 5)), rng.normal(size=(8, 3, 5))
    layer = PReLU(num_parameters=3, init=0.1)
    layer.alpha[:] = [0.1, 0.5, 2.0]
    layer.forward(z)
    dz = layer.backward(upstream)

    ref = torch.nn.PReLU(num_parameters=3).double()
    with torch.no_grad():
        ref.weight.copy_(torch.tensor([0.1, 0.5, 2.0], dtype=torch.float64))
    zt = torch.tensor(z, requires_grad=True)
    ref(zt).backward(torch.tensor(upstream))
    np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.alpha_grad, ref.weight.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_prelu_gradient_accumulates_until_zero_grad():
    layer = PReLU()
    z, g = np.array([-2.0, -1.0, 3.0]), np.array([1.0, 2.0, 5.0])
    layer.forward(z)
    np.testing.assert_allclose(layer.backward(g), [0.25, 0.5, 5.0])  # g * (alpha or 1)
    assert layer.alpha_grad[0] == -4.0  # 1(-2) + 2(-1) + 5(0), by hand
    layer.backward(g)
    assert layer.alpha_grad[0] == -8.0
    layer.zero_grad()
    assert layer.alpha_grad[0] == 0.0
    assert layer.parameters()[0] is layer.alpha
    assert repr(layer) == "PReLU(num_parameters=1, alpha=[0.2500])"


def test_prelu_can_learn_its_slope():
    # Fit PReLU to data made by a leaky ReLU of slope 0.6: gradient descent on alpha must find 0.6.
    z = np.random.default_rng(11).normal(size=500)
    target = np.where(z > 0, z, 0.6 * z)
    layer = PReLU(init=0.0)
    for _ in range(200):
        layer.zero_grad()
        y = layer.forward(z)
        layer.backward(2 * (y - target) / z.size)  # d(mean squared error)/dy
        layer.alpha -= 0.5 * layer.alpha_grad
    assert layer.alpha[0] == pytest.approx(0.6, abs=1e-6)


def test_prelu_bad_use():
    with pytest.raises(RuntimeError, match="call forward first"):
        PReLU().backward(np.ones(3))
    layer = PReLU()
    layer.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"grad_output must have the shape of z \(3,\), got \(4,\)"):
        layer.backward(np.ones(4))
    with pytest.raises(ValueError, match=r"3 slopes need z of shape \(N, 3, \*\)"):
        PReLU(num_parameters=3).forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match="num_parameters must be an integer >= 1, got 0"):
        PReLU(num_parameters=0)
    with pytest.raises(ValueError, match="num_parameters must be an integer >= 1, got True"):
        PReLU(num_parameters=True)
    with pytest.raises(ValueError, match=r"init must be a finite number, got '0.25' \(str\)"):
        PReLU(init="0.25")
    with pytest.raises(ValueError, match="alpha contains NaN in 1 of its 1 entries"):
        A.prelu(1.0, alpha=np.nan)
    with pytest.raises(TypeError, match="alpha must be a real number or an array of real numbers, got str"):
        A.prelu(1.0, alpha="slope")


# --- shapes, lookup and bad input ------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_shape_is_preserved(name):
    z = np.arange(24.0).reshape(2, 3, 4) - 12
    act = get_activation(name)
    assert act.fn(z).shape == z.shape
    assert act.grad(z).shape == (z.shape if act.elementwise else (2, 3, 4, 4))
    assert np.ndim(act.fn(0.3)) == 0


def test_plot_activation_draws_only_elementwise_entries():
    from nnbook.plotting import plot_activation

    ax = plot_activation("elu", derivative=True, alpha=2.0, num=101)
    z = ax.lines[0].get_xdata()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.where(z > 0, z, 2.0 * np.expm1(np.minimum(z, 0))))
    with pytest.raises(ValueError, match="element-wise"):
        plot_activation("softmax")


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(UnknownActivationError) as info:
        get_activation("sigmod")
    message = str(info.value)
    assert "'sigmod'" in message
    for name in NAMES:
        assert name in message
    assert isinstance(info.value, KeyError)


def test_lookup_is_forgiving_about_case_separators_and_aliases():
    assert get_activation("Leaky-ReLU") is ACTIVATIONS["leaky_relu"]
    assert get_activation(" ReLU ") is ACTIVATIONS["relu"]
    assert get_activation("SiLU") is ACTIVATIONS["swish"]
    assert get_activation("GELU tanh") is ACTIVATIONS["gelu_tanh"]


def test_name_must_be_a_string():
    with pytest.raises(TypeError, match="str"):
        get_activation(3)


@pytest.mark.parametrize("name", NAMES)
def test_nan_input_is_rejected(name):
    message = r"z contains NaN in 1 of its 2 entries; expected finite numbers"
    with pytest.raises(ValueError, match=message):
        get_activation(name).fn(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match=message):
        get_activation(name).grad(np.array([0.0, np.nan]))


#: f(-inf) and f(+inf) by hand, for the entries that have those limits (the rest give inf - inf).
INFINITE_LIMITS = {"step": [0.0, 1.0], "identity": [-np.inf, np.inf], "sigmoid": [0.0, 1.0],
                   "tanh": [-1.0, 1.0], "relu": [0.0, np.inf], "elu": [-1.0, np.inf],
                   "softplus": [0.0, np.inf]}


@pytest.mark.parametrize("name", sorted(INFINITE_LIMITS))
def test_infinite_input_is_accepted(name):
    # The activations take +-inf (they have limits there); only NaN is refused.
    np.testing.assert_array_equal(get_activation(name).fn(np.array([-np.inf, np.inf])), INFINITE_LIMITS[name])


def test_non_numeric_input_is_rejected():
    with pytest.raises(TypeError, match="real number"):
        A.sigmoid("high")


@pytest.mark.parametrize("fn,param,value,shown", [
    (A.leaky_relu, "alpha", -0.1, " >= 0, got -0.1"), (A.leaky_relu, "alpha", np.inf, " >= 0, got inf"),
    (A.leaky_relu, "alpha", np.nan, " >= 0, got nan"), (A.elu, "alpha", -1.0, " >= 0, got -1.0"),
    (A.elu_prime, "alpha", None, r" >= 0, got None \(NoneType\)"), (A.swish, "beta", np.inf, ", got inf"),
    (A.swish, "beta", "one", r", got 'one' \(str\)"),
    (A.leaky_relu, "alpha", "0.1", r" >= 0, got '0.1' \(str\)"),  # a string is not read as a number
    (A.swish_prime, "beta", True, r", got True \(bool\)"),
])
def test_bad_parameters_are_rejected(fn, param, value, shown):
    with pytest.raises(ValueError, match=rf"^{param} must be a finite number{shown}$"):
        fn(1.0, **{param: value})


def test_activation_names_checks_its_filter():
    with pytest.raises(TypeError, match="elementwise must be None, True or False, got 'yes'"):
        activation_names(elementwise="yes")


def test_elementwise_activation_refuses_softmax_and_lists_the_choices():
    assert elementwise_activation("ReLU", "a layer") is ACTIVATIONS["relu"]
    with pytest.raises(ValueError) as info:
        elementwise_activation("softmax", "a layer", "it needs a row")
    assert str(info.value) == ("a layer needs an element-wise activation, got 'softmax'; it needs a row; "
                               "expected one of: " + ", ".join(NAMES[:-1]))
    with pytest.raises(UnknownActivationError):
        elementwise_activation("sigmod", "a layer")
