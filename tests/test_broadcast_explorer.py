"""The broadcasting explorer, headless: typed shapes → state (checked against NumPy) → figure, read-out.

What every explorer must do (pictures that are never stale, sprites that match a full draw,
sweeps, the player's frames) is checked once for all in ``test_explorer_contract.py``.
"""
import io
import itertools
import re
import warnings

import numpy as np
import pytest
from PIL import Image

from nnbook.explorers import BroadcastExplorer, broadcast_state
from nnbook.explorers.broadcast import EXAMPLE_PAIRS, MAX_DRAWN

RED = (0xD6, 0x27, 0x28)  # NEGATIVE in nnbook.plotting: clashes and errors


@pytest.fixture
def explorer():
    return BroadcastExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def _numpy(a, b):
    try:
        return np.broadcast_shapes(a, b), None
    except ValueError as exc:
        return None, exc


def _visible_labels(explorer, row: int) -> list[str]:
    return [t.get_text() for t in explorer.labels[row] if t.get_visible()]


def _reddish(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    return (r > 150) & (g < 120) & (b < 120)


def test_initial_state_is_the_bias_example(explorer):
    s = explorer.state
    assert (s.a, s.b, s.result, s.error, s.invalid) == ((4, 2), (2,), (4, 2), None, None)
    assert repr(explorer) == "BroadcastExplorer(a=(4, 2), b=(2,)) -> (4, 2)"
    assert _visible_labels(explorer, 3) == ["1", "2"]     # b padded with one 1
    assert _visible_labels(explorer, 5) == ["1→4", "2"]   # and that 1 stretched to 4
    assert _visible_labels(explorer, 6) == ["4", "2"]     # the result


@pytest.mark.parametrize("a_text, b_text, a, b", [
    ("4, 2", "2", (4, 2), (2,)),
    ("4", "4, 1", (4,), (4, 1)),
    ("(4, 3)", "[4]", (4, 3), (4,)),
    ("", "0", (), (0,)),
    ("2, 3, 4", "5, 1, 6", (2, 3, 4), (5, 1, 6)),
    ("8, 3, 32, 32", "3, 1, 1", (8, 3, 32, 32), (3, 1, 1)),
])
def test_typed_shapes_give_numpys_answer(explorer, a_text, b_text, a, b):
    explorer.controls["a"].value = a_text  # observers run synchronously without a kernel
    explorer.controls["b"].value = b_text
    s = explorer.state
    assert (s.a, s.b) == (a, b)
    result, exc = _numpy(a, b)
    assert s.result == result
    if exc is None:
        assert s.error is None and repr(explorer).endswith(f"-> {result!r}")
    else:
        assert s.error.startswith("operands could not be broadcast together with shapes")
        assert repr(explorer).endswith(f"-> error: {s.error}")


def test_the_classic_bug_shows_two_stretches(explorer):
    explorer.set(a="4", b="4, 1")
    assert explorer.state.result == (4, 4)
    assert _visible_labels(explorer, 4) == ["1→4", "4"]
    assert _visible_labels(explorer, 5) == ["4", "1→4"]
    assert explorer.shape_texts[6].get_text() == "(4, 4)"


def test_clash_is_red_in_the_figure_and_the_message_is_numpys_kind(explorer):
    explorer.set(a="4, 3", b="4")
    s = explorer.state
    assert s.result is None
    assert s.error == "operands could not be broadcast together with shapes (4,3) (4,): dimension -1: 3 vs 4"
    clash_boxes = [box for box in explorer.boxes[4] if box.get_visible()]
    assert clash_boxes[1].get_edgecolor()[:3] == pytest.approx([c / 255 for c in RED])
    assert _visible_labels(explorer, 6) == ["4", "✗"]
    assert explorer.shape_texts[6].get_text() == "clash"
    assert explorer.message.get_text().replace("\n", " ") == s.error
    assert _reddish(_png(explorer)).sum() > 200  # red boxes and the red message are in the picture


@pytest.mark.parametrize("a_text, b_text, quoted", [
    ("4, x", "3", "'x'"), ("4", "three", "'three'"), ("4,,2", "1", "empty entry"), ("-2", "2", "'-2'"),
])
def test_invalid_text_is_reported_not_raised(explorer, a_text, b_text, quoted):
    explorer.set(a=a_text, b=b_text)  # must not raise
    s = explorer.state
    assert s.invalid is not None and quoted in s.invalid and s.result is None
    assert s.message == s.invalid
    assert repr(explorer).startswith(f"BroadcastExplorer(a={a_text!r}, b={b_text!r}) -> invalid:")
    assert not any(box.get_visible() for row in explorer.boxes for box in row)
    assert quoted in explorer.message.get_text().replace("\n", " ")
    assert "not a shape" in explorer.readout.value


def test_both_texts_invalid_names_both(explorer):
    explorer.set(a="x", b="y")
    assert "shape a:" in explorer.state.invalid and "shape b:" in explorer.state.invalid


def test_figure_changes_structure_with_the_number_of_axes(explorer):
    for a_text, n in [("4, 2", 2), ("2, 3, 4, 5", 4), ("", 1), ("7", 1)]:
        explorer.set(a=a_text, b="1")
        assert all(sum(box.get_visible() for box in row) == n for row in explorer.boxes)
        assert sum(h.get_visible() for h in explorer.headers) == n
        assert [h.get_text() for h in explorer.headers if h.get_visible()] == [str(k) for k in range(-n, 0)]


def test_two_scalars_draw_no_boxes_and_say_why(explorer):
    explorer.set(a="", b="()")
    assert explorer.state.result == ()
    assert not any(box.get_visible() for row in explorer.boxes for box in row)
    assert "0-d" in explorer.message.get_text()


def test_more_axes_than_the_figure_holds_is_still_computed(explorer):
    a = ", ".join(["2"] * (MAX_DRAWN + 1))
    explorer.set(a=a, b="1")
    assert explorer.state.result == (2,) * (MAX_DRAWN + 1)
    assert "too many to draw" in explorer.message.get_text()


def test_examples_menu_fills_both_boxes(explorer):
    explorer.examples.value = ("4", "4, 1")
    assert explorer.values == {"a": "4", "b": "4, 1"}
    assert explorer.state.result == (4, 4)
    assert explorer.examples.value == "" and explorer.examples.label == "examples…"  # ready again


def test_many_pairs_give_numpys_answer():
    sizes = ["", "0", "1", "3", "4", "1, 3", "4, 1", "4, 3", "3, 4", "2, 1, 3", "0, 1", "5, 4, 3, 2",
             "1, 1, 1, 1, 1, 1, 1, 7", "4, x", "9999999, 1"]
    for a_text, b_text in itertools.product(sizes, repeat=2):
        s = broadcast_state(a_text, b_text)
        if s.invalid is None:
            result, exc = _numpy(s.a, s.b)
            assert s.result == result and (s.error is None) == (exc is None), (a_text, b_text)


@pytest.mark.parametrize("a_text", ["1, 1, 1, 1, 1, 1, 1, 7", "9999999, 1", "123456, 1, 2", "0, 1"])
def test_shapes_outside_the_menus_draw_without_warnings(explorer, a_text):
    # narrow boxes, long numbers and empty axes: shapes the contract's sweep of the menus misses
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for b_text in ("1", "7", "4, x"):
            explorer.set(a=a_text, b=b_text)
            boxes = [box for box in explorer.boxes[0] if box.get_visible()]
            assert len(boxes) == (0 if explorer.state.invalid else explorer.state.alignment.ndim)


@pytest.mark.parametrize("label, a_text, b_text", EXAMPLE_PAIRS)
def test_every_menu_example_matches_numpy(label, a_text, b_text):
    s = broadcast_state(a_text, b_text)
    if s.invalid is None:
        assert s.result == _numpy(s.a, s.b)[0], label


def test_widget_bundle_carries_the_stable_repr(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert 'data-explorer="broadcast"' in bundle["text/html"]
    assert not re.search(r"0x[0-9a-f]+", repr(explorer))


def test_unknown_control(explorer):
    with pytest.raises(KeyError, match="unknown control"):
        explorer.set(c="3")


def test_update_time_is_recorded(explorer):
    explorer.set(b="4, 1")
    assert 0 < explorer.last_update_s < 5


@pytest.mark.parametrize("a_text, b_text, line", [
    ("4, 2", "2", "(4, 2) and (2,) broadcast to <b>(4, 2)</b>"),
    ("", "", "() and () broadcast to <b>()</b>"),
    ("4, 3", "4", "(4, 3) and (4,) do not broadcast: <b>axis -1 clashes</b> (3 vs 4)"),
    ("2, 3, 4", "5, 1, 6",
     "(2, 3, 4) and (5, 1, 6) do not broadcast: <b>axes -3 and -1 clash</b> (2 vs 5, 4 vs 6)"),
    ("4, x", "3", "<b>not a shape</b>: a = '4, x'"),
    ("x", "<b>", "<b>not a shape</b>: a = 'x', b = '&lt;b&gt;'"),  # typed text is escaped
])
def test_readout_states_the_outcome_in_one_line(explorer, a_text, b_text, line):
    explorer.set(a=a_text, b=b_text)
    assert explorer.readout.value == f"<div style='font-family:monospace;line-height:1.6'>{line}</div>"
    assert explorer.readout in explorer.widget.children


def test_sprites_tile_the_canvas_without_overlapping(explorer):
    explorer.set(a="8, 3, 32, 32", b="3, 1, 1")
    sprites = explorer.sprites()
    n = explorer.state.alignment.ndim
    rows_shown = sum(bool(t.get_text()) for t in explorer.shape_texts)
    assert len(sprites) == n + len(explorer.boxes) * n + rows_shown + 1  # headers, boxes, shapes, message
    for k, (_, (x0, y0, x1, y1), artists) in enumerate(sprites):
        assert 0 <= x0 < x1 <= 576 and 0 <= y0 < y1 <= 252 and artists
        for _, (u0, v0, u1, v1), _ in sprites[k + 1:]:
            assert x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0, "sprites must not overlap"
    # a key fixes a sprite's look, so equal keys have equal sizes
    sizes = {}
    for key, (x0, y0, x1, y1), _ in sprites:
        assert sizes.setdefault(key, (x1 - x0, y1 - y0)) == (x1 - x0, y1 - y0)


def test_player_menus_offer_every_pairing_of_the_example_shapes(explorer):
    a, b = explorer.player_controls()
    texts = {t for _, x, y in EXAMPLE_PAIRS for t in (x, y)}
    assert (a.name, b.name) == ("a", "b") and a.kind == b.kind == "select"
    assert a.values == b.values == explorer.text_examples == tuple(sorted(texts))
    assert len(a.values) == 15 and "4, x" in a.values
    assert a.labels[a.values.index("")] == "() scalar"
    assert all(label == text for label, text in zip(a.labels, a.values) if text)
    for _, x, y in EXAMPLE_PAIRS:  # every example of the live menu is a state of the player
        assert x in a.values and y in b.values
    assert (explorer.values["a"], explorer.values["b"]) == ("4, 2", "2")  # the opening state
    assert "type any shape" in explorer.player_note and "Binder" in explorer.player_note
