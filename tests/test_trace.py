"""The step-through tracer (``nnbook.trace``): what it records, folds, limits, restores, formats.

Expected values are the real ones: written out by hand for tiny programs, or computed by
running the same code without the tracer.
"""
import inspect
import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch

from nnbook.layers import Dense
from nnbook.neuron import NeuronOutput, neuron_forward
from nnbook.trace import CodeBlock, Step, Trace, TraceError, format_value, trace_code
from nnbook.trace import values
from nnbook.trace.values import change_token

MATMUL = """\
A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
B = np.array([[1.0, 0.5], [-1.0, 2.0], [0.0, 3.0]])
C = np.zeros((2, 2))
for i in range(2):
    for j in range(2):
        for k in range(3):
            C[i, j] += A[i, k] * B[k, j]
"""


def plain_run(source, namespace=None):
    """The namespace after running ``source`` without the tracer."""
    ns = dict(namespace or {})
    exec(compile(source, "<plain>", "exec"), ns)
    return ns


def summary(trace):
    """``(line, kind, {changed name: value}, note)`` per step."""
    return [(s.line, s.kind, {n: dict(s.values)[n] for n in s.changed}, s.note) for s in trace.steps]


# --- lines, values, changes --------------------------------------------------------------


def test_each_step_is_the_state_after_its_line():
    trace = trace_code("x = 2\ny = x * 3\nx += y\n")
    assert summary(trace) == [(1, "line", {"x": "2"}, ""), (2, "line", {"y": "6"}, ""),
                              (3, "line", {"x": "8"}, "")]
    assert [s.values for s in trace.steps] == [(("x", "2"),), (("x", "2"), ("y", "6")),
                                               (("x", "8"), ("y", "6"))]
    assert [s.new for s in trace.steps] == [("x",), ("y",), ()]
    assert trace.codes == (CodeBlock("cell", ("x = 2", "y = x * 3", "x += y"), 1),)
    assert trace.error is None and trace.seconds > 0


def test_table_of_a_tiny_program():
    trace = trace_code("x = 2\ny = x * 3\nx += y\nfor i in range(5):\n    x -= i\n", loop_limit=2)
    assert trace.table() == "\n".join([
        "step  line  code                changes",
        "   1     1  x = 2               x = 2",
        "   2     2  y = x * 3           y = 6",
        "   3     3  x += y              x = 8",
        "   4     4  for i in range(5):  i = 0",
        "   5     5  x -= i              x = 8",
        "   6     4  for i in range(5):  i = 1",
        "   7     5  x -= i              x = 7",
        "   8     4  for i in range(5):  … 3 more iterations; x = -2; i = 4",
    ])


def test_tuple_unpacking_changes_both_names():
    trace = trace_code("z, y = 1.5, -2\nz, y = y, z\n")
    assert summary(trace) == [(1, "line", {"z": "1.5000", "y": "-2"}, ""),
                              (2, "line", {"z": "-2", "y": "1.5000"}, "")]
    assert trace.steps[0].new == ("z", "y") and trace.steps[1].new == ()


def test_in_place_changes_of_arrays_and_lists_are_changes():
    source = "a = np.zeros(3)\na[0] = 5\na += 1\na.fill(2.0)\nL = []\nL.append(a.sum())\n"
    trace = trace_code(source, {"np": np})
    assert summary(trace) == [
        (1, "line", {"a": "array (3,) float64 [0.0000, 0.0000, 0.0000]"}, ""),
        (2, "line", {"a": "array (3,) float64 [5.0000, 0.0000, 0.0000]"}, ""),
        (3, "line", {"a": "array (3,) float64 [6.0000, 1.0000, 1.0000]"}, ""),
        (4, "line", {"a": "array (3,) float64 [2.0000, 2.0000, 2.0000]"}, ""),  # a method, no assignment
        (5, "line", {"L": "list len 0 []"}, ""),
        (6, "line", {"L": "list len 1 [6.0000]"}, ""),
    ]


def test_names_from_before_the_run_count_only_when_bound_or_changed():
    ns = {"np": np, "w": np.array([1.0, 2.0]), "b": 0.5, "unused": 3}
    trace = trace_code("z = w @ w + b\nw *= 2\nb = 0.5\n", ns)
    assert [s.changed for s in trace.steps] == [("z",), ("w",), ("b",)]  # b = 0.5 binds b again
    assert trace.final() == {"z": "5.5000", "w": "array (2,) float64 [2.0000, 4.0000]", "b": "0.5000"}
    assert ns["z"] == 5.5  # the namespace receives the bindings, as a cell run would


def test_modules_functions_classes_and_underscore_names_are_not_recorded():
    trace = trace_code("import math\ndef f(a):\n    return 2 * a\nclass K:\n    pass\n_hidden = 1\n"
                       "y = f(math.pi)\n")
    assert trace.final() == {"y": "6.2832"}
    assert [s.line for s in trace.steps] == [1, 2, 4, 6, 7]  # f's body and K's body are not the cell's


def test_del_removes_a_name():
    trace = trace_code("x = [1, 2]\ny = len(x)\ndel x\n")
    assert trace.steps[-1].removed == ("x",) and trace.steps[-1].changed == ()
    assert trace.final() == {"y": "2"}
    assert trace.table().splitlines()[-1] == "   3     3  del x       del x"


def test_a_comprehension_and_a_statement_over_several_lines_are_one_step():
    trace = trace_code("squares = [v * v\n           for v in range(4)]\nm = max(1,\n        squares[-1])\n")
    assert summary(trace) == [(1, "line", {"squares": "list len 4 [0, 1, 4, 9]"}, ""),
                              (3, "line", {"m": "9"}, "")]


def test_a_caught_exception_is_a_raise_step_and_the_code_goes_on():
    trace = trace_code("try:\n    x = 1 / 0\nexcept ZeroDivisionError:\n    x = 0\n")
    assert [(s.line, s.kind, s.note) for s in trace.steps] == [
        (1, "line", ""), (2, "raise", "ZeroDivisionError: division by zero"), (3, "line", ""),
        (4, "line", "")]
    assert trace.error is None and trace.final() == {"x": "0"}


PROGRAMS = {
    "neuron": "x = np.array([0.6, 0.4, -0.2])\nw = np.array([0.7, -0.3, 0.5])\nb = -0.1\n"
              "z = x @ w + b\ny = 1 / (1 + np.exp(-z))\n",
    "dot by a loop": "x = [0.6, 0.4, -0.2]\nw = [0.7, -0.3, 0.5]\ntotal = 0.0\n"
                     "for xi, wi in zip(x, w):\n    total += xi * wi\n",
    "matmul by loops": MATMUL,
    "broadcasting": "X = np.arange(6.0).reshape(2, 3)\nb = np.array([0.5, -1.0, 2.0])\nZ = X + b\n"
                    "A = np.maximum(Z, 0)\nshape = Z.shape\n",
    "containers": "names = ['w', 'b']\nd = {n: i for i, n in enumerate(names)}\nd['z'] = 2.25\n"
                  "s = {3, 1, 2}\nt = (d, names)\n",
    "a while loop": "n = 27\nsteps = 0\nwhile n != 1:\n    n = n // 2 if n % 2 == 0 else 3 * n + 1\n"
                    "    steps += 1\n",
}


@pytest.mark.parametrize("name", PROGRAMS)
def test_recorded_values_equal_what_running_the_code_gives(name):
    source = PROGRAMS[name]
    expected = plain_run(source, {"np": np})
    final = trace_code(source, {"np": np}).final()
    bound = {n for n, v in expected.items() if not n.startswith("_") and n != "np"}
    assert set(final) == bound
    assert final == {n: format_value(expected[n]) for n in bound}


# --- loops ------------------------------------------------------------------------------


@pytest.mark.parametrize("n, folded", [(2, 0), (3, 0), (4, 1), (100, 97)])
def test_a_loop_folds_after_its_first_iterations(n, folded):
    trace = trace_code(f"s = 0\nfor i in range({n}):\n    s += i\n")
    full = [(s.line, s.changed) for s in trace.steps if s.kind == "line"]
    shown = min(n, 3)
    assert full[1:1 + 2 * shown] == [(2, ("i",)), (3, ("s",))] * shown  # the first iterations in full
    folds = [s for s in trace.steps if s.kind == "fold"]
    if folded:
        assert [(f.line, f.note) for f in folds] == [(2, f"… {folded} more iteration{'s' * (folded > 1)}")]
        assert trace.steps[-1] is folds[0]
    else:
        assert folds == []
    assert trace.final() == {"s": str(sum(range(n))), "i": str(n - 1)}


def test_folding_counts_the_iterations_of_while_and_of_loops_left_by_break_or_raise():
    trace = trace_code("n = 0\nwhile n < 10:\n    n += 1\nelse:\n    n = -n\n", loop_limit=2)
    assert [(s.line, s.kind, s.note) for s in trace.steps[-2:]] == [
        (2, "fold", "… 8 more iterations"), (5, "line", "")]
    assert dict(trace.steps[-2].values) == {"n": "10"}
    everything = trace_code("s = 0\nfor i in range(5):\n    s += i\n", loop_limit=0)
    assert [(s.kind, s.note) for s in everything.steps] == [("line", ""), ("fold", "… 5 more iterations")]
    trace = trace_code("for i in range(10):\n    if i == 6:\n        break\nr = i\n")
    assert [(s.line, s.kind, s.note) for s in trace.steps[-2:]] == [
        (1, "fold", "… 4 more iterations"), (4, "line", "")]  # i = 3, 4, 5, 6
    with pytest.raises(ValueError) as info:
        trace_code("t = 0\nfor i in range(10):\n    t += i\n    if i == 7:\n        raise ValueError(i)\n")
    steps = info.value.trace.steps
    assert [(s.line, s.kind, s.note) for s in steps[-2:]] == [
        (2, "fold", "… 5 more iterations"), (5, "raise", "ValueError: 7")]
    assert dict(steps[-1].values) == {"t": "28", "i": "7"}


def test_nested_loops_fold_per_entry():
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    B = np.array([[1.0, 0.5], [-1.0, 2.0], [0.0, 3.0]])
    C = format_value(A @ B)
    unfolded = trace_code(MATMUL, {"np": np}, loop_limit=None)
    assert sum(s.line == 7 for s in unfolded.steps) == 12 and unfolded.final()["C"] == C
    # limit 2: the k loop (3 iterations) folds its last one at each of its 4 entries
    two = trace_code(MATMUL, {"np": np}, loop_limit=2)
    assert [(s.line, s.note) for s in two.steps if s.kind == "fold"] == [(6, "… 1 more iteration")] * 4
    assert sum(s.line == 7 for s in two.steps) == 8 and two.final()["C"] == C
    # limit 1: k folds inside the first (i, j); then j folds its second, then i its second
    one = trace_code(MATMUL, {"np": np}, loop_limit=1)
    assert [(s.line, s.kind, s.note) for s in one.steps[3:]] == [
        (4, "line", ""), (5, "line", ""), (6, "line", ""), (7, "line", ""),
        (6, "fold", "… 2 more iterations"), (5, "fold", "… 1 more iteration"),
        (4, "fold", "… 1 more iteration")]
    assert dict(one.steps[-3].values)["C"] == format_value(np.array([[A[0] @ B[:, 0], 0], [0, 0]]))
    assert one.final() == {"A": format_value(A), "B": format_value(B), "C": C, "i": "1", "j": "1", "k": "2"}


def test_a_one_line_loop_counts_its_iterations():
    trace = trace_code("L = []\nfor i in range(6): L.append(i)\n")
    assert [s.kind for s in trace.steps] == ["line", "line", "line", "line", "fold"]
    assert trace.steps[-1].note == "… 3 more iterations"
    assert trace.final() == {"L": "list len 6 [0, 1, 2, 3, 4, 5]", "i": "5"}


def test_a_long_loop_stays_small_when_folded():
    trace = trace_code("x = 0\nfor i in range(10_000):\n    x += i\n")
    assert len(trace.steps) == 8 and trace.steps[-1].note == "… 9997 more iterations"
    assert trace.final() == {"x": str(sum(range(10_000))), "i": "9999"}


def test_a_200_step_trace_completes():
    source = ("rng = np.random.default_rng(0)\nX = rng.normal(size=(8, 3))\ny = rng.normal(size=(8, 2))\n"
              "W = rng.normal(size=(2, 3))\nb = np.zeros(2)\nfor epoch in range(40):\n"
              "    Z = X @ W.T + b\n    dZ = 2 * (Z - y) / len(X)\n    loss = float(((Z - y) ** 2).mean())\n"
              "    W -= 0.1 * dZ.T @ X\n")
    trace = trace_code(source, {"np": np}, loop_limit=None)
    assert 190 <= len(trace.steps) <= 210 and trace.error is None
    assert trace.final()["W"] == format_value(plain_run(source, {"np": np})["W"])


# --- limits, errors, the previous trace function -------------------------------------------


def test_the_step_limit_stops_an_infinite_loop_without_folding():
    before = sys.gettrace()  # None, or coverage's tracer
    with pytest.raises(TraceError, match=r"max_steps=50.*larger.*fewer iterations") as info:
        trace_code("i = 0\nwhile True:\n    i += 1\n", loop_limit=None, max_steps=50)
    trace = info.value.trace
    assert len(trace.steps) == 50 and trace.error.startswith("TraceError: ")
    assert sys.gettrace() is before


def test_the_step_limit_holds_even_if_the_code_catches_it():
    with pytest.raises(TraceError):
        trace_code("try:\n    while True:\n        pass\nexcept Exception:\n    caught = True\n",
                   loop_limit=None, max_steps=10)


def test_the_line_limit_stops_a_folded_infinite_loop():
    with pytest.raises(TraceError, match="max_events=5000"):
        trace_code("while True:\n    pass\n", max_events=5000)


def test_an_exception_is_recorded_then_re_raised():
    ns, before = {}, sys.gettrace()
    with pytest.raises(ZeroDivisionError) as info:
        trace_code("x = 1\ny = x / 0\nz = 2\n", ns)
    trace = info.value.trace
    assert [(s.line, s.kind, s.note) for s in trace.steps] == [
        (1, "line", ""), (2, "raise", "ZeroDivisionError: division by zero")]
    assert trace.error == "ZeroDivisionError: division by zero"
    assert trace.table().splitlines()[-1] == "raised ZeroDivisionError: division by zero"
    assert ns["x"] == 1 and "z" not in ns and sys.gettrace() is before


@pytest.mark.parametrize("fails", [False, True])
def test_the_previous_trace_function_is_restored(fails):
    seen = []

    def previous(frame, event, arg):  # like coverage's tracer: it sees calls
        seen.append(frame.f_code.co_name)

    def probe():
        return 1

    old = sys.gettrace()
    sys.settrace(previous)
    try:
        if fails:
            with pytest.raises(NameError):
                trace_code("a = 1\nb = missing\n")
        else:
            trace_code("a = 1\nb = a\n")
        assert sys.gettrace() is previous
        probe()
    finally:
        sys.settrace(old)
    assert "probe" in seen


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="max_steps"):
        trace_code("x = 1", max_steps=0)
    with pytest.raises(ValueError, match="loop_limit"):
        trace_code("x = 1", loop_limit=-1)
    with pytest.raises(TypeError, match="step_into"):
        trace_code("x = 1", step_into=len)


# --- calls into the library ----------------------------------------------------------------

NEURON = "z, y = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)\n"


def test_library_calls_are_not_traced_by_default():
    trace = trace_code(NEURON, {"neuron_forward": neuron_forward})
    assert len(trace.codes) == 1 and [(s.code, s.line) for s in trace.steps] == [(0, 1)]
    z, y = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)
    assert trace.final() == {"z": format_value(z), "y": format_value(y)} == {"z": "0.1000", "y": "0.5250"}


def test_step_into_a_library_function_shows_its_lines_and_locals():
    trace = trace_code(NEURON, {"neuron_forward": neuron_forward}, step_into=neuron_forward)
    source, first = inspect.getsourcelines(neuron_forward)
    block = trace.codes[1]
    assert (block.name, block.first_line) == ("neuron_forward", first)
    assert block.lines == tuple(line.rstrip("\n") for line in source)
    inside = [s for s in trace.steps if s.code == 1]
    assert inside[0].kind == "call" and block.text(inside[0].line).startswith("def neuron_forward(")
    assert dict(inside[0].values)["b"] == "-0.1000"  # the arguments
    assert all(first <= s.line < first + len(block.lines) for s in inside)
    z_line = next(s for s in inside if "z" in s.new)
    assert block.text(z_line.line).strip() == "z = x @ w + b" and dict(z_line.values)["z"] == "0.1000"
    expected = neuron_forward([0.6, 0.4, -0.2], [0.7, -0.3, 0.5], -0.1)
    assert inside[-1].kind == "return" and inside[-1].note == format_value(expected)
    assert trace.steps[-1].code == 0 and trace.final() == {"z": "0.1000", "y": "0.5250"}
    assert "neuron_forward:" in trace.table()


def test_step_into_a_method_and_only_while_not_folding():
    source = ("layer = Dense(2, 1, 'sigmoid', W=[[1.0, -1.0]], b=[0.0])\n"
              "for n in range(4):\n    A = layer.forward([[2.0, 2.0]])\n    dX = layer.backward([[1.0]])\n")
    trace = trace_code(source, {"Dense": Dense}, step_into=[Dense.backward], loop_limit=1)
    assert trace.codes[1].name == "Dense.backward"
    calls = [s for s in trace.steps if s.kind == "call"]
    assert len(calls) == 1  # the folded iterations run untraced
    inside = [s for s in trace.steps if s.code == 1]
    assert dict(inside[0].values)["self"] == "Dense(in_features=2, out_features=1, activation='sigmoid')"
    assert dict(inside[-1].values)["dZ"] == "array (1, 1) float64 [[0.2500]]"
    assert trace.steps[-1].note == "… 3 more iterations"
    assert trace.final()["dX"] == "array (1, 2) float64 [[0.2500, -0.2500]]"


def test_an_exception_inside_a_stepped_into_function():
    with pytest.raises(ValueError, match="x must have shape") as info:
        trace_code("neuron_forward([1.0], [1.0, 2.0], 0.0)\n", {"neuron_forward": neuron_forward},
                   step_into=neuron_forward)
    raises = [(s.code, s.kind) for s in info.value.trace.steps if s.kind == "raise"]
    assert raises == [(1, "raise"), (0, "raise")]  # where it was raised, then the cell's line


# --- the data for displays -------------------------------------------------------------------


def test_to_json_round_trips_and_is_deterministic():
    ns = {"neuron_forward": neuron_forward}
    trace = trace_code(NEURON + "del y\n", dict(ns), step_into=neuron_forward)
    data = trace.to_json()
    assert json.loads(json.dumps(data)) == data
    assert trace_code(NEURON + "del y\n", dict(ns), step_into=neuron_forward).to_json() == data
    again = Trace.from_json(data)
    assert (again.codes, again.steps, again.error) == (trace.codes, trace.steps, trace.error)
    assert isinstance(again.steps[0], Step) and data["steps"][0]["k"] == "call"


def test_a_function_defined_in_a_trace_has_its_source():
    ns = {}
    trace_code("def double(a):\n    return 2 * a\n", ns)
    assert inspect.getsource(ns["double"]) == "def double(a):\n    return 2 * a\n"


# --- formatting values -----------------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    (3, "3"), (np.int64(-7), "-7"), (True, "True"), (np.bool_(False), "False"), (None, "None"),
    (0.59, "0.5900"), (-1e-9, "-1.000e-09"), (-0.0, "0.0000"), (np.float32(0.1), "0.1000"),
    (np.array(2.5), "2.5000"), (float("nan"), "nan"), (1 / 3, "0.3333"), ("relu", "'relu'"),
    (np.array([[0.1, -0.2, 0.3], [0.4, 0.5, 0.6]]),
     "array (2, 3) float64 [[0.1000, -0.2000, 0.3000], [0.4000, 0.5000, 0.6000]]"),
    (np.arange(4), "array (4,) int64 [0, 1, 2, 3]"),
    (np.array([True, False]), "array (2,) bool [True, False]"),
    (np.arange(20.0), "array (20,) float64 [0.0000, 1.0000, 2.0000, …, 17.0000, 18.0000, 19.0000]"),
    ([1, 2.5, "a"], "list len 3 [1, 2.5000, 'a']"),
    (tuple(range(30)), "tuple len 30 (0, 1, 2, 3, 4, 5, 6, 7, …)"),
    ({"w": np.ones(2), "b": 0}, "dict len 2 {'w': array (2,) float64 [1.0000, 1.0000], 'b': 0}"),
    ({"c", "a", "b"}, "set len 3 {'a', 'b', 'c'}"),
    (NeuronOutput(0.1, 0.525), "NeuronOutput(z=0.1000, y=0.5250)"),
    (torch.tensor([0.7, -0.3]), "tensor (2,) float32 [0.7000, -0.3000]"),
    (torch.tensor([0.5], requires_grad=True), "tensor (1,) float32 [0.5000] requires_grad"),
    (torch.tensor(0.25, dtype=torch.float64), "tensor () float64 0.2500"),
])
def test_format_value(value, text):
    assert format_value(value) == text


def test_large_values_are_summarised_and_short():
    rng = np.random.default_rng(0)
    for value in (rng.normal(size=(1797, 64)), np.zeros((50, 50, 50)), list(range(10_000)), "x" * 500,
                  torch.zeros(300, 300), {i: np.ones(100) for i in range(100)}):
        text = format_value(value)
        assert len(text) <= 120 and "…" in text
    X = np.arange(10_000).reshape(100, 100)
    assert format_value(X) == ("array (100, 100) int64 "
                               "[[0, 1, 2, …, 97, 98, 99], …, [9900, 9901, 9902, …, 9997, 9998, 9999]]")


def test_no_memory_addresses():
    class Thing:
        pass

    text = format_value(Thing())
    assert "0x" not in text and text.endswith("Thing object>")


def test_change_token_sees_in_place_changes_of_large_arrays():
    a = np.zeros((1797, 64))
    before = change_token(a)
    assert change_token(a) == before
    a[-1, 1] = 1.0  # an entry the summary shows
    assert change_token(a) != before
    t = torch.zeros(3, requires_grad=True)
    before = change_token(t)
    t.data += 1  # .data skips the version counter
    assert change_token(t) != before


def test_values_does_not_import_torch():
    """The module alone (nnbook's __init__ imports torch): formatting arrays needs no torch."""
    code = (f"import importlib.util, sys\n"
            f"spec = importlib.util.spec_from_file_location('values', {values.__file__!r})\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "import numpy as np\n"
            "print(m.format_value(np.ones(2)), m.change_token([1]), 'torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "array (2,) float64 [1.0000, 1.0000] list len 1 [1] False"


def test_book_decimals():
    assert format_value(1 / (1 + math.exp(-0.59))) == "0.6434"  # the slip in the source material


def test_round_off_reads_as_zero_but_small_values_keep_their_digits():
    from nnbook.trace.values import format_value
    assert format_value(0.1 + 0.2 - 0.3) == "0.0000"  # 5.55e-17: round-off, machine-dependent digits
    assert format_value(-1e-13) == "0.0000"
    assert format_value(1e-5) == "1.000e-05"  # a learning rate keeps its value
    assert format_value(np.float64(-2.5e-9)) == "-2.500e-09"
