"""The losses against torch.nn.functional with autograd (float64), central differences and by hand."""
import math
import re
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


@pytest.mark.parametrize("shape", [(3,), (2, 0), (0, 3)])
def test_cross_entropy_needs_two_dimensional_logits(shape):
    message = rf"logits must have shape \(N, C\) with N, C >= 1, got shape {re.escape(str(shape))}"
    with pytest.raises(ValueError, match=message):
        L.cross_entropy(np.zeros(shape), [0])


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



@pytest.mark.parametrize("labels", [[0.0, np.inf], [0.0, np.nan], [True, False], ["a", "b"]])
def test_cross_entropy_refuses_labels_that_are_not_integers(labels):
    with pytest.raises(ValueError, match="target must hold integer class labels"):
        L.cross_entropy(np.zeros((2, 3)), labels)


@pytest.mark.parametrize("name, fn", [("mse", L.mse_loss), ("bce", L.binary_cross_entropy),
                                      ("bce_with_logits", L.binary_cross_entropy_with_logits)])
def test_non_numbers_are_a_type_error_naming_the_function(name, fn):
    with pytest.raises(TypeError, match=rf"^{fn.__name__}: input must be a real number or an array"):
        fn(["a", "b"], [0.0, 1.0])
    with pytest.raises(TypeError, match=rf"^{fn.__name__}: target must be a real number or an array"):
        fn([0.5, 0.5], ["a", "b"])


# --- a perfect fit is +0.0 -------------------------------------------------------------

PERFECT = {  # (input, target) whose loss is exactly zero
    "mse": ([1.5, -2.0], [1.5, -2.0]),
    "bce": ([1.0, 0.0], [1.0, 0.0]),  # log(1) = 0, and 0 * log(0) clamped = 0
    "bce_with_logits": ([1000.0, -1000.0], [1.0, 0.0]),  # log(1 + e^-1000) rounds to 0
    "cross_entropy": ([[1000.0, 0.0], [0.0, 1000.0]], [0, 1]),
}


@pytest.mark.parametrize("name", list(LOSSES))
def test_a_perfect_fit_is_positive_zero(name):
    x, t = PERFECT[name]
    for value in (FUNCTIONS[name][0](x, t), get_loss(name)(x, t), get_loss(name).value(x, t)):
        assert value == 0.0
        assert math.copysign(1.0, value) == 1.0  # -np.mean of zeros would be -0.0
        assert f"{value:.4f}" == "0.0000"


# --- log_softmax ----------------------------------------------------------------------


@pytest.mark.parametrize("shape, axis", [((4, 3), -1), ((4, 3), 0), ((2, 3, 5), 1), ((6,), 0)])
def test_log_softmax_along_any_axis_matches_torch(shape, axis):
    Z = np.random.default_rng(0).normal(0, 5, size=shape)
    expected = torch.log_softmax(torch.tensor(Z), dim=axis).numpy()
    np.testing.assert_allclose(L.log_softmax(Z, axis=axis), expected, rtol=1e-12, atol=1e-15)


def test_log_softmax_of_a_masked_logit_and_of_one_logit():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = L.log_softmax([[0.0, -np.inf, 0.0]])
    np.testing.assert_array_equal(out, [[-math.log(2), -np.inf, -math.log(2)]])
    assert L.log_softmax(3.0) == 0.0  # one logit: probability 1, as softmax(3.0) == 1


@pytest.mark.parametrize("Z, axis, error, message", [
    ([[0.0, np.nan]], -1, ValueError, r"^Z contains NaN in 1 of its 2 entries"),
    ([["a", "b"]], -1, TypeError, r"^Z must be a real number or an array of real numbers"),
    (np.zeros((2, 3)), 2, ValueError, r"axis must be in \[-2, 1\] for Z of shape \(2, 3\), got 2"),
    (np.zeros((2, 3)), -3, ValueError, r"axis must be an integer >= -2, got -3"),
    (np.zeros((2, 3)), 0.5, ValueError, r"axis must be an integer >= -2, got 0.5"),
    (np.zeros((2, 3)), "rows", ValueError, r"axis must be an integer >= -2, got 'rows'"),
    (np.zeros((2, 0)), -1, ValueError, r"needs at least one class along axis -1"),
])
def test_log_softmax_errors(Z, axis, error, message):
    with pytest.raises(error, match=message):
        L.log_softmax(Z, axis=axis)


# --- the public Loss API that fit and evaluate use -----------------------------------


def test_value_computes_without_remembering_the_batch():
    criterion = L.MSELoss()
    assert criterion.value([1.0, 3.0], [0.0, 0.0]) == 5.0  # (1 + 9) / 2
    with pytest.raises(RuntimeError, match="before backward"):
        criterion.backward()  # value() cached nothing
    criterion([1.0, 3.0], [0.0, 0.0])
    criterion.value([10.0], [0.0])  # does not replace the batch of the forward pass
    np.testing.assert_array_equal(criterion.backward(), [1.0, 3.0])  # 2 (y_hat - y) / 2


@pytest.mark.parametrize("name", ["mse", "bce", "bce_with_logits"])
def test_check_target_of_the_elementwise_losses(name):
    criterion = get_loss(name)
    got = criterion.check_target(np.array([0, 1, 1]), (3, 1))  # (N,) labels for one output
    assert got.shape == (3, 1) and got.dtype == np.float64
    np.testing.assert_array_equal(got[:, 0], [0.0, 1.0, 1.0])
    assert criterion.check_target(np.ones((3, 2)), (3, 2)).shape == (3, 2)
    what = criterion._value.__name__
    with pytest.raises(ValueError, match=rf"^{what}: target must have the shape of the model's output "
                                         r"\(3, 1\) or \(3,\), got shape \(3, 2\)"):
        criterion.check_target(np.ones((3, 2)), (3, 1))
    with pytest.raises(ValueError, match=r"output \(3, 2\), got shape \(3,\)"):  # (N,) only fits one output
        criterion.check_target(np.ones(3), (3, 2))
    with pytest.raises(ValueError, match=r"got shape \(\)"):
        criterion.check_target(1.0, (3, 1))
    with pytest.raises(ValueError, match=rf"^{what}: target contains NaN"):
        criterion.check_target([0.0, np.nan, 1.0], (3, 1))


def test_check_target_in_the_unit_interval_for_binary_cross_entropy():
    for name in ("bce", "bce_with_logits"):
        with pytest.raises(ValueError, match=r"target must lie in \[0, 1\], got values from 0 to 2"):
            get_loss(name).check_target([0, 2], (2, 1))
    assert get_loss("mse").check_target([0, 2], (2, 1)).ravel().tolist() == [0.0, 2.0]  # regression: any value


def test_check_target_of_cross_entropy():
    criterion = L.CrossEntropyLoss()
    got = criterion.check_target([0.0, 2.0, 1.0], (3, 3))
    assert got.dtype == np.int64 and got.tolist() == [0, 2, 1]
    with pytest.raises(ValueError, match=r"class labels must lie in 0\.\.2 for 3 classes"):
        criterion.check_target([0, 3, 1], (3, 3))
    with pytest.raises(ValueError, match=r"one class label per sample, shape \(3,\), got shape \(\)"):
        criterion.check_target(1, (3, 3))


def test_get_loss_type_errors():
    with pytest.raises(TypeError, match=r"got the class BCELoss \(pass BCELoss\(\) or 'bce'\)"):
        get_loss(L.BCELoss)
    with pytest.raises(TypeError, match=r"loss must be a name or a Loss, got None \(NoneType\)"):
        get_loss(None)


def test_accuracy_needs_one_prediction_per_target():
    with pytest.raises(ValueError, match=r"CrossEntropyLoss\(\).accuracy: an output of shape \(2, 3\) gives 2 "
                                         r"predictions for 3 targets \(shape \(3,\)\)"):
        L.CrossEntropyLoss().accuracy(np.zeros((2, 3)), [0, 1, 2])
