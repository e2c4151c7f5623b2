r"""Preparing data for training (Chapter 8): a seeded train/test split and standardisation.

* :func:`train_test_split` holds out a random part of a data set for testing, stratified
  by class by default, with the randomness drawn from an explicit ``rng``;
* :class:`Scaler` and :func:`standardize` rescale every feature to mean 0 and standard
  deviation 1, with statistics fitted on the training set only and then applied
  unchanged to the test set (and to new data).

Gradient descent converges fastest when the features share one scale: Chapter 8 shows
the house prices of :func:`nnbook.datasets.house_prices` crawling or diverging on raw
features and converging in a few dozen steps once standardised.  The results match
``sklearn.preprocessing.StandardScaler`` (population standard deviation; a constant column
is only centred).  The arguments are checked with :mod:`nnbook.checks` (where
:class:`~nnbook.checks.Dataset` lives; :mod:`nnbook.datasets` imports this module for
:func:`~nnbook.datasets.digits`, never the other way round).  Not here: other scalings
(min-max, robust), cross-validation, imputation (NaN is refused, not filled in).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .checks import Dataset, as_float_array, check_number, check_rng

__all__ = ["Split", "train_test_split", "Scaler", "standardize"]


class Split(NamedTuple):
    """A train/test split: two :class:`~nnbook.checks.Dataset` s, ``train`` and ``test``; unpacks as ``train, test = split``."""

    train: Dataset
    test: Dataset


def train_test_split(X, y, *, rng: np.random.Generator, test_size: float = 0.25,
                     stratify: bool = True) -> Split:
    """Split a data set at random into a training and a test part (seeded; stratified by default).

    Stratified: each class is split on its own, ``round(test_size * n_c)`` of its ``n_c``
    samples going to the test set, so both parts keep the class proportions (use
    ``stratify=False`` for regression targets; then ``round(test_size * N)`` samples go to the
    test set).  Within each part, rows keep their original order.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
        Finite numbers.
    y : array_like of shape (N,)
        Class labels (integers, or any values with ``stratify=False``; float targets must be finite).
    rng : numpy.random.Generator
        Keyword-only and required; the only randomness.
    test_size : float, default 0.25
        Fraction of samples for the test set, in (0, 1).
    stratify : bool, default True
        Split class by class; needs class labels, not regression targets.

    Returns
    -------
    Split
        ``train`` and ``test`` datasets (copies; ``X`` as float64).

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator`` or ``X`` is not numbers.
    ValueError
        If ``X`` (or float ``y``) contains NaN or infinity, the shapes do not match,
        ``test_size`` is not a number in (0, 1), ``stratify=True`` meets non-integer targets
        (regression targets: pass ``stratify=False``), or a part would be empty.

    Examples
    --------
    >>> X = np.arange(8.0).reshape(-1, 1)  # rows numbered 0 to 7, so each can be traced
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    >>> train, test = train_test_split(X, y, rng=np.random.default_rng(0), test_size=0.5)
    >>> test.X[:, 0].tolist(), test.y.tolist()  # two rows of each class
    ([0.0, 2.0, 6.0, 7.0], [0, 0, 1, 1])
    >>> train.X[:, 0].tolist()
    [1.0, 3.0, 4.0, 5.0]
    """
    rng = check_rng(rng)
    X, y = as_float_array(X, "X"), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError(f"X must have shape (N, in_features) and y shape (N,), got {X.shape} and {y.shape}")
    test_size = check_number(test_size, "test_size", above=0, below=1)
    if y.dtype.kind == "f":
        as_float_array(y, "y")
        if stratify and not np.array_equal(y, np.round(y)):
            example = y[y != np.round(y)][0]
            raise ValueError(f"y holds non-integer values (such as {example:g}), not class labels, so it cannot be "
                             "stratified by class; for regression targets pass stratify=False")
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    test = np.concatenate([rng.permutation(g)[:int(round(test_size * len(g)))] for g in groups])
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    if is_test.all() or not is_test.any():
        smallest = min(map(len, groups))
        how = (f" (stratified: each of the {len(groups)} classes is split on its own, the smallest has "
               f"{smallest} sample{'' if smallest == 1 else 's'}; for regression targets pass stratify=False)"
               if stratify else "")
        raise ValueError(f"test_size={test_size:g} leaves an empty training or test set for N = {len(y)}{how}")
    return Split(Dataset(X[~is_test], y[~is_test]), Dataset(X[is_test], y[is_test]))


class Scaler(NamedTuple):
    r"""Per-column statistics for standardising: :math:`x' = (x - \text{mean}) / \text{std}`.

    ``mean`` and ``std`` have shape ``(in_features,)``; a column with zero spread keeps
    ``std = 1`` (it is only centred), as in ``sklearn.preprocessing.StandardScaler``.
    Fit it on the training set (:meth:`fit`), then :meth:`transform` any set with the same
    columns and :meth:`inverse_transform` back to the original units.

    Examples
    --------
    >>> scaler = Scaler.fit([[0.0, 5.0], [2.0, 5.0], [4.0, 5.0]])
    >>> scaler.mean, np.round(scaler.std, 4)  # the constant column keeps std 1
    (array([2., 5.]), array([1.633, 1.   ]))
    >>> np.round(scaler.transform([[4.0, 6.0]]), 4)
    array([[1.2247, 1.    ]])
    >>> scaler.inverse_transform(scaler.transform([[4.0, 6.0]]))
    array([[4., 6.]])
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X) -> "Scaler":
        """The column means and (population, ``ddof=0``) standard deviations of ``X`` (N, in_features).

        Raises ``ValueError`` if ``X`` contains NaN or infinity or is not 2-D with ``N >= 1``
        (``TypeError`` if it is not numbers).
        """
        X = as_float_array(X, "X")
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"X must have shape (N, in_features) with N >= 1, got shape {X.shape}")
        std = X.std(axis=0)
        return cls(X.mean(axis=0), np.where(std > 0, std, 1.0))

    def _check(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"X must have shape (N, {len(self.mean)}) like the data the scaler was fitted on, "
                             f"got shape {X.shape}")
        return X

    def transform(self, X) -> np.ndarray:
        """``(X - mean) / std``; shape (N, in_features).  ``ValueError`` for NaN, infinity or the wrong columns."""
        return (self._check(X) - self.mean) / self.std

    def inverse_transform(self, X) -> np.ndarray:
        """``X * std + mean``: back to the original units.  Checks ``X`` as :meth:`transform` does."""
        return self._check(X) * self.std + self.mean


def standardize(X_train, *X_others) -> tuple:
    """Standardise ``X_train`` with its own statistics and apply the same ones to other sets.

    The test set must be scaled with the *training* mean and spread: it stands for data the
    model has not seen, whose statistics are unknown when the model is built.

    Parameters
    ----------
    X_train : array_like of shape (N, in_features)
    *X_others : array_like of shape (M, in_features)
        For example the test set.

    Returns
    -------
    tuple
        ``(scaler, X_train_scaled, *X_others_scaled)``: the fitted :class:`Scaler` first
        (to transform new data or undo the scaling), then every array scaled.

    Raises
    ------
    ValueError
        If an array contains NaN or infinity, is not 2-D with the training set's number of
        columns, or ``X_train`` is empty.

    Examples
    --------
    >>> scaler, Z_train, Z_test = standardize([[1.0, 10.0], [3.0, 30.0]], [[2.0, 50.0]])
    >>> scaler.mean, scaler.std
    (array([ 2., 20.]), array([ 1., 10.]))
    >>> Z_train
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> Z_test  # scaled with the training statistics: not centred on itself
    array([[0., 3.]])
    """
    scaler = Scaler.fit(X_train)
    return (scaler, scaler.transform(X_train), *(scaler.transform(X) for X in X_others))
