"""nnbook: the code of *Neurons to Networks*, one module per chapter concept.

=================  ===========================================================
module             chapter
=================  ===========================================================
``neuron``         1  the artificial neuron (NumPy and PyTorch)
``activations``    1–2  the activation registry and derivatives
``plotting``       figures drawn from the library's computations
``explorers``      the interactive widgets, one per chapter
=================  ===========================================================

Conventions: rows are samples; a layer's weights have shape
``(out_features, in_features)`` and ``Z = X @ W.T + b``; randomness enters as an explicit
``numpy.random.Generator``; nothing in the library prints.
"""
from .activations import ACTIVATIONS, TORCH, Activation, activation_names, get_activation
from .neuron import Neuron, NeuronOutput, TorchNeuron, neuron_forward

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "TORCH",
    "Activation",
    "activation_names",
    "get_activation",
    "Neuron",
    "NeuronOutput",
    "TorchNeuron",
    "neuron_forward",
]
