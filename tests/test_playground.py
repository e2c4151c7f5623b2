"""The playground's library side, without widgets: its data sets are the library's generators, and a
resumable training run equals one direct `fit`, however it is extended and rewound."""
import subprocess
import sys

import numpy as np
import pytest

from nnbook.activations import ACTIVATIONS
from nnbook.datasets import circles, noisy_xor, spirals, two_moons
from nnbook.mlp import MLP
from nnbook.optim import Adam
from nnbook.playground import DATASETS, HIDDEN_ACTIVATIONS, TrainingRun, playground_data
from nnbook.training import fit


def direct_fit(dataset, lr, hidden, activation, epochs, seed=0):
    """The training the playground documents, written out here."""
    (X, y), _ = playground_data(dataset, seed)
    model = MLP([2, hidden, 1], activation, rng=np.random.default_rng(seed))
    history = fit(model, X, y, loss="bce_with_logits", optimizer=Adam(model.parameters(), lr=lr),
                  epochs=epochs, batch_size=len(X), shuffle=False, rng=np.random.default_rng(seed))
    return model, history


def _same_weights(mine, ref):
    for p, q in zip(mine.parameters(), ref.parameters(), strict=True):
        np.testing.assert_array_equal(p.data, q.data)


def test_imports_neither_widgets_nor_matplotlib():
    code = ("import sys, nnbook.playground; "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_data_sets_are_the_library_generators():
    # the settings the playground documents: 100 points per class, these noise levels
    makers = {"XOR": lambda r: noisy_xor(100, rng=r), "moons": lambda r: two_moons(100, rng=r, noise=0.15),
              "circles": lambda r: circles(100, rng=r, noise=0.08), "spirals": lambda r: spirals(100, rng=r)}
    assert DATASETS == ("XOR", "moons", "circles", "spirals")
    for name, make in makers.items():
        (X, y), box = playground_data(name, seed=3)
        X_ref, y_ref = make(np.random.default_rng(3))
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)
        assert box[1] - box[0] == pytest.approx(box[3] - box[2])  # a square view
        assert (X[:, 0] > box[0]).all() and (X[:, 0] < box[1]).all()
        assert (X[:, 1] > box[2]).all() and (X[:, 1] < box[3]).all()


def test_view_box_by_hand():
    # the box is the points' bounding square, half side 0.55 * (the longer side) + 0.1, on their centre
    (X, _), box = playground_data("moons", seed=0)
    lo, hi = X.min(axis=0), X.max(axis=0)
    side = max(hi - lo)
    for k in (0, 1):
        middle = (lo[k] + hi[k]) / 2
        assert box[2 * k] == pytest.approx(middle - 0.55 * side - 0.1)
        assert box[2 * k + 1] == pytest.approx(middle + 0.55 * side + 0.1)


@pytest.mark.parametrize("name, seed, message", [
    ("blobs", 0, r"unknown data set 'blobs'; expected one of \['XOR', 'moons', 'circles', 'spirals'\]"),
    ("moons", -1, "seed must be an integer >= 0, got -1"),
    ("moons", 1.5, "seed must be an integer >= 0, got 1.5"),
])
def test_data_errors(name, seed, message):
    with pytest.raises(ValueError, match=message):
        playground_data(name, seed)


def test_hidden_activations_are_the_elementwise_registry_entries():
    assert "softmax" in ACTIVATIONS and "softmax" not in HIDDEN_ACTIVATIONS
    assert {"relu", "tanh", "sigmoid", "gelu", "swish"} <= set(HIDDEN_ACTIVATIONS)
    assert set(HIDDEN_ACTIVATIONS) == set(ACTIVATIONS) - {"softmax"}


@pytest.mark.parametrize("dataset, lr, hidden, activation, epochs", [
    ("moons", 10 ** -1.5, 16, "relu", 200),
    ("XOR", 0.1, 4, "tanh", 75),
    ("spirals", 0.01, 3, "sigmoid", 25),
])
def test_a_run_in_one_go_equals_adirect_fit(dataset, lr, hidden, activation, epochs):
    (X, y), _ = playground_data(dataset)
    run = TrainingRun(X, y, lr, hidden, activation, seed=0, every=25)
    run.advance(epochs)
    model, history = direct_fit(dataset, lr, hidden, activation, epochs)
    assert run.epochs == epochs
    np.testing.assert_array_equal(run.losses, history.train_loss)
    _same_weights(run.model, model)
    _same_weights(run.model_at(epochs), model)


def test_extending_and_rewinding_give_the_direct_fits():
    (X, y), _ = playground_data("XOR")
    run = TrainingRun(X, y, 0.1, 6, "swish", seed=0, every=25)
    for epochs in (50, 175, 125, 25, 175, 200):  # continuations and rewinds of one run
        run.advance(epochs)
        model, history = direct_fit("XOR", 0.1, 6, "swish", epochs)
        _same_weights(run.model_at(epochs), model)
        np.testing.assert_array_equal(run.losses[:epochs], history.train_loss)
    assert run.epochs == 200


def test_snapshots_are_kept_at_multiples_of_every_and_at_each_end():
    (X, y), _ = playground_data("circles")
    run = TrainingRun(X, y, 0.1, 3, "elu", seed=1, every=20)
    run.advance(50)  # stops between two multiples: its end is kept too
    run.advance(30)  # nothing to train
    run.advance(70)
    assert sorted(run.snapshots) == [0, 20, 40, 50, 60, 70]
    untrained = MLP([2, 3, 1], "elu", rng=np.random.default_rng(1))
    _same_weights(run.model_at(0), untrained)
    rebuilt = run.model_at(40)
    assert [(layer.in_features, layer.out_features, layer.activation.name) for layer in rebuilt] == [
        (2, 3, "elu"), (3, 1, "identity")]
    with pytest.raises(KeyError, match=r"no snapshot after 30 epochs; kept: \[0, 20, 40, 50, 60, 70\]"):
        run.model_at(30)


def test_a_rebuilt_model_is_a_copy():
    (X, y), _ = playground_data("moons")
    run = TrainingRun(X, y, 0.1, 2, "relu", seed=0, every=25)
    run.advance(25)
    before = run.model_at(25)
    run.advance(50)  # training on does not change the copy
    np.testing.assert_array_equal(before.parameters()[0].data, run.snapshots[25][0])
    assert not np.array_equal(before.parameters()[0].data, run.model.parameters()[0].data)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr="a"), ValueError, r"lr must be a finite number > 0, got 'a' \(str\)"),
    (dict(lr=0.0), ValueError, "lr must be a finite number > 0, got 0.0"),
    (dict(hidden=0), ValueError, "hidden must be an integer >= 1, got 0"),
    (dict(every=0), ValueError, "every must be an integer >= 1, got 0"),
    (dict(activation="softmax"), ValueError, "activation must be element-wise"),
    (dict(X=np.full((4, 2), np.nan)), ValueError, "X contains NaN in 8 of its 8 entries"),
])
def test_run_errors(kwargs, error, message):
    (X, y), _ = playground_data("XOR")
    args = dict(X=X, y=y, lr=0.1, hidden=2, activation="relu", seed=0, every=25) | kwargs
    with pytest.raises(error, match=message):
        TrainingRun(**args)


def test_advance_checks_its_argument():
    (X, y), _ = playground_data("XOR")
    run = TrainingRun(X, y, 0.1, 2, "relu", seed=0, every=25)
    with pytest.raises(ValueError, match="epochs must be an integer >= 0, got 2.5"):
        run.advance(2.5)
