"""Re-execute chapters in place: fresh kernel, top to bottom, outputs and widget state saved.

Usage: python scripts/execute_notebooks.py chapters/01_neuron.ipynb [...]

Metadata is normalised so that re-executing unchanged code gives a clean diff:
execution timings are not recorded, the kernel/language metadata is reduced to stable
fields, and the random widget model ids are renamed deterministically (in the order the
outputs and the widget state reference them).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
TIMEOUT_S = 600
# The explorers add their static player (for the site) to their output: see nnbook.explorers._player.
os.environ["NNBOOK_PLAYERS"] = "1"


def _rename_widget_models(nb, stem: str) -> None:
    """Replace random widget model ids by ids derived from the notebook name and order."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            text = json.dumps(state[model_id], sort_keys=True)
            for ref in MODEL_REF.findall(text):
                visit(ref)

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    # models no output references (rare): order them by their content
    rest = sorted(set(state) - set(order), key=lambda k: json.dumps(state[k], sort_keys=True))
    for model_id in rest:
        visit(model_id)
    new = {old: hashlib.sha1(f"{stem}:{i}".encode()).hexdigest()[:32] for i, old in enumerate(order)}
    text = json.dumps(nb)
    text = re.sub(r"[0-9a-f]{32}", lambda m: new.get(m.group(0), m.group(0)), text)
    nb.clear()
    nb.update(nbformat.from_dict(json.loads(text)))


def _normalise(nb, stem: str) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    _rename_widget_models(nb, stem)


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    ).execute()
    seconds = time.perf_counter() - start
    _normalise(nb, path.stem)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return seconds


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for p in map(Path, paths):
        seconds = execute(p)
        print(f"executed {p} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
