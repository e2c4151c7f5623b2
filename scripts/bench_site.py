"""Benchmarks of the built site in Debian's chromium: the players' response, page weights,
Lighthouse scores.  Called by ``scripts/bench.py`` (``--only site``, ``--only lighthouse``) and
``scripts/audit.py`` (Lighthouse alone); needs ``make book`` first.

* ``players``: per explorer, the time from a control's ``input`` event to the player having
  drawn the new frame on its canvas (the ``nnbook-frame`` event), over ``changes`` keyboard
  steps spread over its controls: median and 90th percentile in ms; the player's bytes in
  the page; its number of states and frames.
* ``pages``: every page's total transfer once loaded and scrolled to its players (HTML,
  scripts, styles, fonts, images, the players' frames), as a static host serves it (text
  gzip-compressed, like GitHub Pages), and the same files' uncompressed bytes.
* ``lighthouse``: per page and Lighthouse preset (``desktop``, and ``mobile``, Lighthouse's
  default: a mid-range phone on slow 4G with a 4x slower CPU, simulated), the four category
  scores, the total byte weight, the first contentful paint and the ids of the audits that
  failed in accessibility, best practices and SEO; from npm ``lighthouse`` run with Debian's
  chromium, one run at a time (the scores are CPU-sensitive), installed into ``.bench-tools/``
  on first use (``npm install``).  ``scripts/audit.py`` (``make audit``) runs it and judges
  the scores against ``bench/budgets.json``.
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
import time
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


def _serve(site: Path = HTML):
    _Host._cache = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
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


PRESETS = ("desktop", "mobile")  # mobile is Lighthouse's default (no --preset)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AUDITED = ("accessibility", "best-practices", "seo")  # categories whose failed audits are listed


def lighthouse_record(report: dict) -> tuple[dict, dict]:
    """The figures of one Lighthouse JSON report, and what its failed audits found.

    The record: each category's score (0-100, ``None`` when Lighthouse could not score it), the
    total byte weight, the first contentful paint in ms, and per category of ``AUDITED`` the ids
    of its failed audits (weight > 0, score < 1), which say what to fix.  The second dict maps
    each failed audit id to its title and up to six of the items it flagged (for the console).
    """
    audits = report["audits"]
    record = {k: None if report["categories"][k]["score"] is None else round(100 * report["categories"][k]["score"])
              for k in CATEGORIES}
    record["total_byte_weight"] = int(audits["total-byte-weight"].get("numericValue") or 0)
    fcp = audits["first-contentful-paint"].get("numericValue")
    record["first_contentful_paint_ms"] = None if fcp is None else round(fcp)
    record["failed_audits"], details = {}, {}
    for category in AUDITED:
        failed = [ref["id"] for ref in report["categories"][category]["auditRefs"]
                  if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1]
        record["failed_audits"][category] = failed
        for audit_id in failed:
            items = audits[audit_id].get("details", {}).get("items", [])
            details[audit_id] = [audits[audit_id]["title"], *(_item_text(item) for item in items[:6])]
    if report.get("runtimeError"):
        record["error"] = report["runtimeError"].get("message", str(report["runtimeError"]))
    record["lighthouse"] = report.get("lighthouseVersion")
    record["benchmark_index"] = report.get("environment", {}).get("benchmarkIndex")  # the CPU speed Lighthouse saw
    return record, details


def _item_text(item: dict) -> str:
    """A short description of one item an audit flagged (an element, a URL, a console message)."""
    node = item.get("node") if isinstance(item.get("node"), dict) else {}
    location = item.get("sourceLocation") if isinstance(item.get("sourceLocation"), dict) else {}
    parts = [item.get("description"), node.get("snippet"), node.get("explanation"), item.get("url"),
             location.get("url")]
    return " | ".join(str(p) for p in parts if p)[:300] or json.dumps(item)[:300]


def median_run(records: list[dict]) -> dict:
    """Of several runs of one page in one preset, the one with the median performance score
    (a failed run counts lowest), with every run's performance score in ``performance_runs``."""
    ranked = sorted(records, key=lambda r: r.get("performance") if isinstance(r.get("performance"), int) else -1)
    chosen = dict(ranked[(len(ranked) - 1) // 2])
    if len(records) > 1:
        chosen["performance_runs"] = [r.get("performance") for r in records]
    return chosen


def _lighthouse_run(binary: Path, url: str, preset: str, env: dict) -> tuple[dict, dict]:
    start, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                   *(["--preset=desktop"] if preset == "desktop" else [])]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, env=env, timeout=300)
            record, found = lighthouse_record(json.loads(report.read_text()))
        except (subprocess.SubprocessError, OSError, ValueError, KeyError) as error:
            stderr = getattr(error, "stderr", None) or ""
            stderr = stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr
            record, found = {"error": f"{type(error).__name__}: {stderr.strip()[-300:] or error}"}, {}
    record["seconds"] = round(time.perf_counter() - start, 1)
    record["load_average"] = round(load, 1)  # other work on the machine lowers performance
    return record, found


def lighthouse(paths: list[str] | None = None, site: Path = HTML, presets: tuple[str, ...] = PRESETS,
               runs: int = 1, log=print) -> tuple[dict, dict] | None:
    """Lighthouse on each page of ``paths`` (default: every page) of the site in ``site``, in each
    preset, one run after another, served as a static host serves it; with ``runs`` > 1, each
    page and preset is run that many times and the run of median performance is kept
    (:func:`median_run`; the performance score varies from run to run on a busy machine).

    Returns ``({page: {preset: record}}, {(page, preset): details})`` (see :func:`lighthouse_record`;
    a run that fails records its ``error`` and no scores), or ``None`` when npm is missing.
    """
    binary = _lighthouse_bin()
    if binary is None:
        log("lighthouse: npm is missing; skipped")
        return None
    httpd, base = _serve(site)
    out, details = {}, {}
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    try:
        for path in paths or pages():
            for preset in presets:
                done = [_lighthouse_run(binary, f"{base}/{path}", preset, env) for _ in range(max(runs, 1))]
                record = median_run([r for r, _ in done])
                out.setdefault(path, {})[preset] = record
                details[(path, preset)] = {k: v for _, found in done for k, v in found.items()}
                log(f"  {path} ({preset}): " + ("failed: " + record["error"] if "performance" not in record else
                    ", ".join(f"{k} {record[k]}" for k in CATEGORIES))
                    + (f" (performance of the {runs} runs: {record['performance_runs']})" if runs > 1 else "")
                    + f"  [{sum(r['seconds'] for r, _ in done):.0f} s]")
    finally:
        httpd.shutdown()
    return out, details
