r"""Smooth rectifiers (Chapter 2): Softplus, GELU (exact and tanh approximation), Swish/SiLU, Mish.

Each is close to :math:`\max(0, z)` far from the origin but has no kink; GELU, Swish and Mish
dip slightly below zero for moderately negative inputs (they are not monotonic).  All are
written so that :math:`z = \pm 1000` gives finite, correct values without warnings: Softplus
as :math:`\max(z, 0) + \log(1 + e^{-|z|})`, the gates through the stable
:func:`~nnbook.activations.sigmoid`, GELU's Gaussian CDF through ``scipy.special.ndtr``
(accurate in both tails).  Import these from :mod:`nnbook.activations`.
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from ..checks import as_float_array, check_number
from .classic import sigmoid

__all__ = ["softplus", "softplus_prime", "gelu", "gelu_prime", "GELU_TANH_COEF", "gelu_tanh",
           "gelu_tanh_prime", "swish", "swish_prime", "mish", "mish_prime"]

_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
#: The cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel, 2016).
GELU_TANH_COEF = 0.044715


def softplus(z):
    r"""Softplus :math:`f(z) = \log(1 + e^{z})`, a smooth ReLU with values in :math:`(0, \infty)`.

    Computed as :math:`\max(z, 0) + \operatorname{log1p}(e^{-|z|})`, which is the same function
    (factor :math:`e^{\max(z,0)}` out of the logarithm) with an exponent that is never positive:
    exact in float64 for every ``z``, no overflow at ``z = 1000``, no threshold.  (PyTorch's
    ``softplus`` instead returns ``z`` itself above ``threshold=20``, an error of up to
    :math:`\log(1 + e^{-20}) \approx 2.1\times10^{-9}`.)  Dugas et al. (2001); Glorot, Bordes &
    Bengio (2011).
    """
    z = as_float_array(z, "z", allow_inf=True)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def softplus_prime(z):
    r""":math:`f'(z) = e^{z} / (1 + e^{z}) = \sigma(z)`: the derivative of softplus is the sigmoid."""
    return sigmoid(z)


def gelu(z):
    r"""Gaussian error linear unit, exact: :math:`f(z) = z\,\Phi(z)` (Hendrycks & Gimpel, 2016).

    :math:`\Phi(z) = \tfrac12\big(1 + \operatorname{erf}(z/\sqrt2)\big)` is the standard normal CDF,
    the probability that a standard normal variable is below ``z``: the input is scaled by how
    likely it is to be "large".  Minimum about -0.1700 at :math:`z \approx -0.7518`.
    ``torch.nn.functional.gelu(z)`` (``approximate='none'``).

    Examples
    --------
    >>> gelu([-1.0, 0.0, 1.0]).round(4).tolist()            # ±Phi(±1)
    [-0.1587, 0.0, 0.8413]
    """
    z = as_float_array(z, "z", allow_inf=True)
    return z * ndtr(z)


def gelu_prime(z):
    r""":math:`f'(z) = \Phi(z) + z\,\varphi(z)` with :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}` the normal density."""
    z = as_float_array(z, "z", allow_inf=True)
    return ndtr(z) + z * _INV_SQRT_2PI * np.exp(-0.5 * z * z)


def gelu_tanh(z):
    r"""GELU's tanh approximation :math:`\tfrac12 z\big(1 + \tanh[\sqrt{2/\pi}\,(z + 0.044715\,z^3)]\big)`.

    The form used by the original BERT and GPT-2 code, cheaper than the error function; it
    differs from :func:`gelu` by less than :math:`5\times10^{-4}` everywhere (Chapter 2 measures
    the largest gap).  ``torch.nn.functional.gelu(z, approximate='tanh')``.
    """
    z = as_float_array(z, "z", allow_inf=True)
    inner = _SQRT_2_OVER_PI * (z + GELU_TANH_COEF * z ** 3)
    return 0.5 * z * (1.0 + np.tanh(inner))


def gelu_tanh_prime(z):
    r"""With :math:`u = \sqrt{2/\pi}(z + 0.044715 z^3)` and :math:`t = \tanh u`:
    :math:`f'(z) = \tfrac12(1 + t) + \tfrac12 z\,(1 - t^2)\,\sqrt{2/\pi}\,(1 + 3\cdot0.044715\,z^2)`."""
    z = as_float_array(z, "z", allow_inf=True)
    t = np.tanh(_SQRT_2_OVER_PI * (z + GELU_TANH_COEF * z ** 3))
    du = _SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_COEF * z * z)
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du


def swish(z, beta: float = 1.0):
    r"""Swish :math:`f(z) = z\,\sigma(\beta z)`; with :math:`\beta = 1` it is SiLU (``torch.nn.SiLU``).

    The input gates itself through a sigmoid.  :math:`\beta = 0` gives the line :math:`z/2`;
    as :math:`\beta \to \infty` Swish tends to ReLU.  Minimum about -0.2785 at
    :math:`z \approx -1.2785` for :math:`\beta = 1`.  Ramachandran, Zoph & Le (2017); SiLU:
    Elfwing, Uchibe & Doya (2018).  ``ValueError`` if ``beta`` is not a finite number.

    Examples
    --------
    >>> swish([-1.0, 0.0, 2.0]).round(4).tolist()           # SiLU: z sigmoid(z)
    [-0.2689, 0.0, 1.7616]
    >>> swish([-1.0, 0.0, 2.0], beta=0.0).tolist()          # beta = 0: the line z / 2
    [-0.5, 0.0, 1.0]
    """
    z = as_float_array(z, "z", allow_inf=True)
    beta = check_number(beta, "beta")
    return z * sigmoid(beta * z)


def swish_prime(z, beta: float = 1.0):
    r""":math:`f'(z) = s + \beta z\,s(1 - s)` with :math:`s = \sigma(\beta z)`."""
    z = as_float_array(z, "z", allow_inf=True)
    beta = check_number(beta, "beta")
    s = sigmoid(beta * z)
    return s + beta * z * s * (1.0 - s)


def mish(z):
    r"""Mish :math:`f(z) = z\,\tanh(\operatorname{softplus}(z))` (Misra, 2019).

    Like Swish, a self-gated smooth ReLU; minimum about -0.3088 at :math:`z \approx -1.1924`.
    ``torch.nn.functional.mish``.
    """
    z = as_float_array(z, "z", allow_inf=True)
    return z * np.tanh(softplus(z))


def mish_prime(z):
    r""":math:`f'(z) = \tanh(\operatorname{sp}(z)) + z\,\sigma(z)\,\big(1 - \tanh^2(\operatorname{sp}(z))\big)`,
    using :math:`\operatorname{sp}'(z) = \sigma(z)`."""
    z = as_float_array(z, "z", allow_inf=True)
    t = np.tanh(softplus(z))
    return t + z * sigmoid(z) * (1.0 - t * t)
