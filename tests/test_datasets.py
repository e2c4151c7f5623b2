"""Data sets: truth tables against Python's own logic, seeded blobs against their definition, clear errors."""
import operator

import numpy as np
import pytest

from nnbook.datasets import GATE_INPUTS, GATES, Dataset, as_dataset, gaussian_blobs, logic_gate

# independent references: Python's bitwise operators on the bits 0/1
REFERENCE = {
    "AND": operator.and_,
    "OR": operator.or_,
    "XOR": operator.xor,
    "NAND": lambda a, b: 1 - (a & b),
    "NOR": lambda a, b: 1 - (a | b),
    "XNOR": lambda a, b: 1 - (a ^ b),
}


def test_every_gate_has_a_reference():
    assert set(GATES) == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_gate_truth_table(name):
    X, y = logic_gate(name)
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4,) and y.dtype.kind == "i"
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    for (a, b), label in zip(X.astype(int), y):
        assert label == REFERENCE[name](int(a), int(b))


def test_gate_names_are_case_insensitive_and_arrays_are_fresh():
    X, y = logic_gate("xor")
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    X[0, 0], y[0] = 99.0, 1
    X2, y2 = logic_gate("XOR")
    assert X2[0, 0] == 0.0 and y2[0] == 0
    assert not GATE_INPUTS.flags.writeable


def test_unknown_gate_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown logic gate 'IMPLIES'; expected one of \['AND'"):
        logic_gate("IMPLIES")


def test_dataset_unpacks_like_a_pair():
    data = logic_gate("AND")
    assert isinstance(data, Dataset)
    X, y = data
    assert X is data.X and y is data.y


def test_blobs_shapes_labels_and_seeding():
    X, y = gaussian_blobs(30, rng=np.random.default_rng(7))
    assert X.shape == (60, 2) and X.dtype == np.float64
    assert y.shape == (60,) and y.dtype.kind == "i"
    np.testing.assert_array_equal(y, [0] * 30 + [1] * 30)
    X_again, _ = gaussian_blobs(30, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(X, X_again)
    X_other, _ = gaussian_blobs(30, rng=np.random.default_rng(8))
    assert not np.allclose(X, X_other)


@pytest.mark.parametrize("separation, std, direction", [
    (3.0, 1.0, (1.0, 1.0)),
    (4.0, 0.5, (1.0, 0.0)),
    (2.0, 2.0, (0.0, -3.0)),
    (0.0, 1.0, (1.0, 2.0)),
])
def test_blob_centres_and_spread_follow_the_definition(separation, std, direction):
    n = 20_000
    X, y = gaussian_blobs(n, rng=np.random.default_rng(0), separation=separation, std=std, direction=direction)
    u = np.array(direction) / np.hypot(*direction)
    centre1 = separation / 2 * u  # computed here from the docstring's definition
    tol = 5 * std / np.sqrt(n)  # five standard errors of a mean
    np.testing.assert_allclose(X[y == 0].mean(axis=0), -centre1, atol=tol)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), centre1, atol=tol)
    np.testing.assert_allclose(X[y == 1].std(axis=0), [std, std], rtol=0.03)
    # the distance between the empirical centres is the separation
    gap = np.linalg.norm(X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0))
    assert gap == pytest.approx(separation, abs=3 * tol)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(rng=42), TypeError, "rng must be a numpy.random.Generator"),
    (dict(rng=None), TypeError, "rng must be a numpy.random.Generator"),
    (dict(n_per_class=0), ValueError, "n_per_class must be an integer >= 1, got 0"),
    (dict(n_per_class=2.5), ValueError, "n_per_class must be an integer >= 1, got 2.5"),
    (dict(n_per_class=True), ValueError, "n_per_class must be an integer >= 1, got True"),
    (dict(n_per_class="5"), ValueError, "n_per_class must be an integer >= 1, got '5'"),
    (dict(separation=-1.0), ValueError, "separation must be a finite number >= 0, got -1.0"),
    (dict(separation=float("nan")), ValueError, "separation must be a finite number >= 0, got nan"),
    # a string or None: a clear message, not NumPy's "ufunc 'isfinite' not supported"
    (dict(separation="3"), ValueError, r"separation must be a finite number >= 0, got '3' \(str\)"),
    (dict(separation=None), ValueError, r"separation must be a finite number >= 0, got None \(NoneType\)"),
    (dict(std=0.0), ValueError, "std must be a finite number > 0, got 0.0"),
    (dict(std="1"), ValueError, r"std must be a finite number > 0, got '1' \(str\)"),
    (dict(direction=(0.0, 0.0)), ValueError, r"direction must be a non-zero vector of shape \(2,\), got \[0.0, 0.0\]"),
    (dict(direction=(1.0, 0.0, 0.0)), ValueError, r"direction must be a non-zero vector of shape \(2,\)"),
    (dict(direction=(np.nan, 1.0)), ValueError, "direction contains NaN in 1 of its 2 entries"),
    (dict(direction="up"), TypeError, "direction must be a real number or an array of real numbers, got str"),
])
def test_blob_errors(kwargs, error, message):
    args = dict(n_per_class=5, rng=np.random.default_rng(0)) | kwargs
    with pytest.raises(error, match=message):
        gaussian_blobs(**args)


def test_blobs_need_an_explicit_rng():
    with pytest.raises(TypeError):
        gaussian_blobs(5)  # rng is keyword-only and required: no hidden global seeding


def test_dataset_and_as_dataset_are_the_shared_ones():
    import nnbook.checks

    assert Dataset is nnbook.checks.Dataset and as_dataset is nnbook.checks.as_dataset  # re-exported here


def test_as_dataset_converts():
    X, y = as_dataset([[0, 1], [2, 3]], [True, False])
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, [1, 0])
    X, y = as_dataset(np.ones((3, 5)), [0.0, 1.0, 1.0], in_features=5)
    assert X.shape == (3, 5) and y.tolist() == [0, 1, 1]


@pytest.mark.parametrize("X, y, kwargs, message", [
    ([0.0, 1.0], [0, 1], {}, r"X must have shape \(N, in_features\) with N >= 1, got shape \(2,\)"),
    (np.zeros((0, 2)), [], {}, r"got shape \(0, 2\)"),
    (np.zeros((2, 3)), [0, 1], dict(in_features=2), r"X must have 2 columns \(in_features\), got shape \(2, 3\)"),
    ([[0.0, np.nan]], [0], {}, "X contains NaN in 1 of its 2 entries"),
    (np.zeros((3, 2)), [0, 1], {}, r"y must have shape \(3,\) to match X of shape \(3, 2\), got shape \(2,\)"),
    (np.zeros((2, 2)), [0, 2], {}, r"y must hold class labels 0 or 1, got values \[0, 2\]"),
])
def test_as_dataset_errors(X, y, kwargs, message):
    with pytest.raises(ValueError, match=message):
        as_dataset(X, y, **kwargs)


# --- the planar sets of Chapters 7 and 8 -------------------------------------------------------

from sklearn.datasets import make_circles, make_moons  # noqa: E402  (an independent implementation)

from nnbook.datasets import (HOUSE_FEATURES, HOUSE_PRICE_MODEL, circles, digits, house_prices,  # noqa: E402
                             noisy_xor, spirals, two_moons)

PLANAR = {"noisy_xor": noisy_xor, "two_moons": two_moons, "circles": circles, "spirals": spirals}


@pytest.mark.parametrize("n", [1, 5, 50])
def test_moons_without_noise_are_sklearns_moons(n):
    X, y = two_moons(n, rng=np.random.default_rng(0), noise=0.0)
    X_ref, y_ref = make_moons(2 * n, noise=0.0, shuffle=False)
    np.testing.assert_allclose(X, X_ref, atol=1e-12)
    np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("n, factor", [(4, 0.5), (50, 0.3), (7, 0.8)])
def test_circles_without_noise_are_sklearns_circles(n, factor):
    X, y = circles(n, rng=np.random.default_rng(0), noise=0.0, factor=factor)
    X_ref, y_ref = make_circles(2 * n, noise=0.0, shuffle=False, factor=factor)
    np.testing.assert_allclose(X, X_ref, atol=1e-12)
    np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("turns", [0.5, 1.0, 1.75])
def test_spiral_points_follow_the_definition(turns):
    n = 40
    X, y = spirals(n, rng=np.random.default_rng(0), noise=0.0, turns=turns)
    t = np.linspace(0.1, 1.0, n)  # the docstring's parameter
    X0, X1 = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(X0[:, 0], X0[:, 1]), t, atol=1e-12)  # radius r = t
    angle = np.arctan2(X0[:, 1], X0[:, 0])
    np.testing.assert_allclose(np.cos(angle - 2 * np.pi * turns * t), 1.0, atol=1e-12)  # θ = 2π turns t
    np.testing.assert_allclose(X1, -X0, atol=1e-12)  # class 1: the same arm turned by π


def test_noisy_xor_without_noise_is_the_xor_truth_table_on_the_corners():
    X, y = noisy_xor(6, rng=np.random.default_rng(0), noise=0.0)
    assert X.shape == (12, 2)
    assert set(map(tuple, X)) == {(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)}
    for (x1, x2), label in zip(X, y):
        assert label == operator.xor(int(x1 > 0), int(x2 > 0))
    assert (y == 0).sum() == (y == 1).sum() == 6


@pytest.mark.parametrize("name", sorted(PLANAR))
def test_planar_sets_are_seeded_and_noise_has_the_requested_spread(name):
    make = PLANAR[name]
    X, y = make(3000, rng=np.random.default_rng(5), noise=0.2)
    assert X.shape == (6000, 2) and X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, [0] * 3000 + [1] * 3000)
    X_again, _ = make(3000, rng=np.random.default_rng(5), noise=0.2)
    np.testing.assert_array_equal(X, X_again)
    X_clean, _ = make(3000, rng=np.random.default_rng(5), noise=0.0)
    residual = X - X_clean
    np.testing.assert_allclose(residual.std(axis=0), [0.2, 0.2], rtol=0.05)
    np.testing.assert_allclose(residual.mean(axis=0), [0.0, 0.0], atol=5 * 0.2 / np.sqrt(6000))


@pytest.mark.parametrize("name", sorted(PLANAR))
@pytest.mark.parametrize("kwargs, error, message", [
    (dict(rng=0), TypeError, "rng must be a numpy.random.Generator"),
    (dict(n_per_class=0), ValueError, "n_per_class must be an integer >= 1, got 0"),
    (dict(n_per_class=1.5), ValueError, "n_per_class must be an integer >= 1, got 1.5"),
    (dict(noise=-0.1), ValueError, "noise must be a finite number >= 0, got -0.1"),
    (dict(noise=float("inf")), ValueError, "noise must be a finite number >= 0, got inf"),
    (dict(noise="0.1"), ValueError, r"noise must be a finite number >= 0, got '0.1' \(str\)"),
    (dict(noise=None), ValueError, r"noise must be a finite number >= 0, got None \(NoneType\)"),
])
def test_planar_set_errors(name, kwargs, error, message):
    args = dict(n_per_class=5, rng=np.random.default_rng(0)) | kwargs
    with pytest.raises(error, match=message):
        PLANAR[name](**args)


@pytest.mark.parametrize("make, kwargs, message", [
    (circles, dict(factor=1.0), "factor must be a finite number > 0 and < 1, got 1.0"),
    (circles, dict(factor=0.0), "factor must be a finite number > 0 and < 1, got 0.0"),
    # None or a string: a clear message, not NumPy's "ufunc 'isfinite' not supported"
    (circles, dict(factor=None), r"factor must be a finite number > 0 and < 1, got None \(NoneType\)"),
    (circles, dict(factor="0.5"), r"factor must be a finite number > 0 and < 1, got '0.5' \(str\)"),
    (spirals, dict(turns=0.0), "turns must be a finite number > 0, got 0.0"),
    (spirals, dict(turns="2"), r"turns must be a finite number > 0, got '2' \(str\)"),
    (spirals, dict(turns=float("nan")), "turns must be a finite number > 0, got nan"),
])
def test_shape_parameter_errors(make, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make(5, rng=np.random.default_rng(0), **kwargs)


# --- house prices --------------------------------------------------------------------------


def test_house_columns_have_their_documented_ranges_and_units():
    X, y = house_prices(2000, rng=np.random.default_rng(0))
    assert HOUSE_FEATURES == ("size_m2", "rooms", "age_years")
    assert X.shape == (2000, 3) and y.shape == (2000,) and y.dtype == np.float64
    size, rooms, age = X.T
    for column in (size, rooms, age):
        np.testing.assert_array_equal(column, np.round(column))  # whole m², rooms, years
    assert 35 <= size.min() and size.max() <= 220
    assert 1 <= rooms.min() and rooms.max() <= 9
    assert 0 <= age.min() and age.max() <= 79
    assert np.corrcoef(size, rooms)[0, 1] > 0.8  # bigger houses have more rooms


# the docstring's formula, written out: price = 50 + 3.2 size + 12 rooms - 1.1 age + noise of std 20 (k€)
DOCUMENTED_MODEL = {"intercept": 50.0, "size_m2": 3.2, "rooms": 12.0, "age_years": -1.1, "noise_std": 20.0}


def test_house_price_model_is_the_documented_formula():
    assert dict(HOUSE_PRICE_MODEL) == DOCUMENTED_MODEL


def test_house_prices_follow_the_documented_formula():
    X, y = house_prices(20_000, rng=np.random.default_rng(1))
    A = np.column_stack([np.ones(len(X)), X])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)  # ordinary least squares recovers the formula
    np.testing.assert_allclose(coef, [50.0, 3.2, 12.0, -1.1], rtol=0.05, atol=1.0)
    assert np.std(y - A @ coef) == pytest.approx(20.0, rel=0.03)
    # by hand: a 100 m² house with 3 rooms, 20 years old, costs 50 + 320 + 36 - 22 = 384 k€ on average
    assert coef @ [1, 100, 3, 20] == pytest.approx(384.0, rel=0.01)


def test_raw_house_features_make_gradient_descent_ill_conditioned():
    # The curvature of the mean squared error is (2/N) [X 1]^T [X 1]: its largest eigenvalue
    # limits the learning rate (lr < 2 / largest), its smallest sets the speed of the slowest
    # direction.  Raw features: a ratio in the tens of thousands; standardised: about 30.
    X, _ = house_prices(100, rng=np.random.default_rng(0))

    def curvature(features):
        A = np.column_stack([features, np.ones(len(features))])
        return np.linalg.eigvalsh(2 / len(A) * A.T @ A)

    raw = curvature(X)
    standardised = curvature((X - X.mean(axis=0)) / X.std(axis=0))
    assert 2 / raw[-1] < 1e-4 and raw[-1] / raw[0] > 1e4
    assert 2 / standardised[-1] > 0.4 and standardised[-1] / standardised[0] < 50


def test_house_prices_are_seeded_and_check_their_arguments():
    a, b = house_prices(10, rng=np.random.default_rng(3)), house_prices(10, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        house_prices(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 10.0"):
        house_prices(10.0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        house_prices(10, rng=None)


# --- digits ----------------------------------------------------------------------------------


def test_digits_are_sklearns_images_split_without_loss_and_stratified():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    (X_train, y_train), (X_test, y_test) = digits(rng=np.random.default_rng(0))
    assert X_train.shape[1] == X_test.shape[1] == 64
    assert len(X_train) + len(X_test) == 1797
    assert X_train.min() >= 0 and X_train.max() <= 16 and y_train.dtype == np.int64
    # every image appears exactly once, with its own label
    rows = np.column_stack([np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])])
    ref = np.column_stack([bunch.data, bunch.target])
    np.testing.assert_array_equal(np.unique(rows, axis=0), np.unique(ref, axis=0))
    # each class keeps a quarter of its images for testing (rounded)
    for c in range(10):
        assert (y_test == c).sum() == round(0.25 * (bunch.target == c).sum())


def test_digits_split_depends_on_the_seed_only():
    a = digits(rng=np.random.default_rng(0))
    b = digits(rng=np.random.default_rng(0))
    c = digits(rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a.test.X, b.test.X)
    assert not np.array_equal(a.test.X, c.test.X)


def test_digits_check_the_test_size():
    with pytest.raises(ValueError, match=r"test_size must be a finite number > 0 and < 1, got '0.2' \(str\)"):
        digits(rng=np.random.default_rng(0), test_size="0.2")
