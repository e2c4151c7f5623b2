"""Splitting and standardising: compared with scikit-learn's StandardScaler and with counts made by hand."""
import subprocess
import sys

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

from nnbook.preprocessing import Scaler, Split, standardize, train_test_split


def _labelled(counts):
    """Rows numbered 0..N-1 (so each row can be traced) with the given number of samples per class."""
    y = np.repeat(np.arange(len(counts)), counts)
    return np.arange(len(y), dtype=float).reshape(-1, 1), y


@pytest.mark.parametrize("counts, test_size", [((40, 40), 0.25), ((10, 30, 7), 0.2), ((178, 182, 177), 0.5)])
def test_stratified_split_keeps_every_row_once_and_the_class_proportions(counts, test_size):
    X, y = _labelled(counts)
    split = train_test_split(X, y, rng=np.random.default_rng(0), test_size=test_size)
    assert isinstance(split, Split)
    (X_train, y_train), (X_test, y_test) = split
    ids = np.concatenate([X_train[:, 0], X_test[:, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(len(y)))  # disjoint, and nothing lost
    np.testing.assert_array_equal(y_test, y[X_test[:, 0].astype(int)])  # labels travel with their rows
    for c, n_c in enumerate(counts):
        assert (y_test == c).sum() == round(test_size * n_c)
    assert np.all(np.diff(X_train[:, 0]) > 0) and np.all(np.diff(X_test[:, 0]) > 0)  # original order kept


def test_unstratified_split_takes_a_fraction_of_all_rows():
    X, y = _labelled((90, 10))
    _, test = train_test_split(X, y.astype(float), rng=np.random.default_rng(0), test_size=0.3, stratify=False)
    assert len(test.y) == 30


def test_regression_targets_split_with_stratify_false():
    X = np.arange(10.0).reshape(-1, 1)
    y = 2.5 * X[:, 0] + 0.1  # non-integer targets
    train, test = train_test_split(X, y, rng=np.random.default_rng(0), test_size=0.2, stratify=False)
    assert len(test.y) == 2 and len(train.y) == 8
    np.testing.assert_array_equal(test.y, 2.5 * test.X[:, 0] + 0.1)  # targets travel with their rows


def test_float_labels_with_integer_values_are_still_stratified():
    X, y = _labelled((6, 6))
    _, test = train_test_split(X, y.astype(float), rng=np.random.default_rng(0), test_size=0.5)
    assert (test.y == 0.0).sum() == (test.y == 1.0).sum() == 3


def test_split_is_seeded():
    X, y = _labelled((50, 50))
    a = train_test_split(X, y, rng=np.random.default_rng(4))
    b = train_test_split(X, y, rng=np.random.default_rng(4))
    c = train_test_split(X, y, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a.test.X, b.test.X)
    assert not np.array_equal(a.test.X, c.test.X)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(rng=1), TypeError, "rng must be a numpy.random.Generator"),
    (dict(test_size=0.0), ValueError, "test_size must be a finite number > 0 and < 1, got 0.0"),
    (dict(test_size=1), ValueError, "test_size must be a finite number > 0 and < 1, got 1"),
    (dict(test_size="0.25"), ValueError, r"test_size must be a finite number > 0 and < 1, got '0.25' \(str\)"),
    (dict(y=np.zeros(3)), ValueError, r"X must have shape \(N, in_features\) and y shape \(N,\), got \(8, 1\) and \(3,\)"),
    (dict(test_size=0.01), ValueError, r"test_size=0.01 leaves an empty training or test set for N = 8 \(stratified: "
                                       r"each of the 2 classes is split on its own, the smallest has 4 samples; "
                                       r"for regression targets pass stratify=False\)"),
    # integer-valued targets that are not classes (prices in whole k€): every value is a class of one
    (dict(y=np.arange(100, 108)), ValueError, r"each of the 8 classes is split on its own, the smallest has "
                                              r"1 sample; for regression targets pass stratify=False"),
    # NaN in X: refused, naming X (it used to be split as if it were a number)
    (dict(X=np.r_[np.arange(7.0), np.nan].reshape(-1, 1)), ValueError, "X contains NaN in 1 of its 8 entries"),
    (dict(X=np.full((8, 1), np.inf)), ValueError, "X contains infinity in 8 of its 8 entries"),
    (dict(X=[["a"]] * 8), TypeError, "X must be a real number or an array of real numbers"),
    # float (regression) targets with the default stratify=True: the message says what to do,
    # instead of blaming the test size (each value used to be a class of its own, none held out)
    (dict(y=np.linspace(100.0, 450.0, 8) + 0.5), ValueError,
     r"y holds non-integer values \(such as 100.5\), not class labels, so it cannot be stratified by class; "
     r"for regression targets pass stratify=False"),
    (dict(y=np.r_[np.zeros(7), np.nan]), ValueError, "y contains NaN in 1 of its 8 entries"),
])
def test_split_errors(kwargs, error, message):
    X, y = _labelled((4, 4))
    args = dict(X=X, y=y, rng=np.random.default_rng(0), test_size=0.25) | kwargs
    with pytest.raises(error, match=message):
        train_test_split(args.pop("X"), args.pop("y"), **args)


def test_standardize_matches_sklearn_and_uses_training_statistics_for_the_test_set():
    rng = np.random.default_rng(0)
    X_train = rng.normal([100.0, 3.0, -40.0], [50.0, 1.0, 20.0], size=(200, 3))
    X_test = rng.normal([100.0, 3.0, -40.0], [50.0, 1.0, 20.0], size=(50, 3))
    scaler, Z_train, Z_test = standardize(X_train, X_test)
    reference = StandardScaler().fit(X_train)
    np.testing.assert_allclose(Z_train, reference.transform(X_train), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Z_test, reference.transform(X_test), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Z_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_train.std(axis=0), 1.0, rtol=1e-12)
    assert not np.allclose(Z_test.mean(axis=0), 0.0, atol=1e-3)  # the test set is not re-centred on itself
    np.testing.assert_allclose(scaler.inverse_transform(Z_test), X_test, rtol=1e-12)


def test_a_constant_column_is_only_centred():
    X = np.column_stack([np.arange(5.0), np.full(5, 7.0)])
    scaler = Scaler.fit(X)
    np.testing.assert_array_equal(scaler.std, [np.std(np.arange(5.0)), 1.0])
    np.testing.assert_array_equal(scaler.transform(X)[:, 1], 0.0)
    np.testing.assert_allclose(scaler.transform(X), StandardScaler().fit_transform(X), atol=1e-12)


@pytest.mark.parametrize("X_train, X_other, message", [
    (np.ones(4), None, r"X must have shape \(N, in_features\) with N >= 1, got shape \(4,\)"),
    (np.zeros((0, 2)), None, r"got shape \(0, 2\)"),
    ([[1.0, np.nan]], None, "X contains NaN in 1 of its 2 entries"),
    (np.ones((4, 2)), np.ones((3, 3)), r"X must have shape \(N, 2\) like the data the scaler was fitted on, "
                                       r"got shape \(3, 3\)"),
    # NaN in the set to transform (the test set): refused, naming X (it used to come out as NaN)
    (np.ones((4, 2)), [[1.0, np.nan]], "X contains NaN in 1 of its 2 entries"),
    (np.ones((4, 2)), [[1.0, -np.inf]], "X contains infinity in 1 of its 2 entries"),
])
def test_standardize_errors(X_train, X_other, message):
    with pytest.raises(ValueError, match=message):
        standardize(X_train, *([] if X_other is None else [X_other]))


@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
def test_scaler_refuses_nan(method):
    scaler = Scaler.fit([[0.0, 1.0], [2.0, 3.0]])
    with pytest.raises(ValueError, match="X contains NaN in 2 of its 4 entries; expected finite numbers"):
        getattr(scaler, method)([[np.nan, 1.0], [2.0, np.nan]])


def test_preprocessing_does_not_import_datasets():
    # no import cycle: nnbook.datasets imports this module (for digits), never the other way round
    code = "import sys, nnbook.preprocessing; print('nnbook.datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
