"""The argument checks every module shares, and :class:`Dataset`, the ``(X, y)`` pair they validate.

A leaf module: it imports nothing from :mod:`nnbook`, so any module may use it without
creating an import cycle.  Each check returns the value converted (``int``, ``float``,
float64 array) or raises an error whose message names the argument, what was expected and
what came:

* :func:`check_rng`: an explicit ``numpy.random.Generator`` (the book never uses a global RNG);
* :func:`check_int`: an integer with a lower bound (``bool`` is refused);
* :func:`check_number`: a finite real number within bounds (``"3"``, ``None`` and ``bool`` are refused);
* :func:`check_bool`: a flag (``"no"`` is refused rather than read as true);
* :func:`as_float_array`: real numbers as a float64 array, without NaN (and without
  infinities unless allowed), optionally of a given number of dimensions;
* :func:`as_dataset`: a binary-classification data set ``(X, y)``.

Not here: checks that belong to one concept (shapes of a layer, a loss's targets); those
stay with their module and call these for the generic part.
"""
from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

__all__ = ["Dataset", "as_dataset", "check_rng", "check_int", "check_number", "check_bool", "as_float_array"]


class Dataset(NamedTuple):
    """A data set: inputs ``X`` of shape ``(N, in_features)``; labels (or regression targets) ``y`` of shape ``(N,)``."""

    X: np.ndarray
    y: np.ndarray


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Return ``rng`` if it is a ``numpy.random.Generator``.

    Raises
    ------
    TypeError
        Otherwise (a seed, ``None``, the legacy ``np.random`` module), with the way to make one.

    Examples
    --------
    >>> check_rng(np.random.default_rng(0))
    Generator(PCG64) at 0x...
    >>> check_rng(0)
    Traceback (most recent call last):
        ...
    TypeError: rng must be a numpy.random.Generator (np.random.default_rng(seed)), got 0
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)), got {rng!r}")
    return rng


def check_int(value, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int``; it must be an integer (not ``bool``) from ``minimum`` to ``maximum``.

    Raises
    ------
    ValueError
        If ``value`` is not an integer or lies outside ``[minimum, maximum]``; the message names ``name``.

    Examples
    --------
    >>> check_int(3, "epochs")
    3
    >>> check_int(0, "in_features")
    Traceback (most recent call last):
        ...
    ValueError: in_features must be an integer >= 1, got 0
    >>> check_int(6, "depth", minimum=0, maximum=5)
    Traceback (most recent call last):
        ...
    ValueError: depth must be an integer in [0, 5], got 6
    """
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum
            or (maximum is not None and value > maximum)):
        expected = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be an integer {expected}, got {value!r}")
    return int(value)


def _bounds_text(above, at_least, below, at_most) -> str:
    low = f"> {above:g}" if above is not None else f">= {at_least:g}" if at_least is not None else ""
    high = f"< {below:g}" if below is not None else f"<= {at_most:g}" if at_most is not None else ""
    if low and high:
        return f" {low} and {high}"
    return f" {low or high}" if low or high else ""


def check_number(value, name: str, *, above: float | None = None, at_least: float | None = None,
                 below: float | None = None, at_most: float | None = None) -> float:
    """Return ``value`` as a ``float``; it must be a finite real number within the given bounds.

    Parameters
    ----------
    value
        A Python or NumPy real number (``bool``, strings and ``None`` are refused, so a
        mistyped ``"3"`` is not read as 3).
    name : str
        The argument's name, for the message.
    above, at_least, below, at_most : float, optional
        Bounds: ``value > above``, ``value >= at_least``, ``value < below``, ``value <= at_most``.

    Raises
    ------
    ValueError
        If ``value`` is not a finite real number or breaks a bound.

    Examples
    --------
    >>> check_number(0.5, "factor", above=0, below=1)
    0.5
    >>> check_number("3", "separation", at_least=0)
    Traceback (most recent call last):
        ...
    ValueError: separation must be a finite number >= 0, got '3' (str)
    """
    expected = f"{name} must be a finite number{_bounds_text(above, at_least, below, at_most)}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{expected}, got {value!r} ({type(value).__name__})")
    v = float(value)
    if (not np.isfinite(v) or (above is not None and not v > above) or (at_least is not None and not v >= at_least)
            or (below is not None and not v < below) or (at_most is not None and not v <= at_most)):
        raise ValueError(f"{expected}, got {value!r}")
    return v


def check_bool(value, name: str) -> bool:
    """Return ``value`` as a ``bool``; it must be ``True`` or ``False`` (NumPy booleans too).

    A string such as ``"no"`` would otherwise read as true.

    Raises
    ------
    ValueError
        For anything else; the message names ``name``.

    Examples
    --------
    >>> check_bool(np.True_, "shuffle")
    True
    >>> check_bool("no", "shuffle")
    Traceback (most recent call last):
        ...
    ValueError: shuffle must be True or False, got 'no' (str)
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def as_float_array(x, name: str, *, ndim: int | None = None, allow_inf: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 array of real numbers, without NaN (and infinities unless ``allow_inf``).

    Parameters
    ----------
    x : array_like
    name : str
        The argument's name, for the message (``"X"``, ``"z"``).
    ndim : int, optional
        Required number of dimensions.
    allow_inf : bool, default False
        Accept ``±inf`` (the activation functions have limits there); NaN is never accepted.

    Returns
    -------
    ndarray of float64
        ``x`` itself when it already is one, otherwise a new array.

    Raises
    ------
    TypeError
        If ``x`` cannot be read as real numbers.
    ValueError
        If ``x`` has the wrong number of dimensions or contains NaN (or infinities); the
        message says how many entries are bad.

    Examples
    --------
    >>> as_float_array([1, 2], "x")
    array([1., 2.])
    >>> as_float_array([[1.0, float("nan")]], "X")
    Traceback (most recent call last):
        ...
    ValueError: X contains NaN in 1 of its 2 entries; expected finite numbers
    """
    if x is None:  # np.asarray(None, dtype=float) is NaN: say what came instead
        raise TypeError(f"{name} must be a real number or an array of real numbers, got None")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a real number or an array of real numbers, "
                        f"got {type(x).__name__}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(f"{name} contains NaN in {int(nan.sum())} of its {arr.size} entries; "
                         "expected finite numbers")
    if not allow_inf:
        inf = np.isinf(arr)
        if inf.any():
            raise ValueError(f"{name} contains infinity in {int(inf.sum())} of its {arr.size} entries; "
                             "expected finite numbers")
    return arr


def as_dataset(X, y, *, in_features: int | None = None) -> Dataset:
    """Check and convert a binary data set: float64 ``X`` (N, in_features), int ``y`` (N,) of 0/1.

    Loaders do not need it; functions that *take* a binary data set (the classifiers of
    :mod:`nnbook.boundary`, Chapter 3) use it to validate their input.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
    y : array_like of shape (N,)
        Labels 0 or 1 (booleans and floats equal to 0.0/1.0 are accepted).
    in_features : int, optional
        Required number of columns of ``X``.

    Returns
    -------
    Dataset
        Copies as ``float64`` and ``int64`` arrays.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D with ``N >= 1`` finite rows, has the wrong number of columns, or
        ``y`` does not have shape ``(N,)`` with values in {0, 1}.

    Examples
    --------
    >>> as_dataset([[0, 0], [1, 1]], [0, 1])
    Dataset(X=array([[0., 0.],
           [1., 1.]]), y=array([0, 1]))
    """
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    y_in = np.asarray(y)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must have shape (N, in_features) with N >= 1, got shape {X.shape}")
    if in_features is not None and X.shape[1] != in_features:
        raise ValueError(f"X must have {in_features} columns (in_features), got shape {X.shape}")
    if y_in.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X of shape {X.shape}, got shape {y_in.shape}")
    if not np.isin(y_in, (0, 1)).all():
        raise ValueError(f"y must hold class labels 0 or 1, got values {np.unique(y_in).tolist()}")
    return Dataset(X, y_in.astype(np.int64))
