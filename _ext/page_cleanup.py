"""Sphinx extension: take off every page what Jupyter Book adds but the book does not use, and
what makes the browser log an error (Lighthouse counts console errors against best practices);
and let pictures load when they are needed.

* **Pictures load lazily** (``loading="lazy"``): a chapter's figures are 0.3–1.5 MB of PNG,
  which on a phone's connection would otherwise compete with the page's style sheets and
  scripts before the text appears; the browser fetches each one as it nears the window.

* **Thebe.** Jupyter Book 1 always loads sphinx-thebe (its "Live Code" button), even with
  ``launch_buttons: thebe: false`` as here: the book sends readers to Binder and Colab for a
  kernel (widgets over thebe are unreliable).  Its script, its style sheet and its inline
  configuration are dropped; that configuration was also written twice into each page, which
  raised "SyntaxError: Identifier 'THEBE_JS_URL' has already been declared".
* **Inline scripts written twice** (sphinx-togglebutton's selector): kept once.
* **The theme's colour mode.** pydata-sphinx-theme writes ``localStorage mode || "{{ default_mode }}"``
  into every page and logs "Got invalid theme mode: ." when ``default_mode`` is empty, as
  Jupyter Book leaves it; it is set to ``auto`` (follow the reader's system setting), which
  is what the theme falls back to anyway.
"""
from __future__ import annotations

from docutils import nodes


def _is_thebe(asset) -> bool:
    return "thebe" in str(asset).lower() or "THEBE_JS_URL" in str(getattr(asset, "attributes", {}).get("body", ""))


def _clean(app, pagename, templatename, context, doctree) -> None:
    seen: set[str] = set()
    scripts = []
    for js in context.get("script_files", []):
        body = getattr(js, "attributes", {}).get("body", "")
        if _is_thebe(js) or (body and body in seen):
            continue
        seen.add(body)
        scripts.append(js)
    context["script_files"] = scripts
    context["css_files"] = [css for css in context.get("css_files", []) if not _is_thebe(css)]
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def _lazy_pictures(app, doctree, docname) -> None:
    for image in doctree.findall(nodes.image):
        image.setdefault("loading", "lazy")


def setup(app):
    app.connect("doctree-resolved", _lazy_pictures)
    app.connect("html-page-context", _clean, priority=900)  # after every extension added its assets
    return {"parallel_read_safe": True, "parallel_write_safe": True}
