"""The site's fonts: icon fonts cut to the icons the pages draw, math fonts asked for with the
page, and pages that do not move while they load.

``_ext/icon_fonts.py`` rewrites the theme's Font Awesome fonts with only the icons the site
uses; ``_ext/katex_math.py`` preloads the KaTeX fonts a page's formulas use.  The unit tests
need no browser; the page tests load every built page in Debian's chromium, offline.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from site_fixtures import EVERYTHING_LAID_OUT, HTML, PAGES, ROOT, open_offline, wait_for_math

sys.path.insert(0, str(ROOT / "_ext"))
import font_subset  # noqa: E402
import icon_fonts  # noqa: E402
import katex_math  # noqa: E402
import site_assets  # noqa: E402

THEME_FONTS = Path(__import__("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / \
    icon_fonts.WEBFONTS
SERVED_FONTS = HTML / "_static" / icon_fonts.WEBFONTS
#: Which served file draws a Font Awesome family at a weight (the theme's @font-face rules).
FACES = {("Font Awesome 6 Free", "900"): "fa-solid-900.woff2", ("Font Awesome 6 Free", "400"): "fa-regular-400.woff2",
         ("Font Awesome 6 Brands", "400"): "fa-brands-400.woff2"}


#: KaTeX's file suffix for a weight and style: ``KaTeX_Main-Bold`` is KaTeX_Main at weight 700.
STYLE = {("400", "normal"): "Regular", ("700", "normal"): "Bold", ("400", "italic"): "Italic",
         ("700", "italic"): "BoldItalic"}
FACE_OF = {suffix: f"{weight}-{style}" for (weight, style), suffix in STYLE.items()}


def _cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(path.read_bytes())).getBestCmap())


# --- the icon subset, without a browser ------------------------------------------------------

CATALOGUE = '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-github:before{content:"\\f09b"}' \
            '.fa-rocket:before{content:"\\f135"}'


def test_icon_code_points_keep_the_classes_the_markup_names_and_nothing_else_of_the_catalogue():
    points = icon_fonts.icon_code_points([CATALOGUE], ['<i class="fa-solid fa-bars"></i>', "x.classList.add('fa-github')"])
    assert points == {0xF0C9, 0xF09B}  # fa-rocket is in the catalogue but no page names it


def test_icon_code_points_keep_icons_the_style_sheets_use_outside_the_catalogue():
    css = CATALOGUE + ':root{--pst-icon-bell:"\uf0f3"}.onthispage:after{content:"\\f107";font:var(--fa-font-solid)}'
    assert icon_fonts.icon_code_points([css], []) == {0xF0F3, 0xF107}


def test_icon_code_points_ignore_escapes_outside_the_private_use_area():
    assert icon_fonts.icon_code_points(['.quote:before{content:"\\201c"}'], []) == set()


def test_subset_font_keeps_exactly_the_asked_icons_and_is_small(tmp_path):
    source = THEME_FONTS / "fa-solid-900.woff2"
    before, after = font_subset.subset_font(source, tmp_path / "out.woff2", {0xF002, 0xF0C9, 0x4E00})
    assert _cmap(tmp_path / "out.woff2") == {0xF002, 0xF0C9}  # U+4E00 (a CJK character) is not in it
    assert before == source.stat().st_size and after < 3_000 < 100_000 < before


def test_fonts_are_preloaded_for_the_opening_outside_folded_blocks_only():
    assert katex_math.unfolded("a<details open>b<details>c</details>d</details>e<details>f</details>g") == "aeg"
    assert katex_math.unfolded("no folds") == "no folds"
    body = '<section id="a">x<details>y</details>z<section id="b">later</section></section>'
    assert katex_math.opening(body) == '<section id="a">xz'
    assert katex_math.opening("<p>one section only</p>") == "<p>one section only</p>"


# --- on the built pages -------------------------------------------------------------------------

ICONS_DRAWN = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if (!s.fontFamily.includes('Font Awesome') || !s.content.startsWith('"')) continue;
      const r = el.getBoundingClientRect();
      if (s.display === 'none' || (r.width === 0 && r.height === 0 && el.offsetParent === null)) continue;
      for (const ch of JSON.parse(s.content)) out.push([s.fontFamily.replace(/"/g, '').split(',')[0].trim(),
                                                       s.fontWeight, ch.codePointAt(0), el.className.toString()]);
    }
  }
  return out;
}"""
LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
  .observe({type: 'layout-shift', buffered: true});"""
KATEX_FONTS_USED = """() => [...document.fonts].filter(f => f.status !== 'unloaded' && f.family.startsWith('KaTeX'))
  .map(f => f.family.replace(/"/g, '') + '-' + f.weight + '-' + f.style)"""


@pytest.mark.parametrize("page_path", PAGES)
def test_every_icon_a_page_draws_is_in_the_served_icon_fonts(server, browser, page_path):
    page, problems = open_offline(browser, f"{server}/{page_path}", server, viewport={"width": 1280, "height": 900})
    drawn = page.evaluate(ICONS_DRAWN)
    page.close()
    assert drawn, "no icon drawn: has the theme stopped using Font Awesome? (then drop _ext/icon_fonts.py)"
    cmaps = {face: _cmap(SERVED_FONTS / name) for face, name in FACES.items()}
    missing = [(family, weight, hex(cp), where) for family, weight, cp, where in drawn
               if cp not in cmaps.get((family, weight), set())]
    assert not missing, f"icons drawn with a glyph the served fonts lack (a blank box): {missing[:5]}"
    assert not problems, problems


MATH_TEXT = """() => {
  const out = new Set();
  for (const formula of document.querySelectorAll('.katex-html')) {
    const walker = document.createTreeWalker(formula, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const s = getComputedStyle(node.parentElement);
      const family = s.fontFamily.split(',')[0].replace(/"/g, '').trim();
      for (const ch of node.data) out.add([family, s.fontWeight, s.fontStyle, ch.codePointAt(0)].join('|'));
    }
  }
  return [...out];
}"""
KATEX_ORIGINALS = ROOT / site_assets.FOLDER / katex_math.FONTS
KATEX_SERVED = HTML / "_static" / katex_math.FONTS


def test_math_characters_are_the_text_of_katex_html_only():
    page = ('<span class="katex"><span class="katex-mathml"><math><mi>q</mi></math></span>'
            '<span class="katex-html" aria-hidden="true"><span class="mord">x</span><span>∑</span></span></span>')
    assert katex_math.math_characters([page, "<p>no math: z</p>"]) == {ord("x"), 0x2211}


@pytest.mark.parametrize("page_path", [p for p in PAGES if p.startswith("chapters/") or p == "glossary.html"])
def test_every_character_a_formula_draws_keeps_its_glyph_in_the_served_math_font(server, browser, page_path):
    """The served KaTeX fonts are cut to the book's characters: none drawn may have lost its glyph."""
    page, problems = open_offline(browser, f"{server}/{page_path}", server, viewport={"width": 1280, "height": 900})
    page.add_style_tag(content=EVERYTHING_LAID_OUT)
    drawn = page.evaluate(MATH_TEXT)
    page.close()
    assert drawn, "no formula on the page"
    cmaps: dict[str, tuple[set, set]] = {}
    lost = []
    for entry in drawn:
        family, weight, style, code = entry.split("|")
        name = f"{family}-{STYLE.get((weight, style), 'Regular')}.woff2"
        if not (KATEX_ORIGINALS / name).is_file():
            continue  # not a KaTeX face (a fallback font draws it, as it would from the full font)
        if name not in cmaps:
            cmaps[name] = (_cmap(KATEX_ORIGINALS / name), _cmap(KATEX_SERVED / name))
        original, served = cmaps[name]
        if int(code) in original and int(code) not in served:
            lost.append((name, chr(int(code))))
    assert not lost, f"characters drawn with a glyph the served font lost: {sorted(set(lost))[:10]}"
    assert not problems, problems


@pytest.mark.parametrize("page_path", PAGES)
def test_a_page_on_a_phone_does_not_move_while_it_loads_and_preloads_only_fonts_it_uses(server, browser, page_path):
    context = browser.new_context(viewport={"width": 412, "height": 823})  # a fresh cache: fonts come anew
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    page.goto(f"{server}/{page_path}", wait_until="load")
    if page.locator("main .math").count():
        wait_for_math(page)
    page.wait_for_timeout(500)
    shift = sum(page.evaluate("window.__shifts"))
    # Chromium asks for a font when it first draws text set in it: draw the whole page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    page.evaluate("async () => { await document.fonts.ready; }")
    used = set(page.evaluate(KATEX_FONTS_USED))
    preloaded = [Path(href).stem for href in page.eval_on_selector_all(
        "link[rel=preload][as=font]", "links => links.map(l => l.getAttribute('href'))")]
    context.close()
    # 0.27 when the math fonts came after the first layout; Lighthouse's "good" ends at 0.1
    assert shift <= 0.05, f"the page moved by {shift:.3f} (cumulative layout shift) while it loaded"
    assert set(preloaded) <= set(katex_math.PRELOAD_FONTS), preloaded
    unused = [name for name in preloaded
              if f"{name.split('-')[0]}-{FACE_OF[name.split('-')[1]]}" not in used]
    assert not unused, f"preloaded but not used (the browser warns, and the bytes are wasted): {unused}; used: {sorted(used)}"
