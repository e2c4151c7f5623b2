r"""Activation functions: a registry of named non-linearities with their derivatives.

Each entry of :data:`ACTIVATIONS` is an :class:`Activation` holding the NumPy function
``fn``, its derivative ``grad`` (with respect to the pre-activation ``z``), the PyTorch
counterpart ``torch_fn`` and a few facts a chapter can print (formula, output range, a
source).  Look entries up with :func:`get_activation`, which names the valid choices when
a name is wrong.  Chapter 1 introduces the classic functions; Chapter 2 extends the
registry.

Conventions (chosen to match PyTorch, so tests can compare with autograd):

* ``step(0) = 1`` (Heaviside with value 1 at the origin), and its derivative is 0 wherever
  it exists; the step is marked ``differentiable=False``.
* ``relu'(0) = 0`` and ``leaky_relu'(0) = alpha``, the values ``torch.autograd`` returns.

All NumPy functions accept any array shape and work element-wise in float64.  They are
stable at the extremes: ``sigmoid(±1000)`` is exactly 1 or 0 without overflow warnings.
Not here: activations with learnable parameters (PReLU) and the soft-max, which arrive
with Chapter 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np
import torch

__all__ = [
    "Activation",
    "UnknownActivationError",
    "ACTIVATIONS",
    "TORCH",
    "get_activation",
    "activation_names",
    "step",
    "step_prime",
    "identity",
    "identity_prime",
    "sigmoid",
    "sigmoid_prime",
    "tanh",
    "tanh_prime",
    "relu",
    "relu_prime",
    "leaky_relu",
    "leaky_relu_prime",
]


def _as_float_array(z, name: str = "z") -> np.ndarray:
    """Return ``z`` as a float64 array; reject non-numeric input and NaN."""
    try:
        arr = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a real number or an array of real numbers, got {type(z).__name__}"
        ) from exc
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at {int(np.isnan(arr).sum())} position(s); expected finite numbers")
    return arr


# --- the functions and their derivatives ------------------------------------------------


def step(z):
    r"""Heaviside step: :math:`f(z) = 1` if :math:`z \ge 0` else :math:`0`.

    The activation of the McCulloch-Pitts neuron (1943) and Rosenblatt's perceptron.
    Shape: any; output has the shape of ``z``, values in {0, 1}.
    """
    z = _as_float_array(z)
    return np.where(z >= 0, 1.0, 0.0)


def step_prime(z):
    r"""Derivative of the step: :math:`f'(z) = 0` for :math:`z \ne 0` (undefined at 0; 0 returned).

    Zero everywhere, which is why gradient descent cannot train a step neuron.
    """
    z = _as_float_array(z)
    return np.zeros_like(z)


def identity(z):
    r"""Identity (linear) activation: :math:`f(z) = z`."""
    return _as_float_array(z).copy()


def identity_prime(z):
    r""":math:`f'(z) = 1`."""
    return np.ones_like(_as_float_array(z))


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, values in (0, 1).

    Computed as :math:`1/(1+e^{-|z|})` or :math:`e^{-|z|}/(1+e^{-|z|})` depending on the sign
    of ``z``, so the exponential never overflows: ``sigmoid(1000) == 1.0`` and
    ``sigmoid(-1000) == 0.0`` without warnings.
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, largest (0.25) at :math:`z = 0`."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh z = (e^{z} - e^{-z}) / (e^{z} + e^{-z})`, values in (-1, 1)."""
    return np.tanh(_as_float_array(z))


def tanh_prime(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2 z`, largest (1) at :math:`z = 0`."""
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    r"""Rectified linear unit :math:`\max(0, z)` (Nair & Hinton, 2010)."""
    return np.maximum(_as_float_array(z), 0.0)


def relu_prime(z):
    r""":math:`\mathrm{relu}'(z) = 1` if :math:`z > 0` else :math:`0` (0 at the kink, like PyTorch)."""
    return np.where(_as_float_array(z) > 0, 1.0, 0.0)


def _check_alpha(alpha) -> float:
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    return float(alpha)


def leaky_relu(z, alpha: float = 0.01):
    r"""Leaky ReLU :math:`f(z) = z` if :math:`z > 0` else :math:`\alpha z` (Maas et al., 2013).

    ``alpha`` (default 0.01, PyTorch's ``negative_slope``) keeps a small gradient for
    negative inputs.  Raises ``ValueError`` if ``alpha`` is negative or not finite.
    """
    z = _as_float_array(z)
    alpha = _check_alpha(alpha)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_prime(z, alpha: float = 0.01):
    r""":math:`f'(z) = 1` if :math:`z > 0` else :math:`\alpha` (``alpha`` at the kink, like PyTorch)."""
    z = _as_float_array(z)
    alpha = _check_alpha(alpha)
    return np.where(z > 0, 1.0, alpha)


# --- the registry --------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """One named activation: the function, its derivative and its PyTorch twin.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"sigmoid"``.
    fn, grad : callable
        NumPy ``f(z, **params)`` and ``f'(z, **params)``; any shape in, same shape out.
    torch_fn : callable
        PyTorch ``f(z, **params)`` on a tensor, differentiable by autograd when
        ``differentiable`` is true.
    formula : str
        LaTeX for ``f(z)``.
    output_range : str
        The set of values ``f`` takes, e.g. ``"(0, 1)"``.
    differentiable : bool
        False for the step, whose derivative is zero wherever it exists.
    params : mapping
        Default keyword parameters (``{"alpha": 0.01}`` for Leaky ReLU).
    source : str
        Where the function comes from (paper or chapter).
    """

    name: str
    fn: Callable
    grad: Callable
    torch_fn: Callable
    formula: str
    output_range: str
    source: str
    differentiable: bool = True
    params: Mapping[str, float] = field(default_factory=dict)

    def __call__(self, z, **params):
        return self.fn(z, **params)


def _torch_step(z: torch.Tensor) -> torch.Tensor:
    return torch.heaviside(z, torch.ones_like(z))


def _torch_leaky_relu(z: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    return torch.nn.functional.leaky_relu(z, negative_slope=alpha)


ACTIVATIONS: Mapping[str, Activation] = MappingProxyType(
    {
        a.name: a
        for a in (
            Activation("step", step, step_prime, _torch_step, r"1 \text{ if } z \ge 0 \text{ else } 0",
                       "{0, 1}", "McCulloch & Pitts (1943); Chapter 1", differentiable=False),
            Activation("identity", identity, identity_prime, lambda z: z, r"z",
                       "(-inf, inf)", "Chapter 1"),
            Activation("sigmoid", sigmoid, sigmoid_prime, torch.sigmoid, r"\frac{1}{1 + e^{-z}}",
                       "(0, 1)", "logistic function; Chapter 1"),
            Activation("tanh", tanh, tanh_prime, torch.tanh, r"\tanh z",
                       "(-1, 1)", "Chapter 1"),
            Activation("relu", relu, relu_prime, torch.relu, r"\max(0, z)",
                       "[0, inf)", "Nair & Hinton (2010); Chapter 1"),
            Activation("leaky_relu", leaky_relu, leaky_relu_prime, _torch_leaky_relu,
                       r"z \text{ if } z > 0 \text{ else } \alpha z", "(-inf, inf)",
                       "Maas, Hannun & Ng (2013); Chapter 2", params={"alpha": 0.01}),
        )
    }
)

#: PyTorch counterparts by name: ``TORCH["sigmoid"](tensor)``.
TORCH: Mapping[str, Callable] = MappingProxyType({k: a.torch_fn for k, a in ACTIVATIONS.items()})


class UnknownActivationError(KeyError):
    """Raised by :func:`get_activation` for a name that is not registered.

    A ``KeyError`` (a failed registry lookup) whose message prints without the quotes
    ``KeyError`` normally adds.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def activation_names() -> list[str]:
    """The registered names, in the book's order."""
    return list(ACTIVATIONS)


def get_activation(name: str) -> Activation:
    """Look up an activation by name (case-insensitive; ``-`` and spaces read as ``_``).

    Raises
    ------
    UnknownActivationError
        (a ``KeyError``) if ``name`` is not registered; the message lists the valid names.
    TypeError
        If ``name`` is not a string.
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ACTIVATIONS[key]
    except KeyError:
        raise UnknownActivationError(
            f"unknown activation {name!r}; expected one of: {', '.join(ACTIVATIONS)}"
        ) from None
