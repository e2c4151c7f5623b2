"""Benchmarks of the built site in Debian's chromium: the players' response, page weights,
Lighthouse scores.  Called by ``scripts/bench.py`` (``--only site``); needs ``make book`` first.

* ``players``: per explorer, the time from a control's ``input`` event to the player having
  drawn the new frame on its canvas (the ``nnbook-frame`` event), over ``changes`` keyboard
  steps spread over its controls: median and 90th percentile in ms; the player's bytes in
  the page; its number of states and frames.
* ``pages``: every page's total transfer once loaded (HTML, scripts, styles, fonts, images,
  the players' frames: every response body), from a loopback server that does not compress.
* ``lighthouse``: the four Lighthouse (desktop) category scores of every chapter page, from
  npm ``lighthouse`` run with Debian's chromium; it is installed into ``.bench-tools/`` on
  first use (``npm install``).  Skipped, and said so, when npm is missing.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
TOOLS = ROOT / ".bench-tools"
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Records, in the page, the time from each input event to the frame the player drew for it.
TIMER_JS = """root => {
  window.__frames = [];
  let t0 = null;
  root.addEventListener('input', e => { t0 = e.timeStamp; }, true);
  root.addEventListener('nnbook-frame', () => { if (t0 !== null) { __frames.push(performance.now() - t0); t0 = null; } });
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{toc['root']}.html"] + [f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]]


def _open(browser, base: str, path: str, sizes: list | None = None):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    if sizes is not None:
        page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    page.goto(f"{base}/{path}", wait_until="networkidle")
    if page.locator("[data-explorer]").count():
        page.wait_for_selector("[data-explorer][data-ready]", timeout=30_000)
    return page


def players_and_pages(changes: int = 40, seed: int = 0) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = _serve()
    players, weights = {}, {}
    rng = np.random.default_rng(seed)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in pages():
                sizes: list[int] = []
                page = _open(browser, base, path, sizes)
                page.wait_for_timeout(300)
                weights[path] = {"bytes": int(sum(sizes)), "requests": len(sizes)}
                for root in page.locator("[data-explorer]").all():
                    name = root.get_attribute("data-explorer")
                    root.scroll_into_view_if_needed()
                    root.evaluate(TIMER_JS)
                    data = json.loads(root.locator("script.nnbook-player-data").text_content())
                    names = [c["name"] for c in data["controls"]]
                    for _ in range(20 * changes):  # key presses at an end of a range change nothing
                        if page.evaluate("window.__frames.length") >= changes:
                            break
                        control = root.locator(f'[data-control="{names[int(rng.integers(len(names)))]}"]')
                        if control.is_disabled():
                            continue
                        control.focus()
                        keys = ("ArrowDown", "ArrowUp") if control.evaluate("e => e.tagName") == "SELECT" \
                            else ("ArrowRight", "ArrowLeft")
                        page.keyboard.press(keys[int(rng.integers(2))])
                    t = np.array(page.evaluate("window.__frames"))
                    players[name] = {
                        "page": path, "changes": int(len(t)),
                        "median_ms": round(float(np.median(t)), 2), "p90_ms": round(float(np.percentile(t, 90)), 2),
                        "bytes": len(root.evaluate("r => r.outerHTML")),
                        "states": len(data["states"]), "frames": len(data["frames"]),
                        "controls": [f"{c['name']} ({len(c['labels'])})" for c in data["controls"]],
                    }
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    return players, weights


def _lighthouse_bin() -> Path | None:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        return None
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", LIGHTHOUSE],
                   check=True, capture_output=True)
    return binary


def lighthouse(paths: list[str] | None = None) -> dict:
    binary = _lighthouse_bin()
    if binary is None:
        print("lighthouse: npm is missing; skipped")
        return {}
    httpd, base = _serve()
    out = {}
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    try:
        for path in paths or [p for p in pages() if p.startswith("chapters/")]:
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "report.json"
                subprocess.run([str(binary), f"{base}/{path}", "--preset=desktop", "--quiet", "--output=json",
                                f"--output-path={report}",
                                "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                               check=True, capture_output=True, env=env, timeout=300)
                r = json.loads(report.read_text())
            out[path] = {k: round(100 * (r["categories"][k]["score"] or 0)) for k in
                         ("performance", "accessibility", "best-practices", "seo")}
            out[path]["total_byte_weight"] = int(r["audits"]["total-byte-weight"]["numericValue"])
            out[path]["first_contentful_paint_ms"] = round(r["audits"]["first-contentful-paint"]["numericValue"])
    finally:
        httpd.shutdown()
    return out
