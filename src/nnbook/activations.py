r"""Activation functions: a registry of named non-linearities with their derivatives.

Each entry of :data:`ACTIVATIONS` is an :class:`Activation` holding the NumPy function
``fn``, its derivative ``grad`` (with respect to the pre-activation ``z``) and the facts a
chapter prints (formula, output range, whether it is zero-centred or saturates, a source,
the name of the PyTorch function that computes it).  Look entries up with
:func:`get_activation`, which names the valid choices when a name is wrong.  Chapter 1
introduces the classic functions; Chapter 2 the rest.  The functions themselves live by
family in :mod:`nnbook.activation_fns` and are re-exported here, so
``from nnbook.activations import selu, PReLU, softmax`` works.

The registry is NumPy only and imports without PyTorch.  The PyTorch twin of every entry,
with the same parameter names, is ``nnbook.pytorch.TORCH[name]`` (also ``nnbook.TORCH``,
loaded on first use), which a test compares with ``fn`` and ``grad`` entry by entry.

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

from . import activation_fns as _fns
from .activation_fns import *  # noqa: F401,F403  (the functions, re-exported)

__all__ = [
    "Activation",
    "UnknownActivationError",
    "ACTIVATIONS",
    "ALIASES",
    "get_activation",
    "elementwise_activation",
    "activation_names",
    *_fns.__all__,
]


@dataclass(frozen=True)
class Activation:
    """One named activation: the function, its derivative and its facts.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"sigmoid"``.
    fn, grad : callable
        NumPy ``f(z, **params)`` and its derivative ``f'(z, **params)``.  Element-wise
        entries: any shape in, same shape out.  Softmax: ``grad`` is the per-row Jacobian.
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
        The PyTorch function that computes ``f``, for printing; the callable itself is
        ``nnbook.pytorch.TORCH[name]``.

    Examples
    --------
    >>> act = ACTIVATIONS["leaky_relu"]
    >>> act.label, act.output_range, dict(act.params)
    ('Leaky ReLU', '(-inf, inf)', {'alpha': 0.01})
    >>> act(np.array([-2.0, 3.0])).tolist()       # act(z) is act.fn(z)
    [-0.02, 3.0]
    >>> act.grad(np.array([-2.0, 3.0]), alpha=0.1).tolist()
    [0.1, 1.0]
    """

    name: str
    fn: Callable
    grad: Callable
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


_ENTRIES = (
    Activation("step", _fns.step, _fns.step_prime, r"1 \text{ if } z \ge 0 \text{ else } 0",
               "{0, 1}", "McCulloch & Pitts (1943); Chapter 1", differentiable=False, saturates=True,
               label="step", torch_name="torch.heaviside"),
    Activation("identity", _fns.identity, _fns.identity_prime, r"z", "(-inf, inf)",
               "Chapter 1", zero_centred=True, label="identity", torch_name="torch.nn.Identity"),
    Activation("sigmoid", _fns.sigmoid, _fns.sigmoid_prime, r"\frac{1}{1 + e^{-z}}",
               "(0, 1)", "logistic function; Chapter 1", saturates=True, label="sigmoid",
               torch_name="torch.sigmoid"),
    Activation("tanh", _fns.tanh, _fns.tanh_prime, r"\tanh z", "(-1, 1)", "Chapter 1",
               zero_centred=True, saturates=True, label="tanh", torch_name="torch.tanh"),
    Activation("relu", _fns.relu, _fns.relu_prime, r"\max(0, z)", "[0, inf)",
               "Nair & Hinton (2010); Chapter 1", label="ReLU", torch_name="torch.relu"),
    Activation("leaky_relu", _fns.leaky_relu, _fns.leaky_relu_prime,
               r"z \text{ if } z > 0 \text{ else } \alpha z", "(-inf, inf)",
               "Maas, Hannun & Ng (2013); Chapter 2", params={"alpha": 0.01}, label="Leaky ReLU",
               torch_name="torch.nn.functional.leaky_relu"),
    Activation("prelu", _fns.prelu, _fns.prelu_prime,
               r"z \text{ if } z > 0 \text{ else } \alpha z \ (\alpha \text{ learned})", "(-inf, inf)",
               "He, Zhang, Ren & Sun (2015), Delving deep into rectifiers; Chapter 2",
               params={"alpha": 0.25}, label="PReLU", torch_name="torch.nn.functional.prelu"),
    Activation("elu", _fns.elu, _fns.elu_prime,
               r"z \text{ if } z > 0 \text{ else } \alpha (e^{z} - 1)", "(-alpha, inf)",
               "Clevert, Unterthiner & Hochreiter (2016), ICLR; Chapter 2", params={"alpha": 1.0},
               label="ELU", torch_name="torch.nn.functional.elu"),
    Activation("selu", _fns.selu, _fns.selu_prime,
               r"\lambda z \text{ if } z > 0 \text{ else } \lambda\alpha (e^{z} - 1)", "(-1.7581, inf)",
               "Klambauer, Unterthiner, Mayr & Hochreiter (2017), Self-normalizing neural networks; "
               "Chapter 2", zero_centred=True, label="SELU", torch_name="torch.selu"),
    Activation("gelu", _fns.gelu, _fns.gelu_prime, r"z\,\Phi(z)", "[-0.1700, inf)",
               "Hendrycks & Gimpel (2016), Gaussian error linear units; Chapter 2", label="GELU",
               torch_name="torch.nn.functional.gelu"),
    Activation("gelu_tanh", _fns.gelu_tanh, _fns.gelu_tanh_prime,
               r"\tfrac12 z\,(1 + \tanh[\sqrt{2/\pi}\,(z + 0.044715 z^3)])", "[-0.1700, inf)",
               "Hendrycks & Gimpel (2016); Chapter 2", label="GELU (tanh approx.)",
               torch_name="torch.nn.functional.gelu(approximate='tanh')"),
    Activation("swish", _fns.swish, _fns.swish_prime, r"z\,\sigma(\beta z)",
               "[-0.2785, inf)", "Ramachandran, Zoph & Le (2017); SiLU: Elfwing, Uchibe & Doya (2018); "
               "Chapter 2", params={"beta": 1.0}, label="Swish / SiLU",
               torch_name="torch.nn.functional.silu"),
    Activation("mish", _fns.mish, _fns.mish_prime, r"z \tanh(\ln(1 + e^{z}))", "[-0.3088, inf)",
               "Misra (2019), Mish: a self regularized non-monotonic activation; Chapter 2",
               label="Mish", torch_name="torch.nn.functional.mish"),
    Activation("softplus", _fns.softplus, _fns.softplus_prime, r"\ln(1 + e^{z})",
               "(0, inf)", "Dugas et al. (2001); Glorot, Bordes & Bengio (2011); Chapter 2",
               label="Softplus", torch_name="torch.nn.functional.softplus"),
    Activation("softmax", _fns.softmax, _fns.softmax_jacobian,
               r"\frac{e^{z_i}}{\sum_j e^{z_j}}", "(0, 1), rows sum to 1",
               "Bridle (1990); Chapter 2", saturates=True, elementwise=False, label="softmax",
               torch_name="torch.softmax"),
)

ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})

#: Other names accepted by :func:`get_activation`.
ALIASES: Mapping[str, str] = MappingProxyType({"silu": "swish", "linear": "identity"})


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

    Raises
    ------
    TypeError
        If ``elementwise`` is not ``None``, ``True`` or ``False``.

    Examples
    --------
    >>> activation_names()[:4]
    ['step', 'identity', 'sigmoid', 'tanh']
    >>> activation_names(elementwise=False)
    ['softmax']
    """
    if elementwise is not None and not isinstance(elementwise, bool):
        raise TypeError(f"elementwise must be None, True or False, got {elementwise!r}")
    return [k for k, a in ACTIVATIONS.items() if elementwise is None or a.elementwise == elementwise]


def get_activation(name: str | Activation) -> Activation:
    """Look up an activation by name (case-insensitive; ``-`` and spaces read as ``_``).

    An :class:`Activation` is returned as it is; names in :data:`ALIASES` (``"silu"``) lead
    to their entry.

    Raises
    ------
    UnknownActivationError
        (a ``KeyError``) if ``name`` is not registered; the message lists the valid names.
    TypeError
        If ``name`` is not a string.

    Examples
    --------
    >>> act = get_activation("Leaky-ReLU")
    >>> act.name, act.label
    ('leaky_relu', 'Leaky ReLU')
    >>> get_activation("SiLU").name
    'swish'
    >>> get_activation("sigmod")
    Traceback (most recent call last):
        ...
    nnbook.activations.UnknownActivationError: unknown activation 'sigmod'; expected one of: step, identity, ...
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


def elementwise_activation(name: str | Activation, user: str, why: str = "") -> Activation:
    """:func:`get_activation`, refusing entries that are not element-wise (softmax).

    For code that applies the activation to each number on its own and differentiates it
    entry by entry (a neuron, a dense layer), where softmax would give a wrong answer
    without an error.

    Parameters
    ----------
    name : str or Activation
    user : str
        Who needs the activation, for the message (``"neuron_forward"``).
    why : str, optional
        A sentence added to the message, saying what softmax would do there.

    Raises
    ------
    ValueError
        If the entry is not element-wise; the message lists the element-wise names.
    UnknownActivationError, TypeError
        As :func:`get_activation`.

    Examples
    --------
    >>> elementwise_activation("tanh", "a neuron").name
    'tanh'
    >>> elementwise_activation("softmax", "a neuron")
    Traceback (most recent call last):
        ...
    ValueError: a neuron needs an element-wise activation, got 'softmax'; expected one of: step, identity, ...
    """
    act = get_activation(name)
    if not act.elementwise:
        raise ValueError(f"{user} needs an element-wise activation, got {act.name!r}{'; ' + why if why else ''}; "
                         f"expected one of: {', '.join(activation_names(elementwise=True))}")
    return act
