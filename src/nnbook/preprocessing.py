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
is only centred).  :mod:`nnbook.datasets` re-exports these names.  Not here: other
scalings (min-max, robust), cross-validation, imputation.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .datasets import Dataset, _check_rng

__all__ = ["Split", "train_test_split", "Scaler", "standardize"]


class Split(NamedTuple):
    """A train/test split: two :class:`~nnbook.datasets.Dataset` s, ``train`` and ``test``; unpacks as ``train, test = split``."""

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
    y : array_like of shape (N,)
    rng : numpy.random.Generator
        Keyword-only and required; the only randomness.
    test_size : float, default 0.25
        Fraction of samples for the test set, in (0, 1).
    stratify : bool, default True

    Returns
    -------
    Split
        ``train`` and ``test`` datasets (copies; ``X`` as float64).

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If the shapes do not match, ``test_size`` is not in (0, 1), or a part would be empty.
    """
    rng = _check_rng(rng)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError(f"X must have shape (N, in_features) and y shape (N,), got {X.shape} and {y.shape}")
    if not (isinstance(test_size, (float, np.floating)) and 0.0 < test_size < 1.0):
        raise ValueError(f"test_size must be a fraction strictly between 0 and 1, got {test_size!r}")
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    test = np.concatenate([rng.permutation(g)[:int(round(test_size * len(g)))] for g in groups])
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    if is_test.all() or not is_test.any():
        raise ValueError(f"test_size={test_size} leaves an empty training or test set for N = {len(y)}")
    return Split(Dataset(X[~is_test], y[~is_test]), Dataset(X[is_test], y[is_test]))


class Scaler(NamedTuple):
    r"""Per-column statistics for standardising: :math:`x' = (x - \text{mean}) / \text{std}`.

    ``mean`` and ``std`` have shape ``(in_features,)``; a column with zero spread keeps
    ``std = 1`` (it is only centred), as in ``sklearn.preprocessing.StandardScaler``.
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X) -> "Scaler":
        """The column means and (population, ``ddof=0``) standard deviations of ``X`` (N, in_features)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0 or not np.isfinite(X).all():
            raise ValueError(f"X must be a finite array of shape (N, in_features) with N >= 1, got shape {X.shape}")
        std = X.std(axis=0)
        return cls(X.mean(axis=0), np.where(std > 0, std, 1.0))

    def _check(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"X must have shape (N, {len(self.mean)}) like the data the scaler was fitted on, "
                             f"got shape {X.shape}")
        return X

    def transform(self, X) -> np.ndarray:
        """``(X - mean) / std``; shape (N, in_features)."""
        return (self._check(X) - self.mean) / self.std

    def inverse_transform(self, X) -> np.ndarray:
        """``X * std + mean``: back to the original units."""
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
        If an array is not 2-D with the training set's number of columns, or ``X_train``
        is empty or not finite.
    """
    scaler = Scaler.fit(X_train)
    return (scaler, scaler.transform(X_train), *(scaler.transform(X) for X in X_others))
