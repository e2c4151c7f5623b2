"""Re-execute chapters in place: fresh kernel, top to bottom, outputs and widget state saved.

Usage: python scripts/execute_notebooks.py chapters/01_neuron.ipynb [...]

The kernel is this interpreter's own (``sys.executable -m ipykernel_launcher``, see
:class:`CurrentEnvKernelManager`), whatever kernel named ``python3`` Jupyter would find: the
same one nbval's ``--nbval-current-env`` runs in ``make test``.  ``NNBOOK_PLAYERS=1`` is set,
so the explorers store their static players for the site.

Metadata is normalised so that re-executing unchanged code gives a clean diff:
execution timings are not recorded, consecutive prints to one stream are joined, the kernel/language metadata is reduced to stable
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
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import default

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
TIMEOUT_S = 600
# The explorers add their static player (for the site) to their output: see nnbook.explorers._player.
os.environ["NNBOOK_PLAYERS"] = "1"


class _CurrentEnvKernelSpecs(KernelSpecManager):
    """Every kernel name resolves to this interpreter's ipykernel."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                          display_name=f"Python 3 ({sys.executable})", language="python", name=kernel_name)


class CurrentEnvKernelManager(AsyncKernelManager):
    """A kernel manager that starts ``sys.executable -m ipykernel_launcher``: the kernel runs in
    the environment that runs this script (as nbval's ``--nbval-current-env``), not whatever a
    kernelspec named ``python3`` points to.  Pass it as ``NotebookClient(kernel_manager_class=...)``."""

    @default("kernel_spec_manager")
    def _current_env_specs(self) -> KernelSpecManager:
        return _CurrentEnvKernelSpecs(data_dir=self.data_dir)


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


def _coalesce_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream: how a cell's printing is split into
    messages depends on the kernel's timing, not on the code."""
    joined: list = []
    for out in outputs:
        last = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            last["text"] = "".join(last["text"]) + "".join(out["text"])
        else:
            joined.append(out)
    return joined


def _normalise(nb, stem: str) -> None:
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = _coalesce_streams(cell.outputs)
    _rename_widget_models(nb, stem)


def execute(path: Path) -> float:
    """Execute the notebook at ``path`` in a fresh kernel of this environment, normalise it and
    write it back in place; return the seconds the execution took.

    Raises nbclient's ``CellExecutionError`` when a cell fails (the file is then left as it was).
    """
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        kernel_manager_class=CurrentEnvKernelManager,
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
