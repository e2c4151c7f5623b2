"""Benchmark (not a timed test): the digits MLP in NumPy, in PyTorch and in scikit-learn, side by side.

The handwritten digits bundled with scikit-learn (1797 images of 8×8 pixels, 10 classes;
no download) are split 75/25, stratified and seeded, and standardised with the training
set's statistics.  Three implementations of the same network, 64 → 128 → 10 with ReLU,
trained by Adam (lr 3e-3, betas (0.9, 0.999)) on minibatches of 32 for 30 epochs with
the cross-entropy loss:

* ``numpy``: ``nnbook.mlp.MLP`` trained by ``nnbook.training.fit`` (float64);
* ``torch float64`` / ``torch float32``: the same initial weights (``MLP.to_torch``), the
  same minibatches in the same order, ``torch.optim.Adam`` and ``nn.CrossEntropyLoss``, on
  the CPU;
* ``sklearn``: ``MLPClassifier`` with the same layer sizes, solver, learning rate, batch size
  and number of epochs (its own initialisation and shuffling; ``alpha=0``, no L2).

Each is trained ``--repeats`` times (default 3); the median wall time of training (not
data loading or evaluation) and the test accuracy are printed with the budget of
``bench/budgets.json`` (``training_numpy_s``: NumPy reaches 97 % test accuracy within 5 s).
Exit status 0 either way.

Usage: python scripts/bench_training.py [--repeats R] [--seed S] [--threads T]
(``--threads`` limits BLAS and PyTorch threads; by default both use their own defaults.)
"""
from __future__ import annotations

import argparse
import json
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from nnbook.mlp import MLP
from nnbook.optim import Adam
from nnbook.training import evaluate, fit

SIZES = [64, 128, 10]
LR, BATCH, EPOCHS = 3e-3, 32, 30
_BUDGET = json.loads((Path(__file__).resolve().parents[1] / "bench" / "budgets.json").read_text())
BUDGET_S, TARGET = _BUDGET["training_numpy_s"]["budget"], _BUDGET["training_numpy_s"]["min_test_accuracy"]


def digits(seed: int):
    data = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, stratify=data.target, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def run_numpy(data, seed: int):
    X_train, X_test, y_train, y_test = data
    rng = np.random.default_rng(seed)
    model = MLP(SIZES, "relu", rng=rng)
    start = time.perf_counter()
    fit(model, X_train, y_train, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=LR),
        epochs=EPOCHS, batch_size=BATCH, rng=rng)
    seconds = time.perf_counter() - start
    return seconds, evaluate(model, X_test, y_test, "cross_entropy")[1]


def run_torch(data, seed: int, dtype: torch.dtype):
    X_train, X_test, y_train, y_test = data
    rng = np.random.default_rng(seed)
    model = MLP(SIZES, "relu", rng=rng).to_torch(dtype)  # same initial weights as run_numpy
    X, y = torch.tensor(X_train, dtype=dtype), torch.tensor(y_train)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    criterion = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.from_numpy(rng.permutation(len(X)))  # the same batches as fit()
        for i in range(0, len(X), BATCH):
            idx = order[i:i + BATCH]
            loss = criterion(model(X[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predicted = model(torch.tensor(X_test, dtype=dtype)).argmax(dim=1).numpy()
    return seconds, float(np.mean(predicted == y_test))


def run_sklearn(data, seed: int):
    X_train, X_test, y_train, y_test = data
    clf = MLPClassifier(hidden_layer_sizes=tuple(SIZES[1:-1]), activation="relu", solver="adam",
                        learning_rate_init=LR, batch_size=BATCH, max_iter=EPOCHS, alpha=0.0,
                        n_iter_no_change=EPOCHS + 1, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is the epoch count here
        clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return seconds, float(clf.score(X_test, y_test))


def measure(repeats: int = 3, seed: int = 0, threads: int | None = None) -> dict:
    """Train each implementation ``repeats`` times; return ``{name: {"seconds", "min_seconds",
    "test_accuracy"}}`` (median and minimum training wall time, accuracy of the last run)."""
    if threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(threads)  # for the rest of this process
        torch.set_num_threads(threads)
    data = digits(seed)
    runners = {
        "numpy (nnbook, float64)": lambda: run_numpy(data, seed),
        "torch float64 (CPU)": lambda: run_torch(data, seed, torch.float64),
        "torch float32 (CPU)": lambda: run_torch(data, seed, torch.float32),
        "sklearn MLPClassifier": lambda: run_sklearn(data, seed),
    }
    results = {}
    for name, runner in runners.items():
        runs = [runner() for _ in range(repeats)]
        seconds = [s for s, _ in runs]
        results[name] = {"seconds": float(np.median(seconds)), "min_seconds": float(min(seconds)),
                         "test_accuracy": float(runs[-1][1])}
    return results


def report(results: dict) -> None:
    """Print the table of :func:`measure` and the verdict against the budget."""
    print(f"{'implementation':<26}{'median s':>10}{'min s':>9}{'test acc':>10}")
    for name, r in results.items():
        print(f"{name:<26}{r['seconds']:>10.3f}{r['min_seconds']:>9.3f}{r['test_accuracy']:>10.4f}")
    mine, theirs = results["numpy (nnbook, float64)"], results["torch float64 (CPU)"]
    ok = "ok" if mine["seconds"] <= BUDGET_S and mine["test_accuracy"] >= TARGET else "MISSED"
    print(f"budget: numpy >= {TARGET:.0%} test accuracy in <= {BUDGET_S:.0f} s -> {ok} "
          f"({mine['test_accuracy']:.2%} in {mine['seconds']:.2f} s); stretch (faster than torch "
          f"float64): {'yes' if mine['seconds'] < theirs['seconds'] else 'no'} "
          f"({theirs['seconds'] / mine['seconds']:.1f}x torch's time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    print(f"digits: MLP {SIZES} relu, Adam lr={LR}, batch {BATCH}, {EPOCHS} epochs; "
          f"{args.repeats} repeats; {platform.processor() or platform.machine()}, "
          f"torch {torch.__version__}, numpy {np.__version__}")
    report(measure(args.repeats, args.seed, args.threads))


if __name__ == "__main__":
    main()
