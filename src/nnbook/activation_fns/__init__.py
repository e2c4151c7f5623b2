"""The activation functions and their derivatives, by family (Chapters 1 and 2).

* :mod:`.classic`: step, identity, sigmoid, tanh (Chapter 1);
* :mod:`.rectifiers`: ReLU, Leaky ReLU, PReLU (with its layer :class:`PReLU`), ELU, SELU;
* :mod:`.smooth`: Softplus, GELU (exact and tanh approximation), Swish/SiLU, Mish;
* :mod:`.softmax`: softmax with its Jacobian and vector-Jacobian product.

Use them through :mod:`nnbook.activations`, which re-exports every name here and holds the
registry that pairs each function with its derivative.  Their PyTorch counterparts are in
:mod:`nnbook.pytorch` (``TORCH[name]``); this sub-package needs NumPy and SciPy only.

Every function checks its input with :func:`nnbook.checks.as_float_array` (infinities are
allowed, the functions have limits there; NaN is refused) and its parameters (``alpha``,
``beta``) with :func:`nnbook.checks.check_number`.
"""
from .classic import *  # noqa: F401,F403
from .classic import __all__ as _classic
from .rectifiers import *  # noqa: F401,F403
from .rectifiers import __all__ as _rectifiers
from .smooth import *  # noqa: F401,F403
from .smooth import __all__ as _smooth
from .softmax import *  # noqa: F401,F403
from .softmax import __all__ as _softmax

__all__ = [*_classic, *_rectifiers, *_smooth, *_softmax]
