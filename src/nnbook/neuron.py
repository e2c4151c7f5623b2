r"""The artificial neuron (Chapter 1): :math:`z = \mathbf{w}\cdot\mathbf{x} + b`, :math:`y = f(z)`.

Three ways to run the same neuron, so a chapter can show that they agree:

* :func:`neuron_forward`, the two-step forward pass as a plain function;
* :class:`Neuron`, the same with its parameters kept in an object (NumPy);
* :class:`TorchNeuron`, a ``torch.nn.Module`` built on ``nn.Linear(in_features, 1)``.

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
import torch
from torch import nn

from .activations import Activation, get_activation

__all__ = ["NeuronOutput", "neuron_forward", "Neuron", "TorchNeuron"]


class NeuronOutput(NamedTuple):
    """The two results of a forward pass: pre-activation ``z`` and output ``y = f(z)``."""

    z: np.ndarray
    y: np.ndarray


def _check_inputs(x, w, b):
    """Validate and convert the arguments of a forward pass; return float64 arrays."""
    w = np.asarray(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w must have shape (in_features,), got shape {w.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"x must have shape ({w.shape[0]},) or (N, {w.shape[0]}) to match w of shape "
            f"{w.shape}, got shape {x.shape}"
        )
    b_arr = np.asarray(b, dtype=np.float64)
    if b_arr.size != 1:
        raise ValueError(f"b must be a single number, got shape {b_arr.shape}")
    for name, arr in (("x", x), ("w", w), ("b", b_arr)):
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} must be finite, got {arr.tolist()}")
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
        A name from :data:`nnbook.activations.ACTIVATIONS`.
    **params
        Parameters of the activation (``alpha`` for ``"leaky_relu"``).

    Returns
    -------
    NeuronOutput
        ``(z, y)``, each of shape ``()`` for one sample or ``(N,)`` for a batch.

    Raises
    ------
    ValueError
        If the shapes do not match or a value is not finite.
    UnknownActivationError
        If the activation name is unknown.

    Examples
    --------
    >>> z, y = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)
    >>> print(f"{z:.4f} {y:.4f}")
    0.1000 0.5250
    """
    act = get_activation(activation)
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
        Name of the activation function.
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
        If ``in_features < 1`` or ``w`` has the wrong shape; ``TypeError`` if neither
        ``rng`` nor ``w`` and ``b`` are given.
    """

    def __init__(self, in_features: int, activation: str = "sigmoid", *,
                 rng: np.random.Generator | None = None, w=None, b=None):
        if not isinstance(in_features, (int, np.integer)) or in_features < 1:
            raise ValueError(f"in_features must be a positive integer, got {in_features!r}")
        self.in_features = int(in_features)
        self.activation = get_activation(activation)
        if w is None or b is None:
            if not isinstance(rng, np.random.Generator):
                raise TypeError(
                    "pass rng=np.random.default_rng(seed) for random initial weights, "
                    f"or both w and b; got rng={rng!r}"
                )
            bound = 1.0 / np.sqrt(self.in_features)
            w = rng.uniform(-bound, bound, self.in_features) if w is None else w
            b = rng.uniform(-bound, bound) if b is None else b
        _, self.w, self.b = _check_inputs(np.zeros(self.in_features), np.array(w, dtype=np.float64), b)

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


class TorchNeuron(nn.Module):
    """The same neuron in PyTorch: ``nn.Linear(in_features, 1)`` followed by an activation.

    ``linear.weight`` has shape ``(1, in_features)`` (one row of ``W``) and
    ``linear.bias`` shape ``(1,)``.  ``forward`` maps ``(in_features,)`` to ``()`` and
    ``(N, in_features)`` to ``(N,)``, like :func:`neuron_forward`.
    """

    def __init__(self, in_features: int, activation: str = "sigmoid"):
        super().__init__()
        self.activation = get_activation(activation)
        self.linear = nn.Linear(in_features, 1)

    @classmethod
    def from_numpy(cls, neuron: Neuron, dtype: torch.dtype = torch.float64) -> "TorchNeuron":
        """A ``TorchNeuron`` carrying the parameters of a NumPy :class:`Neuron`."""
        out = cls(neuron.in_features, neuron.activation.name).to(dtype)
        with torch.no_grad():
            out.linear.weight.copy_(torch.as_tensor(neuron.w, dtype=dtype).unsqueeze(0))
            out.linear.bias.fill_(neuron.b)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation.torch_fn(self.linear(x).squeeze(-1))

    def extra_repr(self) -> str:
        return f"activation={self.activation.name!r}"
