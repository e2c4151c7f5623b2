"""Shared by the browser tests: a loopback server for ``_build/html`` and Debian's chromium.

Debian's chromium, driven by playwright (never ``playwright install``); the server binds
127.0.0.1 on a free port.  Tests route every request to another host to an abort.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _pages() -> list[str]:
    """The root page and every file of the table of contents, as built HTML paths."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{toc['root']}.html"] + [f"{c['file']}.html" for part in toc["parts"] for c in part["chapters"]]


PAGES = _pages()
# Console messages tolerated on the built pages: none.  TECH-NOTES.md lists four that Jupyter
# Book 1 pages used to log; the widget manager is gone (players.py) and _ext/page_cleanup.py
# removed the causes of the other two (thebe's doubled script, the empty theme mode).
HARMLESS = re.compile(r"(?!)")  # matches nothing
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


#: What the build left of a formula it did not render: a ``.math`` element without KaTeX's
#: markup (raw TeX), or KaTeX's red ``katex-error`` in its place (``_ext/katex_math.py``).
UNRENDERED_MATH = r"""() => [...document.querySelectorAll('.math')]
  .filter(e => !e.querySelector('.katex') || e.querySelector('.katex-error')).map(e => e.textContent.slice(0, 60))"""


#: The page as a reader who has scrolled through it sees it: every section and prose block laid
#: out.  (The site lets the browser skip those far from the window, ``content-visibility: auto``
#: in ``_ext/player/nnbook-player.css``; skipped content has no boxes, so axe could not judge
#: its contrast, nothing in it could stick out, and its formulas would draw no glyph.)
EVERYTHING_LAID_OUT = "* { content-visibility: visible !important; }"


def wait_for_math(page, timeout_ms: int = 20_000) -> int:
    """Wait until the fonts of the page's formulas have loaded (the formulas themselves are
    rendered at build time, ``_ext/katex_math.py``); return how many formulas the page has."""
    page.evaluate(f"""async () => {{
      document.body.getBoundingClientRect();  // lay the whole page out: that asks for its fonts
      await Promise.race([document.fonts.ready, new Promise((_, no) => setTimeout(() => no(new Error(
        'fonts still loading after {timeout_ms} ms: ' + [...document.fonts].filter(f => f.status === 'loading')
          .map(f => f.family).join(', '))), {timeout_ms}))]);
    }}""")
    return page.evaluate("document.querySelectorAll('.math .katex').length")


def wait_for_players(page, timeout_ms: int = 15_000) -> int:
    """Bring every player near the window (they load their frames then) and wait until all
    are ready; return how many there are."""
    roots = page.locator("[data-explorer]").all()
    for root in roots:
        root.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('[data-explorer]')].every(r => r.hasAttribute('data-ready'))",
                           timeout=timeout_ms)
    return len(roots)


AUDIT_PINS = ROOT / "tests" / "audit_tools.json"
PINNED = ROOT / ".bench-tools" / "pinned"  # gitignored, as the rest of .bench-tools
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # the rules axe runs: WCAG 2.1 A and AA


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's ``axe.min.js`` at the version and integrity hash pinned in
    ``tests/audit_tools.json``, fetched with npm on first use (or when the pin changes)."""
    pin = json.loads(AUDIT_PINS.read_text())["packages"]["axe-core"]
    folder = PINNED / pin["target"]
    script, stamp = folder / "axe.min.js", folder / "pin.json"
    if not (script.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == pin):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("the accessibility tests need npm to fetch axe-core (apt-get install -y npm)")
        sys.path.insert(0, str(ROOT / "scripts"))
        import fetch_site_assets

        shutil.rmtree(folder, ignore_errors=True)
        fetch_site_assets.fetch({"axe-core": pin}, PINNED, npm)
        stamp.write_text(json.dumps(pin))
    return script


def axe_violations(page, context: str = "document", **options) -> list[dict]:
    """Run axe-core (already injected into ``page``) on ``context`` (a JS expression) with the
    WCAG 2.1 A/AA rules; return one entry per violated rule: its id, impact, help and up to
    five offending elements (selector and HTML), ready to print in an assertion message."""
    opts = json.dumps({"runOnly": WCAG, **options})
    result = page.evaluate(f"() => axe.run({context}, {opts})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
             "where": [(n["target"], n["html"][:160]) for n in v["nodes"][:5]]} for v in result["violations"]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) from a thread; return ``(httpd, base_url)``.
    Stop it with ``httpd.shutdown()``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def server():
    if not (HTML / "intro.html").exists():
        pytest.fail("build the site first: make book")
    httpd, base = serve(HTML)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()




def open_offline(browser, url: str, allowed: str, **context):
    """A new page at ``url`` on which every request outside ``allowed`` (a URL prefix) is aborted.

    Returns ``(page, problems)``: ``problems`` collects requests leaving the machine, failed
    requests, console errors and page errors (the known harmless ones excepted).
    """
    page = browser.new_page(**context)
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed):
            return r.continue_()
        problems.append(f"request leaving the machine: {r.request.url}")
        return r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}") if r.url.startswith(allowed) else None)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and not HARMLESS.search(m.text)
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)) if not HARMLESS.search(str(e)) else None)
    page.goto(url, wait_until="networkidle" if url.startswith("http") else "load")
    return page, problems
