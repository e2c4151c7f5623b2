"""Benchmarks (not timed tests): measure every budget of DESIGN.md §7 and write them down.

``make bench`` runs this script.  It measures, in one run on this machine:

* ``explorers``: each explorer's update time (compute + draw + PNG encode, what a reader
  waits for after moving a control) over ``--changes`` seeded random control changes after
  a warm-up: median and 90th percentile in ms;
* ``chapters``: the seconds to execute each chapter top to bottom in a fresh kernel
  (nbclient, outputs discarded), and their sum ``execute_all_s``;
* ``build_s``: the strict site build from committed outputs, into a temporary folder;
* ``training``: the digits MLP in NumPy, PyTorch (CPU) and scikit-learn, side by side
  (``scripts/bench_training.py``);
* ``machine``: CPU count, processor and library versions.

The results go to ``bench/results.json`` (rendered by the book's appendix "How fast is this
book?") and a table is printed.  Exit status is 0 either way: a budget miss is reported,
not hidden.

Usage: python scripts/bench.py [--changes N] [--seed S] [--only explorers,chapters,build,training]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from nnbook.explorers import (  # noqa: E402
    ActivationExplorer, BoundaryExplorer, BroadcastExplorer, DotExplorer, MatmulExplorer,
    MLPExplorer, NeuronExplorer, TrainingExplorer,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_training  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"

# name: (factory, budget ms, stretch ms) — DESIGN.md §7
EXPLORERS = {
    "neuron (ch. 1)": (NeuronExplorer, 50.0, 16.0),
    "activation (ch. 2)": (ActivationExplorer, 50.0, 16.0),
    "boundary (ch. 3)": (BoundaryExplorer, 50.0, 16.0),
    "dot (ch. 4)": (DotExplorer, 50.0, 16.0),
    "matmul (ch. 5)": (MatmulExplorer, 50.0, 16.0),
    "broadcast (ch. 6)": (BroadcastExplorer, 50.0, 16.0),
    "mlp (ch. 7)": (MLPExplorer, 150.0, 50.0),
    "training (ch. 8)": (TrainingExplorer, 150.0, 50.0),
}
BUDGETS = {"execute_all_s": (120.0, 60.0), "build_s": (30.0, 10.0), "training_numpy_s": (5.0, None)}


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


def _verdict(value: float, budget: float, stretch: float | None) -> str:
    if stretch is not None and value <= stretch:
        return "stretch met"
    return "within budget" if value <= budget else "OVER BUDGET"


def explorers(changes: int, seed: int) -> dict:
    out = {}
    for name, (factory, budget, stretch) in EXPLORERS.items():
        t = bench_explorer(factory, changes, seed)
        out[name] = {"median_ms": round(float(np.median(t)), 2), "p90_ms": round(float(np.percentile(t, 90)), 2),
                     "budget_ms": budget, "stretch_ms": stretch, "changes": changes}
        out[name]["verdict"] = _verdict(out[name]["median_ms"], budget, stretch)
    return out


def chapters() -> dict:
    """Seconds to execute each chapter in a fresh kernel (the work nbval repeats)."""
    out = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        out[path.stem] = round(time.perf_counter() - start, 2)
    return out


def build() -> float:
    """Seconds for the strict build from committed outputs, into a temporary folder."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([str(jupyter_book), "build", str(ROOT), "--all", "-W", "-n", "--keep-going",
                        "--path-output", tmp], check=True, capture_output=True)
        return round(time.perf_counter() - start, 2)


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
    parser.add_argument("--only", default="explorers,chapters,build,training")
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
    if "chapters" in parts:
        results["chapters"] = chapters()
        results["execute_all_s"] = round(sum(results["chapters"].values()), 2)
        print("\nchapter execution (fresh kernel each): " +
              ", ".join(f"{k} {v:.1f} s" for k, v in results["chapters"].items()))
        budget, stretch = BUDGETS["execute_all_s"]
        print(f"all chapters: {results['execute_all_s']:.1f} s (budget {budget:.0f} s, stretch {stretch:.0f} s)"
              f" -> {_verdict(results['execute_all_s'], budget, stretch)}")
    if "build" in parts:
        results["build_s"] = build()
        budget, stretch = BUDGETS["build_s"]
        print(f"\nstrict site build: {results['build_s']:.1f} s (budget {budget:.0f} s, stretch {stretch:.0f} s)"
              f" -> {_verdict(results['build_s'], budget, stretch)}")
    if "training" in parts:
        # One thread for BLAS and torch alike: a fair comparison, steady on a shared 2-core machine.
        results["training"] = bench_training.measure(repeats=3, seed=args.seed, threads=1)
        print("\ndigits MLP 64-128-10, Adam, 30 epochs (median of 3 runs, 1 thread each):")
        bench_training.report(results["training"])

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
