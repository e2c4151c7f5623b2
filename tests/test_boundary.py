"""Decision boundaries: geometry by independent constructions, the classifier by counting,
the trained sigmoid neuron against scikit-learn and torch autograd, XOR by search and by hand."""
import itertools
import math

import numpy as np
import pytest
import torch
from matplotlib.path import Path
from sklearn.linear_model import LogisticRegression

from nnbook.boundary import (XOR_PARAMS, TwoLayerParams, accuracy, best_neuron_accuracy, boundary_direction,
                             boundary_line, closest_point, distance_from_origin, fit_logistic_neuron,
                             half_planes, predict, signed_distance, xor_network)
from nnbook.datasets import gaussian_blobs, logic_gate

BOX = (-2.0, 3.0, -1.5, 2.5)


def _random_lines(n=40, seed=0):
    rng = np.random.default_rng(seed)
    cases = [(rng.uniform(-3, 3, 2), rng.uniform(-2, 2)) for _ in range(n)]
    cases += [(np.array([2.0, 0.0]), -1.0), (np.array([0.0, -0.5]), 0.3), (np.array([1e-9, 1.0]), 0.2)]
    return cases


# --- geometry ---------------------------------------------------------------------------

@pytest.mark.parametrize("w, b", _random_lines())
def test_line_points_satisfy_the_equation_and_lie_on_the_box(w, b):
    line = boundary_line(w, b, BOX)
    if len(line) == 0:  # then the box lies entirely on one side: all four corners share a sign
        corners = np.array(list(itertools.product(BOX[:2], BOX[2:])))
        assert len(set(np.sign(corners @ w + b))) == 1
        return
    assert line.shape == (2, 2)
    np.testing.assert_allclose(line @ w + b, 0.0, atol=1e-12)
    for x1, x2 in line:
        assert BOX[0] - 1e-12 <= x1 <= BOX[1] + 1e-12 and BOX[2] - 1e-12 <= x2 <= BOX[3] + 1e-12
        on_edge = min(abs(x1 - BOX[0]), abs(x1 - BOX[1]), abs(x2 - BOX[2]), abs(x2 - BOX[3]))
        assert on_edge < 1e-9  # a clipped end point sits on the box's border


def test_line_by_hand():
    # x1 + x2 = 1.5 meets the square [-0.5, 1.5]^2 at (1.5, 0) and (0, 1.5)
    line = boundary_line([1.0, 1.0], -1.5, (-0.5, 1.5, -0.5, 1.5))
    assert sorted(map(tuple, np.round(line, 12))) == [(0.0, 1.5), (1.5, 0.0)]
    # w2 = 0: the vertical line x1 = 0.5
    line = boundary_line([2.0, 0.0], -1.0, (-0.5, 1.5, -0.5, 1.5))
    np.testing.assert_allclose(sorted(map(tuple, line)), [(0.5, -0.5), (0.5, 1.5)], atol=1e-15)
    # w1 = 0: the horizontal line x2 = 2, outside the square
    assert boundary_line([0.0, 1.0], -2.0, (-0.5, 1.5, -0.5, 1.5)).shape == (0, 2)


@pytest.mark.parametrize("func, args", [
    (boundary_line, ([0.0, 0.0], 1.0)),
    (boundary_direction, ([0.0, 0.0],)),
    (closest_point, ([0.0, 0.0], 1.0)),
    (distance_from_origin, ([0.0, 0.0, 0.0], 1.0)),
    (signed_distance, ([[1.0, 2.0]], [0.0, 0.0], 1.0)),
])
def test_zero_weights_have_no_boundary(func, args):
    with pytest.raises(ValueError, match="w = 0 has no decision boundary"):
        func(*args)


@pytest.mark.parametrize("w, b, box, message", [
    ([1.0, 2.0, 3.0], 0.0, BOX, r"w must have shape \(2,\), got shape \(3,\)"),
    ([1.0, np.inf], 0.0, BOX, "w contains infinity in 1 of its 2 entries"),
    ([1.0, 1.0], [1.0, 2.0], BOX, r"b must be a single number, got shape \(2,\)"),
    ([1.0, 1.0], np.nan, BOX, "b must be a finite number, got nan"),
    ([1.0, 1.0], "0.5", BOX, r"b must be a finite number, got '0.5' \(str\)"),
    ([1.0, 1.0], None, BOX, r"b must be a finite number, got None \(NoneType\)"),
    ([1.0, 1.0], 0.0, (1.0, 0.0, 0.0, 1.0), "box must be"),
    ([1.0, 1.0], 0.0, (0.0, np.nan, 0.0, 1.0), "box contains NaN in 1 of its 4 entries"),
])
def test_geometry_errors(w, b, box, message):
    with pytest.raises(ValueError, match=message):
        boundary_line(w, b, box)


def test_a_one_element_bias_is_a_number():
    # a layer's bias has shape (1,): it counts as the number it holds
    np.testing.assert_array_equal(boundary_line([1.0, 0.0], np.array([-0.5])), boundary_line([1.0, 0.0], -0.5))


def test_half_planes_errors():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\), got shape \(3,\)"):
        half_planes([1.0, 0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="w contains NaN in 1 of its 2 entries"):
        half_planes([np.nan, 0.0], 0.0)
    with pytest.raises(TypeError, match="w must be a real number or an array of real numbers"):
        half_planes(["a", "b"], 0.0)


@pytest.mark.parametrize("w, b", _random_lines(10, seed=1))
def test_w_is_perpendicular_and_points_to_class_one(w, b):
    d = boundary_direction(w)
    assert d @ w == pytest.approx(0.0, abs=1e-12) and np.linalg.norm(d) == pytest.approx(1.0)
    p = closest_point(w, b)
    assert p @ w + b == pytest.approx(0.0, abs=1e-12)
    for t in (0.1, 1.0, 5.0):  # walking from the line along +w raises z (class 1), along -w lowers it
        assert (p + t * w) @ w + b > 0 > (p - t * w) @ w + b
        assert predict(p + t * w, w, b) == 1 and predict(p - t * w, w, b) == 0


@pytest.mark.parametrize("w, b", _random_lines(10, seed=2))
def test_distance_from_origin_2d_by_two_points(w, b):
    # two points on the line from its explicit form, solved for the coordinate with the larger weight
    if abs(w[1]) > abs(w[0]):
        p, q = np.array([0.0, -b / w[1]]), np.array([1.0, -(w[0] + b) / w[1]])
    else:
        p, q = np.array([-b / w[0], 0.0]), np.array([-(w[1] + b) / w[0], 1.0])
    cross = abs(p[0] * q[1] - p[1] * q[0])  # |p x q| = twice the triangle (0, p, q)
    assert distance_from_origin(w, b) == pytest.approx(cross / np.linalg.norm(q - p), rel=1e-9)


@pytest.mark.parametrize("n", [1, 3, 10])
def test_distance_from_origin_any_dimension_by_least_norm_solution(n):
    rng = np.random.default_rng(n)
    w, b = rng.normal(size=n), rng.normal()
    x_min_norm = np.linalg.lstsq(w[None, :], np.array([-b]), rcond=None)[0]  # nearest point with w.x = -b
    assert distance_from_origin(w, b) == pytest.approx(np.linalg.norm(x_min_norm), rel=1e-10)
    np.testing.assert_allclose(closest_point(w, b), x_min_norm, atol=1e-12)


def test_distance_from_origin_worked_example():
    assert distance_from_origin([3.0, 4.0], -10.0) == 2.0  # |-10| / 5
    np.testing.assert_allclose(closest_point([3.0, 4.0], -10.0), [1.2, 1.6])


def test_signed_distance_by_dense_sampling_of_the_line():
    w, b = np.array([1.5, -0.5]), 0.7
    t = np.linspace(-20, 20, 400_001)
    line = closest_point(w, b) + np.outer(t, boundary_direction(w))
    X = np.random.default_rng(3).uniform(-3, 3, (6, 2))
    nearest = np.array([np.min(np.linalg.norm(line - x, axis=1)) for x in X])
    d = signed_distance(X, w, b)
    np.testing.assert_allclose(np.abs(d), nearest, atol=1e-4)
    np.testing.assert_array_equal(d >= 0, X @ w + b >= 0)


@pytest.mark.parametrize("w, b", _random_lines(15, seed=4) + [(np.zeros(2), 0.5), (np.zeros(2), -0.5)])
def test_half_planes_cover_the_box_and_agree_with_predict(w, b):
    region1, region0 = half_planes(w, b, BOX)

    def area(poly):  # shoelace formula
        if len(poly) < 3:
            return 0.0
        x, y = poly[:, 0], poly[:, 1]
        return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))

    assert area(region1) + area(region0) == pytest.approx((BOX[1] - BOX[0]) * (BOX[3] - BOX[2]))
    pts = np.random.default_rng(5).uniform((BOX[0], BOX[2]), (BOX[1], BOX[3]), (300, 2))
    pts = pts[np.abs(pts @ w + b) > 1e-6]  # leave out points on the line itself
    labels = predict(pts, w, b)
    for poly, k in ((region1, 1), (region0, 0)):
        inside = Path(poly).contains_points(pts) if len(poly) >= 3 else np.zeros(len(pts), bool)
        np.testing.assert_array_equal(inside, labels == k)


# --- the neuron as a classifier -------------------------------------------------------------

def test_predict_and_accuracy_by_counting():
    X, y = gaussian_blobs(40, rng=np.random.default_rng(6), separation=2.0)
    w, b = [0.8, 1.3], -0.2
    expected_labels = [1 if w[0] * x1 + w[1] * x2 + b >= 0 else 0 for x1, x2 in X]
    np.testing.assert_array_equal(predict(X, w, b), expected_labels)
    correct = sum(1 for label, truth in zip(expected_labels, y) if label == truth)
    assert accuracy(X, y, w, b) == correct / 80


def test_tie_goes_to_class_one_and_gates_by_hand():
    assert predict(np.array([[1.0, 0.5]]), [1.0, 1.0], -1.5).tolist() == [1]  # z = 0 exactly
    assert accuracy(*logic_gate("AND"), [1.0, 1.0], -1.5) == 1.0
    assert accuracy(*logic_gate("OR"), [1.0, 1.0], -0.5) == 1.0
    assert accuracy(*logic_gate("XOR"), [1.0, 1.0], -0.5) == 0.75  # (1, 1) lands on the wrong side


# --- logistic regression ------------------------------------------------------------------

@pytest.mark.parametrize("seed, direction", [(0, (1.0, 1.0)), (1, (2.0, -1.0)), (2, (-0.3, 1.0))])
def test_sigmoid_neuron_matches_sklearn_logistic_regression(seed, direction):
    # overlapping blobs: the maximum-likelihood fit is finite, so both must find the same one
    X, y = gaussian_blobs(60, rng=np.random.default_rng(seed), separation=2.0, direction=direction)
    X = X + np.array([0.5, -1.0])  # move off the origin so the intercept matters
    fit = fit_logistic_neuron(X, y, lr=1.0, epochs=4000)
    # C = inf is scikit-learn's (>= 1.8) spelling of penalty=None: no regularisation
    reference = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(fit.w, reference.coef_[0], atol=1e-5)
    assert fit.b == pytest.approx(reference.intercept_[0], abs=1e-5)
    # hence the same boundary: direction and offset of the line
    unit = lambda w: w / np.linalg.norm(w)  # noqa: E731
    np.testing.assert_allclose(unit(fit.w), unit(reference.coef_[0]), atol=1e-6)
    assert distance_from_origin(fit.w, fit.b) == pytest.approx(
        abs(reference.intercept_[0]) / np.linalg.norm(reference.coef_[0]), abs=1e-6)


def test_gradient_step_and_loss_match_torch_autograd():
    rng = np.random.default_rng(9)
    X, y = gaussian_blobs(20, rng=rng, separation=1.0)
    w0, b0, lr = rng.normal(size=2), 0.3, 0.7
    one = fit_logistic_neuron(X, y, lr=lr, epochs=1, w=w0, b=b0)
    wt = torch.tensor(w0, requires_grad=True)
    bt = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(X) @ wt + bt,
                                                                torch.tensor(y, dtype=torch.float64))
    loss.backward()
    assert one.losses[0] == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(one.w, w0 - lr * wt.grad.numpy(), rtol=1e-13)
    assert one.b == pytest.approx(b0 - lr * bt.grad.item(), rel=1e-13)


def test_loss_is_accurate_for_large_logits():
    # AND with w = (50, 50), b = -75: z = -75, -25, -25, 25, every point on its right side, so each
    # point's loss is log(1 + e^-|z|) (worked by hand); log(1 + e^z) - z would lose it to rounding
    start = fit_logistic_neuron(*logic_gate("AND"), epochs=0, w=[50.0, 50.0], b=-75.0)
    expected = (math.log1p(math.exp(-75.0)) + 3 * math.log1p(math.exp(-25.0))) / 4
    assert start.losses[0] == pytest.approx(expected, rel=1e-12, abs=0)


def test_loss_history_is_finite_decreasing_and_starts_at_log_two():
    X, y = gaussian_blobs(30, rng=np.random.default_rng(10), separation=2.0)
    fit = fit_logistic_neuron(X, y, lr=0.5, epochs=300)
    assert fit.losses.shape == (301,)
    assert fit.losses[0] == pytest.approx(math.log(2))  # w = 0, b = 0: p = 0.5 for every point
    assert np.all(np.diff(fit.losses) <= 1e-15)


def test_on_separable_data_the_weights_keep_growing():
    X, y = logic_gate("AND")
    norms = [np.linalg.norm(fit_logistic_neuron(X, y, lr=1.0, epochs=e).w) for e in (100, 1000, 10_000)]
    assert norms[0] < norms[1] < norms[2]
    assert accuracy(X, y, *fit_logistic_neuron(X, y, lr=1.0, epochs=1000)[:2]) == 1.0


def test_initialisation_options():
    X, y = logic_gate("OR")
    a = fit_logistic_neuron(X, y, epochs=5, rng=np.random.default_rng(0))
    b = fit_logistic_neuron(X, y, epochs=5, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a.w, b.w)
    start = fit_logistic_neuron(X, y, epochs=0, w=[0.2, -0.1], b=0.05)
    np.testing.assert_array_equal(start.w, [0.2, -0.1])
    assert start.b == 0.05 and start.losses.shape == (1,)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr=0.0), ValueError, "lr must be a finite number > 0, got 0.0"),
    # a string: a clear message, not NumPy's "ufunc 'isfinite' not supported"
    (dict(lr="a"), ValueError, r"lr must be a finite number > 0, got 'a' \(str\)"),
    (dict(lr=None), ValueError, r"lr must be a finite number > 0, got None \(NoneType\)"),
    (dict(lr=float("inf")), ValueError, "lr must be a finite number > 0, got inf"),
    (dict(epochs=-1), ValueError, "epochs must be an integer >= 0, got -1"),
    (dict(epochs=2.5), ValueError, "epochs must be an integer >= 0, got 2.5"),
    (dict(epochs="10"), ValueError, "epochs must be an integer >= 0, got '10'"),
    (dict(w=[0.0, 0.0]), TypeError, "give both initial w and b"),
    (dict(w=[0.0, 0.0], b=0.0, rng=np.random.default_rng(0)), TypeError, "not both"),
    (dict(rng=0), TypeError, "rng must be a numpy.random.Generator"),
    (dict(w=[0.0, 0.0, 0.0], b=0.0), ValueError, r"initial w must have shape \(2,\), got shape \(3,\)"),
    (dict(w=[0.0, np.nan], b=0.0), ValueError, "initial w contains NaN in 1 of its 2 entries"),
    (dict(w=[0.0, 0.0], b="1"), ValueError, r"b must be a finite number, got '1' \(str\)"),
])
def test_fit_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        fit_logistic_neuron(*logic_gate("AND"), **kwargs)


# --- what one line can separate -------------------------------------------------------------

@pytest.mark.parametrize("gate, best", [("AND", 1.0), ("OR", 1.0), ("NAND", 1.0), ("XOR", 0.75), ("XNOR", 0.75)])
def test_search_finds_perfect_neurons_except_for_xor(gate, best):
    X, y = logic_gate(gate)
    result = best_neuron_accuracy(X, y)
    assert result.accuracy == best
    assert result.accuracies.shape == (25, 25, 25) and result.accuracies.max() == best
    # the reported neuron really scores that, counted independently
    hits = sum(int((result.w @ x + result.b >= 0) == t) for x, t in zip(X, y))
    assert hits / 4 == best


@pytest.mark.parametrize("gate", ["AND", "XOR"])
def test_search_reports_the_widest_margin_among_the_best(gate):
    X, y = logic_gate(gate)
    values = np.linspace(-2.0, 2.0, 9)
    result = best_neuron_accuracy(X, y, w_values=values, b_values=values)
    margins = []  # plain loop: every best setting and the distance of its line from the nearest point
    for w1, w2, b in itertools.product(values, values, values):
        hits = sum(int((w1 * x1 + w2 * x2 + b >= 0) == t) for (x1, x2), t in zip(X, y))
        if hits / 4 == result.accuracy and (w1, w2) != (0.0, 0.0):
            margins.append(min(abs(w1 * x1 + w2 * x2 + b) for x1, x2 in X) / math.hypot(w1, w2))
    reported = min(abs(result.w @ x + result.b) for x in X) / np.linalg.norm(result.w)
    assert reported == pytest.approx(max(margins), rel=1e-12)
    if gate == "AND":
        assert reported == pytest.approx(0.5 / math.sqrt(2))  # the line x1 + x2 = 1.5


def test_search_table_equals_a_plain_loop():
    X, y = logic_gate("XOR")
    values = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    result = best_neuron_accuracy(X, y, w_values=values, b_values=values[::-1])
    for (i, w1), (j, w2), (k, b) in itertools.product(enumerate(values), enumerate(values), enumerate(values[::-1])):
        hits = sum(int((w1 * x1 + w2 * x2 + b >= 0) == t) for (x1, x2), t in zip(X, y))
        assert result.accuracies[i, j, k] == hits / 4


def test_no_random_line_separates_xor():
    # independent of any grid: a million random neurons, none gets all four XOR points right
    X, y = logic_gate("XOR")
    params = np.random.default_rng(11).normal(scale=3.0, size=(1_000_000, 3))
    Z = X @ params[:, :2].T + params[:, 2]
    assert ((Z >= 0) == y[:, None]).mean(axis=0).max() == 0.75


def test_search_errors():
    with pytest.raises(ValueError, match=r"X must have 2 columns"):
        best_neuron_accuracy(np.zeros((4, 3)), [0, 1, 1, 0])
    with pytest.raises(ValueError, match="w_values must be a non-empty 1-D array"):
        best_neuron_accuracy(*logic_gate("AND"), w_values=[])
    with pytest.raises(ValueError, match="b_values contains NaN in 1 of its 2 entries"):
        best_neuron_accuracy(*logic_gate("AND"), b_values=[0.0, np.nan])


# --- XOR by a hidden layer ----------------------------------------------------------------

def test_hand_built_network_solves_xor_exactly():
    X, y = logic_gate("XOR")
    H, out = xor_network(X)
    # by hand: h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1), out = h1 - 2 h2
    np.testing.assert_array_equal(H, [[0, 0], [1, 0], [1, 0], [2, 1]])
    np.testing.assert_array_equal(out, y)
    # in the hidden space one neuron separates the classes: h1 - 2 h2 - 0.5 >= 0
    assert accuracy(H, y, [1.0, -2.0], -0.5) == 1.0
    assert best_neuron_accuracy(H, y).accuracy == 1.0
    assert best_neuron_accuracy(X, y).accuracy == 0.75


def test_xor_network_matches_torch_sequential():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1)).double()
    with torch.no_grad():
        for layer, W, b in ((model[0], XOR_PARAMS.W1, XOR_PARAMS.b1), (model[2], XOR_PARAMS.W2, XOR_PARAMS.b2)):
            layer.weight.copy_(torch.tensor(W))
            layer.bias.copy_(torch.tensor(b))
    X = np.random.default_rng(12).uniform(-1, 2, (50, 2))
    expected = model(torch.tensor(X)).detach().numpy()[:, 0]
    np.testing.assert_allclose(xor_network(X).out, expected, rtol=1e-14, atol=1e-14)


def test_xor_params_are_read_only_and_shapes_are_checked():
    with pytest.raises(ValueError):
        XOR_PARAMS.W1[0, 0] = 5.0
    bad = TwoLayerParams(XOR_PARAMS.W1, XOR_PARAMS.b1, np.ones((2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"W2 must have shape \(1, hidden\)"):
        xor_network(np.zeros((1, 2)), bad)


# --- the static figure of Chapter 3 (nnbook.plotting) ------------------------------------

def test_weight_arrow_starts_on_the_line_and_points_along_w():
    from nnbook.plotting import weight_arrow

    w, b = np.array([1.0, 2.0]), -2.0
    start, end = weight_arrow(w, b, (-1.0, 3.0, -1.0, 3.0))
    assert start @ w + b == pytest.approx(0.0, abs=1e-12)
    step = end - start
    assert step @ w > 0 and abs(step[0] * w[1] - step[1] * w[0]) < 1e-12
    assert np.linalg.norm(step) == pytest.approx(0.2 * 4.0)  # 0.2 of the box's smaller side
    assert weight_arrow([0.0, 0.0], 1.0, (0, 1, 0, 1)).shape == (0, 2)
    assert weight_arrow([1.0, 0.0], -5.0, (0, 1, 0, 1)).shape == (0, 2)  # line x1 = 5 is outside


def test_plot_decision_boundary_draws_what_the_neuron_computes():
    from nnbook.plotting import data_box, plot_decision_boundary

    X, y = logic_gate("XOR")
    assert data_box(X) == (-0.5, 1.5, -0.5, 1.5)
    ax = plot_decision_boundary(X, y, [1.0, 1.0], -0.5)
    (line,) = ax.get_lines()
    x1, x2 = line.get_data()
    np.testing.assert_allclose(np.asarray(x1) + np.asarray(x2) - 0.5, 0.0, atol=1e-12)
    rings = [c for c in ax.collections if c.get_label() == "misclassified"]
    np.testing.assert_array_equal(rings[0].get_offsets(), [[1.0, 1.0]])  # only (1, 1) is wrong
    assert ax.get_title() == "accuracy 3/4 = 0.75"
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert len(ax.patches) == 2  # the two shaded half-planes
