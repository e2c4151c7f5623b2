"""The MLP landscape explorer, headless: controls → seeded network → landscape → figure → read-out.

The references are independent of the explorer: the same seed through ``MLP(...)`` directly,
evaluated by PyTorch (``to_torch()``) on a grid built here from its definition, parameter
counts written out by hand, and the linear collapse of an identity network computed as one
matrix product.
"""
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from PIL import Image

from nnbook.activations import activation_names
from nnbook.explorers import MLPExplorer, mlp_state
from nnbook.explorers.mlp import INITS, mlp_sizes
from nnbook.landscape import colour_values
from nnbook.mlp import MLP

ELEMENTWISE = activation_names(elementwise=True)


@pytest.fixture(scope="module")
def explorer():
    return MLPExplorer()


def grid_points(lim: float, num: int) -> np.ndarray:
    """Cell centres of the square, x1 varying fastest, written out from the definition."""
    pts = [(-lim + (j + 0.5) * 2 * lim / num, -lim + (i + 0.5) * 2 * lim / num)
           for i in range(num) for j in range(num)]
    return np.array(pts)


def torch_logits(sizes, activation, init, seed, lim, num) -> np.ndarray:
    """The same seed through MLP(...) directly, evaluated by PyTorch in float64, as a (num, num) image."""
    model = MLP(sizes, activation, rng=np.random.default_rng(seed), init=None if init == "default" else init)
    with torch.no_grad():
        out = model.to_torch()(torch.from_numpy(grid_points(lim, num)))
    return out.numpy()[:, 0].reshape(num, num)


def _image_rgb(explorer) -> np.ndarray:
    return np.asarray(explorer.landscape_image.get_array())[..., :3]


def _expected_rgb(s) -> np.ndarray:
    """The colour map applied to the state's colour values, boundary cells black."""
    rgb = (np.asarray(plt.get_cmap("RdBu")(s.colours))[..., :3] * 255).round()
    rgb[s.landscape.boundary] = 0
    return rgb


def _png(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def test_initial_state(explorer):
    s = explorer.state
    assert s.sizes == (2, 16, 16, 1) and (s.activation, s.init, s.seed, s.show) == ("relu", "torch", 0, "logit")
    assert s.num_parameters == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 == 337
    assert repr(explorer).startswith("MLPExplorer(sizes=[2, 16, 16, 1], activation='relu', init='torch', seed=0, "
                                     "show='logit') -> 337 parameters, logit in [")
    assert explorer.title.get_text() == "2 → 16 → 16 → 1: 337 parameters"
    assert "(2+1)·16 + (16+1)·16 + (16+1)·1 = 48 + 272 + 17 = <b>337</b>" in explorer.readout.value


@pytest.mark.parametrize("width, depth, activation, init, seed", [
    (16, 2, "relu", "torch", 0), (16, 2, "relu", "default", 3), (1, 1, "tanh", "xavier", 7),
    (64, 1, "sigmoid", "he", 99), (5, 5, "leaky_relu", "torch", 11), (8, 0, "relu", "default", 2),
    (12, 3, "gelu", "default", 5), (3, 4, "step", "torch", 42), (9, 2, "identity", "torch", 1),
])
def test_landscape_equals_an_independent_forward_pass(explorer, width, depth, activation, init, seed):
    explorer.set(width=width, depth=depth, activation=activation, init=init, seed=seed)
    s = explorer.state
    sizes = [2] + [width] * depth + [1]
    assert list(s.sizes) == sizes
    expected = torch_logits(sizes, activation, init, seed, explorer.lim, explorer.num)
    np.testing.assert_allclose(s.landscape.logits, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(s.landscape.proba, torch.sigmoid(torch.from_numpy(expected)).numpy(),
                               rtol=1e-12, atol=1e-15)
    assert s.class1 == pytest.approx(np.mean(expected >= 0))
    hand_count = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    torch_count = sum(p.numel() for p in s.model.to_torch().parameters())
    assert s.num_parameters == hand_count == torch_count
    assert (s.logit_min, s.logit_max) == pytest.approx((expected.min(), expected.max()), abs=1e-12)


def test_colour_shows_the_scaled_logit_or_the_probability(explorer):
    explorer.set(width=10, depth=2, activation="tanh", init="torch", seed=4, show="logit")
    s = explorer.state
    L = s.landscape.logits
    np.testing.assert_allclose(s.colours, 0.5 + 0.5 * L / np.abs(L).max(), rtol=0, atol=1e-15)
    assert s.colours.min() >= 0 and s.colours.max() <= 1 and np.isclose(np.abs(s.colours - 0.5).max(), 0.5)
    np.testing.assert_allclose(_image_rgb(explorer), _expected_rgb(s), rtol=0, atol=1)  # 8-bit rounding
    labels = [t.get_text() for t in explorer.colourbar.ax.get_yticklabels()]
    assert labels == ["−max", "0", "+max"]
    explorer.set(show="probability")
    s = explorer.state
    np.testing.assert_allclose(s.colours, 1 / (1 + np.exp(-s.landscape.logits)), rtol=1e-14)
    np.testing.assert_allclose(_image_rgb(explorer), _expected_rgb(s), rtol=0, atol=1)  # 8-bit rounding
    assert [t.get_text() for t in explorer.colourbar.ax.get_yticklabels()] == ["0", "0.25", "0.5", "0.75", "1"]
    explorer.set(show="logit")


def test_figure_follows_the_state(explorer):
    explorer.set(width=16, depth=2, activation="relu", init="torch", seed=0, show="logit")
    before = _png(explorer)
    explorer.set(width=12, depth=3, seed=10)
    s = explorer.state
    # the boundary is painted black exactly on the cells whose class differs from a neighbour
    cls = s.landscape.logits >= 0
    expected = np.zeros_like(cls)
    for i in range(cls.shape[0]):
        for j in range(cls.shape[1]):
            if (j + 1 < cls.shape[1] and cls[i, j] != cls[i, j + 1]) or \
                    (i + 1 < cls.shape[0] and cls[i, j] != cls[i + 1, j]):
                expected[i, j] = True
    assert expected.any()
    np.testing.assert_array_equal(_image_rgb(explorer).sum(axis=2) == 0, expected)
    # the diagram: 2 + 8 + 8 + 8 + 1 drawn neurons (8 of each 12), edges between the drawn ones
    assert len(explorer.diagram.nodes.get_offsets()) == 2 + 8 * 3 + 1
    assert len(explorer.diagram.edges.get_segments()) == 2 * 8 + 8 * 8 * 2 + 8
    first = s.model.layers[0].W[:8, :2].ravel()  # edge colours follow the signs of the weights
    colours = explorer.diagram.edges.get_colors()[: first.size]
    assert np.all((colours[:, 2] > colours[:, 0]) == (first > 0))  # blue for w > 0, red for w < 0
    labels = [t.get_text() for t in explorer.diagram.labels if t.get_visible()]
    assert labels == ["input\n2", "h1\n12", "h2\n12", "h3\n12", "output\n1"]
    assert len(explorer.diagram.more.get_offsets()) == 3 * 3  # "⋮" under the three cut columns
    assert explorer.title.get_text() == f"2 → 12 → 12 → 12 → 1: {3 * 12 + 13 * 12 * 2 + 13:,} parameters"
    after = _png(explorer)
    assert after.shape == before.shape and (after != before).any(axis=2).mean() > 0.02


def test_depth_zero_is_one_neuron_with_a_straight_boundary(explorer):
    explorer.set(depth=0, init="default", seed=6)
    s = explorer.state
    assert s.sizes == (2, 1) and s.num_parameters == 3
    (w1, w2), b = s.model.layers[0].W[0], s.model.layers[0].b[0]
    P = grid_points(explorer.lim, explorer.num)
    np.testing.assert_allclose(s.landscape.logits.ravel(), w1 * P[:, 0] + w2 * P[:, 1] + b, rtol=0, atol=1e-12)
    assert [t.get_text() for t in explorer.diagram.labels if t.get_visible()] == ["input\n2", "output\n1"]
    explorer.set(depth=2, init="torch", seed=0)


def test_identity_hidden_layers_collapse_to_one_affine_map(explorer):
    # five layers, no non-linearity: the landscape is W x + b with W the product of the weights
    explorer.set(width=7, depth=4, activation="identity", init="torch", seed=13)
    s = explorer.state
    W, b = np.eye(2), np.zeros(2)
    for layer in s.model.layers:
        W, b = layer.W @ W, layer.W @ b + layer.b
    P = grid_points(explorer.lim, explorer.num)
    np.testing.assert_allclose(s.landscape.logits.ravel(), P @ W[0] + b[0], rtol=0, atol=1e-12)
    explorer.set(width=16, depth=2, activation="relu", seed=0)


def test_seed_and_init_change_the_weights_reproducibly(explorer):
    explorer.set(width=16, depth=2, activation="relu", init="torch", seed=1)
    one = explorer.state.landscape.logits.copy()
    explorer.set(seed=2)
    assert not np.allclose(one, explorer.state.landscape.logits)
    explorer.set(seed=1)
    np.testing.assert_array_equal(one, explorer.state.landscape.logits)
    explorer.set(init="default")  # He initialisation: every bias is 0
    assert all(not layer.b.any() for layer in explorer.state.model.layers)
    explorer.set(init="torch", seed=0)


@pytest.mark.parametrize("kwargs, message", [
    ({"width": 0}, r"width must be an integer in \[1, 64\], got 0"),
    ({"depth": 6}, r"depth must be an integer in \[0, 5\], got 6"),
    ({"seed": 100}, r"seed must be an integer in \[0, 99\], got 100"),
    ({"width": 2.5}, r"width must be an integer"),
    ({"activation": "softmax"}, r"activation must be one of \[.*'relu'"),
    ({"init": "zeros"}, r"init must be one of \['default', 'torch', 'he', 'xavier'\], got 'zeros'"),
    ({"show": "loss"}, r"show must be one of \['logit', 'probability'\], got 'loss'"),
])
def test_bad_start_values_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLPExplorer(**kwargs)


def test_compute_layer_errors():
    assert mlp_sizes(4, 0) == [2, 1] and mlp_sizes(3, 2) == [2, 3, 3, 1]
    with pytest.raises(ValueError, match="width must be an integer >= 1, got 0"):
        mlp_sizes(0, 1)
    with pytest.raises(ValueError, match="depth must be an integer >= 0, got -1"):
        mlp_sizes(3, -1)
    with pytest.raises(ValueError, match="init must be one of"):
        mlp_state(4, 1, init="zeros")
    with pytest.raises(ValueError, match="show must be one of"):
        mlp_state(4, 1, show="loss")


def test_frame_titles_name_the_architecture(explorer):
    explorer.set(width=16, depth=3)
    title = explorer.frame_title("depth", 3, explorer.state)
    assert title == "depth = 3:  2 → 16 → 16 → 16 → 1, 609 parameters"
    assert explorer.frame_title("seed", 3, explorer.state) == "seed = 3"
    explorer.set(depth=2)


@pytest.mark.parametrize("init", INITS)
def test_the_widest_deepest_networks_stay_finite_for_every_activation(explorer, init):
    # weights compound most here: 64 neurons in each of 5 hidden layers
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in ELEMENTWISE:
            s = explorer.compute(width=64, depth=5, activation=activation, init=init, seed=0, show="logit")
            for arr in (s.landscape.logits, s.landscape.proba, s.colours,
                        colour_values(s.landscape, "probability")):
                assert np.isfinite(arr).all(), (activation, init)
            assert 0.0 <= s.colours.min() and s.colours.max() <= 1.0 and 0.0 <= s.class1 <= 1.0


def test_player_offers_the_architecture_activation_and_seed_around_the_defaults():
    explorer = MLPExplorer()
    controls = {c.name: c for c in explorer.player_controls()}
    assert list(controls) == ["depth", "width", "activation", "seed"]
    assert controls["depth"].values == (0, 1, 2, 4) and controls["width"].values == (4, 16, 64)
    assert controls["activation"].values == ("relu", "tanh", "identity", "step")
    assert controls["activation"].kind == "select" and controls["seed"].values == (0, 1)
    for name, control in controls.items():  # the explorer opens on a state the player offers
        assert explorer.values[name] in control.values, name
    # width and activation are greyed out without a hidden layer: there they change nothing
    assert controls["width"].active_when == controls["activation"].active_when == ("depth", (1, 2, 4))
    frame, readout = explorer.snapshot(depth=0, width=4, activation="tanh", seed=1)
    other_frame, other_readout = explorer.snapshot(depth=0, width=16, activation="relu", seed=1)
    np.testing.assert_array_equal(frame, other_frame)
    assert readout == other_readout
    explorer.set(depth=2, width=16, activation="relu", seed=0)
    assert explorer.name == "mlp" and "JupyterLab or Binder" in explorer.player_note

