"""Sphinx extension: the ``bench-results`` directive renders ``bench/results.json`` as tables
(explorer updates, static players, page weights, Lighthouse scores with a verdict per page and
preset, step-through traces, chapters, build, training).

``make bench`` writes the JSON (scripts/bench.py; its ``lighthouse`` section also ``make audit``,
scripts/audit.py); the appendix page "How fast is this book?" shows it with::

    ```{bench-results}
    ```

so the published figures are always the measured ones, with the machine they came from.  The
budgets in the tables' titles are read from ``bench/budgets.json``, the file ``scripts/bench.py``
judges the measurements against; the Lighthouse verdicts are judged here, when the page is built,
against the budgets as they are then, by the functions ``scripts/audit.py`` judges with.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def _table(title: str, header: list[str], rows: list[list[str]]) -> nodes.table:
    table = nodes.table(classes=["bench-results"])
    table += nodes.title(text=title)
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head, body = nodes.thead(), nodes.tbody()
    for cells, parent in [(header, head), *[(r, body) for r in rows]]:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=str(cell))
            row += entry
        parent += row
    group += head
    group += body
    return table


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def _goal(budgets: dict, key: str, unit: str = "", scale: float = 1.0) -> str:
    """``"budget 16 ms, stretch 4 ms"`` for ``budgets[key]``, values divided by ``scale``."""
    entry = budgets[key]
    text = f"budget {entry['budget'] / scale:g}{unit}"
    return text if entry["stretch"] is None else f"{text}, stretch {entry['stretch'] / scale:g}{unit}"


def _audit():
    """scripts/audit.py, whose functions judge the Lighthouse scores against the budgets."""
    spec = importlib.util.spec_from_file_location("nnbook_audit", Path(__file__).resolve().parents[1] / "scripts"
                                                  / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lighthouse_table(results: dict, budgets: dict) -> nodes.table:
    """Every page's Lighthouse figures, one row per preset, with the verdict against ``budgets``.

    Pages come from the ``lighthouse`` section, then any other page of ``pages``; a page or a
    preset with no figures (or a section in a form this does not read) says "not measured".
    """
    audit = _audit()
    section = results.get("lighthouse")
    section = section if isinstance(section, dict) else {}
    order = list(section) + [p for p in results.get("pages", {}) if p not in section]
    presets = list(budgets["lighthouse"])
    rows = []
    for page in order:
        measured = audit.presets_of(section.get(page))
        for preset in presets + [p for p in measured if p not in presets]:
            rec = measured.get(preset)
            if not rec:
                rows.append([page, preset, *["–"] * 7, "not measured"])
                continue
            score = lambda k: "–" if rec.get(k) is None else str(rec[k])  # noqa: E731
            weight = rec.get("total_byte_weight")
            rows.append([page, preset, *(score(k) for k in audit.CATEGORIES),
                         score("first_contentful_paint_ms"), "–" if weight is None else f"{weight / 1e6:.2f}",
                         f"run failed: {rec['error']}" if rec.get("error") else audit.failed_text(rec),
                         audit.verdict(page, preset, rec, budgets)])
    if not rows:
        rows.append(["–", "–", *["–"] * 7, "not measured (run make audit)"])
    return _table(f"Lighthouse on every page, desktop and mobile presets (budgets: {audit.budget_text(budgets)})",
                  ["page", "preset", "performance", "accessibility", "best practices", "SEO",
                   "first contentful paint ms", "MB", "failed audits", "verdict"], rows)


class BenchResults(SphinxDirective):
    """Tables of explorers, chapters, build and training figures from bench/results.json."""

    def run(self):
        path = Path(self.env.srcdir) / "bench" / "results.json"
        budgets_path = path.with_name("budgets.json")
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(budgets_path))
        self.env.note_dependency(str(Path(__file__).resolve().parents[1] / "scripts" / "audit.py"))
        if not path.exists():
            return [nodes.paragraph(text="No benchmark results yet: run `make bench`.")]
        r = json.loads(path.read_text())
        b = json.loads(budgets_path.read_text())
        out = []
        if "explorers" in r:
            out.append(_table("One explorer update (compute + draw + encode)",
                              ["explorer", "median ms", "p90 ms", "budget ms", "stretch ms", "verdict"],
                              [[k, _ms(v["median_ms"]), _ms(v["p90_ms"]), _ms(v["budget_ms"]),
                                _ms(v["stretch_ms"]), v["verdict"]] for k, v in r["explorers"].items()]))
        if "players" in r:
            out.append(_table("The static players in chromium: from a control's input event to the new "
                              f"frame drawn ({_goal(b, 'player_ms', ' ms')})",
                              ["player", "page", "controls (values)", "states", "frames", "kB",
                               "median ms", "p90 ms"],
                              [[k, v["page"], ", ".join(v["controls"]), str(v["states"]), str(v["frames"]),
                                f"{v['bytes'] / 1e3:.0f}", f"{v['median_ms']:.2f}", f"{v['p90_ms']:.2f}"]
                               for k, v in r["players"].items()]))
        if "pages" in r:
            rows = []
            for page, v in r["pages"].items():
                raw = v.get("uncompressed_bytes")
                rows.append([page, f"{v['bytes'] / 1e6:.2f}", "–" if raw is None else f"{raw / 1e6:.2f}",
                             str(v["requests"])])
            out.append(_table("Every page: total transfer as a static host serves it, gzip-compressed text "
                              f"({_goal(b, 'page_bytes', ' MB', 1e6)}), and the same uncompressed",
                              ["page", "MB", "MB uncompressed", "requests"], rows))
        if "lighthouse" in b:
            out.append(lighthouse_table(r, b))
        if "traces" in r:
            record = b["trace_record_ms"]
            out.append(_table("The step-through traces of the chapters: recording time (budget "
                              f"{record['budget']:g} ms, stretch {record['stretch']:g} ms, for traces of at most "
                              f"{record['max_steps']} steps) and bytes on the page "
                              f"({_goal(b, 'trace_page_bytes', ' KB', 1e3)})",
                              ["chapter", "cell", "code", "steps", "recording ms", "kB", "verdict"],
                              [[v["chapter"], str(v["cell"]), v["code"], str(v["steps"]), _ms(v["record_ms"]),
                                f"{v['bytes'] / 1e3:.1f}", f"{v['record_verdict']}; {v['bytes_verdict']}"]
                               for v in r["traces"].values()]))
        if "chapters" in r:
            rows = [[k, f"{v:.1f}"] for k, v in r["chapters"].items()]
            rows.append([f"all chapters ({_goal(b, 'execute_all_s', ' s')})", f"{r['execute_all_s']:.1f}"])
            if "build_s" in r:
                rows.append([f"strict site build ({_goal(b, 'build_s', ' s')})", f"{r['build_s']:.1f}"])
            out.append(_table("Executing the chapters in a fresh kernel, and building the site",
                              ["what", "seconds"], rows))
        if "training" in r:
            numpy = b["training_numpy_s"]
            out.append(_table("The digits MLP (64-128-10, Adam, 30 epochs) trained three ways; budget "
                              f"for NumPy: {numpy['min_test_accuracy'] * 100:g} % in {numpy['budget']:g} s",
                              ["implementation", "seconds (median)", "test accuracy"],
                              [[k, f"{v['seconds']:.2f}", f"{v['test_accuracy']:.2%}"]
                               for k, v in r["training"].items()]))
        if "machine" in r:
            m = r["machine"]
            rows = [["measured on", m.get("date", "?")], ["CPU cores", str(m["cpu_count"])],
                    ["processor", m["processor"]], ["Python", m["python"]],
                    *[[k, v] for k, v in m["versions"].items()]]
            out.append(_table("The machine", ["what", "value"], rows))
        return out


def setup(app):
    app.add_directive("bench-results", BenchResults)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
