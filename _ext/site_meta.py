"""Sphinx extension: what search engines read — the site's address, a sitemap, and a
description of every page.

* ``_config.yml``'s ``repository: url:`` (a GitHub repository) is the book's only address.  At
  ``config-inited`` this sets ``html_baseurl`` to that repository's GitHub Pages address
  (``https://github.com/OWNER/REPO`` → ``https://OWNER.github.io/REPO/``) unless ``html:
  baseurl:`` sets one.  A repository that is not on GitHub, with no ``baseurl``, is a warning
  (so ``-W`` fails): the sitemap would have no address.
* ``sphinx-sitemap`` writes ``sitemap.xml`` from that address.
* Each page gets ``<meta name="description">`` from its opening: the first paragraphs of its
  text that hold no math, cut at a sentence end near 160 characters (:func:`description`).
  (``sphinxext-opengraph`` derives one too, but puts raw TeX such as ``\mathbf{w}\cdot`` into
  it, which a search result would show as it is.)
"""
from __future__ import annotations

import re
from html import escape

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)
GITHUB = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def pages_url(repository_url: str) -> str | None:
    """The GitHub Pages address of a GitHub repository, or ``None`` for another host.

    >>> pages_url("https://github.com/neurons-to-networks/neurons-to-networks")
    'https://neurons-to-networks.github.io/neurons-to-networks/'
    >>> pages_url("https://gitlab.com/a/b") is None
    True
    """
    m = GITHUB.match(repository_url.strip())
    if m is None:
        return None
    owner = m["owner"].lower()
    repo = m["repo"]
    return f"https://{owner}.github.io/" if repo.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{repo}/"


def _set_base_url(app, config) -> None:
    if not config.html_baseurl:
        url = (config.html_theme_options or {}).get("repository_url", "")
        base = pages_url(url)
        if base is None:
            logger.warning(f"site address unknown: repository url {url!r} is not a GitHub repository; "
                           "set `html: baseurl:` in _config.yml", type="nnbook", subtype="baseurl")
            return
        config.html_baseurl = base
    if not config.html_baseurl.endswith("/"):
        config.html_baseurl += "/"


LENGTH = 160  # characters a search result shows of a description
_TEX_SYMBOLS = {r"\cdot": "·", r"\times": "×", r"\top": "T", r"\le": "≤", r"\ge": "≥", r"\to": "→",
                r"\sigma": "σ", r"\alpha": "α", r"\beta": "β", r"\theta": "θ", r"\partial": "∂",
                r"\sum": "Σ", r"\ldots": "…", r"\dots": "…", r"\,": " ", r"\;": " ", r"\!": ""}
_TEX_FORMAT = re.compile(r"\\(?:mathbf|mathrm|mathit|boldsymbol|text|operatorname)\{([^{}]*)\}")


def plain_math(tex: str) -> str | None:
    r"""Inline TeX as a search result can show it, or ``None`` when it holds a command this
    small table does not know.

    >>> plain_math(r"z = \mathbf{w}\cdot\mathbf{x} + b")
    'z = w·x + b'
    >>> plain_math(r"Z = XW^\top")
    'Z = XWᵀ'
    >>> plain_math(r"\frac{a}{b}") is None
    True
    """
    text = tex.replace("^\\top", "ᵀ").replace("^T", "ᵀ")
    for command, symbol in sorted(_TEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", symbol, text)
    text = _TEX_FORMAT.sub(r"\1", text)
    if "\\" in text or "^" in text or "_" in text:
        return None
    return " ".join(text.replace("{", "").replace("}", "").split())


def _paragraph_text(para: nodes.paragraph) -> str | None:
    parts = []
    for node in para.findall(lambda n: isinstance(n, (nodes.Text, nodes.math))):
        if isinstance(node, nodes.math):
            text = plain_math(node.astext())
            if text is None:
                return None
            parts.append(text)
        elif not isinstance(node.parent, nodes.math):
            parts.append(str(node))
    return " ".join("".join(parts).split())


def description(doctree: nodes.document, length: int = LENGTH) -> str:
    """The opening of a page as a search result shows it.

    The opening is the paragraphs under the page's title before its first subsection (not a
    list, table, admonition or a bold lead-in such as "**What you will learn**"), with inline
    math written as plain text (:func:`plain_math`; a paragraph with math it cannot write is
    left out).  Whole sentences are kept up to ``length`` characters; a first sentence longer
    than that is cut at a word and ends with "…".  Empty when there is no such paragraph.
    """
    top = next(doctree.findall(nodes.section), None)
    if top is None:
        return ""
    sentences: list[str] = []
    for para in top.children:
        if isinstance(para, nodes.section):
            break
        if not isinstance(para, nodes.paragraph) or (
                len(para.children) == 1 and isinstance(para[0], (nodes.strong, nodes.emphasis))):
            continue
        text = _paragraph_text(para)
        if text:
            sentences += re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)
        if sum(len(t) + 1 for t in sentences) > length:
            break
    out = ""
    for sentence in sentences:
        if len(out) + len(sentence) + 1 > length:
            break
        out = f"{out} {sentence}".strip()
    if not out and sentences:
        out = sentences[0][:length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def _add_description(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or 'name="description"' in context.get("metatags", ""):
        return
    text = description(doctree)
    if text:
        context["metatags"] = context.get("metatags", "") + \
            f'\n<meta name="description" content="{escape(text, quote=True)}" />'


def setup(app):
    app.setup_extension("sphinx_sitemap")
    app.connect("config-inited", _set_base_url, priority=400)
    app.connect("html-page-context", _add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
