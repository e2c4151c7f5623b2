"""Sphinx extension: the explorers' static players and the step-through traces on the built site,
and no dead widgets.

Each explorer cell's output carries both the live ipywidgets view (for Jupyter) and a
``text/html`` player (see ``nnbook.explorers._player``); ``_config.yml`` tells myst-nb never
to render widget views (``nb_mime_priority_overrides``), so the site shows the players.
This extension then

* serves ``_ext/player/`` (the player's script and style sheet) and adds them only to pages
  that hold a player (an element with ``data-explorer``) or a step-through trace (``data-trace``,
  ``nnbook.trace.html``; the same script steps it, and its data stays inline: it is small);
* moves each player's frames and data out of the page into files of their own under
  ``_players/`` (named by their content's hash): WebP files for the pictures, a small
  script for the rest.  The notebook keeps its player whole (it works in any HTML renderer);
  on the site the page stays light and the player fetches its data when it comes near the
  reader's window.  Plain ``<script src>`` and ``<img src>`` loads work from ``file://`` too;
* drops the saved widget state and the widget manager's scripts from every page: with no
  widget view left on the site they would only weigh the page down (about 4 MB) and draw
  nothing;
* defers the theme's and extensions' script files that no inline script needs at once, so
  they do not hold up the first paint.

The folder is added to ``html_static_path`` at ``config-inited``, after Jupyter Book has
globbed its ``_static`` folder, which would otherwise load the files on every page.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAYER = HERE / "player"
SCRIPT, STYLE = "nnbook-player.js", "nnbook-player.css"
FOLDER = "_players"  # in the output folder
DATA = re.compile(r'<script type="application/json" class="nnbook-player-data">(.*?)</script>', re.S)
OPENING = re.compile(r'(<img class="nnbook-player-frame" src=")(data:image/webp;base64,[A-Za-z0-9+/=]+)(")')
URI = "data:image/webp;base64,"
TRACE = '<div class="nnbook-trace" data-trace="'  # a trace's root (nnbook.trace.html)
# Scripts that the page's inline scripts, or the theme's synchronous searchtools.js, use at
# once (DOCUMENTATION_OPTIONS, doctools' _ready): never deferred.
KEEP_SYNCHRONOUS = ("documentation_options.js", "doctools.js")


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
    body = context.get("body", "")
    if "data-explorer=" in body or TRACE in body:
        if "data-explorer=" in body:
            context["body"] = _split_players(Path(app.outdir), pagename, body)
        app.add_js_file(SCRIPT, defer="defer")
        app.add_css_file(STYLE)
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", None)
        if attributes is None or not getattr(script, "filename", None) or "body" in attributes:
            continue
        if not any(keep in script.filename for keep in KEEP_SYNCHRONOUS) and "async" not in attributes:
            attributes.setdefault("defer", "defer")


def _write(outdir: Path, data: bytes, suffix: str) -> str:
    name = hashlib.sha256(data).hexdigest()[:20] + suffix
    path = outdir / FOLDER / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return name


def _split_players(outdir: Path, pagename: str, body: str) -> str:
    """Move every player's pictures and data from ``body`` into files; return the new body."""
    up = "../" * pagename.count("/") + FOLDER + "/"

    def picture(uri: str) -> str:
        if not uri.startswith(URI):
            raise ValueError(f"a player picture that is not an inline WebP image: {uri[:40]!r}")
        return up + _write(outdir, base64.b64decode(uri[len(URI):]), ".webp")

    def data(match: re.Match) -> str:
        payload = json.loads(match.group(1))
        payload["keyframes"] = [picture(u) for u in payload["keyframes"]]
        payload["atlases"] = [picture(u) for u in payload["atlases"]]
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True)
        key = hashlib.sha256(text.encode()).hexdigest()[:20]
        script = f"(window.nnbookPlayers = window.nnbookPlayers || {{}})[{json.dumps(key)}] = {text};\n"
        name = _write(outdir, script.encode(), ".js")
        return (f'<script type="application/json" class="nnbook-player-data" data-key="{key}" '
                f'data-src="{up}{name}"></script>')

    body = DATA.sub(data, body)
    return OPENING.sub(lambda m: m.group(1) + picture(m.group(2)) + m.group(3), body)


def _singlehtml_handlers(app) -> None:
    # Sphinx gives a builder the node handlers registered under its own name and, only when
    # there are none, those under its format ("html").  sphinx-exercise registers some under
    # "singlehtml", so the single-page build (the PDF, scripts/build_pdf.py) would lose every
    # other extension's html handlers and stop at the first such node: lend it those.
    if app.builder.name == "singlehtml":
        handlers = app.registry.translation_handlers
        single = handlers.setdefault("singlehtml", {})
        for node, visitors in handlers.get("html", {}).items():
            single.setdefault(node, visitors)


def setup(app):
    app.connect("config-inited", _serve_player, priority=900)
    app.connect("builder-inited", _singlehtml_handlers)
    app.connect("html-page-context", _per_page, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
