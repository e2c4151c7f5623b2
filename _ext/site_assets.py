"""Sphinx extension: serve MathJax from the site itself, and say loudly when the site cannot.

``scripts/fetch_site_assets.py`` (run by ``make book``) puts pinned copies in
``.site-assets/vendor/``.  When they are there, this extension adds the folder to
``html_static_path`` and points MathJax (``mathjax_path``) at the local copy.  When they are
missing or stale, it logs a **warning** naming the missing files and the command that fetches
them, so a strict build (``-W``, see ``scripts/build_book.py``) fails rather than publish a
site that silently loads MathJax from its CDN.  A reader who wants the CDN says so with the
environment variable ``NNBOOK_ALLOW_CDN=1``: the build then logs an info line and goes on.
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
MATHJAX = "vendor/mathjax/tex-mml-chtml.js"  # relative to FOLDER, which is served as _static
FETCH = "python scripts/fetch_site_assets.py"
ALLOW_CDN = "NNBOOK_ALLOW_CDN"
#: When MathJax typesets.  By default it typesets every formula of the page in one go as soon as
#: its deferred script runs: on a phone (Lighthouse mobile) 1.5–2.5 s of main thread before the
#: text paints.  Here it typesets lazily (MathJax 3's ``ui/lazy`` extension): the formulas in
#: the window at once (so the first screen does not shift when they are drawn), the others when
#: they come near it or in idle time, and all of them before the page is printed.
#: ``MathJax.startup.promise`` resolves after the first pass;
#: ``MathJax.startup.document.lazyTypesetAll()`` finishes the rest (the browser tests and the
#: PDF wait on both).  (Typesetting only after the ``load`` event was tried: the opening
#: paragraphs then reflow under the reader's eyes, a layout shift of 0.16–0.29.)
TYPESET_LAZILY = """window.MathJax = Object.assign(window.MathJax || {}, {loader: {load: ['ui/lazy']}});"""

#: Theme templates the book overrides, relative to a ``templates_path`` folder.
TEMPLATE_OVERRIDES = {
    "static/webpack-macros.html": "the theme's own would load fontawesome.js (1.5 MB) on every page",
    "search-button-field.html": "the theme's search button would fail WCAG 2.5.3 (label in name)",
    "layout.html": "the theme's search scripts would block every page's first paint",
}


def missing_assets(root: Path) -> list[str]:
    """What of the self-served assets is missing or stale under ``root / FOLDER``.

    Returns a list of readable entries (empty when the assets are ready): the stamp
    ``pins.json`` and the MathJax entry script when absent, or a note that the folder was
    fetched for other pins than ``_ext/site_assets.json``.
    """
    folder = root / FOLDER
    missing = [f"{FOLDER}/{name}" for name in (STAMP, MATHJAX) if not (folder / name).is_file()]
    stamp = folder / STAMP
    if stamp.is_file() and json.loads(stamp.read_text()) != json.loads(PINS.read_text()):
        missing.append(f"{FOLDER}/{STAMP} (stale: fetched for other pins than _ext/site_assets.json)")
    return missing


def _use_local_assets(app, config) -> None:
    root = Path(app.srcdir)
    missing = missing_assets(root)
    if not missing:
        config.html_static_path = [*config.html_static_path, str(root / FOLDER)]
        config.mathjax_path = MATHJAX
        logger.info("site assets: MathJax served from _static/vendor")
        return
    value = os.environ.get(ALLOW_CDN)
    if value == "1":
        logger.info(f"site assets: not fetched ({', '.join(missing)}); {ALLOW_CDN}=1, so MathJax "
                    "loads from its CDN and pages with math need the network")
        return
    now = "unset" if value is None else f"{value!r}, not '1'"
    logger.warning(f"site assets missing in {root}: {', '.join(missing)}. Fetch them with `{FETCH}` "
                   f"(needs npm; `make book` runs it), or set {ALLOW_CDN}=1 (now {now}) to let the site "
                   "load MathJax from its CDN.", type="nnbook", subtype="site_assets")


def _check_template_overrides(app, config) -> None:
    folders = [Path(app.confdir, p) for p in config.templates_path]
    for name, why in TEMPLATE_OVERRIDES.items():
        if not any((folder / name).is_file() for folder in folders):
            where = ", ".join(str(f) for f in folders) or "none: templates_path is empty"
            logger.warning(f"theme template copy missing: {name} is in no templates_path folder ({where}); "
                           f"{why}",
                           type="nnbook", subtype="templates")


def _typeset_lazily(app, pagename, templatename, context, doctree) -> None:
    """After sphinx.ext.mathjax has added its config and script (priority 500), on the pages
    it adds them to: those with math (the same test as sphinx.ext.mathjax)."""
    if app.builder.format == "html" and app.env.get_domain("math").has_equations(pagename):
        app.builder.add_js_file("", body=TYPESET_LAZILY)


def setup(app):
    app.connect("html-page-context", _typeset_lazily, priority=600)
    app.connect("config-inited", _use_local_assets, priority=900)
    app.connect("config-inited", _check_template_overrides, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
