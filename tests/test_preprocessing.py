"""Splitting and standardising: compared with scikit-learn's StandardScaler and with counts made by hand."""
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


def test_split_is_seeded():
    X, y = _labelled((50, 50))
    a = train_test_split(X, y, rng=np.random.default_rng(4))
    b = train_test_split(X, y, rng=np.random.default_rng(4))
    c = train_test_split(X, y, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a.test.X, b.test.X)
    assert not np.array_equal(a.test.X, c.test.X)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(rng=1), TypeError, "rng must be a numpy.random.Generator"),
    (dict(test_size=0.0), ValueError, "test_size must be a fraction strictly between 0 and 1, got 0.0"),
    (dict(test_size=1), ValueError, "test_size must be a fraction strictly between 0 and 1, got 1"),
    (dict(y=np.zeros(3)), ValueError, r"X must have shape \(N, in_features\) and y shape \(N,\), got \(8, 1\) and \(3,\)"),
    (dict(test_size=0.01), ValueError, "leaves an empty training or test set for N = 8"),
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
    (np.ones(4), None, r"X must be a finite array of shape \(N, in_features\) with N >= 1, got shape \(4,\)"),
    (np.zeros((0, 2)), None, r"got shape \(0, 2\)"),
    ([[1.0, np.nan]], None, "X must be a finite array"),
    (np.ones((4, 2)), np.ones((3, 3)), r"X must have shape \(N, 2\) like the data the scaler was fitted on, "
                                       r"got shape \(3, 3\)"),
])
def test_standardize_errors(X_train, X_other, message):
    with pytest.raises(ValueError, match=message):
        standardize(X_train, *([] if X_other is None else [X_other]))
