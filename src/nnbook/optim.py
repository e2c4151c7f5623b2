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

Hyperparameters are checked with :func:`nnbook.checks.check_number` (finite numbers;
``"0.1"``, ``None`` and ``bool`` are refused).  :func:`nnbook.training.fit` reads
:attr:`Optimizer.params` to make sure the optimiser updates the model it trains.

Not here: parameter groups, learning-rate schedules, AMSGrad, AdamW, state dictionaries.
"""
from __future__ import annotations

import numpy as np

from .checks import check_bool, check_number
from .layers import Parameter

__all__ = ["Optimizer", "SGD", "Adam"]


class Optimizer:
    """Base class: keeps the parameters, zeroes their gradients; subclasses implement :meth:`step`.

    Parameters
    ----------
    params : iterable of Parameter
        For example ``model.parameters()``; each parameter at most once.

    Attributes
    ----------
    params : list of Parameter
        The parameters updated by :meth:`step`, the very objects given (not copies), in
        order; ``fit`` compares them with the model's.
    steps : int
        Number of :meth:`step` calls so far.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`~nnbook.layers.Parameter` objects
        (one Parameter on its own must be put in a list).
    ValueError
        If there are no parameters, or one appears twice (it would be updated twice per step).
    """

    def __init__(self, params):
        if isinstance(params, Parameter):
            raise TypeError(f"params must be an iterable of Parameters, got the single {params!r}; "
                            "pass [param] or model.parameters()")
        try:
            self.params: list[Parameter] = list(params)
        except TypeError:
            raise TypeError(f"params must be an iterable of Parameters (pass model.parameters()), "
                            f"got {type(params).__name__}") from None
        if not self.params:
            raise ValueError("the optimiser got an empty parameter list")
        first: dict[int, int] = {}
        for i, p in enumerate(self.params):
            if not isinstance(p, Parameter):
                raise TypeError(
                    f"optimisers update nnbook Parameters (pass model.parameters()), got {type(p).__name__}"
                )
            if id(p) in first:
                raise ValueError(f"params holds the same Parameter twice, at positions {first[id(p)]} and {i} "
                                 f"({p!r}); it would be updated twice per step")
            first[id(p)] = i
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
        Learning rate :math:`\eta` (PyTorch's default), >= 0.
    momentum : float, default 0
        Momentum factor :math:`\mu`, >= 0.
    dampening : float, default 0
        Dampening :math:`\tau` of the momentum, >= 0.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient as :math:`\lambda\theta`; >= 0.
    nesterov : bool, default False
        Nesterov momentum; needs ``momentum > 0`` and ``dampening == 0``.

    Attributes
    ----------
    velocity : list of ndarray or None
        The momentum buffer of every parameter (torch's ``momentum_buffer``), ``None``
        until the first step with momentum.

    Raises
    ------
    ValueError
        For a hyperparameter that is not a finite number >= 0, or Nesterov without
        momentum or with dampening.  And the errors of :class:`Optimizer`.

    Examples
    --------
    One step :math:`\theta \leftarrow \theta - \eta g` on a hand-set parameter:

    >>> from nnbook.layers import Parameter
    >>> w = Parameter([1.0, -2.0], "w")
    >>> w.grad[:] = [0.5, -1.0]
    >>> opt = SGD([w], lr=0.1)
    >>> opt.step()
    >>> w.data                         # [1 - 0.1 * 0.5, -2 + 0.1 * 1]
    array([ 0.95, -1.9 ])
    >>> opt.zero_grad(); w.grad
    array([0., 0.])
    >>> SGD([w], lr="0.1")
    Traceback (most recent call last):
        ...
    ValueError: lr must be a finite number >= 0, got '0.1' (str)
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):
        super().__init__(params)
        self.lr = check_number(lr, "lr", at_least=0)
        self.momentum = check_number(momentum, "momentum", at_least=0)
        self.dampening = check_number(dampening, "dampening", at_least=0)
        self.weight_decay = check_number(weight_decay, "weight_decay", at_least=0)
        self.nesterov = check_bool(nesterov, "nesterov")
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
        Learning rate :math:`\eta`, >= 0.
    betas : tuple of two floats, default (0.9, 0.999)
        Decay rates :math:`\beta_1, \beta_2` of the first and second moment estimates, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator for numerical stability; >= 0.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient as :math:`\lambda\theta`; >= 0.

    Attributes
    ----------
    m, v : list of ndarray
        First and second moment estimates (torch's ``exp_avg`` and ``exp_avg_sq``).

    Raises
    ------
    ValueError
        For a learning rate, ε or weight decay that is not a finite number >= 0, or
        ``betas`` that are not two numbers in [0, 1).  And the errors of :class:`Optimizer`.

    Examples
    --------
    After one step the bias-corrected moments are :math:`\hat m = g` and :math:`\sqrt{\hat v} = |g|`,
    so every weight moves by about ``lr``, whatever the size of its gradient:

    >>> from nnbook.layers import Parameter
    >>> w = Parameter([0.0, 0.0], "w")
    >>> w.grad[:] = [250.0, -0.001]
    >>> Adam([w], lr=0.01).step()
    >>> w.data.round(4)                # both moved by lr = 0.01, against their gradient's sign
    array([-0.01,  0.01])
    >>> Adam([w], betas=(0.9, 1.0))
    Traceback (most recent call last):
        ...
    ValueError: betas[1] must be a finite number >= 0 and < 1, got 1.0
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params)
        self.lr = check_number(lr, "lr", at_least=0)
        try:
            beta1, beta2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
        self.betas = (check_number(beta1, "betas[0]", at_least=0, below=1),
                      check_number(beta2, "betas[1]", at_least=0, below=1))
        self.eps = check_number(eps, "eps", at_least=0)
        self.weight_decay = check_number(weight_decay, "weight_decay", at_least=0)
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
