"""The broadcasting explainer against NumPy and PyTorch (property-based), and the dense layer of Chapter 6.

References are independent of the code under test: ``np.broadcast_shapes``, the shape of an
actual ``x + y``, ``torch.broadcast_shapes``, and numbers worked out by hand.
"""
import re

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from nnbook.broadcasting import (
    CLASH,
    EQUAL,
    MAX_NDIM,
    STRETCH_A,
    STRETCH_B,
    BroadcastError,
    align,
    broadcast_shape,
    check_shape,
    explain,
    parse_shape,
)
from nnbook.linalg import dense_forward

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Small sizes (0 to 4) make every rule likely: equal sizes, 1s, zeros and clashes.
any_shape = st.lists(st.integers(0, 4), max_size=6).map(tuple)
fitting_pairs = mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=6, min_side=0, max_side=5)


@st.composite
def clashing_pairs(draw):
    """Two shapes that broadcast except on the axes we spoil: there sizes differ and neither is 1."""
    a, b = draw(fitting_pairs).input_shapes
    n = max(len(a), len(b), 1)
    a, b = list((1,) * (n - len(a)) + a), list((1,) * (n - len(b)) + b)
    spoiled = draw(st.sets(st.integers(-n, -1), min_size=1, max_size=n))
    for axis in spoiled:
        x = draw(st.integers(0, 6).filter(lambda v: v != 1))
        y = draw(st.integers(0, 6).filter(lambda v: v not in (1, x)))
        a[axis], b[axis] = x, y
    # drop some leading 1s again, so that padding is still exercised
    cut_a = draw(st.integers(0, min(len(a), n + min(spoiled))))
    cut_b = draw(st.integers(0, min(len(b), n + min(spoiled))))
    a = a[next((i for i in range(cut_a) if a[i] != 1), cut_a):]
    b = b[next((i for i in range(cut_b) if b[i] != 1), cut_b):]
    return tuple(a), tuple(b), sorted(spoiled)


def numpy_outcome(a, b):
    """NumPy's verdict: the broadcast shape, or None when NumPy refuses."""
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return None


# --- agreement with NumPy and PyTorch ------------------------------------------------------

@SETTINGS
@given(fitting_pairs)
def test_agrees_with_numpy_on_pairs_that_broadcast(shapes):
    a, b = shapes.input_shapes
    expected = np.broadcast_shapes(a, b)
    assert expected == shapes.result_shape
    assert broadcast_shape(a, b) == expected
    al = align(a, b)
    assert al.ok and al.result == expected and al.error is None and al.clashes == ()


@SETTINGS
@given(clashing_pairs())
def test_clashes_raise_exactly_like_numpy_and_name_the_axes(case):
    a, b, spoiled = case
    with pytest.raises(ValueError):
        np.broadcast_shapes(a, b)
    with pytest.raises(ValueError):  # the operator itself refuses too
        _ = np.zeros(a) + np.zeros(b)
    with pytest.raises(BroadcastError) as info:
        broadcast_shape(a, b)
    message = str(info.value)
    assert message.startswith("operands could not be broadcast together with shapes "
                              f"({','.join(map(str, a))}{',' if len(a) == 1 else ''}) "
                              f"({','.join(map(str, b))}{',' if len(b) == 1 else ''}):")
    named = [int(m) for m in re.findall(r"dimension (-\d+):", message)]
    assert named == spoiled
    al = align(a, b)
    pa, pb = al.a_padded, al.b_padded
    for axis in spoiled:
        assert f"dimension {axis}: {pa[axis]} vs {pb[axis]}" in message
    assert al.result is None and not al.ok and al.error == message


@SETTINGS
@given(any_shape, any_shape)
@example((4, 3), (4,))
@example((), ())
@example((0,), (1,))
@example((0,), (3,))
@example((1, 0), (5, 1))
def test_raises_exactly_when_numpy_raises(a, b):
    expected = numpy_outcome(a, b)
    if expected is None:
        with pytest.raises(BroadcastError, match="could not be broadcast"):
            broadcast_shape(a, b)
        assert align(a, b).error is not None
    else:
        assert broadcast_shape(a, b) == expected
        assert (np.zeros(a) + np.zeros(b)).shape == expected  # the actual operation


@SETTINGS
@given(any_shape, any_shape)
def test_agrees_with_pytorch(a, b):
    try:
        expected = tuple(torch.broadcast_shapes(a, b))
    except RuntimeError:
        expected = None
    assert align(a, b).result == expected


@SETTINGS
@given(any_shape, any_shape)
def test_each_axis_follows_the_rule_computed_independently(a, b):
    al = align(a, b)
    n = max(len(a), len(b))
    assert al.ndim == len(al.steps) == len(al.a_padded) == len(al.b_padded) == n
    assert al.a_padded[n - len(a):] == a and set(al.a_padded[:n - len(a)]) <= {1}
    assert al.b_padded[n - len(b):] == b and set(al.b_padded[:n - len(b)]) <= {1}
    for step, sa, sb in zip(al.steps, al.a_padded, al.b_padded):
        assert (step.a, step.b) == (sa, sb)
        one_axis = numpy_outcome((sa,), (sb,))  # NumPy on this axis alone
        if one_axis is None:
            assert step.rule == CLASH and step.size is None
        else:
            assert step.size == one_axis[0]
            assert step.rule == (EQUAL if sa == sb else STRETCH_A if sa == 1 else STRETCH_B)
    assert [s.axis for s in al.steps] == list(range(-n, 0))


@SETTINGS
@given(any_shape, any_shape)
def test_the_text_rendering_ends_with_the_verdict(a, b):
    text = explain(a, b)
    expected = numpy_outcome(a, b)
    last = text.splitlines()[-1]
    if expected is None:
        assert last.startswith("error: operands could not be broadcast")
    else:
        assert last == f"result: {expected!r}"
    assert text.count("  axis -") == max(len(a), len(b))


# --- worked examples -------------------------------------------------------------------------

def test_bias_of_shape_2_on_a_4_by_2_batch():
    al = align((4, 2), (2,))
    assert al.b_padded == (1, 2)
    assert [(s.axis, s.rule, s.size) for s in al.steps] == [(-2, STRETCH_B, 4), (-1, EQUAL, 2)]
    assert broadcast_shape((4, 2), (2,)) == (4, 2)
    Z = np.arange(8.0).reshape(4, 2)
    b = np.array([0.1, -0.2])
    np.testing.assert_array_equal(Z + b, Z + np.tile(b, (4, 1)))  # every row gets the same bias


def test_vector_against_column_silently_makes_a_matrix():
    al = align((4,), (4, 1))
    assert al.a_padded == (1, 4)
    assert [s.rule for s in al.steps] == [STRETCH_A, STRETCH_B]  # both get stretched
    assert broadcast_shape((4,), (4, 1)) == (4, 4)
    y, y_hat = np.array([1.0, 2.0, 3.0, 4.0]), np.array([[1.5], [2.0], [2.5], [5.0]])
    diff = y - y_hat
    assert diff.shape == (4, 4)
    assert diff[0, 1] == 2.0 - 1.5  # column j of y minus row i of y_hat: every pair, not each sample


def test_worked_explanation_text():
    assert explain((4, 2), (2,)).splitlines() == [
        "broadcast a (4, 2) with b (2,)",
        "  axis               -2   -1",
        "  1 align right  a    4    2",
        "                 b         2",
        "  2 pad with 1s  a    4    2",
        "                 b    1    2",
        "  3 stretch 1s   a    4    2",
        "                 b  1→4    2",
        "  result              4    2",
        "  axis -2: 4 and 1 -> stretch b's 1 to 4",
        "  axis -1: 2 and 2 -> equal, keep 2",
        "result: (4, 2)",
    ]


def test_worked_clash_message():
    with pytest.raises(ValueError, match=re.escape(
            "operands could not be broadcast together with shapes (4,3) (4,): dimension -1: 3 vs 4")):
        broadcast_shape((4, 3), (4,))
    assert "dimension -3: 2 vs 5; dimension -1: 4 vs 6" in align((2, 3, 4), (5, 1, 6)).error


@pytest.mark.parametrize("a, b, expected", [
    ((), (), ()),                 # two scalars
    ((), (0,), (0,)),             # a scalar against an empty vector
    ((), (2, 3), (2, 3)),
    ((0,), (1,), (0,)),           # a 1 stretches to 0
    ((1, 0), (5, 1), (5, 0)),
    ((0, 3), (3,), (0, 3)),       # an empty batch
])
def test_zero_d_and_empty_shapes_like_numpy(a, b, expected):
    assert np.broadcast_shapes(a, b) == expected
    assert broadcast_shape(a, b) == expected


def test_zero_against_a_size_other_than_one_clashes():
    with pytest.raises(BroadcastError, match="dimension -1: 0 vs 3"):
        broadcast_shape((0,), (3,))
    assert "both are 0-d" in explain((), ())


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("shape, error, message", [
    (3, TypeError, r"tuple of non-negative ints.*got int 3; write \(3,\)"),
    ("4, 3", TypeError, r"got str '4, 3'; read text with parse_shape\('4, 3'\)"),
    (None, TypeError, "got NoneType"),
    ((4, 2.0), TypeError, "entry 1 is float 2.0"),
    ((True, 2), TypeError, "entry 0 is bool"),
    ((4, "3"), TypeError, "entry 1 is str"),
    ((4, -1), ValueError, "negative size -1 at entry 1"),
    ((1,) * (MAX_NDIM + 1), ValueError, "65 axes; NumPy arrays have at most 64"),
])
def test_bad_shapes_raise_clear_errors(shape, error, message):
    with pytest.raises(error, match=message):
        broadcast_shape(shape, (2,))
    with pytest.raises(error, match="shape b"):
        align((2,), shape)


def test_numpy_integers_are_accepted():
    assert check_shape((np.int64(4), np.int32(2))) == (4, 2)
    assert all(type(v) is int for v in check_shape((np.int64(4),)))
    assert broadcast_shape([4, 1], [3]) == (4, 3)


# --- reading shapes typed as text -------------------------------------------------------------

@pytest.mark.parametrize("text, shape", [
    ("4, 3", (4, 3)), ("(4, 3)", (4, 3)), ("[4,3]", (4, 3)), ("4 3", (4, 3)), (" 7 ", (7,)),
    ("4,", (4,)), ("(4,)", (4,)), ("", ()), ("()", ()), ("  ", ()), ("0, 2", (0, 2)),
])
def test_parse_shape(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text, message", [
    ("4, x", r"'x' is not a non-negative integer"),
    ("4,,3", "an empty entry"),
    ("-1", r"'-1' is not a non-negative integer"),
    ("2.5", r"'2.5' is not"),
    ("(4, 3", r"'\(4' is not"),
])
def test_parse_shape_errors_quote_the_text(text, message):
    with pytest.raises(ValueError, match=message):
        parse_shape(text)


def test_parse_shape_needs_a_string():
    with pytest.raises(TypeError, match="must be a str"):
        parse_shape((4, 3))


@SETTINGS
@given(any_shape)
def test_parse_shape_reads_what_python_prints(shape):
    assert parse_shape(repr(shape)) == shape
    assert parse_shape(", ".join(map(str, shape))) == shape
    assert parse_shape(str(list(shape))) == shape


# --- the dense layer of Chapter 6 (defined in linalg) -----------------------------------------

X_WORKED = [[1.0, 0.5, -0.3], [0.2, 1.5, 0.7], [-0.5, 0.8, 1.2], [0.9, -0.2, 0.4]]
W_WORKED = [[0.8, -0.5, 0.2], [0.3, 0.7, -0.1]]
B_WORKED = [0.1, -0.2]
# Z = X Wᵀ + b worked out by hand, one dot product per cell, then ReLU:
#   row 0: 0.80 - 0.25 - 0.06 + 0.1 =  0.59 | 0.30 + 0.35 + 0.03 - 0.2 =  0.48
#   row 1: 0.16 - 0.75 + 0.14 + 0.1 = -0.35 | 0.06 + 1.05 - 0.07 - 0.2 =  0.84
#   row 2: -0.40 - 0.40 + 0.24 + 0.1 = -0.46 | -0.15 + 0.56 - 0.12 - 0.2 = 0.09
#   row 3: 0.72 + 0.10 + 0.08 + 0.1 =  1.00 | 0.27 - 0.14 - 0.04 - 0.2 = -0.11
A_BY_HAND = [[0.59, 0.48], [0.0, 0.84], [0.0, 0.09], [1.00, 0.0]]


def test_dense_forward_on_the_worked_layer():
    A = dense_forward(X_WORKED, W_WORKED, B_WORKED, "relu")
    assert A.shape == (4, 2)
    np.testing.assert_allclose(A, A_BY_HAND, rtol=0, atol=1e-12)
    loops = [[max(0.0, sum(x * w for x, w in zip(row, neuron)) + bias)  # plain Python
              for neuron, bias in zip(W_WORKED, B_WORKED)] for row in X_WORKED]
    np.testing.assert_allclose(A, loops, rtol=0, atol=1e-15)


def test_dense_forward_equals_torch_linear_and_relu():
    rng = np.random.default_rng(6)
    X, W, b = rng.normal(size=(16, 5)), rng.normal(size=(3, 5)), rng.normal(size=3)
    layer = torch.nn.Linear(5, 3, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(b))
    expected = torch.relu(layer(torch.from_numpy(X))).detach().numpy()
    np.testing.assert_allclose(dense_forward(X, W, b, "relu"), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("W, b, shapes", [
    (np.array(W_WORKED).T, B_WORKED, ("(4, 3)", "(3, 2)", "(2,)")),           # W transposed by mistake
    (W_WORKED, [0.1, -0.2, 0.3, 0.0], ("(4, 3)", "(2, 3)", "(4,)")),         # one bias per sample
    (W_WORKED, [[0.1], [-0.2]], ("(4, 3)", "(2, 3)", "(2, 1)")),             # bias as a column
])
def test_dense_forward_names_the_mismatched_shapes(W, b, shapes):
    with pytest.raises(ValueError) as info:
        dense_forward(X_WORKED, W, b)
    message = str(info.value)
    for shape in shapes:
        assert shape in message


@pytest.mark.parametrize("args, name", [
    (("rows", W_WORKED, B_WORKED), "X"), ((X_WORKED, [["a", "b", "c"]], B_WORKED), "W"),
    ((X_WORKED, W_WORKED, {"b": 1}), "b"),
])
def test_dense_forward_names_an_argument_that_is_not_numbers(args, name):
    # these used to raise NumPy's "could not convert string to float" without saying which argument
    with pytest.raises(TypeError, match=rf"dense_forward: {name} must be an array of real numbers"):
        dense_forward(*args)
