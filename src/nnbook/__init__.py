"""nnbook: the code of *Neurons to Networks*, one module per chapter concept.

================== ============================================================
module             chapter
================== ============================================================
``neuron``         1  the artificial neuron: forward pass, ``Neuron``
``activations``    1–2  the activation registry and derivatives (NumPy only)
``activation_fns`` 1–2  the activation functions by family (re-exported by ``activations``)
``datasets``       3–8  small seeded data sets: gates, blobs, XOR, moons, circles, spirals, house prices, digits
``boundary``       3  decision boundaries, the neuron as a classifier, XOR
``linalg``         4–6  dot and matrix products as loops, dot-product geometry, a layer
``broadcasting``   6  the broadcasting rule step by step, as data and as text
``layers``         7–8  the Dense layer: forward, backward, initialisers, ``Parameter``
``mlp``            7  the MLP: stack of Dense layers, summary, ``nn.Sequential`` round trip
``pytorch``        1–8  the only module that imports torch: ``TORCH``, ``TorchNeuron``, ``nn.Sequential`` conversion
``landscape``      7  a 2-input network's decision landscape on a grid; its linear regions
``mlp_diagram``    7  an MLP drawn as circles and edges (``NetworkDiagram``, ``plot_network``)
``losses``         8  MSE, binary cross-entropy (probabilities, logits), cross-entropy
``optim``          8  SGD (momentum, Nesterov) and Adam, as in ``torch.optim``
``training``       8  the minibatch training loop, its history, callbacks (progress bar)
``preprocessing``  8  seeded stratified train/test split, standardisation (``Scaler``)
``playground``     8  the data sets and resumable training run behind the training explorer
``trace``          1–8  step-through traces of worked code: the ``%%trace`` magic and its displays
``checks``         the argument checks every module shares, and ``Dataset``
``grids``          1, 3, 7, 8  the grid of points in the plane where surfaces, probability maps and landscapes are evaluated
``plotting``       figures drawn from the library's computations (``plot_landscape`` among them)
``explorers``      the interactive widgets, one per chapter
================== ============================================================

Conventions: rows are samples; a layer's weights have shape
``(out_features, in_features)`` and ``Z = X @ W.T + b``; randomness enters as an explicit
``numpy.random.Generator``; nothing in the library prints.

PyTorch is needed only by :mod:`nnbook.pytorch`: ``import nnbook`` and every NumPy module run
without it, and ``nnbook.TORCH`` / ``nnbook.TorchNeuron`` import it on first use (PEP 562).
"""
from .activations import ACTIVATIONS, Activation, activation_names, get_activation
from .neuron import Neuron, NeuronOutput, neuron_forward

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "activation_names",
    "get_activation",
    "Neuron",
    "NeuronOutput",
    "neuron_forward",
]

#: Names loaded from :mod:`nnbook.pytorch` on first use, so that ``import nnbook`` does not
#: import torch.  They are not in ``__all__``: ``from nnbook import *`` works without torch.
_FROM_PYTORCH = ("TORCH", "TorchNeuron")


def __getattr__(name: str):
    if name in _FROM_PYTORCH:
        from . import pytorch  # raises ModuleNotFoundError naming `pip install torch==...` without torch

        return getattr(pytorch, name)
    # An AttributeError (not an import) for anything else: `from nnbook import plotting` then
    # imports the submodule as usual.
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_FROM_PYTORCH])
