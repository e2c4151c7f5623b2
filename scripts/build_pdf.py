"""Print the whole book to one PDF: ``make pdf`` (after ``make book``).

1. Builds the book on one page (``--builder singlehtml``) with the strict flags of
   ``scripts/build_book.py`` into ``_build/pdf/`` (its own doctrees, apart from the html build's).
2. Serves that folder on 127.0.0.1 and opens the page in Debian's chromium (playwright, the
   launch arguments of the browser tests); every request to another host is aborted.
3. Checks that every formula was rendered by the build (no raw TeX, no KaTeX error) and waits
   for the math fonts, every explorer's player
   is at its opening state and every picture is loaded (the site loads pictures lazily),
   opens the folded exercise solutions, then prints with the print styles
   (``_ext/print/nnbook-print.css``; players and traces: ``_ext/player/nnbook-player.css``):
   A4, backgrounds, page numbers in the footer, the chapters as PDF bookmarks.
4. Writes ``_build/html/neurons-to-networks.pdf``, where the site links to it (``intro.md``).

Usage: python scripts/build_pdf.py [--output PDF] [--no-build]   (--no-build: print the last
single-page build again, after a change to the print styles only)
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_book  # noqa: E402
import fetch_site_assets  # noqa: E402

ROOT = build_book.ROOT
WORK = ROOT / "_build" / "pdf"  # jupyter-book writes into WORK / "_build" / "singlehtml"
PAGE = "intro.html"  # the root document, with every chapter inlined
NAME = "neurons-to-networks.pdf"  # intro.md links to this name
OUTPUT = ROOT / "_build" / "html" / NAME
sys.path.insert(0, str(ROOT / "tests"))
# one chromium, one list of launch arguments, one loopback server and one wait for the math
from site_fixtures import CHROMIUM, CHROMIUM_ARGS, UNRENDERED_MATH, serve, wait_for_math  # noqa: E402

TIMEOUT_MS = 120_000
FOOTER = ('<div style="width:100%; font-size:8pt; color:#555; padding:0 15mm; display:flex; '
          'justify-content:space-between; font-family:sans-serif;"><span class="title"></span>'
          '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')

# The players load their data and frames once seen: bring each into view, wait until ready.
PLAYERS_READY = "[...document.querySelectorAll('[data-explorer]')].every(r => r.hasAttribute('data-ready'))"
# Lazy pictures elsewhere (the chapters' figures, a player that is not ready) load now.
EAGER = """() => { document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; }); }"""
IMAGES_LOADED = "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
BROKEN = "() => [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
# On paper nothing unfolds: open the exercise solutions (sphinx-togglebutton) and the folded
# "Going deeper" cells (hide-cell).  A hide-input cell stays folded: those are the traced
# cells, whose trace prints the code (nnbook-print.css leaves out their folded source).
UNFOLD = """() => {
  document.querySelectorAll('.tag_hide-cell details.hide').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
}"""
# The single page inlines the chapters where the landing page lists them (its "Chapters"
# section): the landing page's sections after that list move before it, so the book opens
# with the whole introduction and ends with its appendix.
REORDER = """() => {
  const chapters = document.getElementById('chapters');
  if (!chapters) { return 0; }
  const after = [];
  for (let e = chapters.nextElementSibling; e; e = e.nextElementSibling) { after.push(e); }
  after.forEach(e => chapters.before(e));
  return after.length;
}"""


def build_single_page() -> Path:
    """The strict single-page build into :data:`WORK`; return its output folder (made anew:
    the page's files are all rewritten, and no stale one is left to print)."""
    shutil.rmtree(WORK / "_build" / "singlehtml", ignore_errors=True)
    command = build_book.command(path_output=WORK) + ["--builder", "singlehtml"]
    status = subprocess.run(command, cwd=ROOT).returncode
    if status != 0:
        raise SystemExit(f"the single-page build failed (exit {status}): {' '.join(command)}")
    return WORK / "_build" / "singlehtml"


def print_pdf(folder: Path, output: Path) -> int:
    """Print ``folder / PAGE`` to ``output``; return the number of players on the page."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit("the PDF is printed by Debian's chromium: apt-get install -y chromium")
    httpd, base = serve(folder)
    base += "/"
    leaving: list[str] = []

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        leaving.append(r.request.url)
        return r.abort()

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.route("**/*", route)
            opened = time.perf_counter()
            page.goto(base + PAGE, wait_until="load", timeout=TIMEOUT_MS)
            page.emulate_media(media="print")
            try:
                typeset = wait_for_math(page, TIMEOUT_MS)
            except Exception as error:
                raise SystemExit("the math fonts did not load on the single page (see _ext/katex_math.py)") from error
            if not typeset:
                raise SystemExit("the single page has no rendered formula (see _ext/katex_math.py)")
            raw = page.evaluate(UNRENDERED_MATH)
            if raw:
                raise SystemExit(f"{len(raw)} formulas left unrendered, the first: {raw[0]!r}")
            players = page.locator("[data-explorer]").all()
            for root in players:
                root.scroll_into_view_if_needed()
            page.wait_for_function(PLAYERS_READY, timeout=TIMEOUT_MS)
            page.evaluate(EAGER)
            page.evaluate(UNFOLD)
            page.evaluate(REORDER)
            page.wait_for_function(IMAGES_LOADED, timeout=TIMEOUT_MS)
            broken = page.evaluate(BROKEN)
            if broken:
                raise SystemExit(f"{len(broken)} pictures did not load, the first: {broken[0]}")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            output.parent.mkdir(parents=True, exist_ok=True)
            print(f"build_pdf: the page is ready to print ({time.perf_counter() - opened:.0f} s)")
            page.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                     margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
            browser.close()
    finally:
        httpd.shutdown()
    if leaving:
        print(f"build_pdf: {len(leaving)} requests to other hosts aborted, the first: {leaving[0]}")
    return len(players)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--no-build", action="store_true", help="print the last single-page build again")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.no_build:
        folder = WORK / "_build" / "singlehtml"
        for style in ("_ext/print/nnbook-print.css", "_ext/player/nnbook-player.css"):  # the print styles as they are now
            shutil.copy2(ROOT / style, folder / "_static" / Path(style).name)
    else:
        status = fetch_site_assets.main()
        if status != 0:
            return status
        folder = build_single_page()
    built = time.perf_counter()
    players = print_pdf(folder, args.output)
    size = args.output.stat().st_size / 1e6
    print(f"build_pdf: {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output} "
          f"({size:.1f} MB, {players} explorers); single-page build {built - start:.0f} s, "
          f"printing {time.perf_counter() - built:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
