r"""The multi-layer perceptron: a stack of dense layers (Chapter 7), trained in Chapter 8.

:class:`MLP` chains :class:`~nnbook.layers.Dense` layers: ``sizes = [2, 16, 16, 1]`` gives
three layers ``2→16``, ``16→16`` and ``16→1``.  ``forward`` runs them in order,
``backward`` in reverse (each layer accumulating its ``dW`` and ``db``), and
``parameters()`` lists ``[W1, b1, W2, b2, ...]`` in the order of ``nn.Sequential``, so
the optimisers of :mod:`nnbook.optim` and PyTorch's see the same list.

:meth:`MLP.to_torch` builds the equivalent ``torch.nn.Sequential`` (``nn.Linear`` and
activation modules) carrying the same weights, and :meth:`MLP.from_torch` reads one back;
in float64 both give the same outputs to rounding error.  The conversion itself lives in
:mod:`nnbook.pytorch` (:func:`~nnbook.pytorch.to_sequential`,
:func:`~nnbook.pytorch.dense_layers`), which these two methods import on first use: this
module runs without torch.

The output layer defaults to ``"identity"``: the network returns logits, and the losses
that expect logits (``CrossEntropyLoss``, ``BCEWithLogitsLoss``) apply softmax or sigmoid
stably; :meth:`MLP.predict_proba` applies them for you.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .activations import Activation, get_activation, softmax
from .checks import check_rng
from .layers import Dense, Parameter

__all__ = ["MLP", "architecture"]


def architecture(sizes) -> str:
    """The layer sizes as an arrow chain, for titles and tables.

    Examples
    --------
    >>> architecture([2, 16, 16, 1])
    '2 → 16 → 16 → 1'
    """
    return " → ".join(str(int(n)) for n in sizes)


class MLP:
    r"""A multi-layer perceptron of :class:`~nnbook.layers.Dense` layers (Chapter 7).

    Parameters
    ----------
    sizes : sequence of int
        ``[in_features, hidden_1, ..., out_features]``; at least two entries.
    activations : str or sequence of str, default "relu"
        Either one name used by every hidden layer (the output layer then uses
        ``output_activation``), or one name per layer (``len(sizes) - 1`` names, the last
        being the output layer's).
    output_activation : str, optional
        The output layer's activation when ``activations`` is a single name; default
        ``"identity"`` (logits).  Must be omitted when ``activations`` is a list.
    rng : numpy.random.Generator
        Source of the initial weights (keyword only), drawn layer by layer.
    init : {"he", "xavier", "torch"}, optional
        One initialiser for every layer; default: He for ReLU-family layers, Xavier/Glorot
        for the others (see :func:`nnbook.layers.default_init`).

    Attributes
    ----------
    layers : list of Dense

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than two entries, the number of activations is wrong, or a
        layer refuses its size or activation (softmax: see :class:`~nnbook.layers.Dense`).
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``, or ``sizes`` / ``activations`` is
        not a sequence (a single name is fine for ``activations``).

    Shape:
        - Input ``(N, sizes[0])``; output ``(N, sizes[-1])``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> model = MLP([2, 16, 16, 1], ["relu", "relu", "identity"], rng=rng)
    >>> model.num_parameters
    337
    >>> MLP([64, 64, 10], "relu", rng=rng)
    MLP(
      (0): Dense(in_features=64, out_features=64, activation='relu')
      (1): Dense(in_features=64, out_features=10, activation='identity')
    )
    """

    def __init__(self, sizes: Sequence[int], activations: str | Sequence[str] = "relu", *,
                 output_activation: str | None = None, rng: np.random.Generator | None = None,
                 init: str | None = None):
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable):
            raise TypeError(f"sizes must be a sequence of layer sizes such as [2, 16, 1], got {sizes!r}")
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output size, got {sizes}")
        n_layers = len(sizes) - 1
        if isinstance(activations, (str, Activation)):
            names = [activations] * (n_layers - 1) + [output_activation or "identity"]
        elif not isinstance(activations, Iterable):
            raise TypeError(f"activations must be a name such as 'relu' or a list of names, got {activations!r}")
        else:
            names = list(activations)
            if output_activation is not None:
                raise ValueError("give output_activation only with a single hidden activation name; "
                                 "with a list, its last entry is the output activation")
            if len(names) != n_layers:
                raise ValueError(f"sizes {sizes} make {n_layers} layers, so activations needs "
                                 f"{n_layers} names, got {len(names)}: {names}")
        check_rng(rng)  # the initial weights come from an explicit generator, never a global one
        self.layers = [Dense(n_in, n_out, act, rng=rng, init=init)
                       for n_in, n_out, act in zip(sizes[:-1], sizes[1:], names)]

    @classmethod
    def from_layers(cls, layers: Sequence[Dense]) -> "MLP":
        """An MLP made of given :class:`~nnbook.layers.Dense` layers (for example with hand-set weights).

        The layers are used as they are (not copied).

        Raises
        ------
        ValueError
            If the list is empty, an item is not a ``Dense``, or the sizes do not chain.
        """
        layers = list(layers)
        if not layers:
            raise ValueError("from_layers needs at least one Dense layer")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise ValueError(f"layer {i} must be a Dense, got {type(layer).__name__}")
            if i and layers[i - 1].out_features != layer.in_features:
                raise ValueError(f"layer sizes do not chain: layer {i - 1} has out_features="
                                 f"{layers[i - 1].out_features} but layer {i} has in_features={layer.in_features}")
        model = cls.__new__(cls)
        model.layers = layers
        return model

    # --- structure ---------------------------------------------------------------------

    @property
    def sizes(self) -> list[int]:
        """``[in_features, hidden sizes..., out_features]``."""
        return [self.layers[0].in_features] + [layer.out_features for layer in self.layers]

    @property
    def activations(self) -> list[str]:
        """The activation name of every layer, output layer last."""
        return [layer.activation.name for layer in self.layers]

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, i) -> Dense:
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    # --- computation -------------------------------------------------------------------

    def forward(self, X) -> np.ndarray:
        """Run every layer in order; each caches what its backward pass needs.

        Parameters
        ----------
        X : array_like of shape (N, in_features)

        Returns
        -------
        ndarray of shape (N, out_features)
        """
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    __call__ = forward

    def backward(self, dY) -> np.ndarray:
        """Back-propagate ``dY = dL/dY`` (shape (N, out_features)) through every layer, last first.

        Accumulates each layer's ``dW`` and ``db``; returns ``dL/dX`` of shape (N, in_features).
        """
        grad = dY
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def zero_grad(self) -> None:
        """Reset every layer's gradients to zero."""
        for layer in self.layers:
            layer.zero_grad()

    def parameters(self) -> list[Parameter]:
        """``[W1, b1, W2, b2, ...]`` as :class:`~nnbook.layers.Parameter` objects (``nn.Sequential``'s order)."""
        return [p for layer in self.layers for p in layer.parameters()]

    @property
    def num_parameters(self) -> int:
        """Total number of weights and biases."""
        return sum(layer.num_parameters for layer in self.layers)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: sigmoid of one logit, softmax of ``C`` logits.

        Returns
        -------
        ndarray of shape (N, 1) (probability of class 1) or (N, C) (rows sum to 1)

        Raises
        ------
        ValueError
            If the output layer is not ``"identity"`` (logits) or, for one output, ``"sigmoid"``.
        """
        out, act = self.forward(X), self.layers[-1].activation.name
        if self.sizes[-1] == 1 and act == "sigmoid":
            return out
        if act != "identity":
            raise ValueError(f"predict_proba needs an 'identity' (logit) output layer, or 'sigmoid' for "
                             f"one output; this model's output activation is {act!r}")
        return get_activation("sigmoid").fn(out) if self.sizes[-1] == 1 else softmax(out)

    def predict(self, X) -> np.ndarray:
        """Class labels, shape (N,): ``p >= 0.5`` for one output, the largest logit for ``C`` outputs."""
        proba = self.predict_proba(X)
        return (proba[:, 0] >= 0.5).astype(np.int64) if proba.shape[1] == 1 else proba.argmax(axis=1)

    # --- description -------------------------------------------------------------------

    def summary(self) -> str:
        """A table of the layers: shapes with ``N`` for the batch, activation, parameter counts, total.

        Returns a string (print it); the library itself never prints.

        Examples
        --------
        >>> print(MLP([2, 16, 1], "relu", rng=np.random.default_rng(0)).summary())
        layer  type   input → output    W        b      activation  parameters
        -----  -----  ----------------  -------  -----  ----------  ----------
        0      Dense  (N, 2) → (N, 16)  (16, 2)  (16,)  relu                48
        1      Dense  (N, 16) → (N, 1)  (1, 16)  (1,)   identity            17
        -----  -----  ----------------  -------  -----  ----------  ----------
        total                                                               65
        """
        header = ("layer", "type", "input → output", "W", "b", "activation", "parameters")
        rows = [(str(i), "Dense", f"(N, {layer.in_features}) → (N, {layer.out_features})",
                 str(layer.W.shape), str(layer.b.shape), layer.activation.name, f"{layer.num_parameters:,}")
                for i, layer in enumerate(self.layers)]
        total = ("total", "", "", "", "", "", f"{self.num_parameters:,}")
        widths = [max(len(r[j]) for r in [header, *rows, total]) for j in range(len(header))]

        def line(cells):
            *left, last = cells
            return "  ".join([c.ljust(w) for c, w in zip(left, widths)] + [last.rjust(widths[-1])])

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(header), rule, *map(line, rows), rule, line(total)])

    def __repr__(self) -> str:
        body = "\n".join(f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"MLP(\n{body}\n)"

    # --- PyTorch -----------------------------------------------------------------------

    def to_torch(self, dtype=None):
        """The same network as ``nn.Sequential(nn.Linear, activation, nn.Linear, ...)`` with copied weights.

        Every layer contributes an ``nn.Linear`` and its activation module (``nn.Identity``
        for ``"identity"``).  The weights are copies: training one model does not change
        the other.  In float64 (the default) the outputs equal :meth:`forward` to rounding.
        Needs PyTorch; the work is done by :func:`nnbook.pytorch.to_sequential`.

        Parameters
        ----------
        dtype : torch.dtype, optional
            Default ``torch.float64``.

        Returns
        -------
        torch.nn.Sequential

        Examples
        --------
        >>> MLP([2, 3, 1], "tanh", rng=np.random.default_rng(0)).to_torch()
        Sequential(
          (0): Linear(in_features=2, out_features=3, bias=True)
          (1): Tanh()
          (2): Linear(in_features=3, out_features=1, bias=True)
          (3): Identity()
        )
        """
        from . import pytorch  # imported on first use, so that the NumPy MLP runs without torch

        return pytorch.to_sequential(self.layers, dtype)

    @classmethod
    def from_torch(cls, model) -> "MLP":
        """An MLP carrying the weights of an ``nn.Sequential`` of ``nn.Linear`` and activation modules.

        Needs PyTorch.  The layers are read, and the errors raised, by
        :func:`nnbook.pytorch.dense_layers` (weights copied to float64).
        """
        from . import pytorch  # imported on first use, so that the NumPy MLP runs without torch

        return cls.from_layers(pytorch.dense_layers(model))
