"""The contract every explorer keeps, checked on all eight (DESIGN.md §4).

* Blitting and cached backgrounds never leave a stale picture: after a random walk through
  the controls, the published frame equals, pixel for pixel, that of a fresh explorer set to
  the same values.
* The static player shows what the live explorer shows: every frame the player can paste
  together equals the render of a second explorer that visits the states in another order,
  and so does every read-out.
* A sweep of every control raises nothing and always publishes a real picture.
* The player's HTML keeps the site's test contract: ``data-explorer``, labelled native
  controls, a picture, an announced read-out.
* :meth:`Explorer.describe`, the picture's alt text, is plain English: a sentence (not the
  code form of ``repr``) that names every value ``repr`` shows and changes with it; the
  player's alt text of every state is the ``describe()`` of that state.
"""
from __future__ import annotations

import io
import json
import re
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from nnbook.explorers import EXPLORERS, Explorer
from nnbook.explorers._player import build_player, decode_frame, state_key, state_values
from nnbook.explorers._player_html import player_html

NAMES = list(EXPLORERS)


def _decoded(explorer: Explorer) -> np.ndarray:
    """The published PNG as an (H, W, 3) array."""
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def _choices(explorer: Explorer, name: str) -> list:
    """The values a reader can give the control ``name`` (sliders: 9 values on their grid)."""
    control = explorer.controls[name]
    if isinstance(control, widgets.Text):
        return list(explorer.text_examples)
    if isinstance(control, widgets.Dropdown):
        return [v for _, v in control._options_full] if hasattr(control, "_options_full") else list(control.options)
    steps = int(round((control.max - control.min) / control.step))
    picks = np.unique(np.linspace(0, steps, 9).round().astype(int))
    values = [control.min + control.step * int(k) for k in picks]
    if isinstance(control, widgets.FloatLogSlider):
        values = [control.base ** v for v in values]
    if isinstance(control, widgets.IntSlider):
        return [int(v) for v in values]
    return [round(float(v), 10) for v in values]


@pytest.fixture(scope="module")
def players():
    built = {}

    def get(name):
        if name not in built:
            built[name] = build_player(EXPLORERS[name]())
        return built[name]

    return get


@pytest.mark.parametrize("name", NAMES)
def test_random_walk_gives_the_frame_of_a_fresh_explorer(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    explorer = EXPLORERS[name]()
    for _ in range(24):
        control = str(rng.choice(list(explorer.controls)))
        options = _choices(explorer, control)
        explorer.set(**{control: options[int(rng.integers(len(options)))]})
    fresh = EXPLORERS[name]().set(**explorer.values)
    assert fresh.values == explorer.values
    np.testing.assert_array_equal(_decoded(explorer), _decoded(fresh))
    assert explorer.readout.value == fresh.readout.value
    assert repr(explorer) == repr(fresh)


@pytest.mark.parametrize("name", NAMES)
def test_every_player_frame_is_the_live_render(players, name):
    """Every state, set through the live controls of a second explorer, visited in another
    order (so with other caches and other background switches): same pixels, same read-out."""
    data = players(name)
    other = EXPLORERS[name]()
    keys = list(data.states)
    np.random.default_rng(1).shuffle(keys)
    for key in keys:
        values = state_values(data.controls, key)
        other.set(**values)
        live = np.asarray(other.figure.canvas.buffer_rgba())[..., :3]  # what update() just published
        frame = decode_frame(data, key)
        assert frame.shape == live.shape
        if not np.array_equal(frame, live):
            pytest.fail(f"{name}: the player's frame for {values} differs from the live render")
        assert data.readouts[data.states[key][1]] == other.readout.value, key
        assert data.alts[data.states[key][1]] == other.describe(), key


def test_a_parallel_build_is_byte_for_byte_a_serial_one(monkeypatch):
    from nnbook.explorers import _player_render

    assert len(list(EXPLORERS["broadcast"]().player_controls())) == 2
    parallel = player_html(build_player(EXPLORERS["broadcast"]()))  # 225 states: two processes
    monkeypatch.setattr(_player_render, "_PARALLEL_MIN_STATES", 10 ** 9)
    serial = player_html(build_player(EXPLORERS["broadcast"]()))
    assert parallel == serial


@pytest.mark.parametrize("name", NAMES)
def test_player_covers_every_combination_and_opens_on_the_explorer(players, name):
    data = players(name)
    explorer = EXPLORERS[name]()
    start = data.states[state_key(data.controls, data.initial)]
    assert data.readouts[start[1]] == explorer.readout.value
    np.testing.assert_array_equal(decode_frame(data, state_key(data.controls, data.initial)), _decoded(explorer))
    free = [c for c in data.controls if c.active_when is None]
    assert len(data.states) >= int(np.prod([len(c.values) for c in free]))
    assert len(data.controls) >= 2 or name == "matmul" and len(data.controls) == 2


@pytest.mark.parametrize("name", NAMES)
def test_sweeping_every_control_raises_nothing_and_draws_a_picture(name):
    explorer = EXPLORERS[name]()
    width, height = (int(v * explorer.dpi) for v in explorer.figsize)  # Agg truncates
    first = _decoded(explorer)
    changed = set()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for control in list(explorer.controls):
            before = explorer.values[control]
            for value in _choices(explorer, control):
                explorer.set(**{control: value})
                picture = _decoded(explorer)
                assert picture.shape == (height, width, 3)
                # a real figure: ink on the white page, in several colours
                assert (picture < 128).any() and len(np.unique(picture.reshape(-1, 3), axis=0)) > 16
                if not np.array_equal(picture, first):
                    changed.add(control)
            explorer.set(**{control: before})
    assert changed, "no control changed the picture"


@pytest.mark.parametrize("name", NAMES)
def test_player_html_keeps_the_site_contract(players, name):
    data = players(name)
    soup = BeautifulSoup(player_html(data), "html.parser")
    root = soup.select_one(f'[data-explorer="{name}"]')
    assert root is not None
    controls = root.select("input, select, button")
    assert len(controls) == len(data.controls)
    for control in controls:
        assert control.name in ("select", "button") or control["type"] == "range"
        label = root.select_one(f'label[for="{control["id"]}"]')
        assert label is not None and label.get_text(strip=True), "every control has a visible label"
        assert control.has_attr("disabled"), "controls stay disabled until the player's script runs"
    img = root.select_one("img")
    assert img is not None and img["alt"] == EXPLORERS[name]().describe()
    assert root.select_one("[aria-live]") is not None
    payload = json.loads(root.select_one("script[type='application/json']").string)
    assert set(payload["states"]) == set(data.states)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _check_description(explorer: Explorer) -> str:
    """``explorer.describe()``, checked: a plain-English sentence naming what ``repr`` shows."""
    text, code = explorer.describe(), repr(explorer)
    assert text[0].isupper() and text.endswith("."), text
    assert "Explorer(" not in text and "->" not in text and type(explorer).__name__ not in text, text
    spoken = text.replace("\u2212", "-")  # describe() writes true minus signs
    missing = set(_NUMBER.findall(code)) - set(_NUMBER.findall(spoken))
    assert not missing, f"{code!r}: the description leaves out {sorted(missing)}: {text!r}"
    names = re.findall(r"(\w+)='([^']*)'", code)  # activation='relu', dataset='AND', ...
    if getattr(explorer.state, "sizes", None) == (2, 1):  # an MLP without a hidden layer has no activation
        names = [(key, value) for key, value in names if key != "activation"]
    for _, value in names:
        assert all(word in spoken.lower() for word in value.lower().split("_")), (value, text)
    return text


@pytest.mark.parametrize("name", NAMES)
def test_describe_is_a_sentence_that_follows_the_state(name):
    """At the opening state and as each control sweeps its values: a sentence naming the repr's
    values, which changes whenever the repr does (and with at least one control)."""
    explorer = EXPLORERS[name]()
    opening, opening_repr = _check_description(explorer), repr(explorer)
    changed = set()
    for control in list(explorer.controls):
        before = explorer.values[control]
        for value in _choices(explorer, control):
            explorer.set(**{control: value})
            text = _check_description(explorer)
            if repr(explorer) != opening_repr:
                assert text != opening, f"{name}: {control} = {value!r} changed the repr, not the description"
                changed.add(control)
        explorer.set(**{control: before})
    assert changed, "no control changed the description"
    assert explorer.describe() == opening


def test_describe_names_the_subclass_that_lacks_it():
    class Bare(Explorer):
        figsize = (1.0, 1.0)

        def compute(self, k):
            return k

        def build_figure(self):
            pass

        def draw(self, state):
            pass

    with pytest.raises(NotImplementedError, match="Bare"):
        Bare({"k": widgets.IntSlider(value=1)}).describe()


def test_a_subclass_may_set_its_attributes_after_the_base_init():
    class Tiny(Explorer):
        figsize = (1.0, 1.0)

        def __init__(self):
            super().__init__({"k": widgets.IntSlider(value=1, min=0, max=3)})
            self.scale = 10  # set after the base's __init__: the figure is built later

        def compute(self, k):
            return k * self.scale

        def build_figure(self):
            (self.line,) = self.figure.add_axes((0, 0, 1, 1)).plot([0, 1], [0, 0], animated=True)

        def animated(self):
            return [self.line]

        def draw(self, state):
            self.line.set_ydata([0, state])

        def readout_html(self, state):
            return f"<b>{state}</b>"

    tiny = Tiny()
    assert tiny.state == 10 and tiny.readout.value == "<b>10</b>"
    tiny.set(k=3)
    assert tiny.state == 30 and tiny.readout.value == "<b>30</b>"
