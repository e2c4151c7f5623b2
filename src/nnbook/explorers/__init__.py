"""Interactive explorers, one module per chapter's widget (see :mod:`._base` for the pattern,
:mod:`._player` for their static rendering on the site).

* :class:`NeuronExplorer` (Chapter 1, :mod:`.neuron`)
* :class:`ActivationExplorer` (Chapter 2, :mod:`.activation`)
* :class:`BoundaryExplorer` (Chapter 3, :mod:`.boundary`)
* :class:`DotExplorer` (Chapter 4, :mod:`.dot`)
* :class:`MatmulExplorer` (Chapter 5, :mod:`.matmul`)
* :class:`BroadcastExplorer` (Chapter 6, :mod:`.broadcast`)
* :class:`MLPExplorer` (Chapter 7, :mod:`.mlp`)
* :class:`TrainingExplorer` (Chapter 8, :mod:`.training`)
"""
from ._base import Explorer
from .neuron import NeuronExplorer, NeuronState, neuron_state
from .activation import ActivationExplorer, ActivationState, activation_state
from .dot import DotExplorer, DotState, dot_state
from .matmul import MatmulExplorer, MatmulState, matmul_state
from .boundary import BoundaryExplorer, BoundaryState, boundary_state
from .broadcast import BroadcastExplorer, BroadcastState, broadcast_state
from .mlp import MLPExplorer, MLPState, mlp_state
from .training import TrainingExplorer, TrainingState

#: Every explorer by its name on the site (``data-explorer``), in chapter order.
EXPLORERS = {"neuron": NeuronExplorer, "activation": ActivationExplorer, "boundary": BoundaryExplorer,
             "dot": DotExplorer, "matmul": MatmulExplorer, "broadcast": BroadcastExplorer,
             "mlp": MLPExplorer, "training": TrainingExplorer}

__all__ = ["EXPLORERS", "Explorer", "NeuronExplorer", "NeuronState", "neuron_state",
           "ActivationExplorer", "ActivationState", "activation_state",
           "BoundaryExplorer", "BoundaryState", "boundary_state",
           "BroadcastExplorer", "BroadcastState", "broadcast_state",
           "DotExplorer", "DotState", "dot_state",
           "MatmulExplorer", "MatmulState", "matmul_state",
           "MLPExplorer", "MLPState", "mlp_state",
           "TrainingExplorer", "TrainingState"]
