"""Shared fixtures.  Matplotlib draws off-screen in tests; explorers build their players.

The backend is chosen with ``matplotlib.use`` rather than the ``MPLBACKEND`` environment
variable: nbval's kernels inherit this process's environment, and a kernel told to use Agg
would stop showing the chapters' inline figures.
"""
import os

import matplotlib
import pytest

matplotlib.use("Agg")
# nbval's kernels inherit this: explorers add their static player to their output, as they
# did when `make execute` stored it (nnbook.explorers._player.players_wanted).
os.environ["NNBOOK_PLAYERS"] = "1"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
