"""Sphinx extension: KaTeX's style sheet and fonts served from the site itself, and a loud
failure when they cannot be had.  (The formulas themselves are rendered at build time:
``katex_math.py``.)

**Style sheet and fonts.** ``scripts/fetch_site_assets.py`` (run by ``make book``) puts the
pinned copy of KaTeX's ``katex.min.css`` and its woff2 fonts in ``.site-assets/vendor/``.
When they are there, this extension adds the folder to ``html_static_path`` and points
``katex_css_path`` at it.  When they are missing or stale, it logs a **warning** naming the
missing files and the command that fetches them, so a strict build (``-W``, see
``scripts/build_book.py``) fails rather than publish a site that silently loads them from a
CDN.  A reader who wants the CDN says so with the environment variable
``NNBOOK_ALLOW_CDN=1``: the build then logs an info line and goes on.  ``katex_math.py`` checks
that the pinned version equals the KaTeX that renders the HTML.
(The site loads no widget manager: explorers are static players, see ``players.py``.)

It also checks that the theme templates the book overrides (:data:`TEMPLATE_OVERRIDES`:
``static/webpack-macros.html``, the theme's script list less its 1.5 MB ``fontawesome.js``;
``search-button-field.html``, the search button with an accessible name that
includes its visible text; ``layout.html``, the search scripts deferred) are on the
``templates_path``: without them Sphinx would silently
fall back to the theme's own.

It acts at ``config-inited``, after Jupyter Book has globbed its ``_static`` folder: Jupyter
Book 1 adds every ``.js``/``.css`` it finds there to every page.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
PINS = HERE / "site_assets.json"
FOLDER = ".site-assets"  # in the book's root; scripts/fetch_site_assets.py fills it
STAMP = "pins.json"  # the copy of the pins the folder was built from
KATEX_CSS = "vendor/katex/katex.min.css"  # relative to FOLDER, which is served as _static
FETCH = "python scripts/fetch_site_assets.py"
ALLOW_CDN = "NNBOOK_ALLOW_CDN"
#: Theme templates the book overrides, relative to a ``templates_path`` folder.
TEMPLATE_OVERRIDES = {
    "static/webpack-macros.html": "the theme's own would load fontawesome.js (1.5 MB) on every page",
    "search-button-field.html": "the theme's search button would fail WCAG 2.5.3 (label in name)",
    "layout.html": "the theme's search scripts would block every page's first paint",
}


def missing_assets(root: Path) -> list[str]:
    """What of the self-served assets is missing or stale under ``root / FOLDER``.

    Returns a list of readable entries (empty when the assets are ready): the stamp
    ``pins.json`` and KaTeX's style sheet when absent, or a note that the folder was
    fetched for other pins than ``_ext/site_assets.json``.
    """
    folder = root / FOLDER
    missing = [f"{FOLDER}/{name}" for name in (STAMP, KATEX_CSS) if not (folder / name).is_file()]
    stamp = folder / STAMP
    if stamp.is_file() and json.loads(stamp.read_text()) != json.loads(PINS.read_text()):
        missing.append(f"{FOLDER}/{STAMP} (stale: fetched for other pins than _ext/site_assets.json)")
    return missing


def _use_local_assets(app, config) -> None:
    root = Path(app.srcdir)
    missing = missing_assets(root)
    if not missing:
        config.html_static_path = [*config.html_static_path, str(root / FOLDER)]
        config.katex_css_path = KATEX_CSS
        logger.info("site assets: KaTeX's style sheet and fonts served from _static/vendor")
        return
    value = os.environ.get(ALLOW_CDN)
    if value == "1":
        logger.info(f"site assets: not fetched ({', '.join(missing)}); {ALLOW_CDN}=1, so KaTeX's "
                    "style sheet and fonts load from its CDN and pages with math need the network")
        return
    now = "unset" if value is None else f"{value!r}, not '1'"
    logger.warning(f"site assets missing in {root}: {', '.join(missing)}. Fetch them with `{FETCH}` "
                   f"(needs npm; `make book` runs it), or set {ALLOW_CDN}=1 (now {now}) to let the site "
                   "load KaTeX's style sheet and fonts from its CDN.", type="nnbook", subtype="site_assets")


def _check_template_overrides(app, config) -> None:
    folders = [Path(app.confdir, p) for p in config.templates_path]
    for name, why in TEMPLATE_OVERRIDES.items():
        if not any((folder / name).is_file() for folder in folders):
            where = ", ".join(str(f) for f in folders) or "none: templates_path is empty"
            logger.warning(f"theme template copy missing: {name} is in no templates_path folder ({where}); "
                           f"{why}",
                           type="nnbook", subtype="templates")


def setup(app):
    app.connect("config-inited", _use_local_assets, priority=900)
    app.connect("config-inited", _check_template_overrides, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
