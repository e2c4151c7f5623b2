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
PyTorch in float64 to rounding error.  The generic argument checks (sizes, ``rng``,
finite arrays) come from :mod:`nnbook.checks`; the shape checks of a layer are here.

Not here: layers with other shapes (convolutions), learnable activation parameters
(PReLU's α is used at its registry default), dropout; softmax, which is not element-wise
(its backward pass is :func:`nnbook.activations.softmax_vjp`, and the cross-entropy of
:mod:`nnbook.losses` takes the logits instead); the loss functions (:mod:`nnbook.losses`).
"""
from __future__ import annotations

from typing import Callable, Mapping
from types import MappingProxyType

import numpy as np

from .activations import Activation, elementwise_activation, get_activation
from .checks import as_float_array, check_int, check_rng

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
        Initial values (finite real numbers); copied to a float64 array.
    name : str, optional
        A label for ``repr`` and messages (``"W"`` or ``"b"``).

    Attributes
    ----------
    data : ndarray
        The values.  Optimisers update it in place, so references to it stay valid.
    grad : ndarray
        Same shape as ``data``; starts at zero and is accumulated by ``backward``.

    Raises
    ------
    TypeError
        If ``data`` is not real numbers or ``name`` is not a string.
    ValueError
        If ``data`` contains NaN or infinity.

    Examples
    --------
    >>> p = Parameter([[1.0, -2.0]], "W")
    >>> p, p.grad
    (Parameter(name='W', shape=(1, 2)), array([[0., 0.]]))
    >>> p.grad += 0.5                # what backward() does
    >>> p.data -= 0.1 * p.grad       # what an optimiser's step() does, in place
    >>> p.data
    array([[ 0.95, -2.05]])
    """

    __slots__ = ("data", "grad", "name")

    def __init__(self, data, name: str = ""):
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {name!r} ({type(name).__name__})")
        self.data = np.array(as_float_array(data, name or "data"), dtype=np.float64)  # always a copy
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


def _check_linear(X, W, b=None) -> None:
    """Shapes of ``Z = X W^T + b``: ``X`` (N, in_features), ``W`` (out_features, in_features), ``b`` (out_features,)."""
    X_shape, W_shape = np.shape(X), np.shape(W)
    if len(W_shape) != 2:
        raise ValueError(f"W must have shape (out_features, in_features), got shape {W_shape}")
    if len(X_shape) != 2 or X_shape[1] != W_shape[1]:
        raise ValueError(f"X must have shape (N, in_features) = (N, {W_shape[1]}) to fit W of shape "
                         f"{W_shape}, got shape {X_shape}")
    if b is not None and np.shape(b) != W_shape[:1]:
        raise ValueError(f"b must have shape (out_features,) = {W_shape[:1]} to fit W of shape {W_shape}, "
                         f"got shape {np.shape(b)}")


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

    Raises
    ------
    ValueError
        If the shapes do not fit together (no silent broadcasting of ``b``).

    Examples
    --------
    Two samples, one neuron with weights ``[3, 4]`` and bias ``0.5``:

    >>> linear_forward(np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[3.0, 4.0]]), np.array([0.5]))
    array([[11.5],
           [ 4.5]])
    """
    _check_linear(X, W, b)
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

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    One sample ``x = [1, 2]``, ``W = [[3, 4]]`` and :math:`\partial L/\partial z = 2`:

    >>> dX, dW, db = linear_backward(np.array([[2.0]]), np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]]))
    >>> dX, dW, db                   # 2 w, 2 x, 2
    (array([[6., 8.]]), array([[2., 4.]]), array([2.]))
    """
    _check_linear(X, W)
    if np.shape(dZ) != (np.shape(X)[0], np.shape(W)[0]):
        raise ValueError(f"dZ must have shape (N, out_features) = {(np.shape(X)[0], np.shape(W)[0])} for X of "
                         f"shape {np.shape(X)} and W of shape {np.shape(W)}, got shape {np.shape(dZ)}")
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


def activation_backward(dA: np.ndarray, Z: np.ndarray, activation: str | Activation) -> np.ndarray:
    r""":math:`dZ = dA \odot f'(Z)` for an element-wise activation ``f``.

    Parameters
    ----------
    dA, Z : ndarray of shape (N, out_features)
        The gradient with respect to the layer's output and the pre-activation.
    activation : str or Activation
        An element-wise entry of :data:`nnbook.activations.ACTIVATIONS`.

    Returns
    -------
    dZ : ndarray of shape (N, out_features)

    Raises
    ------
    ValueError
        If ``dA`` and ``Z`` differ in shape, or for softmax, which is not element-wise: its
        backward pass is :func:`nnbook.activations.softmax_vjp`, and a classifier passes its
        logits to the cross-entropy loss instead.

    Examples
    --------
    >>> activation_backward(np.array([[5.0, 7.0]]), np.array([[-1.0, 2.0]]), "relu")   # relu' is 0, then 1
    array([[0., 7.]])
    """
    act = elementwise_activation(
        activation, "activation_backward",
        "softmax's derivative is a Jacobian per row, not f'(z): use softmax_vjp(Z, dA) for its backward "
        "pass, or give the logits to cross_entropy (its gradient is softmax(Z) - onehot(y))")
    if np.shape(dA) != np.shape(Z):
        raise ValueError(f"dA must have the shape of Z {np.shape(Z)}, got shape {np.shape(dA)}")
    return dA * act.grad(Z)


# --- initialisers ----------------------------------------------------------------------


def _fan(in_features, out_features, rng) -> tuple[int, int, np.random.Generator]:
    return check_int(in_features, "in_features"), check_int(out_features, "out_features"), check_rng(rng)


def he_normal(in_features: int, out_features: int, rng: np.random.Generator):
    r"""He (Kaiming) normal initialisation: :math:`W_{ij} \sim \mathcal N(0,\, 2/\text{in\_features})`, ``b = 0``.

    Keeps the variance of the activations constant from layer to layer for ReLU networks
    (He, Zhang, Ren & Sun, *Delving Deep into Rectifiers*, ICCV 2015); PyTorch's
    ``nn.init.kaiming_normal_(W, nonlinearity="relu")``.

    Parameters
    ----------
    in_features, out_features : int
        At least 1.
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)

    Raises
    ------
    ValueError
        If a size is not an integer >= 1.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.

    Examples
    --------
    >>> W, b = he_normal(400, 3, np.random.default_rng(0))
    >>> W.shape, b.shape, b.tolist()
    ((3, 400), (3,), [0.0, 0.0, 0.0])
    >>> round(float(W.std()), 2)     # about sqrt(2 / 400) = 0.0707
    0.07
    """
    in_features, out_features, rng = _fan(in_features, out_features, rng)
    std = np.sqrt(2.0 / in_features)
    return rng.normal(0.0, std, size=(out_features, in_features)), np.zeros(out_features)


def xavier_uniform(in_features: int, out_features: int, rng: np.random.Generator):
    r"""Xavier/Glorot uniform initialisation: :math:`W_{ij} \sim U(-a, a)`, :math:`a = \sqrt{6 / (\text{in} + \text{out})}`, ``b = 0``.

    Balances the variance of activations (forward) and gradients (backward) for
    symmetric activations such as tanh and sigmoid (Glorot & Bengio, *Understanding the
    difficulty of training deep feedforward neural networks*, AISTATS 2010); PyTorch's
    ``nn.init.xavier_uniform_``.  Arguments and errors as :func:`he_normal`.

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)
    """
    in_features, out_features, rng = _fan(in_features, out_features, rng)
    bound = np.sqrt(6.0 / (in_features + out_features))
    return rng.uniform(-bound, bound, size=(out_features, in_features)), np.zeros(out_features)


def torch_default(in_features: int, out_features: int, rng: np.random.Generator):
    r"""PyTorch's ``nn.Linear`` default: ``W`` and ``b`` uniform on :math:`[-1/\sqrt{\text{in}},\, 1/\sqrt{\text{in}}]`.

    Arguments and errors as :func:`he_normal`.

    Returns
    -------
    W : ndarray of shape (out_features, in_features)
    b : ndarray of shape (out_features,)
    """
    in_features, out_features, rng = _fan(in_features, out_features, rng)
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


class Dense:
    r"""A fully connected layer :math:`A = f(X W^\top + b)` that can run backwards (Chapter 7).

    Parameters
    ----------
    in_features, out_features : int
        Inputs per sample and neurons in the layer (integers >= 1).
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
        For sizes that are not integers >= 1, a non-element-wise activation, an unknown
        ``init``, or weights of the wrong shape or not finite.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator`` while ``W`` or ``b`` is missing.

    Shape:
        - Input ``(N, in_features)``; output ``(N, out_features)``.

    Examples
    --------
    >>> layer = Dense(3, 2, "relu", rng=np.random.default_rng(0))
    >>> layer
    Dense(in_features=3, out_features=2, activation='relu')
    >>> layer.forward(np.ones((4, 3))).shape
    (4, 2)

    A hand-set layer: one sigmoid neuron with ``w = [1, -1]``, ``b = 0``.  At ``x = [2, 2]``,
    ``z = 0`` and ``a = 0.5``; backward with :math:`\partial L/\partial a = 1` gives
    :math:`\partial L/\partial z = \sigma'(0) = 0.25`, so ``dW = 0.25 x`` and ``dX = 0.25 w``:

    >>> neuron = Dense(2, 1, "sigmoid", W=[[1.0, -1.0]], b=[0.0])
    >>> neuron.forward([[2.0, 2.0]])
    array([[0.5]])
    >>> neuron.backward([[1.0]])
    array([[ 0.25, -0.25]])
    >>> neuron.dW, neuron.db
    (array([[0.5, 0.5]]), array([0.25]))
    """

    def __init__(self, in_features: int, out_features: int, activation: str | Activation = "relu", *,
                 rng: np.random.Generator | None = None, init: str | None = None, W=None, b=None):
        self.in_features = check_int(in_features, "in_features")
        self.out_features = check_int(out_features, "out_features")
        self.activation = elementwise_activation(  # softmax: its derivative is a Jacobian, not f'(z)
            activation, "Dense",
            "for class probabilities use an 'identity' output layer and the cross-entropy loss on its logits")
        if W is None or b is None:
            check_rng(rng, "rng (needed unless both W and b are given)")
            name = default_init(self.activation) if init is None else init
            if not isinstance(name, str) or name not in INITIALIZERS:
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
        arr = as_float_array(value, param.name)
        if arr.shape != param.shape:
            what = "(out_features, in_features)" if param.name == "W" else "(out_features,)"
            raise ValueError(f"{param.name} must have shape {what} = {param.shape}, got shape {arr.shape}")
        param.data[...] = arr

    def forward(self, X) -> np.ndarray:
        """Compute ``A = f(X @ W.T + b)``, caching ``X`` and ``Z`` for :meth:`backward`.

        Parameters
        ----------
        X : array_like of shape (N, in_features)
            Finite real numbers.

        Returns
        -------
        A : ndarray of shape (N, out_features)

        Raises
        ------
        ValueError
            If ``X`` is not two-dimensional with ``in_features`` columns, or contains NaN
            or infinity.
        TypeError
            If ``X`` is not real numbers.
        """
        X = as_float_array(X, "X")
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
        dA = np.asarray(dA, dtype=np.float64)  # the gradient of a finite loss: no second NaN scan per batch
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
