r"""The PyTorch side of the book, in one module (Chapters 1, 2, 7 and 8).

The NumPy code (:mod:`~nnbook.neuron`, :mod:`~nnbook.activations`, :mod:`~nnbook.layers`,
:mod:`~nnbook.mlp`, ...) runs without PyTorch; this is the only module of the package that
imports ``torch``, and nothing imports it at start-up: ``nnbook.TORCH`` and
``nnbook.TorchNeuron`` load it on first use, and so do :meth:`MLP.to_torch
<nnbook.mlp.MLP.to_torch>` and :meth:`MLP.from_torch <nnbook.mlp.MLP.from_torch>`.

* :data:`TORCH`: the PyTorch twin of every registry activation, by registry name, taking the
  NumPy function's parameters under the same names (``TORCH["leaky_relu"](z, alpha=0.1)``);
* :class:`TorchNeuron`: the neuron of Chapter 1 as an ``nn.Module`` built on
  ``nn.Linear(in_features, 1)``;
* :func:`torch_activation` and :class:`TorchActivation`: a registry activation as an
  ``nn.Module``;
* :func:`to_sequential` and :func:`dense_layers`: a stack of :class:`~nnbook.layers.Dense`
  layers to and from ``nn.Sequential(nn.Linear, activation, ...)`` with copied weights (the
  conversion behind ``MLP.to_torch`` / ``MLP.from_torch``, Chapter 7).

Imports: this module uses :mod:`~nnbook.activations` and :mod:`~nnbook.layers` only.  It
takes a NumPy neuron as a duck-typed object (``in_features``, ``w``, ``b``, ``activation``)
and a network as its list of Dense layers, so :mod:`~nnbook.neuron` and :mod:`~nnbook.mlp`
never need to be imported here, and ``mlp`` can import this module inside its methods
without an import cycle.

Examples
--------
Chapter 1's worked neuron, copied from NumPy into PyTorch (the examples in this module's
docstrings are run by the tests; Chapter 1 prints :class:`TorchNeuron`'s source, so its own
docstring stays short):

>>> from nnbook import Neuron
>>> neuron = TorchNeuron.from_numpy(Neuron(3, "sigmoid", w=[0.7, -0.3, 0.5], b=-0.1))
>>> neuron
TorchNeuron(
  activation='sigmoid'
  (linear): Linear(in_features=3, out_features=1, bias=True)
)
>>> x = torch.tensor([0.6, 0.4, -0.2], dtype=torch.float64)
>>> round(neuron(x).item(), 4)                 # sigmoid(0.1), as neuron_forward gives
0.525
>>> round(TORCH["leaky_relu"](torch.tensor(-2.0), alpha=0.1).item(), 4)
-0.2
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Mapping, Sequence

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ModuleNotFoundError as err:  # the NumPy core works without torch; this module does not
    if err.name != "torch":
        raise
    raise ModuleNotFoundError(
        "nnbook.pytorch (TORCH, TorchNeuron, MLP.to_torch/from_torch) needs PyTorch, which is not "
        "installed; install the version the book is tested with: pip install torch==2.13.0 "
        "(the CPU build is enough: see the README's note on PyTorch)",
        name="torch",
    ) from err

from .activations import Activation, elementwise_activation, get_activation
from .checks import check_int
from .layers import Dense

__all__ = ["TORCH", "TorchNeuron", "TorchActivation", "torch_activation", "to_sequential", "dense_layers"]


# --- the activations: PyTorch counterparts with the NumPy functions' parameter names ----


def _step(z: torch.Tensor) -> torch.Tensor:
    return torch.heaviside(z, torch.ones_like(z))


def _identity(z: torch.Tensor) -> torch.Tensor:
    return z


def _leaky_relu(z: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    return F.leaky_relu(z, negative_slope=alpha)


def _prelu(z: torch.Tensor, alpha: float = 0.25) -> torch.Tensor:
    return F.prelu(z, torch.tensor([alpha], dtype=z.dtype))


def _elu(z: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    return F.elu(z, alpha=alpha)


def _gelu_tanh(z: torch.Tensor) -> torch.Tensor:
    return F.gelu(z, approximate="tanh")


def _swish(z: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    # torch has SiLU (beta = 1) only; z * sigmoid(beta z) = silu(beta z) / beta for beta != 0.
    return F.silu(z) if beta == 1.0 else z * torch.sigmoid(beta * z)


def _softplus(z: torch.Tensor) -> torch.Tensor:
    # threshold=40 instead of torch's default 20: above 40, z + log1p(exp(-z)) rounds to z in
    # float64, so torch is then exact too (with 20 it is off by up to log1p(e^-20) = 2.1e-9).
    return F.softplus(z, beta=1.0, threshold=40.0)


def _softmax(z: torch.Tensor, axis: int = -1) -> torch.Tensor:
    return torch.softmax(z, dim=axis)


#: PyTorch counterparts by registry name: ``TORCH["sigmoid"](tensor)``; parameters keep the
#: NumPy names (``TORCH["elu"](z, alpha=0.5)``).  Each entry's ``torch_name`` says what it calls.
TORCH: Mapping[str, Callable] = MappingProxyType({
    "step": _step, "identity": _identity, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "relu": torch.relu, "leaky_relu": _leaky_relu, "prelu": _prelu, "elu": _elu, "selu": torch.selu,
    "gelu": F.gelu, "gelu_tanh": _gelu_tanh, "swish": _swish, "mish": F.mish, "softplus": _softplus,
    "softmax": _softmax,
})


# --- the neuron (Chapter 1) --------------------------------------------------------------


class TorchNeuron(nn.Module):
    """The same neuron in PyTorch: ``nn.Linear(in_features, 1)`` followed by an activation.

    ``linear.weight`` has shape ``(1, in_features)`` (one row of ``W``) and
    ``linear.bias`` shape ``(1,)``.  ``forward`` maps ``(in_features,)`` to ``()`` and
    ``(N, in_features)`` to ``(N,)``, like :func:`~nnbook.neuron.neuron_forward`.
    """

    def __init__(self, in_features: int, activation: str = "sigmoid"):
        super().__init__()
        self.activation = elementwise_activation(activation, "TorchNeuron")  # a registry entry, not softmax
        self.linear = nn.Linear(check_int(in_features, "in_features"), 1)

    @classmethod
    def from_numpy(cls, neuron, dtype: torch.dtype = torch.float64) -> "TorchNeuron":
        """A ``TorchNeuron`` carrying the parameters of a NumPy :class:`~nnbook.neuron.Neuron`."""
        out = cls(neuron.in_features, neuron.activation.name).to(dtype)
        with torch.no_grad():
            out.linear.weight.copy_(torch.as_tensor(neuron.w, dtype=dtype).unsqueeze(0))
            out.linear.bias.fill_(neuron.b)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return TORCH[self.activation.name](self.linear(x).squeeze(-1))

    def extra_repr(self) -> str:
        return f"activation={self.activation.name!r}"


# --- activations as modules, and whole networks (Chapter 7) --------------------------------

# activations with a native torch.nn module (the rest are wrapped in TorchActivation)
_TORCH_MODULES = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "identity": nn.Identity}


class TorchActivation(nn.Module):
    """A registry activation as a ``torch.nn.Module`` (for those without a native module).

    ``forward`` applies ``TORCH[name]`` with the registry's default parameters.

    Examples
    --------
    >>> TorchActivation("gelu")
    TorchActivation('gelu')
    >>> TorchActivation("mish")(torch.zeros(2)).tolist()
    [0.0, 0.0]
    """

    def __init__(self, name: str | Activation):
        super().__init__()
        self.activation = get_activation(name)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return TORCH[self.activation.name](z)

    def extra_repr(self) -> str:
        return repr(self.activation.name)


def torch_activation(activation: str | Activation) -> nn.Module:
    """The ``torch.nn`` module computing a registry activation with its default parameters.

    ``nn.ReLU``, ``nn.Sigmoid``, ``nn.Tanh``, ``nn.Identity`` and ``nn.LeakyReLU`` where
    they exist, otherwise a :class:`TorchActivation`.

    Raises
    ------
    UnknownActivationError, TypeError
        As :func:`~nnbook.activations.get_activation`.

    Examples
    --------
    >>> torch_activation("relu")
    ReLU()
    >>> torch_activation("leaky_relu")
    LeakyReLU(negative_slope=0.01)
    >>> torch_activation("swish")
    TorchActivation('swish')
    """
    act = get_activation(activation)
    if act.name == "leaky_relu":
        return nn.LeakyReLU(negative_slope=act.params.get("alpha", 0.01))
    if act.name in _TORCH_MODULES:
        return _TORCH_MODULES[act.name]()
    return TorchActivation(act.name)


def _activation_name(module: nn.Module) -> str:
    """Registry name of a torch activation module; ValueError if it is not one."""
    if isinstance(module, TorchActivation):
        return module.activation.name
    if isinstance(module, nn.LeakyReLU):
        alpha = get_activation("leaky_relu").params.get("alpha", 0.01)
        if module.negative_slope != alpha:
            raise ValueError(f"nn.LeakyReLU must have negative_slope={alpha} (the registry's), "
                             f"got {module.negative_slope}")
        return "leaky_relu"
    for name, cls in _TORCH_MODULES.items():
        if type(module) is cls:
            return name
    raise ValueError(
        f"cannot convert {module!r}: expected nn.Linear or an activation module "
        f"({', '.join(c.__name__ for c in _TORCH_MODULES.values())}, LeakyReLU, TorchActivation)"
    )


def to_sequential(layers: Sequence[Dense], dtype: torch.dtype | None = None) -> nn.Sequential:
    """Dense layers as ``nn.Sequential(nn.Linear, activation, nn.Linear, ...)`` with copied weights.

    Every layer contributes an ``nn.Linear`` and its activation module (:func:`torch_activation`;
    ``nn.Identity`` for ``"identity"``).  The weights are copies: training one model does not
    change the other.  In float64 (the default) the outputs equal the NumPy forward pass to
    rounding.  ``MLP.to_torch`` calls this with the model's layers.

    Parameters
    ----------
    layers : sequence of Dense (or an MLP, which iterates over its layers)
        Objects with ``in_features``, ``out_features``, ``W``, ``b`` and ``activation``.
    dtype : torch.dtype, optional
        Default ``torch.float64`` (the NumPy code's precision).

    Raises
    ------
    ValueError
        If ``layers`` is empty.
    TypeError
        If ``dtype`` is not a ``torch.dtype``.

    Examples
    --------
    >>> layer = Dense(2, 1, "sigmoid", W=[[1.0, -1.0]], b=[0.5])
    >>> to_sequential([layer])
    Sequential(
      (0): Linear(in_features=2, out_features=1, bias=True)
      (1): Sigmoid()
    )
    """
    dtype = torch.float64 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype):
        raise TypeError(f"dtype must be a torch.dtype such as torch.float64, got {dtype!r}")
    layers = list(layers)
    if not layers:
        raise ValueError("to_sequential needs at least one Dense layer, got none")
    modules: list[nn.Module] = []
    for layer in layers:
        linear = nn.Linear(layer.in_features, layer.out_features, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.W))
            linear.bias.copy_(torch.from_numpy(layer.b))
        modules += [linear, torch_activation(layer.activation)]
    return nn.Sequential(*modules)


def dense_layers(model: nn.Sequential) -> list[Dense]:
    """The :class:`~nnbook.layers.Dense` layers carrying the weights of an ``nn.Sequential``.

    Each ``nn.Linear`` (with a bias) may be followed by one activation module; a linear
    layer with none gets ``"identity"``.  Weights are copied to float64.
    ``MLP.from_torch`` wraps the result with ``MLP.from_layers``.

    Raises
    ------
    ValueError
        For modules other than ``nn.Linear`` and the supported activations, a linear
        layer without bias, an activation with no linear layer before it, or layer
        sizes that do not chain.

    Examples
    --------
    >>> [layer.activation.name for layer in dense_layers(nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)))]
    ['tanh', 'identity']
    """
    if not isinstance(model, nn.Sequential) or len(model) == 0:
        raise ValueError(f"expected a non-empty nn.Sequential, got {type(model).__name__}")
    specs: list[list] = []  # [linear, activation name or None]
    for module in model:
        if isinstance(module, nn.Linear):
            if module.bias is None:
                raise ValueError(f"{module!r} has no bias; Dense layers always have one")
            if specs and specs[-1][0].out_features != module.in_features:
                raise ValueError(f"layer sizes do not chain: {specs[-1][0]!r} then {module!r}")
            specs.append([module, None])
        else:
            name = _activation_name(module)
            if not specs or specs[-1][1] is not None:
                raise ValueError(f"activation {module!r} must follow an nn.Linear")
            specs[-1][1] = name
    return [Dense(lin.in_features, lin.out_features, act or "identity",
                  W=lin.weight.detach().cpu().double().numpy(),
                  b=lin.bias.detach().cpu().double().numpy())
            for lin, act in specs]
