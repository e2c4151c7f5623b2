r"""The ReLU family (Chapter 2): ReLU, Leaky ReLU, PReLU, ELU and SELU, with derivatives.

All are the identity (or a scaled identity) for :math:`z > 0` and differ in what they do
with negative inputs: block them (ReLU), pass a fixed fraction (Leaky ReLU), pass a learned
fraction (PReLU), or bend smoothly towards a floor (ELU, SELU).  Conventions at the kink
:math:`z = 0` are those of ``torch.autograd``: the left-hand derivative is used, so
``relu'(0) = 0``, ``leaky_relu'(0) = alpha``, ``elu'(0) = alpha``, ``selu'(0) = lambda*alpha``.

Exponentials are only ever taken of :math:`\min(z, 0)`, so nothing overflows: every function
gives finite values at :math:`z = \pm 1000` without warnings.  :class:`PReLU` is the only
object with state: it caches its input in ``forward`` and accumulates ``dL/dalpha`` in
``backward``, like a layer.  Import these from :mod:`nnbook.activations`.
"""
from __future__ import annotations

import numpy as np

from ..checks import as_float_array, check_int, check_number

__all__ = ["relu", "relu_prime", "leaky_relu", "leaky_relu_prime", "prelu", "prelu_prime",
           "prelu_backward", "PReLU", "elu", "elu_prime", "SELU_ALPHA", "SELU_LAMBDA", "selu",
           "selu_prime"]

#: SELU's constants, the fixed point that keeps mean 0 and variance 1 (Klambauer et al., 2017,
#: eq. 14; the same digits as ``torch.selu``).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_LAMBDA = 1.0507009873554804934193349852946


def relu(z):
    r"""Rectified linear unit :math:`\max(0, z)` (Nair & Hinton, 2010).

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    >>> relu_prime([-2.0, 0.0, 3.0]).tolist()       # 0 at the kink, like PyTorch
    [0.0, 0.0, 1.0]
    """
    return np.maximum(as_float_array(z, "z", allow_inf=True), 0.0)


def relu_prime(z):
    r""":math:`\mathrm{relu}'(z) = 1` if :math:`z > 0` else :math:`0` (0 at the kink, like PyTorch)."""
    return np.where(as_float_array(z, "z", allow_inf=True) > 0, 1.0, 0.0)


def leaky_relu(z, alpha: float = 0.01):
    r"""Leaky ReLU :math:`f(z) = z` if :math:`z > 0` else :math:`\alpha z` (Maas et al., 2013).

    ``alpha`` (default 0.01, PyTorch's ``negative_slope``) keeps a small gradient for
    negative inputs.  Raises ``ValueError`` if ``alpha`` is negative or not a finite number.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0]).tolist()
    [-0.02, 3.0]
    >>> leaky_relu([-2.0, 3.0], alpha=0.1).tolist()
    [-0.2, 3.0]
    >>> leaky_relu(1.0, alpha=-0.1)
    Traceback (most recent call last):
        ...
    ValueError: alpha must be a finite number >= 0, got -0.1
    """
    z = as_float_array(z, "z", allow_inf=True)
    alpha = check_number(alpha, "alpha", at_least=0)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_prime(z, alpha: float = 0.01):
    r""":math:`f'(z) = 1` if :math:`z > 0` else :math:`\alpha` (``alpha`` at the kink, like PyTorch)."""
    z = as_float_array(z, "z", allow_inf=True)
    alpha = check_number(alpha, "alpha", at_least=0)
    return np.where(z > 0, 1.0, alpha)


def _prelu_alpha(alpha) -> np.ndarray:
    """PReLU's slope(s) as a float64 array: one number, or one per channel."""
    return as_float_array(alpha, "alpha")


def prelu(z, alpha=0.25):
    r"""Parametric ReLU :math:`f(z) = z` if :math:`z > 0` else :math:`\alpha z` (He et al., 2015).

    The formula of Leaky ReLU, but :math:`\alpha` is a parameter that training learns (see
    :class:`PReLU`); 0.25 is the initial value of He et al. and of ``torch.nn.PReLU``.

    Parameters
    ----------
    z : array_like, any shape
    alpha : float or array_like broadcastable against ``z``
        One slope for all entries, or (as :class:`PReLU` passes it) one per channel.

    Raises
    ------
    ValueError
        If ``alpha`` is not finite or does not broadcast against ``z``.
    """
    z = as_float_array(z, "z", allow_inf=True)
    return np.where(z > 0, z, _prelu_alpha(alpha) * z)


def prelu_prime(z, alpha=0.25):
    r""":math:`\partial f / \partial z = 1` if :math:`z > 0` else :math:`\alpha` (``alpha`` at the kink, like PyTorch)."""
    z = as_float_array(z, "z", allow_inf=True)
    return np.where(z > 0, 1.0, _prelu_alpha(alpha) * np.ones_like(z))


def prelu_backward(z, alpha, grad_output):
    r"""Backward pass of PReLU: the gradients of a loss :math:`L` w.r.t. ``z`` and ``alpha``.

    With :math:`g = \partial L / \partial f` (``grad_output``),

    .. math::
        \frac{\partial L}{\partial z} = g \cdot \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases},
        \qquad
        \frac{\partial L}{\partial \alpha} = \sum g \cdot \min(z, 0),

    the sum running over every entry that shares the slope.

    Parameters
    ----------
    z : ndarray, any shape
        The input of the forward pass.
    alpha : float or ndarray
        A scalar (one shared slope) or an array of shape ``(C,)`` with ``z`` of shape
        ``(N, C, *)`` (one slope per channel, axis 1, as in ``torch.nn.PReLU``).
    grad_output : ndarray of the shape of ``z``

    Returns
    -------
    grad_z : ndarray of the shape of ``z``
    grad_alpha : float or ndarray of shape ``(C,)``, like ``alpha``

    Raises
    ------
    ValueError
        If ``grad_output`` and ``z`` differ in shape, or ``alpha`` has the wrong length.
    """
    z = as_float_array(z, "z", allow_inf=True)
    g = as_float_array(grad_output, "grad_output", allow_inf=True)
    if g.shape != z.shape:
        raise ValueError(f"grad_output must have the shape of z {z.shape}, got {g.shape}")
    a = _prelu_alpha(alpha)
    a_b = _per_channel(a, z)
    grad_z = g * np.where(z > 0, 1.0, a_b)
    contrib = g * np.minimum(z, 0.0)
    if a.size == 1:  # one shared slope
        total = contrib.sum()
        return grad_z, (float(total) if a.ndim == 0 else np.full(a.shape, total))
    grad_alpha = contrib.sum(axis=tuple(i for i in range(z.ndim) if i != 1))
    return grad_z, grad_alpha.reshape(a.shape)


def _per_channel(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Shape a scalar or a ``(C,)`` slope so that it broadcasts along axis 1 of ``z``."""
    if a.ndim == 0:
        return a
    if a.ndim != 1:
        raise ValueError(f"alpha must be a number or have shape (C,), got shape {a.shape}")
    if a.size == 1:
        return a.reshape(())
    if z.ndim < 2 or z.shape[1] != a.size:
        raise ValueError(f"{a.size} slopes need z of shape (N, {a.size}, *) (channels on axis 1), "
                         f"got shape {z.shape}")
    return a.reshape((1, a.size) + (1,) * (z.ndim - 2))


class PReLU:
    r"""PReLU as a layer with a learnable slope, like ``torch.nn.PReLU`` (He et al., 2015).

    ``forward`` caches its input; ``backward`` returns :math:`\partial L/\partial z` and adds
    :math:`\partial L/\partial\alpha` to :attr:`alpha_grad` (accumulated, as PyTorch accumulates
    ``.grad``, until :meth:`zero_grad`).

    Parameters
    ----------
    num_parameters : int, default 1
        1 for one slope shared by every entry; ``C`` for one slope per channel, the input then
        having shape ``(N, C, *)``.
    init : float, default 0.25
        The initial slope.

    Attributes
    ----------
    alpha : ndarray of shape (num_parameters,)
        The slopes (updated in place by an optimiser).
    alpha_grad : ndarray of shape (num_parameters,)
        The accumulated gradient of the loss w.r.t. ``alpha``.

    Shape: input any shape (``(N, C, *)`` when ``num_parameters = C > 1``); output the same.

    Examples
    --------
    >>> layer = PReLU()
    >>> y = layer.forward(np.array([-2.0, 3.0]))          # [-0.5, 3.0]
    >>> dz = layer.backward(np.array([1.0, 1.0]))          # [0.25, 1.0]; alpha_grad == [-2.0]
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25):
        self.alpha = np.full(check_int(num_parameters, "num_parameters"), check_number(init, "init"))
        self.alpha_grad = np.zeros_like(self.alpha)
        self.z: np.ndarray | None = None

    def _slopes(self):
        return self.alpha[0] if self.alpha.size == 1 else self.alpha

    def forward(self, z) -> np.ndarray:
        """:math:`f(z)` with the current slopes; caches ``z`` for :meth:`backward`."""
        z = as_float_array(z, "z", allow_inf=True)
        out = np.where(z > 0, z, _per_channel(self.alpha, z) * z)
        self.z = z
        return out

    __call__ = forward

    def backward(self, grad_output) -> np.ndarray:
        r"""Given :math:`\partial L/\partial f`, return :math:`\partial L/\partial z`; accumulate :math:`\partial L/\partial\alpha`.

        Raises ``RuntimeError`` before any ``forward``; ``ValueError`` for a wrong shape.
        """
        if self.z is None:
            raise RuntimeError("PReLU.backward needs the input of a forward pass; call forward first")
        grad_z, grad_alpha = prelu_backward(self.z, self._slopes(), grad_output)
        self.alpha_grad += grad_alpha
        return grad_z

    def zero_grad(self) -> None:
        """Reset :attr:`alpha_grad` to zero."""
        self.alpha_grad[...] = 0.0

    def parameters(self) -> list[np.ndarray]:
        """The learnable arrays: ``[alpha]``."""
        return [self.alpha]

    def __repr__(self) -> str:
        slopes = ", ".join(f"{a:.4f}" for a in self.alpha)
        return f"PReLU(num_parameters={self.alpha.size}, alpha=[{slopes}])"


def elu(z, alpha: float = 1.0):
    r"""Exponential linear unit (Clevert, Unterthiner & Hochreiter, 2016).

    .. math:: f(z) = z \ \text{if}\ z > 0, \qquad \alpha\,(e^{z} - 1) \ \text{if}\ z \le 0 .

    Smooth towards the floor :math:`-\alpha` for large negative inputs.  ``alpha`` defaults to
    1.0 (as ``torch.nn.ELU``); ``ValueError`` if it is negative or not a finite number.

    Examples
    --------
    >>> elu([-1000.0, -1.0, 2.0]).round(4).tolist()     # the floor is -alpha
    [-1.0, -0.6321, 2.0]
    """
    z = as_float_array(z, "z", allow_inf=True)
    alpha = check_number(alpha, "alpha", at_least=0)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_prime(z, alpha: float = 1.0):
    r""":math:`f'(z) = 1` if :math:`z > 0` else :math:`\alpha e^{z} = f(z) + \alpha` (``alpha`` at 0, like PyTorch)."""
    z = as_float_array(z, "z", allow_inf=True)
    alpha = check_number(alpha, "alpha", at_least=0)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def selu(z):
    r"""Scaled ELU, :math:`\lambda\,\mathrm{elu}(z; \alpha)` with the fixed constants
    :data:`SELU_LAMBDA` :math:`\approx 1.0507` and :data:`SELU_ALPHA` :math:`\approx 1.6733`.

    With these constants a layer whose inputs have mean 0 and variance 1 (and whose weights have
    mean 0 and variance ``1/in_features``) passes on outputs with mean 0 and variance 1: the
    network normalises itself (Klambauer, Unterthiner, Mayr & Hochreiter, *Self-Normalizing
    Neural Networks*, NeurIPS 2017).  Range :math:`(-\lambda\alpha, \infty) \approx (-1.7581, \infty)`.
    """
    return SELU_LAMBDA * elu(z, SELU_ALPHA)


def selu_prime(z):
    r""":math:`f'(z) = \lambda` if :math:`z > 0` else :math:`\lambda\alpha e^{z}` (:math:`\lambda\alpha` at 0, like PyTorch)."""
    return SELU_LAMBDA * elu_prime(z, SELU_ALPHA)
