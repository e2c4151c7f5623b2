"""nnbook: the code of *Neurons to Networks*, one module per chapter concept.

=================  ===========================================================
module             chapter
=================  ===========================================================
``neuron``         1  the artificial neuron (NumPy and PyTorch)
``activations``    1–2  the activation registry and derivatives
``activation_fns`` 1–2  the activation functions by family (re-exported by ``activations``)
``datasets``       3–8  small seeded data sets: gates, blobs, XOR, moons, circles, spirals, house prices, digits
``boundary``       3  decision boundaries, the neuron as a classifier, XOR
``linalg``         4–6  dot and matrix products as loops, dot-product geometry, a layer
``broadcasting``   6  the broadcasting rule step by step, as data and as text
``layers``         7–8  the Dense layer: forward, backward, initialisers, ``Parameter``
``mlp``            7  the MLP: stack of Dense layers, summary, ``nn.Sequential`` round trip
``landscape``      7  a 2-input network's decision landscape on a grid; its linear regions
``mlp_diagram``    7  an MLP drawn as circles and edges (``NetworkDiagram``, ``plot_network``)
``losses``         8  MSE, binary cross-entropy (probabilities, logits), cross-entropy
``optim``          8  SGD (momentum, Nesterov) and Adam, as in ``torch.optim``
``training``       8  the minibatch training loop, its history, callbacks (progress bar)
``preprocessing``  8  seeded stratified train/test split, standardisation (``Scaler``)
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
