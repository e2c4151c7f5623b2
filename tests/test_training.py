"""The training loop: reproducible, equal to the same loop in PyTorch, digits to >= 97 %, clear errors."""
import io

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits, make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from nnbook.layers import Dense, Parameter
from nnbook.losses import cross_entropy
from nnbook.mlp import MLP
from nnbook.optim import SGD, Adam
from nnbook.training import Callback, EarlyStopping, History, TqdmProgress, evaluate, fit


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(200, noise=0.2, random_state=0)
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)


def train_moons(moons, seed, epochs=5, **kwargs):
    X_train, X_val, y_train, y_val = moons
    rng = np.random.default_rng(seed)
    model = MLP([2, 8, 1], "tanh", rng=rng)
    history = fit(model, X_train, y_train, loss="bce_with_logits", optimizer=SGD(model.parameters(), lr=0.5),
                  epochs=epochs, batch_size=16, rng=rng, X_val=X_val, y_val=y_val, **kwargs)
    return model, history


def test_seeded_runs_are_identical(moons):
    (m1, h1), (m2, h2) = train_moons(moons, 3), train_moons(moons, 3)
    assert h1 == h2
    for p, q in zip(m1.parameters(), m2.parameters()):
        np.testing.assert_array_equal(p.data, q.data)
    _, h3 = train_moons(moons, 4)
    assert h3.train_loss != h1.train_loss


def test_history_records_every_epoch(moons):
    _, history = train_moons(moons, 0, epochs=40)
    assert history.epochs == 40
    assert all(len(v) == 40 for v in history.metrics().values())
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.val_accuracy[-1] >= 0.85  # two moons with noise 0.2: a small tanh net separates them
    assert all(0.0 <= a <= 1.0 for a in history.train_accuracy + history.val_accuracy)
    assert repr(history).startswith("History(epochs=40, train_loss=")
    assert set(history.last()) == {"train_loss", "train_accuracy", "val_loss", "val_accuracy"}


def test_val_metrics_equal_an_independent_evaluation(moons):
    model, history = train_moons(moons, 1)
    X_val, y_val = moons[1], moons[3]
    z = model.forward(X_val)[:, 0]
    bce = np.mean(np.logaddexp(0, z) - y_val * z)  # -y log s(z) - (1-y) log(1-s(z)), via logaddexp
    assert history.val_loss[-1] == pytest.approx(bce, rel=1e-12)
    assert history.val_accuracy[-1] == np.mean((z >= 0) == y_val)
    assert evaluate(model, X_val, y_val, "bce_with_logits") == (history.val_loss[-1], history.val_accuracy[-1])


def test_fit_equals_the_same_loop_written_in_pytorch(moons):
    X_train, _, y_train, _ = moons
    rng = np.random.default_rng(7)
    model = MLP([2, 6, 6, 3], "relu", rng=rng)
    seq = model.to_torch()
    y3 = (y_train + (X_train[:, 0] > 0)).astype(int)  # three classes, so cross-entropy is exercised
    history = fit(model, X_train, y3, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.01),
                  epochs=3, batch_size=32, rng=np.random.default_rng(11))
    order_rng = np.random.default_rng(11)  # the same shuffles as fit()
    topt = torch.optim.Adam(seq.parameters(), lr=0.01)
    X, y = torch.tensor(X_train), torch.tensor(y3)
    losses = []
    for _ in range(3):
        order = order_rng.permutation(len(X))
        total = 0.0
        for i in range(0, len(X), 32):
            idx = torch.from_numpy(order[i:i + 32])
            loss = torch.nn.functional.cross_entropy(seq(X[idx]), y[idx])
            topt.zero_grad()
            loss.backward()
            topt.step()
            total += loss.item() * len(idx)
        losses.append(total / len(X))
    np.testing.assert_allclose(history.train_loss, losses, rtol=1e-10)
    for p, t in zip(model.parameters(), seq.parameters()):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_digits_reach_97_percent_test_accuracy():
    data = load_digits()  # bundled with scikit-learn: no download
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, stratify=data.target, random_state=0)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    rng = np.random.default_rng(0)
    model = MLP([64, 128, 10], "relu", rng=rng)
    history = fit(model, X_train, y_train, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=3e-3),
                  epochs=30, batch_size=32, rng=rng)
    accuracy = float(np.mean(model.predict(X_test) == y_test))  # counted independently of evaluate()
    assert accuracy >= 0.97
    assert evaluate(model, X_test, y_test, "cross_entropy")[1] == accuracy
    assert history.train_loss[-1] < 0.05


def test_regression_records_no_accuracy():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(64, 1))
    y = 3 * X[:, 0] - 1
    model = MLP([1, 1], ["identity"], rng=rng)
    history = fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=0.1), epochs=60,
                  batch_size=8, rng=rng, X_val=X, y_val=y)
    assert history.train_accuracy == [] and history.val_accuracy == []
    np.testing.assert_allclose([model[0].W[0, 0], model[0].b[0]], [3.0, -1.0], atol=1e-6)
    assert evaluate(model, X, y, "mse")[1] is None


def test_zero_epochs_train_nothing(moons):
    model, history = train_moons(moons, 0, epochs=0)
    assert history.epochs == 0 and repr(history) == "History(epochs=0)"


def test_fit_prints_nothing(moons, capsys):
    train_moons(moons, 0)
    assert capsys.readouterr() == ("", "")


# --- bad inputs ------------------------------------------------------------------------


@pytest.fixture
def digit_case():
    rng = np.random.default_rng(0)
    model = MLP([4, 5, 10], "relu", rng=rng)
    return model, rng.normal(size=(30, 4)), rng.integers(0, 10, size=30), rng


@pytest.mark.parametrize("change, message", [
    (lambda X, y: (X, np.append(y, 1)), "X and y must hold the same number"),
    (lambda X, y: (X, np.where(y == y[0], 10, y)), r"class labels must lie in 0\.\.9 for 10 classes"),
    (lambda X, y: (X, -np.ones_like(y)), r"got values from -1 to -1"),
    (lambda X, y: (X[:, :3], y), r"expects input of shape \(N, 4\), got shape \(1, 3\)"),
    (lambda X, y: (X[0], y), r"X must have shape \(N, in_features\)"),
    (lambda X, y: (X[:0], y[:0]), r"X must have shape \(N, in_features\) with N >= 1, got shape \(0, 4\)"),
    (lambda X, y: (np.where(X > 1, np.nan, X), y), r"^X contains NaN in \d+ of its 120 entries"),
    (lambda X, y: (X, 1), r"^y does not fit the model and loss: cross_entropy: target must hold one class label "
                          r"per sample, shape \(30,\), got shape \(\)"),  # was "len() of unsized object"
    (lambda X, y: (X, [[0, 1], [2]] * 15), r"^y must be an array with one target per sample of X, got a ragged list"),
])
def test_bad_training_data(digit_case, change, message):
    model, X, y, rng = digit_case
    X, y = change(X, y)
    with pytest.raises(ValueError, match=message):
        fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), epochs=1, rng=rng)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
    ({"epochs": -1}, ValueError, "epochs must be an integer >= 0"),
    ({"rng": 0}, TypeError, "numpy.random.Generator"),
    ({"X_val": np.zeros((3, 4))}, ValueError, "both X_val and y_val"),
    ({"X_val": np.zeros((3, 4)), "y_val": np.zeros(2, int)}, ValueError, "X_val and y_val must hold the same"),
    ({"loss": "hinge"}, KeyError, "unknown loss 'hinge'"),
    ({"epochs": 2.0}, ValueError, "epochs must be an integer >= 0, got 2.0"),
    ({"batch_size": "32"}, ValueError, "batch_size must be an integer >= 1, got '32'"),
    ({"rng": None}, TypeError, "rng must be a numpy.random.Generator"),
    ({"callbacks": [EarlyStopping]}, TypeError, r"got the class EarlyStopping \(did you mean EarlyStopping\(...\)\?\)"),
    ({"callbacks": EarlyStopping("train_loss")}, TypeError,
     r"callbacks must be a list of callbacks.*callbacks=\[...\]"),
    ({"callbacks": ["stop"]}, TypeError,
     r"a callback must be a Callback or a function f\(epoch, history, model\), got 'stop'"),
])
def test_bad_arguments(digit_case, kwargs, error, message):
    model, X, y, rng = digit_case
    kwargs = {"loss": "cross_entropy", "epochs": 1, "rng": rng, **kwargs}
    with pytest.raises(error, match=message):
        fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), **kwargs)


def test_binary_targets_must_fit_one_output():
    rng = np.random.default_rng(0)
    model = MLP([2, 3, 1], "relu", rng=rng)
    X = rng.normal(size=(10, 2))
    with pytest.raises(ValueError, match=r"y does not fit the model and loss.*target must lie in \[0, 1\]"):
        fit(model, X, np.full(10, 2.0), loss="bce_with_logits", optimizer=SGD(model.parameters()), epochs=1,
            rng=rng)
    with pytest.raises(ValueError, match=r"y does not fit the model and loss: .*target must have the shape of the "
                                         r"model's output \(10, 1\) or \(10,\), got shape \(10, 2\)"):
        fit(model, X, np.zeros((10, 2)), loss="bce_with_logits", optimizer=SGD(model.parameters()), epochs=1,
            rng=rng)


# --- callbacks -------------------------------------------------------------------------


def test_function_callback_sees_every_epoch_and_can_stop(moons):
    seen = []

    def stop_after_three(epoch, history, model):
        seen.append((epoch, history.epochs))
        return epoch == 3

    _, history = train_moons(moons, 0, epochs=10, callbacks=[stop_after_three])
    assert seen == [(1, 1), (2, 2), (3, 3)]
    assert history.epochs == 3 and history.stopped_early
    assert "stopped_early=True" in repr(history)


def test_callback_events_in_order(moons):
    class Recorder(Callback):
        def __init__(self):
            self.events = []

        def on_train_begin(self, model, epochs):
            self.events.append(("begin", epochs))

        def on_epoch_end(self, epoch, history, model):
            self.events.append(("epoch", epoch))

        def on_train_end(self, history, model):
            self.events.append(("end", history.epochs))

    recorder = Recorder()
    train_moons(moons, 0, epochs=2, callbacks=[recorder])
    assert recorder.events == [("begin", 2), ("epoch", 1), ("epoch", 2), ("end", 2)]


def test_early_stopping_restores_the_best_weights(moons):
    snapshots = {}

    def snapshot(epoch, history, model):
        snapshots[epoch] = [p.data.copy() for p in model.parameters()]

    X_train, X_val, y_train, y_val = moons
    rng = np.random.default_rng(0)
    model = MLP([2, 16, 1], "relu", rng=rng)
    stopper = EarlyStopping("val_loss", patience=2)
    history = fit(model, X_train, y_train, loss="bce_with_logits",
                  optimizer=SGD(model.parameters(), lr=5.0),  # far too large: the loss jumps around
                  epochs=50, batch_size=8, rng=rng, X_val=X_val, y_val=y_val, callbacks=[snapshot, stopper])
    assert history.stopped_early and history.epochs < 50
    best = int(np.argmin(history.val_loss)) + 1
    assert stopper.best_epoch == best and stopper.best == min(history.val_loss)
    assert history.epochs == best + 2
    for p, w in zip(model.parameters(), snapshots[best]):
        np.testing.assert_array_equal(p.data, w)


def test_early_stopping_checks_its_metric(moons):
    with pytest.raises(ValueError, match="monitor must be one of"):
        EarlyStopping("val_f1")
    with pytest.raises(ValueError, match="does not record"):
        X_train, _, y_train, _ = moons
        rng = np.random.default_rng(0)
        model = MLP([2, 3, 1], rng=rng)
        fit(model, X_train, y_train, loss="bce_with_logits", optimizer=SGD(model.parameters()), epochs=2,
            rng=rng, callbacks=[EarlyStopping("val_loss")])


def test_tqdm_progress_writes_only_to_its_stream(moons, capsys):
    stream = io.StringIO()
    train_moons(moons, 0, epochs=3, callbacks=[TqdmProgress(file=stream, mininterval=0)])
    text = stream.getvalue()
    assert "epochs" in text and "3/3" in text and "loss=" in text and "val_acc=" in text
    assert capsys.readouterr() == ("", "")
    silent = io.StringIO()
    train_moons(moons, 0, epochs=2, callbacks=[TqdmProgress(file=silent, disable=True)])
    assert silent.getvalue() == ""


def test_history_is_a_plain_record():
    h = History(train_loss=[0.5, 0.25], train_accuracy=[0.5, 0.75])
    assert h.epochs == 2 and h["train_loss"] == [0.5, 0.25]
    assert h.last() == {"train_loss": 0.25, "train_accuracy": 0.75}
    assert repr(h) == "History(epochs=2, train_loss=0.2500, train_accuracy=0.7500)"
    assert cross_entropy(np.zeros((1, 2)), [0]) == pytest.approx(np.log(2))



# --- the optimiser must update this model --------------------------------------------


def test_an_optimizer_of_another_model_is_refused(digit_case):
    model, X, y, rng = digit_case
    other = MLP([4, 5, 10], "relu", rng=np.random.default_rng(1))
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"the optimizer was built on other parameters than this model's \(none of "
                                         r"its 4 parameters is one of the model's\), so fit would train nothing; "
                                         r"build it on this model: optimizer=SGD\(model.parameters\(\), ...\)"):
        fit(model, X, y, loss="cross_entropy", optimizer=SGD(other.parameters(), lr=0.1), epochs=1, rng=rng)
    for p, w in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, w)


def test_equal_values_are_not_the_same_parameters(digit_case):
    model, X, y, rng = digit_case
    twin = MLP.from_layers([Dense(layer.in_features, layer.out_features, layer.activation, W=layer.W, b=layer.b)
                            for layer in model])  # the same numbers in new Parameter objects
    with pytest.raises(ValueError, match="built on other parameters than this model's"):
        fit(model, X, y, loss="cross_entropy", optimizer=Adam(twin.parameters()), epochs=1, rng=rng)


def test_an_optimizer_with_some_foreign_parameters_is_refused(digit_case):
    model, X, y, rng = digit_case
    stray = Parameter([0.0], "stray")
    with pytest.raises(ValueError, match=r"1 of the optimizer's 5 parameters is not this model's"):
        fit(model, X, y, loss="cross_entropy", optimizer=SGD([*model.parameters(), stray], lr=0.1), epochs=1,
            rng=rng)


def test_an_optimizer_of_a_subset_freezes_the_rest(digit_case):
    model, X, y, rng = digit_case
    first = [p.data.copy() for p in model[0].parameters()]
    last = [p.data.copy() for p in model[1].parameters()]
    fit(model, X, y, loss="cross_entropy", optimizer=SGD(model[1].parameters(), lr=0.1), epochs=2, rng=rng)
    for p, w in zip(model[0].parameters(), first):
        np.testing.assert_array_equal(p.data, w)  # frozen
    assert all(not np.array_equal(p.data, w) for p, w in zip(model[1].parameters(), last))  # trained


@pytest.mark.parametrize("optimizer, message", [
    (None, r"optimizer must be an nnbook.optim optimiser built on model.parameters\(\).*got builtins.NoneType"),
    ("adam", r"got builtins.str"),
])
def test_optimizer_must_be_an_nnbook_optimiser(digit_case, optimizer, message):
    model, X, y, rng = digit_case
    with pytest.raises(TypeError, match=message):
        fit(model, X, y, loss="cross_entropy", optimizer=optimizer, epochs=1, rng=rng)


def test_a_torch_optimiser_is_refused(digit_case):
    model, X, y, rng = digit_case
    topt = torch.optim.SGD(model.to_torch().parameters(), lr=0.1)
    with pytest.raises(TypeError, match=r"got torch.optim.sgd.SGD"):
        fit(model, X, y, loss="cross_entropy", optimizer=topt, epochs=1, rng=rng)


def test_scalar_binary_target_names_y_and_the_shape():
    rng = np.random.default_rng(0)
    model = MLP([2, 3, 1], "relu", rng=rng)
    with pytest.raises(ValueError, match=r"^y does not fit the model and loss: binary_cross_entropy_with_logits: "
                                         r"target must have the shape of the model's output \(10, 1\) or \(10,\), "
                                         r"got shape \(\)"):
        fit(model, rng.normal(size=(10, 2)), 1, loss="bce_with_logits", optimizer=SGD(model.parameters()), epochs=1,
            rng=rng)


def test_validation_targets_are_named(digit_case):
    model, X, y, rng = digit_case
    with pytest.raises(ValueError, match=r"^y_val does not fit the model and loss: .*class labels must lie in 0\.\.9"):
        fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), epochs=1, rng=rng,
            X_val=X[:3], y_val=[0, 1, 12])


def test_evaluate_checks_like_fit(digit_case):
    model, X, y, _ = digit_case
    with pytest.raises(ValueError, match=r"^y does not fit the model and loss: .*shape \(30,\), got shape \(\)"):
        evaluate(model, X, 3, "cross_entropy")


@pytest.mark.parametrize("kwargs, message", [
    ({"patience": -1}, "patience must be an integer >= 0, got -1"),
    ({"patience": 1.5}, "patience must be an integer >= 0, got 1.5"),
    ({"min_delta": "0.1"}, r"min_delta must be a finite number >= 0, got '0.1' \(str\)"),
    ({"min_delta": -0.1}, "min_delta must be a finite number >= 0, got -0.1"),
    ({"monitor": None}, "monitor must be one of train_loss, train_accuracy, val_loss, val_accuracy, got None"),
])
def test_early_stopping_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        EarlyStopping(**kwargs)


def test_history_names_its_metrics():
    with pytest.raises(KeyError, match=r"unknown metric 'val_f1'; expected one of: train_loss, train_accuracy, "
                                       r"val_loss, val_accuracy"):
        History()["val_f1"]


def test_flags_must_be_booleans():
    """A string flag such as "no" would read as true; it is refused by name instead."""
    rng = np.random.default_rng(0)
    model = MLP([2, 1], ["identity"], rng=rng)
    X, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    with pytest.raises(ValueError, match=r"shuffle must be True or False, got 'no' \(str\)"):
        fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=0.1), epochs=1, rng=rng, shuffle="no")
    with pytest.raises(ValueError, match=r"restore_best must be True or False, got 0"):
        EarlyStopping(restore_best=0)
