r"""Optimisers: stochastic gradient descent (with momentum, Nesterov) and Adam (Chapter 8).

Each optimiser holds a list of :class:`nnbook.layers.Parameter` objects (``.data`` and
``.grad``), such as ``model.parameters()``, and updates ``.data`` **in place** on
:meth:`Optimizer.step`, reading ``.grad``; :meth:`Optimizer.zero_grad` sets every ``.grad``
to zero.  The update rules, argument names and defaults are those of ``torch.optim.SGD``
and ``torch.optim.Adam``, so ten steps from the same start land on the same parameters
(the tests check it to 1e-10).  With ``g`` the gradient, ``θ`` a parameter and ``η`` the
learning rate:

* SGD: :math:`g \leftarrow g + \lambda\theta` (weight decay), then with momentum
  :math:`\mu`: :math:`v \leftarrow g` on the first step, :math:`v \leftarrow \mu v + (1 - \tau) g`
  afterwards (``τ`` = dampening), and :math:`g \leftarrow v`, or :math:`g \leftarrow g + \mu v`
  for Nesterov; finally :math:`\theta \leftarrow \theta - \eta g`.
  (Sutskever, Martens, Dahl & Hinton, *On the importance of initialization and momentum in
  deep learning*, ICML 2013.)
* Adam: :math:`g \leftarrow g + \lambda\theta`; :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`;
  :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`;
  :math:`\theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}`
  (Kingma & Ba, *Adam: A Method for Stochastic Optimization*, ICLR 2015, in PyTorch's
  arrangement of the bias corrections and ε).

Not here: parameter groups, learning-rate schedules, AMSGrad, AdamW, state dictionaries.
"""
from __future__ import annotations

import numpy as np

from .layers import Parameter

__all__ = ["Optimizer", "SGD", "Adam"]


def _check_number(value, name: str, low: float = 0.0, high: float | None = None, high_open=False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < low or (high is not None and (value >= high if high_open else value > high)):
        bound = f"in [{low}, {high})" if high_open else (f"in [{low}, {high}]" if high is not None else f">= {low}")
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return float(value)


class Optimizer:
    """Base class: keeps the parameters, zeroes their gradients; subclasses implement :meth:`step`.

    Parameters
    ----------
    params : iterable of Parameter
        For example ``model.parameters()``.

    Raises
    ------
    TypeError
        If an item is not a :class:`~nnbook.layers.Parameter`.
    ValueError
        If there are no parameters.
    """

    def __init__(self, params):
        self.params: list[Parameter] = list(params)
        if not self.params:
            raise ValueError("the optimiser got an empty parameter list")
        for p in self.params:
            if not isinstance(p, Parameter):
                raise TypeError(
                    f"optimisers update nnbook Parameters (pass model.parameters()), got {type(p).__name__}"
                )
        self.steps = 0  # number of step() calls so far

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to zero (in place)."""
        for p in self.params:
            p.grad.fill(0.0)

    def step(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _hyper(self) -> dict:
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum and weight decay (``torch.optim.SGD``).

    Parameters
    ----------
    params : iterable of Parameter
    lr : float, default 1e-3
        Learning rate :math:`\eta` (PyTorch's default).
    momentum : float, default 0
        Momentum factor :math:`\mu`.
    dampening : float, default 0
        Dampening :math:`\tau` of the momentum.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient as :math:`\lambda\theta`.
    nesterov : bool, default False
        Nesterov momentum; needs ``momentum > 0`` and ``dampening == 0``.

    Raises
    ------
    ValueError
        For a negative learning rate, momentum or weight decay, or Nesterov without
        momentum or with dampening.
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):
        super().__init__(params)
        self.lr = _check_number(lr, "lr")
        self.momentum = _check_number(momentum, "momentum")
        self.dampening = _check_number(dampening, "dampening")
        self.weight_decay = _check_number(weight_decay, "weight_decay")
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening == 0, "
                             f"got momentum={momentum!r}, dampening={dampening!r}")
        self.velocity: list[np.ndarray | None] = [None] * len(self.params)  # torch's momentum_buffer

    def step(self) -> None:
        """Update every parameter in place with one SGD step."""
        for i, p in enumerate(self.params):
            g = p.grad
            if self.weight_decay != 0:
                g = g + self.weight_decay * p.data
            if self.momentum != 0:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:
                    v *= self.momentum
                    v += (1.0 - self.dampening) * g
                g = g + self.momentum * v if self.nesterov else v
            p.data -= self.lr * g
        self.steps += 1

    def _hyper(self) -> dict:
        return {"lr": self.lr, "momentum": self.momentum, "dampening": self.dampening,
                "weight_decay": self.weight_decay, "nesterov": self.nesterov}


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and a per-parameter step size from its running square (``torch.optim.Adam``).

    Parameters
    ----------
    params : iterable of Parameter
    lr : float, default 1e-3
        Learning rate :math:`\eta`.
    betas : tuple of two floats, default (0.9, 0.999)
        Decay rates :math:`\beta_1, \beta_2` of the first and second moment estimates, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator for numerical stability.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient as :math:`\lambda\theta`.

    Attributes
    ----------
    m, v : list of ndarray
        First and second moment estimates (torch's ``exp_avg`` and ``exp_avg_sq``).

    Raises
    ------
    ValueError
        For a negative learning rate, ε or weight decay, or betas outside [0, 1).
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params)
        self.lr = _check_number(lr, "lr")
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_check_number(betas[0], "betas[0]", 0.0, 1.0, high_open=True),
                      _check_number(betas[1], "betas[1]", 0.0, 1.0, high_open=True))
        self.eps = _check_number(eps, "eps")
        self.weight_decay = _check_number(weight_decay, "weight_decay")
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self) -> None:
        """Update every parameter in place with one Adam step."""
        self.steps += 1
        beta1, beta2 = self.betas
        t = self.steps
        step_size = self.lr / (1.0 - beta1 ** t)
        bias_correction2_sqrt = (1.0 - beta2 ** t) ** 0.5
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            if self.weight_decay != 0:
                g = g + self.weight_decay * p.data
            m += (1.0 - beta1) * (g - m)  # = beta1 m + (1 - beta1) g, as torch's lerp_
            v *= beta2
            v += (1.0 - beta2) * (g * g)
            denom = np.sqrt(v)  # in-place below: fewer temporary arrays per step
            denom /= bias_correction2_sqrt
            denom += self.eps
            np.divide(m, denom, out=denom)
            denom *= step_size
            p.data -= denom

    def _hyper(self) -> dict:
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps, "weight_decay": self.weight_decay}
