"""The Lighthouse audit's parts that need no browser: the verdicts against the budgets
(scripts/audit.py), what is kept of a Lighthouse report (scripts/bench_site.py), the
read-modify-write of bench/results.json and the appendix's table (_ext/bench_results.py)."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "_ext"))
import audit  # noqa: E402
import bench_results  # noqa: E402
import bench_site  # noqa: E402

BUDGETS = {"lighthouse": {
    "desktop": {"pages": "*", "min": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}},
    "mobile": {"pages": "chapters/*", "min": {"performance": 70}},
}}
PERFECT = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100,
           "total_byte_weight": 900_000, "first_contentful_paint_ms": 700,
           "failed_audits": {"accessibility": [], "best-practices": [], "seo": []}}


def _run(**scores) -> dict:
    return {**PERFECT, **scores}


def test_the_budgets_file_has_the_lighthouse_budgets_in_the_form_the_audit_reads():
    budgets = json.loads((ROOT / "bench" / "budgets.json").read_text())
    assert set(budgets["lighthouse"]) == set(audit.PRESETS)
    for budget in budgets["lighthouse"].values():
        assert isinstance(budget["pages"], str) and set(budget["min"]) <= set(audit.CATEGORIES)
    assert "desktop" in audit.budget_text(budgets) and "mobile" in audit.budget_text(budgets)


def test_a_page_missing_a_budget_is_reported_and_one_meeting_it_is_not():
    section = {
        "intro.html": {"desktop": _run(), "mobile": _run(performance=40)},  # mobile: no budget off chapters/
        "chapters/01_neuron.html": {"desktop": _run(seo=91), "mobile": _run(performance=69)},
        "chapters/02_activations.html": {"desktop": _run(performance=90), "mobile": _run(performance=70)},
    }
    assert audit.failures(section, BUDGETS) == ["chapters/01_neuron.html (desktop): SEO 91 < 100",
                                                "chapters/01_neuron.html (mobile): performance 69 < 70"]
    assert audit.verdict("intro.html", "mobile", section["intro.html"]["mobile"], BUDGETS) == "no budget"
    assert audit.verdict("intro.html", "desktop", section["intro.html"]["desktop"], BUDGETS) == "within budget"
    assert audit.verdict("chapters/01_neuron.html", "mobile", section["chapters/01_neuron.html"]["mobile"],
                         BUDGETS).startswith("BUDGET MISSED: performance 69 < 70")
    assert audit.misses("chapters/02_activations.html", "mobile", _run(performance=70), BUDGETS) == []
    # only the runs of this audit are judged
    assert audit.failures(section, BUDGETS, only={("intro.html", "desktop")}) == []


def test_a_failed_run_misses_every_budget_of_its_page():
    missed = audit.misses("glossary.html", "desktop", {"error": "NO_FCP"}, BUDGETS)
    assert len(missed) == 4 and all("not scored" in m for m in missed)
    assert audit.verdict("glossary.html", "desktop", None, BUDGETS) == "not measured"


def test_old_format_entries_read_as_desktop_and_are_dropped_on_merge():
    old = {"performance": 94, "accessibility": 100, "best-practices": 96, "seo": 91, "verdict": "stretch met"}
    assert audit.presets_of(old) == {"desktop": old}
    assert audit.presets_of(None) == {} and audit.presets_of([1, 2]) == {}
    section = {"chapters/01_neuron.html": old, "glossary.html": {"desktop": _run(), "mobile": _run()}}
    merged = audit.merge(section, {"intro.html": {"mobile": _run(performance=50)},
                                   "glossary.html": {"desktop": _run(seo=80)}},
                         order=["intro.html", "chapters/01_neuron.html", "glossary.html"])
    assert list(merged) == ["intro.html", "glossary.html"]
    assert merged["glossary.html"]["desktop"]["seo"] == 80 and merged["glossary.html"]["mobile"] == _run()


def test_a_lighthouse_report_keeps_scores_weight_fcp_and_the_failed_weighted_audits():
    refs = lambda *ids: [{"id": i, "weight": w} for i, w in ids]  # noqa: E731
    report = {
        "lighthouseVersion": "12.8.2", "environment": {"benchmarkIndex": 1200},
        "categories": {"performance": {"score": 0.28, "auditRefs": []},
                       "accessibility": {"score": 1, "auditRefs": refs(("image-alt", 10), ("label", 7))},
                       "best-practices": {"score": 0.96, "auditRefs": refs(("errors-in-console", 1),
                                                                            ("inspector-issues", 0))},
                       "seo": {"score": None, "auditRefs": refs(("meta-description", 1), ("hreflang", 1))}},
        "audits": {"image-alt": {"score": 1, "title": "ok"}, "label": {"score": None, "title": "n/a"},
                   "errors-in-console": {"score": 0, "title": "Browser errors were logged to the console",
                                         "details": {"items": [{"description": "404", "sourceLocation":
                                                                {"url": "http://x/favicon.ico"}}]}},
                   "inspector-issues": {"score": 0, "title": "weight 0"},
                   "meta-description": {"score": 0, "title": "Document does not have a meta description"},
                   "hreflang": {"score": 1, "title": "ok"},
                   "total-byte-weight": {"numericValue": 2625197},
                   "first-contentful-paint": {"numericValue": 8590.35}},
    }
    record, details = bench_site.lighthouse_record(report)
    assert record["performance"] == 28 and record["accessibility"] == 100 and record["seo"] is None
    assert record["total_byte_weight"] == 2625197 and record["first_contentful_paint_ms"] == 8590
    assert record["failed_audits"] == {"accessibility": [], "best-practices": ["errors-in-console"],
                                       "seo": ["meta-description"]}
    assert details["errors-in-console"][0] == "Browser errors were logged to the console"
    assert "favicon.ico" in details["errors-in-console"][1]


def test_the_appendix_table_shows_scores_failed_audits_and_a_verdict_per_page_and_preset():
    results = {
        "lighthouse": {
            "chapters/01_neuron.html": {
                "desktop": _run(seo=91, failed_audits={"accessibility": [], "best-practices": [],
                                                       "seo": ["meta-description"]}),
                "mobile": _run(performance=27, first_contentful_paint_ms=8590)},
            "chapters/02_activations.html": {"performance": 90, "accessibility": 100, "best-practices": 96,
                                             "seo": 91, "verdict": "stretch met"},  # old format
        },
        "pages": {"intro.html": {"bytes": 1, "requests": 1}},  # weighed, never audited
    }
    table = bench_results.lighthouse_table(results, BUDGETS)
    rows = [[entry.astext() for entry in row] for row in table.findall(bench_results.nodes.row)]
    header, *body = rows
    assert header[:2] == ["page", "preset"] and header[-1] == "verdict"
    by_key = {(r[0], r[1]): r for r in body}
    assert len(body) == 6
    neuron = by_key[("chapters/01_neuron.html", "desktop")]
    assert neuron[2:6] == ["95", "100", "100", "91"] and "seo: meta-description" in neuron[-2]
    assert neuron[-1] == "BUDGET MISSED: SEO 91 < 100"
    assert by_key[("chapters/01_neuron.html", "mobile")][-1] == "BUDGET MISSED: performance 27 < 70"
    assert by_key[("chapters/02_activations.html", "desktop")][-2:] == ["not recorded",
                                                                         "BUDGET MISSED: best practices 96 < 100; "
                                                                         "SEO 91 < 100"]
    for key in [("chapters/02_activations.html", "mobile"), ("intro.html", "desktop"), ("intro.html", "mobile")]:
        assert by_key[key][-1] == "not measured"
    title = table.children[0].astext()
    assert "performance ≥ 90" in title and "every page under chapters/: performance ≥ 70" in title


@pytest.mark.parametrize("results", [{}, {"lighthouse": None}, {"lighthouse": [1]}, {"lighthouse": {"x.html": 3}}])
def test_the_appendix_table_says_not_measured_for_what_it_cannot_read(results):
    table = bench_results.lighthouse_table(results, BUDGETS)
    assert "not measured" in table.astext()


def test_the_audit_writes_only_its_section_and_exits_non_zero_naming_the_miss(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    (site / "chapters").mkdir(parents=True)
    (site / "intro.html").write_text("<html></html>")
    (site / "chapters" / "04_dot_product.html").write_text("<html></html>")
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"explorers": {"dot": {"median_ms": 1.0}}, "build_s": 9.4}))
    measured = {"intro.html": {"desktop": _run()}, "chapters/04_dot_product.html": {"desktop": _run(seo=91)}}
    monkeypatch.setattr(audit, "measure", lambda *args, **kwargs: (measured, {}, list(measured)))
    monkeypatch.setattr(audit, "BUDGETS", tmp_path / "budgets.json")
    audit.BUDGETS.write_text(json.dumps(BUDGETS))
    status = audit.main(["--site", str(site), "--pages", "intro.html,chapters/04_dot_product.html",
                         "--presets", "desktop", "--results", str(results)])
    written = json.loads(results.read_text())
    assert status == 1 and "chapters/04_dot_product.html (desktop): SEO 91 < 100" in capsys.readouterr().out
    assert written["explorers"] == {"dot": {"median_ms": 1.0}} and written["build_s"] == 9.4
    assert written["lighthouse"] == measured
    measured["chapters/04_dot_product.html"]["desktop"]["seo"] = 100
    assert audit.main(["--site", str(site), "--presets", "desktop", "--results", str(results)]) == 0
    assert audit.main(["--site", str(tmp_path / "nowhere"), "--results", str(results)]) == 2


def test_several_runs_keep_the_run_of_median_performance():
    runs = [_run(performance=70, seo=91), {"error": "NO_FCP"}, _run(performance=93), _run(performance=88)]
    kept = bench_site.median_run(runs)
    assert kept["performance"] == 70 and kept["seo"] == 91 and kept["performance_runs"] == [70, None, 93, 88]
    assert bench_site.median_run(runs[2:3]) == runs[2]
