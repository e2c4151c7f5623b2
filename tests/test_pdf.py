"""The whole book as one PDF (``make pdf``, ``scripts/build_pdf.py``): every chapter, in order,
each on a page of its own; every figure and every explorer's picture; typeset math; the
step-through traces' full tables of steps; and the landing page links to the file.

What the PDF must hold is read from the book itself (``_toc.yml``, the chapters' first
headings and committed outputs), never typed here.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_pdf  # noqa: E402  (the file name and where the site serves it)

PDF = build_pdf.OUTPUT
HTML = ROOT / "_build" / "html"


def _plain(text: str) -> str:
    """Text as extracted from the PDF compares: ligatures unfolded (NFKC), one space for any run."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _squeezed(text: str) -> str:
    """No whitespace at all: a long value may wrap anywhere in a table cell."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def _title(file: str) -> str:
    """A document's title: the first ``# `` heading of the notebook or Markdown file, as rendered."""
    path = ROOT / f"{file}.ipynb"
    if path.exists():
        source = next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        source = (ROOT / f"{file}.md").read_text()
    heading = next(line for line in source.splitlines() if line.startswith("# "))
    return re.sub(r"[`*_]", "", heading[2:]).strip()


def _outputs():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                yield path.stem, cell, [o for o in cell.get("outputs", []) if "data" in o]


@pytest.fixture(scope="module")
def pdf():
    if not PDF.exists():
        pytest.fail(f"{PDF.relative_to(ROOT)} is missing: run make pdf")
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    texts = [page.extract_text() or "" for page in reader.pages]
    return reader, texts


def _outline(reader) -> list[tuple[str, int]]:
    """Every bookmark, depth first, as (title, page index)."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((_plain(item.title), reader.get_destination_page_number(item)))
    walk(reader.outline)
    return out


def test_every_chapter_opens_a_page_in_the_books_order(pdf):
    reader, texts = pdf
    titles = [_plain(_title(f)) for f in _toc_files()]
    bookmarks = _outline(reader)
    assert bookmarks and bookmarks[0][0] == _plain(_title("intro")), "the PDF opens with the book's title"
    found, pages, start = [], [], 0
    for title in titles:
        hits = [i for i, (name, _) in enumerate(bookmarks) if i >= start and re.fullmatch(
            rf"(\d+\. )?{re.escape(title)}", name)]
        assert hits, f"no bookmark for {title!r} after {found[-1:] or 'the start'} (bookmarks: {bookmarks})"
        start = hits[0] + 1
        found.append(title)
        page = bookmarks[hits[0]][1]
        assert title in _plain(texts[page])[:200], f"{title!r} does not open page {page + 1}"
        pages.append(page)
    assert pages == sorted(pages) and len(set(pages)) == len(pages), "one new page per chapter, in order"


def _image_xobjects(reader) -> int:
    """Distinct images embedded in the PDF, also those inside form XObjects."""
    seen = set()

    def walk(resources):
        xobjects = resources.get("/XObject") if resources else None
        for ref in (xobjects.get_object().values() if xobjects else ()):
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen.add(getattr(ref, "idnum", id(obj)))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))
    for page in reader.pages:
        walk(page.get("/Resources"))
    return len(seen)


def test_every_figure_and_every_explorer_is_pictured(pdf):
    reader, _ = pdf
    figures = explorers = 0
    for _, _, outputs in _outputs():
        figures += sum(any(m.startswith("image/") for m in o["data"]) for o in outputs)
        explorers += sum("data-explorer=" in o["data"].get("text/html", "") for o in outputs)
    assert figures and explorers
    assert _image_xobjects(reader) >= figures + explorers


def test_explorers_are_printed_at_a_state_with_their_read_out(pdf):
    _, texts = pdf
    text = _squeezed("".join(texts))
    for stem, _, outputs in _outputs():
        for o in outputs:
            html = o["data"].get("text/html", "")
            if "data-explorer=" in html:
                readout = BeautifulSoup(html, "html.parser").select_one(".nnbook-player-readout").get_text(" ")
                assert _squeezed(readout) in text, f"{stem}: the explorer's opening read-out is not in the PDF"


def test_math_is_typeset(pdf):
    _, texts = pdf
    for number, text in enumerate(texts, 1):
        for raw in ("$$", r"\frac", r"\begin"):
            assert raw not in text, f"raw TeX {raw!r} on page {number}"


def test_every_trace_prints_its_whole_table_of_steps(pdf):
    _, texts = pdf
    text = _squeezed("".join(texts))
    traces = 0
    for stem, _, outputs in _outputs():
        for o in outputs:
            html = o["data"].get("text/html", "")
            if "data-trace=" not in html:
                continue
            traces += 1
            steps = BeautifulSoup(html, "html.parser").select(".nnbook-trace-steps tbody tr")
            assert steps, f"{stem}: a trace without its table of steps"
            for row in steps:
                changed = row.find_all("td")[-1].get_text()
                assert _squeezed(changed) in text, f"{stem}: trace step {changed!r} is not in the PDF"
            assert _squeezed(f"All {len(steps)} steps") in text
    assert traces, "the chapters have step-through traces"


def test_landing_page_links_to_the_pdf():
    page = HTML / "intro.html"
    if not page.exists():
        pytest.fail("build the site first: make book")
    links = [a for a in BeautifulSoup(page.read_text(), "html.parser").select("main a[href]")
             if a["href"] == build_pdf.NAME]
    assert links, f"the landing page does not link to {build_pdf.NAME}"
    assert "PDF" in links[0].get_text() and "book" in links[0].get_text()
    assert (page.parent / links[0]["href"]) == PDF, "the link points at the file make pdf writes"
