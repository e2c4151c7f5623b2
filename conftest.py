"""pytest, for every path it collects (the tests and the chapters under nbval).

nbval's kernels inherit this process's environment: with ``NNBOOK_PLAYERS=1`` the explorers
add their static player to their output, as they did when ``make execute`` stored it
(``nnbook.explorers._player.players_wanted``), so nbval compares the players too.
"""
import os

os.environ["NNBOOK_PLAYERS"] = "1"
