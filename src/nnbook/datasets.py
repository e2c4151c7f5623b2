r"""Small, seeded data sets for the chapters (Chapter 3 onwards), and how to split and scale them.

Every loader returns a :class:`Dataset`, a named tuple ``(X, y)`` that unpacks like a
pair::

    X, y = logic_gate("XOR")

with ``X`` of shape ``(N, in_features)`` (float64, rows are samples) and ``y`` of shape
``(N,)``: integer class labels for classification, float64 targets for regression.

* classification in the plane (``in_features = 2``, labels 0/1): the logic gates (AND, OR,
  XOR and their negations, four points each), two Gaussian blobs, :func:`noisy_xor`,
  :func:`two_moons`, :func:`circles` and :func:`spirals` (Chapters 3, 7 and 8);
* regression: :func:`house_prices`, a small table generated from a documented formula in
  realistic units (Chapter 8 uses it to show why features are standardised);
* real data: :func:`digits`, the 8×8 handwritten digits bundled with scikit-learn (no
  download), split into train and test sets;
* splitting into train and test sets and standardising features live in
  :mod:`nnbook.preprocessing`.

Randomness enters only through an explicit ``rng`` (a :class:`numpy.random.Generator`),
so the same seed always gives the same points.  Not here: downloads (every set is
generated or bundled with a dependency), data loaders and augmentation.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

import numpy as np

__all__ = ["Dataset", "GATE_INPUTS", "GATES", "logic_gate", "gaussian_blobs", "as_dataset",
           "noisy_xor", "two_moons", "circles", "spirals",
           "HOUSE_FEATURES", "HOUSE_PRICE_MODEL", "house_prices", "digits"]


class Dataset(NamedTuple):
    """A data set: inputs ``X`` of shape ``(N, in_features)``; labels (or regression targets) ``y`` of shape ``(N,)``."""

    X: np.ndarray
    y: np.ndarray


#: The four inputs of a two-input logic gate, in truth-table order; shape ``(4, 2)``.
GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATE_INPUTS.flags.writeable = False

#: Truth tables: the gate's output for each row of :data:`GATE_INPUTS`.
GATES = MappingProxyType({
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XNOR": (1, 0, 0, 1),
})


def logic_gate(name: str) -> Dataset:
    """The truth table of a two-input logic gate as a data set.

    Parameters
    ----------
    name : str
        One of ``"AND"``, ``"OR"``, ``"XOR"``, ``"NAND"``, ``"NOR"``, ``"XNOR"``
        (case-insensitive).

    Returns
    -------
    Dataset
        ``X`` of shape ``(4, 2)``: the inputs (0, 0), (0, 1), (1, 0), (1, 1);
        ``y`` of shape ``(4,)``: the gate's outputs, int 0/1.  Fresh arrays on every call.

    Raises
    ------
    ValueError
        If ``name`` is not a known gate (the message lists the known ones).

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> y.tolist()
    [0, 1, 1, 0]
    """
    key = str(name).upper()
    if key not in GATES:
        raise ValueError(f"unknown logic gate {name!r}; expected one of {list(GATES)}")
    return Dataset(GATE_INPUTS.copy(), np.array(GATES[key], dtype=np.int64))


def gaussian_blobs(n_per_class: int = 50, *, rng: np.random.Generator, separation: float = 3.0,
                   std: float = 1.0, direction=(1.0, 1.0)) -> Dataset:
    r"""Two round Gaussian clouds in the plane, one per class.

    The class centres sit at :math:`\mp \tfrac{s}{2}\,\mathbf{u}` where ``s`` is
    ``separation`` and :math:`\mathbf{u}` the unit vector along ``direction``: class 0 on
    the minus side, class 1 on the plus side, so the ideal boundary of equal, round
    clouds is the line through the origin perpendicular to ``direction``.  Each point is
    its centre plus ``std`` times a standard normal vector.  The clouds overlap when
    ``separation`` is small compared with ``std``.

    Parameters
    ----------
    n_per_class : int, default 50
        Points per class; ``N = 2 * n_per_class``.
    rng : numpy.random.Generator
        The only source of randomness (keyword-only, required).
    separation : float, default 3.0
        Distance between the two centres, ``>= 0``.
    std : float, default 1.0
        Standard deviation of each coordinate, ``> 0``.
    direction : array_like of shape (2,), default (1, 1)
        From the class-0 centre towards the class-1 centre; any non-zero length.

    Returns
    -------
    Dataset
        ``X`` of shape ``(N, 2)``; ``y`` of shape ``(N,)``, int, ``n_per_class`` zeros
        followed by ``n_per_class`` ones (rows in class order, not shuffled).

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If ``n_per_class < 1``, ``separation < 0``, ``std <= 0``, a value is not finite, or
        ``direction`` is not a non-zero vector of shape (2,).
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {rng!r}")
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive integer, got {n_per_class!r}")
    if not (np.isfinite(separation) and separation >= 0):
        raise ValueError(f"separation must be a finite number >= 0, got {separation!r}")
    if not (np.isfinite(std) and std > 0):
        raise ValueError(f"std must be a finite number > 0, got {std!r}")
    u = np.asarray(direction, dtype=np.float64)
    if u.shape != (2,) or not np.isfinite(u).all() or not np.any(u):
        raise ValueError(f"direction must be a finite non-zero vector of shape (2,), got {u.tolist()}")
    centre = 0.5 * separation * u / np.linalg.norm(u)
    noise = std * rng.standard_normal((2 * n_per_class, 2))
    X = np.concatenate([noise[:n_per_class] - centre, noise[n_per_class:] + centre])
    y = np.repeat(np.array([0, 1], dtype=np.int64), n_per_class)
    return Dataset(X, y)


def as_dataset(X, y, *, in_features: int | None = None) -> Dataset:
    """Check and convert a binary data set: float64 ``X`` (N, in_features), int ``y`` (N,) of 0/1.

    Loaders call nothing here; functions that *take* a data set (the classifiers of
    :mod:`nnbook.boundary`) use it to validate their input.

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
    """
    X = np.array(X, dtype=np.float64)
    y_in = np.asarray(y)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must have shape (N, in_features) with N >= 1, got shape {X.shape}")
    if in_features is not None and X.shape[1] != in_features:
        raise ValueError(f"X must have {in_features} columns (in_features), got shape {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X must be finite, but it contains NaN or infinity")
    if y_in.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X of shape {X.shape}, got shape {y_in.shape}")
    if not np.isin(y_in, (0, 1)).all():
        raise ValueError(f"y must hold class labels 0 or 1, got values {np.unique(y_in).tolist()}")
    return Dataset(X, y_in.astype(np.int64))


# --- more shapes in the plane (Chapters 7 and 8) ---------------------------------------------


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {rng!r}")
    return rng


def _check_count(n, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return int(n)


def _check_noise(noise) -> float:
    if not (isinstance(noise, (int, float, np.integer, np.floating)) and np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def _two_classes(X0: np.ndarray, X1: np.ndarray, noise: float, rng: np.random.Generator) -> Dataset:
    """Stack class 0 then class 1 and add Gaussian noise of standard deviation ``noise``."""
    X = np.concatenate([X0, X1])
    X = X + noise * rng.standard_normal(X.shape)
    y = np.repeat(np.array([0, 1], dtype=np.int64), [len(X0), len(X1)])
    return Dataset(X, y)


def noisy_xor(n_per_class: int = 100, *, rng: np.random.Generator, noise: float = 0.25) -> Dataset:
    r"""XOR as four clouds: points near the corners :math:`(\pm1, \pm1)`, class 1 where the signs differ.

    The XOR truth table with its inputs recentred from {0, 1} to {-1, +1}: class 0 around
    (-1, -1) and (1, 1), class 1 around (-1, 1) and (1, -1).  Each class has
    ``n_per_class`` points, alternating between its two corners, plus Gaussian noise.

    Parameters
    ----------
    n_per_class : int, default 100
    rng : numpy.random.Generator
        Keyword-only and required.
    noise : float, default 0.25
        Standard deviation of the noise added to each coordinate, ``>= 0``.

    Returns
    -------
    Dataset
        ``X`` of shape ``(2 * n_per_class, 2)``; ``y`` int, class 0 rows first.

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If ``n_per_class < 1`` or ``noise`` is negative or not finite.
    """
    rng, n, noise = _check_rng(rng), _check_count(n_per_class, "n_per_class"), _check_noise(noise)
    sign = np.where(np.arange(n) % 2 == 0, -1.0, 1.0)  # alternate between the two corners
    X0 = np.column_stack([sign, sign])  # (-1, -1), (1, 1): equal signs
    X1 = np.column_stack([sign, -sign])  # (-1, 1), (1, -1): different signs
    return _two_classes(X0, X1, noise, rng)


def two_moons(n_per_class: int = 100, *, rng: np.random.Generator, noise: float = 0.1) -> Dataset:
    r"""Two interleaved half circles ("moons"), the shape of ``sklearn.datasets.make_moons``.

    Class 0 lies on the upper half of the unit circle, :math:`(\cos t, \sin t)`, and class 1
    on a lower half circle shifted right and up, :math:`(1 - \cos t,\ \tfrac12 - \sin t)`, for
    ``n_per_class`` evenly spaced :math:`t \in [0, \pi]`; then Gaussian noise is added.
    No straight line separates the two classes.

    Parameters
    ----------
    n_per_class : int, default 100
    rng : numpy.random.Generator
        Keyword-only and required.
    noise : float, default 0.1
        Standard deviation of the noise added to each coordinate, ``>= 0``.

    Returns
    -------
    Dataset
        ``X`` of shape ``(2 * n_per_class, 2)``; ``y`` int, class 0 rows first.  With
        ``noise=0`` the points equal ``make_moons(2 * n_per_class, noise=0, shuffle=False)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`noisy_xor`.
    """
    rng, n, noise = _check_rng(rng), _check_count(n_per_class, "n_per_class"), _check_noise(noise)
    t = np.linspace(0.0, np.pi, n)
    X0 = np.column_stack([np.cos(t), np.sin(t)])
    X1 = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    return _two_classes(X0, X1, noise, rng)


def circles(n_per_class: int = 100, *, rng: np.random.Generator, noise: float = 0.05,
            factor: float = 0.5) -> Dataset:
    r"""A circle inside a circle: class 0 on the unit circle, class 1 on a circle of radius ``factor``.

    ``n_per_class`` evenly spaced angles :math:`\theta_k = 2\pi k / n` on each circle, then
    Gaussian noise (the shape of ``sklearn.datasets.make_circles``).  A classifier needs a
    closed boundary around the inner class.

    Parameters
    ----------
    n_per_class : int, default 100
    rng : numpy.random.Generator
        Keyword-only and required.
    noise : float, default 0.05
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).

    Returns
    -------
    Dataset
        ``X`` of shape ``(2 * n_per_class, 2)``; ``y`` int, class 0 (outer) rows first.

    Raises
    ------
    TypeError, ValueError
        As :func:`noisy_xor`; also ``ValueError`` if ``factor`` is not in (0, 1).
    """
    rng, n, noise = _check_rng(rng), _check_count(n_per_class, "n_per_class"), _check_noise(noise)
    if not (np.isfinite(factor) and 0.0 < factor < 1.0):
        raise ValueError(f"factor must lie strictly between 0 and 1, got {factor!r}")
    theta = 2.0 * np.pi * np.arange(n) / n
    ring = np.column_stack([np.cos(theta), np.sin(theta)])
    return _two_classes(ring, factor * ring, noise, rng)


def spirals(n_per_class: int = 100, *, rng: np.random.Generator, noise: float = 0.03,
            turns: float = 1.0) -> Dataset:
    r"""Two interleaved spirals: the hardest of the planar sets for a small network.

    For ``n_per_class`` evenly spaced :math:`t \in [0.1, 1]`, class 0 sits at radius
    :math:`r = t` and angle :math:`\theta = 2\pi \cdot \text{turns} \cdot t`, and class 1 at
    the same radius and angle :math:`\theta + \pi` (class 0 turned half a circle); then
    Gaussian noise is added.  All points lie within radius 1 (before noise).

    Parameters
    ----------
    n_per_class : int, default 100
    rng : numpy.random.Generator
        Keyword-only and required.
    noise : float, default 0.03
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    turns : float, default 1.0
        How many times each arm winds around the centre, ``> 0``.

    Returns
    -------
    Dataset
        ``X`` of shape ``(2 * n_per_class, 2)``; ``y`` int, class 0 rows first.

    Raises
    ------
    TypeError, ValueError
        As :func:`noisy_xor`; also ``ValueError`` for ``turns <= 0``.
    """
    rng, n, noise = _check_rng(rng), _check_count(n_per_class, "n_per_class"), _check_noise(noise)
    if not (np.isfinite(turns) and turns > 0):
        raise ValueError(f"turns must be a finite number > 0, got {turns!r}")
    t = np.linspace(0.1, 1.0, n)
    theta = 2.0 * np.pi * turns * t
    X0 = np.column_stack([t * np.cos(theta), t * np.sin(theta)])
    return _two_classes(X0, -X0, noise, rng)  # a half turn maps (x1, x2) to (-x1, -x2)


# --- regression: house prices (Chapter 8) -------------------------------------------------

#: The columns of :func:`house_prices`' ``X``: floor area in m², number of rooms, age in years.
HOUSE_FEATURES = ("size_m2", "rooms", "age_years")

#: The formula behind :func:`house_prices` (price in thousands of euros, k€):
#: ``price = intercept + size_m2 * size + rooms * rooms + age_years * age + noise``.
HOUSE_PRICE_MODEL = MappingProxyType(
    {"intercept": 50.0, "size_m2": 3.2, "rooms": 12.0, "age_years": -1.1, "noise_std": 20.0}
)


def house_prices(n: int = 100, *, rng: np.random.Generator) -> Dataset:
    r"""A small, invented table of houses and their prices, in realistic units.

    Each house has a floor area ``size`` drawn uniformly from 35–220 m² (rounded to whole
    m²), a number of rooms that grows with the size (:math:`\mathrm{round}(\text{size}/30 + \varepsilon)`,
    :math:`\varepsilon \sim \mathcal N(0, 0.7^2)`, clipped to 1–9) and an age of 0–79 whole
    years.  Its price in thousands of euros follows :data:`HOUSE_PRICE_MODEL`:

    .. math::  \text{price} = 50 + 3.2\,\text{size} + 12\,\text{rooms} - 1.1\,\text{age} + \eta,
               \qquad \eta \sim \mathcal N(0, 20^2).

    The columns live on very different scales (hundreds, units, tens), and size and rooms
    are correlated: exactly what makes gradient descent on the raw features fail or crawl
    (Chapter 8), and standardised features (:func:`standardize`) train quickly.

    Parameters
    ----------
    n : int, default 100
        Number of houses.
    rng : numpy.random.Generator
        Keyword-only and required.

    Returns
    -------
    Dataset
        ``X`` of shape ``(n, 3)`` with the columns :data:`HOUSE_FEATURES`; ``y`` of shape
        ``(n,)``, float64 prices in k€.

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If ``n < 1``.
    """
    rng, n = _check_rng(rng), _check_count(n, "n")
    size = np.round(rng.uniform(35.0, 220.0, n))
    rooms = np.clip(np.round(size / 30.0 + rng.normal(0.0, 0.7, n)), 1.0, 9.0)
    age = rng.integers(0, 80, n).astype(np.float64)
    m = HOUSE_PRICE_MODEL
    price = (m["intercept"] + m["size_m2"] * size + m["rooms"] * rooms + m["age_years"] * age
             + rng.normal(0.0, m["noise_std"], n))
    return Dataset(np.column_stack([size, rooms, age]), price)


def digits(*, rng: np.random.Generator, test_size: float = 0.25):
    """The handwritten digits bundled with scikit-learn, split into train and test (stratified, seeded).

    1797 images of 8×8 pixels with grey levels 0–16, ten classes (digits 0–9), from the
    UCI "Optical Recognition of Handwritten Digits" data set (Alpaydin & Kaynak, 1998),
    loaded with ``sklearn.datasets.load_digits`` (shipped inside scikit-learn: no download).

    Parameters
    ----------
    rng : numpy.random.Generator
        Keyword-only and required; draws the split (:func:`nnbook.preprocessing.train_test_split`).
    test_size : float, default 0.25

    Returns
    -------
    nnbook.preprocessing.Split
        ``X`` of shape ``(N, 64)``: each row an image read row by row
        (``X[i].reshape(8, 8)`` is the picture), float64 in [0, 16]; ``y`` of shape ``(N,)``,
        int labels 0–9.
    """
    from sklearn.datasets import load_digits  # imported here: only this loader needs scikit-learn

    from .preprocessing import train_test_split  # (preprocessing imports this module)

    bunch = load_digits()
    return train_test_split(bunch.data, bunch.target.astype(np.int64), rng=rng, test_size=test_size)
