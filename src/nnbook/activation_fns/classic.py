r"""The classic activations of Chapter 1: step, identity, sigmoid and tanh, with derivatives.

Every function takes an array of any shape (or a number) and works element-wise in
float64; the output has the shape of the input.  Conventions follow PyTorch so that tests
can compare with autograd: ``step(0) = 1`` and its derivative is 0 wherever it exists.
Import these from :mod:`nnbook.activations`, which also holds the registry.
"""
from __future__ import annotations

import numpy as np

from ..checks import as_float_array

__all__ = ["step", "step_prime", "identity", "identity_prime", "sigmoid", "sigmoid_prime",
           "tanh", "tanh_prime"]


def step(z):
    r"""Heaviside step: :math:`f(z) = 1` if :math:`z \ge 0` else :math:`0`.

    The activation of the McCulloch-Pitts neuron (1943) and Rosenblatt's perceptron.
    Shape: any; output has the shape of ``z``, values in {0, 1}.

    Examples
    --------
    >>> step([-0.5, 0.0, 2.0]).tolist()                # step(0) = 1
    [0.0, 1.0, 1.0]
    """
    z = as_float_array(z, "z", allow_inf=True)
    return np.where(z >= 0, 1.0, 0.0)


def step_prime(z):
    r"""Derivative of the step: :math:`f'(z) = 0` for :math:`z \ne 0` (undefined at 0; 0 returned).

    Zero everywhere, which is why gradient descent cannot train a step neuron.
    """
    z = as_float_array(z, "z", allow_inf=True)
    return np.zeros_like(z)


def identity(z):
    r"""Identity (linear) activation: :math:`f(z) = z`."""
    return as_float_array(z, "z", allow_inf=True).copy()


def identity_prime(z):
    r""":math:`f'(z) = 1`."""
    return np.ones_like(as_float_array(z, "z", allow_inf=True))


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, values in (0, 1).

    Computed as :math:`1/(1+e^{-|z|})` or :math:`e^{-|z|}/(1+e^{-|z|})` depending on the sign
    of ``z``, so the exponential never overflows: ``sigmoid(1000) == 1.0`` and
    ``sigmoid(-1000) == 0.0`` without warnings.

    Raises
    ------
    TypeError
        If ``z`` is not made of real numbers.
    ValueError
        If ``z`` contains NaN (``±inf`` are accepted: they give 0 and 1).

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-1000.0, 0.1, 1000.0]).round(4).tolist()   # no overflow warning
    [0.0, 0.525, 1.0]
    >>> float(sigmoid_prime(0.0))                            # the largest slope, 1/4
    0.25
    """
    z = as_float_array(z, "z", allow_inf=True)
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, largest (0.25) at :math:`z = 0`."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh z = (e^{z} - e^{-z}) / (e^{z} + e^{-z})`, values in (-1, 1).

    Examples
    --------
    >>> tanh([-1.0, 0.0, 1.0]).round(4).tolist()            # odd: tanh(-z) = -tanh(z)
    [-0.7616, 0.0, 0.7616]
    """
    return np.tanh(as_float_array(z, "z", allow_inf=True))


def tanh_prime(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2 z`, largest (1) at :math:`z = 0`."""
    t = tanh(z)
    return 1.0 - t * t
