r"""Teaching versions of the linear algebra inside a layer (Chapters 4–6).

The loops here are deliberately slow and explicit: they show what ``np.dot`` and ``@``
compute.  The chapters time them against NumPy; the tests prove they agree.

* :func:`dot_loop` and :func:`matmul_loop`, the dot product and the matrix product as
  plain Python loops (Chapters 4 and 5);
* :func:`polar` and :func:`vector_geometry`, the geometric reading
  :math:`\mathbf{a}\cdot\mathbf{b} = \|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta` of two 2-D
  vectors (Chapter 4);
* :func:`matmul_cell`, the products that sum into one cell of a matrix product (Chapter 5);
* :func:`dense_forward`, a whole layer in one line (Chapter 6).

Shapes follow the book: ``X`` is ``(N, in_features)`` (rows are samples), ``W`` is
``(out_features, in_features)`` (rows are neurons, as in ``torch.nn.Linear``), ``b`` is
``(out_features,)``, and a layer computes ``Z = X @ W.T + b`` of shape ``(N, out_features)``.

Left out on purpose: speed (use ``@``), batched and 1-D ``matmul`` semantics, and complex
numbers.  The loops accept any real numbers, NaN and infinities included, and propagate them
as ``@`` does; only shapes are checked.

Reference: G. Strang, *Introduction to Linear Algebra*, 5th ed., §1.2 (lengths and dot
products) and §2.4 (rules for matrix operations).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import Activation, get_activation
from .checks import check_number

__all__ = [
    "dot_loop",
    "matmul_loop",
    "MatmulCell",
    "matmul_cell",
    "polar",
    "VectorGeometry",
    "vector_geometry",
    "dense_forward",
]


def _as_real_array(value, name: str, op: str) -> np.ndarray:
    """``value`` as a float64 array; a clear error if it is not made of real numbers.

    Not :func:`nnbook.checks.as_float_array`: the loops take NaN and infinities and propagate
    them as ``@`` does (the module docstring says why), where that check refuses them.
    """
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{op}: {name} must be an array of real numbers, got {value!r}") from err
    return arr


def dot_loop(a, b) -> float:
    r"""Dot product by an explicit Python loop: :math:`\sum_k a_k b_k` (Chapter 4).

    Parameters
    ----------
    a, b : array_like of shape (n,)
        Two vectors of the same length (``n = 0`` gives ``0.0``, like ``np.dot``).

    Returns
    -------
    float
        The sum of the products ``a[k] * b[k]``, accumulated from ``k = 0`` upwards.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not 1-D, or their lengths differ (the message gives both shapes).
    TypeError
        If an argument is not made of real numbers.

    Examples
    --------
    >>> round(dot_loop([0.8, -0.5, 0.2], [1.0, 0.5, -0.3]), 12)  # 0.80 - 0.25 - 0.06
    0.49
    """
    a, b = _as_real_array(a, "a", "dot"), _as_real_array(b, "b", "dot")
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(f"dot: expected two 1-D vectors of shape (n,); got shapes {a.shape} and {b.shape}")
    if a.shape != b.shape:
        raise ValueError(f"dot: vector lengths differ: {a.shape} · {b.shape}; "
                         "entry k of a pairs with entry k of b, so both need the same length")
    total = 0.0
    for a_k, b_k in zip(a.tolist(), b.tolist()):  # plain Python floats: the loop is all Python
        total += a_k * b_k
    return total


def _check_matmul(A, B) -> tuple[np.ndarray, np.ndarray]:
    A, B = _as_real_array(A, "A", "matmul"), _as_real_array(B, "B", "matmul")
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError(f"matmul: expected two 2-D matrices of shapes (m, n) and (n, p); "
                         f"got shapes {A.shape} and {B.shape} (reshape a vector v to (1, n) or (n, 1))")
    if A.shape[1] != B.shape[0]:
        hint = ""
        if A.shape[1] == B.shape[1]:
            hint = (f"; did you mean A @ B.T? {A.shape} @ {B.shape[::-1]} -> "
                    f"{(A.shape[0], B.shape[0])}")
        raise ValueError(f"matmul: inner dimensions differ: {A.shape} @ {B.shape}; A has "
                         f"{A.shape[1]} columns, B has {B.shape[0]} rows{hint}")
    return A, B


def matmul_loop(A, B) -> np.ndarray:
    r"""Matrix product by a triple Python loop: :math:`C_{ij} = \sum_k A_{ik} B_{kj}` (Chapter 5).

    The two outer loops visit every cell ``(i, j)`` of the result; the inner loop is the dot
    product of row ``i`` of ``A`` with column ``j`` of ``B`` (what :func:`dot_loop` computes).
    That is ``m · p · n`` multiply-adds, so the time grows like ``n**3`` for square matrices.

    Parameters
    ----------
    A : array_like of shape (m, n)
    B : array_like of shape (n, p)

    Returns
    -------
    ndarray of shape (m, p), float64
        Equal to ``A @ B`` up to rounding (the loop adds in a fixed order; BLAS may not).

    Raises
    ------
    ValueError
        If an argument is not 2-D, or the inner dimensions differ; the message gives both
        shapes (and suggests ``B.T`` when that would fit).
    TypeError
        If an argument is not made of real numbers.

    Examples
    --------
    >>> matmul_loop([[1.0, 2.0]], [[3.0], [4.0]]).tolist()  # (1, 2) @ (2, 1) -> (1, 1)
    [[11.0]]
    """
    A, B = _check_matmul(A, B)
    m, n = A.shape
    p = B.shape[1]
    a, b = A.tolist(), B.tolist()
    C = [[0.0] * p for _ in range(m)]
    for i in range(m):          # every row of A (every sample) ...
        for j in range(p):      # ... meets every column of B (every neuron)
            total = 0.0
            for k in range(n):  # ... in one dot product
                total += a[i][k] * b[k][j]
            C[i][j] = total
    return np.array(C, dtype=np.float64).reshape(m, p)


class MatmulCell(NamedTuple):
    """The dot product that fills one cell ``C[i, j]`` of ``C = A @ B``.

    ``row = A[i, :]`` and ``column = B[:, j]`` have shape ``(n,)``; ``products = row * column``
    (shape ``(n,)``) are the terms, and ``value`` is their sum, added from ``k = 0`` upwards.
    """

    i: int
    j: int
    row: np.ndarray
    column: np.ndarray
    products: np.ndarray
    value: float


def matmul_cell(A, B, i: int, j: int) -> MatmulCell:
    r"""The terms :math:`A_{ik} B_{kj}` that sum into :math:`C_{ij}` of :math:`C = AB` (Chapter 5).

    For a layer, ``A = X`` (shape ``(N, in_features)``) and ``B = W.T`` (shape
    ``(in_features, out_features)``): cell ``(i, j)`` is sample ``i`` seen by neuron ``j``.

    Parameters
    ----------
    A : array_like of shape (m, n)
    B : array_like of shape (n, p)
    i : int
        Row of the result, ``0 <= i < m``.
    j : int
        Column of the result, ``0 <= j < p``.

    Returns
    -------
    MatmulCell

    Examples
    --------
    >>> cell = matmul_cell([[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]], 1, 0)
    >>> cell.row.tolist(), cell.column.tolist(), cell.products.tolist(), cell.value  # 3·5 + 4·7
    ([3.0, 4.0], [5.0, 7.0], [15.0, 28.0], 43.0)

    Raises
    ------
    ValueError
        For shapes that do not multiply (as :func:`matmul_loop`).
    IndexError
        If ``i`` or ``j`` is outside the result, naming the valid range.
    """
    A, B = _check_matmul(A, B)
    m, p = A.shape[0], B.shape[1]
    for name, index, size, what in (("i", i, m, "rows"), ("j", j, p, "columns")):
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < size:
            raise IndexError(f"{name} must be an integer in 0..{size - 1} (the result has {size} {what}), "
                             f"got {index!r}")
    row, column = A[i, :].copy(), B[:, j].copy()
    return MatmulCell(int(i), int(j), row, column, row * column, dot_loop(row, column))


def polar(length: float, angle_deg: float) -> np.ndarray:
    r"""The 2-D vector of a given length and direction: :math:`r(\cos\varphi, \sin\varphi)`.

    Parameters
    ----------
    length : float
        The norm ``r >= 0``.
    angle_deg : float
        The direction ``φ`` in degrees, counter-clockwise from the positive x-axis.

    Returns
    -------
    ndarray of shape (2,)

    Raises
    ------
    ValueError
        If ``length`` is negative, or either argument is not a finite real number (a string
        such as ``"1"`` included); the message names the argument.

    Examples
    --------
    >>> polar(2.0, 90).round(12).tolist()          # straight up
    [0.0, 2.0]
    >>> polar(1.0, 60).round(4).tolist()           # (cos 60°, sin 60°)
    [0.5, 0.866]
    """
    length = check_number(length, "polar: length", at_least=0)
    phi = np.deg2rad(check_number(angle_deg, "polar: angle_deg"))
    return length * np.array([np.cos(phi), np.sin(phi)])


class VectorGeometry(NamedTuple):
    r"""Two 2-D vectors and what their dot product says about them.

    ``dot`` is the algebraic :math:`a_1 b_1 + a_2 b_2`; ``dot_geometric`` is
    :math:`\|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta` with :math:`\theta` measured from the
    vectors' directions (not from ``dot``), so agreement between the two is a check.
    ``theta_deg`` is in ``[0, 180]``.  ``projection`` (shape ``(2,)``) is the vector projection
    of ``b`` onto the line of ``a``; ``scalar_projection`` is its signed length
    :math:`\mathbf{a}\cdot\mathbf{b} / \|\mathbf{a}\|`.  ``alignment`` is ``"aligned"``
    (:math:`\theta < 90°`), ``"orthogonal"`` or ``"opposed"`` (:math:`\theta > 90°`).
    """

    a: np.ndarray
    b: np.ndarray
    dot: float
    norm_a: float
    norm_b: float
    theta_deg: float
    cos_theta: float
    dot_geometric: float
    scalar_projection: float
    projection: np.ndarray
    alignment: str


def vector_geometry(a, b, *, atol: float = 1e-9) -> VectorGeometry:
    r"""The dot product of two 2-D vectors computed two ways, with the angle and projection.

    Parameters
    ----------
    a, b : array_like of shape (2,)
        Two non-zero vectors.
    atol : float, default 1e-9
        ``|cos θ| <= atol`` counts as orthogonal (angles set in whole degrees give
        ``cos 90° ≈ 6e-17``, not 0); a finite number >= 0.

    Returns
    -------
    VectorGeometry

    Raises
    ------
    ValueError
        If a vector does not have shape ``(2,)``, is not finite, or is zero (a zero vector has
        no direction, so the angle is undefined), or ``atol`` is not a finite number >= 0.
    TypeError
        If a vector is not made of real numbers.

    Examples
    --------
    >>> g = vector_geometry([3, 4], [4, 3])
    >>> g.dot, g.norm_a, g.norm_b, g.alignment       # 12 + 12 = 5 · 5 · cos θ
    (24.0, 5.0, 5.0, 'aligned')
    >>> round(g.theta_deg, 2), g.projection.round(2).tolist()
    (16.26, [2.88, 3.84])

    Notes
    -----
    The angle is the difference of the two directions ``atan2(v_2, v_1)``, wrapped into
    ``[0°, 180°]``; it does not use the dot product.  The sign of the dot product is the sign
    of :math:`\cos\theta`, because the norms are positive (Strang, §1.2).
    """
    a, b = _as_real_array(a, "a", "vector_geometry"), _as_real_array(b, "b", "vector_geometry")
    atol = check_number(atol, "vector_geometry: atol", at_least=0)
    if a.shape != (2,) or b.shape != (2,):
        raise ValueError(f"vector_geometry: expected two vectors of shape (2,); "
                         f"got shapes {a.shape} and {b.shape}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError(f"vector_geometry: vectors must be finite; got a = {a.tolist()}, b = {b.tolist()}")
    norm_a, norm_b = float(np.hypot(*a)), float(np.hypot(*b))
    if norm_a == 0.0 or norm_b == 0.0:
        raise ValueError(f"vector_geometry: the angle needs two non-zero vectors; got a = {a.tolist()}, "
                         f"b = {b.tolist()}")
    turn = np.arctan2(b[1], b[0]) - np.arctan2(a[1], a[0])   # from a's direction to b's
    theta = abs((turn + np.pi) % (2 * np.pi) - np.pi)         # wrapped into [0, pi]
    cos_theta = float(np.cos(theta))
    dot = dot_loop(a, b)
    alignment = "orthogonal" if abs(cos_theta) <= atol else "aligned" if cos_theta > 0 else "opposed"
    return VectorGeometry(
        a=a.copy(), b=b.copy(), dot=dot, norm_a=norm_a, norm_b=norm_b,
        theta_deg=float(np.rad2deg(theta)), cos_theta=cos_theta,
        dot_geometric=norm_a * norm_b * cos_theta,
        scalar_projection=dot / norm_a, projection=(dot / norm_a**2) * a, alignment=alignment,
    )


def dense_forward(X, W, b, activation: str | Activation = "relu", **params) -> np.ndarray:
    r"""A whole dense layer in one line: :math:`A = f(X W^\top + b)` (Chapter 6).

    Parameters
    ----------
    X : array_like of shape (N, in_features)
        A batch of samples, one per row.
    W : array_like of shape (out_features, in_features)
        One row of weights per neuron.
    b : array_like of shape (out_features,)
        One bias per neuron, broadcast over the batch.
    activation : str or Activation, default "relu"
        A name from :data:`nnbook.activations.ACTIVATIONS` (``"softmax"`` normalises each
        row of ``Z``).
    **params
        Parameters of the activation (``alpha`` for ``"leaky_relu"``).

    Returns
    -------
    ndarray of shape (N, out_features)

    Raises
    ------
    ValueError
        If the shapes do not fit together (the message gives all three shapes).
    TypeError
        If ``X``, ``W`` or ``b`` is not made of real numbers.

    Examples
    --------
    >>> X = [[1.0, 2.0], [0.0, -1.0]]              # 2 samples, 2 features
    >>> W = [[1.0, 0.0], [0.5, 0.5], [-1.0, 1.0]]  # 3 neurons
    >>> dense_forward(X, W, [0.0, 0.0, -0.5]).tolist()
    [[1.0, 1.5, 0.5], [0.0, 0.0, 0.0]]
    """
    X, W, b = (_as_real_array(v, name, "dense_forward") for v, name in ((X, "X"), (W, "W"), (b, "b")))
    if X.ndim != 2 or W.ndim != 2 or b.ndim != 1 or X.shape[1] != W.shape[1] or b.shape[0] != W.shape[0]:
        raise ValueError(
            "expected X (N, in_features), W (out_features, in_features), b (out_features,); "
            f"got X {X.shape}, W {W.shape}, b {b.shape}"
        )
    return get_activation(activation).fn(X @ W.T + b, **params)
