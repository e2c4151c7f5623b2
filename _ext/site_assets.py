"""Sphinx extension: serve MathJax and the ipywidgets JavaScript from the site itself.

``scripts/fetch_site_assets.py`` (run by ``make book``) puts pinned copies in
``.site-assets/vendor/``.  When they are there, this extension adds the folder to
``html_static_path`` and points MathJax (``mathjax_path``) and myst-nb's widget loader
(``nb_ipywidgets_js``) at the local copies; otherwise it leaves Jupyter Book's CDN
defaults and says so in the build log.

It acts at ``config-inited``, after Jupyter Book has globbed its ``_static`` folder: Jupyter
Book 1 adds every ``.js``/``.css`` it finds there to every page, which would load the
4 MB widget bundle on pages without widgets.
"""
from __future__ import annotations

import json
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def _assets_ready(root: Path) -> bool:
    stamp = root / ".site-assets" / "pins.json"
    pins = json.loads((HERE / "site_assets.json").read_text())
    return stamp.exists() and json.loads(stamp.read_text()) == pins


def _use_local_assets(app, config) -> None:
    root = Path(app.srcdir)
    if not _assets_ready(root):
        logger.info("site assets: not fetched (npm missing?); MathJax and widgets load from CDNs")
        return
    config.html_static_path = [*config.html_static_path, str(root / ".site-assets"), str(HERE / "js")]
    config.mathjax_path = "vendor/mathjax/tex-mml-chtml.js"
    config.nb_ipywidgets_js = {
        "vendor/requirejs/require.js": {},
        "widgets-paths.js": {},
        "vendor/html-manager/embed-amd.js": {},
    }
    logger.info("site assets: MathJax and widget JavaScript served from _static/vendor")


def setup(app):
    app.connect("config-inited", _use_local_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
