r"""The artificial neuron (Chapter 1): :math:`z = \mathbf{w}\cdot\mathbf{x} + b`, :math:`y = f(z)`.

Two NumPy ways to run the same neuron, so a chapter can show that they agree:

* :func:`neuron_forward`, the two-step forward pass as a plain function;
* :class:`Neuron`, the same with its parameters kept in an object.

The PyTorch version, ``TorchNeuron`` (a ``torch.nn.Module`` built on
``nn.Linear(in_features, 1)``), lives in :mod:`nnbook.pytorch` with the rest of the PyTorch
code, so this module runs without torch.  A neuron has one pre-activation ``z`` per sample,
so it takes element-wise activations only (not softmax).

Shapes: a neuron has ``in_features`` inputs.  Its weight vector ``w`` has shape
``(in_features,)``: it is one row of a layer's weight matrix ``W`` of shape
``(out_features, in_features)`` (the PyTorch convention used throughout the book).
Inputs are one sample ``x`` of shape ``(in_features,)`` or a batch ``X`` of shape
``(N, in_features)``, rows being samples; outputs then have shape ``()`` or ``(N,)``.

Training lives elsewhere (Chapter 8); this module only computes forward passes.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import Activation, elementwise_activation
from .checks import as_float_array, check_int, check_number, check_rng

__all__ = ["NeuronOutput", "neuron_forward", "Neuron"]

#: Why softmax is refused, for the error message.
_NOT_SOFTMAX = ("softmax normalises a row of several outputs, and the softmax of a neuron's single z "
                "is always 1.0; use it on a layer's C outputs")


class NeuronOutput(NamedTuple):
    """The two results of a forward pass: pre-activation ``z`` and output ``y = f(z)``."""

    z: np.ndarray
    y: np.ndarray


def _check_inputs(x, w, b):
    """Validate and convert the arguments of a forward pass; return float64 arrays."""
    w = as_float_array(w, "w")
    x = as_float_array(x, "x")
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w must have shape (in_features,), got shape {w.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"x must have shape ({w.shape[0]},) or (N, {w.shape[0]}) to match w of shape "
            f"{w.shape}, got shape {x.shape}"
        )
    if np.ndim(b) == 0 and not isinstance(b, np.ndarray):
        b = check_number(b, "b")  # a mistyped "0.1" or None is refused, not read as a number or NaN
    b_arr = as_float_array(b, "b")
    if b_arr.size != 1:
        raise ValueError(f"b must be a single number, got shape {b_arr.shape}")
    return x, w, float(b_arr.reshape(()))


def neuron_forward(x, w, b, activation: str | Activation = "sigmoid", **params) -> NeuronOutput:
    r"""Forward pass of one neuron: :math:`z = \mathbf{x}\cdot\mathbf{w} + b`, then :math:`y = f(z)`.

    Parameters
    ----------
    x : array_like of shape (in_features,) or (N, in_features)
        One sample or a batch of samples (rows).
    w : array_like of shape (in_features,)
        The weights.
    b : float
        The bias.
    activation : str or Activation, default "sigmoid"
        An element-wise name from :data:`nnbook.activations.ACTIVATIONS`
        (``activation_names(elementwise=True)``).
    **params
        Parameters of the activation (``alpha`` for ``"leaky_relu"``).

    Returns
    -------
    NeuronOutput
        ``(z, y)``, each of shape ``()`` for one sample or ``(N,)`` for a batch.

    Raises
    ------
    ValueError
        If the shapes do not match, a value is not finite, or the activation is not
        element-wise (softmax).
    TypeError
        If ``x``, ``w`` or ``b`` is not made of real numbers.
    UnknownActivationError
        If the activation name is unknown.

    Examples
    --------
    >>> z, y = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)
    >>> print(f"{z:.4f} {y:.4f}")
    0.1000 0.5250
    >>> z, y = neuron_forward([[1.0, 0.0], [0.0, 1.0]], [2.0, -1.0], 0.5, "relu")  # a batch of 2
    >>> y.tolist()
    [2.5, 0.0]
    """
    act = elementwise_activation(activation, "neuron_forward", _NOT_SOFTMAX)
    x, w, b = _check_inputs(x, w, b)
    z = x @ w + b
    return NeuronOutput(z, act.fn(z, **params))


class Neuron:
    r"""A single artificial neuron with NumPy parameters (Chapter 1).

    Parameters
    ----------
    in_features : int
        Number of inputs ``n``; the neuron has ``n + 1`` parameters.
    activation : str, default "sigmoid"
        Name of an element-wise activation function.
    rng : numpy.random.Generator, optional
        Source of the initial weights, drawn uniformly from
        :math:`[-1/\sqrt{n}, 1/\sqrt{n}]` as ``nn.Linear`` does; the bias starts likewise.
        Required unless ``w`` and ``b`` are given.
    w, b : optional
        Explicit parameters instead of random ones.

    Attributes
    ----------
    w : ndarray of shape (in_features,)
    b : float

    Raises
    ------
    ValueError
        If ``in_features`` is not an integer >= 1, ``w`` has the wrong shape or the
        activation is not element-wise (softmax).
    TypeError
        If neither ``rng`` (a ``numpy.random.Generator``) nor both ``w`` and ``b`` are given.

    Examples
    --------
    >>> neuron = Neuron(3, "sigmoid", w=[0.7, -0.3, 0.5], b=-0.1)
    >>> neuron
    Neuron(in_features=3, activation='sigmoid')
    >>> round(float(neuron([0.6, 0.4, -0.2])), 4)
    0.525
    >>> neuron.num_parameters                         # 3 weights and the bias
    4
    >>> Neuron(2, rng=np.random.default_rng(0)).w.shape  # random weights need an rng
    (2,)
    """

    def __init__(self, in_features: int, activation: str = "sigmoid", *,
                 rng: np.random.Generator | None = None, w=None, b=None):
        self.in_features = check_int(in_features, "in_features")
        self.activation = elementwise_activation(activation, "Neuron", _NOT_SOFTMAX)
        if w is None or b is None:  # random initial weights need an explicit generator, never a global one
            check_rng(rng, "rng (for random initial weights, unless both w and b are given)")
            bound = 1.0 / np.sqrt(self.in_features)
            w = rng.uniform(-bound, bound, self.in_features) if w is None else w
            b = rng.uniform(-bound, bound) if b is None else b
        w = as_float_array(w, "w")
        if w.shape != (self.in_features,):
            raise ValueError(f"w must have shape (in_features,) = ({self.in_features},), got shape {w.shape}")
        _, w, self.b = _check_inputs(np.zeros(self.in_features), w, b)
        self.w = w.copy()  # the neuron's own array, not a view of the caller's

    def weighted_sum(self, x) -> np.ndarray:
        """Pre-activation ``z = x @ w + b``; shape ``()`` or ``(N,)``."""
        return neuron_forward(x, self.w, self.b, "identity").z

    def forward(self, x) -> np.ndarray:
        """Output ``y = f(x @ w + b)``; shape ``()`` or ``(N,)``."""
        return neuron_forward(x, self.w, self.b, self.activation).y

    __call__ = forward

    def parameters(self) -> list[np.ndarray]:
        """``[w, b]`` (``b`` as a 0-d array), in PyTorch's order."""
        return [self.w, np.asarray(self.b)]

    @property
    def num_parameters(self) -> int:
        """``in_features + 1``: one weight per input plus the bias."""
        return self.w.size + 1

    def __repr__(self) -> str:
        return f"Neuron(in_features={self.in_features}, activation={self.activation.name!r})"
