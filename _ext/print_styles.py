"""Sphinx extension: the book's print style sheet (``print/nnbook-print.css``: paper without the
theme's chrome, used by ``scripts/build_pdf.py`` and by a reader's own "Print").

It is linked with ``media="print"``, so a screen never waits for it (a style sheet for all
media blocks the first paint; Lighthouse counted this one among the render-blocking files).
Its folder joins ``html_static_path`` at ``config-inited``, after Jupyter Book has globbed
``_static/`` (which links every .css it finds there for all media).
"""
from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "print"
STYLE = "nnbook-print.css"


def _serve(app, config) -> None:
    config.html_static_path = [*config.html_static_path, str(FOLDER)]


def setup(app):
    app.connect("config-inited", _serve, priority=900)
    app.add_css_file(STYLE, media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
