"""Benchmarks of the built site in Debian's chromium: the players' response, page weights,
Lighthouse scores.  Called by ``scripts/bench.py`` (``--only site``); needs ``make book`` first.

* ``players``: per explorer, the time from a control's ``input`` event to the player having
  drawn the new frame on its canvas (the ``nnbook-frame`` event), over ``changes`` keyboard
  steps spread over its controls: median and 90th percentile in ms; the player's bytes in
  the page; its number of states and frames.
* ``pages``: every page's total transfer once loaded and scrolled to its players (HTML,
  scripts, styles, fonts, images, the players' frames), as a static host serves it (text
  gzip-compressed, like GitHub Pages), and the same files' uncompressed bytes.
* ``lighthouse``: the four Lighthouse (desktop) category scores of every chapter page, from
  npm ``lighthouse`` run with Debian's chromium; it is installed into ``.bench-tools/`` on
  first use (``npm install``).  Skipped, and said so, when npm is missing.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

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


COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt")


class _Host(http.server.SimpleHTTPRequestHandler):
    """Serves the site like a static host (GitHub Pages, Read the Docs): text gzip-compressed
    for browsers that accept it, everything else as it is."""

    _cache: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve():
    _Host._cache = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{toc['root']}.html"] + [f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]]


def _open(browser, base: str, path: str, sizes: list | None = None):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    if sizes is not None:  # (transferred, uncompressed) bytes of each response
        page.on("requestfinished", lambda r: sizes.append((r.sizes()["responseBodySize"], len(r.response().body()))))
    page.goto(f"{base}/{path}", wait_until="networkidle")
    for root in page.locator("[data-explorer]").all():  # players load their frames when seen
        root.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('[data-explorer]')].every(r => r.hasAttribute('data-ready'))",
                           timeout=30_000)
    page.wait_for_load_state("networkidle")
    return page


def player_bytes(root) -> int:
    """The bytes of a player: its HTML in the page, its data script and its pictures."""
    files = root.evaluate("""r => [r.querySelector('script.nnbook-player-data').getAttribute('data-src'),
                                  ...r.nnbookData.keyframes, ...r.nnbookData.atlases]""")
    page_dir = (HTML / urlsplit(root.page.url).path.lstrip("/")).parent
    return len(root.evaluate("r => r.outerHTML")) + sum((page_dir / f).resolve().stat().st_size for f in files if f)


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
                weights[path] = {"bytes": int(sum(t for t, _ in sizes)),
                                 "uncompressed_bytes": int(sum(u for _, u in sizes)), "requests": len(sizes)}
                for root in page.locator("[data-explorer]").all():
                    name = root.get_attribute("data-explorer")
                    root.scroll_into_view_if_needed()
                    root.evaluate(TIMER_JS)
                    data = root.evaluate("r => ({controls: r.nnbookData.controls, states: r.nnbookData.states,"
                                         " frames: r.nnbookData.frames.length})")
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
                        "bytes": player_bytes(root),
                        "states": len(data["states"]), "frames": data["frames"],
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
