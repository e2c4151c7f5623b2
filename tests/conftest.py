"""Shared fixtures.  Matplotlib draws off-screen in tests (NNBOOK_PLAYERS: ../conftest.py).

The backend is chosen with ``matplotlib.use`` rather than the ``MPLBACKEND`` environment
variable: nbval's kernels inherit this process's environment, and a kernel told to use Agg
would stop showing the chapters' inline figures.
"""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# The browser tests' fixtures: a loopback server for _build/html and Debian's chromium.
from site_fixtures import axe_script, browser, server  # noqa: E402,F401


def _rel_error(got, expected) -> float:
    """Largest absolute difference relative to the largest reference magnitude (shapes must match)."""
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, f"shapes differ: got {got.shape}, expected {expected.shape}"
    return float(np.max(np.abs(got - expected)) / max(np.max(np.abs(expected)), 1e-300))


@pytest.fixture
def rel_error():
    """The relative error of an array against a reference (torch autograd, a finite difference)."""
    return _rel_error
