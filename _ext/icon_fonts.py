"""Sphinx extension: cut the theme's Font Awesome web fonts down to the icons the site draws.

pydata-sphinx-theme serves Font Awesome 6 Free as three web fonts of 2,000 icons each
(``fa-solid-900.woff2`` 157 KB, ``fa-brands-400.woff2`` 118 KB, ``fa-regular-400.woff2``).  The
book's pages draw 33 of them (the header's buttons, the sidebar's arrows, the admonition
marks), yet a phone fetched 275 KB of icon fonts with the highest priority before the text could
settle (Lighthouse mobile).  After the build this extension rewrites each served ``.woff2`` with
only those icons (``font_subset.py``: fontTools' subsetter, the Python library matplotlib
already depends on), a few KB in all.

Which icons: the code points that the site's style sheets give icons *outside* Font Awesome's own
catalogue (``.fa-NAME:before{content:"\\f002"}``) — the theme's ``--pst-icon-*`` variables, the
"on this page" arrow, the exercise mark — and the catalogue entries of every ``fa-NAME`` class
named in the built HTML or in the site's scripts.  The theme's own copies are read, never the
output's (Sphinx copies them anew each build), so a rebuild cannot lose an icon; the browser
tests check that every icon a page draws is in the served fonts.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from font_subset import subset_font

logger = logging.getLogger(__name__)
WEBFONTS = Path("vendor", "fontawesome", "webfonts")  # under the theme's static folder and _static
#: One rule of Font Awesome's catalogue: ``.fa-a:before,.fa-b:before{content:"\\f002"}``.
CATALOGUE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"\\([0-9a-f]{4,5})"\}')
CLASS = re.compile(r"\bfa-[a-z0-9-]+")
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def icon_code_points(css_texts: list[str], markup_texts: list[str]) -> set[int]:
    """The code points of the icons the site draws.

    ``css_texts`` are the served style sheets, ``markup_texts`` the built pages and scripts.
    A code point counts when a style sheet uses it outside Font Awesome's catalogue rules
    (escaped, ``"\\f107"``, or written as the character itself), or when a catalogue rule's
    class (``fa-github``) is named in the markup.
    """
    catalogue: dict[str, int] = {}
    points: set[int] = set()
    for css in css_texts:
        for selectors, code in CATALOGUE.findall(css):
            for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
                catalogue[name] = int(code, 16)
        rest = CATALOGUE.sub("", css)
        points |= {int(code, 16) for code in ESCAPE.findall(rest) if 0xE000 <= int(code, 16) <= 0xF8FF}
        points |= {ord(char) for char in PRIVATE_USE.findall(rest)}
    for text in markup_texts:
        points |= {catalogue[name] for name in CLASS.findall(text) if name in catalogue}
    return points


def _theme_webfonts(app) -> Path | None:
    for folder in app.builder.theme.get_theme_dirs():
        candidate = Path(folder, "static", WEBFONTS)
        if candidate.is_dir():
            return candidate
    return None


def _subset_icon_fonts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    source = _theme_webfonts(app)
    if source is None:
        logger.warning("icon fonts: the theme has no vendor/fontawesome/webfonts folder; the book's pages "
                       "would fetch the full Font Awesome fonts", type="nnbook", subtype="icon_fonts")
        return
    static = out / "_static"
    css = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")]
    markup = [p.read_text(encoding="utf-8", errors="replace")
              for pattern in ("*.html", "*.js") for p in out.rglob(pattern) if "vendor" not in p.parts]
    points = icon_code_points(css, markup)
    before = after = 0
    for font in sorted(source.glob("*.woff2")):
        old, new = subset_font(font, static / WEBFONTS / font.name, points)
        before, after = before + old, after + new
    logger.info(f"icon fonts: {len(points)} icons kept, {before // 1024} KB -> {after // 1024} KB")


def setup(app):
    app.connect("build-finished", _subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
