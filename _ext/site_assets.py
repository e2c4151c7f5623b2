"""Sphinx extension: serve MathJax from the site itself.

``scripts/fetch_site_assets.py`` (run by ``make book``) puts pinned copies in
``.site-assets/vendor/``.  When they are there, this extension adds the folder to
``html_static_path`` and points MathJax (``mathjax_path``) at the local copy; otherwise it
leaves Jupyter Book's CDN default and says so in the build log.  (The site loads no widget
manager: explorers are static players, see ``players.py``.)

It acts at ``config-inited``, after Jupyter Book has globbed its ``_static`` folder: Jupyter
Book 1 adds every ``.js``/``.css`` it finds there to every page.
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
        logger.info("site assets: not fetched (npm missing?); MathJax loads from its CDN")
        return
    config.html_static_path = [*config.html_static_path, str(root / ".site-assets")]
    config.mathjax_path = "vendor/mathjax/tex-mml-chtml.js"
    logger.info("site assets: MathJax served from _static/vendor")


def setup(app):
    app.connect("config-inited", _use_local_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
