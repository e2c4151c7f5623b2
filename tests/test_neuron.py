"""The neuron: worked values recomputed independently, NumPy ≡ PyTorch, clear errors.

``TorchNeuron`` lives in :mod:`nnbook.pytorch`; ``nnbook.TorchNeuron`` is the same class,
loaded on first use (tests/test_package_layout.py checks that the NumPy neuron needs no torch).
"""
import math

import numpy as np
import pytest
import torch

import nnbook
from nnbook import Neuron, activation_names, neuron_forward
from nnbook.activations import UnknownActivationError
from nnbook.pytorch import TORCH, TorchNeuron

ELEMENTWISE = activation_names(elementwise=True)

X = [0.6, 0.4, -0.2]
W = [0.7, -0.3, 0.5]
B = -0.1


def test_worked_neuron_by_hand():
    z_hand = 0.6 * 0.7 + 0.4 * -0.3 + -0.2 * 0.5 + -0.1  # = 0.1
    z, y = neuron_forward(X, W, B)
    assert z == pytest.approx(z_hand, abs=1e-15)
    assert z == pytest.approx(0.1, abs=1e-15)
    assert y == pytest.approx(1 / (1 + math.exp(-0.1)), rel=1e-15)
    assert f"{y:.4f}" == "0.5250"


@pytest.mark.parametrize("activation, expected", [
    ("step", 1.0), ("identity", 0.1), ("tanh", math.tanh(0.1)), ("relu", 0.1), ("leaky_relu", 0.1),
])
def test_worked_neuron_other_activations(activation, expected):
    assert neuron_forward(X, W, B, activation).y == pytest.approx(expected, abs=1e-15)


def test_batch_rows_are_samples():
    rng = np.random.default_rng(0)
    Xb = rng.normal(size=(7, 3))
    z, y = neuron_forward(Xb, W, B, "tanh")
    assert z.shape == y.shape == (7,)
    for i in range(7):
        zi, yi = neuron_forward(Xb[i], W, B, "tanh")
        assert z[i] == pytest.approx(zi) and y[i] == pytest.approx(yi)


def test_nn_linear_gives_the_same_numbers():
    linear = torch.nn.Linear(3, 1).double()
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([W], dtype=torch.float64))
        linear.bias.fill_(B)
    out = torch.sigmoid(linear(torch.tensor([X], dtype=torch.float64)))
    assert out.shape == (1, 1)
    assert out.item() == pytest.approx(neuron_forward(X, W, B).y, abs=1e-15)


@pytest.mark.parametrize("activation", ELEMENTWISE)
def test_torch_neuron_matches_numpy_neuron(activation):
    rng = np.random.default_rng(1)
    neuron = Neuron(5, activation, rng=rng)
    torch_neuron = TorchNeuron.from_numpy(neuron)
    Xb = rng.normal(size=(32, 5))
    expected = neuron(Xb)
    got = torch_neuron(torch.tensor(Xb)).detach().numpy()
    assert got.shape == expected.shape == (32,)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    one = torch_neuron(torch.tensor(Xb[0]))
    assert one.shape == ()


def test_torch_neuron_weight_shape_follows_nn_linear():
    t = TorchNeuron(4)
    assert t.linear.weight.shape == (1, 4)  # (out_features, in_features)
    assert sum(p.numel() for p in t.parameters()) == 5


def test_torch_neuron_worked_values_and_lazy_export():
    assert nnbook.TorchNeuron is TorchNeuron and nnbook.TORCH is TORCH
    t = TorchNeuron.from_numpy(Neuron(3, "sigmoid", w=W, b=B))
    y = t(torch.tensor(X, dtype=torch.float64))
    assert y.item() == pytest.approx(1 / (1 + math.exp(-0.1)), rel=1e-15)  # z = 0.1 by hand
    assert repr(t).startswith("TorchNeuron(\n  activation='sigmoid'\n  (linear): Linear(in_features=3")


def test_torch_neuron_refuses_softmax():
    with pytest.raises(ValueError, match="TorchNeuron needs an element-wise activation, got 'softmax'"):
        TorchNeuron(3, "softmax")


@pytest.mark.parametrize("n", [0, "3", 2.0])
def test_torch_neuron_bad_in_features(n):
    # "3" used to reach nn.Linear: "empty() received an invalid combination of arguments"
    with pytest.raises(ValueError, match=rf"in_features must be an integer >= 1, got {n!r}"):
        TorchNeuron(n)


@pytest.mark.parametrize("n", [1, 3, 784])
def test_parameter_count_is_n_plus_one(n):
    neuron = Neuron(n, rng=np.random.default_rng(0))
    assert neuron.num_parameters == n + 1
    assert sum(np.size(p) for p in neuron.parameters()) == n + 1


def test_initialisation_is_seeded_and_bounded():
    a = Neuron(100, rng=np.random.default_rng(42))
    b = Neuron(100, rng=np.random.default_rng(42))
    c = Neuron(100, rng=np.random.default_rng(43))
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w)
    assert np.all(np.abs(a.w) <= 0.1) and abs(a.b) <= 0.1  # 1/sqrt(100)


def test_explicit_parameters_and_weighted_sum():
    neuron = Neuron(3, "relu", w=W, b=B)
    assert neuron.weighted_sum(X) == pytest.approx(0.1)
    assert neuron.forward(X) == pytest.approx(0.1)
    assert repr(neuron) == "Neuron(in_features=3, activation='relu')"


def test_neuron_needs_rng_or_parameters():
    message = r"rng \(for random initial weights, unless both w and b are given\) must be a numpy.random.Generator"
    with pytest.raises(TypeError, match=message + r".*got None"):
        Neuron(3)
    with pytest.raises(TypeError, match=message + r".*got 42"):
        Neuron(3, rng=42)
    with pytest.raises(TypeError, match=message):
        Neuron(3, w=W)  # b missing


@pytest.mark.parametrize("n", [0, -1, 2.5, "3", True])
def test_bad_in_features(n):
    with pytest.raises(ValueError, match=rf"in_features must be an integer >= 1, got {n!r}"):
        Neuron(n, rng=np.random.default_rng(0))


def test_explicit_weights_must_match_in_features():
    with pytest.raises(ValueError, match=r"w must have shape \(in_features,\) = \(3,\), got shape \(2,\)"):
        Neuron(3, w=[1.0, 2.0], b=0.0)


def test_explicit_weights_are_copied():
    w = np.array(W)
    neuron = Neuron(3, w=w, b=B)
    w[0] = 100.0
    assert neuron.w[0] == 0.7


@pytest.mark.parametrize("make", [
    lambda: neuron_forward(X, W, B, "softmax"),   # was silently 1.0: the softmax of one number
    lambda: neuron_forward([[0.6, 0.4, -0.2], [1.0, 0.0, 0.0]], W, B, "softmax"),  # a batch: softmax over samples
    lambda: Neuron(3, "softmax", w=W, b=B),
])
def test_softmax_is_refused_with_the_reason(make):
    with pytest.raises(ValueError, match=r"needs an element-wise activation, got 'softmax'; softmax normalises "
                                         r"a row .* always 1.0.*expected one of: step, identity, sigmoid"):
        make()


@pytest.mark.parametrize("x, w, b, message", [
    ([1.0, 2.0], W, B, r"x must have shape \(3,\) or \(N, 3\).*got shape \(2,\)"),
    (np.ones((2, 4)), W, B, r"got shape \(2, 4\)"),
    (X, [[0.7, -0.3, 0.5]], B, r"w must have shape \(in_features,\), got shape \(1, 3\)"),
    (X, W, [0.1, 0.2], r"b must be a single number"),
    ([0.6, np.nan, -0.2], W, B, r"x contains NaN in 1 of its 3 entries; expected finite numbers"),
    (X, [0.7, np.inf, 0.5], B, r"w contains infinity in 1 of its 3 entries"),
    (X, W, np.nan, r"b must be a finite number, got nan"),
])
def test_bad_inputs_raise_clear_errors(x, w, b, message):
    with pytest.raises(ValueError, match=message):
        neuron_forward(x, w, b)


@pytest.mark.parametrize("x, w, name", [("0.6 0.4 -0.2", W, "x"), (X, ["a", "b", "c"], "w")])
def test_non_numbers_raise_type_errors_naming_the_argument(x, w, name):
    with pytest.raises(TypeError, match=rf"{name} must be a real number or an array of real numbers, got"):
        neuron_forward(x, w, B)


@pytest.mark.parametrize("b, shown", [("-0.1", r"'-0.1' \(str\)"), (None, r"None \(NoneType\)"),
                                      (True, r"True \(bool\)")])
def test_bias_must_be_a_number(b, shown):
    with pytest.raises(ValueError, match=rf"b must be a finite number, got {shown}"):
        neuron_forward(X, W, b)
    assert neuron_forward(X, W, np.array([B])).z == pytest.approx(0.1)  # a one-element array still works


def test_unknown_activation():
    with pytest.raises(UnknownActivationError, match="expected one of"):
        neuron_forward(X, W, B, "softsign")
