"""The package's layering: the NumPy core runs without torch, and no module imports another in a cycle.

* A child interpreter whose import system refuses ``torch`` imports the NumPy modules, runs a
  neuron, an MLP forward/backward pass and a few epochs of ``fit``, and checks that torch was
  never loaded; then ``nnbook.pytorch`` and ``nnbook.TorchNeuron`` must fail with a message that
  says how to install PyTorch.
* With torch installed, ``import nnbook`` still does not load it; ``nnbook.TORCH`` does.
* Read statically (AST), only ``nnbook/pytorch.py`` imports torch, and the graph of imports
  between nnbook modules, every ``import``/``from`` at any depth (inside functions too), has
  no cycle.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nnbook

PACKAGE = Path(nnbook.__file__).parent

#: The NumPy modules that must import and run without torch.
NUMPY_CORE = ["neuron", "activations", "activation_fns", "layers", "losses", "optim", "training", "linalg",
              "broadcasting", "datasets", "preprocessing", "boundary", "mlp", "checks", "grids", "landscape",
              "playground"]

BLOCK_TORCH = """
import importlib.abc
import sys

class BlockTorch(importlib.abc.MetaPathFinder):
    '''Refuse torch, as an interpreter without it installed would.'''

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)", name=name)
        return None

assert "torch" not in sys.modules
sys.meta_path.insert(0, BlockTorch())
"""


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300, cwd=PACKAGE.parent)
    assert proc.returncode == 0, f"child failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_numpy_core_imports_and_trains_without_torch():
    result = _run(BLOCK_TORCH + f"""
import importlib, json
import nnbook
import numpy as np

for name in {NUMPY_CORE!r}:
    importlib.import_module("nnbook." + name)

from nnbook import Neuron, neuron_forward
from nnbook.mlp import MLP
from nnbook.optim import Adam
from nnbook.training import fit

z, y = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)
neuron_y = float(Neuron(3, w=[0.7, -0.3, 0.5], b=-0.1)([0.6, 0.4, -0.2]))

rng = np.random.default_rng(0)
X = rng.normal(size=(32, 2))
y_xor = (X[:, 0] * X[:, 1] > 0).astype(int)
model = MLP([2, 8, 1], "tanh", rng=rng)
out = model.forward(X)
dX = model.backward(np.ones_like(out))
history = fit(model, X, y_xor, loss="bce_with_logits", optimizer=Adam(model.parameters(), lr=0.05),
              epochs=3, batch_size=8, rng=rng)

errors = {{}}
try:
    import nnbook.pytorch
except ModuleNotFoundError as exc:
    errors["import nnbook.pytorch"] = str(exc)
for name in ("TorchNeuron", "TORCH"):
    try:
        getattr(nnbook, name)
    except ModuleNotFoundError as exc:
        errors["nnbook." + name] = str(exc)
try:
    model.to_torch()
except ModuleNotFoundError as exc:
    errors["MLP.to_torch"] = str(exc)
try:
    from nnbook import plotting  # an ordinary submodule still imports through nnbook.__getattr__
    plotting_ok = True
except Exception:
    plotting_ok = False

print(json.dumps({{"z": float(z), "y": float(y), "neuron_y": neuron_y, "out_shape": list(out.shape),
                   "dX_shape": list(dX.shape), "epochs": history.epochs, "finite": bool(np.isfinite(history.train_loss).all()),
                   "torch_loaded": sorted(m for m in sys.modules if m == "torch" or m.startswith("torch.")),
                   "errors": errors, "plotting_ok": plotting_ok}}))
""")
    assert result["torch_loaded"] == []
    assert f"{result['z']:.4f} {result['y']:.4f}" == "0.1000 0.5250"  # Chapter 1's worked neuron
    assert result["neuron_y"] == pytest.approx(result["y"], rel=1e-15)
    assert result["out_shape"] == [32, 1] and result["dX_shape"] == [32, 2] and result["epochs"] == 3 and result["finite"]
    assert result["plotting_ok"]
    assert set(result["errors"]) == {"import nnbook.pytorch", "nnbook.TorchNeuron", "nnbook.TORCH", "MLP.to_torch"}
    for where, message in result["errors"].items():
        assert "needs PyTorch" in message and "pip install torch==2.13.0" in message, (where, message)


def test_torch_loads_on_first_use_only():
    result = _run("""
import json, sys
import nnbook, nnbook.mlp, nnbook.neuron, nnbook.activations
before = "torch" in sys.modules
torch_neuron = nnbook.TorchNeuron
after = "torch" in sys.modules
import nnbook.pytorch
print(json.dumps({"before": before, "after": after, "same": torch_neuron is nnbook.pytorch.TorchNeuron,
                  "dir": "TORCH" in dir(nnbook) and "TorchNeuron" in dir(nnbook)}))
""")
    assert result == {"before": False, "after": True, "same": True, "dir": True}


def test_unknown_attributes_still_raise_attribute_error():
    with pytest.raises(AttributeError, match="module 'nnbook' has no attribute 'TorchLayer'"):
        nnbook.TorchLayer  # noqa: B018


# --- the import graph, read from the source ------------------------------------------------


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (file, is a package ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _imports(path: Path, is_package: bool, name: str, modules) -> tuple[set[str], set[str]]:
    """The nnbook modules imported anywhere in one file, and the top-level names of all its imports.

    ``from pkg import x`` counts as importing ``pkg.x`` when that is a module, else ``pkg``.
    Relative imports are resolved against the module's package.  Python also runs every parent
    package's ``__init__`` before a submodule; those implicit imports are not edges (they would
    make every submodule "import" ``nnbook``), so an ``__init__`` must not import back the
    submodules that import it, which the explicit edges do check.
    """
    package = name if is_package else name.rpartition(".")[0]
    edges, roots = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                roots.add(alias.name.split(".")[0])
                if alias.name in modules:
                    edges.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            roots.add(base.split(".")[0])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:
                    edges.add(sub)
                elif base in modules:
                    edges.add(base)
    edges.discard(name)
    return edges, roots


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    modules = _modules()
    graph, roots = {}, {}
    for name, (path, is_package) in modules.items():
        graph[name], roots[name] = _imports(path, is_package, name, modules)
    return graph, roots


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list ``[a, b, ..., a]``, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_imports_inside_functions_and_relative_imports():
    graph, _ = import_graph()
    assert "nnbook.pytorch" in graph["nnbook.mlp"]          # `from . import pytorch` inside to_torch
    assert "nnbook.pytorch" in graph["nnbook"]              # the lazy exports of __init__ (PEP 562)
    assert "nnbook.checks" in graph["nnbook.activation_fns.classic"]  # `from ..checks import ...`
    assert graph["nnbook.pytorch"] <= {"nnbook.activations", "nnbook.layers", "nnbook.checks"}  # not mlp, neuron


def test_no_module_imports_another_in_a_cycle():
    # nnbook/__init__.py's lazy exports (TORCH, TorchNeuron) are edges too: they import
    # nnbook.pytorch, which imports neither nnbook itself nor anything that imports nnbook.pytorch.
    graph, _ = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_only_the_pytorch_module_imports_torch():
    _, roots = import_graph()
    importers = sorted(name for name, r in roots.items() if "torch" in r)
    assert importers == ["nnbook.pytorch"]
