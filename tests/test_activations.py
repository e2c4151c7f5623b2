"""The activation registry against PyTorch autograd (float64) and a finite-difference check."""
import warnings

import numpy as np
import pytest
import torch

from nnbook import activations as A
from nnbook.activations import ACTIVATIONS, TORCH, UnknownActivationError, get_activation

NAMES = list(ACTIVATIONS)
EXTREMES = np.array([-1000.0, -710.0, -50.0, -1e-12, 0.0, 1e-12, 50.0, 710.0, 1000.0])


def _inputs(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(0, 3, 200), rng.uniform(-30, 30, 50), EXTREMES])


def _torch_value_and_grad(name: str, z: np.ndarray):
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    y = TORCH[name](zt)
    (g,) = torch.autograd.grad(y.sum(), zt)
    return y.detach().numpy(), g.numpy()


def test_registry_holds_the_chapter_1_functions():
    assert {"step", "identity", "sigmoid", "tanh", "relu", "leaky_relu"} <= set(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 1])
def test_function_matches_torch(name, seed):
    z = _inputs(seed)
    act = get_activation(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow or invalid-value warnings fail the test
        y = act.fn(z)
    expected = TORCH[name](torch.tensor(z, dtype=torch.float64)).numpy()
    assert y.shape == z.shape and y.dtype == np.float64
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].differentiable])
@pytest.mark.parametrize("seed", [0, 1])
def test_derivative_matches_autograd(name, seed):
    z = _inputs(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = get_activation(name).grad(z)
    _, expected = _torch_value_and_grad(name, z)
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference_away_from_kinks(name):
    z = np.random.default_rng(2).uniform(-6, 6, 400)
    z = z[np.abs(z) > 1e-3]  # step, ReLU and Leaky ReLU have a kink at 0
    h = 1e-6
    act = get_activation(name)
    numeric = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(act.grad(z), numeric, rtol=1e-6, atol=1e-8)


def test_step_is_marked_non_differentiable_and_torch_agrees():
    act = get_activation("step")
    assert not act.differentiable
    with pytest.raises(RuntimeError, match="heaviside"):  # torch has no derivative either
        _torch_value_and_grad("step", np.array([1.0]))
    np.testing.assert_array_equal(act.grad(_inputs(0)), 0.0)


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.2, 1.0])
def test_leaky_relu_alpha_matches_torch(alpha):
    z = _inputs(3)
    zt = torch.tensor(z, requires_grad=True)
    y = torch.nn.functional.leaky_relu(zt, negative_slope=alpha)
    (g,) = torch.autograd.grad(y.sum(), zt)
    np.testing.assert_allclose(A.leaky_relu(z, alpha), y.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(A.leaky_relu_prime(z, alpha), g.numpy(), rtol=1e-12)


def test_sigmoid_extremes_are_exact_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = A.sigmoid(np.array([-1000.0, 1000.0]))
        d = A.sigmoid_prime(np.array([-1000.0, 1000.0]))
    assert s[0] == 0.0 and s[1] == 1.0
    np.testing.assert_array_equal(d, 0.0)


def test_known_values():
    # independent of the code: 1/(1+e^-0.1), tanh(0.5), and the derivative maxima
    assert A.sigmoid(0.1) == pytest.approx(1 / (1 + np.exp(-0.1)), rel=1e-15)
    assert A.sigmoid_prime(0.0) == 0.25
    assert A.tanh_prime(0.0) == 1.0
    assert A.tanh(0.5) == pytest.approx(0.46211715726000974)
    np.testing.assert_array_equal(A.step([-0.5, 0.0, 0.5]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(A.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(A.leaky_relu([-2.0, 3.0], alpha=0.1), [-0.2, 3.0])


@pytest.mark.parametrize("name", NAMES)
def test_shape_is_preserved(name):
    z = np.arange(24.0).reshape(2, 3, 4) - 12
    act = get_activation(name)
    assert act.fn(z).shape == z.shape
    assert act.grad(z).shape == z.shape
    assert np.ndim(act.fn(0.3)) == 0


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(UnknownActivationError) as info:
        get_activation("sigmod")
    message = str(info.value)
    assert "'sigmod'" in message
    for name in NAMES:
        assert name in message
    assert isinstance(info.value, KeyError)


def test_lookup_is_forgiving_about_case_and_separators():
    assert get_activation("Leaky-ReLU") is ACTIVATIONS["leaky_relu"]
    assert get_activation(" ReLU ") is ACTIVATIONS["relu"]


def test_name_must_be_a_string():
    with pytest.raises(TypeError, match="str"):
        get_activation(3)


@pytest.mark.parametrize("name", NAMES)
def test_nan_input_is_rejected(name):
    with pytest.raises(ValueError, match="NaN"):
        get_activation(name).fn(np.array([0.0, np.nan]))


def test_non_numeric_input_is_rejected():
    with pytest.raises(TypeError, match="real number"):
        A.sigmoid("high")


@pytest.mark.parametrize("alpha", [-0.1, np.inf, np.nan])
def test_bad_alpha_is_rejected(alpha):
    with pytest.raises(ValueError, match="alpha"):
        A.leaky_relu(1.0, alpha=alpha)


def test_registry_entries_are_documented():
    for act in ACTIVATIONS.values():
        assert act.formula and act.output_range and act.source
        assert act.fn.__doc__ and act.grad.__doc__
