r"""The minibatch training loop, its history and callbacks (Chapter 8).

:func:`fit` repeats, for every epoch and every shuffled minibatch, the four steps of
training — forward, loss, backward, update::

    out = model.forward(Xb)                     # 1. predictions
    value = criterion(out, yb)                  # 2. how wrong they are
    model.zero_grad(); model.backward(criterion.backward())   # 3. gradients
    optimizer.step()                            # 4. move the weights downhill

and returns a :class:`History` (loss, and accuracy for classification losses, per epoch,
on the training batches and on optional validation data).  It prints nothing: progress
bars and early stopping are *callbacks* (:class:`TqdmProgress`, :class:`EarlyStopping`),
objects whose ``on_epoch_end`` runs after every epoch.  The only randomness is the
shuffling, drawn from the ``rng`` passed in, so a seeded run repeats exactly.

Works with any model that has ``forward``, ``backward``, ``zero_grad`` and
``parameters`` (the :class:`~nnbook.mlp.MLP`), the losses of :mod:`nnbook.losses` (through
their public ``value``, ``check_target``, ``predict`` and ``accuracy``) and the optimisers
of :mod:`nnbook.optim`, which must be built on that model's parameters (``fit`` checks it:
an optimiser of another model would train nothing).  Generic argument checks come from
:mod:`nnbook.checks`.  Not here: learning-rate schedules, GPU, training PyTorch models (the
chapters write that loop out in PyTorch, where it is the point).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np

from .checks import as_float_array, check_bool, check_int, check_number, check_rng
from .losses import Loss, get_loss
from .optim import Optimizer

__all__ = ["History", "Callback", "fit", "evaluate", "EarlyStopping", "TqdmProgress"]


@dataclass
class History:
    """Per-epoch measurements returned by :func:`fit` (one entry per finished epoch).

    Attributes
    ----------
    train_loss : list of float
        Mean loss over the epoch's minibatches (weighted by batch size), measured while the
        weights were changing — the usual convention (Keras, most PyTorch loops).
    train_accuracy : list of float
        Fraction of training samples classified correctly during the epoch; empty for
        regression losses.
    val_loss, val_accuracy : list of float
        On the validation data with the weights at the end of the epoch; empty without
        validation data (accuracy also empty for regression losses).
    stopped_early : bool
        True if a callback ended training before ``epochs``.

    Examples
    --------
    >>> h = History(train_loss=[0.5, 0.25], train_accuracy=[0.5, 0.75])
    >>> h
    History(epochs=2, train_loss=0.2500, train_accuracy=0.7500)
    >>> h.epochs, h["train_loss"], h.last()
    (2, [0.5, 0.25], {'train_loss': 0.25, 'train_accuracy': 0.75})
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        """Number of finished epochs."""
        return len(self.train_loss)

    def last(self) -> dict[str, float]:
        """The latest value of every recorded metric, e.g. ``{"train_loss": 0.12, ...}``."""
        return {k: v[-1] for k, v in self.metrics().items() if v}

    def metrics(self) -> dict[str, list[float]]:
        """The four per-epoch lists by name."""
        return {"train_loss": self.train_loss, "train_accuracy": self.train_accuracy,
                "val_loss": self.val_loss, "val_accuracy": self.val_accuracy}

    def __getitem__(self, name: str) -> list[float]:
        metrics = self.metrics()
        if not isinstance(name, str) or name not in metrics:
            raise KeyError(f"unknown metric {name!r}; expected one of: {', '.join(metrics)}")
        return metrics[name]

    def __repr__(self) -> str:
        parts = [f"epochs={self.epochs}"] + [f"{k}={v:.4f}" for k, v in self.last().items()]
        if self.stopped_early:
            parts.append("stopped_early=True")
        return f"History({', '.join(parts)})"


class Callback:
    """Base class of training callbacks; override the events you need.

    A plain function ``f(epoch, history, model)`` also works as a callback: it is called
    as ``on_epoch_end``.
    """

    def on_train_begin(self, model, epochs: int) -> None:
        """Before the first epoch; ``epochs`` is the number requested."""

    def on_epoch_end(self, epoch: int, history: History, model) -> bool | None:
        """After epoch ``epoch`` (1-based) has been recorded in ``history``; return True to stop."""

    def on_train_end(self, history: History, model) -> None:
        """After the last epoch (or an early stop)."""


_EVENTS = ("on_train_begin", "on_epoch_end", "on_train_end")


def _check_data(model, criterion: Loss, X, y, names=("X", "y")):
    """Float64 ``X`` that fits the model; targets as the loss takes them (:meth:`Loss.check_target`)."""
    nx, ny = names
    X = as_float_array(X, nx)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"{nx} must have shape (N, in_features) with N >= 1, got shape {X.shape}")
    out_shape = (len(X), np.shape(model.forward(X[:1]))[1])  # also checks that X fits the model's input
    try:
        y_arr = np.asarray(y)
    except ValueError:  # a ragged list
        raise ValueError(f"{ny} must be an array with one target per sample of {nx}, got a ragged "
                         f"{type(y).__name__}") from None
    if y_arr.ndim >= 1 and len(y_arr) != len(X):
        raise ValueError(f"{nx} and {ny} must hold the same number of samples, got {len(X)} and {len(y_arr)}")
    try:
        return X, criterion.check_target(y_arr, out_shape)  # a scalar y is refused here, with the shape
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{ny} does not fit the model and loss: {exc}") from None


def _check_optimizer(optimizer, model) -> None:
    """The optimiser must update this model's Parameter objects (identity, not equal values)."""
    if not isinstance(optimizer, Optimizer):
        kind = type(optimizer)
        raise TypeError("optimizer must be an nnbook.optim optimiser built on model.parameters(), for example "
                        f"SGD(model.parameters(), lr=0.1); got {kind.__module__}.{kind.__qualname__}")
    own = {id(p) for p in model.parameters()}
    foreign = sum(id(p) not in own for p in optimizer.params)
    if foreign == len(optimizer.params):
        raise ValueError(f"the optimizer was built on other parameters than this model's (none of its "
                         f"{foreign} parameters is one of the model's), so fit would train nothing; build it "
                         f"on this model: optimizer={type(optimizer).__name__}(model.parameters(), ...)")
    if foreign:
        raise ValueError(f"{foreign} of the optimizer's {len(optimizer.params)} parameters "
                         f"{'is' if foreign == 1 else 'are'} not this model's; "
                         f"build it on this model: optimizer={type(optimizer).__name__}(model.parameters(), ...)")


def _check_callbacks(callbacks) -> list:
    if isinstance(callbacks, (Callback, str, type)) or callable(callbacks):
        raise TypeError(f"callbacks must be a list of callbacks, got {callbacks!r}; pass callbacks=[...]")
    try:
        callbacks = list(callbacks)
    except TypeError:
        raise TypeError(f"callbacks must be a list of callbacks, got {type(callbacks).__name__}") from None
    for cb in callbacks:
        if isinstance(cb, type):
            raise TypeError(f"callbacks must hold callback objects, got the class {cb.__name__} "
                            f"(did you mean {cb.__name__}(...)?)")
        if not callable(cb) and not any(hasattr(cb, event) for event in _EVENTS):
            raise TypeError("a callback must be a Callback or a function f(epoch, history, model), "
                            f"got {cb!r} ({type(cb).__name__})")
    return callbacks


def evaluate(model, X, y, loss: str | Loss) -> tuple[float, float | None]:
    """Loss and accuracy (None for regression losses) of ``model`` on ``(X, y)``, in one batch.

    Parameters
    ----------
    model : MLP (or any object with ``forward``)
    X : array_like of shape (N, in_features)
    y : array_like of shape (N,) or (N, out_features)
        Targets; class labels of shape (N,) for cross-entropy.
    loss : str or Loss

    Returns
    -------
    loss : float
    accuracy : float or None

    Raises
    ------
    ValueError, TypeError
        As :func:`fit` for data that do not fit the model or the loss.

    Examples
    --------
    A hand-set neuron that computes AND: :math:`z = 10 x_1 + 10 x_2 - 15`.

    >>> from nnbook.layers import Dense
    >>> from nnbook.mlp import MLP
    >>> X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])
    >>> neuron = MLP.from_layers([Dense(2, 1, "identity", W=[[10.0, 10.0]], b=[-15.0])])
    >>> loss, accuracy = evaluate(neuron, X, y, "bce_with_logits")
    >>> round(loss, 4), accuracy               # (3 log(1 + e^-5) + log(1 + e^-15)) / 4
    (0.005, 1.0)
    """
    criterion = get_loss(loss)
    X, y = _check_data(model, criterion, X, y)
    out = model.forward(X)
    value = criterion.value(out, y)
    return value, (criterion.accuracy(out, y) if criterion.is_classification else None)


def _callback_method(callback, event: str):
    method = getattr(callback, event, None)
    if method is None and event == "on_epoch_end" and callable(callback):
        return callback
    return method


def fit(model, X, y, *, loss: str | Loss, optimizer, epochs: int, batch_size: int = 32,
        rng: np.random.Generator, X_val=None, y_val=None, callbacks=(), shuffle: bool = True) -> History:
    """Train ``model`` by minibatch gradient descent and return its :class:`History`.

    Parameters
    ----------
    model : MLP (or any object with ``forward``, ``backward``, ``zero_grad``, ``parameters``)
    X : array_like of shape (N, in_features)
        Finite real numbers, ``N >= 1``.
    y : array_like of shape (N,) or (N, out_features)
        Targets.  Class labels ``0..C-1`` of shape (N,) for ``"cross_entropy"``; 0/1
        labels of shape (N,) are reshaped to (N, 1) for a model with one output.
    loss : str or Loss
        ``"mse"``, ``"bce"``, ``"bce_with_logits"``, ``"cross_entropy"`` or a Loss object.
    optimizer : nnbook.optim.Optimizer
        Built on ``model.parameters()`` (the same Parameter objects, so build it after the
        model; a subset is allowed, to freeze the rest); its ``step()`` follows every
        backward pass.
    epochs : int
        Passes over the training data (0 is allowed and trains nothing).
    batch_size : int, default 32
        Samples per gradient step; the last batch of an epoch may be smaller.
    rng : numpy.random.Generator
        Shuffles the samples at the start of every epoch.
    X_val, y_val : array_like, optional
        Validation data, evaluated at the end of every epoch (give both or neither).
    callbacks : sequence of Callback or callables
        Told about the start, every epoch end (a True return stops training) and the end.
    shuffle : bool, default True
        If False, batches follow the order of ``X`` (``rng`` is then unused).

    Returns
    -------
    History

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, do not fit the model or the loss (for example
        a label outside ``0..C-1``, or a scalar ``y``), ``X`` is not finite, an argument is
        out of range, or the optimiser updates parameters that are not the model's.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``, ``optimizer`` is not an
        :mod:`nnbook.optim` optimiser, or a callback is neither a Callback nor a function.

    Examples
    --------
    A sigmoid neuron learns AND with binary cross-entropy and SGD, the four samples one batch:

    >>> from nnbook.mlp import MLP
    >>> from nnbook.optim import SGD
    >>> X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])
    >>> rng = np.random.default_rng(0)
    >>> neuron = MLP([2, 1], ["sigmoid"], rng=rng)
    >>> history = fit(neuron, X, y, loss="bce", optimizer=SGD(neuron.parameters(), lr=0.5),
    ...               epochs=300, batch_size=4, rng=rng)
    >>> history.epochs, round(history.train_loss[0], 4), round(history.train_loss[-1], 4)
    (300, 0.713, 0.1048)
    >>> history.train_accuracy[-1]
    1.0

    The history measures each epoch's loss before that epoch's update; :func:`evaluate`
    measures the final weights:

    >>> round(evaluate(neuron, X, y, "bce")[0], 4)
    0.1045
    """
    criterion = get_loss(loss)
    epochs = check_int(epochs, "epochs", minimum=0)
    batch_size = check_int(batch_size, "batch_size")
    check_rng(rng)
    shuffle = check_bool(shuffle, "shuffle")
    _check_optimizer(optimizer, model)
    X, y = _check_data(model, criterion, X, y)
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = _check_data(model, criterion, X_val, y_val, names=("X_val", "y_val"))
    callbacks = _check_callbacks(callbacks)
    history = History()
    n = len(X)
    for cb in callbacks:
        if (begin := _callback_method(cb, "on_train_begin")) is not None:
            begin(model, epochs)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if shuffle else np.arange(n)
        total, correct = 0.0, 0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            Xb, yb = X[idx], y[idx]
            out = model.forward(Xb)
            total += criterion(out, yb) * len(idx)
            model.zero_grad()
            model.backward(criterion.backward())
            optimizer.step()
            if criterion.is_classification:
                correct += int(np.sum(criterion.predict(out).reshape(yb.shape) == yb))
        history.train_loss.append(total / n)
        if criterion.is_classification:
            history.train_accuracy.append(correct / n)
        if X_val is not None:
            val_loss, val_acc = evaluate(model, X_val, y_val, criterion)
            history.val_loss.append(val_loss)
            if val_acc is not None:
                history.val_accuracy.append(val_acc)
        stop = False
        for cb in callbacks:
            if (end := _callback_method(cb, "on_epoch_end")) is not None:
                stop = bool(end(epoch, history, model)) or stop
        if stop and epoch < epochs:
            history.stopped_early = True
            break
    for cb in callbacks:
        if (finish := _callback_method(cb, "on_train_end")) is not None:
            finish(history, model)
    return history


class EarlyStopping(Callback):
    """Stop when a monitored metric has not improved for ``patience`` epochs.

    Parameters
    ----------
    monitor : str, default "val_loss"
        A :class:`History` metric; losses must decrease, accuracies increase.
    patience : int, default 5
        Epochs without improvement tolerated before stopping.
    min_delta : float, default 0
        Smallest change that counts as an improvement.
    restore_best : bool, default True
        At the end, copy back the parameters of the best epoch.

    Attributes
    ----------
    best_epoch : int
        The epoch (1-based) with the best value so far (0 before the first).
    best : float
        The best value of the metric, once training has ended.

    Raises
    ------
    ValueError
        For an unknown ``monitor``, a ``patience`` that is not an integer >= 0 or a
        ``min_delta`` that is not a finite number >= 0.

    Examples
    --------
    ``fit`` calls the events; by hand, on losses that stop improving after epoch 2:

    >>> stopper = EarlyStopping("train_loss", patience=2, restore_best=False)
    >>> stopper.on_train_begin(model=None, epochs=10)
    >>> history = History()
    >>> for epoch, loss in enumerate([0.9, 0.5, 0.6, 0.7], start=1):
    ...     history.train_loss.append(loss)
    ...     print(epoch, stopper.on_epoch_end(epoch, history, model=None))
    1 False
    2 False
    3 False
    4 True
    >>> stopper.best_epoch
    2
    """

    def __init__(self, monitor: str = "val_loss", patience: int = 5, min_delta: float = 0.0,
                 restore_best: bool = True):
        metrics = History().metrics()
        if not isinstance(monitor, str) or monitor not in metrics:
            raise ValueError(f"monitor must be one of {', '.join(metrics)}, got {monitor!r}")
        self.monitor, self.patience = monitor, check_int(patience, "patience", minimum=0)
        self.min_delta = check_number(min_delta, "min_delta", at_least=0)
        self.restore_best = check_bool(restore_best, "restore_best")
        self._sign = 1.0 if monitor.endswith("loss") else -1.0  # minimise losses, maximise accuracies
        self.on_train_begin(None, 0)

    def on_train_begin(self, model, epochs: int) -> None:
        self.best, self.best_epoch, self._weights = np.inf, 0, None

    def on_epoch_end(self, epoch: int, history: History, model) -> bool:
        values = history[self.monitor]
        if not values:
            raise ValueError(f"EarlyStopping monitors {self.monitor!r}, which this run does not record")
        score = self._sign * values[-1]
        if score < self.best - self.min_delta:
            self.best, self.best_epoch = score, epoch
            if self.restore_best:
                self._weights = [p.data.copy() for p in model.parameters()]
        return epoch - self.best_epoch >= self.patience

    def on_train_end(self, history: History, model) -> None:
        if self.restore_best and self._weights is not None:
            for p, w in zip(model.parameters(), self._weights):
                p.data[...] = w
        self.best = self._sign * self.best

    def __repr__(self) -> str:
        return f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, min_delta={self.min_delta})"


class TqdmProgress(Callback):
    """A tqdm progress bar over the epochs, showing the latest losses and accuracies.

    Parameters
    ----------
    file : writable text stream, optional
        Where the bar is drawn; default ``sys.stderr`` at the start of training.  Tests
        pass an ``io.StringIO`` to keep it silent and inspect it.
    notebook : bool, default False
        Use ``tqdm.notebook`` (an ipywidgets bar) instead of text.
    disable : bool, default False
        Draw nothing (useful to switch the bar off with one flag).
    **tqdm_kwargs
        Passed on to ``tqdm`` (for example ``desc``, ``leave``, ``mininterval``).
    """

    def __init__(self, *, file=None, notebook: bool = False, disable: bool = False, **tqdm_kwargs):
        self.file, self.notebook, self.disable = file, notebook, disable
        self.tqdm_kwargs = {"desc": "epochs", "unit": "epoch", **tqdm_kwargs}
        self.bar = None

    def on_train_begin(self, model, epochs: int) -> None:
        if self.notebook:
            from tqdm.notebook import tqdm
        else:
            from tqdm import tqdm
        file = sys.stderr if self.file is None else self.file
        self.bar = tqdm(total=epochs, file=file, disable=self.disable, **self.tqdm_kwargs)

    def on_epoch_end(self, epoch: int, history: History, model) -> None:
        short = {"train_loss": "loss", "train_accuracy": "acc", "val_loss": "val_loss", "val_accuracy": "val_acc"}
        self.bar.set_postfix({short[k]: f"{v:.4f}" for k, v in history.last().items()}, refresh=False)
        self.bar.update(1)

    def on_train_end(self, history: History, model) -> None:
        self.bar.close()
