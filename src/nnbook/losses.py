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
round to 0 or 1.

Not here: sums instead of means, class weights, label smoothing.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

import numpy as np

from .activations import sigmoid, softmax  # the stable versions of Chapters 1-2

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


def _pair(input, target, what: str):
    """Float64 arrays of one shape (no silent broadcasting), finite."""
    input = np.asarray(input, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if input.shape != target.shape:
        hint = " (reshape the targets with y.reshape(-1, 1))" if input.shape == target.shape + (1,) else ""
        raise ValueError(
            f"{what}: input and target must have the same shape, got input {input.shape} and "
            f"target {target.shape}{hint}"
        )
    if input.size == 0:
        raise ValueError(f"{what}: got an empty batch")
    if not (np.isfinite(input).all() and np.isfinite(target).all()):
        raise ValueError(f"{what}: input and target must be finite")
    return input, target


def _in_unit_interval(arr: np.ndarray, name: str, what: str) -> None:
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(
            f"{what}: {name} must lie in [0, 1], got values from {arr.min():.4g} to {arr.max():.4g}"
            + (" (pass logits to BCEWithLogitsLoss instead)" if name == "input" else "")
        )


def _logits_and_labels(logits, target):
    """Check (N, C) logits and (N,) integer labels in range(C); return float64 and int64 arrays."""
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[0] == 0:
        raise ValueError(f"cross_entropy: logits must have shape (N, C), got shape {logits.shape}")
    if not np.isfinite(logits).all():
        raise ValueError("cross_entropy: logits must be finite")
    labels = np.asarray(target)
    N, C = logits.shape
    if labels.shape != (N,):
        raise ValueError(
            f"cross_entropy: target must hold one class label per sample, shape ({N},), got shape {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        if labels.dtype.kind != "f" or not np.all(labels == np.round(labels)):
            raise ValueError(f"cross_entropy: target must hold integer class labels, got dtype {labels.dtype}")
        labels = labels.astype(np.int64)
    if labels.min() < 0 or labels.max() >= C:
        raise ValueError(
            f"cross_entropy: class labels must lie in 0..{C - 1} for {C} classes, got values from "
            f"{labels.min()} to {labels.max()}"
        )
    return logits, labels.astype(np.int64, copy=False)


# --- softmax ---------------------------------------------------------------------------


def log_softmax(Z) -> np.ndarray:
    r"""Row-wise :math:`\log\mathrm{softmax}(z)_c = z_c - \log\sum_k e^{z_k}`, stably.

    The row maximum is subtracted before exponentiating, so no exponent exceeds 0.
    ``Z``: ndarray of shape (N, C); the result has the same shape.
    """
    Z = np.asarray(Z, dtype=np.float64)
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


# --- the losses as pure functions ---------------------------------------------------------


def mse_loss(y_hat, y) -> float:
    r"""Mean squared error :math:`\frac1M\sum_i (\hat y_i - y_i)^2` over all ``M`` elements.

    Parameters
    ----------
    y_hat, y : array_like, same shape (e.g. (N,) or (N, out_features))

    Raises
    ------
    ValueError
        If the shapes differ (no silent broadcasting), the batch is empty, or a value is
        not finite.
    """
    y_hat, y = _pair(y_hat, y, "mse_loss")
    return float(np.mean((y_hat - y) ** 2))


def mse_loss_grad(y_hat, y) -> np.ndarray:
    r""":math:`\partial L/\partial \hat y = \frac2M(\hat y - y)`; the shape of ``y_hat``."""
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

    Raises
    ------
    ValueError
        If a value lies outside [0, 1] or the shapes differ.
    """
    p, y = _pair(p, y, "binary_cross_entropy")
    _in_unit_interval(p, "input", "binary_cross_entropy")
    _in_unit_interval(y, "target", "binary_cross_entropy")
    with np.errstate(divide="ignore"):  # log(0) = -inf is clamped next
        log_p = np.maximum(np.log(p), _LOG_CLAMP)
        log_q = np.maximum(np.log1p(-p), _LOG_CLAMP)
    return float(-np.mean(y * log_p + (1.0 - y) * log_q))


def binary_cross_entropy_grad(p, y) -> np.ndarray:
    r""":math:`\partial L/\partial p = \frac1M \frac{p - y}{\max(p(1-p),\ 10^{-12})}` (PyTorch's formula)."""
    p, y = _pair(p, y, "binary_cross_entropy")
    _in_unit_interval(p, "input", "binary_cross_entropy")
    _in_unit_interval(y, "target", "binary_cross_entropy")
    return (p - y) / np.maximum(p * (1.0 - p), _BCE_GRAD_EPS) / p.size


def binary_cross_entropy_with_logits(z, y) -> float:
    r"""Binary cross-entropy of :math:`p = \sigma(z)`, computed from the logits ``z`` stably.

    Uses :math:`-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \max(z, 0) - zy + \log(1 + e^{-|z|})`,
    which never exponentiates a positive number (``torch.nn.BCEWithLogitsLoss``).

    Parameters
    ----------
    z : array_like
        Logits (any real numbers).
    y : array_like, shape of ``z``
        Targets in [0, 1].
    """
    z, y = _pair(z, y, "binary_cross_entropy_with_logits")
    _in_unit_interval(y, "target", "binary_cross_entropy_with_logits")
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def binary_cross_entropy_with_logits_grad(z, y) -> np.ndarray:
    r""":math:`\partial L/\partial z = \frac1M(\sigma(z) - y)`; the shape of ``z``."""
    z, y = _pair(z, y, "binary_cross_entropy_with_logits")
    _in_unit_interval(y, "target", "binary_cross_entropy_with_logits")
    return (sigmoid(z) - y) / z.size


def cross_entropy(logits, y) -> float:
    r"""Cross-entropy of integer labels under the softmax of the logits, averaged over the batch.

    :math:`L = \frac1N \sum_n \big(\log\sum_c e^{z_{nc}} - z_{n, y_n}\big)`, computed with the
    log-sum-exp trick (``torch.nn.CrossEntropyLoss``).

    Parameters
    ----------
    logits : array_like of shape (N, C)
        Raw scores, one row per sample.
    y : array_like of shape (N,)
        Class labels, integers in ``0 .. C-1``.

    Raises
    ------
    ValueError
        If the shapes do not fit, a label is not an integer or lies outside ``0 .. C-1``.
    """
    Z, labels = _logits_and_labels(logits, y)
    return float(-np.mean(log_softmax(Z)[np.arange(len(labels)), labels]))


def cross_entropy_grad(logits, y) -> np.ndarray:
    r""":math:`\partial L/\partial Z = \frac1N(\mathrm{softmax}(Z) - \mathrm{onehot}(y))`, shape (N, C)."""
    Z, labels = _logits_and_labels(logits, y)
    G = softmax(Z)
    G[np.arange(len(labels)), labels] -= 1.0
    return G / len(labels)


# --- the classes -------------------------------------------------------------------------


class Loss:
    """Base of the loss classes: ``loss = criterion(input, target)``, then ``criterion.backward()``.

    Subclasses set ``name`` and the pure functions ``_value`` and ``_grad``, and may
    override :meth:`predict` (class predictions from the model's output) for accuracy.
    """

    name = "loss"
    _value = staticmethod(mse_loss)
    _grad = staticmethod(mse_loss_grad)
    is_classification = False

    def __init__(self):
        self._last = None

    def forward(self, input, target) -> float:
        """The mean loss of a batch (a Python float); remembers the batch for :meth:`backward`."""
        value = self._value(input, target)
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

    def predict(self, output) -> np.ndarray:
        """Class labels from the model's output; only for classification losses."""
        raise TypeError(f"{self!r} is a regression loss: it has no class predictions or accuracy")

    def accuracy(self, output, target) -> float:
        """Fraction of samples whose predicted class equals the target."""
        target = np.asarray(target)
        return float(np.mean(self.predict(output).reshape(target.shape) == target))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error for regression (:func:`mse_loss`), like ``torch.nn.MSELoss()``."""

    name = "mse"
    _value = staticmethod(mse_loss)
    _grad = staticmethod(mse_loss_grad)


class BCELoss(Loss):
    """Binary cross-entropy from probabilities (:func:`binary_cross_entropy`), like ``torch.nn.BCELoss()``.

    For a model whose output layer is a sigmoid; predicts class 1 when ``p >= 0.5``.
    """

    name = "bce"
    _value = staticmethod(binary_cross_entropy)
    _grad = staticmethod(binary_cross_entropy_grad)
    is_classification = True

    def predict(self, output) -> np.ndarray:
        return (np.asarray(output) >= 0.5).astype(np.int64)


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy from logits (:func:`binary_cross_entropy_with_logits`), like ``torch.nn.BCEWithLogitsLoss()``.

    For a model whose output layer is linear ("identity"); predicts class 1 when ``z >= 0``.
    """

    name = "bce_with_logits"
    _value = staticmethod(binary_cross_entropy_with_logits)
    _grad = staticmethod(binary_cross_entropy_with_logits_grad)
    is_classification = True

    def predict(self, output) -> np.ndarray:
        return (np.asarray(output) >= 0.0).astype(np.int64)


class CrossEntropyLoss(Loss):
    """Cross-entropy from logits and integer labels (:func:`cross_entropy`), like ``torch.nn.CrossEntropyLoss()``.

    For a model with ``C`` linear outputs; predicts the class with the largest logit.
    """

    name = "cross_entropy"
    _value = staticmethod(cross_entropy)
    _grad = staticmethod(cross_entropy_grad)
    is_classification = True

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

    A :class:`Loss` instance is returned unchanged.

    Raises
    ------
    UnknownLossError
        (a ``KeyError``) for an unknown name; the message lists the valid names.
    """
    if isinstance(loss, Loss):
        return loss
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a name or a Loss, got {type(loss).__name__}")
    try:
        return LOSSES[loss.strip().lower()]()
    except KeyError:
        raise UnknownLossError(f"unknown loss {loss!r}; expected one of: {', '.join(LOSSES)}") from None
