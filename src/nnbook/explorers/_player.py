"""Static players: an explorer rendered for the built site, where no kernel runs.

A player offers some of an explorer's controls (:meth:`Explorer.player_controls`) as native
HTML controls, and every picture and read-out it can show is made here, in Python, by the
explorer itself: :func:`build_player` walks the explorer through every combination of those
controls and takes each :meth:`~nnbook.explorers.Explorer.snapshot` (the very compute → draw
→ render path of a live update).  The page's script (``_ext/player/nnbook-player.js``) only
looks a state up and pastes its frame together; it computes nothing.

Frames are stored compactly and losslessly (lossless WebP).  The picture is cut into ``TILE`` × ``TILE``
pixel tiles.  The first frame drawn on each background (:meth:`Explorer.background_key`)
is a *keyframe*, kept whole; any frame is its keyframe with the tiles that differ pasted
over it, and those tiles are kept once each, however many frames use them, in *atlas*
images.  :func:`decode_frame` undoes this in NumPy, so the tests can check every frame
against a fresh render.

The HTML is written by :mod:`._player_html`; the rendering, on two cores where there are
two, by :mod:`._player_render`.

Leaves out: nothing is computed in the browser, so continuous controls are offered on a
grid of values, and controls with too many combinations stay live only in a kernel
(the player says which).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import numpy as np

from ._player_render import rendered

__all__ = ["TILE", "PLAYERS_ENV", "players_wanted", "on_grid", "PlayerControl", "PlayerData", "build_player",
           "decode_frame",
           "state_key", "state_values"]

TILE = 16  # tile side, pixels
PLAYERS_ENV = "NNBOOK_PLAYERS"  # "1": explorers add their player to their display (the book's tools)


@dataclass(frozen=True)
class PlayerControl:
    """One control of a static player.

    Parameters
    ----------
    name : str
        The explorer control it moves.
    label : str
        Its visible label.
    values : sequence
        The values offered, in order: values of the explorer control ``name``, or dicts of
        several explorer controls' values (for example a direction that sets ``w1`` and ``w2``).
    labels : sequence of str
        How each value is shown.
    kind : {"range", "select"}
        A slider over ``values`` or a drop-down menu.
    active_when : (str, sequence) or None
        ``(other, values)``: the control applies only while the control ``other`` (listed
        earlier) has one of ``values``; otherwise it is disabled and ignored.
    """

    name: str
    label: str
    values: tuple
    labels: tuple
    kind: str = "range"
    active_when: tuple[str, tuple] | None = None

    def __post_init__(self):
        if self.kind not in ("range", "select"):
            raise ValueError(f"kind must be 'range' or 'select', got {self.kind!r}")
        if len(self.values) != len(self.labels) or not self.values:
            raise ValueError(f"control {self.name!r}: {len(self.values)} values but {len(self.labels)} labels")

    @classmethod
    def range(cls, name: str, label: str, values, fmt=str, **kw) -> "PlayerControl":
        values = tuple(values)
        return cls(name, label, values, tuple(fmt(v) for v in values), "range", **kw)

    @classmethod
    def select(cls, name: str, label: str, values, labels=None, **kw) -> "PlayerControl":
        values = tuple(values)
        return cls(name, label, values, tuple(labels or (str(v) for v in values)), "select", **kw)


@dataclass
class PlayerData:
    """A built player: everything :func:`player_html` writes (see the module docstring).

    ``frames[f] = (keyframe, pastes)`` where ``pastes`` alternates atlas tile index and
    destination tile index; ``states[key] = (frame, readout)`` with ``key`` from
    :func:`state_key`, where ``readout`` indexes both ``readouts`` and ``alts`` (the state's
    :meth:`~nnbook.explorers.Explorer.describe`, the picture's alt text); ``initial`` is the
    key of the explorer's state when it was built.
    """

    name: str
    width: int
    height: int
    controls: list[PlayerControl]
    initial: dict[str, int]
    keyframes: list[np.ndarray]
    tiles: list[np.ndarray]
    frames: list[tuple[int, tuple[int, ...]]]
    states: dict[str, tuple[int, int]]
    readouts: list[str]
    alts: list[str]
    note: str


def state_key(controls: Sequence[PlayerControl], indices: dict[str, int | None]) -> str:
    """``"3,1,*"``: each control's value index, ``*`` for a control that does not apply."""
    return ",".join("*" if indices.get(c.name) is None else str(indices[c.name]) for c in controls)


def _combinations(controls: Sequence[PlayerControl]) -> Iterator[dict[str, int | None]]:
    """Every state, the last control varying fastest; inactive controls get ``None``."""
    chosen: dict[str, int | None] = {}

    def walk(i: int):
        if i == len(controls):
            yield dict(chosen)
            return
        c = controls[i]
        for k in [None] if _inactive(controls, c, chosen) else range(len(c.values)):
            chosen[c.name] = k
            yield from walk(i + 1)

    yield from walk(0)


def players_wanted() -> bool:
    """Whether explorers should build their static player when displayed.

    True when the environment variable ``NNBOOK_PLAYERS`` is ``"1"``: ``make execute``
    (``scripts/execute_notebooks.py``), the nbval run of ``make test`` and ``make bench`` set
    it, so the committed notebooks carry the players the site shows.  Elsewhere (a reader's
    JupyterLab, Binder, Colab) explorers show only the live widget, at once.
    """
    return os.environ.get(PLAYERS_ENV) == "1"


def on_grid(explorer) -> bool:
    """Whether the explorer's current control values are one of its player's states."""
    controls = list(explorer.player_controls())
    return bool(controls) and _opening(controls, explorer.values) is not None


def _opening(controls: Sequence[PlayerControl], current: dict) -> dict[str, int | None] | None:
    """The value indices of the state ``current`` stands on (``None`` for inactive controls),
    or ``None`` if it stands on none."""
    indices = {c.name: _index_of(c, current) for c in controls}
    if any(indices[c.name] is None and not _inactive(controls, c, indices) for c in controls):
        return None
    return {c.name: None if _inactive(controls, c, indices) else indices[c.name] for c in controls}


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9
    return a == b


def _index_of(control: PlayerControl, current: dict) -> int | None:
    """The index of the value of ``control`` that the explorer's ``current`` values hold."""
    for k, v in enumerate(control.values):
        wanted = v if isinstance(v, dict) else {control.name: v}
        if all(_same(current[name], x) for name, x in wanted.items()):
            return k
    return None


def _explorer_values(controls, indices) -> dict:
    values = {}
    for c in controls:
        k = indices[c.name]
        if k is not None:
            v = c.values[k]
            values.update(v if isinstance(v, dict) else {c.name: v})
    return values


def build_player(explorer) -> PlayerData:
    """Render every state of ``explorer``'s player and encode the frames (module docstring).

    The explorer is returned to the control values it had, which must be offered by the
    player (the page opens on them).

    Raises
    ------
    ValueError
        If the explorer offers no player controls, or its current values are not on the
        player's grid.
    """
    controls = list(explorer.player_controls())
    if not controls:
        raise ValueError(f"{type(explorer).__name__} offers no player controls")
    before = explorer.values
    initial = _opening(controls, before)
    if initial is None:
        raise ValueError(f"the player's values {[(c.name, list(c.values)) for c in controls]} do not include "
                         f"the explorer's current values {before}")

    keyframe_of: dict[Any, int] = {}
    keyframes: list[np.ndarray] = []
    keyframe_tiles: list[np.ndarray] = []
    tile_index: dict[bytes, int] = {}
    tiles: list[np.ndarray] = []
    frame_index: dict[tuple, int] = {}
    frames: list[tuple[int, tuple[int, ...]]] = []
    readout_index: dict[tuple[str, str], int] = {}
    readouts: list[str] = []
    alts: list[str] = []
    states: dict[str, tuple[int, int]] = {}
    width = height = 0
    combinations = list(_combinations(controls))
    try:
        renders = rendered(explorer, [_explorer_values(controls, indices) for indices in combinations])
        for indices, (rgb, readout, alt, bg) in zip(combinations, renders):
            height, width = rgb.shape[:2]
            if bg not in keyframe_of:
                keyframe_of[bg] = len(keyframes)
                keyframes.append(rgb.copy())
                keyframe_tiles.append(_tile_grid(keyframes[-1]))
            k = keyframe_of[bg]
            pastes = []
            for dest, tile in _changed_tiles(keyframe_tiles[k], rgb):
                digest = hashlib.blake2b(tile.tobytes(), digest_size=16).digest()
                if digest not in tile_index:
                    tile_index[digest] = len(tiles)
                    tiles.append(tile)
                pastes += [tile_index[digest], dest]
            frame = (k, tuple(pastes))
            f = frame_index.setdefault(frame, len(frames))
            if f == len(frames):
                frames.append(frame)
            # a read-out and its alt text are stored once per distinct pair: two states may share
            # a read-out and still differ in what the picture shows (another data set, say)
            r = readout_index.setdefault((readout, alt), len(readouts))
            if r == len(readouts):
                readouts.append(readout)
                alts.append(alt)
            states[state_key(controls, indices)] = (f, r)
    finally:
        explorer.set(**before)
    return PlayerData(explorer.name, width, height, controls, initial, keyframes, tiles, frames, states,
                      readouts, alts, explorer.player_note)


def _inactive(controls: Sequence[PlayerControl], c: PlayerControl, indices: dict) -> bool:
    """Whether ``c`` does not apply to the state ``indices`` (see ``PlayerControl.active_when``)."""
    if c.active_when is None:
        return False
    other = controlling(controls, c)
    k = indices.get(other.name)
    return k is None or other.values[k] not in c.active_when[1]


def controlling(controls: Sequence[PlayerControl], c: PlayerControl) -> PlayerControl:
    """The control whose value decides whether ``c`` applies (``c.active_when``)."""
    return next(o for o in controls if o.name == c.active_when[0])


def _tile_grid(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` padded to whole tiles, as an array of tiles ``(rows, cols, TILE, TILE, 3)``."""
    h, w = rgb.shape[:2]
    rows, cols = -(-h // TILE), -(-w // TILE)
    padded = np.pad(rgb, ((0, rows * TILE - h), (0, cols * TILE - w), (0, 0)))
    return padded.reshape(rows, TILE, cols, TILE, 3).swapaxes(1, 2)


def _changed_tiles(base: np.ndarray, rgb: np.ndarray):
    """``(tile number, tile)`` for each tile of ``rgb`` that differs from the keyframe's tiles ``base``."""
    tiles = _tile_grid(rgb)
    cols = tiles.shape[1]
    changed = (tiles != base).any(axis=(2, 3, 4))
    for r, c in zip(*np.nonzero(changed)):
        yield int(r * cols + c), np.ascontiguousarray(tiles[r, c])


def state_values(controls: Sequence[PlayerControl], key: str) -> dict:
    """The explorer control values of the player state ``key`` (for :meth:`Explorer.set`).

    ``controls`` are the player's (``PlayerData.controls`` or ``explorer.player_controls()``).
    Raises ``ValueError`` if ``key`` does not name one value per control.
    """
    parts = key.split(",")
    if len(parts) != len(controls) or not all(p == "*" or p.isdigit() and int(p) < len(c.values)
                                              for c, p in zip(controls, parts)):
        raise ValueError(f"a state key names one value index (or *) per control {[c.name for c in controls]}; "
                         f"got {key!r}")
    indices = {c.name: None if p == "*" else int(p) for c, p in zip(controls, parts)}
    return _explorer_values(controls, indices)


def decode_frame(data: PlayerData, key: str) -> np.ndarray:
    """The ``(H, W, 3)`` picture the player shows for the state ``key`` (what the script pastes)."""
    keyframe, pastes = data.frames[data.states[key][0]]
    tiles = _tile_grid(data.keyframes[keyframe]).copy()
    rows, cols = tiles.shape[:2]
    for atlas_tile, dest in zip(pastes[::2], pastes[1::2]):
        tiles[divmod(dest, cols)] = data.tiles[atlas_tile]
    return tiles.swapaxes(1, 2).reshape(rows * TILE, cols * TILE, 3)[:data.height, :data.width]
