"""Sphinx extension: the explorers' static players on the built site, and no dead widgets.

Each explorer cell's output carries both the live ipywidgets view (for Jupyter) and a
``text/html`` player (see ``nnbook.explorers._player``); ``_config.yml`` tells myst-nb never
to render widget views (``nb_mime_priority_overrides``), so the site shows the players.
This extension then

* serves ``_ext/player/`` (the player's script and style sheet) and adds them only to pages
  that hold a player (an element with ``data-explorer``);
* drops the saved widget state and the widget manager's scripts from every page: with no
  widget view left on the site they would only weigh the page down (about 4 MB) and draw
  nothing.

The folder is added to ``html_static_path`` at ``config-inited``, after Jupyter Book has
globbed its ``_static`` folder, which would otherwise load the files on every page.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAYER = HERE / "player"
SCRIPT, STYLE = "nnbook-player.js", "nnbook-player.css"


def _serve_player(app, config) -> None:
    missing = [name for name in (SCRIPT, STYLE) if not (PLAYER / name).is_file()]
    if missing:
        raise FileNotFoundError(f"the explorers' player needs {', '.join(str(PLAYER / m) for m in missing)}")
    config.html_static_path = [*config.html_static_path, str(PLAYER)]
    config.nb_ipywidgets_js = {}  # no widget manager anywhere: the site has no widget views


def _per_page(app, pagename, templatename, context, doctree) -> None:
    # myst-nb keeps the per-page scripts it found in the notebook (the widget state among
    # them) in env.nb_metadata and adds them in its own html-page-context handler, which
    # runs after this one (priority 500): remove the widget ones first.
    js_files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]
    if "data-explorer=" in context.get("body", ""):
        app.add_js_file(SCRIPT, defer="defer")
        app.add_css_file(STYLE)


def setup(app):
    app.connect("config-inited", _serve_player, priority=900)
    app.connect("html-page-context", _per_page, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
