r"""Activation functions: a registry of named non-linearities with their derivatives.

Each entry of :data:`ACTIVATIONS` is an :class:`Activation` holding the NumPy function
``fn``, its derivative ``grad`` (with respect to the pre-activation ``z``), the PyTorch
counterpart ``torch_fn`` and the facts a chapter prints (formula, output range, whether it
is zero-centred or saturates, a source).  Look entries up with :func:`get_activation`, which
names the valid choices when a name is wrong.  Chapter 1 introduces the classic functions;
Chapter 2 the rest.  The functions themselves live by family in :mod:`nnbook.activation_fns`
and are re-exported here, so ``from nnbook.activations import selu, PReLU, softmax`` works.

Conventions (chosen to match PyTorch, so tests can compare with autograd):

* ``step(0) = 1`` (Heaviside with value 1 at the origin), and its derivative is 0 wherever
  it exists; the step is marked ``differentiable=False``.
* At a kink the left-hand derivative is used: ``relu'(0) = 0``, ``leaky_relu'(0) = alpha``,
  ``elu'(0) = alpha``, the values ``torch.autograd`` returns.
* Every entry but ``softmax`` is element-wise (``elementwise=True``): any shape in, same
  shape out, and ``grad(z)`` is :math:`f'(z)` entry by entry.  Softmax normalises along an
  axis; its ``grad`` returns the Jacobian of each row, shape ``(..., C, C)``
  (:func:`softmax_jacobian`), and :func:`softmax_vjp` is its backward pass.  A single
  neuron (one scalar ``z``) can only use element-wise entries:
  ``activation_names(elementwise=True)``.

Everything is float64 and stable at the extremes: :math:`z = \pm 1000` gives finite, correct
values without overflow warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import torch
import torch.nn.functional as F

from . import activation_fns as _fns
from .activation_fns import *  # noqa: F401,F403  (the functions, re-exported)

__all__ = [
    "Activation",
    "UnknownActivationError",
    "ACTIVATIONS",
    "ALIASES",
    "TORCH",
    "get_activation",
    "activation_names",
    *_fns.__all__,
]


@dataclass(frozen=True)
class Activation:
    """One named activation: the function, its derivative, its PyTorch twin and its facts.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"sigmoid"``.
    fn, grad : callable
        NumPy ``f(z, **params)`` and its derivative ``f'(z, **params)``.  Element-wise
        entries: any shape in, same shape out.  Softmax: ``grad`` is the per-row Jacobian.
    torch_fn : callable
        PyTorch ``f(z, **params)`` on a tensor (same parameter names), differentiable by
        autograd when ``differentiable`` is true.
    formula : str
        LaTeX for ``f(z)``.
    output_range : str
        The set of values ``f`` takes with the default parameters, e.g. ``"(0, 1)"``.
    source : str
        Where the function comes from (paper or chapter).
    differentiable : bool
        False for the step, whose derivative is zero wherever it exists.
    params : mapping
        Default keyword parameters (``{"alpha": 0.01}`` for Leaky ReLU).
    zero_centred : bool
        True when standard-normal inputs give outputs of mean 0 (identity, tanh, SELU).
    saturates : bool
        True when :math:`f'(z) \\to 0` as :math:`z \\to -\\infty` *and* :math:`z \\to +\\infty`, so a
        large input in either direction stops the gradient (Gulcehre et al., 2016).
    elementwise : bool
        False for softmax, whose outputs each depend on the whole row.
    label : str
        Display name, e.g. ``"Leaky ReLU"``.
    torch_name : str
        The PyTorch function that ``torch_fn`` calls, for printing.
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
    zero_centred: bool = False
    saturates: bool = False
    elementwise: bool = True
    label: str = ""
    torch_name: str = ""

    def __call__(self, z, **params):
        return self.fn(z, **params)


# --- PyTorch counterparts with the NumPy functions' parameter names -------------------


def _torch_step(z: torch.Tensor) -> torch.Tensor:
    return torch.heaviside(z, torch.ones_like(z))


def _torch_leaky_relu(z: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    return F.leaky_relu(z, negative_slope=alpha)


def _torch_prelu(z: torch.Tensor, alpha: float = 0.25) -> torch.Tensor:
    return F.prelu(z, torch.tensor([alpha], dtype=z.dtype))


def _torch_elu(z: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    return F.elu(z, alpha=alpha)


def _torch_gelu_tanh(z: torch.Tensor) -> torch.Tensor:
    return F.gelu(z, approximate="tanh")


def _torch_swish(z: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    # torch has SiLU (beta = 1) only; z * sigmoid(beta z) = silu(beta z) / beta for beta != 0.
    return F.silu(z) if beta == 1.0 else z * torch.sigmoid(beta * z)


def _torch_softplus(z: torch.Tensor) -> torch.Tensor:
    # threshold=40 instead of torch's default 20: above 40, z + log1p(exp(-z)) rounds to z in
    # float64, so torch is then exact too (with 20 it is off by up to log1p(e^-20) = 2.1e-9).
    return F.softplus(z, beta=1.0, threshold=40.0)


def _torch_softmax(z: torch.Tensor, axis: int = -1) -> torch.Tensor:
    return torch.softmax(z, dim=axis)


_ENTRIES = (
    Activation("step", _fns.step, _fns.step_prime, _torch_step, r"1 \text{ if } z \ge 0 \text{ else } 0",
               "{0, 1}", "McCulloch & Pitts (1943); Chapter 1", differentiable=False, saturates=True,
               label="step", torch_name="torch.heaviside"),
    Activation("identity", _fns.identity, _fns.identity_prime, lambda z: z, r"z", "(-inf, inf)",
               "Chapter 1", zero_centred=True, label="identity", torch_name="torch.nn.Identity"),
    Activation("sigmoid", _fns.sigmoid, _fns.sigmoid_prime, torch.sigmoid, r"\frac{1}{1 + e^{-z}}",
               "(0, 1)", "logistic function; Chapter 1", saturates=True, label="sigmoid",
               torch_name="torch.sigmoid"),
    Activation("tanh", _fns.tanh, _fns.tanh_prime, torch.tanh, r"\tanh z", "(-1, 1)", "Chapter 1",
               zero_centred=True, saturates=True, label="tanh", torch_name="torch.tanh"),
    Activation("relu", _fns.relu, _fns.relu_prime, torch.relu, r"\max(0, z)", "[0, inf)",
               "Nair & Hinton (2010); Chapter 1", label="ReLU", torch_name="torch.relu"),
    Activation("leaky_relu", _fns.leaky_relu, _fns.leaky_relu_prime, _torch_leaky_relu,
               r"z \text{ if } z > 0 \text{ else } \alpha z", "(-inf, inf)",
               "Maas, Hannun & Ng (2013); Chapter 2", params={"alpha": 0.01}, label="Leaky ReLU",
               torch_name="torch.nn.functional.leaky_relu"),
    Activation("prelu", _fns.prelu, _fns.prelu_prime, _torch_prelu,
               r"z \text{ if } z > 0 \text{ else } \alpha z \ (\alpha \text{ learned})", "(-inf, inf)",
               "He, Zhang, Ren & Sun (2015), Delving deep into rectifiers; Chapter 2",
               params={"alpha": 0.25}, label="PReLU", torch_name="torch.nn.functional.prelu"),
    Activation("elu", _fns.elu, _fns.elu_prime, _torch_elu,
               r"z \text{ if } z > 0 \text{ else } \alpha (e^{z} - 1)", "(-alpha, inf)",
               "Clevert, Unterthiner & Hochreiter (2016), ICLR; Chapter 2", params={"alpha": 1.0},
               label="ELU", torch_name="torch.nn.functional.elu"),
    Activation("selu", _fns.selu, _fns.selu_prime, torch.selu,
               r"\lambda z \text{ if } z > 0 \text{ else } \lambda\alpha (e^{z} - 1)", "(-1.7581, inf)",
               "Klambauer, Unterthiner, Mayr & Hochreiter (2017), Self-normalizing neural networks; "
               "Chapter 2", zero_centred=True, label="SELU", torch_name="torch.selu"),
    Activation("gelu", _fns.gelu, _fns.gelu_prime, F.gelu, r"z\,\Phi(z)", "[-0.1700, inf)",
               "Hendrycks & Gimpel (2016), Gaussian error linear units; Chapter 2", label="GELU",
               torch_name="torch.nn.functional.gelu"),
    Activation("gelu_tanh", _fns.gelu_tanh, _fns.gelu_tanh_prime, _torch_gelu_tanh,
               r"\tfrac12 z\,(1 + \tanh[\sqrt{2/\pi}\,(z + 0.044715 z^3)])", "[-0.1700, inf)",
               "Hendrycks & Gimpel (2016); Chapter 2", label="GELU (tanh approx.)",
               torch_name="torch.nn.functional.gelu(approximate='tanh')"),
    Activation("swish", _fns.swish, _fns.swish_prime, _torch_swish, r"z\,\sigma(\beta z)",
               "[-0.2785, inf)", "Ramachandran, Zoph & Le (2017); SiLU: Elfwing, Uchibe & Doya (2018); "
               "Chapter 2", params={"beta": 1.0}, label="Swish / SiLU",
               torch_name="torch.nn.functional.silu"),
    Activation("mish", _fns.mish, _fns.mish_prime, F.mish, r"z \tanh(\ln(1 + e^{z}))", "[-0.3088, inf)",
               "Misra (2019), Mish: a self regularized non-monotonic activation; Chapter 2",
               label="Mish", torch_name="torch.nn.functional.mish"),
    Activation("softplus", _fns.softplus, _fns.softplus_prime, _torch_softplus, r"\ln(1 + e^{z})",
               "(0, inf)", "Dugas et al. (2001); Glorot, Bordes & Bengio (2011); Chapter 2",
               label="Softplus", torch_name="torch.nn.functional.softplus"),
    Activation("softmax", _fns.softmax, _fns.softmax_jacobian, _torch_softmax,
               r"\frac{e^{z_i}}{\sum_j e^{z_j}}", "(0, 1), rows sum to 1",
               "Bridle (1990); Chapter 2", saturates=True, elementwise=False, label="softmax",
               torch_name="torch.softmax"),
)

ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})

#: Other names accepted by :func:`get_activation`.
ALIASES: Mapping[str, str] = MappingProxyType({"silu": "swish", "linear": "identity"})

#: PyTorch counterparts by name: ``TORCH["sigmoid"](tensor)``.
TORCH: Mapping[str, Callable] = MappingProxyType({k: a.torch_fn for k, a in ACTIVATIONS.items()})


class UnknownActivationError(KeyError):
    """Raised by :func:`get_activation` for a name that is not registered.

    A ``KeyError`` (a failed registry lookup) whose message prints without the quotes
    ``KeyError`` normally adds.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def activation_names(elementwise: bool | None = None) -> list[str]:
    """The registered names, in the book's order.

    ``elementwise=True`` keeps only the entries that act on each number separately (what a
    single neuron can use); ``False`` only the others (softmax); ``None`` (default) all.
    """
    return [k for k, a in ACTIVATIONS.items() if elementwise is None or a.elementwise == elementwise]


def get_activation(name: str) -> Activation:
    """Look up an activation by name (case-insensitive; ``-`` and spaces read as ``_``).

    An :class:`Activation` is returned as it is; names in :data:`ALIASES` (``"silu"``) lead
    to their entry.

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
        return ACTIVATIONS[ALIASES.get(key, key)]
    except KeyError:
        raise UnknownActivationError(
            f"unknown activation {name!r}; expected one of: {', '.join(ACTIVATIONS)}"
        ) from None
