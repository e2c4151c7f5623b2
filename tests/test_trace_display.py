"""Showing a trace (``nnbook.trace.display``, ``.html``, ``.magic``): the display bundle, the
static element's structure, the kernel view, the ``%%trace`` magic in an IPython shell, the
recorder's last-value and small-float additions, and the site extension's choice of pages.

The browser half (the site's script stepping the element) is ``test_site_traces.py``.
"""
from __future__ import annotations

import inspect
import json
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from bs4 import BeautifulSoup

from nnbook.layers import Dense
from nnbook.trace import Trace, TraceError, TraceView, format_value, show_trace, trace_code
from nnbook.trace.display import WIDGET_VIEW, TraceWidget
from nnbook.trace.html import docstring_fold, state_html, trace_html

SMALL = "x = 2\ny = x * 3\nx += y\nfor i in range(5):\n    y -= i\n"
DENSE = ("layer = Dense(2, 1, 'sigmoid', W=[[1.0, -1.0]], b=[0.0])\n"
         "A = layer.forward(np.array([[2.0, 2.0]]))\n"
         "dX = layer.backward(np.array([[1.0]]))\n")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def pane_rows(pane) -> list[tuple[str, str, str]]:
    return [tuple(c.get_text() for c in tr.find_all(["th", "td"])) for tr in pane.select("tr")]


# --- the bundle -------------------------------------------------------------------------------


def test_the_bundle_has_the_table_the_element_and_the_kernel_view():
    view = show_trace(SMALL)
    data, meta = view._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html", WIDGET_VIEW}
    assert data["text/plain"] == view.trace.table() and data["text/plain"].startswith("step  line  code")
    assert data[WIDGET_VIEW]["model_id"] == view.widget.box.model_id
    assert meta == {"nnbook-trace": {"steps": 10, "bytes": len(data["text/html"].encode())}}
    only = view._repr_mimebundle_(include=["text/plain"])[0]
    assert set(only) == {"text/plain"}
    assert WIDGET_VIEW not in view._repr_mimebundle_(exclude=[WIDGET_VIEW])[0]


def test_recording_seconds_are_in_the_metadata_only_when_asked(monkeypatch):
    view = show_trace(SMALL)
    assert "seconds" not in view._repr_mimebundle_()[1]["nnbook-trace"]  # committed notebooks: no timing
    monkeypatch.setenv("NNBOOK_TRACE_SECONDS", "1")
    seconds = view._repr_mimebundle_()[1]["nnbook-trace"]["seconds"]
    assert seconds == round(view.trace.seconds, 6) and 0 < seconds < 1


def test_nbval_ignores_output_metadata():
    """The timing rides in output metadata because nbval never compares it (checked in its source)."""
    from nbval.plugin import IPyNbFile

    source = inspect.getsource(IPyNbFile.__init__)
    skipped = source[source.index("self.skip_compare = ("):]
    assert "'metadata'" in skipped[:skipped.index(")")]


def test_the_element_has_the_test_contract_and_the_trace_data():
    trace = trace_code(SMALL)
    page = soup(trace_html(trace))
    (root,) = page.select("[data-trace]")
    assert root.name == "div" and root["class"] == ["nnbook-trace"] and len(root["data-trace"]) == 12
    steps = root.select("[data-step]")
    assert [s["data-step"] for s in steps] == [str(i) for i in range(len(trace.steps))]
    assert all(s.has_attr("tabindex") for s in steps)  # focusable; only the current one in the tab order
    assert [s["tabindex"] for s in steps] == ["0"] + ["-1"] * (len(steps) - 1)
    assert [tuple(td.get_text() for td in s.find_all("td")) for s in steps] == [
        (n, where, changes) for n, where, _code, changes in trace.rows()]
    lines = root.select(".nnbook-trace-block[data-code='0'] [data-line]")
    assert [(int(el["data-line"]), el.get_text()) for el in lines] == [
        (i, f"{i}{text}") for i, text in enumerate(SMALL.splitlines(), 1)]
    assert root.select(".nnbook-trace-current") == [lines[0]]
    data = root.select_one("script.nnbook-trace-data")
    assert data["type"] == "application/json" and json.loads(data.string) == trace.to_json()
    for button in root.select("button"):
        assert button.has_attr("disabled") and button["type"] == "button"
    assert root.select_one(".nnbook-trace-state")["aria-live"] == "polite"


def test_two_recordings_render_byte_for_byte_the_same():
    ns = {"np": np, "Dense": Dense}
    one = TraceView(trace_code(DENSE, dict(ns), step_into=Dense.backward))._repr_mimebundle_()
    two = TraceView(trace_code(DENSE, dict(ns), step_into=Dense.backward))._repr_mimebundle_()
    for mime in ("text/plain", "text/html"):
        assert one[0][mime] == two[0][mime]
    assert one[1] == two[1]
    other = trace_html(trace_code(SMALL.replace("x = 2", "x = 3")))
    assert soup(other).select_one("[data-trace]")["data-trace"] != soup(one[0]["text/html"]).select_one(
        "[data-trace]")["data-trace"]


def test_the_state_pane_marks_new_and_changed_values_in_words():
    trace = trace_code("a = 1\nb = 2\na += b\ndel b\n")
    pane = lambda i: soup(state_html(trace, i))  # noqa: E731
    assert pane_rows(pane(0)) == [("a", "1", "new")]
    assert pane_rows(pane(2)) == [("a", "3", "changed"), ("b", "2", "")]
    assert pane(2).select_one("tr")["class"] == ["nnbook-trace-changed"]
    assert pane(0).select_one(".nnbook-trace-where").get_text() == "Step 1 of 4 · line 1"
    assert pane(3).select(".nnbook-trace-note")[-1].get_text() == "deleted: b"


def test_notes_of_folds_raises_calls_and_returns():
    folded = trace_code("s = 0\nfor i in range(9):\n    s += i\n")
    assert soup(state_html(folded, len(folded.steps) - 1)).select_one(".nnbook-trace-note").get_text() == \
        "… 6 more iterations"
    with pytest.raises(ZeroDivisionError) as info:
        trace_code("x = 1\ny = x / 0\n")
    failed = info.value.trace
    page = soup(trace_html(failed))
    assert page.select_one(".nnbook-trace-error").get_text() == "raised ZeroDivisionError: division by zero"
    assert page.select("[data-step]")[-1]["class"] == ["nnbook-trace-raise"]
    into = trace_code(DENSE, {"np": np, "Dense": Dense}, step_into=Dense.backward)
    kinds = [s.kind for s in into.steps]
    call, ret = kinds.index("call"), kinds.index("return")
    assert soup(state_html(into, call)).select_one(".nnbook-trace-note").get_text() == "called Dense.backward"
    assert soup(state_html(into, ret)).select_one(".nnbook-trace-note").get_text().startswith("returns array (1, 2)")
    assert soup(state_html(into, call)).select_one(".nnbook-trace-where").get_text().endswith(
        f"Dense.backward line {into.steps[call].line}")


def test_a_stepped_into_function_shows_its_lines_with_the_docstring_folded():
    trace = trace_code(DENSE, {"np": np, "Dense": Dense}, step_into=Dense.backward)
    block = trace.codes[1]
    first, last, text = docstring_fold(block)
    assert block.text(first - 1).strip().startswith('"""') and block.text(last).strip().endswith('"""')
    assert text.strip() == f"… {last - first + 1} more lines of the docstring"
    assert not any(first <= s.line <= last for s in trace.steps if s.code == 1)
    page = soup(trace_html(trace))
    shown = [int(el["data-line"]) for el in page.select(".nnbook-trace-block[data-code='1'] [data-line]")]
    assert shown == [n for n in range(block.first_line, block.first_line + len(block.lines))
                     if not first <= n <= last]
    assert {(s.code, s.line) for s in trace.steps} <= {
        (int(el.parent["data-code"]), int(el["data-line"])) for el in page.select("[data-line]")}
    assert docstring_fold(trace.codes[0]) is None


def test_traces_stay_small():
    typical = trace_code("w = np.array([0.7, -0.3, 0.5])\nx = np.array([0.6, 0.4, -0.2])\ntotal = 0.0\n"
                         "for i in range(3):\n    total += w[i] * x[i]\n    print_me = total\n"
                         "z = total - 0.1\ny = 1 / (1 + np.exp(-z))\n", {"np": np}, loop_limit=None)
    assert len(typical.steps) >= 10 and len(trace_html(typical).encode()) < 6_000
    rng = "rng = np.random.default_rng(0)\nW = rng.normal(size=(2, 3))\nX = rng.normal(size=(8, 3))\n"
    big = trace_code(rng + "for epoch in range(40):\n    Z = X @ W.T\n    loss = float((Z ** 2).mean())\n"
                     "    W -= 0.1 * Z.T @ X / 8\n", {"np": np}, loop_limit=None)
    assert 150 <= len(big.steps) <= 200 and len(trace_html(big).encode()) <= 50_000


def test_a_trace_without_steps_is_refused():
    with pytest.raises(ValueError, match="without steps"):
        TraceView(Trace((), (), None, 0.0))


# --- the kernel view ---------------------------------------------------------------------------


def test_the_kernel_view_steps_with_buttons_slider_and_lines():
    trace = trace_code(SMALL)
    widget = TraceWidget(trace)
    current = lambda: [k for k, b in widget.lines.items() if b.button_style]  # noqa: E731
    assert widget.step == 0 and current() == [(0, 1)] and widget.prev.disabled
    assert pane_rows(soup(widget.state.value)) == [("x", "2", "new")]
    widget.next.click()
    assert widget.step == 1 and widget.slider.value == 2 and current() == [(0, 2)]
    widget.slider.value = 5
    assert widget.step == 4 and current() == [(0, trace.steps[4].line)]
    assert widget.state.value == state_html(trace, 4)
    ran = [i for i, s in enumerate(trace.steps) if s.line == 5]
    assert ran == [4, 6, 8]
    widget.lines[(0, 5)].click()  # the next step that ran line 5, after the current one
    assert widget.step == 6
    widget.lines[(0, 1)].click()  # line 1 ran only at step 1: wraps around
    assert widget.step == 0
    widget.lines[(0, 5)].click()
    assert widget.step == 4
    widget.go(99)
    assert widget.step == len(trace.steps) - 1 and widget.next.disabled and not widget.prev.disabled
    widget.prev.click()
    assert widget.step == len(trace.steps) - 2
    labels = [b.description for b in widget.lines.values()]
    assert len({len(label) for label in labels}) == 1 and labels[4].startswith("5\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0y")


def test_recording_needs_neither_ipython_nor_ipywidgets():
    import subprocess

    code = ("import sys\nfrom nnbook.trace import show_trace\nv = show_trace('x = 1\\n')\nv.html()\n"
            "print(sorted(m for m in ('IPython', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the magic -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext nnbook.trace", store_history=False)
    ip.user_ns.update(np=np, Dense=Dense)
    return ip


def run(shell, cell):
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = shell.run_cell(cell, store_history=True)
    traces = [o for o in captured.outputs if "nnbook-trace" in (o.metadata or {})]
    return result, traces, captured


def test_the_magic_runs_the_cell_in_the_namespace_and_shows_its_trace(shell):
    result, traces, captured = run(shell, "%%trace\n" + SMALL)
    assert result.success and result.result is None
    assert shell.user_ns["x"] == 8 and shell.user_ns["y"] == 6 - sum(range(5))
    (out,) = traces
    assert out.data["text/plain"] == trace_code(SMALL).table()
    assert "data-trace=" in out.data["text/html"] and WIDGET_VIEW in out.data
    assert out.metadata["nnbook-trace"]["steps"] == 10
    assert len(captured.outputs) == 1  # nothing else: no Output widget, no extra display


def test_the_magic_sees_earlier_cells_and_shows_the_last_value(shell):
    shell.run_cell("w = np.array([0.7, -0.3, 0.5])")
    result, (out,), _ = run(shell, "%%trace\nz = w @ np.array([0.6, 0.4, -0.2]) - 0.1\nz * 2\n")
    assert result.success and result.result == pytest.approx(0.2)
    assert out.data["text/plain"].splitlines()[-1].split() == ["2", "2", "z", "*", "2"]
    result, _, _ = run(shell, "%%trace\nz * 2;\n")
    assert result.result is None


def test_the_magic_steps_into_a_method(shell):
    result, (out,), _ = run(shell, "%%trace --into Dense.backward --loops 1\n" + DENSE)
    assert result.success
    table = out.data["text/plain"]
    assert "Dense.backward:" in table and "returns array (1, 2) float64 [[0.2500, -0.2500]]" in table
    assert format_value(shell.user_ns["dX"]) == "array (1, 2) float64 [[0.2500, -0.2500]]"
    result, (out,), _ = run(shell, "%%trace --into layer.backward --into Dense.forward\n" + DENSE)
    assert "Dense.forward:" in out.data["text/plain"] and "Dense.backward:" in out.data["text/plain"]


def test_the_magic_options_loops_and_max_steps(shell):
    cell = "s = 0\nfor i in range(6):\n    s += i\n"
    _, (folded,), _ = run(shell, "%%trace\n" + cell)
    _, (every,), _ = run(shell, "%%trace --loops all\n" + cell)
    _, (one,), _ = run(shell, "%%trace --loops 1\n" + cell)
    # all: 6 iterations and the header's last run, which ends the loop
    assert [o.metadata["nnbook-trace"]["steps"] for o in (folded, every, one)] == [8, 14, 4]
    result, (partial,), _ = run(shell, "%%trace --max-steps 5 --loops all\n" + cell)
    assert isinstance(result.error_in_exec, TraceError) and partial.metadata["nnbook-trace"]["steps"] == 5


def test_a_raising_cell_shows_its_trace_then_fails(shell):
    result, (out,), captured = run(shell, "%%trace\nq = 1\nr = q / 0\nnever = 1\n")
    assert isinstance(result.error_in_exec, ZeroDivisionError) and not result.success
    assert out.data["text/plain"].splitlines()[-1] == "raised ZeroDivisionError: division by zero"
    assert shell.user_ns["q"] == 1 and "never" not in shell.user_ns
    assert "<trace-" in captured.stdout and "record.py" not in captured.stdout  # the cell's frames only


@pytest.mark.parametrize("line, message", [
    ("--into nowhere", "--into nowhere: NameError"),
    ("--into len", "step_into expects Python functions"),
    ("--loops some", "--loops expects a whole number"),
])
def test_bad_options_are_usage_errors(shell, line, message):
    from IPython.core.error import UsageError

    result, traces, captured = run(shell, f"%%trace {line}\nx = 1\n")
    assert isinstance(result.error_in_exec, UsageError) and traces == []
    assert message in captured.stdout + captured.stderr


# --- the recorder's additions ------------------------------------------------------------------


def test_the_last_expression_is_evaluated_once_and_traced():
    ns = {"calls": []}
    trace = trace_code("calls.append(1)\nlen(calls) * 10\n", ns, last_value=True)
    assert trace.value == 10 and ns["calls"] == [1] and [s.line for s in trace.steps] == [1, 2]
    assert trace_code("x = 1\n(x +\n 2)\n", last_value=True).value == 3
    assert trace_code("7 * 6", last_value=True).value == 42
    assert trace_code("x = 1\nx  # a comment\n", last_value=True).value == 1
    assert trace_code("x = 1\nx;\n", last_value=True).value is None
    assert trace_code("x = 1\nx\n").value is None  # not asked
    with pytest.raises(ZeroDivisionError) as info:
        trace_code("x = 1\nx / 0\n", last_value=True)
    assert [s.kind for s in info.value.trace.steps] == ["line", "raise"]


@pytest.mark.parametrize("value, text", [
    (1e-5, "1.000e-05"), (-0.00012345, "-1.234e-04"), (0.000999, "9.990e-04"), (0.001, "0.0010"),
    (-1e-9, "-1.000e-09"), (-0.0, "0.0000"), (0.0, "0.0000"), (np.float32(3e-6), "3.000e-06"),
    (np.array([0.5, 1e-5, 0.0]), "array (3,) float64 [0.5000, 1.000e-05, 0.0000]"),
    (complex(0, 1e-5), "(0.0000+1.000e-05j)"),
])
def test_small_floats_keep_four_significant_digits(value, text):
    assert format_value(value) == text


def test_a_learning_rate_reads_as_set():
    trace = trace_code("lr = 1e-5\nlr *= 10\n")
    assert trace.final() == {"lr": "1.000e-04"} and "lr = 1.000e-05" in trace.table()


# --- the site extension: which pages get the script ---------------------------------------------


def _players_extension():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "_ext" / "players.py"
    spec = importlib.util.spec_from_file_location("players_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



@pytest.mark.parametrize("body, wanted", [
    ("<p>text</p>", False),
    (trace_html(trace_code("x = 1\n")), True),
    ("<p>data-trace is an attribute</p>", False),
])
def test_pages_with_a_trace_get_the_player_script(tmp_path, body, wanted):
    players = _players_extension()
    added = []
    app = SimpleNamespace(env=SimpleNamespace(nb_metadata={}), outdir=str(tmp_path),
                          add_js_file=lambda name, **kw: added.append(name),
                          add_css_file=lambda name, **kw: added.append(name))
    context = {"body": body, "script_files": []}
    players._per_page(app, "chapters/x", "page.html", context, None)
    assert added == (["nnbook-player.js", "nnbook-player.css"] if wanted else [])
    assert context["body"] == body  # a trace's data stays inline
