"""Lighthouse on every page of the built site, desktop and mobile, judged against the budgets.

``make audit`` runs this script (after ``make book``).  For each page of ``_toc.yml`` and each
Lighthouse preset (``desktop``; ``mobile``, Lighthouse's default) it records the four category
scores, the total byte weight, the first contentful paint and the ids of the audits that failed
in accessibility, best practices and SEO (``scripts/bench_site.py`` runs Lighthouse, one run at a
time), writes them into the ``lighthouse`` section of ``bench/results.json`` (the other sections
are kept as they are; pages not audited this time keep their last figures), prints them as a
table with a verdict per page and preset, and lists what each failed audit flagged.

The budgets are ``lighthouse`` in ``bench/budgets.json``: per preset, the pages it holds on (a
glob over the pages' paths) and a minimum score per category.  The exit status is 1 when a page
measured in this run misses its budget (each miss is named, after all results are written), so
the audit can gate a release; 2 when it could not run (no built site, no npm).

The judging functions (:func:`misses`, :func:`verdict`, :func:`budget_text`, :func:`presets_of`)
need no browser; the appendix's table (``_ext/bench_results.py``) uses them too.

Usage: python scripts/audit.py [--site DIR] [--pages intro.html,chapters/04_dot_product.html]
                               [--presets desktop,mobile] [--runs N] [--results FILE]

``--runs N`` runs each page and preset N times and keeps the run of median performance: on a
busy machine one run's performance score can be 20 points off the next one's.
"""
from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import functools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
BUDGETS = ROOT / "bench" / "budgets.json"
PRESETS = ("desktop", "mobile")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LABELS = {"performance": "performance", "accessibility": "accessibility", "best-practices": "best practices",
          "seo": "SEO"}


def presets_of(entry) -> dict:
    """``{preset: record}`` of one page's entry in the ``lighthouse`` section.

    The entry is ``{preset: record}``; an entry of the old format (one desktop record, its scores
    at the top) reads as ``{"desktop": entry}``; anything else as ``{}`` (not measured).
    """
    if not isinstance(entry, dict):
        return {}
    if "performance" in entry:  # before make audit: bench.py's desktop-only record
        return {"desktop": entry}
    return {k: v for k, v in entry.items() if isinstance(v, dict)}


def pages_text(pattern: str) -> str:
    if pattern == "*":
        return "every page"
    if pattern.endswith("/*") and "*" not in pattern[:-1]:
        return f"every page under {pattern[:-1]}"
    return f"the pages matching {pattern}"


def budget_text(budgets: dict) -> str:
    """The Lighthouse budgets in words, e.g. ``"desktop, every page: performance ≥ 90, SEO 100; ..."``."""
    parts = []
    for preset, budget in budgets["lighthouse"].items():
        minimums = ", ".join(f"{LABELS.get(k, k)} {'' if v == 100 else '≥ '}{v:g}" for k, v in budget["min"].items())
        parts.append(f"{preset}, {pages_text(budget['pages'])}: {minimums}")
    return "; ".join(parts)


def misses(page: str, preset: str, record: dict | None, budgets: dict) -> list[str] | None:
    """What ``record`` (one Lighthouse run of ``page`` in ``preset``) misses of its budget.

    ``None`` when no budget holds on that page in that preset; ``[]`` when it meets it; else one
    line per category below its minimum (or not scored: a run that failed misses everything).
    """
    budget = budgets["lighthouse"].get(preset)
    if budget is None or not fnmatch.fnmatchcase(page, budget["pages"]):
        return None
    out = []
    for category, minimum in budget["min"].items():
        score = (record or {}).get(category)
        if not isinstance(score, (int, float)):
            out.append(f"{LABELS.get(category, category)} not scored (budget {minimum:g})")
        elif score < minimum:
            out.append(f"{LABELS.get(category, category)} {score:g} < {minimum:g}")
    return out


def verdict(page: str, preset: str, record: dict | None, budgets: dict) -> str:
    if not record:
        return "not measured"
    missed = misses(page, preset, record, budgets)
    if missed is None:
        return "no budget"
    return "BUDGET MISSED: " + "; ".join(missed) if missed else "within budget"


def failures(section: dict, budgets: dict, only: set | None = None) -> list[str]:
    """``"<page> (<preset>): <miss>"`` for every budget missed in the ``lighthouse`` section
    (only the ``(page, preset)`` pairs in ``only`` when it is given)."""
    out = []
    for page, entry in section.items():
        for preset, record in presets_of(entry).items():
            if only is not None and (page, preset) not in only:
                continue
            out += [f"{page} ({preset}): {m}" for m in misses(page, preset, record, budgets) or []]
    return out


def failed_text(record: dict) -> str:
    """The failed audits of a record, ``"seo: meta-description; best-practices: errors-in-console"``."""
    failed = record.get("failed_audits")
    if failed is None:
        return "not recorded"
    text = "; ".join(f"{category}: {', '.join(ids)}" for category, ids in failed.items() if ids)
    return text or "none"


def merge(section: dict, measured: dict, order: list[str]) -> dict:
    """The ``lighthouse`` section with this run's ``{page: {preset: record}}`` in it: a page's
    presets measured now replace its old ones, the others are kept; old-format entries (one
    desktop record, from before ``make audit``) are dropped.  Pages in ``order`` first."""
    out = {page: dict(entry) for page, entry in section.items()
           if isinstance(entry, dict) and "performance" not in entry}
    for page, presets in measured.items():
        out.setdefault(page, {}).update(presets)
    rank = {page: i for i, page in enumerate(order)}
    return dict(sorted(out.items(), key=lambda item: rank.get(item[0], len(rank))))


def report(section: dict, budgets: dict, details: dict | None = None, log=print) -> None:
    """Prints the section as a table against the budgets, and what each failed audit flagged."""
    log(f"\nLighthouse (budgets: {budget_text(budgets)})")
    log(f"{'page':<38}{'preset':<9}{'perf':>5}{'a11y':>5}{'b.p.':>5}{'SEO':>5}{'FCP ms':>8}{'kB':>7}  verdict")
    score = lambda v: "–" if v is None else str(v)  # noqa: E731
    for page, entry in section.items():
        for preset, r in presets_of(entry).items():
            weight = r.get("total_byte_weight")
            kb = "–" if weight is None else f"{weight / 1e3:.0f}"
            log(f"{page:<38}{preset:<9}" + "".join(f"{score(r.get(k)):>5}" for k in CATEGORIES)
                + f"{score(r.get('first_contentful_paint_ms')):>8}{kb:>7}  {verdict(page, preset, r, budgets)}")
            if r.get("error"):
                log(f"{'':<47}run failed: {r['error']}")
            elif failed_text(r) not in ("none", "not recorded"):
                log(f"{'':<47}failed audits: {failed_text(r)}")
    flagged = {}
    for (page, preset), found in (details or {}).items():
        for audit_id, (title, *items) in found.items():
            flagged.setdefault(audit_id, [title, set(), []])
            flagged[audit_id][1].add(f"{page} ({preset})")
            kinds = {item.split(" | ")[0] for item in flagged[audit_id][2]}  # one example of each message
            for item in items:
                if item.split(" | ")[0] not in kinds and len(kinds) < 6:
                    kinds.add(item.split(" | ")[0])
                    flagged[audit_id][2].append(item)
    if flagged:
        log("\nwhat the failed audits flagged (one example of each kind, up to 6):")
        for audit_id, (title, where, items) in flagged.items():
            log(f"  {audit_id}: {title} — on {len(where)} run(s)")
            for item in items:
                log(f"      {item}")


def measure(paths: list[str] | None, site: Path, presets: tuple[str, ...], log=print, runs: int = 1):
    """Runs Lighthouse (``bench_site.lighthouse``); ``None`` when it cannot run."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_site

    found = bench_site.lighthouse(paths, site=site, presets=presets, runs=runs, log=log)
    if found is None:
        return None
    measured, details = found
    today = dt.date.today().isoformat()
    for presets_measured in measured.values():
        for record in presets_measured.values():
            record["date"] = today
    return measured, details, bench_site.pages()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built site to audit (default: _build/html)")
    parser.add_argument("--pages", help="comma-separated pages to audit, as in _toc.yml "
                        "(e.g. intro.html,chapters/04_dot_product.html); default: every page")
    parser.add_argument("--presets", default=",".join(PRESETS), help="desktop,mobile (default: both)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset, keeping the one of median "
                        "performance (default 1; 3 or 5 steady the performance score on a busy machine)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the results file (default: bench/results.json)")
    args = parser.parse_args(argv)
    presets = tuple(p for p in args.presets.split(",") if p)
    if set(presets) - set(PRESETS):
        parser.error(f"--presets: choose from {', '.join(PRESETS)}")
    paths = [p for p in args.pages.split(",") if p] if args.pages else None
    if not (args.site / "intro.html").exists():
        print(f"audit: no built site in {args.site} (run make book)")
        return 2
    missing = [p for p in paths or [] if not (args.site / p).is_file()]
    if missing:
        print(f"audit: not in {args.site}: {', '.join(missing)}")
        return 2
    budgets = json.loads(BUDGETS.read_text())
    print(f"Lighthouse on {f'{len(paths)} page(s)' if paths else 'every page'} of {args.site}, "
          f"presets {', '.join(presets)}, {args.runs} run(s) each, "
          f"one run at a time (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print("  (the machine is busy: other work lowers the performance scores; audit on an idle machine)")
    start = time.perf_counter()
    found = measure(paths, args.site, presets, runs=args.runs, log=functools.partial(print, flush=True))
    if found is None:
        return 2
    measured, details, order = found
    results = json.loads(args.results.read_text()) if args.results.exists() else {}
    results["lighthouse"] = merge(results.get("lighthouse", {}), measured, order)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    report({page: measured[page] for page in results["lighthouse"] if page in measured}, budgets, details)
    print(f"\n{args.runs * sum(len(v) for v in measured.values())} Lighthouse runs in {time.perf_counter() - start:.0f} s; "
          f"wrote the lighthouse section of {args.results}")
    missed = failures(measured, budgets)
    if missed:
        print(f"\n{len(missed)} budget(s) missed:")
        for line in missed:
            print(f"  {line}")
        return 1
    print("every audited page is within its Lighthouse budgets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
