"""The training playground, headless: its training equals a direct `fit`; its figure, read-out and player follow.

The data sets and the resumable run it uses are tested without widgets in test_playground.py."""
import io
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from nnbook.explorers import TrainingExplorer
from nnbook.explorers import _player_render
from nnbook.explorers._player import build_player
from nnbook.playground import HIDDEN_ACTIVATIONS, TrainingRun
from test_playground import direct_fit as _direct_fit  # the training the playground documents


@pytest.fixture(scope="module")
def explorer():
    return TrainingExplorer()


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def test_initial_state(explorer):
    explorer.set(dataset="moons", lr=10 ** -1.5, hidden=16, activation="relu", epochs=200)
    s = explorer.state
    assert (s.dataset, s.hidden, s.activation, s.epochs) == ("moons", 16, "relu", 200)
    assert s.X.shape == (200, 2) and s.proba.shape == (200, 200) and s.losses.shape == (200,)  # 200 x 200 map
    assert s.accuracy == 1.0
    assert repr(explorer) == (f"TrainingExplorer(dataset='moons', lr=0.0316, hidden=16, activation='relu', "
                              f"epochs=200) -> loss {s.loss:.3f}, training accuracy 1.00")
    assert explorer.readout.value == (
        "<div style='font-family:monospace;line-height:1.5'>moons (200 points), 2 → 16 relu → 1 (65 parameters), "
        f"full-batch Adam, learning rate 0.0316<br>after epoch <b>200</b>: training loss <b>{s.loss:.3f}</b>, "
        "training accuracy <b>1.00</b> (200 of 200 points right)</div>")


@pytest.mark.parametrize("dataset, lr, hidden, activation, epochs", [
    ("moons", 10 ** -1.5, 16, "relu", 200),
    ("XOR", 0.1, 4, "tanh", 75),
    ("circles", 10 ** -0.5, 3, "gelu", 400),
    ("spirals", 0.01, 32, "sigmoid", 25),
])
def test_trained_model_equals_a_direct_fit(explorer, dataset, lr, hidden, activation, epochs):
    explorer.set(dataset=dataset, lr=lr, hidden=hidden, activation=activation, epochs=epochs)
    model, history = _direct_fit(dataset, lr, hidden, activation, epochs)
    s = explorer.state
    for mine, ref in zip(s.model.parameters(), model.parameters()):
        np.testing.assert_array_equal(mine.data, ref.data)
    np.testing.assert_array_equal(s.losses, history.train_loss)


def test_moving_the_epochs_slider_back_and_forth_gives_the_same_runs(explorer):
    explorer.set(dataset="XOR", lr=0.1, hidden=6, activation="swish", epochs=100)
    for epochs in (50, 175, 125, 25, 175):  # rewinds and continuations of one cached run
        explorer.set(epochs=epochs)
        model, history = _direct_fit("XOR", 0.1, 6, "swish", epochs)
        for mine, ref in zip(explorer.state.model.parameters(), model.parameters()):
            np.testing.assert_array_equal(mine.data, ref.data)
        np.testing.assert_array_equal(explorer.state.losses, history.train_loss)


def test_probability_map_and_accuracy_agree_with_pytorch(explorer):
    explorer.set(dataset="circles", lr=0.1, hidden=5, activation="elu", epochs=150)
    s = explorer.state
    net = s.model.to_torch()  # an independent forward pass
    n = 200  # the map's points per side, from edge to edge of the box
    x1 = np.linspace(s.box[0], s.box[1], n)
    x2 = np.linspace(s.box[2], s.box[3], n)
    grid = torch.tensor([[a, b] for b in x2 for a in x1], dtype=torch.float64)  # bottom row first
    with torch.no_grad():
        p = torch.sigmoid(net(grid)).numpy().reshape(n, n)
        logits = net(torch.tensor(s.X)).numpy()[:, 0]
    np.testing.assert_allclose(s.proba, p, rtol=1e-12, atol=1e-14)
    assert s.accuracy == np.mean((logits >= 0) == s.y)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(logits), torch.tensor(s.y, dtype=torch.float64))
    assert s.loss == pytest.approx(bce.item(), rel=1e-12)


def test_figure_follows_the_state(explorer):
    explorer.set(dataset="moons", lr=10 ** -1.5, hidden=16, activation="relu", epochs=200)
    before = _png(explorer)
    explorer.set(dataset="spirals", hidden=2, epochs=100)
    s = explorer.state
    np.testing.assert_array_equal(explorer.map.get_array(), s.proba)
    assert tuple(explorer.map.get_extent()) == pytest.approx(s.box)
    for k, points in enumerate(explorer.points):
        np.testing.assert_array_equal(points.get_offsets(), s.X[s.y == k])
    x, y = explorer.loss_line.get_data()
    np.testing.assert_array_equal(x, np.arange(1, 101))
    # the loss axis is logarithmic from 0.001 to 3; a loss outside is drawn on the axis's edge
    assert explorer.loss_ax.get_ylim() == pytest.approx((1e-3, 3.0))
    np.testing.assert_array_equal(y, [min(max(loss, 1e-3), 3.0) for loss in s.losses])
    assert explorer.ax.get_title() == f"spirals, 2 → 2 relu → 1: accuracy {s.accuracy:.2f}"
    assert explorer.loss_ax.get_title() == f"Adam, lr = 0.0316: final loss {s.loss:.3f}"
    # the drawn boundary is the 0.5 level of the map
    assert explorer.contour is not None and explorer.contour.levels.tolist() == [0.5]
    after = _png(explorer)
    assert after.shape == before.shape and (after != before).any(axis=2).mean() > 0.05


def test_more_hidden_units_fit_the_moons_better(explorer):
    accuracies = []
    for hidden in (1, 16):
        explorer.set(dataset="moons", lr=10 ** -1.5, hidden=hidden, activation="relu", epochs=200)
        accuracies.append(explorer.state.accuracy)
    assert accuracies[0] < 0.95 <= accuracies[1]


def test_readout_follows_the_state(explorer):
    explorer.set(dataset="spirals", lr=0.1, hidden=3, activation="tanh", epochs=75)
    s = explorer.state
    model, _ = _direct_fit("spirals", 0.1, 3, "tanh", 75)
    right = int(np.sum((model.forward(s.X)[:, 0] >= 0) == s.y))
    text = explorer.readout.value
    assert "spirals (200 points), 2 → 3 tanh → 1 (13 parameters), full-batch Adam, learning rate 0.1<br>" in text
    assert f"after epoch <b>75</b>: training loss <b>{s.loss:.3f}</b>, " in text
    assert f"training accuracy <b>{right / 200:.2f}</b> ({right} of 200 points right)" in text
    assert right < 200  # not yet perfect after 75 epochs: the count is not a constant


def test_frame_titles_give_the_result(explorer):
    explorer.set(dataset="XOR", lr=0.1, hidden=4, activation="relu", epochs=50)
    s = explorer.state
    assert explorer.frame_title("lr", 0.1, s) == f"lr = 0.1: accuracy {s.accuracy:.2f}, loss {s.loss:.3f}"
    assert explorer.frame_title("hidden", 4, s).startswith("hidden = 4: accuracy ")


def test_player_replays_every_epoch_of_the_slider_on_the_defaults():
    explorer = TrainingExplorer()
    controls = explorer.player_controls()
    assert [c.name for c in controls] == ["lr", "hidden", "activation", "epochs"]  # epochs last: fastest
    lr, hidden, activation, epochs = controls
    assert lr.values == (0.01, 10 ** -1.5, 0.1) and lr.labels == ("0.01", "0.0316", "0.1")
    assert hidden.values == (2, 4, 16) and activation.values == ("relu", "tanh")
    slider = explorer.controls["epochs"]
    assert epochs.values == tuple(range(slider.min, slider.max + 1, slider.step)) and len(epochs.values) == 16
    for control in controls:  # the explorer opens on a state the player offers
        assert explorer.values[control.name] in control.values, control.name
    assert explorer.name == "training" and "JupyterLab or Binder" in explorer.player_note


def test_building_the_player_trains_each_run_once(monkeypatch):
    trained = []
    advance = TrainingRun.advance

    def counting(run, epochs):
        trained.append(max(0, epochs - run.epochs))
        advance(run, epochs)

    monkeypatch.setattr(TrainingRun, "advance", counting)
    # one process, so that every run is counted here (a parallel build trains half in a fork)
    monkeypatch.setattr(_player_render, "_PARALLEL_MIN_STATES", 10 ** 9)
    explorer = TrainingExplorer()
    trained.clear()
    data = build_player(explorer)
    assert len(data.states) == 3 * 3 * 2 * 16
    # the default run (lr 0.0316, 16 relu units) was trained to 200 epochs already; each of the
    # 18 runs is then trained once, to 400 epochs, and replayed from its snapshots
    assert sum(trained) == 17 * 400 + (400 - 200)


@pytest.mark.parametrize("kwargs, message", [
    (dict(dataset="blobs"), r"unknown data set 'blobs'; expected one of \['XOR', 'moons', 'circles', 'spirals'\]"),
    (dict(activation="softmax"), "activation must be element-wise"),
    (dict(lr=2.0), "lr must be a finite number >= 0.001 and <= 1, got 2.0"),
    (dict(lr="a"), r"lr must be a finite number >= 0.001 and <= 1, got 'a' \(str\)"),
    (dict(hidden=0), "hidden must be an integer >= 1, got 0"),
    (dict(hidden=33), "hidden must be an integer <= 32, got 33"),
    (dict(hidden=2.5), "hidden must be an integer >= 1, got 2.5"),
    (dict(epochs=0), "epochs must be an integer >= 25, got 0"),
    (dict(epochs=425), "epochs must be an integer <= 400, got 425"),
    (dict(epochs=30), "epochs must be a multiple of 25 from 25 to 400, got 30"),
])
def test_bad_start_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TrainingExplorer(**kwargs)


def _check(s, where):
    assert np.isfinite(s.proba).all() and np.isfinite(s.losses).all(), where
    assert np.isfinite(s.loss) and 0.0 <= s.accuracy <= 1.0, where
    assert len(s.losses) == s.epochs, where


@pytest.mark.parametrize("dataset", ["XOR", "spirals"])
def test_the_harshest_settings_stay_finite_for_every_activation(dataset):
    # the largest learning rate, the widest layer and the longest run: weights grow most here
    # (two data sets keep the test short; the contract test sweeps every data set at other settings)
    explorer = TrainingExplorer(dataset=dataset, lr=1.0, hidden=32, epochs=400)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in HIDDEN_ACTIVATIONS:
            explorer.set(activation=activation)
            _check(explorer.state, (dataset, activation))
