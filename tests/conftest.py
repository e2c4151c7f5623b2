"""Shared fixtures.  Matplotlib draws off-screen in tests (NNBOOK_PLAYERS: ../conftest.py).

The backend is chosen with ``matplotlib.use`` rather than the ``MPLBACKEND`` environment
variable: nbval's kernels inherit this process's environment, and a kernel told to use Agg
would stop showing the chapters' inline figures.
"""
import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# The browser tests' fixtures: a loopback server for _build/html and Debian's chromium.
from site_fixtures import browser, server  # noqa: E402,F401
