"""Input checks shared by the activation functions (private)."""
from __future__ import annotations

import numpy as np


def as_float_array(z, name: str = "z") -> np.ndarray:
    """Return ``z`` as a float64 array; reject non-numeric input and NaN.

    Raises
    ------
    TypeError
        If ``z`` cannot be read as real numbers.
    ValueError
        If ``z`` contains NaN.
    """
    try:
        arr = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a real number or an array of real numbers, got {type(z).__name__}"
        ) from exc
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at {int(np.isnan(arr).sum())} position(s); expected finite numbers")
    return arr


def check_param(value, name: str, *, minimum: float | None = None) -> float:
    """Return a scalar parameter as a float; it must be finite and at least ``minimum``.

    Raises ``ValueError`` naming the parameter and the value that came.
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number, got {value!r}") from None
    if not np.isfinite(v) or (minimum is not None and v < minimum):
        bound = f" >= {minimum:g}" if minimum is not None else ""
        raise ValueError(f"{name} must be a finite number{bound}, got {value!r}")
    return v
