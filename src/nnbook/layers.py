r"""The dense (fully connected) layer with its forward and backward pass (Chapters 7 and 8).

A dense layer maps a batch ``X`` of shape ``(N, in_features)`` to

.. math::  Z = X W^\top + b, \qquad A = f(Z),

with ``W`` of shape ``(out_features, in_features)`` (one row per neuron, exactly like
``torch.nn.Linear.weight``) and ``b`` of shape ``(out_features,)``.  Given the gradient of
the loss with respect to the output, ``dA = dL/dA`` of shape ``(N, out_features)``, the
chain rule gives (Chapter 8 derives these lines)

.. math::
    dZ = dA \odot f'(Z), \qquad dW = dZ^\top X, \qquad db = \textstyle\sum_n dZ_n,
    \qquad dX = dZ\, W .

The module keeps the math apart from the bookkeeping: :func:`linear_forward`,
:func:`linear_backward` and :func:`activation_backward` are plain functions, and
:class:`Dense` is a thin stateful wrapper that caches ``X`` and ``Z`` in ``forward`` and
*accumulates* ``dW`` and ``db`` in ``backward`` (``+=``, as PyTorch accumulates ``.grad``)
until :meth:`Dense.zero_grad`.  Its weights are :class:`Parameter` objects (``.data`` and
``.grad``), so an optimiser from :mod:`nnbook.optim` can update them in place.

Initialisers (:data:`INITIALIZERS`): He for the ReLU family, Xavier/Glorot otherwise,
and PyTorch's own ``nn.Linear`` default.  Everything is float64, so results agree with
PyTorch in float64 to rounding error.  Not here: layers with other shapes (convolutions),
learnable activation parameters (PReLU's α is used at its registry default), dropout.
"""
from __future__ import annotations

from typing import Callable, Mapping
from types import MappingProxyType

import numpy as np

from .activations import Activation, get_activation

__all__ = [
    "Parameter",
    "linear_forward",
    "linear_backward",
    "activation_backward",
    "he_normal",
    "xavier_uniform",
    "torch_default",
    "INITIALIZERS",
    "RELU_FAMILY",
    "default_init",
    "Dense",
]

#: Activations that get He initialisation by default (everything else gets Xavier/Glorot).
RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "elu", "gelu", "gelu_tanh", "swish", "mish"})


class Parameter:
    """A learnable array and the gradient of the loss with respect to it (like ``torch.nn.Parameter``).

    Parameters
    ----------
    data : array_like
        Initial values; copied to a float64 array.
    name : str, optional
        A label for ``repr`` (``"W"`` or ``"b"``).

    Attributes
    ----------
    data : ndarray
        The values.  Optimisers update it in place, so references to it stay valid.
    grad : ndarray
        Same shape as ``data``; starts at zero and is accumulated by ``backward``.
    """

    __slots__ = ("data", "grad", "name")

    def __init__(self, data, name: str = ""):
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def size(self) -> int:
        return self.data.size

    def zero_grad(self) -> None:
        """Set ``grad`` to zero in place."""
        self.grad.fill(0.0)

    def __array__(self, dtype=None, copy=None):  # np.asarray(p) gives the values
        arr = self.data if dtype is None else self.data.astype(dtype, copy=False)
        return arr.copy() if copy else arr

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self.shape})"


# --- the pure math ---------------------------------------------------------------------


def linear_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""The affine part of a layer, :math:`Z = X W^\top + b`.

    Parameters
    ----------
    X : ndarray of shape (N, in_features)
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)

    Returns
    -------
    Z : ndarray of shape (N, out_features)
    """
    return X @ W.T + b


def linear_backward(dZ: np.ndarray, X: np.ndarray, W: np.ndarray):
    r"""Gradients of the affine map :math:`Z = X W^\top + b` (Chapter 8).

    Parameters
    ----------
    dZ : ndarray of shape (N, out_features)
        :math:`\partial L / \partial Z`.
    X : ndarray of shape (N, in_features)
        The input of the forward pass.
    W : ndarray of shape (out_features, in_features)

    Returns
    -------
    dX : ndarray of shape (N, in_features)
        :math:`dZ\,W`, passed on to the previous layer.
    dW : ndarray of shape (out_features, in_features)
        :math:`dZ^\top X`, summed over the batch.
    db : ndarray of shape (out_features,)
        :math:`\sum_n dZ_n`, because ``b`` was broadcast over the batch.
    """
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


def activation_backward(dA: np.ndarray, Z: np.ndarray, activation: str | Activation) -> np.ndarray:
    r""":math:`dZ = dA \odot f'(Z)` for an element-wise activation ``f``.

    Parameters
    ----------
    dA, Z : ndarray of shape (N, out_features)
    activation : str or Activation

    Returns
    -------
    dZ : ndarray of shape (N, out_features)
    """
    return dA * get_activation(activation).grad(Z)


# --- initialisers ----------------------------------------------------------------------


def he_normal(in_features: int, out_features: int, rng: np.random.Generator):
    r"""He (Kaiming) normal initialisation: :math:`W_{ij} \sim \mathcal N(0,\, 2/\text{in\_features})`, ``b = 0``.

    Keeps the variance of the activations constant from layer to layer for ReLU networks
    (He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015); PyTorch's
    ``nn.init.kaiming_normal_(W, nonlinearity="relu")``.

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)
    """
    std = np.sqrt(2.0 / in_features)
    return rng.normal(0.0, std, size=(out_features, in_features)), np.zeros(out_features)


def xavier_uniform(in_features: int, out_features: int, rng: np.random.Generator):
    r"""Xavier/Glorot uniform initialisation: :math:`W_{ij} \sim U(-a, a)`, :math:`a = \sqrt{6 / (\text{in} + \text{out})}`, ``b = 0``.

    Balances the variance of activations (forward) and gradients (backward) for
    symmetric activations such as tanh and sigmoid (Glorot & Bengio, *Understanding the
    difficulty of training deep feedforward neural networks*, AISTATS 2010); PyTorch's
    ``nn.init.xavier_uniform_``.

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)
    """
    bound = np.sqrt(6.0 / (in_features + out_features))
    return rng.uniform(-bound, bound, size=(out_features, in_features)), np.zeros(out_features)


def torch_default(in_features: int, out_features: int, rng: np.random.Generator):
    r"""PyTorch's ``nn.Linear`` default: ``W`` and ``b`` uniform on :math:`[-1/\sqrt{\text{in}},\, 1/\sqrt{\text{in}}]`.

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)
    """
    bound = 1.0 / np.sqrt(in_features)
    W = rng.uniform(-bound, bound, size=(out_features, in_features))
    return W, rng.uniform(-bound, bound, size=out_features)


#: Initialisers by name: ``INITIALIZERS[name](in_features, out_features, rng) -> (W, b)``.
INITIALIZERS: Mapping[str, Callable] = MappingProxyType(
    {"he": he_normal, "xavier": xavier_uniform, "torch": torch_default}
)


def default_init(activation: str | Activation) -> str:
    """``"he"`` for the ReLU family (:data:`RELU_FAMILY`), ``"xavier"`` for everything else."""
    return "he" if get_activation(activation).name in RELU_FAMILY else "xavier"


# --- the stateful layer ----------------------------------------------------------------


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


class Dense:
    r"""A fully connected layer :math:`A = f(X W^\top + b)` that can run backwards (Chapter 7).

    Parameters
    ----------
    in_features, out_features : int
        Inputs per sample and neurons in the layer.
    activation : str or Activation, default "relu"
        An element-wise entry of :data:`nnbook.activations.ACTIVATIONS`, used with its
        default parameters.
    rng : numpy.random.Generator
        Source of the initial weights (keyword only).  Not needed when ``W`` and ``b``
        are given.
    init : {"he", "xavier", "torch"}, optional
        Initialiser from :data:`INITIALIZERS`; default :func:`default_init` of the
        activation (He for the ReLU family, Xavier/Glorot otherwise).
    W, b : array_like, optional
        Explicit weights ``(out_features, in_features)`` and bias ``(out_features,)``.

    Attributes
    ----------
    weight, bias : Parameter
        ``W`` and ``b`` with their gradients; ``W``, ``b``, ``dW`` and ``db`` are the same
        arrays under the book's names.
    X, Z : ndarray or None
        Input and pre-activation cached by the latest :meth:`forward`.

    Raises
    ------
    ValueError
        For non-positive sizes, a non-element-wise activation, or wrong shapes.
    TypeError
        If neither ``rng`` nor both ``W`` and ``b`` are given.

    Shape:
        - Input ``(N, in_features)``; output ``(N, out_features)``.

    Examples
    --------
    >>> layer = Dense(3, 2, "relu", rng=np.random.default_rng(0))
    >>> layer
    Dense(in_features=3, out_features=2, activation='relu')
    >>> layer.forward(np.ones((4, 3))).shape
    (4, 2)
    """

    def __init__(self, in_features: int, out_features: int, activation: str | Activation = "relu", *,
                 rng: np.random.Generator | None = None, init: str | None = None, W=None, b=None):
        self.in_features = _positive_int(in_features, "in_features")
        self.out_features = _positive_int(out_features, "out_features")
        self.activation = get_activation(activation)
        if not self.activation.elementwise:  # softmax: its derivative is a Jacobian, not f'(z)
            raise ValueError(
                f"Dense needs an element-wise activation, got {self.activation.name!r}; for class "
                "probabilities use an 'identity' output layer and the cross-entropy loss on its logits"
            )
        if W is None or b is None:
            if not isinstance(rng, np.random.Generator):
                raise TypeError(f"pass rng=np.random.default_rng(seed) or both W and b; got rng={rng!r}")
            name = default_init(self.activation) if init is None else init
            if name not in INITIALIZERS:
                raise ValueError(f"unknown init {name!r}; expected one of: {', '.join(INITIALIZERS)}")
            W0, b0 = INITIALIZERS[name](self.in_features, self.out_features, rng)
            W, b = (W0 if W is None else W), (b0 if b is None else b)
        self.weight = Parameter(np.zeros((self.out_features, self.in_features)), "W")
        self.bias = Parameter(np.zeros(self.out_features), "b")
        self.W, self.b = W, b  # the setters check the shapes
        self.X: np.ndarray | None = None
        self.Z: np.ndarray | None = None

    # the book's names for the parameter arrays (the same objects, updated in place)
    @property
    def W(self) -> np.ndarray:
        return self.weight.data

    @W.setter
    def W(self, value) -> None:
        self._assign(self.weight, value)

    @property
    def b(self) -> np.ndarray:
        return self.bias.data

    @b.setter
    def b(self, value) -> None:
        self._assign(self.bias, value)

    @property
    def dW(self) -> np.ndarray:
        return self.weight.grad

    @property
    def db(self) -> np.ndarray:
        return self.bias.grad

    @staticmethod
    def _assign(param: Parameter, value) -> None:
        arr = np.asarray(value, dtype=np.float64)
        if arr.shape != param.shape:
            what = "(out_features, in_features)" if param.name == "W" else "(out_features,)"
            raise ValueError(f"{param.name} must have shape {what} = {param.shape}, got shape {arr.shape}")
        if not np.isfinite(arr).all():
            raise ValueError(f"{param.name} must be finite")
        param.data[...] = arr

    def forward(self, X) -> np.ndarray:
        """Compute ``A = f(X @ W.T + b)``, caching ``X`` and ``Z`` for :meth:`backward`.

        Parameters
        ----------
        X : array_like of shape (N, in_features)

        Returns
        -------
        A : ndarray of shape (N, out_features)

        Raises
        ------
        ValueError
            If ``X`` is not two-dimensional with ``in_features`` columns.
        """
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.in_features:
            raise ValueError(
                f"{self!r} expects input of shape (N, {self.in_features}), got shape {X.shape}"
            )
        self.X = X
        self.Z = linear_forward(X, self.weight.data, self.bias.data)
        return self.activation.fn(self.Z)

    __call__ = forward

    def backward(self, dA) -> np.ndarray:
        """Back-propagate ``dA = dL/dA``: add ``dL/dW`` to ``dW`` and ``dL/db`` to ``db``, return ``dL/dX``.

        Parameters
        ----------
        dA : array_like of shape (N, out_features)
            Gradient of the loss with respect to this layer's output, for the batch of
            the latest :meth:`forward`.

        Returns
        -------
        dX : ndarray of shape (N, in_features)

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called.
        ValueError
            If ``dA`` does not have the shape of the latest output.
        """
        if self.Z is None:
            raise RuntimeError(f"{self!r}: call forward(X) before backward(dA)")
        dA = np.asarray(dA, dtype=np.float64)
        if dA.shape != self.Z.shape:
            raise ValueError(
                f"{self!r}: dA must have the shape of the latest output {self.Z.shape}, got shape {dA.shape}"
            )
        dZ = activation_backward(dA, self.Z, self.activation)
        dX, dW, db = linear_backward(dZ, self.X, self.weight.data)
        self.weight.grad += dW
        self.bias.grad += db
        return dX

    def zero_grad(self) -> None:
        """Reset ``dW`` and ``db`` to zero (in place)."""
        self.weight.zero_grad()
        self.bias.zero_grad()

    def parameters(self) -> list[Parameter]:
        """``[weight, bias]``, in ``nn.Linear``'s order."""
        return [self.weight, self.bias]

    @property
    def num_parameters(self) -> int:
        """``out_features * (in_features + 1)``: one weight per input per neuron plus one bias each."""
        return self.weight.size + self.bias.size

    def __repr__(self) -> str:
        return (f"Dense(in_features={self.in_features}, out_features={self.out_features}, "
                f"activation={self.activation.name!r})")
