"""The built site as a reader gets it, in a real browser with the network cut off.

Debian's chromium, driven by playwright (never ``playwright install``), loads every page of
``_build/html`` from a server on 127.0.0.1; every request to another host is aborted.  On
each page: no failed or external requests, no console errors beyond the documented
harmless ones, math typeset where the page has math, every explorer drawn, every image
loaded, and launch buttons on chapter pages.  A screenshot of each page is saved under
``_build/screenshots/`` for review.
"""
from __future__ import annotations


import pytest

from site_fixtures import HARMLESS, PAGES, SHOTS, UNRENDERED_MATH, wait_for_math, wait_for_players





def test_site_has_pages():
    assert "intro.html" in PAGES and any(p.startswith("chapters/") for p in PAGES)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_page_works_offline(server, browser, page_path, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    external, failed, errors = [], [], []

    def route(r):
        if r.request.url.startswith(server):
            return r.continue_()
        external.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith(server) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not HARMLESS.search(m.text) else None)
    page.on("pageerror", lambda e: errors.append(str(e)) if not HARMLESS.search(str(e)) else None)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")

    if page.locator("main .math").count():
        assert wait_for_math(page) > 0
        assert page.evaluate(UNRENDERED_MATH) == [], "math left unrendered"
    wait_for_players(page)
    assert page.locator(".jupyter-widgets").count() == 0, "an ipywidgets control on a static page is dead"
    # pictures load lazily (as they near the window): ask for all of them, then check each
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
    broken = page.evaluate("Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src)")
    if page_path.startswith("chapters/"):
        launch = page.locator("a[href*='mybinder.org'], a[href*='colab.research.google.com']")
        assert launch.count() >= 2, "Binder and Colab launch buttons missing"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page_path.replace('/', '_')[:-5]}-{scheme}.png"), full_page=True)
    page.close()
    assert not external, f"requests to other hosts: {external[:5]}"
    assert not failed, f"failed requests: {failed[:5]}"
    assert not errors, f"console errors: {errors[:5]}"
    assert not broken, f"images that did not load: {broken[:5]}"
