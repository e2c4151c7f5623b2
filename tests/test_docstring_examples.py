"""Every ``Examples`` section of the package's docstrings runs and prints what it shows (doctest).

A docstring example is a promise to a reader who types it in; this runs each one, module by
module, with ``np`` (NumPy) in scope as the examples assume.
"""
import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import nnbook

MODULES = sorted(m.name for m in pkgutil.walk_packages(nnbook.__path__, "nnbook."))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples(module):
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, module.__name__, globs={"np": np, **vars(module)})
            if t.examples and t.name.startswith(module.__name__)]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in _examples(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples failed in {name}"


def test_examples_are_found():
    """The runner above really finds examples (a finder that saw none would pass every module)."""
    found = {name: len(_examples(importlib.import_module(name))) for name in MODULES}
    assert found["nnbook.checks"] >= 4 and found["nnbook.grids"] >= 1 and found["nnbook.neuron"] >= 1
