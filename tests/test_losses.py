"""The losses against torch.nn.functional with autograd (float64), central differences and by hand."""
import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnbook import losses as L
from nnbook.losses import LOSSES, UnknownLossError, get_loss

SEEDS = [0, 1, 2, 3]
TOL = 1e-10



def make_case(name: str, seed: int):
    """Seeded (input, target) of a random shape for each loss."""
    rng = np.random.default_rng(seed)
    N, k = int(rng.integers(1, 40)), int(rng.integers(1, 6))
    if name == "mse":
        return rng.normal(size=(N, k)), rng.normal(size=(N, k))
    if name == "bce":
        return rng.uniform(0.01, 0.99, size=(N, k)), rng.integers(0, 2, size=(N, k)).astype(float)
    if name == "bce_with_logits":
        return rng.normal(0, 4, size=(N, k)), rng.uniform(0, 1, size=(N, k))  # soft targets too
    C = k + 1
    return rng.normal(0, 3, size=(N, C)), rng.integers(0, C, size=N)


TORCH_LOSSES = {
    "mse": lambda x, t: F.mse_loss(x, torch.tensor(t)),
    "bce": lambda x, t: F.binary_cross_entropy(x, torch.tensor(t)),
    "bce_with_logits": lambda x, t: F.binary_cross_entropy_with_logits(x, torch.tensor(t)),
    "cross_entropy": lambda x, t: F.cross_entropy(x, torch.tensor(t)),
}
FUNCTIONS = {
    "mse": (L.mse_loss, L.mse_loss_grad),
    "bce": (L.binary_cross_entropy, L.binary_cross_entropy_grad),
    "bce_with_logits": (L.binary_cross_entropy_with_logits, L.binary_cross_entropy_with_logits_grad),
    "cross_entropy": (L.cross_entropy, L.cross_entropy_grad),
}


def torch_value_and_grad(name, x, t):
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = TORCH_LOSSES[name](xt, t)
    value.backward()
    return value.item(), xt.grad.numpy()


def test_registry_walk_covers_every_loss():
    assert set(LOSSES) == set(TORCH_LOSSES) == set(FUNCTIONS)


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize("seed", SEEDS)
def test_value_and_gradient_match_torch(rel_error, name, seed):
    x, t = make_case(name, seed)
    value_fn, grad_fn = FUNCTIONS[name]
    expected_value, expected_grad = torch_value_and_grad(name, x, t)
    assert rel_error(value_fn(x, t), expected_value) <= TOL
    assert rel_error(grad_fn(x, t), expected_grad) <= TOL
    criterion = get_loss(name)  # the class gives the same numbers as its functions
    assert criterion(x, t) == value_fn(x, t)
    np.testing.assert_array_equal(criterion.backward(), grad_fn(x, t))


@pytest.mark.parametrize("name", list(LOSSES))
def test_gradient_matches_central_differences(name):
    x, t = make_case(name, 11)
    value_fn, grad_fn = FUNCTIONS[name]
    numeric = np.zeros_like(x)
    h = 1e-6
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (value_fn(up, t) - value_fn(down, t)) / (2 * h)
    np.testing.assert_allclose(grad_fn(x, t), numeric, rtol=1e-5, atol=1e-9)


# --- worked values, by hand ----------------------------------------------------------


def test_mse_worked_example():
    # ((2.5-3)^2 + (3.8-4)^2 + (1.2-1)^2) / 3 = (0.25 + 0.04 + 0.04) / 3 = 0.11
    assert L.mse_loss([2.5, 3.8, 1.2], [3.0, 4.0, 1.0]) == pytest.approx(0.11, abs=1e-15)
    np.testing.assert_allclose(L.mse_loss_grad([2.5, 3.8, 1.2], [3.0, 4.0, 1.0]),
                               [2 * -0.5 / 3, 2 * -0.2 / 3, 2 * 0.2 / 3], rtol=1e-12)


def test_cross_entropy_worked_example():
    logits = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.2]]
    by_hand = [math.log(sum(math.exp(z) for z in row)) - row[label] for row, label in zip(logits, [0, 1])]
    assert L.cross_entropy(logits, [0, 1]) == pytest.approx(sum(by_hand) / 2, rel=1e-14)
    assert f"{L.cross_entropy(logits, [0, 1]):.4f}" == "0.3143"


def test_bce_worked_example():
    # -(log 0.9 + log(1 - 0.2)) / 2
    expected = -(math.log(0.9) + math.log(0.8)) / 2
    assert L.binary_cross_entropy([0.9, 0.2], [1.0, 0.0]) == pytest.approx(expected, rel=1e-14)
    z = [math.log(0.9 / 0.1), math.log(0.2 / 0.8)]  # the logits of the same probabilities
    assert L.binary_cross_entropy_with_logits(z, [1.0, 0.0]) == pytest.approx(expected, rel=1e-12)


def test_softmax_rows_sum_to_one_and_match_torch_for_large_logits():
    Z = np.array([[1000.0, 0.0, -1000.0], [3.0, 3.0, 3.0], [-800.0, -801.0, -802.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = L.softmax(Z)
        logP = L.log_softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(P, torch.softmax(torch.tensor(Z), dim=1).numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(logP, torch.log_softmax(torch.tensor(Z), dim=1).numpy(), rtol=1e-12)


# --- stability at the extremes -------------------------------------------------------


def test_logit_losses_are_exact_and_silent_at_1000():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert L.binary_cross_entropy_with_logits([1000.0], [0.0]) == 1000.0  # log(1 + e^1000)
        assert L.binary_cross_entropy_with_logits([-1000.0], [0.0]) == 0.0
        assert L.binary_cross_entropy_with_logits([-1000.0], [1.0]) == 1000.0
        assert L.cross_entropy([[1000.0, 0.0]], [1]) == 1000.0
        assert L.cross_entropy([[1000.0, 0.0]], [0]) == 0.0
        g = L.cross_entropy_grad([[1000.0, 0.0]], [1])
    np.testing.assert_array_equal(g, [[1.0, -1.0]])


def test_bce_on_probabilities_clamps_like_torch():
    p = np.array([0.0, 1.0, 1e-20, 0.5])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, grad = L.binary_cross_entropy(p, y), L.binary_cross_entropy_grad(p, y)
    expected_value, expected_grad = torch_value_and_grad("bce", p, y)
    assert value == pytest.approx(expected_value, rel=1e-12)
    assert value == pytest.approx((100 + 100 + 1e-20 + math.log(2)) / 4, rel=1e-12)  # log clamped at -100
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12)


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("labels, message", [
    ([0, 3], r"class labels must lie in 0\.\.2 for 3 classes, got values from 0 to 3"),
    ([-1, 0], r"class labels must lie in 0\.\.2 for 3 classes, got values from -1 to 0"),
    ([0.5, 1.0], "integer class labels"),
    ([0, 1, 2], r"one class label per sample, shape \(2,\), got shape \(3,\)"),
])
def test_cross_entropy_label_errors(labels, message):
    with pytest.raises(ValueError, match=message):
        L.cross_entropy(np.zeros((2, 3)), labels)


def test_cross_entropy_accepts_float_labels_that_are_integers():
    assert L.cross_entropy(np.zeros((2, 3)), np.array([0.0, 2.0])) == pytest.approx(math.log(3), rel=1e-15)


def test_cross_entropy_needs_two_dimensional_logits():
    with pytest.raises(ValueError, match=r"logits must have shape \(N, C\), got shape \(3,\)"):
        L.cross_entropy(np.zeros(3), [0])


def test_shape_mismatch_is_not_broadcast():
    with pytest.raises(ValueError, match=r"input \(4, 1\) and target \(4,\).*reshape"):
        L.mse_loss(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="same shape"):
        L.binary_cross_entropy_with_logits(np.zeros(3), np.zeros(4))


def test_probabilities_outside_the_unit_interval_are_rejected():
    with pytest.raises(ValueError, match=r"input must lie in \[0, 1\].*BCEWithLogitsLoss"):
        L.binary_cross_entropy([1.2, 0.5], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"target must lie in \[0, 1\]"):
        L.binary_cross_entropy_with_logits([1.2, 0.5], [2.0, 0.0])


def test_non_finite_and_empty_inputs_are_rejected():
    with pytest.raises(ValueError, match="finite"):
        L.mse_loss([np.nan], [0.0])
    with pytest.raises(ValueError, match="empty"):
        L.mse_loss(np.zeros(0), np.zeros(0))


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="before backward"):
        L.CrossEntropyLoss().backward()


def test_unknown_loss_lists_the_names():
    with pytest.raises(UnknownLossError) as info:
        get_loss("hinge")
    assert "'hinge'" in str(info.value)
    for name in LOSSES:
        assert name in str(info.value)
    assert isinstance(info.value, KeyError)


def test_classes_mirror_torch_names_and_predict_classes():
    assert [type(get_loss(n)).__name__ for n in LOSSES] == ["MSELoss", "BCELoss", "BCEWithLogitsLoss",
                                                            "CrossEntropyLoss"]
    assert repr(get_loss("cross_entropy")) == "CrossEntropyLoss()"
    ce = L.CrossEntropyLoss()
    assert ce.accuracy(np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1])) == pytest.approx(2 / 3)
    assert L.BCEWithLogitsLoss().accuracy(np.array([[2.0], [-1.0]]), np.array([[1.0], [1.0]])) == 0.5
    assert L.BCELoss().accuracy(np.array([[0.7], [0.2]]), np.array([[1.0], [0.0]])) == 1.0
    with pytest.raises(TypeError, match="regression"):
        L.MSELoss().accuracy(np.zeros((2, 1)), np.zeros((2, 1)))
