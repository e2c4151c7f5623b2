"""The static player's HTML (see :mod:`._player`): labelled native controls, the opening
frame, an announced read-out, the note, and the frames and data as JSON.

Pictures are inlined as lossless WebP data URIs, so a notebook's output is complete in any
HTML renderer; the site's build moves them into files of their own (``_ext/players.py``).
The page's script, ``_ext/player/nnbook-player.js``, reads this format.
"""
from __future__ import annotations

import base64
import html
import io
import json

import numpy as np
from PIL import Image

from ._player import TILE, PlayerData, controlling, decode_frame, state_key

__all__ = ["player_html", "atlases", "image_uri", "ATLAS_COLUMNS", "ATLAS_ROWS"]

ATLAS_COLUMNS = 64  # tiles per atlas row (1024 px)
ATLAS_ROWS = 256  # rows per atlas image (4096 px): browsers decode big images slowly


def atlases(tiles: list[np.ndarray]) -> list[np.ndarray]:
    per = ATLAS_COLUMNS * ATLAS_ROWS
    out = []
    for start in range(0, len(tiles), per):
        chunk = tiles[start:start + per]
        rows = -(-len(chunk) // ATLAS_COLUMNS)
        atlas = np.zeros((rows * TILE, ATLAS_COLUMNS * TILE, 3), dtype=np.uint8)
        for i, tile in enumerate(chunk):
            r, c = divmod(i, ATLAS_COLUMNS)
            atlas[r * TILE:(r + 1) * TILE, c * TILE:(c + 1) * TILE] = tile
        out.append(atlas)
    return out


def image_uri(rgb: np.ndarray) -> str:
    """Lossless WebP (about 40 % smaller than PNG here; every browser the site targets decodes it)."""
    buf = io.BytesIO()
    # lossless: quality is the encoder's effort; 50 is 3x faster than 100 and about 10 % larger
    Image.fromarray(rgb).save(buf, format="webp", lossless=True, quality=50, method=4)
    return "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _when(controls, c) -> list | None:
    """``c.active_when`` for the script: [index of the deciding control, indices of its values
    for which ``c`` applies]."""
    if c.active_when is None:
        return None
    other = controlling(controls, c)
    return [controls.index(other), [i for i, v in enumerate(other.values) if v in c.active_when[1]]]


def player_html(data: PlayerData) -> str:
    """The player's HTML: labelled native controls (disabled until the script runs), the
    opening frame as an ``img``, an ``aria-live`` read-out, the note and the data as JSON."""
    uid = f"nnbook-{data.name}"
    opening_key = state_key(data.controls, data.initial)
    start = data.states[opening_key]
    parts = [f'<div class="nnbook-player" data-explorer="{html.escape(data.name)}" id="{uid}">',
             '<div class="nnbook-player-controls">']
    for c in data.controls:
        k = data.initial[c.name]
        cid = f"{uid}-{c.name}"
        label = f'<label for="{cid}">{html.escape(c.label)}</label>'
        if c.kind == "range":
            shown = html.escape(c.labels[k if k is not None else 0])
            parts.append(f'<span class="nnbook-player-control">{label}<input type="range" id="{cid}" '
                         f'data-control="{c.name}" min="0" max="{len(c.values) - 1}" step="1" '
                         f'value="{k or 0}" aria-valuetext="{shown}" disabled>'
                         f'<output for="{cid}">{shown}</output></span>')
        else:
            options = "".join(f'<option value="{i}"{" selected" if i == k else ""}>{html.escape(t)}</option>'
                              for i, t in enumerate(c.labels))
            parts.append(f'<span class="nnbook-player-control">{label}<select id="{cid}" '
                         f'data-control="{c.name}" disabled>{options}</select></span>')
    keyframe_uris = [image_uri(k) for k in data.keyframes]
    atlas_uris = [image_uri(a) for a in atlases(data.tiles)]
    opening = image_uri(decode_frame(data, opening_key))
    parts += ['</div>',
              f'<img class="nnbook-player-frame" src="{opening}" width="{data.width}" height="{data.height}" loading="lazy" '
              f'alt="{html.escape(data.alts[start[1]])}">',
              f'<div class="nnbook-player-readout" aria-live="polite">{data.readouts[start[1]]}</div>']
    if data.note:
        parts.append(f'<p class="nnbook-player-note">{html.escape(data.note)}</p>')
    wide = max(len(data.tiles), -(-data.height // TILE) * -(-data.width // TILE)) > 65535
    dtype = "<u4" if wide else "<u2"
    payload = {
        "width": data.width, "height": data.height, "tile": TILE, "columns": ATLAS_COLUMNS,
        "perAtlas": ATLAS_COLUMNS * ATLAS_ROWS,
        "controls": [{"name": c.name, "labels": list(c.labels), "when": _when(data.controls, c)}
                     for c in data.controls],
        "keyframes": keyframe_uris, "atlases": atlas_uris,
        "wide": wide,  # pastes are uint32 (else uint16) little-endian pairs, base64-encoded
        "frames": [[k, base64.b64encode(np.asarray(p, dtype=dtype).tobytes()).decode("ascii")]
                   for k, p in data.frames],
        "states": {key: list(v) for key, v in data.states.items()},
        "readouts": data.readouts, "alts": data.alts,
    }
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")
    parts += [f'<script type="application/json" class="nnbook-player-data">{text}</script>', '</div>']
    return "".join(parts)
