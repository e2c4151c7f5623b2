"""The teaching loops of Chapters 4–5 against NumPy, PyTorch and arithmetic done by hand.

Tolerance of the property tests: a sum of n products computed in floating point is within
gamma_n * sum_k |a_k b_k| of the exact sum (gamma_n = n u / (1 - n u), u = eps / 2; Higham,
*Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1).  The loop and BLAS may add
in different orders, so each may be off by that much in opposite directions: we allow
(n + 1) * eps * sum_k |a_k b_k|, which is a little more than 2 * gamma_n, plus a tiny absolute
floor for products that underflow.  (`dense_forward` and broadcasting are tested elsewhere.)
"""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook.linalg import dot_loop, matmul_cell, matmul_loop, polar, vector_geometry

EPS = np.finfo(np.float64).eps
UNDERFLOW_FLOOR = 1e-300

REALS = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_subnormal=False, width=64)
DIM = st.integers(min_value=0, max_value=7)


def rounding_bound(A, B) -> np.ndarray:
    """Allowed |loop - BLAS| per cell of A @ B (see the module docstring)."""
    n = A.shape[-1]
    return (n + 1) * EPS * (np.abs(A) @ np.abs(B)) + n * UNDERFLOW_FLOOR


@st.composite
def same_length_vectors(draw):
    n = draw(st.integers(min_value=0, max_value=40))
    return draw(hnp.arrays(np.float64, n, elements=REALS)), draw(hnp.arrays(np.float64, n, elements=REALS))


@st.composite
def multipliable(draw):
    m, n, p = draw(DIM), draw(DIM), draw(DIM)
    A = draw(hnp.arrays(np.float64, (m, n), elements=REALS))
    return A, draw(hnp.arrays(np.float64, (n, p), elements=REALS))


# --- the dot product ---------------------------------------------------------------------

def test_seed_worked_dot_product_by_hand():
    w, x = [0.8, -0.5, 0.2], [1.0, 0.5, -0.3]
    by_hand = 0.80 + (-0.25) + (-0.06)  # the three products, written down
    assert dot_loop(w, x) == pytest.approx(by_hand, abs=1e-15)
    assert f"{dot_loop(w, x):.2f}" == "0.49"


def test_chapter_one_neuron_weighted_sum_by_hand():
    # x = (0.6, 0.4, -0.2), w = (0.7, -0.3, 0.5): 0.42 - 0.12 - 0.10 = 0.20
    assert dot_loop([0.7, -0.3, 0.5], [0.6, 0.4, -0.2]) == pytest.approx(0.20, abs=1e-15)


@pytest.mark.parametrize("a, b, expected", [
    ([1, 2, 3], [4, 5, 6], 32.0),            # 4 + 10 + 18, exact in binary
    ([3, 4], [-4, 3], 0.0),                   # perpendicular
    ([2.0], [-1.5], -3.0),
    ([], [], 0.0),                            # an empty sum, as np.dot([], []) gives
    ([True, False], [5, 7], 5.0),             # booleans count as 1 and 0
])
def test_dot_loop_exact_small_cases(a, b, expected):
    assert dot_loop(a, b) == expected


@settings(max_examples=300, deadline=None)
@given(same_length_vectors())
def test_dot_loop_equals_numpy_within_rounding(ab):
    a, b = ab
    got = dot_loop(a, b)
    assert isinstance(got, float)
    assert abs(got - a @ b) <= rounding_bound(a, b)
    assert abs(got - np.dot(a, b)) <= rounding_bound(a, b)
    assert abs(got - np.sum(a * b)) <= rounding_bound(a, b)


@pytest.mark.parametrize("n", [1, 3, 100, 10_000])
def test_dot_loop_matches_torch(n):
    rng = np.random.default_rng(n)
    a, b = rng.normal(size=n), rng.normal(size=n)
    expected = torch.dot(torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)).item()
    assert abs(dot_loop(a, b) - expected) <= rounding_bound(a, b)


def test_dot_loop_propagates_nan_and_inf_like_numpy():
    assert math.isnan(dot_loop([np.nan, 1.0], [1.0, 1.0]))
    assert math.isnan(dot_loop([np.inf, 1.0], [0.0, 1.0]))       # inf * 0
    assert dot_loop([np.inf, 1.0], [2.0, 1.0]) == np.dot([np.inf, 1.0], [2.0, 1.0]) == np.inf


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 20), st.integers(0, 20))
def test_dot_loop_lengths_must_agree(n_a, n_b):
    a, b = np.ones(n_a), np.ones(n_b)
    if n_a == n_b:
        assert dot_loop(a, b) == n_a
    else:
        with pytest.raises(ValueError, match=rf"dot: vector lengths differ: \({n_a},\) · \({n_b},\)"):
            dot_loop(a, b)


@pytest.mark.parametrize("a, b, message", [
    (np.ones((1, 3)), np.ones(3), r"1-D vectors .* got shapes \(1, 3\) and \(3,\)"),
    (np.ones(3), 2.0, r"got shapes \(3,\) and \(\)"),
    (["a", "b"], [1.0, 2.0], r"dot: a must be an array of real numbers"),
    ([1.0, 2.0], [1j, 2.0], r"dot: b must be an array of real numbers"),
])
def test_dot_loop_bad_inputs(a, b, message):
    with pytest.raises((ValueError, TypeError), match=message):
        dot_loop(a, b)


# --- the matrix product ------------------------------------------------------------------

X_WORKED = [[1.0, 0.5, -0.3], [0.2, 1.5, 0.7], [-0.5, 0.8, 1.2], [0.9, -0.2, 0.4]]
W_WORKED = [[0.8, -0.5, 0.2], [0.3, 0.7, -0.1]]
# Z = X W^T cell by cell, each product written down by hand (row of X times row of W):
Z_BY_HAND = [
    [0.80 - 0.25 - 0.06, 0.30 + 0.35 + 0.03],   # 0.49, 0.68
    [0.16 - 0.75 + 0.14, 0.06 + 1.05 - 0.07],   # -0.45, 1.04
    [-0.40 - 0.40 + 0.24, -0.15 + 0.56 - 0.12],  # -0.56, 0.29
    [0.72 + 0.10 + 0.08, 0.27 - 0.14 - 0.04],   # 0.90, 0.09
]


def test_worked_layer_product_by_hand():
    Z = matmul_loop(X_WORKED, np.transpose(W_WORKED))
    assert Z.shape == (4, 2) and Z.dtype == np.float64
    np.testing.assert_allclose(Z, Z_BY_HAND, rtol=0, atol=1e-15)
    np.testing.assert_allclose(Z, [[0.49, 0.68], [-0.45, 1.04], [-0.56, 0.29], [0.90, 0.09]], atol=1e-15)


def test_worked_layer_product_equals_nn_linear():
    linear = torch.nn.Linear(3, 2, bias=False).double()
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(W_WORKED, dtype=torch.float64))
    expected = linear(torch.tensor(X_WORKED, dtype=torch.float64)).detach().numpy()
    got = matmul_loop(X_WORKED, np.transpose(W_WORKED))
    np.testing.assert_allclose(got, expected, rtol=0, atol=4 * EPS * 3)


@pytest.mark.parametrize("A, B, expected", [
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]], [[19, 22], [43, 50]]),     # 1*5+2*7, 1*6+2*8, ...
    ([[1, 0, 2], [0, 3, -1]], [[4], [5], [6]], [[16], [9]]),         # (2, 3) @ (3, 1)
    ([[2, -1]], [[1, 0, 3], [4, 1, 0]], [[-2, -1, 6]]),              # (1, 2) @ (2, 3)
])
def test_matmul_loop_exact_small_cases(A, B, expected):
    got = matmul_loop(A, B)
    assert got.shape == np.shape(expected)
    np.testing.assert_array_equal(got, expected)


@settings(max_examples=200, deadline=None)
@given(multipliable())
def test_matmul_loop_equals_numpy_within_rounding(AB):
    A, B = AB
    got = matmul_loop(A, B)
    expected = A @ B
    assert got.shape == expected.shape == (A.shape[0], B.shape[1])
    assert np.all(np.abs(got - expected) <= rounding_bound(A, B))


@pytest.mark.parametrize("shape", [(1, 1, 1), (5, 3, 2), (16, 33, 8), (40, 40, 40)])
def test_matmul_loop_matches_torch(shape):
    m, n, p = shape
    rng = np.random.default_rng(m * n * p)
    A, B = rng.normal(size=(m, n)), rng.normal(size=(n, p))
    expected = torch.matmul(torch.tensor(A), torch.tensor(B)).numpy()
    assert np.all(np.abs(matmul_loop(A, B) - expected) <= rounding_bound(A, B))


@settings(max_examples=200, deadline=None)
@given(st.tuples(DIM, DIM), st.tuples(DIM, DIM))
def test_matmul_loop_refuses_exactly_what_numpy_refuses(shape_a, shape_b):
    A, B = np.ones(shape_a), np.ones(shape_b)
    try:
        expected = A @ B
    except ValueError:
        message = rf"inner dimensions differ: {re_shape(shape_a)} @ {re_shape(shape_b)}"
        with pytest.raises(ValueError, match=message):
            matmul_loop(A, B)
    else:
        np.testing.assert_array_equal(matmul_loop(A, B), expected)


def re_shape(shape) -> str:
    return str(tuple(shape)).replace("(", r"\(").replace(")", r"\)")


def test_matmul_error_suggests_the_transpose_when_it_would_fit():
    expected = (r"matmul: inner dimensions differ: \(4, 3\) @ \(2, 3\); A has 3 columns, B has 2 rows; "
                r"did you mean A @ B.T\? \(4, 3\) @ \(3, 2\) -> \(4, 2\)")
    with pytest.raises(ValueError, match=expected):
        matmul_loop(X_WORKED, W_WORKED)
    with pytest.raises(ValueError) as info:
        matmul_loop(np.ones((4, 3)), np.ones((5, 2)))
    assert "B.T" not in str(info.value)  # (4, 3) @ (2, 5) would not fit either


@pytest.mark.parametrize("A, B, error, message", [
    (np.ones(3), np.ones((3, 2)), ValueError, r"2-D matrices .* got shapes \(3,\) and \(3, 2\)"),
    (np.ones((2, 3)), np.ones((3, 2, 1)), ValueError, r"got shapes \(2, 3\) and \(3, 2, 1\)"),
    ([["x"]], [[1.0]], TypeError, r"matmul: A must be an array of real numbers"),
])
def test_matmul_loop_bad_inputs(A, B, error, message):
    with pytest.raises(error, match=message):
        matmul_loop(A, B)


# --- one cell of a matrix product -------------------------------------------------------

@pytest.mark.parametrize("i, j", [(i, j) for i in range(4) for j in range(2)])
def test_matmul_cell_is_the_dot_product_of_row_and_column(i, j):
    Wt = np.transpose(W_WORKED)
    cell = matmul_cell(X_WORKED, Wt, i, j)
    np.testing.assert_array_equal(cell.row, X_WORKED[i])
    np.testing.assert_array_equal(cell.column, W_WORKED[j])
    np.testing.assert_array_equal(cell.products, [X_WORKED[i][k] * W_WORKED[j][k] for k in range(3)])
    assert cell.value == pytest.approx(Z_BY_HAND[i][j], abs=1e-15)
    assert cell.value == pytest.approx((np.asarray(X_WORKED) @ Wt)[i, j], abs=1e-15)
    assert (cell.i, cell.j) == (i, j)


@pytest.mark.parametrize("i, j, message", [
    (4, 0, r"i must be an integer in 0..3 \(the result has 4 rows\), got 4"),
    (-1, 0, r"i must be an integer in 0..3"),
    (0, 2, r"j must be an integer in 0..1 \(the result has 2 columns\), got 2"),
    (1.0, 0, r"got 1.0"),
    (True, 0, r"got True"),
])
def test_matmul_cell_bad_index(i, j, message):
    with pytest.raises(IndexError, match=message):
        matmul_cell(X_WORKED, np.transpose(W_WORKED), i, j)


def test_matmul_cell_checks_shapes_like_matmul_loop():
    with pytest.raises(ValueError, match=r"inner dimensions differ: \(4, 3\) @ \(2, 3\)"):
        matmul_cell(X_WORKED, W_WORKED, 0, 0)


# --- geometry of two 2-D vectors --------------------------------------------------------

@pytest.mark.parametrize("length, angle, expected", [
    (1.0, 0.0, [1.0, 0.0]), (2.0, 90.0, [0.0, 2.0]), (1.0, 180.0, [-1.0, 0.0]),
    (1.0, -90.0, [0.0, -1.0]), (2.0, 60.0, [1.0, math.sqrt(3)]), (0.0, 33.0, [0.0, 0.0]),
])
def test_polar_known_directions(length, angle, expected):
    np.testing.assert_allclose(polar(length, angle), expected, atol=1e-15)


@pytest.mark.parametrize("length, angle, message", [
    (-1.0, 0.0, r"polar: length must be a finite number >= 0, got -1.0$"),
    (np.nan, 0.0, r"polar: length must be a finite number >= 0, got nan$"),
    (1.0, np.inf, r"polar: angle_deg must be a finite number, got inf$"),
    # strings and None used to reach np.isfinite: "ufunc 'isfinite' not supported for the input types"
    ("1", 0, r"polar: length must be a finite number >= 0, got '1' \(str\)$"),
    (1.0, None, r"polar: angle_deg must be a finite number, got None \(NoneType\)$"),
])
def test_polar_bad_inputs(length, angle, message):
    with pytest.raises(ValueError, match=message):
        polar(length, angle)


def test_polar_takes_integers_and_numpy_numbers():
    np.testing.assert_array_equal(polar(2, 0), [2.0, 0.0])
    np.testing.assert_allclose(polar(np.float32(2.0), np.int64(90)), [0.0, 2.0], atol=1e-15)


@pytest.mark.parametrize("a, b, dot, theta, projection, alignment", [
    ([1, 0], [1, 1], 1.0, 45.0, [1, 0], "aligned"),          # the shadow of (1, 1) on the x-axis
    ([2, 0], [0, 3], 0.0, 90.0, [0, 0], "orthogonal"),
    ([1, 0], [-2, 0], -2.0, 180.0, [-2, 0], "opposed"),
    # (3, 4)·(4, 3) = 24 = 5 · 5 · cos θ; projection (24 / 25) · (3, 4)
    ([3, 4], [4, 3], 24.0, math.degrees(math.acos(24 / 25)), [72 / 25, 96 / 25], "aligned"),
    ([0, 2], [1, -1], -2.0, 135.0, [0, -1], "opposed"),
])
def test_vector_geometry_by_hand(a, b, dot, theta, projection, alignment):
    g = vector_geometry(a, b)
    assert g.dot == pytest.approx(dot, abs=1e-15)
    assert g.dot_geometric == pytest.approx(dot, abs=1e-12)
    assert g.theta_deg == pytest.approx(theta, abs=1e-12)
    np.testing.assert_allclose(g.projection, projection, atol=1e-15)
    assert g.alignment == alignment
    assert g.norm_a == pytest.approx(math.hypot(*a)) and g.norm_b == pytest.approx(math.hypot(*b))
    assert g.scalar_projection == pytest.approx(dot / math.hypot(*a))


NONZERO_2D = hnp.arrays(np.float64, 2, elements=st.floats(-10, 10, allow_subnormal=False)).filter(
    lambda v: np.hypot(*v) > 1e-3)


@settings(max_examples=300, deadline=None)
@given(NONZERO_2D, NONZERO_2D)
def test_vector_geometry_agrees_with_numpy_and_torch(a, b):
    g = vector_geometry(a, b)
    scale = np.linalg.norm(a) * np.linalg.norm(b)
    assert g.dot == pytest.approx(np.dot(a, b), abs=4 * EPS * scale)
    assert g.dot == pytest.approx(torch.dot(torch.tensor(a), torch.tensor(b)).item(), abs=4 * EPS * scale)
    # the two routes: components vs. lengths and the angle between the directions
    assert g.dot_geometric == pytest.approx(np.dot(a, b), abs=1e-12 * scale)
    assert g.cos_theta == pytest.approx(np.dot(a, b) / scale, abs=1e-12)
    assert 0.0 <= g.theta_deg <= 180.0
    # the projection lies on a's line and what is left of b is perpendicular to a
    rest = b - g.projection
    assert abs(np.dot(rest, a)) <= 1e-12 * scale
    assert abs(g.projection[0] * a[1] - g.projection[1] * a[0]) <= 1e-12 * scale
    if abs(np.dot(a, b)) > 1e-6 * scale:
        assert g.alignment == ("aligned" if np.dot(a, b) > 0 else "opposed")


@pytest.mark.parametrize("angle_a", range(-180, 181, 15))
def test_alignment_on_the_explorer_grid(angle_a):
    for angle_b in range(-180, 181, 5):
        g = vector_geometry(polar(1.3, angle_a), polar(0.7, angle_b))
        gap = (angle_b - angle_a) % 360
        expected = "orthogonal" if gap in (90, 270) else "aligned" if gap < 90 or gap > 270 else "opposed"
        assert g.alignment == expected, (angle_a, angle_b)
        assert g.theta_deg == pytest.approx(min(gap, 360 - gap), abs=1e-9)


@pytest.mark.parametrize("a, b, message", [
    ([1, 0, 0], [1, 0], r"shape \(2,\); got shapes \(3,\) and \(2,\)"),
    ([0, 0], [1, 0], r"two non-zero vectors"),
    ([1, 0], [np.nan, 0], r"must be finite"),
    ("ab", [1, 0], r"a must be an array of real numbers"),
])
def test_vector_geometry_bad_inputs(a, b, message):
    with pytest.raises((ValueError, TypeError), match=message):
        vector_geometry(a, b)


@pytest.mark.parametrize("atol, shown", [("0.1", r"'0.1' \(str\)"), (-1e-9, "-1e-09"), (np.nan, "nan")])
def test_vector_geometry_bad_tolerance(atol, shown):
    with pytest.raises(ValueError, match=rf"vector_geometry: atol must be a finite number >= 0, got {shown}"):
        vector_geometry([1, 0], [0, 1], atol=atol)
