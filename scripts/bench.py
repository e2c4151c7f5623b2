"""Benchmarks (not timed tests): measure every budget of DESIGN.md §7 and write them down.

``make bench`` runs this script.  It measures, in one run on this machine:

* ``explorers``: each explorer's update time (compute + draw + PNG encode, what a reader
  waits for after moving a control) over ``--changes`` seeded random control changes after
  a warm-up: median and 90th percentile in ms;
* ``chapters``: the seconds to execute each chapter top to bottom in a fresh kernel of this
  environment (nbclient, outputs discarded), and their sum ``execute_all_s``;
* ``traces``: every step-through trace (``%%trace`` cell) of those executions: its chapter and
  cell, its steps, its recording time and its bytes on the page, read from the output
  metadata its display carries (``nnbook.trace.display``; the chapters are executed once for
  both parts);
* ``build_s``: the strict site build from committed outputs (``scripts/build_book.py``), into
  a temporary folder;
* ``training``: the digits MLP in NumPy, PyTorch (CPU) and scikit-learn, side by side
  (``scripts/bench_training.py``);
* ``site`` (needs ``make book``): in chromium, each static player's response from input event
  to new frame, its bytes, states and frames; every page's total transfer
  (``scripts/bench_site.py``);
* ``lighthouse`` (needs ``make book``): Lighthouse, desktop and mobile, on every page, judged
  against the budgets: the audit ``make audit`` runs alone (``scripts/audit.py``, which exits
  non-zero on a miss; here a miss is printed like any other);
* ``machine``: CPU count, processor and library versions.

The budgets are read from ``bench/budgets.json`` (the one place they are written down).  The
results go to ``bench/results.json`` (rendered by the book's appendix "How fast is this
book?") and a table is printed.  Exit status is 0 either way: a budget miss is reported,
not hidden.

Usage: python scripts/bench.py [--changes N] [--seed S]
                               [--only explorers,chapters,traces,build,training,site,lighthouse]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["NNBOOK_PLAYERS"] = "1"  # chapters build their players, as nbval and make execute do
os.environ["NNBOOK_TRACE_SECONDS"] = "1"  # traces put their recording time in their output metadata

import ipywidgets as widgets  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from nnbook.explorers import EXPLORERS as FACTORIES  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit  # noqa: E402
import bench_site  # noqa: E402
import bench_training  # noqa: E402
import build_book  # noqa: E402
import fetch_site_assets  # noqa: E402
from execute_notebooks import CurrentEnvKernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
BUDGETS = json.loads((ROOT / "bench" / "budgets.json").read_text())


def _explorer_budget(name: str) -> dict:
    network = BUDGETS["network_explorer_update_ms"]
    return network if name in network["explorers"] else BUDGETS["explorer_update_ms"]


# name (the player's data-explorer on the site): (factory, budget ms, stretch ms)
EXPLORERS = {name: (factory, _explorer_budget(name)["budget"], _explorer_budget(name)["stretch"])
             for name, factory in FACTORIES.items()}


def random_change(explorer, rng: np.random.Generator) -> dict:
    """One random control change: a numeric slider to a random value on its grid, or a choice.

    A free-text box takes one of the strings the explorer lists in ``text_examples``.
    """
    name = rng.choice(list(explorer.controls))
    control = explorer.controls[name]
    if isinstance(control, widgets.Text):
        return {name: str(rng.choice(explorer.text_examples))}
    if isinstance(control, widgets.Dropdown):
        return {name: control.options[rng.integers(len(control.options))]}
    steps = int(round((control.max - control.min) / control.step))
    exponent_or_value = control.min + control.step * int(rng.integers(steps + 1))
    if isinstance(control, widgets.FloatLogSlider):  # min, max and step are exponents of base
        return {name: control.base ** exponent_or_value}
    return {name: exponent_or_value}


def bench_explorer(factory, changes: int, seed: int) -> np.ndarray:
    """Update times in ms of ``changes`` random control changes (after 5 warm-up changes)."""
    rng = np.random.default_rng(seed)
    explorer = factory()
    for _ in range(5):  # warm-up: first draws fill caches (fonts, text layout)
        explorer.set(**random_change(explorer, rng))
    times = []
    for _ in range(changes):
        explorer.set(**random_change(explorer, rng))
        times.append(explorer.last_update_s)
    return np.array(times) * 1e3


def _verdict(value: float, budget: float, stretch: float | None, higher_is_better: bool = False) -> str:
    sign = -1 if higher_is_better else 1
    if stretch is not None and sign * value <= sign * stretch:
        return "stretch met"
    return "within budget" if sign * value <= sign * budget else "OVER BUDGET"


def _budget(key: str) -> tuple[float, float | None]:
    return BUDGETS[key]["budget"], BUDGETS[key]["stretch"]


def _judge(value: float, key: str) -> str:
    """The verdict on ``value`` against the budget ``key`` of bench/budgets.json."""
    return _verdict(value, *_budget(key), BUDGETS[key].get("higher_is_better", False))


def explorers(changes: int, seed: int) -> dict:
    out = {}
    for name, (factory, budget, stretch) in EXPLORERS.items():
        t = bench_explorer(factory, changes, seed)
        out[name] = {"median_ms": round(float(np.median(t)), 2), "p90_ms": round(float(np.percentile(t, 90)), 2),
                     "budget_ms": budget, "stretch_ms": stretch, "changes": changes}
        out[name]["verdict"] = _verdict(out[name]["median_ms"], budget, stretch)
    return out


def chapters(traces: dict | None = None) -> dict:
    """Seconds to execute each chapter in a fresh kernel (the work nbval repeats); the chapters'
    step-through traces go into ``traces`` when it is given (see :func:`traces_of`)."""
    out = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", kernel_manager_class=CurrentEnvKernelManager,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        out[path.stem] = round(time.perf_counter() - start, 2)
        if traces is not None:
            traces.update(traces_of(nb, path.stem))
    return out


def traces_of(nb, stem: str) -> dict:
    """The step-through traces of an executed notebook, judged against the budgets.

    Each trace's display carries ``{"nnbook-trace": {"steps", "bytes", "seconds"}}`` in its
    output metadata (``seconds`` only with ``NNBOOK_TRACE_SECONDS=1``, set above).  Keys read
    ``"<chapter> cell <n>"`` (n counts code cells from 1); a cell that shows two traces (the
    trace of a failed run is one) gets ``#2``.
    """
    record = BUDGETS["trace_record_ms"]
    out = {}
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for n, cell in enumerate(code_cells, 1):
        shown = [o["metadata"]["nnbook-trace"] for o in cell.get("outputs", [])
                 if "nnbook-trace" in o.get("metadata", {})]
        body = [line for line in cell.source.splitlines()[1:] if line.strip()]  # after %%trace
        for k, meta in enumerate(shown, 1):
            ms = None if meta.get("seconds") is None else round(meta["seconds"] * 1e3, 2)
            row = {"chapter": stem, "cell": n, "code": body[0].strip()[:60] if body else "",
                   "steps": meta["steps"], "record_ms": ms, "bytes": meta["bytes"]}
            row["record_verdict"] = ("not timed" if ms is None else f"not judged (over {record['max_steps']} steps)"
                                     if meta["steps"] > record["max_steps"] else _judge(ms, "trace_record_ms"))
            row["bytes_verdict"] = _judge(meta["bytes"], "trace_page_bytes")
            out[f"{stem} cell {n}" + (f" #{k}" if k > 1 else "")] = row
    return out


def report_traces(traces: dict) -> None:
    record, page = BUDGETS["trace_record_ms"], BUDGETS["trace_page_bytes"]
    print(f"\nstep-through traces: recording (budget {record['budget']} ms, stretch {record['stretch']} ms, "
          f"for <= {record['max_steps']} steps) and bytes on the page (budget {page['budget'] / 1e3:.0f} KB)")
    if not traces:
        print("  no traces in the chapters")
    for key, r in traces.items():
        ms = "–" if r["record_ms"] is None else f"{r['record_ms']:.1f}"
        print(f"{key:<26}{r['steps']:>5} steps{ms:>8} ms{r['bytes'] / 1e3:>7.1f} KB  "
              f"{r['record_verdict']}, {r['bytes_verdict']}  {r['code']}")


def build() -> float:
    """Seconds for the strict build from committed outputs, into a temporary folder (the site
    assets are fetched first, untimed, when missing)."""
    if fetch_site_assets.main() != 0:
        raise RuntimeError("fetching the site assets failed (see above)")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build_book.build(path_output=Path(tmp), check=True, capture_output=True)
        return round(time.perf_counter() - start, 2)


def site(results: dict, seed: int) -> None:
    """The built site in chromium (scripts/bench_site.py), printed against the budgets."""
    if not (ROOT / "_build" / "html" / "intro.html").exists():
        print("\nsite: build it first (make book); skipped")
        return
    results["players"], results["pages"] = bench_site.players_and_pages(changes=40, seed=seed)
    budget, stretch = _budget("player_ms")
    print(f"\nstatic players in chromium: input event -> new frame drawn (40 keyboard steps each; "
          f"budget {budget} ms, stretch {stretch} ms)")
    print(f"{'player':<12}{'median ms':>10}{'p90 ms':>8}{'kB':>7}{'states':>8}{'frames':>8}  controls")
    for name, r in results["players"].items():
        r["verdict"] = _judge(r["median_ms"], "player_ms")
        print(f"{name:<12}{r['median_ms']:>10.2f}{r['p90_ms']:>8.2f}{r['bytes'] / 1e3:>7.0f}{r['states']:>8}"
              f"{r['frames']:>8}  {', '.join(r['controls'])}  {r['verdict']}")
    budget, stretch = _budget("page_bytes")
    print(f"\npage weight, total transfer (budget {budget / 1e6:.0f} MB, stretch {stretch / 1e6:.0f} MB)")
    for path, r in results["pages"].items():
        r["verdict"] = _judge(r["bytes"], "page_bytes")
        print(f"{path:<36}{r['bytes'] / 1e6:>7.2f} MB  {r['requests']:>3} requests  {r['verdict']}")


def lighthouse(results: dict) -> None:
    """Lighthouse, desktop and mobile, on every page of the built site (scripts/audit.py)."""
    if not (ROOT / "_build" / "html" / "intro.html").exists():
        print("\nLighthouse: build the site first (make book); skipped")
        return
    print("\nLighthouse, desktop and mobile, every page, one run at a time:")
    found = audit.measure(None, ROOT / "_build" / "html", audit.PRESETS)
    if found is None:
        return
    measured, details, order = found
    results["lighthouse"] = audit.merge(results.get("lighthouse", {}), measured, order)
    audit.report(results["lighthouse"], BUDGETS, details)
    missed = audit.failures(measured, BUDGETS)
    print(f"\n{len(missed)} Lighthouse budget(s) missed" + "".join(f"\n  {line}" for line in missed))


def machine() -> dict:
    import matplotlib
    import torch

    return {
        "date": dt.date.today().isoformat(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "versions": {k: metadata.version(k) for k in
                     ("numpy", "torch", "matplotlib", "ipywidgets", "scikit-learn", "jupyter-book", "nbval")},
        "matplotlib_backend": matplotlib.get_backend(),
        "torch_threads": torch.get_num_threads(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="explorers,chapters,traces,build,training,site,lighthouse")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = machine()

    if "explorers" in parts:
        results["explorers"] = explorers(args.changes, args.seed)
        print(f"explorer update time (compute + draw + encode), {args.changes} random control changes")
        print(f"{'explorer':<20}{'median ms':>10}{'p90 ms':>9}{'budget':>8}{'stretch':>9}  verdict")
        for name, r in results["explorers"].items():
            print(f"{name:<20}{r['median_ms']:>10.1f}{r['p90_ms']:>9.1f}{r['budget_ms']:>8.0f}"
                  f"{r['stretch_ms']:>9.0f}  {r['verdict']}")
    if "chapters" in parts or "traces" in parts:
        traces: dict = {}
        executed = chapters(traces if "traces" in parts else None)
        if "traces" in parts:
            results["traces"] = traces
            report_traces(traces)
    if "chapters" in parts:
        results["chapters"] = executed
        results["execute_all_s"] = round(sum(results["chapters"].values()), 2)
        print("\nchapter execution (fresh kernel each): " +
              ", ".join(f"{k} {v:.1f} s" for k, v in results["chapters"].items()))
        budget, stretch = _budget("execute_all_s")
        print(f"all chapters: {results['execute_all_s']:.1f} s (budget {budget:.0f} s, stretch {stretch:.0f} s)"
              f" -> {_judge(results['execute_all_s'], 'execute_all_s')}")
    if "build" in parts:
        results["build_s"] = build()
        budget, stretch = _budget("build_s")
        print(f"\nstrict site build: {results['build_s']:.1f} s (budget {budget:.0f} s, stretch {stretch:.0f} s)"
              f" -> {_judge(results['build_s'], 'build_s')}")
    if "training" in parts:
        # One thread for BLAS and torch alike: a fair comparison, steady on a shared 2-core machine.
        results["training"] = bench_training.measure(repeats=3, seed=args.seed, threads=1)
        print("\ndigits MLP 64-128-10, Adam, 30 epochs (median of 3 runs, 1 thread each):")
        bench_training.report(results["training"])

    if "site" in parts:
        site(results, args.seed)
    if "lighthouse" in parts:
        lighthouse(results)

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
