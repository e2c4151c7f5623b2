"""The built site for every reader: accessible, findable and right on a phone.

In Debian's chromium (playwright, never ``playwright install``), offline, on every page of
``_build/html`` in light and in dark mode:

* axe-core (the version and integrity hash pinned in ``tests/audit_tools.json``) finds no
  WCAG 2.1 A/AA violation, first as the page loads and again with every folded block open and
  every trace stepped, so hidden content and a trace's marks are checked too;
* every control a reader can reach with Tab shows a focus ring;
* at 360 and 412 px wide nothing makes the page scroll sideways or sticks out of the window
  (wide code and tables scroll inside their own box).

From the built HTML, without a browser: every content picture has real alt text and a
numbered caption, every table has header cells, every page has its own meta description, a
favicon and a place in ``sitemap.xml``, and no link is called "here".
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from site_fixtures import EVERYTHING_LAID_OUT, HTML, PAGES, ROOT, axe_violations, open_offline, wait_for_math, wait_for_players

CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
FILE_NAME = re.compile(r"\.(png|jpe?g|svg|webp|gif)\b|[0-9a-f]{16}", re.I)
VAGUE_LINKS = {"here", "click here", "this", "link", "more", "read more", "this page", "go", "start"}

FOCUSABLE = ("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])")
# For each visible, enabled focusable element: focus it (after one Tab press, so chromium
# treats focus as keyboard focus) and report the ones with neither an outline nor a box shadow.
NO_RING_JS = """sel => {
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (el.disabled || r.width === 0 || r.height === 0 || el.closest('[hidden], [inert]')) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    if (!ring) out.push(el.outerHTML.slice(0, 120));
  }
  return out;
}"""
# Elements of the article that end right of the window and are not inside a box that scrolls
# sideways (code, tables and trace panes scroll in their own box, which is fine).
STICKING_OUT_JS = """width => {
  const out = [];
  for (const el of document.querySelectorAll('.bd-article *, .bd-header *, .nnbook-player *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let p = el.parentElement, scrolls = false;
    while (p) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') && p.getBoundingClientRect().right <= width + 1) { scrolls = true; break; }
      p = p.parentElement;
    }
    if (!scrolls) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 10);
}"""


def _soup(page_path: str) -> BeautifulSoup:
    path = HTML / page_path
    if not path.is_file():
        pytest.fail("build the site first: make book")
    return BeautifulSoup(path.read_text(), "html.parser")


def _load(browser, server, page_path, **context):
    page, problems = open_offline(browser, f"{server}/{page_path}", server, **context)
    page.add_style_tag(content=EVERYTHING_LAID_OUT)
    if page.locator("main .math").count():
        assert wait_for_math(page) > 0
    wait_for_players(page)
    page.mouse.move(0, 0)  # no hover state is audited
    return page, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_wcag_violation(server, browser, axe_script, page_path, scheme):
    page, problems = _load(browser, server, page_path, viewport={"width": 1280, "height": 900},
                           color_scheme=scheme)
    page.add_script_tag(path=str(axe_script))
    found = {"as loaded": axe_violations(page)}
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    for root in page.locator("[data-trace]").all():  # a state with new, changed and current marks
        for _ in range(2):
            if root.locator(".nnbook-trace-next").is_enabled():
                root.locator(".nnbook-trace-next").click()
    page.mouse.move(0, 0)
    if page.locator("main .math").count():
        wait_for_math(page)  # the fonts of the formulas the open blocks show
    found["folded blocks open, traces stepped"] = axe_violations(page)
    page.close()
    assert all(v == [] for v in found.values()), found
    assert not problems, problems[:5]


@pytest.mark.parametrize("page_path", PAGES)
def test_every_control_shows_a_focus_ring(server, browser, page_path):
    page, problems = _load(browser, server, page_path, viewport={"width": 1280, "height": 900})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement !== document.body"), "Tab reaches nothing"
    no_ring = page.evaluate(NO_RING_JS, FOCUSABLE)
    page.close()
    assert no_ring == [], no_ring[:10]
    assert not problems, problems[:5]


@pytest.mark.parametrize("width", [360, 412])
@pytest.mark.parametrize("page_path", PAGES)
def test_nothing_sticks_out_of_a_phone_window(server, browser, page_path, width):
    page, problems = _load(browser, server, page_path, viewport={"width": width, "height": 800},
                           is_mobile=True, has_touch=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    sticking_out = page.evaluate(STICKING_OUT_JS, width)
    page.close()
    assert scroll_width <= width, f"the page scrolls sideways: {scroll_width} px in a {width} px window"
    assert sticking_out == [], sticking_out
    assert not problems, problems[:5]


@pytest.mark.parametrize("page_path", PAGES)
def test_pictures_have_alt_text_and_numbered_captions(page_path):
    main = _soup(page_path).find("article")  # the page's text (the header's logos are not figures)
    number = Path(page_path).stem.split("_")[0]
    for img in main.find_all("img"):
        alt = img.get("alt")
        assert alt is not None and len(alt.split()) >= 5, f"no real alt text: {str(img)[:160]}"
        assert not FILE_NAME.search(alt), f"alt text is a file name: {alt!r}"
        assert not re.search(r"Explorer\(|->|\w=\[", alt), f"alt text reads like code (a repr?): {alt!r}"
    # a cell's pictures are numbered figures; an explorer's player is introduced by the text
    # around it and says in its read-out what it shows
    outputs = [img for img in main.select(".cell_output img") if img.find_parent(class_="nnbook-player") is None]
    for img in outputs:
        figure = img.find_parent("figure")
        assert figure is not None, f"a cell's picture is not a figure: {img['alt'][:80]}"
        caption = figure.find("figcaption")
        assert caption is not None and caption.get_text(strip=True), f"no caption: {img['alt'][:80]}"
        label = caption.find(class_="caption-number")
        assert label is not None and re.fullmatch(rf"Fig\. {int(number)}\.\d+ ?", label.get_text()), caption
        assert img["alt"].strip() != caption.get_text(" ", strip=True), "the alt text only repeats the caption"
    if page_path in CHAPTERS:
        assert outputs, f"{page_path} has no figures: is this the built book?"


@pytest.mark.parametrize("page_path", PAGES)
def test_tables_have_header_cells(page_path):
    for table in _soup(page_path).find("main").find_all("table"):
        assert table.find("th") is not None, f"a table without header cells: {str(table)[:200]}"


def test_every_page_has_its_own_description_a_favicon_and_a_place_in_the_sitemap():
    descriptions = {}
    for page_path in PAGES:
        soup = _soup(page_path)
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta is not None, f"{page_path}: no meta description"
        text = meta["content"]
        assert 50 <= len(text) <= 160 and "\\" not in text and "$" not in text, f"{page_path}: {text!r}"
        descriptions[page_path] = text
        icon = soup.find("link", rel="icon")
        assert icon is not None and (HTML / page_path).parent.joinpath(icon["href"]).resolve().is_file(), page_path
        assert soup.find("html").get("lang") == "en"
    assert len(set(descriptions.values())) == len(PAGES), descriptions
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    owner, repo = config["repository"]["url"].rstrip("/").split("/")[-2:]
    base = f"https://{owner.lower()}.github.io/{repo}/"
    sitemap = HTML / "sitemap.xml"
    assert sitemap.is_file(), "no sitemap.xml"
    locs = {e.text for e in ElementTree.parse(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {base + p for p in PAGES} <= locs, sorted({base + p for p in PAGES} - locs)


@pytest.mark.parametrize("page_path", PAGES)
def test_link_texts_say_where_they_go(page_path):
    for a in _soup(page_path).find_all("a", href=True):
        text = " ".join(a.get_text(" ", strip=True).lower().split())
        assert text not in VAGUE_LINKS, f"a link called {text!r}: {str(a)[:160]}"
