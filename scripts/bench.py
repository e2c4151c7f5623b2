"""Benchmarks (not timed tests): print each explorer's update time against its budget.

An update is what a reader waits for after moving a control: compute + draw + PNG encode
(``Explorer.update``).  Each explorer gets ``--changes`` random control changes (default
50, seeded) after a warm-up; the median and 90th percentile are printed with the budget
from DESIGN.md §7.  Exit status is 0 either way: a budget miss is reported, not hidden.

Usage: python scripts/bench.py [--changes N] [--seed S]
"""
from __future__ import annotations

import argparse
import os
import platform

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402

from nnbook.explorers import NeuronExplorer  # noqa: E402
from nnbook.explorers import ActivationExplorer  # noqa: E402
from nnbook.explorers import BoundaryExplorer  # noqa: E402
from nnbook.explorers import DotExplorer, MatmulExplorer  # noqa: E402
from nnbook.explorers import BroadcastExplorer  # noqa: E402
from nnbook.explorers import MLPExplorer  # noqa: E402
from nnbook.explorers import TrainingExplorer  # noqa: E402

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


def bench(factory, changes: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    explorer = factory()
    for _ in range(5):  # warm-up: first draws fill caches (fonts, text layout)
        explorer.set(**random_change(explorer, rng))
    times = []
    for _ in range(changes):
        explorer.set(**random_change(explorer, rng))
        times.append(explorer.last_update_s)
    return np.array(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"explorer update time (compute + draw + encode), {args.changes} random control changes, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"{'explorer':<18}{'median ms':>10}{'p90 ms':>9}{'budget':>9}{'stretch':>9}  verdict")
    for name, (factory, budget, stretch) in EXPLORERS.items():
        t = bench(factory, args.changes, args.seed)
        median, p90 = np.median(t), np.percentile(t, 90)
        verdict = "stretch met" if median <= stretch else "within budget" if median <= budget else "OVER BUDGET"
        print(f"{name:<18}{median:>10.1f}{p90:>9.1f}{budget:>9.0f}{stretch:>9.0f}  {verdict}")


if __name__ == "__main__":
    main()
