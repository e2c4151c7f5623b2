"""Checks of the book as committed and as built: table of contents, executed chapters,
saved widget state (for Jupyter), explorer players, and what the built pages contain."""
import base64
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402  (the one strict build command)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def test_toc_and_chapters_folder_agree():
    listed = [f for f in _toc_files() if f.startswith("chapters/")]
    assert listed == sorted(listed), "chapters are listed in reading (numeric) order"
    assert sorted(listed) == sorted(f"chapters/{p.stem}" for p in CHAPTERS)


def test_glossary_is_in_the_book_and_linked_from_chapters():
    assert "glossary" in _toc_files()
    linked = [p.stem for p in CHAPTERS if "{term}`" in p.read_text()]
    assert linked == [p.stem for p in CHAPTERS], "every chapter links its key terms to the glossary"


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def notebook(request):
    return nbformat.read(request.param, as_version=4)


def test_chapter_is_committed_executed_top_to_bottom(notebook):
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code, "a chapter without code"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "re-run `make execute` (fresh kernel, in order)"
    for i, cell in enumerate(code):
        raised = any(o.output_type == "error" for o in cell.outputs)
        deliberate = "raises-exception" in cell.metadata.get("tags", [])
        assert raised == deliberate, (f"code cell {i}: " + ("an error the cell is not tagged raises-exception for"
                                                            if raised else "tagged raises-exception but raised nothing"))


def test_chapter_opens_with_a_title_and_imports(notebook):
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert "import" in first_code.source and "nnbook" in first_code.source


def test_chapter_installs_the_package_where_it_is_missing(notebook):
    """Colab or a bare Jupyter can run a chapter top to bottom: the first code cell installs
    nnbook from the repository set in _config.yml when it cannot import it."""
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    first_code = next(c for c in notebook.cells if c.cell_type == "code").source
    assert "except ModuleNotFoundError:" in first_code
    assert f'%pip install --quiet "nnbook @ git+{url}"' in first_code


def test_ignored_cells_say_why(notebook):
    """nbval only honours the bare marker line; the reason goes on the next comment line."""
    for cell in notebook.cells:
        if cell.cell_type != "code" or "NBVAL_" not in cell.source:
            continue
        lines = cell.source.splitlines()
        i = next(k for k, line in enumerate(lines) if "NBVAL_" in line)
        assert lines[i].strip() in ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_RAISES_EXCEPTION"), (
            f"{lines[i]!r}: nbval recognises only the bare marker, and skipping is not allowed"
        )
        reason = lines[i + 1].strip() if i + 1 < len(lines) else ""
        assert reason.startswith("#") and len(reason) > 10, f"say why under {lines[i]!r}"


def test_widget_state_is_saved_for_every_displayed_widget(notebook):
    views = [o.data[WIDGET_VIEW]["model_id"] for c in notebook.cells if c.cell_type == "code"
             for o in c.outputs if WIDGET_VIEW in o.get("data", {})]
    assert views, "every chapter has an explorer (DESIGN.md §2), but this one displays no widget"
    state = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    for model_id in views:
        assert model_id in state
    images = [m for m in state.values() if m["model_name"] == "ImageModel"]
    assert images, "explorers publish their figure through an Image widget"
    for image in images:
        # binary traits are saved as base64 buffers beside the JSON state
        (buffer,) = [b for b in image["buffers"] if b["path"] == ["value"]]
        png = base64.b64decode(buffer["data"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def built_site():
    if not (HTML / "index.html").exists():
        assert build_book.main([]) == 0, "the strict build failed (see its output above)"
    return HTML


def _page(site: Path, stem: str) -> BeautifulSoup:
    return BeautifulSoup((site / "chapters" / f"{stem}.html").read_text(), "html.parser")


@pytest.mark.parametrize("stem", [p.stem for p in CHAPTERS])
def test_built_page_has_figures_math_and_a_player_for_each_explorer(built_site, stem):
    page = _page(built_site, stem)
    images = [img["src"] for img in page.select("main img")]
    assert images, "no figures on the page"
    for src in images:
        if not src.startswith("data:"):
            assert (built_site / "chapters" / src).resolve().exists(), src
    assert page.select("main .math"), "no math on the page"
    nb = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
    names = [_player_name(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs if _player_name(o)]
    assert [p["data-explorer"] for p in page.select("main [data-explorer]")] == names
    # no widget is left on the site: no views, no saved state, no widget manager
    assert page.find("script", type=WIDGET_VIEW) is None and page.find("script", type=WIDGET_STATE) is None
    assert not page.select(".jupyter-widgets, .widget-slider, .widget-dropdown")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert not any("embed-amd" in s or "require.js" in s or "html-manager" in s for s in scripts)
    assert any("nnbook-player.js" in s for s in scripts), "the player's script is missing"


def _player_name(output) -> str | None:
    html = output.get("data", {}).get("text/html", "")
    if "data-explorer=" not in html:
        return None
    return BeautifulSoup(html, "html.parser").select_one("[data-explorer]")["data-explorer"]


def _is_explorer(output) -> bool:
    """A widget view that is not a step-through trace's (those carry ``nnbook-trace`` metadata)."""
    return WIDGET_VIEW in output.get("data", {}) and "nnbook-trace" not in output.get("metadata", {})


def test_every_explorer_cell_carries_the_live_widget_and_the_player():
    from nnbook.explorers import EXPLORERS

    found = []
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code" and any(_is_explorer(o) for o in c.outputs)]
        assert len(cells) == 1, f"{path.stem}: one explorer cell per chapter"
        (output,) = [o for o in cells[0].outputs if _is_explorer(o)]
        name = _player_name(output)
        assert name in EXPLORERS, f"{path.stem}: the explorer's output has no static player"
        assert output["data"]["text/plain"].startswith(EXPLORERS[name].__name__ + "(")
        found.append(name)
    assert found == list(EXPLORERS), "one explorer per chapter, in the book's order"


def test_pages_without_an_explorer_load_no_player(built_site):
    for page_path in ("intro.html", "glossary.html", "appendix/performance.html"):
        page = BeautifulSoup((built_site / page_path).read_text(), "html.parser")
        scripts = [s.get("src", "") for s in page.find_all("script")]
        assert not any("nnbook-player" in s for s in scripts), page_path
        assert not page.select("[data-explorer]")


def test_notebooks_stay_reviewable():
    total = sum(p.stat().st_size for p in CHAPTERS)
    assert total <= 25_000_000, f"the chapters weigh {total / 1e6:.1f} MB together (at most 25 MB)"


@pytest.mark.parametrize("stem", [p.stem for p in CHAPTERS])
def test_chapter_has_numbered_exercises_with_folded_solutions(built_site, stem):
    page = _page(built_site, stem)
    exercises = page.select("main div.exercise")
    solutions = page.select("main div.solution")
    assert len(exercises) >= 3 and len(solutions) == len(exercises)
    assert all("dropdown" in s["class"] for s in solutions)
    number = int(stem[:2])
    titles = [e.select_one(".admonition-title").get_text(" ", strip=True) for e in exercises]
    assert all(t.startswith(f"Exercise {number}.") for t in titles), titles[:2]


@pytest.mark.parametrize("stem", [p.stem for p in CHAPTERS])
def test_readers_are_told_where_the_explorer_is_fully_live(stem):
    text = " ".join(c.source for c in nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", 4).cells
                    if c.cell_type == "markdown")
    assert re.search(r"Binder|JupyterLab|make lab", text), "say where every control of the explorer is live"


def test_landing_page_links_every_chapter(built_site):
    page = BeautifulSoup((built_site / "intro.html").read_text(), "html.parser")  # index.html redirects here
    links = {a["href"] for a in page.select("nav a[href]")}
    for stem in (p.stem for p in CHAPTERS):
        assert any(f"chapters/{stem}.html" in href for href in links), stem


def test_performance_appendix_shows_the_measured_figures(built_site):
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    page = BeautifulSoup((built_site / "appendix" / "performance.html").read_text(), "html.parser")
    text = page.select_one("main").get_text(" ")
    for name, r in results["explorers"].items():
        assert name in text and f"{r['median_ms']:.1f}" in text
    assert f"{results['execute_all_s']:.1f}" in text and f"{results['build_s']:.1f}" in text


def test_theme_template_copy_only_drops_fontawesome_js():
    """_templates/static/webpack-macros.html is the installed theme's, less fontawesome.js."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    ours = (ROOT / "_templates" / "static" / "webpack-macros.html").read_text()
    theirs = (theme / "webpack-macros.html").read_text()
    body = lambda text: re.sub(r"^<!--.*?-->\s*", "", text, flags=re.S)  # noqa: E731  (the header comment)
    dropped = [line for line in body(theirs).splitlines() if line not in body(ours).splitlines()]
    assert dropped and all("fontawesome" in line or "custom icons" in line for line in dropped), dropped
    assert [line for line in body(ours).splitlines() if line not in body(theirs).splitlines()] == []


def test_built_pages_do_not_load_fontawesome_js(built_site):
    for page in (built_site / "intro.html", built_site / "chapters" / "01_neuron.html"):
        assert "fontawesome.js" not in page.read_text()


IMAGE = re.compile(r"image/")
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:[.,]\d+)*(?:e[-−]?\d+)?")
VAGUE_REFERENCE = re.compile(r"\b(?:the|this) (?:figure|plot|picture|diagram|chart|graph) (?:above|below)\b", re.I)


def _figure_cells(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(IMAGE.match(m) for o in cell.outputs for m in o.get("data", {})):
            yield i, cell


def _numbers(text: str) -> set[str]:
    return {n.replace("−", "-").replace(",", "") for n in NUMBER.findall(text)}


def _matches(number: str, known: list[float]) -> bool:
    """Whether ``number`` is one of ``known`` rounded as written (0.525 for 0.5250, 4.73e-4 for
    4.73e-04)."""
    from decimal import Decimal

    d = Decimal(number)
    half = Decimal(1).scaleb(d.as_tuple().exponent) / 2
    return any(abs(Decimal(repr(k)) - abs(d)) <= half for k in known)


def test_every_figure_has_alt_text_a_caption_and_a_name(notebook):
    """The book's one way to describe a figure: cell metadata ``mystnb.image.alt`` and
    ``mystnb.figure.caption``/``name`` (myst-nb makes the output a numbered figure)."""
    figures = list(_figure_cells(notebook))
    assert figures, "a chapter without figures"
    for i, cell in figures:
        meta = cell.metadata.get("mystnb", {})
        alt = meta.get("image", {}).get("alt", "")
        figure = meta.get("figure", {})
        assert len(alt.split()) >= 8, f"code cell {i}: alt text missing or too short: {alt!r}"
        assert figure.get("caption", "").strip().endswith("."), f"code cell {i}: caption missing: {figure}"
        assert re.fullmatch(r"fig-\d\d-[a-z0-9-]+", figure.get("name", "")), f"code cell {i}: name {figure.get('name')!r}"
        assert alt.strip() != figure["caption"].strip(), f"code cell {i}: the alt text only repeats the caption"
        shown = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
        assert len(shown) == 1, f"code cell {i}: {len(shown)} display outputs would each become the same figure"


def test_figure_names_are_unique_and_the_prose_refers_by_number():
    names = [c.metadata["mystnb"]["figure"]["name"] for p in CHAPTERS
             for _, c in _figure_cells(nbformat.read(p, as_version=4)) if "mystnb" in c.metadata]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                vague = VAGUE_REFERENCE.search(cell.source)
                assert vague is None, f"{path.stem} cell {i}: {vague.group(0)!r}; refer by number with {{numref}}"


def test_numbers_in_alt_text_come_from_the_notebook(notebook):
    """Alt text may only repeat numbers the chapter's code, outputs or prose already hold:
    a number typed into a description alone could go stale when the chapter is re-run."""
    found: set[str] = set()
    for cell in notebook.cells:
        found |= _numbers(cell.source)
        for o in cell.get("outputs", []):
            found |= _numbers(o.get("text", "") + "".join(o.get("data", {}).get("text/plain", "")))
    known = sorted({abs(float(n)) for n in found})
    for i, cell in _figure_cells(notebook):
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        unknown = {n for n in _numbers(alt) if not _matches(n, known)}
        assert not unknown, f"code cell {i}: alt text numbers found nowhere else in the chapter: {sorted(unknown)}"


def _theme_template(name: str) -> str:
    import pydata_sphinx_theme

    return (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / name).read_text()


def _without_comments(text: str) -> list[str]:
    return [line.strip() for line in re.sub(r"\{#.*?#\}", "", text, flags=re.S).splitlines() if line.strip()]


def test_search_button_copy_only_drops_the_aria_label():
    """_templates/search-button-field.html is the installed theme's, with the accessible name
    taken from the visible text (no aria-label), the shortcut declared, the icon hidden."""
    theirs = _without_comments(_theme_template("components/search-button-field.html"))
    ours = _without_comments((ROOT / "_templates" / "search-button-field.html").read_text())
    normalise = lambda line: re.sub(r' (aria-label|aria-keyshortcuts|aria-hidden)="[^"]*"', "", line)  # noqa: E731
    assert [normalise(x) for x in ours] == [normalise(x) for x in theirs]
    assert "aria-label" in theirs[0] and "aria-label" not in ours[0]


def test_layout_copy_only_defers_the_search_scripts():
    """_templates/layout.html repeats the theme's extrahead block with the search scripts deferred."""
    theirs = _theme_template("layout.html")
    block = re.search(r"\{%- block extrahead %\}(.*?)\{%- endblock extrahead %\}", theirs, re.S).group(1)
    scripts = re.findall(r"<script src=\"([^\"]+)\"></script>", block)
    assert len(scripts) == 3
    ours = (ROOT / "_templates" / "layout.html").read_text()
    for src in scripts:
        assert f'<script defer src="{src}"></script>' in ours
    for line in _without_comments(block):
        if "<script" not in line and "{%" not in line and "{#" not in line:
            assert line in ours, line
