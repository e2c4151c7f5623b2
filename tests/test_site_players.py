"""The explorers' static players on the built site, used as a reader would, offline.

Each chapter page is loaded in Debian's chromium with every request to another host
aborted.  Then, for every control of its player: moving it with the mouse and with the
keyboard changes the picture; the read-out and the pixels on the canvas equal what the
Python explorer computes and draws for the state the page shows; nothing on the page is an
ipywidgets control; and the player fits a 412 px wide window.
"""
from __future__ import annotations

import base64
import hashlib

import numpy as np
import pytest
import yaml
from bs4 import BeautifulSoup

from nnbook.explorers import EXPLORERS
from nnbook.explorers._player import state_values
from site_fixtures import ROOT, open_offline, wait_for_players


def _chapter_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]
            if c["file"].startswith("chapters/")]


CHAPTERS = _chapter_pages()

# The key of the state a player shows, from its controls (what nnbook-player.js looks up).
KEY_JS = """root => {
  const data = root.nnbookData;
  const inputs = data.controls.map(c => root.querySelector(`[data-control="${c.name}"]`));
  const active = i => { const w = data.controls[i].when;
    return !w || (active(w[0]) && w[1].includes(+inputs[w[0]].value)); };
  return inputs.map((el, i) => active(i) ? el.value : '*').join(',');
}"""
PIXELS_JS = """root => {
  const c = root.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let s = ''; for (let i = 0; i < d.length; i += 8192) s += String.fromCharCode.apply(null, d.subarray(i, i + 8192));
  return [c.width, c.height, btoa(s)];
}"""


def _open(browser, server, page_path, **context):
    page, problems = open_offline(browser, f"{server}/{page_path}", server, **context)
    assert wait_for_players(page) >= 1
    return page, problems


def _picture(root) -> str:
    return hashlib.sha1(root.evaluate("r => r.querySelector('canvas').toDataURL()").encode()).hexdigest()


def _controls(root):
    return [root.locator(f'[data-control="{name}"]').first for name in
            root.evaluate("r => r.nnbookData.controls.map(c => c.name)")]


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_control_changes_the_picture_by_mouse_and_by_keyboard(server, browser, page_path):
    page, problems = _open(browser, server, page_path, viewport={"width": 1280, "height": 900})
    assert page.locator(".jupyter-widgets, .widget-slider, .widget-dropdown").count() == 0
    outside = page.locator("input[type=range], main select").evaluate_all(
        "els => els.filter(e => !e.closest('[data-explorer]')).length")
    assert outside == 0, "a control outside a player"
    for root in page.locator("[data-explorer]").all():
        root.scroll_into_view_if_needed()
        tried = 0
        for control in _controls(root):
            if control.is_disabled():
                continue  # does not apply to the state shown (e.g. β for ELU)
            tried += 1
            tag = control.evaluate("e => e.tagName")
            # keyboard: focus, then one step
            before, value = _picture(root), control.input_value()
            control.focus()
            last = control.evaluate("e => e.tagName === 'SELECT' ? e.options.length - 1 : +e.max")
            page.keyboard.press("ArrowLeft" if tag == "INPUT" and int(value) == last
                                else "ArrowUp" if tag == "SELECT" and int(value) == last
                                else "ArrowRight" if tag == "INPUT" else "ArrowDown")
            assert control.input_value() != value, f"{control}: the key did not move it"
            assert _picture(root) != before, f"{root.get_attribute('data-explorer')}: the key left the picture"
            # mouse: click the far end of a slider; pick another option of a menu
            before, value = _picture(root), control.input_value()
            if tag == "INPUT":
                box = control.bounding_box()
                x = box["x"] + (3 if int(value) == last else box["width"] - 3)
                page.mouse.click(x, box["y"] + box["height"] / 2)
            else:
                control.select_option(index=0 if int(value) != 0 else last)
            assert control.input_value() != value
            assert _picture(root) != before, f"{root.get_attribute('data-explorer')}: the mouse left the picture"
        assert tried >= 1
    page.close()
    assert not problems, problems[:5]


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_the_page_shows_what_python_computes(server, browser, page_path):
    """After a few random moves, the read-out and every pixel equal the Python explorer's."""
    page, problems = _open(browser, server, page_path, viewport={"width": 1280, "height": 900})
    rng = np.random.default_rng(len(page_path))
    for root in page.locator("[data-explorer]").all():
        name = root.get_attribute("data-explorer")
        for _ in range(4):
            enabled = [c for c in _controls(root) if not c.is_disabled()]
            control = enabled[int(rng.integers(len(enabled)))]
            count = control.evaluate("e => e.tagName === 'SELECT' ? e.options.length : +e.max + 1")
            index = str(int(rng.integers(count)))
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(index)
            else:
                control.fill(index)
        key = root.evaluate(KEY_JS)
        explorer = EXPLORERS[name]()
        rgba, readout = explorer.snapshot(**state_values(explorer.player_controls(), key))
        shown = root.locator(".nnbook-player-readout").inner_html()
        assert BeautifulSoup(shown, "html.parser").get_text() == BeautifulSoup(readout, "html.parser").get_text()
        width, height, pixels = root.evaluate(PIXELS_JS)
        canvas = np.frombuffer(base64.b64decode(pixels), dtype=np.uint8).reshape(height, width, 4)
        np.testing.assert_array_equal(canvas[..., :3], rgba[..., :3], err_msg=f"{name} at {key}")
        assert root.locator("canvas").get_attribute("aria-label") == explorer.describe()
    page.close()
    assert not problems, problems[:5]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", CHAPTERS)
def test_the_player_fits_a_phone(server, browser, page_path, scheme):
    page, problems = _open(browser, server, page_path, viewport={"width": 412, "height": 860},
                           color_scheme=scheme)
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page scrolls sideways"
    for root in page.locator("[data-explorer]").all():
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 412
        canvas = root.locator("canvas").bounding_box()
        assert canvas["width"] <= box["width"] and canvas["width"] > 200
        for control in _controls(root):
            c = control.bounding_box()
            assert c["x"] >= box["x"] and c["x"] + c["width"] <= box["x"] + box["width"], "a control is cut off"
    page.close()
    assert not problems, problems[:5]
