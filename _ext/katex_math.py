"""Sphinx extension: the formulas, rendered at build time, checked, and their fonts asked for
with the page.

**Rendered at build time.** ``sphinxcontrib.katex`` with ``katex_prerender`` (``_config.yml``)
renders every formula to HTML (plus MathML for screen readers) while the book is built, with
the KaTeX bundled in its wheel, run by ``node``.  A page arrives with its formulas drawn: no
math script runs in the reader's browser, and nothing reflows when it would have finished.
(Client-side MathJax, before, cost a phone 0.4-0.8 s of main thread and a layout shift of
0.14-0.35.)  Its style sheet and fonts are served by the site (``site_assets.py``).

**Checked.** KaTeX draws what it cannot render in red and goes on; this extension turns each
such formula into a **warning** naming the page and the TeX, so the strict build fails.  It
also warns when ``node`` is missing, and when the pinned style sheet
(``_ext/site_assets.json``) is not the one written for the KaTeX that renders.

**Fonts with the page** (:data:`PRELOAD_FONTS`): ``<link rel="preload">`` for the fonts a
page's formulas use, so the first layout already has them.  After the build each KaTeX font
the site serves is cut down to the characters the book's formulas draw (``font_subset.py``;
the originals, in ``.site-assets/``, stay whole): the three the pages preload shrink from 68 KB
to 34 KB.  The browser tests check that no drawn character lost its glyph.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from sphinx.util import logging

import site_assets
from font_subset import subset_font

logger = logging.getLogger(__name__)

#: KaTeX's markup for what it could not render (sphinxcontrib-katex renders with
#: ``throwOnError: false``): a formula it could not parse becomes a red ``katex-error`` span (the
#: parse error as its title, the TeX as its text); a command it does not know is drawn as red
#: text inside the formula (KaTeX's ``errorColor``, #cc0000), as the MathML shows.
KATEX_ERROR = re.compile(r'<span class="katex-error" title="([^"]*)"[^>]*>([^<]*)</span>')
KATEX_UNKNOWN = re.compile(r'<mstyle mathcolor="#cc0000"><mtext>([^<]*)</mtext>')
ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">([^<]*)</annotation>')
#: The KaTeX fonts a page asks the browser for at once (``<link rel="preload">``), with the
#: markup that uses each (classes of KaTeX's HTML, after the rules of ``katex.min.css``).
#: KaTeX's style sheet loads a font when the first formula using it is laid out and hides the
#: text until then (``font-display: block``): the line is laid out twice, and the opening
#: paragraphs moved under the reader's eyes (a layout shift of up to 0.27 on a phone).  These
#: five set nearly every formula of the book: the upright and bold roman, the italic letters,
#: and the first two sizes of big delimiters and operators.  A page preloads those that the
#: formulas of its opening use (:func:`opening`): the rest of a chapter is laid out only when
#: the reader nears it (``content-visibility``, ``_ext/player/nnbook-player.css``), and a font
#: preloaded but not used at once is wasted and makes the browser warn.  The browser tests
#: check that each preloaded font is used and that the page does not move while it loads.
PRELOAD_FONTS = {
    "KaTeX_Main-Regular": re.compile(r'class="katex"'),
    "KaTeX_Math-Italic": re.compile(r'class="[^"]*\bmathnormal\b'),
    "KaTeX_Main-Bold": re.compile(r'class="[^"]*\b(?:mathbf|textbf)\b'),
    "KaTeX_Size1-Regular": re.compile(r'class="[^"]*\b(?:delimsizing size1|delim-size1|small-op)\b'),
    "KaTeX_Size2-Regular": re.compile(r'class="[^"]*\b(?:delimsizing size2|large-op)\b'),
}
FONTS = "vendor/katex/fonts"  # relative to _static
DETAILS = re.compile(r"<(/?)details\b")


def opening(body: str) -> str:
    """What of a page's ``body`` is on screen at once: up to its first subsection (the
    content before the second ``<section``), without folded blocks (``<details>``, whose
    content the browser does not lay out while it is closed)."""
    starts = [m.start() for m in re.finditer(r"<section\b", body)][:2]
    return unfolded(body if len(starts) < 2 else body[:starts[1]])


def unfolded(body: str) -> str:
    """``body`` without its ``<details>`` blocks (nested ones included)."""
    out, depth, start = [], 0, 0
    for tag in DETAILS.finditer(body):
        if not tag.group(1):
            if depth == 0:
                out.append(body[start:tag.start()])
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                start = body.index(">", tag.end()) + 1
    if depth == 0:
        out.append(body[start:])
    return "".join(out)


def _check_node(app, config) -> None:
    """sphinxcontrib-katex renders with ``node``; without it the build would stop at the first
    formula with a bare traceback."""
    if getattr(config, "katex_prerender", False) and shutil.which("node") is None:
        logger.warning("the formulas are rendered at build time by KaTeX, which needs node (Node.js) on the PATH: "
                       "apt-get install -y nodejs (npm, which the build needs anyway, brings it)",
                       type="nnbook", subtype="math")


def _check_katex_version(app, config) -> None:
    """The fetched style sheet must be the one written for the markup the build renders."""
    try:
        from sphinxcontrib.katex import katex_version
    except ImportError:
        return  # the book's _config.yml loads sphinxcontrib.katex; Sphinx reports it missing
    pinned = json.loads(site_assets.PINS.read_text())["packages"]["katex"]["version"]
    if pinned != katex_version:
        logger.warning(f"_ext/site_assets.json pins katex {pinned}, but sphinxcontrib-katex renders with "
                       f"KaTeX {katex_version}: pin the version it renders with, so the style sheet fits "
                       "the markup", type="nnbook", subtype="site_assets")


def _report_math_errors(app, pagename, templatename, context, doctree) -> None:
    """KaTeX draws what it cannot render in red and goes on (:data:`KATEX_ERROR`,
    :data:`KATEX_UNKNOWN`); say so, naming the page and the formula, so the strict build fails."""
    body = context.get("body", "")
    for message, tex in KATEX_ERROR.findall(body):
        logger.warning(f"{pagename}: KaTeX could not render a formula: {html.unescape(message)} "
                       f"(TeX: {html.unescape(tex)})", type="nnbook", subtype="math")
    for formula in re.split(r'<span class="katex">', body)[1:]:
        unknown = KATEX_UNKNOWN.findall(formula)
        if unknown:
            tex = ANNOTATION.search(formula)
            logger.warning(f"{pagename}: KaTeX does not know {', '.join(html.unescape(u) for u in unknown)} "
                           f"(TeX: {html.unescape(tex.group(1)) if tex else '?'})", type="nnbook", subtype="math")


def _preload_fonts(app, pagename, templatename, context, doctree) -> None:
    """Ask for the KaTeX fonts the page's formulas use with the page itself (see
    :data:`PRELOAD_FONTS`), when the site serves them."""
    if getattr(app.config, "katex_css_path", None) != site_assets.KATEX_CSS:
        return  # not fetched (NNBOOK_ALLOW_CDN=1): the fonts come from the CDN when they come
    body = opening(context.get("body", ""))
    links = [f'<link rel="preload" href="{context["pathto"](f"_static/{FONTS}/{name}.woff2", 1)}" as="font" '
             'type="font/woff2" crossorigin="anonymous" />'
             for name, used in PRELOAD_FONTS.items() if used.search(body)]
    if links:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def math_characters(pages: list[str]) -> set[int]:
    """The code points of the text KaTeX's HTML draws in ``pages`` (built HTML), which is what
    its fonts must keep."""
    from bs4 import BeautifulSoup

    points: set[int] = set()
    for page in pages:
        if 'class="katex-html"' in page:
            for formula in BeautifulSoup(page, "html.parser").select(".katex-html"):
                points |= {ord(char) for char in formula.get_text()}
    return points


def _subset_math_fonts(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or \
            getattr(app.config, "katex_css_path", None) != site_assets.KATEX_CSS:
        return
    out = Path(app.outdir)
    originals = Path(app.srcdir, site_assets.FOLDER, FONTS)
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html") if "_static" not in p.parts]
    points = math_characters(pages)
    before = after = 0
    for font in sorted(originals.glob("*.woff2")):
        old, new = subset_font(font, out / "_static" / FONTS / font.name, points)
        before, after = before + old, after + new
    logger.info(f"math fonts: {len(points)} characters kept, {before // 1024} KB -> {after // 1024} KB")


def setup(app):
    app.connect("build-finished", _subset_math_fonts)
    app.connect("html-page-context", _report_math_errors)
    app.connect("html-page-context", _preload_fonts)
    app.connect("config-inited", _check_katex_version, priority=900)
    app.connect("config-inited", _check_node, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
