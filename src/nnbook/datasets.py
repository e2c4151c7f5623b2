r"""Small, seeded data sets for the chapters (Chapter 3 onwards).

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
  :mod:`nnbook.preprocessing` (:func:`digits` uses its :func:`~nnbook.preprocessing.train_test_split`).

:class:`Dataset` and :func:`as_dataset` live in the leaf module :mod:`nnbook.checks` (every
module that takes a data set uses them); they are re-exported here, where a reader looks for
them.  The arguments are checked with :mod:`nnbook.checks` too.

Randomness enters only through an explicit ``rng`` (a :class:`numpy.random.Generator`),
so the same seed always gives the same points.  Not here: downloads (every set is
generated or bundled with a dependency), data loaders and augmentation.
"""
from __future__ import annotations

from types import MappingProxyType

import numpy as np

from .checks import Dataset, as_dataset, as_float_array, check_int, check_number, check_rng
from .preprocessing import Split, train_test_split

__all__ = ["Dataset", "GATE_INPUTS", "GATES", "logic_gate", "gaussian_blobs", "as_dataset",
           "noisy_xor", "two_moons", "circles", "spirals",
           "HOUSE_FEATURES", "HOUSE_PRICE_MODEL", "house_prices", "digits"]


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
    >>> X.tolist()
    [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
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
        If ``rng`` is not a ``numpy.random.Generator`` or ``direction`` is not numbers.
    ValueError
        If ``n_per_class`` is not an integer >= 1, ``separation`` is not a finite number
        >= 0 or ``std`` one > 0 (a string or ``None`` included), or ``direction`` is not a
        finite non-zero vector of shape (2,).

    Examples
    --------
    >>> X, y = gaussian_blobs(3, rng=np.random.default_rng(0), separation=4.0, direction=(1, 0))
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    >>> np.round(X[y == 1].mean(axis=0), 2)  # near the class-1 centre (2, 0)
    array([ 1.99, -0.09])
    """
    rng, n_per_class = check_rng(rng), check_int(n_per_class, "n_per_class")
    separation = check_number(separation, "separation", at_least=0)
    std = check_number(std, "std", above=0)
    u = as_float_array(direction, "direction")
    if u.shape != (2,) or not np.any(u):
        raise ValueError(f"direction must be a non-zero vector of shape (2,), got {u.tolist()}")
    centre = 0.5 * separation * u / np.linalg.norm(u)
    noise = std * rng.standard_normal((2 * n_per_class, 2))
    X = np.concatenate([noise[:n_per_class] - centre, noise[n_per_class:] + centre])
    y = np.repeat(np.array([0, 1], dtype=np.int64), n_per_class)
    return Dataset(X, y)


# --- more shapes in the plane (Chapters 7 and 8) ---------------------------------------------


def _checked(rng, n_per_class, noise) -> tuple[np.random.Generator, int, float]:
    """The arguments every planar set shares, checked."""
    return check_rng(rng), check_int(n_per_class, "n_per_class"), check_number(noise, "noise", at_least=0)


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
        If ``n_per_class`` is not an integer >= 1 or ``noise`` is not a finite number >= 0.

    Examples
    --------
    >>> X, y = noisy_xor(2, rng=np.random.default_rng(0), noise=0.0)
    >>> np.column_stack([X, y])  # x1, x2, label: class 1 where the signs differ
    array([[-1., -1.,  0.],
           [ 1.,  1.,  0.],
           [-1.,  1.,  1.],
           [ 1., -1.,  1.]])
    """
    rng, n, noise = _checked(rng, n_per_class, noise)
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

    Examples
    --------
    Without noise, three points per moon: class 0 from (1, 0) over the top to (-1, 0), class 1
    from (0, 0.5) under the bottom to (2, 0.5):

    >>> X, y = two_moons(3, rng=np.random.default_rng(0), noise=0.0)
    >>> np.round(X, 2), y
    (array([[ 1. ,  0. ],
           [ 0. ,  1. ],
           [-1. ,  0. ],
           [ 0. ,  0.5],
           [ 1. , -0.5],
           [ 2. ,  0.5]]), array([0, 0, 0, 1, 1, 1]))
    """
    rng, n, noise = _checked(rng, n_per_class, noise)
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
        As :func:`noisy_xor`; also ``ValueError`` if ``factor`` is not a number in (0, 1).

    Examples
    --------
    >>> X, y = circles(50, rng=np.random.default_rng(0), noise=0.0, factor=0.3)
    >>> np.round(np.hypot(X[:, 0], X[:, 1])[[0, 49, 50, 99]], 6)  # radii: outer 1, inner 0.3
    array([1. , 1. , 0.3, 0.3])
    """
    rng, n, noise = _checked(rng, n_per_class, noise)
    factor = check_number(factor, "factor", above=0, below=1)
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
        As :func:`noisy_xor`; also ``ValueError`` unless ``turns`` is a finite number > 0.

    Examples
    --------
    >>> X, y = spirals(10, rng=np.random.default_rng(0), noise=0.0)
    >>> bool(np.allclose(X[y == 1], -X[y == 0]))  # class 1 is class 0 turned half a circle
    True
    """
    rng, n, noise = _checked(rng, n_per_class, noise)
    turns = check_number(turns, "turns", above=0)
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
    (Chapter 8), and standardised features (:func:`nnbook.preprocessing.standardize`) train quickly.

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
        If ``n`` is not an integer >= 1.

    Examples
    --------
    >>> X, y = house_prices(3, rng=np.random.default_rng(0))
    >>> X  # size_m2, rooms, age_years
    array([[153.,   5.,  40.],
           [ 85.,   2.,  48.],
           [ 43.,   2.,  77.]])
    >>> np.round(y, 1)  # prices in k€
    array([541.5, 267.9, 114.4])
    """
    rng, n = check_rng(rng), check_int(n, "n")
    size = np.round(rng.uniform(35.0, 220.0, n))
    rooms = np.clip(np.round(size / 30.0 + rng.normal(0.0, 0.7, n)), 1.0, 9.0)
    age = rng.integers(0, 80, n).astype(np.float64)
    m = HOUSE_PRICE_MODEL
    price = (m["intercept"] + m["size_m2"] * size + m["rooms"] * rooms + m["age_years"] * age
             + rng.normal(0.0, m["noise_std"], n))
    return Dataset(np.column_stack([size, rooms, age]), price)


def digits(*, rng: np.random.Generator, test_size: float = 0.25) -> Split:
    """The handwritten digits bundled with scikit-learn, split into train and test (stratified, seeded).

    1797 images of 8×8 pixels with grey levels 0–16, ten classes (digits 0–9), from the
    UCI "Optical Recognition of Handwritten Digits" data set (Alpaydin & Kaynak, 1998),
    loaded with ``sklearn.datasets.load_digits`` (shipped inside scikit-learn: no download).

    Parameters
    ----------
    rng : numpy.random.Generator
        Keyword-only and required; draws the split (:func:`nnbook.preprocessing.train_test_split`).
    test_size : float, default 0.25
        Fraction of each class held out for testing, in (0, 1).

    Returns
    -------
    nnbook.preprocessing.Split
        ``train`` and ``test`` data sets: ``X`` of shape ``(N, 64)``, each row an image read
        row by row (``X[i].reshape(8, 8)`` is the picture), float64 in [0, 16]; ``y`` of
        shape ``(N,)``, int labels 0–9.

    Raises
    ------
    TypeError, ValueError
        As :func:`nnbook.preprocessing.train_test_split` (``rng``, ``test_size``).

    Examples
    --------
    >>> train, test = digits(rng=np.random.default_rng(0))
    >>> train.X.shape, test.X.shape, test.y[:5].tolist()
    ((1347, 64), (450, 64), [1, 5, 9, 2, 4])
    """
    from sklearn.datasets import load_digits  # imported here: only this loader needs scikit-learn

    bunch = load_digits()
    return train_test_split(bunch.data, bunch.target.astype(np.int64), rng=rng, test_size=test_size)
