"""Interactive explorers, one module per chapter's widget (see :mod:`._base` for the pattern).

* :class:`NeuronExplorer` (Chapter 1, :mod:`.neuron`)
"""
from ._base import Explorer
from .neuron import NeuronExplorer, NeuronState, neuron_state

__all__ = ["Explorer", "NeuronExplorer", "NeuronState", "neuron_state"]
