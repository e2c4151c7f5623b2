r"""Softmax (Chapter 2): logits in, a probability distribution out, along one axis.

.. math:: \operatorname{softmax}(\mathbf z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}

Unlike the other activations it is not element-wise: every output depends on every logit of
its row, so its derivative is a Jacobian matrix per row,

.. math:: J_{ij} = \frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j),

returned by :func:`softmax_jacobian` (the registry's ``grad`` for ``"softmax"``).  Backward
passes need only the vector-Jacobian product :math:`J^\top g = s \odot (g - \langle g, s\rangle)`,
:func:`softmax_vjp`, which never builds :math:`J`.  Shapes: ``z`` of any shape, classes along
``axis`` (``(N, C)`` with ``axis=-1`` in the book).  Bridle (1990).
"""
from __future__ import annotations

import numpy as np

from ..checks import as_float_array

__all__ = ["softmax", "softmax_jacobian", "softmax_vjp"]


def _check_axis(z: np.ndarray, axis) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be in [{-z.ndim}, {z.ndim - 1}] for z of shape {z.shape}, got {axis}")
    return int(axis)


def softmax(z, axis: int = -1):
    r"""Softmax along ``axis``: positive outputs that sum to 1 along that axis.

    Stable: :math:`\max_j z_j` is subtracted first, which leaves the result unchanged (it
    cancels between numerator and denominator) but makes every exponent :math:`\le 0`, so
    nothing overflows and the largest term is exactly 1.  Logits of :math:`\pm 1000` give
    finite, exact probabilities without warnings.  A 0-d input is one logit, whose
    probability is 1 (as ``torch.softmax``).

    Parameters
    ----------
    z : array_like, any shape
        Logits (``-inf`` is allowed for masked entries if the row has a finite logit).
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray of the shape of ``z``

    Raises
    ------
    ValueError
        For NaN logits or an axis out of range; ``TypeError`` for a non-integer axis.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> softmax([[1000.0, 1000.0], [0.0, -np.inf]]).tolist()   # stable; -inf masks a logit
    [[0.5, 0.5], [1.0, 0.0]]
    """
    z = as_float_array(z, "z", allow_inf=True)
    if z.ndim == 0:
        return np.ones_like(z)
    axis = _check_axis(z, axis)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z, axis: int = -1):
    r"""The Jacobian :math:`J_{ij} = s_i(\delta_{ij} - s_j)` of softmax, one matrix per row.

    Parameters
    ----------
    z : array_like of shape (..., C) (``C`` classes on ``axis``)
    axis : int, default -1

    Returns
    -------
    ndarray of shape (..., C, C)
        ``J[..., i, j] = d softmax(z)[..., i] / d z[..., j]``, where ``...`` are the other
        axes of ``z`` in order.  Each row of each ``J`` sums to 0 (the outputs always sum to
        1).  For a 0-d ``z`` (a constant output of 1) the derivative 0, of shape ``()``.
    """
    z = as_float_array(z, "z", allow_inf=True)
    if z.ndim == 0:
        return np.zeros_like(z)
    s = np.moveaxis(softmax(z, axis), _check_axis(z, axis), -1)
    eye = np.eye(s.shape[-1])
    return s[..., :, None] * (eye - s[..., None, :])


def softmax_vjp(z, grad_output, axis: int = -1):
    r"""Backward pass of softmax: :math:`\partial L/\partial z = s \odot (g - \sum_j g_j s_j)`.

    Parameters
    ----------
    z : array_like, any shape
        The logits of the forward pass.
    grad_output : array_like of the shape of ``z``
        :math:`g = \partial L / \partial s`.
    axis : int, default -1

    Returns
    -------
    ndarray of the shape of ``z``: :math:`J^\top g` row by row.

    Raises
    ------
    ValueError
        If ``grad_output`` and ``z`` differ in shape.
    """
    z = as_float_array(z, "z", allow_inf=True)
    g = as_float_array(grad_output, "grad_output", allow_inf=True)
    if g.shape != z.shape:
        raise ValueError(f"grad_output must have the shape of z {z.shape}, got {g.shape}")
    if z.ndim == 0:
        return np.zeros_like(z)
    s = softmax(z, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))
