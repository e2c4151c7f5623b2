"""The build's own tools: the strict build fails loudly on missing site assets or a missing
theme template copy, and ``make execute`` runs chapters in this environment's kernel.

The build tests build a one-page throwaway book in ``tmp_path`` with the book's real
``_ext/site_assets.py`` extension and the real strict command (``scripts/build_book.py``),
which is faster than the whole book and leaves ``_build`` alone.
"""
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402
import execute_notebooks  # noqa: E402

CDN = "https://cdn.jsdelivr.net/npm/katex@"  # sphinxcontrib-katex's default style sheet
BOOK = yaml.safe_load((ROOT / "_config.yml").read_text())
#: How the book renders math (``_config.yml``): KaTeX, at build time.
MATH = {key: BOOK["sphinx"]["config"][key] for key in ("html_math_renderer", "katex_prerender")}


def _tiny_book(root: Path, templates: Path = ROOT / "_templates", text: str = "A neuron computes $y = f(w x + b)$.") -> Path:
    """A book of one page with math (``text``), rendered as the book renders it, using the
    book's site_assets extension and template copy."""
    root.mkdir(exist_ok=True)
    config = {
        "title": "tiny", "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "parse": {"myst_enable_extensions": ["dollarmath"]},
        "sphinx": {"extra_extensions": ["sphinxcontrib.katex"],
                   "local_extensions": {"site_assets": str(ROOT / "_ext"), "katex_math": str(ROOT / "_ext")},
                   "config": {"templates_path": [str(templates)], **MATH}},
    }
    (root / "_config.yml").write_text(json.dumps(config))  # JSON is YAML
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (root / "index.md").write_text(f"# Tiny\n\n{text}\n")
    return root


def _build(root: Path, allow_cdn: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "NNBOOK_ALLOW_CDN"}
    if allow_cdn is not None:
        env["NNBOOK_ALLOW_CDN"] = allow_cdn
    done = build_book.build(root, capture_output=True, text=True, env=env)
    return done.returncode, done.stdout + done.stderr


def test_strict_flags_make_warnings_fatal_and_report_them_all():
    command = build_book.command()
    assert command[1:4] == ["build", str(ROOT), "--all"]
    assert {"-W", "-n", "--keep-going"} <= set(command)
    assert Path(command[0]).parent == Path(sys.executable).parent, "the jupyter-book of this environment"


def test_strict_build_without_site_assets_or_template_copy_fails_naming_them(tmp_path):
    book = _tiny_book(tmp_path / "book", templates=tmp_path / "no-templates")
    status, log = _build(book)
    assert status != 0
    assert "WARNING: site assets missing" in log
    assert ".site-assets/pins.json" in log and ".site-assets/vendor/katex/katex.min.css" in log
    assert "python scripts/fetch_site_assets.py" in log and "NNBOOK_ALLOW_CDN=1 (now unset)" in log
    assert "WARNING: theme template copy missing: static/webpack-macros.html" in log


def test_strict_build_without_site_assets_passes_when_the_reader_allows_the_cdn(tmp_path):
    book = _tiny_book(tmp_path / "book")
    status, log = _build(book, allow_cdn="1")
    assert status == 0, log[-3000:]
    assert "NNBOOK_ALLOW_CDN=1, so KaTeX's style sheet and fonts load from its CDN" in log
    assert "WARNING" not in log
    page = (book / "_build" / "html" / "index.html").read_text()
    assert CDN in page and "vendor/katex" not in page  # no preload of fonts the site does not serve


def _fetched(book: Path) -> Path:
    """Stand-ins for the fetched style sheet and fonts, with the book's pins."""
    assets = book / ".site-assets"
    (assets / "vendor" / "katex" / "fonts").mkdir(parents=True)
    (assets / "pins.json").write_text((ROOT / "_ext" / "site_assets.json").read_text())
    (assets / "vendor" / "katex" / "katex.min.css").write_text("/* stand-in for KaTeX's style sheet */\n")
    return assets


def test_fetched_site_assets_serve_katex_from_the_site_and_formulas_come_rendered(tmp_path):
    book = _tiny_book(tmp_path / "book", text=r"A neuron computes $y = f(\mathbf{w} \cdot \mathbf{x} + b)$.")
    _fetched(book)
    status, log = _build(book)
    assert status == 0, log[-3000:]
    html = book / "_build" / "html"
    page = (html / "index.html").read_text()
    assert 'href="_static/vendor/katex/katex.min.css' in page and CDN not in page
    assert (html / "_static" / "vendor" / "katex" / "katex.min.css").read_text().startswith("/* stand-in")
    # rendered while building: KaTeX's markup, MathML for screen readers, no math script
    assert '<span class="katex"><span class="katex-mathml"><math' in page
    scripts = " ".join(re.findall(r"<script[^>]*>", page)).lower()
    assert "mathjax" not in scripts and "katex" not in scripts
    # the fonts this formula uses are asked for with the page, and no others
    preloaded = set(re.findall(r'<link rel="preload" href="_static/vendor/katex/fonts/([\w-]+)\.woff2"', page))
    assert preloaded == {"KaTeX_Main-Regular", "KaTeX_Math-Italic", "KaTeX_Main-Bold"}


def test_a_formula_katex_cannot_render_fails_the_strict_build_naming_it(tmp_path):
    book = _tiny_book(tmp_path / "book", text=r"A neuron computes $y = \neuronfunction(x)$ and $\frac{1}{$.")
    _fetched(book)
    status, log = _build(book)
    assert status != 0
    assert r"index: KaTeX does not know \neuronfunction (TeX: y = \neuronfunction(x))" in log
    assert "index: KaTeX could not render a formula: ParseError: KaTeX parse error: Unexpected end of input" in log
    assert r"(TeX: \frac{1}{)" in log


def test_stale_site_assets_fail_and_only_1_allows_the_cdn(tmp_path):
    book = _tiny_book(tmp_path / "book")
    assets = book / ".site-assets"
    (assets / "vendor" / "katex").mkdir(parents=True)
    (assets / "pins.json").write_text(json.dumps({"packages": {"katex": {"version": "0.10.0"}}}))
    (assets / "vendor" / "katex" / "katex.min.css").write_text("")
    status, log = _build(book, allow_cdn="yes")
    assert status != 0
    assert ".site-assets/pins.json (stale: fetched for other pins than _ext/site_assets.json)" in log
    assert "NNBOOK_ALLOW_CDN=1 (now 'yes', not '1')" in log


def test_execute_runs_the_kernel_of_this_environment(tmp_path, monkeypatch):
    """Even where Jupyter's ``python3`` kernelspec points elsewhere (a decoy here, which would
    report its interpreter as 'decoy'), the chapters run in ``sys.executable``'s kernel, with
    NNBOOK_PLAYERS=1, and the widget state is stored with deterministic model ids."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    decoy = "import sys; sys.executable = 'decoy'; from ipykernel import kernelapp; kernelapp.launch_new_instance()"
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", decoy, "-f", "{connection_file}"],
        "display_name": "decoy", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os, sys\nprint(sys.executable)\nprint(os.environ.get('NNBOOK_PLAYERS'))"),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3)"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), path)

    execute_notebooks.execute(path)

    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].outputs[0]["text"] == f"{sys.executable}\n1\n"
    view = nb.cells[1].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert state[view["model_id"]]["model_name"] == "IntSliderModel"
    assert state[view["model_id"]]["state"]["value"] == 3
    # the displayed model comes first in the renaming, named from the notebook's stem and its rank
    assert view["model_id"] == hashlib.sha1(b"tiny:0").hexdigest()[:32]
    assert [c.execution_count for c in nb.cells] == [1, 2]


def test_build_without_the_player_files_fails_naming_them(tmp_path):
    """_ext/players.py stops the build (a copy of _ext/ here, whose player/ folder is empty)."""
    ext = shutil.copytree(ROOT / "_ext", tmp_path / "ext", ignore=shutil.ignore_patterns("nnbook-player.*"))
    book = _tiny_book(tmp_path / "book")
    config = json.loads((book / "_config.yml").read_text())
    config["sphinx"]["local_extensions"] = {"site_assets": str(ext), "players": str(ext)}
    (book / "_config.yml").write_text(json.dumps(config))
    status, log = _build(book, allow_cdn="1")
    assert status != 0
    assert f"the explorers' player needs {ext / 'player' / 'nnbook-player.js'}, " in log
    assert str(ext / "player" / "nnbook-player.css") in log


def test_a_pinned_katex_style_sheet_for_another_katex_than_the_renderer_is_a_warning(tmp_path, monkeypatch, caplog):
    """The style sheet is written for one KaTeX's markup: the pin must be the version that renders."""
    import logging

    sys.path.insert(0, str(ROOT / "_ext"))
    import katex_math
    import site_assets
    from sphinxcontrib.katex import katex_version

    with caplog.at_level(logging.WARNING):
        katex_math._check_katex_version(None, None)
    assert caplog.text == "", "the book's own pin differs from the renderer"
    pins = tmp_path / "pins.json"
    pins.write_text(json.dumps({"packages": {"katex": {"version": "0.10.0"}}}))
    monkeypatch.setattr(site_assets, "PINS", pins)
    with caplog.at_level(logging.WARNING):
        katex_math._check_katex_version(None, None)
    assert f"pins katex 0.10.0, but sphinxcontrib-katex renders with KaTeX {katex_version}" in caplog.text
