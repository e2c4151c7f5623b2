r"""Loss functions and their gradients (Chapter 8), with PyTorch's names and defaults.

Each loss is a pair of plain functions — the value and its gradient with respect to the
model's output — and a small class with PyTorch's name that calls them, caches its inputs,
and returns the gradient from :meth:`Loss.backward` (so a training step reads
``loss = criterion(output, y); model.backward(criterion.backward())``):

* ``MSELoss`` ("mse"): :math:`L = \frac1M\sum (\hat y - y)^2`, gradient :math:`\frac2M(\hat y - y)`;
* ``BCELoss`` ("bce"), from probabilities :math:`p`:
  :math:`L = -\frac1M\sum \big(y\log p + (1-y)\log(1-p)\big)`, gradient :math:`\frac1M\,\frac{p - y}{p(1-p)}`;
* ``BCEWithLogitsLoss`` ("bce_with_logits"): the same with :math:`p = \sigma(z)`, gradient
  :math:`\frac1M(\sigma(z) - y)`;
* ``CrossEntropyLoss`` ("cross_entropy"), logits ``Z`` of shape (N, C) and integer labels:
  :math:`L = \frac1N\sum_n \big(\log\sum_c e^{Z_{nc}} - Z_{n,y_n}\big)`, gradient
  :math:`\frac1N(\mathrm{softmax}(Z) - \mathrm{onehot}(y))`.

``M`` is the number of elements, ``N`` the number of samples, ``C`` the number of classes.
The reduction is always the mean, PyTorch's default.  Stability: the logit forms never
exponentiate a large positive number (log-sum-exp with the maximum subtracted; softplus
written as :math:`\max(z, 0) + \log(1 + e^{-|z|})`), so logits of ±1000 give exact, finite
values without warnings.  ``BCELoss`` on probabilities follows PyTorch: each log is clamped
at -100 (so ``p = 0`` costs 100, not infinity) and the gradient's denominator
:math:`p(1-p)` at 1e-12.  Prefer the logit forms: they are exact where probabilities
round to 0 or 1.  Every value is a Python float, ``0.0`` (never ``-0.0``) for a perfect fit.

Besides ``forward``/``backward`` the classes give :meth:`Loss.value` (the loss of a batch
without remembering it, for evaluation) and :meth:`Loss.check_target` (whether targets fit
a model's output, and in which shape the loss takes them); :func:`nnbook.training.fit` and
:func:`nnbook.training.evaluate` use only these.  Generic input checks (real, finite
numbers) come from :mod:`nnbook.checks`; each loss's own shape and target checks are here.

Not here: sums instead of means, class weights, label smoothing; the softmax itself
(:func:`nnbook.activations.softmax`, re-exported here next to :func:`log_softmax`).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

import numpy as np

from .activations import sigmoid, softmax  # the stable versions of Chapters 1-2
from .checks import as_float_array, check_int

__all__ = [
    "softmax",
    "log_softmax",
    "mse_loss",
    "mse_loss_grad",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "Loss",
    "MSELoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "LOSSES",
    "UnknownLossError",
    "get_loss",
]

_LOG_CLAMP = -100.0  # PyTorch's BCELoss clamps log p and log(1 - p) at -100
_BCE_GRAD_EPS = float(np.float32(1e-12))  # ... and the gradient's denominator p (1 - p) at 1e-12
# (PyTorch's constant is the single-precision 1e-12, 9.99999996e-13; using it keeps the
# gradients equal at p = 0 and p = 1 too)


# --- checks ------------------------------------------------------------------------------


def _in_unit_interval(arr: np.ndarray, name: str, what: str) -> None:
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(
            f"{what}: {name} must lie in [0, 1], got values from {arr.min():.4g} to {arr.max():.4g}"
            + (" (pass logits to BCEWithLogitsLoss instead)" if name == "input" else "")
        )


def _pair(input, target, what: str, *, unit_input: bool = False, unit_target: bool = False):
    """Float64 arrays of one shape (no silent broadcasting), finite, optionally in [0, 1]."""
    input = as_float_array(input, f"{what}: input")
    target = as_float_array(target, f"{what}: target")
    if input.shape != target.shape:
        hint = " (reshape the targets with y.reshape(-1, 1))" if input.shape == target.shape + (1,) else ""
        raise ValueError(
            f"{what}: input and target must have the same shape, got input {input.shape} and "
            f"target {target.shape}{hint}"
        )
    if input.size == 0:
        raise ValueError(f"{what}: got an empty batch")
    if unit_input:
        _in_unit_interval(input, "input", what)
    if unit_target:
        _in_unit_interval(target, "target", what)
    return input, target


def _labels(target, N: int, C: int) -> np.ndarray:
    """Check (N,) integer class labels in range(C); return them as int64."""
    labels = np.asarray(target)
    if labels.shape != (N,):
        raise ValueError(
            f"cross_entropy: target must hold one class label per sample, shape ({N},), got shape {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        if labels.dtype.kind != "f" or not (np.isfinite(labels).all() and np.all(labels == np.round(labels))):
            raise ValueError(f"cross_entropy: target must hold integer class labels, got dtype {labels.dtype}"
                             + (" with non-integer values" if labels.dtype.kind == "f" else ""))
        labels = labels.astype(np.int64)
    if labels.min() < 0 or labels.max() >= C:
        raise ValueError(
            f"cross_entropy: class labels must lie in 0..{C - 1} for {C} classes, got values from "
            f"{labels.min()} to {labels.max()}"
        )
    return labels.astype(np.int64, copy=False)


def _logits_and_labels(logits, target):
    """Check (N, C) finite logits and (N,) integer labels in range(C); return float64 and int64 arrays."""
    logits = as_float_array(logits, "cross_entropy: logits")
    if logits.ndim != 2 or 0 in logits.shape:
        raise ValueError(f"cross_entropy: logits must have shape (N, C) with N, C >= 1, got shape {logits.shape}")
    return logits, _labels(target, *logits.shape)


# --- softmax ---------------------------------------------------------------------------


def log_softmax(Z, axis: int = -1) -> np.ndarray:
    r"""Log-probabilities :math:`\log\mathrm{softmax}(z)_c = z_c - \log\sum_k e^{z_k}` along ``axis``, stably.

    The maximum along ``axis`` is subtracted before exponentiating, so no exponent exceeds
    0 and logits of ±1000 give exact values without warnings (``torch.log_softmax``).  It
    validates like :func:`softmax`: a 0-d input is one logit, of log-probability 0.

    Parameters
    ----------
    Z : array_like, any shape
        Logits, classes along ``axis`` (``(N, C)`` in the book).  ``-inf`` is allowed for a
        masked entry if its row has a finite logit.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray of the shape of ``Z``
        ``log(softmax(Z, axis))``, computed without taking the log of a rounded 0.

    Raises
    ------
    ValueError
        If ``Z`` contains NaN, ``axis`` is not an integer in ``[-Z.ndim, Z.ndim - 1]``, or
        there are no classes along it.
    TypeError
        If ``Z`` is not real numbers.

    Examples
    --------
    >>> log_softmax(np.array([[0.0, np.log(3.0)]])).round(4)       # probabilities 1/4 and 3/4
    array([[-1.3863, -0.2877]])
    >>> log_softmax([[1000.0, 0.0]])                                  # no overflow
    array([[    0., -1000.]])
    >>> log_softmax([[1.0, 1.0], [2.0, 0.0]], axis=0).round(4)        # classes down the columns
    array([[-1.3133, -0.3133],
           [-0.3133, -1.3133]])
    """
    Z = as_float_array(Z, "Z", allow_inf=True)
    if Z.ndim == 0:
        return np.zeros_like(Z)
    axis = check_int(axis, "axis", minimum=-Z.ndim)
    if axis >= Z.ndim:
        raise ValueError(f"axis must be in [{-Z.ndim}, {Z.ndim - 1}] for Z of shape {Z.shape}, got {axis}")
    if Z.shape[axis] == 0:
        raise ValueError(f"log_softmax needs at least one class along axis {axis}, got Z of shape {Z.shape}")
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# --- the losses as pure functions ---------------------------------------------------------
# Each value ends in ``+ 0.0``: a perfect fit gives a sum of zeros whose negation is -0.0
# (printed "-0.0000"); adding +0.0 turns it into 0.0 and changes no other number.


def mse_loss(y_hat, y) -> float:
    r"""Mean squared error :math:`\frac1M\sum_i (\hat y_i - y_i)^2` over all ``M`` elements.

    Parameters
    ----------
    y_hat, y : array_like, same shape (e.g. (N,) or (N, out_features))

    Returns
    -------
    float
        ``0.0`` (never ``-0.0``) for a perfect fit.

    Raises
    ------
    ValueError
        If the shapes differ (no silent broadcasting), the batch is empty, or a value is
        not finite.
    TypeError
        If an argument is not real numbers.

    Examples
    --------
    >>> round(mse_loss([2.5, 3.8, 1.2], [3.0, 4.0, 1.0]), 4)    # (0.25 + 0.04 + 0.04) / 3
    0.11
    >>> mse_loss_grad([2.5, 3.8, 1.2], [3.0, 4.0, 1.0]).round(4)  # 2 (y_hat - y) / 3
    array([-0.3333, -0.1333,  0.1333])
    """
    y_hat, y = _pair(y_hat, y, "mse_loss")
    return float(np.mean((y_hat - y) ** 2)) + 0.0


def mse_loss_grad(y_hat, y) -> np.ndarray:
    r""":math:`\partial L/\partial \hat y = \frac2M(\hat y - y)`; the shape of ``y_hat``.

    Errors as :func:`mse_loss`.
    """
    y_hat, y = _pair(y_hat, y, "mse_loss")
    return 2.0 * (y_hat - y) / y_hat.size


def binary_cross_entropy(p, y) -> float:
    r"""Binary cross-entropy from probabilities, :math:`-\frac1M\sum y\log p + (1-y)\log(1-p)`.

    Each log is clamped at -100, as in ``torch.nn.BCELoss``, so ``p`` of exactly 0 or 1
    gives a finite loss.

    Parameters
    ----------
    p : array_like
        Predicted probabilities in [0, 1].
    y : array_like, shape of ``p``
        Targets in [0, 1] (usually 0 or 1).

    Returns
    -------
    float
        ``0.0`` (never ``-0.0``) for a perfect fit.

    Raises
    ------
    ValueError
        If a value lies outside [0, 1] or is not finite, or the shapes differ.

    Examples
    --------
    >>> round(binary_cross_entropy([0.9, 0.2], [1.0, 0.0]), 4)   # -(log 0.9 + log 0.8) / 2
    0.1643
    >>> binary_cross_entropy([1.0, 0.0], [1.0, 0.0])             # a perfect fit
    0.0
    >>> binary_cross_entropy([0.0], [1.0])                       # log 0 clamped at -100
    100.0
    """
    p, y = _pair(p, y, "binary_cross_entropy", unit_input=True, unit_target=True)
    with np.errstate(divide="ignore"):  # log(0) = -inf is clamped next
        log_p = np.maximum(np.log(p), _LOG_CLAMP)
        log_q = np.maximum(np.log1p(-p), _LOG_CLAMP)
    return float(-np.mean(y * log_p + (1.0 - y) * log_q)) + 0.0


def binary_cross_entropy_grad(p, y) -> np.ndarray:
    r""":math:`\partial L/\partial p = \frac1M \frac{p - y}{\max(p(1-p),\ 10^{-12})}` (PyTorch's formula).

    Errors as :func:`binary_cross_entropy`.
    """
    p, y = _pair(p, y, "binary_cross_entropy", unit_input=True, unit_target=True)
    return (p - y) / np.maximum(p * (1.0 - p), _BCE_GRAD_EPS) / p.size


def binary_cross_entropy_with_logits(z, y) -> float:
    r"""Binary cross-entropy of :math:`p = \sigma(z)`, computed from the logits ``z`` stably.

    Uses :math:`-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \max(z, 0) - zy + \log(1 + e^{-|z|})`,
    which never exponentiates a positive number (``torch.nn.BCEWithLogitsLoss``).

    Parameters
    ----------
    z : array_like
        Logits (any finite real numbers).
    y : array_like, shape of ``z``
        Targets in [0, 1].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a target lies outside [0, 1], a value is not finite, or the shapes differ.

    Examples
    --------
    The logits of the probabilities 0.9 and 0.2 give the same loss as
    :func:`binary_cross_entropy`; the gradient is :math:`(\sigma(z) - y)/M`:

    >>> z = np.log([0.9 / 0.1, 0.2 / 0.8])
    >>> round(binary_cross_entropy_with_logits(z, [1.0, 0.0]), 4)
    0.1643
    >>> binary_cross_entropy_with_logits_grad(z, [1.0, 0.0]).round(4)   # (0.9 - 1) / 2, (0.2 - 0) / 2
    array([-0.05,  0.1 ])
    >>> binary_cross_entropy_with_logits([1000.0], [0.0])                # log(1 + e^1000), no overflow
    1000.0
    """
    z, y = _pair(z, y, "binary_cross_entropy_with_logits", unit_target=True)
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))))) + 0.0


def binary_cross_entropy_with_logits_grad(z, y) -> np.ndarray:
    r""":math:`\partial L/\partial z = \frac1M(\sigma(z) - y)`; the shape of ``z``.

    Errors as :func:`binary_cross_entropy_with_logits`.
    """
    z, y = _pair(z, y, "binary_cross_entropy_with_logits", unit_target=True)
    return (sigmoid(z) - y) / z.size


def cross_entropy(logits, y) -> float:
    r"""Cross-entropy of integer labels under the softmax of the logits, averaged over the batch.

    :math:`L = \frac1N \sum_n \big(\log\sum_c e^{z_{nc}} - z_{n, y_n}\big)`, computed with the
    log-sum-exp trick (:func:`log_softmax`; ``torch.nn.CrossEntropyLoss``).

    Parameters
    ----------
    logits : array_like of shape (N, C)
        Raw scores, one row per sample (finite).
    y : array_like of shape (N,)
        Class labels, integers in ``0 .. C-1`` (floats equal to integers are accepted).

    Returns
    -------
    float
        ``0.0`` (never ``-0.0``) for a perfect fit.

    Raises
    ------
    ValueError
        If the shapes do not fit, a logit is not finite, or a label is not an integer or
        lies outside ``0 .. C-1``.

    Examples
    --------
    >>> logits = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.2]]
    >>> round(cross_entropy(logits, [0, 1]), 4)
    0.3143
    >>> cross_entropy_grad(logits, [0, 1]).round(4)      # (softmax - onehot) / N
    array([[-0.1705,  0.1212,  0.0493],
           [ 0.0548, -0.0953,  0.0406]])
    >>> cross_entropy([[1000.0, 0.0]], [0])               # certain and right: a perfect fit
    0.0
    """
    Z, labels = _logits_and_labels(logits, y)
    return float(-np.mean(log_softmax(Z)[np.arange(len(labels)), labels])) + 0.0


def cross_entropy_grad(logits, y) -> np.ndarray:
    r""":math:`\partial L/\partial Z = \frac1N(\mathrm{softmax}(Z) - \mathrm{onehot}(y))`, shape (N, C).

    Errors as :func:`cross_entropy`.
    """
    Z, labels = _logits_and_labels(logits, y)
    G = softmax(Z)
    G[np.arange(len(labels)), labels] -= 1.0
    return G / len(labels)


# --- the classes -------------------------------------------------------------------------


class Loss:
    """Base of the loss classes: ``loss = criterion(input, target)``, then ``criterion.backward()``.

    Subclasses set ``name``, the pure functions ``_value`` and ``_grad``, and may override
    :meth:`check_target` (what targets fit a model's output) and :meth:`predict` (class
    predictions from the model's output, for accuracy).

    Methods
    -------
    forward(input, target), or calling the loss
        The mean loss of a batch, remembered for :meth:`backward`.
    backward()
        The gradient of the latest loss with respect to its input.
    value(input, target)
        The mean loss without remembering anything (for evaluation).
    check_target(target, output_shape)
        Targets checked against a model output of the given shape.

    Examples
    --------
    >>> criterion = get_loss("mse")
    >>> criterion(np.array([[1.0], [2.0]]), np.array([[0.0], [2.0]]))   # (1 + 0) / 2
    0.5
    >>> criterion.backward()                                             # 2 (y_hat - y) / 2
    array([[1.],
           [0.]])
    """

    name = "loss"
    _value = staticmethod(mse_loss)
    _grad = staticmethod(mse_loss_grad)
    _unit_target = False  # targets must lie in [0, 1]
    is_classification = False

    def __init__(self):
        self._last = None

    def value(self, input, target) -> float:
        """The mean loss of a batch (a Python float), without remembering it for :meth:`backward`.

        Raises the errors of the loss function (``ValueError`` for inputs and targets that do
        not fit).

        Examples
        --------
        >>> MSELoss().value([1.0, 2.0], [0.0, 2.0])
        0.5
        """
        return self._value(input, target)

    def forward(self, input, target) -> float:
        """The mean loss of a batch (a Python float); remembers the batch for :meth:`backward`."""
        value = self.value(input, target)
        self._last = (input, target)
        return value

    __call__ = forward

    def backward(self) -> np.ndarray:
        """Gradient of the latest loss with respect to its ``input`` (same shape as ``input``).

        Raises
        ------
        RuntimeError
            If the loss has not been computed yet.
        """
        if self._last is None:
            raise RuntimeError(f"{self!r}: call the loss on a batch before backward()")
        return self._grad(*self._last)

    def check_target(self, target, output_shape) -> np.ndarray:
        """Check targets against a model output of shape ``output_shape``; return them as the loss takes them.

        For the element-wise losses (MSE, BCE) the targets must have the output's shape,
        except that ``(N,)`` targets are reshaped to ``(N, 1)`` for a model with one output;
        they must be finite (and in [0, 1] for the cross-entropies).  :class:`CrossEntropyLoss`
        needs ``N`` integer labels in ``0..C-1`` for an output of shape ``(N, C)``.

        Parameters
        ----------
        target : array_like
        output_shape : tuple of int
            The shape of the model's output, ``(N, out_features)``.

        Returns
        -------
        ndarray
            Float64 targets of shape ``output_shape`` (int64 labels of shape ``(N,)`` for
            cross-entropy).

        Raises
        ------
        ValueError
            If the targets do not fit; the message says what was expected.
        TypeError
            If they are not numbers.

        Examples
        --------
        >>> BCEWithLogitsLoss().check_target([0, 1, 1], (3, 1)).ravel()
        array([0., 1., 1.])
        >>> BCEWithLogitsLoss().check_target([0, 2], (2, 1))
        Traceback (most recent call last):
            ...
        ValueError: binary_cross_entropy_with_logits: target must lie in [0, 1], got values from 0 to 2
        """
        what = self._value.__name__
        shape = tuple(output_shape)
        target = as_float_array(target, f"{what}: target")
        if target.ndim == 1 and shape == (len(target), 1):
            target = target.reshape(-1, 1)  # one output per sample: y of shape (N,) becomes (N, 1)
        if target.shape != shape:
            also = f" or ({shape[0]},)" if len(shape) == 2 and shape[1] == 1 else ""
            raise ValueError(f"{what}: target must have the shape of the model's output {shape}{also}, "
                             f"got shape {target.shape}")
        if self._unit_target and target.size:
            _in_unit_interval(target, "target", what)
        return target

    def predict(self, output) -> np.ndarray:
        """Class labels from the model's output; only for classification losses."""
        raise TypeError(f"{self!r} is a regression loss: it has no class predictions or accuracy")

    def accuracy(self, output, target) -> float:
        """Fraction of samples whose predicted class equals the target.

        Raises
        ------
        ValueError
            If ``output`` gives a different number of predictions than there are targets.
        TypeError
            For a regression loss.
        """
        predicted, target = self.predict(output), np.asarray(target)
        if predicted.size != target.size:
            raise ValueError(f"{self!r}.accuracy: an output of shape {np.shape(output)} gives {predicted.size} "
                             f"predictions for {target.size} targets (shape {target.shape})")
        return float(np.mean(predicted.reshape(target.shape) == target))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error for regression (:func:`mse_loss`), like ``torch.nn.MSELoss()``.

    Examples
    --------
    >>> criterion = MSELoss()
    >>> round(criterion([2.5, 3.8, 1.2], [3.0, 4.0, 1.0]), 4)
    0.11
    >>> criterion.backward().round(4)
    array([-0.3333, -0.1333,  0.1333])
    """

    name = "mse"
    _value = staticmethod(mse_loss)
    _grad = staticmethod(mse_loss_grad)


class BCELoss(Loss):
    """Binary cross-entropy from probabilities (:func:`binary_cross_entropy`), like ``torch.nn.BCELoss()``.

    For a model whose output layer is a sigmoid; predicts class 1 when ``p >= 0.5``.

    Examples
    --------
    >>> criterion = BCELoss()
    >>> p, y = np.array([[0.9], [0.2]]), np.array([[1.0], [0.0]])
    >>> round(criterion(p, y), 4), criterion.accuracy(p, y)
    (0.1643, 1.0)
    >>> criterion.backward().round(4)             # (p - y) / (p (1 - p)) / 2
    array([[-0.5556],
           [ 0.625 ]])
    """

    name = "bce"
    _value = staticmethod(binary_cross_entropy)
    _grad = staticmethod(binary_cross_entropy_grad)
    _unit_target = True
    is_classification = True

    def predict(self, output) -> np.ndarray:
        return (np.asarray(output) >= 0.5).astype(np.int64)


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy from logits (:func:`binary_cross_entropy_with_logits`), like ``torch.nn.BCEWithLogitsLoss()``.

    For a model whose output layer is linear ("identity"); predicts class 1 when ``z >= 0``.

    Examples
    --------
    >>> criterion = BCEWithLogitsLoss()
    >>> z, y = np.array([[0.0], [2.0]]), np.array([[1.0], [1.0]])
    >>> round(criterion(z, y), 4)                 # (log 2 + log(1 + e^-2)) / 2
    0.41
    >>> criterion.backward().round(4)             # (sigmoid(z) - y) / 2
    array([[-0.25  ],
           [-0.0596]])
    >>> criterion.predict(z).ravel()
    array([1, 1])
    """

    name = "bce_with_logits"
    _value = staticmethod(binary_cross_entropy_with_logits)
    _grad = staticmethod(binary_cross_entropy_with_logits_grad)
    _unit_target = True
    is_classification = True

    def predict(self, output) -> np.ndarray:
        return (np.asarray(output) >= 0.0).astype(np.int64)


class CrossEntropyLoss(Loss):
    """Cross-entropy from logits and integer labels (:func:`cross_entropy`), like ``torch.nn.CrossEntropyLoss()``.

    For a model with ``C`` linear outputs; predicts the class with the largest logit.

    Examples
    --------
    >>> criterion = CrossEntropyLoss()
    >>> logits, labels = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.2]]), np.array([0, 2])
    >>> round(criterion(logits, labels), 4), criterion.accuracy(logits, labels)
    (1.4643, 0.5)
    >>> criterion.predict(logits)
    array([0, 1])
    >>> criterion.check_target([0, 3], (2, 3))
    Traceback (most recent call last):
        ...
    ValueError: cross_entropy: class labels must lie in 0..2 for 3 classes, got values from 0 to 3
    """

    name = "cross_entropy"
    _value = staticmethod(cross_entropy)
    _grad = staticmethod(cross_entropy_grad)
    is_classification = True

    def check_target(self, target, output_shape) -> np.ndarray:
        N, C = output_shape
        return _labels(target, N, C)

    def predict(self, output) -> np.ndarray:
        return np.asarray(output).argmax(axis=1)


#: Loss classes by name.
LOSSES: Mapping[str, type[Loss]] = MappingProxyType(
    {cls.name: cls for cls in (MSELoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss)}
)


class UnknownLossError(KeyError):
    """Raised by :func:`get_loss` for an unregistered name (a ``KeyError`` printed without quotes)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def get_loss(loss: str | Loss) -> Loss:
    """A loss object from its name (``"mse"``, ``"bce"``, ``"bce_with_logits"``, ``"cross_entropy"``).

    A :class:`Loss` instance is returned unchanged; names are case-insensitive.

    Raises
    ------
    UnknownLossError
        (a ``KeyError``) for an unknown name; the message lists the valid names.
    TypeError
        If ``loss`` is neither a name nor a :class:`Loss` (a loss *class* gets a hint).

    Examples
    --------
    >>> get_loss("BCE_with_logits")
    BCEWithLogitsLoss()
    >>> get_loss("hinge")
    Traceback (most recent call last):
        ...
    nnbook.losses.UnknownLossError: unknown loss 'hinge'; expected one of: mse, bce, bce_with_logits, cross_entropy
    """
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, type) and issubclass(loss, Loss):
        raise TypeError(f"loss must be a name or a Loss object, got the class {loss.__name__} "
                        f"(pass {loss.__name__}() or {loss.name!r})")
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a name or a Loss, got {loss!r} ({type(loss).__name__})")
    try:
        return LOSSES[loss.strip().lower()]()
    except KeyError:
        raise UnknownLossError(f"unknown loss {loss!r}; expected one of: {', '.join(LOSSES)}") from None
