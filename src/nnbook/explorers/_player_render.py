"""Rendering a player's states, on two cores where there are two (see :mod:`._player`).

Each state is drawn by :meth:`Explorer.snapshot`; a large player draws its second half in a
forked copy of the process.  The copy only draws: it moves no widget, writes no output and
touches nothing of the parent's threads (a kernel's, for instance), and it opens its own font
files.  The parent takes the frames back in order, so the player does not depend on how
many processes drew it (``tests/test_explorer_contract.py`` checks it byte for byte).
"""
from __future__ import annotations

import multiprocessing
import os
import warnings
from typing import Iterator

from matplotlib import mathtext

__all__ = ["rendered"]

_PARALLEL_MIN_STATES = 200  # smaller players are not worth a second process


def _render(explorer, values: dict) -> tuple:
    """One state: its ``(H, W, 3)`` picture, read-out, alt text (:meth:`Explorer.describe`)
    and background key."""
    rgba, readout = explorer.snapshot(**values)
    return rgba[..., :3].copy(), readout, explorer.describe(), explorer.background_key(explorer.state)


def _render_part(explorer, part, conn) -> None:
    """In a forked process: render ``part`` (to memory first, so rendering overlaps the
    parent's), then send the results in order."""
    # Matplotlib reads font files through Python file objects, whose offsets a forked child
    # shares with its parent: open our own.  Matplotlib empties its font cache after a fork
    # itself; its mathtext cache holds fonts too.
    mathtext.MathTextParser._parse_cached.cache_clear()
    try:
        results = [_render(explorer, values) for values in part]
        for result in results:
            conn.send(result)
    finally:
        conn.close()


def rendered(explorer, states: list[dict]) -> Iterator[tuple]:
    """:func:`_render` of every state (a dict of control values), in order.

    Large players render their second half in a forked copy of this process, on the second
    core.  The copy only draws (no widget, no output, no thread of the parent is touched) and
    sends its frames back; the parent encodes every frame in the same order either way, so
    the player is byte for byte the same as a serial build.
    """
    context = _fork_context()
    if context is None or len(states) < _PARALLEL_MIN_STATES:
        for values in states:
            yield _render(explorer, values)
        return
    half = len(states) // 2
    receive, send = context.Pipe(duplex=False)
    with warnings.catch_warnings():  # Python 3.12+ warns about fork() in threaded processes: see above
        warnings.simplefilter("ignore", DeprecationWarning)
        worker = context.Process(target=_render_part, args=(explorer, states[half:], send),
                                 daemon=True)
        worker.start()
    send.close()
    try:
        for values in states[:half]:
            yield _render(explorer, values)
        for _ in states[half:]:
            yield receive.recv()
    finally:
        receive.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
    if worker.exitcode != 0:
        raise RuntimeError(f"rendering the player's second half failed (exit code {worker.exitcode})")


def _fork_context():
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")
