"""Step-through traces in a real browser, offline: the site's script steps them as a reader would.

Debian's chromium (playwright, never ``playwright install``).  For every trace, on every page of
``_build/html`` that holds one (found by scanning the built HTML), and on a small standalone
page rendered here from :class:`~nnbook.trace.TraceView` with the real ``nnbook-player.js`` and
``.css`` (so the script is tested even before any chapter has a trace):

* it steps by the next/previous buttons, a click on a step row, a click on a code line (the
  next step that ran that line) and the keys (Left/Right, Home/End, Up/Down on a row);
* after each step the state pane is exactly what :func:`nnbook.trace.html.state_html` renders
  from the trace's own JSON, the highlighted line is the step's, the counter and the current
  row follow, and a focused row hands the focus on;
* no console errors, and no request leaves the machine (others are aborted and reported).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from bs4 import BeautifulSoup

from nnbook.layers import Dense
from nnbook.trace import Trace, TraceView, trace_code
from nnbook.trace.html import state_html
from site_fixtures import HTML, ROOT, axe_violations, open_offline

PLAYER = ROOT / "_ext" / "player"
TRACE_ROOT = re.compile(r'<div class="nnbook-trace" data-trace="([0-9a-f]+)"')
KEYS_CHECKED = 80  # steps walked one by one with ArrowRight (the rest of a longer trace: End)


def _pages_with_traces() -> dict[str, int]:
    """Built page (path under _build/html) -> number of traces on it."""
    if not HTML.is_dir():
        return {}
    found = {}
    for path in sorted(HTML.rglob("*.html")):
        n = len(TRACE_ROOT.findall(path.read_text(encoding="utf-8", errors="replace")))
        if n:
            found[path.relative_to(HTML).as_posix()] = n
    return found


TRACED = _pages_with_traces()


def _chapter_pages() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return {f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]
            if c["file"].startswith("chapters/")}


def test_the_site_has_at_least_12_traces_on_at_least_6_chapter_pages():
    """Issue 12's "done when": fails until the chapters hold their traces (make execute, make book)."""
    if not (HTML / "intro.html").exists():
        pytest.fail("build the site first: make book")
    chapters = {page: n for page, n in TRACED.items() if page in _chapter_pages()}
    assert sum(chapters.values()) >= 12 and len(chapters) >= 6, (
        f"{sum(chapters.values())} traces on {len(chapters)} chapter pages: {chapters}")


# --- driving one trace ---------------------------------------------------------------------------


def _open(browser, url: str, allowed: str, **context):
    """:func:`site_fixtures.open_offline`, once every trace on the page is ready."""
    page, problems = open_offline(browser, url, allowed, **context)
    page.wait_for_function("[...document.querySelectorAll('[data-trace]')].every(r => r.hasAttribute('data-ready'))",
                           timeout=15_000)
    return page, problems


def _normal(html: str) -> str:
    return str(BeautifulSoup(html, "html.parser"))


SHOWN_JS = """root => ({
  pane: root.querySelector('.nnbook-trace-state').innerHTML,
  lit: [...root.querySelectorAll('.nnbook-trace-current')].map(e => [+e.parentNode.dataset.code, +e.dataset.line]),
  current: [...root.querySelectorAll('[data-step][aria-current=step]')].map(e => +e.dataset.step),
  tabbable: [...root.querySelectorAll('[data-step][tabindex="0"]')].map(e => +e.dataset.step),
  counter: root.querySelector('.nnbook-trace-counter').textContent,
  focused: root.contains(document.activeElement) && document.activeElement.hasAttribute('data-step')
           ? +document.activeElement.dataset.step : null,
})"""


class Stepper:
    """One trace root on a page, with the trace its JSON describes, and checks of what it shows."""

    def __init__(self, page, root):
        self.page, self.root = page, root
        self.trace = Trace.from_json(json.loads(root.locator("script.nnbook-trace-data").text_content()))
        self.n = len(self.trace.steps)
        self.name = root.get_attribute("data-trace")

    def shown(self) -> dict:
        return self.root.evaluate(SHOWN_JS)

    def check(self, i: int, focused: bool | None = None) -> None:
        got, s = self.shown(), self.trace.steps[i]
        where = f"trace {self.name}, step {i}"
        assert _normal(got["pane"]) == _normal(state_html(self.trace, i)), where
        assert got["lit"] == [[s.code, s.line]], where
        assert got["current"] == [i] and got["tabbable"] == [i], where
        assert got["counter"] == f"step {i + 1} of {self.n}", where
        if focused is not None:
            assert (got["focused"] == i) if focused else got["focused"] is None, where

    def current(self) -> int:
        return self.shown()["current"][0]

    def exercise(self) -> None:
        """Every way of stepping, each checked against the trace's data."""
        page, root, n = self.page, self.root, self.n
        prev, nxt = root.locator(".nnbook-trace-prev"), root.locator(".nnbook-trace-next")
        disabled = lambda: [b.get_attribute("disabled") for b in (prev, nxt)]  # noqa: E731
        ends = lambda: [b.get_attribute("aria-disabled") for b in (prev, nxt)]  # noqa: E731
        assert disabled() == [None, None], "the buttons stay disabled"
        # at an end a button stays focusable (the keys still work) and says it does nothing
        assert ends() == ["true", "false" if n > 1 else "true"]
        root.scroll_into_view_if_needed()
        self.check(0)
        # buttons
        nxt.click()
        self.check(min(1, n - 1))
        prev.click()
        self.check(0)
        prev.click(force=True)  # at the start: stays
        self.check(0)
        # a step row (the last), then keys with the focus on the rows
        root.locator(f'[data-step="{n - 1}"]').click()
        self.check(n - 1, focused=True)
        page.keyboard.press("Home")
        self.check(0, focused=True)
        for i in range(1, min(n, KEYS_CHECKED)):
            page.keyboard.press("ArrowRight")
            self.check(i, focused=True)
        page.keyboard.press("End")
        self.check(n - 1, focused=True)
        assert ends() == ["false" if n > 1 else "true", "true"]
        page.keyboard.press("ArrowRight")  # at the end: stays
        self.check(n - 1, focused=True)
        i = n - 1
        for key, move in (("ArrowLeft", -1), ("ArrowUp", -1), ("ArrowUp", -1), ("ArrowDown", 1)):
            page.keyboard.press(key)
            i = min(max(i + move, 0), n - 1)
            self.check(i, focused=True)
        # keys with the focus on a button: the step moves, the focus stays on the button
        nxt.focus()
        page.keyboard.press("Home")
        self.check(0, focused=False)
        page.keyboard.press("ArrowRight")
        self.check(min(1, n - 1), focused=False)
        assert page.evaluate("document.activeElement.className") == "nnbook-trace-next"
        # code lines: each jumps to the next step (after the current one, wrapping) that ran it
        ran: dict[tuple[int, int], list[int]] = {}
        for i, s in enumerate(self.trace.steps):
            ran.setdefault((s.code, s.line), []).append(i)
        for (code, line), steps in list(ran.items())[:6]:
            before = self.current()
            root.locator(f'.nnbook-trace-block[data-code="{code}"] [data-line="{line}"]').click()
            expected = next((k for k in steps if k > before), steps[0])
            self.check(expected)
        # a line that never ran (a comment, a def's body skipped) changes nothing
        quiet = root.locator(".nnbook-trace-line[data-line]").evaluate_all(
            "(els, ran) => els.findIndex(e => !ran.includes(e.parentNode.dataset.code + ':' + e.dataset.line))",
            [f"{c}:{l}" for c, l in ran])
        if quiet >= 0:
            before = self.current()
            root.locator(".nnbook-trace-line[data-line]").nth(quiet).click()
            self.check(before)


# --- the built site --------------------------------------------------------------------------------


@pytest.mark.parametrize("page_path", sorted(TRACED))
def test_every_trace_on_the_site_steps_by_click_and_keys(server, browser, page_path):
    page, problems = _open(browser, f"{server}/{page_path}", server, viewport={"width": 1280, "height": 900})
    roots = page.locator("[data-trace]").all()
    assert len(roots) == TRACED[page_path]
    for root in roots:
        Stepper(page, root).exercise()
    page.close()
    assert not problems, problems[:5]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", sorted(TRACED))
def test_traces_on_the_site_fit_a_phone(server, browser, page_path, scheme):
    page, problems = _open(browser, f"{server}/{page_path}", server, viewport={"width": 412, "height": 860},
                           color_scheme=scheme)
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page scrolls sideways"
    for root in page.locator("[data-trace]").all():
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 412
    page.close()
    assert not problems, problems[:5]


# --- a standalone page, built here (works before the chapters have traces) --------------------------

PROGRAMS = {
    "loop": ("w = [0.7, -0.3, 0.5]\nx = [0.6, 0.4, -0.2]\ntotal = 0.0\n"
             "for wi, xi in zip(w, x):\n    # one product per input\n    total += wi * xi\nlr = 1e-5\n", {}, {}),
    "into": ("layer = Dense(2, 1, 'sigmoid', W=[[1.0, -1.0]], b=[0.0])\n"
             "A = layer.forward(np.array([[2.0, 2.0]]))\ndX = layer.backward(np.array([[1.0]]))\n",
             {"np": np, "Dense": Dense}, {"step_into": Dense.backward}),
}


def _standalone(tmp_path: Path, theme: str = "light") -> Path:
    views = [TraceView(trace_code(src, dict(ns), **opts)) for src, ns, opts in PROGRAMS.values()]
    with pytest.raises(ZeroDivisionError) as info:
        trace_code("a = 1\nfor k in range(3):\n    a += k\nb = a / 0\n")
    views.append(TraceView(info.value.trace))
    body = "\n".join(f"<h2>trace {i}</h2>{v.html()}" for i, v in enumerate(views))
    page = tmp_path / f"traces-{theme}.html"
    page.write_text(
        f'<!doctype html><html lang="en" data-theme="{theme}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Traces</title>'
        f'<link rel="stylesheet" href="{(PLAYER / "nnbook-player.css").as_uri()}">'
        f'<script defer src="{(PLAYER / "nnbook-player.js").as_uri()}"></script></head>'
        f'<body style="margin: 8px; {"background: #121212; color: #eee" if theme == "dark" else ""}">'
        f"<main>{body}</main></body></html>", encoding="utf-8")
    return page


def test_a_standalone_page_steps_by_click_and_keys(browser, tmp_path):
    page, problems = _open(browser, _standalone(tmp_path).as_uri(), "file://", viewport={"width": 1000, "height": 900})
    roots = page.locator("[data-trace]").all()
    assert len(roots) == 3
    steppers = [Stepper(page, root) for root in roots]
    for stepper in steppers:
        stepper.exercise()
    # stepping one trace leaves the others where they were
    others = [s.current() for s in steppers[1:]]
    steppers[0].root.locator('[data-step="0"]').click()
    page.keyboard.press("End")
    assert [s.current() for s in steppers[1:]] == others
    # Tab reaches the current row (one tab stop for the list), with a visible focus ring
    first = steppers[0]
    first.root.locator(".nnbook-trace-prev").focus()
    for _ in range(3):  # next button, code box, the current row
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-step')") == str(first.current())
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.close()
    assert not problems, problems[:5]


def test_without_the_script_the_whole_trace_is_readable(browser, tmp_path):
    path = _standalone(tmp_path)
    path.write_text(re.sub(r"<script defer src=[^>]*></script>", "", path.read_text()))
    page = browser.new_page(java_script_enabled=False)
    page.goto(path.as_uri())
    root = page.locator("[data-trace]").first
    trace = Trace.from_json(json.loads(root.locator("script.nnbook-trace-data").text_content()))
    rows = root.locator("[data-step]")
    assert rows.count() == len(trace.steps) and all(r.is_visible() for r in rows.all()[:3])
    assert rows.nth(len(trace.steps) - 1).inner_text().split("\t")[-1] == trace.rows()[-1][3]
    assert root.locator(".nnbook-trace-prev").is_disabled()  # no control looks live and does nothing
    assert root.locator(".nnbook-trace-hint").is_hidden()
    page.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_standalone_page_fits_a_phone(browser, tmp_path, theme):
    page, problems = _open(browser, _standalone(tmp_path, theme).as_uri(), "file://",
                           viewport={"width": 412, "height": 860})
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page scrolls sideways"
    for root in page.locator("[data-trace]").all():
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 412
        code = root.locator(".nnbook-trace-code").bounding_box()
        assert code["x"] >= box["x"] and code["x"] + code["width"] <= box["x"] + box["width"]
    wide = page.locator(".nnbook-trace-code").evaluate_all("els => els.some(e => e.scrollWidth > e.clientWidth)")
    assert wide, "no long line here: the code box's own scrolling is not tested"
    page.close()
    assert not problems, problems[:5]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_standalone_page_has_no_accessibility_violations(browser, tmp_path, theme, axe_script):
    page, problems = _open(browser, _standalone(tmp_path, theme).as_uri(), "file://",
                           viewport={"width": 1000, "height": 900})
    for root in page.locator("[data-trace]").all():  # a state with new, changed and current marks
        root.locator(".nnbook-trace-next").click()
        root.locator(".nnbook-trace-next").click()
    page.add_script_tag(path=str(axe_script))
    # preload: false: axe would fetch the style sheets again, which file:// refuses
    violations = axe_violations(page, "document.querySelector('main')", preload=False)
    page.close()
    assert violations == [] and not problems, (violations, problems[:5])
