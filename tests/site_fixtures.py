"""Shared by the browser tests: a loopback server for ``_build/html`` and Debian's chromium.

Debian's chromium, driven by playwright (never ``playwright install``); the server binds
127.0.0.1 on a free port.  Tests route every request to another host to an abort.
"""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Known harmless console messages on Jupyter Book 1 pages (TECH-NOTES.md).
HARMLESS = re.compile(r"THEBE_JS_URL|invalid theme mode|strict mode|Queue")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def wait_for_players(page, timeout_ms: int = 15_000) -> int:
    """Bring every player near the window (they load their frames then) and wait until all
    are ready; return how many there are."""
    roots = page.locator("[data-explorer]").all()
    for root in roots:
        root.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('[data-explorer]')].every(r => r.hasAttribute('data-ready'))",
                           timeout=timeout_ms)
    return len(roots)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    if not (HTML / "intro.html").exists():
        pytest.fail("build the site first: make book")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
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
