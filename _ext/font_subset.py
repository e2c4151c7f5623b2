"""A web font cut down to the characters a site draws with it (used by ``icon_fonts.py`` and
``katex_math.py``, which decide which characters).

Source: fontTools ``fontTools.subset`` (https://fonttools.readthedocs.io/en/latest/subset/);
WOFF2 needs the ``brotli`` package.
"""
from __future__ import annotations

from pathlib import Path


def subset_font(source: Path, target: Path, code_points: set[int]) -> tuple[int, int]:
    """Write to ``target`` the WOFF2 font ``source`` with only the glyphs of ``code_points``
    (those it has); return the sizes before and after, in bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    font = TTFont(source)
    keep = code_points & set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    return source.stat().st_size, target.stat().st_size
