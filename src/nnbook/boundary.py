r"""Decision boundaries of a single neuron (Chapter 3).

A neuron with weights :math:`\mathbf{w}` and bias :math:`b` labels a point
:math:`\mathbf{x}` as class 1 when :math:`z = \mathbf{w}\cdot\mathbf{x} + b \ge 0` and as
class 0 otherwise (a step activation, or a sigmoid read at 0.5).  Its *decision
boundary* is the set :math:`z = 0`: a line in the plane, a hyperplane in general.  This
module holds

* the geometry of that line for two inputs: :func:`boundary_line`, :func:`half_planes`,
  :func:`boundary_direction`, :func:`closest_point`, :func:`distance_from_origin`,
  :func:`signed_distance`;
* the neuron as a classifier: :func:`predict`, :func:`accuracy`;
* :func:`fit_logistic_neuron`, a preview of training: a sigmoid neuron fitted by gradient
  descent on the binary cross-entropy (:func:`nnbook.losses.binary_cross_entropy_with_logits`),
  which is logistic regression (Chapter 8 derives it);
* :func:`best_neuron_accuracy`, a brute-force search over ``(w1, w2, b)`` that shows what
  one line can and cannot separate (XOR);
* :func:`xor_network`, a two-layer ReLU network with hand-chosen weights that does
  separate XOR.

Shapes: ``X`` is ``(N, in_features)``, ``y`` is ``(N,)`` of int 0/1, ``w`` is
``(in_features,)`` — one row of a layer's ``(out_features, in_features)`` weight matrix.
A ``box`` is ``(x1_min, x1_max, x2_min, x2_max)``, like Matplotlib's ``extent``.  Data sets
are checked by :func:`nnbook.checks.as_dataset`, numbers and arrays by :mod:`nnbook.checks`.
Not here: multi-class boundaries and trained networks (Chapters 7–8).

References
----------
D. R. Cox, "The regression analysis of binary sequences", J. R. Stat. Soc. B 20 (1958): logistic
regression.  M. Minsky and S. Papert, *Perceptrons* (1969): what a single threshold unit cannot
compute, XOR among it.  Y.-D. Liang and B. A. Barsky, "A new concept and method for line
clipping", ACM TOG 3 (1984): the clipping in :func:`boundary_line`.  D. Soudry et al., "The
implicit bias of gradient descent on separable data", JMLR 19 (2018): why the weights grow
without bound on separable data while the boundary's direction settles.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import sigmoid
from .checks import as_dataset, as_float_array, check_int, check_number, check_rng
from .linalg import dense_forward
from .losses import binary_cross_entropy_with_logits
from .neuron import neuron_forward

__all__ = [
    "boundary_direction", "closest_point", "distance_from_origin", "signed_distance",
    "boundary_line", "half_planes", "predict", "accuracy",
    "LogisticFit", "fit_logistic_neuron", "SearchResult", "best_neuron_accuracy",
    "TwoLayerParams", "XOR_PARAMS", "XorOutput", "xor_network",
]


def _weights(w, in_features: int | None = 2) -> np.ndarray:
    w = as_float_array(w, "w")
    expected = "(in_features,)" if in_features is None else f"({in_features},)"
    if w.ndim != 1 or w.size == 0 or (in_features is not None and w.shape != (in_features,)):
        raise ValueError(f"w must have shape {expected}, got shape {w.shape}")
    if not np.any(w):
        raise ValueError("w = 0 has no decision boundary: z = b is the same everywhere; "
                         "give at least one non-zero weight")
    return w


def _bias(b) -> float:
    if np.ndim(b) != 0:  # a one-element array, such as a layer's bias of shape (1,), is one number
        if np.size(b) != 1:
            raise ValueError(f"b must be a single number, got shape {np.shape(b)}")
        b = np.asarray(b).item()
    return check_number(b, "b")


def _box(box) -> np.ndarray:
    box = as_float_array(box, "box")
    if box.shape != (4,) or box[0] >= box[1] or box[2] >= box[3]:
        raise ValueError(f"box must be (x1_min, x1_max, x2_min, x2_max) with min < max, got {box.tolist()}")
    return box


def boundary_direction(w) -> np.ndarray:
    r"""Unit vector along the boundary line, :math:`(-w_2, w_1)/\lVert\mathbf{w}\rVert`; shape ``(2,)``.

    Its dot product with ``w`` is zero: the weight vector is perpendicular to the line.
    Raises ``ValueError`` if ``w`` is not a finite, non-zero vector of shape ``(2,)``.

    Examples
    --------
    >>> boundary_direction([3.0, 4.0])
    array([-0.8,  0.6])
    """
    w = _weights(w)
    return np.array([-w[1], w[0]]) / np.linalg.norm(w)


def closest_point(w, b) -> np.ndarray:
    r"""The point of the boundary nearest the origin, :math:`-b\,\mathbf{w}/\lVert\mathbf{w}\rVert^2`.

    Shape ``(in_features,)``.  It lies on the boundary (:math:`\mathbf{w}\cdot\mathbf{p} + b = 0`)
    and on the line through the origin along ``w``.  Raises ``ValueError`` for ``w = 0``.

    Examples
    --------
    >>> closest_point([3.0, 4.0], -10.0)  # 3 * 1.2 + 4 * 1.6 - 10 = 0
    array([1.2, 1.6])
    """
    w = _weights(w, None)
    return -_bias(b) * w / (w @ w)


def distance_from_origin(w, b) -> float:
    r"""Distance of the boundary :math:`\mathbf{w}\cdot\mathbf{x} + b = 0` from the origin: :math:`|b|/\lVert\mathbf{w}\rVert`.

    Any ``in_features``; raises ``ValueError`` for ``w = 0`` (there is no boundary).

    Examples
    --------
    >>> distance_from_origin([3.0, 4.0], -10.0)  # |-10| / 5
    2.0
    """
    w = _weights(w, None)
    return abs(_bias(b)) / float(np.linalg.norm(w))


def signed_distance(X, w, b) -> np.ndarray:
    r"""Signed distance of each point from the boundary: :math:`(\mathbf{w}\cdot\mathbf{x} + b)/\lVert\mathbf{w}\rVert`.

    Positive on the class-1 side (where ``w`` points), negative on the class-0 side.

    Parameters
    ----------
    X : array_like of shape (N, in_features) or (in_features,)
    w : array_like of shape (in_features,), not all zero
    b : float

    Returns
    -------
    ndarray of shape (N,) or ()

    Examples
    --------
    >>> signed_distance([[3.0, 4.0], [0.0, 0.0]], [3.0, 4.0], -10.0)  # (25 - 10) / 5, (0 - 10) / 5
    array([ 3., -2.])
    """
    w = _weights(w, None)
    return neuron_forward(X, w, b, "identity").z / np.linalg.norm(w)


def boundary_line(w, b, box=(-1.0, 1.0, -1.0, 1.0)) -> np.ndarray:
    r"""The visible piece of the line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside ``box``.

    The line is written as :math:`\mathbf{p}(t) = \mathbf{p}_0 + t\,\mathbf{d}` with
    :math:`\mathbf{p}_0` from :func:`closest_point` and :math:`\mathbf{d}` from
    :func:`boundary_direction`, then clipped to the box (Liang–Barsky clipping), so a
    vertical line (``w2 = 0``) or a horizontal one (``w1 = 0``) needs no special case.

    Parameters
    ----------
    w : array_like of shape (2,), not all zero
    b : float
    box : (x1_min, x1_max, x2_min, x2_max)

    Returns
    -------
    ndarray of shape (2, 2) or (0, 2)
        The two end points (rows), or no rows when the line misses the box.

    Raises
    ------
    ValueError
        If ``w`` is zero (no boundary), not of shape (2,), ``w``, ``b`` or ``box`` are not
        finite numbers, or ``box`` is malformed.

    Examples
    --------
    The line :math:`x_1 + x_2 = 1.5` (the AND gate's boundary) meets the square
    :math:`[-0.5, 1.5]^2` on its bottom and left edges:

    >>> np.round(boundary_line([1.0, 1.0], -1.5, (-0.5, 1.5, -0.5, 1.5)), 6)
    array([[1.5, 0. ],
           [0. , 1.5]])
    >>> boundary_line([2.0, 0.0], -1.0)  # w2 = 0: the vertical line x1 = 0.5
    array([[ 0.5, -1. ],
           [ 0.5,  1. ]])
    >>> boundary_line([0.0, 1.0], -2.0).shape  # x2 = 2 misses the default box
    (0, 2)
    """
    w, b, box = _weights(w), _bias(b), _box(box)
    p0, d = closest_point(w, b), boundary_direction(w)
    t_lo, t_hi = -np.inf, np.inf
    for i, (lo, hi) in enumerate((box[:2], box[2:])):
        if d[i] == 0.0:  # the line runs parallel to this pair of box edges
            if not lo <= p0[i] <= hi:
                return np.empty((0, 2))
            continue
        t1, t2 = sorted(((lo - p0[i]) / d[i], (hi - p0[i]) / d[i]))
        t_lo, t_hi = max(t_lo, t1), min(t_hi, t2)
    if t_lo > t_hi:
        return np.empty((0, 2))
    return p0 + np.outer([t_lo, t_hi], d)


def half_planes(w, b, box=(-1.0, 1.0, -1.0, 1.0)) -> tuple[np.ndarray, np.ndarray]:
    r"""The parts of ``box`` the neuron labels class 1 (:math:`z \ge 0`) and class 0 (:math:`z < 0`).

    Clips the box's rectangle by the line (one step of Sutherland–Hodgman clipping).
    Unlike :func:`boundary_line` this accepts ``w = 0``: then the whole box is class 1 if
    ``b >= 0`` and class 0 otherwise.

    Returns
    -------
    (ndarray of shape (K1, 2), ndarray of shape (K0, 2))
        Polygon vertices in order around the region, for class 1 then class 0; a polygon
        has no rows when its region misses the box.

    Raises
    ------
    ValueError
        If ``w`` is not a finite vector of shape (2,), ``b`` not a finite number, or ``box``
        malformed.

    Examples
    --------
    >>> right, left = half_planes([1.0, 0.0], 0.0)  # x1 >= 0 is class 1
    >>> right
    array([[ 0., -1.],
           [ 1., -1.],
           [ 1.,  1.],
           [ 0.,  1.]])
    """
    w = as_float_array(w, "w")
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,), got shape {w.shape}")
    b, (x0, x1, y0, y1) = _bias(b), _box(box)
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    z = corners @ w + b

    def clip(keep: np.ndarray) -> np.ndarray:
        out = []
        for i in range(4):
            j = (i + 1) % 4
            if keep[i]:
                out.append(corners[i])
            if keep[i] != keep[j]:  # the edge crosses z = 0; z[i] != z[j] here
                out.append(corners[i] + z[i] / (z[i] - z[j]) * (corners[j] - corners[i]))
        return np.array(out).reshape(-1, 2)

    return clip(z >= 0), clip(z < 0)


def predict(X, w, b) -> np.ndarray:
    r"""Class labels of a neuron classifier: 1 where :math:`\mathbf{x}\cdot\mathbf{w} + b \ge 0`, else 0.

    ``X`` of shape ``(N, in_features)`` gives int labels of shape ``(N,)``.  The tie
    ``z = 0`` goes to class 1, like the step activation (and a sigmoid output of 0.5).
    ``w = 0`` is allowed (every point gets the same label).

    Examples
    --------
    The neuron :math:`x_1 + x_2 - 1.5` computes AND:

    >>> from nnbook.datasets import logic_gate
    >>> X, y = logic_gate("AND")
    >>> predict(X, [1.0, 1.0], -1.5)
    array([0, 0, 0, 1])
    """
    return (neuron_forward(X, w, b, "identity").z >= 0).astype(np.int64)


def accuracy(X, y, w, b) -> float:
    """Fraction of points :func:`predict` labels correctly, in [0, 1].

    Raises ``ValueError`` if ``X`` and ``y`` do not form a binary data set
    (see :func:`nnbook.checks.as_dataset`).

    Examples
    --------
    >>> from nnbook.datasets import logic_gate
    >>> accuracy(*logic_gate("AND"), [1.0, 1.0], -1.5)
    1.0
    >>> accuracy(*logic_gate("XOR"), [1.0, 1.0], -0.5)  # (1, 1) lands on the wrong side
    0.75
    """
    X, y = as_dataset(X, y)
    return float(np.mean(predict(X, w, b) == y))


class LogisticFit(NamedTuple):
    """Result of :func:`fit_logistic_neuron`: learned ``w`` (in_features,), ``b``, and ``losses`` (epochs + 1,)."""

    w: np.ndarray
    b: float
    losses: np.ndarray


def fit_logistic_neuron(X, y, *, lr: float = 0.5, epochs: int = 2000,
                        rng: np.random.Generator | None = None, w=None, b=None) -> LogisticFit:
    r"""Train a sigmoid neuron by full-batch gradient descent on the binary cross-entropy.

    A preview of Chapter 8, which derives every step.  The model
    :math:`p = \sigma(\mathbf{x}\cdot\mathbf{w} + b)` with the loss
    :math:`L = -\frac1N\sum_i [y_i\log p_i + (1-y_i)\log(1-p_i)]` is exactly logistic
    regression; the gradient is :math:`\nabla_{\mathbf{w}} L = \frac1N X^\top(\mathbf{p}-\mathbf{y})`,
    :math:`\partial L/\partial b = \frac1N\sum_i (p_i - y_i)`, and each epoch takes one step
    :math:`\mathbf{w} \leftarrow \mathbf{w} - \eta\nabla_{\mathbf{w}} L` (likewise ``b``).

    The loss is convex, so with a small enough ``lr`` the result approaches the maximum
    likelihood fit of ``sklearn.linear_model.LogisticRegression`` without a penalty.  On
    linearly *separable* data that fit does not exist: the loss keeps falling as ``w``
    grows, so ``w`` grows without bound while its direction settles.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
    y : array_like of shape (N,)
        Labels 0/1.
    lr : float, default 0.5
        Step size :math:`\eta > 0`.
    epochs : int, default 2000
        Number of gradient steps (``0`` just evaluates the initial loss).
    rng : numpy.random.Generator, optional
        Draw the initial ``w`` and ``b`` uniformly from :math:`[-1/\sqrt{n}, 1/\sqrt{n}]`
        (as :class:`nnbook.neuron.Neuron` does).  Without ``rng`` or ``w``/``b`` they start at 0.
    w, b : optional
        Explicit initial parameters, given together (not with ``rng``).

    Returns
    -------
    LogisticFit
        ``w`` of shape ``(in_features,)``, ``b`` a float, ``losses`` of shape ``(epochs + 1,)``:
        ``losses[k]`` is the loss after ``k`` steps, computed from the logits by
        :func:`nnbook.losses.binary_cross_entropy_with_logits` (finite for any ``z``).

    Raises
    ------
    ValueError
        For a malformed data set, ``lr`` that is not a finite number > 0 (``"0.5"`` included),
        ``epochs`` that is not an integer >= 0, or initial ``w``, ``b`` of the wrong shape or
        not finite numbers.
    TypeError
        If only one of ``w``/``b`` is given, both ``rng`` and ``w``/``b``, or an ``rng``
        that is not a ``numpy.random.Generator``.

    Examples
    --------
    AND is separable: the loss falls from :math:`\log 2` (``w = 0``, ``b = 0``) towards 0.

    >>> from nnbook.datasets import logic_gate
    >>> X, y = logic_gate("AND")
    >>> fit = fit_logistic_neuron(X, y, lr=1.0, epochs=1000)
    >>> fit.losses.shape, np.round(fit.losses[[0, 100, 1000]], 4).tolist()
    ((1001,), [0.6931, 0.1426, 0.0174])
    >>> np.round(fit.w, 3), round(fit.b, 3), predict(X, fit.w, fit.b)
    (array([7.414, 7.414]), -11.294, array([0, 0, 0, 1]))
    """
    X, y = as_dataset(X, y)
    n = X.shape[1]
    lr = check_number(lr, "lr", above=0)
    epochs = check_int(epochs, "epochs", minimum=0)
    if (w is None) != (b is None):
        raise TypeError("give both initial w and b, or neither")
    if w is not None and rng is not None:
        raise TypeError("give either rng (random start) or w and b (explicit start), not both")
    if rng is not None:
        check_rng(rng)
    if w is not None:
        w = np.array(as_float_array(w, "initial w"))  # a copy: the caller's array is not returned
        if w.shape != (n,):
            raise ValueError(f"initial w must have shape ({n},), got shape {w.shape}")
        b = _bias(b)
    elif rng is not None:
        bound = 1.0 / np.sqrt(n)
        w, b = rng.uniform(-bound, bound, n), float(rng.uniform(-bound, bound))
    else:
        w, b = np.zeros(n), 0.0
    y = y.astype(np.float64)  # the targets as the loss takes them (0.0/1.0), converted once
    losses = np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        z = X @ w + b
        losses[epoch] = binary_cross_entropy_with_logits(z, y)
        if epoch == epochs:
            break
        dz = (sigmoid(z) - y) / len(y)  # dL/dz_i
        w = w - lr * (X.T @ dz)
        b = b - lr * float(dz.sum())
    return LogisticFit(w, float(b), losses)


class SearchResult(NamedTuple):
    """Result of :func:`best_neuron_accuracy`.

    ``accuracy`` is the best found; ``w`` (2,) and ``b`` the grid setting that reaches it
    with the widest margin (its line stays farthest from the nearest point);
    ``accuracies[i, j, k]`` the accuracy of ``w = (w_values[i], w_values[j])``, ``b = b_values[k]``.
    """

    accuracy: float
    w: np.ndarray
    b: float
    accuracies: np.ndarray


_GRID = np.linspace(-3.0, 3.0, 25)  # steps of 0.25, exact in binary


def best_neuron_accuracy(X, y, *, w_values=_GRID, b_values=_GRID) -> SearchResult:
    r"""Try every neuron ``(w1, w2, b)`` on a grid and report the best accuracy on ``(X, y)``.

    A search cannot prove a negative by itself, but it makes the XOR argument concrete:
    on the logic gates the grid contains perfect neurons for AND and OR, while for XOR
    no setting gets more than 3 of the 4 points right (and the algebra of Chapter 3
    shows that no line anywhere can).

    Parameters
    ----------
    X : array_like of shape (N, 2)
    y : array_like of shape (N,)
        Labels 0/1.
    w_values, b_values : array_like of shape (G,) and (Gb,)
        Grid values for each weight and for the bias (default: -3 to 3 in steps of 0.25).

    Returns
    -------
    SearchResult
        With ``accuracies`` of shape ``(G, G, Gb)``.  Among the settings with the best
        accuracy, the one returned maximises the margin :math:`\min_i |z_i| / \lVert\mathbf{w}\rVert`
        (the first in grid order on a tie), so its line does not graze a point.

    Raises
    ------
    ValueError
        For a malformed data set or empty/non-finite grids.

    Examples
    --------
    >>> from nnbook.datasets import logic_gate
    >>> best_neuron_accuracy(*logic_gate("AND")).accuracy
    1.0
    >>> best_neuron_accuracy(*logic_gate("XOR")).accuracy  # no line gets all four right
    0.75
    """
    X, y = as_dataset(X, y, in_features=2)
    wv, bv = as_float_array(w_values, "w_values"), as_float_array(b_values, "b_values")
    for name, v in (("w_values", wv), ("b_values", bv)):
        if v.ndim != 1 or v.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array of finite numbers, got shape {v.shape}")
    acc = np.empty((wv.size, wv.size, bv.size))
    partial = X[:, 1, None, None] * wv[None, :, None] + bv[None, None, :]  # (N, G, Gb): w2*x2 + b
    for i, w1 in enumerate(wv):  # loop over w1 to keep memory at N * G * Gb
        z = X[:, 0, None, None] * w1 + partial
        acc[i] = np.mean((z >= 0) == y[:, None, None], axis=0)
    best = acc.max()
    i, j, k = np.nonzero(acc == best)  # every best setting, in grid order
    W = np.column_stack([wv[i], wv[j]])
    norms = np.linalg.norm(W, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):  # w = 0 has no line: margin -inf
        margin = np.where(norms > 0, np.abs(X @ W.T + bv[k]).min(axis=0) / norms, -np.inf)
    m = int(np.argmax(margin))
    return SearchResult(float(best), W[m], float(bv[k[m]]), acc)


class TwoLayerParams(NamedTuple):
    """Weights of a two-layer network: ``W1`` (hidden, in_features), ``b1`` (hidden,), ``W2`` (1, hidden), ``b2`` (1,)."""

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray


def _frozen(a) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


#: XOR by hand: h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1), out = h1 - 2 h2.
XOR_PARAMS = TwoLayerParams(W1=_frozen([[1, 1], [1, 1]]), b1=_frozen([0, -1]),
                            W2=_frozen([[1, -2]]), b2=_frozen([0]))


class XorOutput(NamedTuple):
    """Result of :func:`xor_network`: hidden activations ``H`` (N, hidden) and output ``out`` (N,)."""

    H: np.ndarray
    out: np.ndarray


def xor_network(X, params: TwoLayerParams = XOR_PARAMS) -> XorOutput:
    r"""Forward pass of a two-layer network: ReLU hidden layer, linear output.

    :math:`H = \mathrm{relu}(X W_1^\top + b_1)`, :math:`\text{out} = H W_2^\top + b_2`,
    each layer computed by :func:`nnbook.linalg.dense_forward`.  With the default
    :data:`XOR_PARAMS` the output on the four gate inputs is exactly XOR: 0, 1, 1, 0;
    reading ``out >= 0.5`` as class 1 is the neuron :math:`h_1 - 2h_2 - 0.5 \ge 0`, a
    straight line in the hidden space.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
    params : TwoLayerParams
        Shapes as documented there (one output).

    Returns
    -------
    XorOutput
        ``H`` of shape ``(N, hidden)`` and ``out`` of shape ``(N,)``.

    Examples
    --------
    >>> H, out = xor_network([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> H.tolist(), out.tolist()
    ([[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [2.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    W2 = np.asarray(params.W2, dtype=np.float64)
    if W2.ndim != 2 or W2.shape[0] != 1:
        raise ValueError(f"W2 must have shape (1, hidden) for one output, got shape {W2.shape}")
    H = dense_forward(X, params.W1, params.b1, "relu")
    return XorOutput(H, dense_forward(H, W2, params.b2, "identity")[:, 0])
