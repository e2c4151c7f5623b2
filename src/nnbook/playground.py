"""The data sets and the resumable training run behind Chapter 8's playground explorer.

The training playground (:class:`nnbook.explorers.TrainingExplorer`) trains a network
``2 → hidden → 1`` on a planar data set and shows its boundary and loss curve.  The library
side of it lives here, without widgets or drawing, so it can be used and tested on its own:

* :func:`playground_data`: one of the :data:`DATASETS` (noisy XOR, two moons, circles,
  spirals; :data:`POINTS_PER_CLASS` points per class) and a square view box around it;
* :class:`TrainingRun`: one training run that can be extended and rewound.  The training is
  exactly::

      model = MLP([2, hidden, 1], activation, rng=np.random.default_rng(seed))
      fit(model, X, y, loss="bce_with_logits", optimizer=Adam(model.parameters(), lr=lr),
          epochs=epochs, batch_size=len(X), shuffle=False, rng=np.random.default_rng(seed))

  full-batch Adam on the binary cross-entropy of the logit.  A run keeps the optimiser's
  state and a copy of the weights every ``every`` epochs, so going back costs no training
  and going forward only trains the extra epochs (continuing a full-batch run gives the
  very same numbers as training in one go);
* :data:`HIDDEN_ACTIVATIONS`: the activations the hidden layer may use (every element-wise
  entry of :data:`nnbook.activations.ACTIVATIONS`; softmax is not one).

Not here: the controls, the cache of runs, the figure and the static player (all in
:mod:`nnbook.explorers.training`).
"""
from __future__ import annotations

import numpy as np

from .activations import activation_names, get_activation
from .checks import Dataset, as_float_array, check_int, check_number
from .datasets import circles, noisy_xor, spirals, two_moons
from .layers import Dense
from .mlp import MLP
from .optim import Adam
from .training import fit

__all__ = ["DATASETS", "POINTS_PER_CLASS", "HIDDEN_ACTIVATIONS", "playground_data", "TrainingRun"]

#: The data sets the playground offers, by name.
DATASETS = ("XOR", "moons", "circles", "spirals")
#: Points of each class in every playground data set.
POINTS_PER_CLASS = 100
#: The activations a hidden layer may use: every element-wise one of the registry (softmax is not one).
HIDDEN_ACTIVATIONS = tuple(n for n in activation_names() if get_activation(n).elementwise)

# how each data set is drawn: (generator, keyword arguments besides n_per_class and rng)
_MAKERS = {"XOR": (noisy_xor, {}), "moons": (two_moons, {"noise": 0.15}),
           "circles": (circles, {"noise": 0.08}), "spirals": (spirals, {})}


def playground_data(name: str, seed: int = 0) -> tuple[Dataset, tuple[float, float, float, float]]:
    """One of the playground's data sets and its square view box.

    ``"XOR"`` is :func:`~nnbook.datasets.noisy_xor`, ``"moons"`` :func:`~nnbook.datasets.two_moons`
    (noise 0.15), ``"circles"`` :func:`~nnbook.datasets.circles` (noise 0.08) and ``"spirals"``
    :func:`~nnbook.datasets.spirals` (their default noise otherwise), each with
    :data:`POINTS_PER_CLASS` points per class drawn with ``numpy.random.default_rng(seed)``.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    seed : int, default 0
        Seed of the points (an integer >= 0).

    Returns
    -------
    (Dataset, tuple)
        The data set (``X`` of shape ``(200, 2)``, ``y`` of shape ``(200,)``, class 0 first)
        and the box ``(x1_min, x1_max, x2_min, x2_max)``: a square around the points, with
        a margin.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones) or a seed that is not an
        integer >= 0.

    Examples
    --------
    >>> (X, y), box = playground_data("moons", seed=0)
    >>> X.shape, y.shape, int(y.sum())
    ((200, 2), (200,), 100)
    >>> [round(float(v), 2) for v in box]
    [-1.56, 2.51, -1.95, 2.13]
    """
    if name not in _MAKERS:
        raise ValueError(f"unknown data set {name!r}; expected one of {list(DATASETS)}")
    make, kwargs = _MAKERS[name]
    data = make(POINTS_PER_CLASS, rng=np.random.default_rng(check_int(seed, "seed", minimum=0)), **kwargs)
    lo, hi = data.X.min(axis=0), data.X.max(axis=0)
    centre, half = (lo + hi) / 2, 0.55 * float(np.max(hi - lo)) + 0.1
    return data, (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)


class TrainingRun:
    """One training run that can be extended and rewound: the model, its Adam state, snapshots.

    Parameters
    ----------
    X : array_like of shape (N, in_features)
    y : array_like of shape (N,)
        Labels 0/1.
    lr : float
        Adam's learning rate, > 0.
    hidden : int
        Units of the hidden layer, >= 1.
    activation : str
        The hidden layer's activation, one of :data:`HIDDEN_ACTIVATIONS`.
    seed : int
        Seed of the initial weights.
    every : int
        Keep a copy of the weights after every multiple of ``every`` epochs.

    Attributes
    ----------
    model : nnbook.mlp.MLP
        The network ``in_features → hidden → 1``, as trained so far.
    losses : list of float
        The training loss of every epoch so far (as :func:`nnbook.training.fit` records it).
    snapshots : dict of int to list of ndarray
        Copies of the weights ``[W1, b1, W2, b2]`` by number of epochs trained.

    Raises
    ------
    ValueError
        For an argument out of range or an activation that is not element-wise.

    Notes
    -----
    :meth:`advance` trains on until a number of epochs in total, continuing the same
    full-batch run; :meth:`model_at` rebuilds the network as it was after a number of epochs
    that has a snapshot (0, every multiple of ``every`` reached, and the end of every
    :meth:`advance`).

    Examples
    --------
    >>> (X, y), _ = playground_data("XOR")
    >>> run = TrainingRun(X, y, lr=0.1, hidden=4, activation="tanh", seed=0, every=25)
    >>> run.advance(50)
    >>> run.epochs, sorted(run.snapshots)
    (50, [0, 25, 50])
    >>> [round(run.losses[k], 3) for k in (0, 24, 49)]  # the loss of epochs 1, 25 and 50
    [0.745, 0.068, 0.013]
    >>> run.advance(30)  # already trained past 30 epochs: nothing to do
    >>> run.model_at(25)  # the network as it was after 25 epochs
    MLP(
      (0): Dense(in_features=2, out_features=4, activation='tanh')
      (1): Dense(in_features=4, out_features=1, activation='identity')
    )
    """

    def __init__(self, X, y, lr: float, hidden: int, activation: str, seed: int, every: int):
        self.X = as_float_array(X, "X", ndim=2)
        self.y = y
        self.every = check_int(every, "every")
        activation = get_activation(activation).name
        if activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"activation must be element-wise, one of {list(HIDDEN_ACTIVATIONS)}; got {activation!r}")
        sizes = [self.X.shape[1], check_int(hidden, "hidden"), 1]
        self.model = MLP(sizes, activation, rng=np.random.default_rng(seed))
        self.optimizer = Adam(self.model.parameters(), lr=check_number(lr, "lr", above=0))
        self.rng = np.random.default_rng(seed)  # fit needs one; unused with shuffle=False
        self.losses: list[float] = []
        self.snapshots: dict[int, list[np.ndarray]] = {0: self._weights()}

    def _weights(self) -> list[np.ndarray]:
        return [p.data.copy() for p in self.model.parameters()]

    def _snapshot(self, epoch, history, model) -> None:
        done = len(self.losses) + epoch  # self.losses grows only when fit returns
        if done % self.every == 0:
            self.snapshots[done] = self._weights()

    @property
    def epochs(self) -> int:
        """Epochs trained so far."""
        return len(self.losses)

    def advance(self, epochs: int) -> None:
        """Train on until ``epochs`` epochs have run in total (nothing if they already have)."""
        extra = check_int(epochs, "epochs", minimum=0) - self.epochs
        if extra > 0:
            history = fit(self.model, self.X, self.y, loss="bce_with_logits", optimizer=self.optimizer,
                          epochs=extra, batch_size=len(self.X), shuffle=False, rng=self.rng,
                          callbacks=[self._snapshot])
            self.losses += history.train_loss
            self.snapshots[self.epochs] = self._weights()

    def model_at(self, epochs: int) -> MLP:
        """A copy of the network after ``epochs`` epochs.

        Raises ``KeyError`` if no snapshot is kept for that many epochs (the message lists
        the ones kept).
        """
        if epochs not in self.snapshots:
            raise KeyError(f"no snapshot after {epochs!r} epochs; kept: {sorted(self.snapshots)}")
        W1, b1, W2, b2 = self.snapshots[epochs]
        act = self.model[0].activation.name
        return MLP.from_layers([Dense(W1.shape[1], len(b1), act, W=W1, b=b1),
                                Dense(len(b1), 1, "identity", W=W2, b=b2)])
