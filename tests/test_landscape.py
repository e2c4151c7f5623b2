"""Decision landscapes, linear regions and the network diagram, on networks whose answers are known by hand.

The landscape's figure (``plot_landscape``) and colour bar are tested in ``test_plotting.py``.
"""
import subprocess
import sys
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from nnbook.landscape import (activation_patterns, boundary_mask, colour_values, count_linear_regions,
                              landscape_grid, network_landscape)
from nnbook.layers import Dense
from nnbook.mlp import MLP, architecture
from nnbook.mlp_diagram import NetworkDiagram, plot_network


def linear_model(w1: float, w2: float, b: float) -> MLP:
    """The single neuron logit = w1 x1 + w2 x2 + b."""
    return MLP.from_layers([Dense(2, 1, "identity", W=[[w1, w2]], b=[b])])


def relu_layer_model(W1, b1, w2=None) -> MLP:
    """One ReLU hidden layer with the given weights and an output that sums the hidden units."""
    W1 = np.asarray(W1, dtype=float)
    w2 = np.ones((1, W1.shape[0])) if w2 is None else np.asarray(w2, dtype=float)
    return MLP.from_layers([Dense(2, W1.shape[0], "relu", W=W1, b=b1), Dense(W1.shape[0], 1, "identity", W=w2, b=[0.0])])


def test_landscape_imports_and_computes_without_matplotlib():
    """The maths module draws nothing: with every matplotlib import blocked it still computes."""
    script = textwrap.dedent("""
        import sys

        class NoMatplotlib:
            def find_spec(self, name, path=None, target=None):
                if name == "matplotlib" or name.startswith("matplotlib."):
                    raise ModuleNotFoundError(f"blocked: {name}")
                return None

        sys.meta_path.insert(0, NoMatplotlib())
        from nnbook.landscape import count_linear_regions, landscape_grid, network_landscape
        from nnbook.layers import Dense
        from nnbook.mlp import MLP

        hidden = Dense(2, 2, "relu", W=[[1.0, 0.0], [0.0, 1.0]], b=[0.0, 0.0])
        model = MLP.from_layers([hidden, Dense(2, 1, "identity", W=[[1.0, 1.0]], b=[-0.25])])
        land = network_landscape(model, lim=1.0, num=2)
        print(land.logits.tolist(), count_linear_regions(model, landscape_grid(1.0, 10)[1]))
        print(sorted(m for m in sys.modules if m.startswith("matplotlib")))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    # cell centres +-0.5: relu(x1) + relu(x2) - 0.25 by hand; the four quadrants are four patterns
    assert out.stdout.splitlines() == ["[[-0.25, 0.25], [0.25, 0.75]] 4", "[]"]


def test_grid_cell_centres_by_hand():
    centres, points = landscape_grid(1.0, 4)
    np.testing.assert_allclose(centres, [-0.75, -0.25, 0.25, 0.75], rtol=0, atol=1e-15)
    assert points.shape == (16, 2)
    np.testing.assert_allclose(points[:5], [[-0.75, -0.75], [-0.25, -0.75], [0.25, -0.75], [0.75, -0.75],
                                            [-0.75, -0.25]], rtol=0, atol=1e-15)  # x1 varies fastest


@pytest.mark.parametrize("lim, num, message", [
    (0.0, 10, r"lim must be a finite number > 0, got 0.0"),
    (np.inf, 10, r"lim must be a finite number > 0, got inf"),
    ("3", 10, r"lim must be a finite number > 0, got '3' \(str\)"),
    (None, 10, r"lim must be a finite number > 0, got None \(NoneType\)"),
    (1.0, 1, r"num must be an integer >= 2, got 1"),
    (1.0, 2.5, r"num must be an integer >= 2, got 2.5"),
    (1.0, True, r"num must be an integer >= 2, got True"),
])
def test_grid_errors(lim, num, message):
    with pytest.raises(ValueError, match=message):
        landscape_grid(lim, num)
    model = linear_model(1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match=message):  # the landscape checks its grid the same way
        network_landscape(model, lim=lim, num=num)


def test_landscape_orientation_rows_follow_x2_columns_follow_x1():
    land = network_landscape(linear_model(1.0, 0.0, 0.0), lim=2.0, num=8)
    centres = -2.0 + 0.5 * (np.arange(8) + 0.5)
    np.testing.assert_allclose(land.logits, np.tile(centres, (8, 1)), rtol=0, atol=1e-15)  # logit = x1
    land = network_landscape(linear_model(0.0, 1.0, 0.0), lim=2.0, num=8)
    np.testing.assert_allclose(land.logits, np.tile(centres[:, None], (1, 8)), rtol=0, atol=1e-15)  # logit = x2
    assert land.extent == (-2.0, 2.0, -2.0, 2.0)
    np.testing.assert_allclose(land.proba, torch.sigmoid(torch.from_numpy(land.logits)).numpy(), rtol=1e-15)


def test_landscape_of_a_relu_network_matches_torch():
    model = MLP([2, 5, 4, 1], "relu", rng=np.random.default_rng(3), init="torch")
    land = network_landscape(model, lim=3.0, num=30)
    _, points = landscape_grid(3.0, 30)
    with torch.no_grad():
        expected = model.to_torch()(torch.from_numpy(points)).numpy()[:, 0].reshape(30, 30)
    np.testing.assert_allclose(land.logits, expected, rtol=1e-12, atol=1e-14)


def test_landscape_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"2 inputs and 1 output, got sizes \[3, 4, 1\]"):
        network_landscape(MLP([3, 4, 1], rng=rng))
    with pytest.raises(ValueError, match=r"2 inputs and 1 output, got sizes \[2, 4, 2\]"):
        network_landscape(MLP([2, 4, 2], rng=rng))
    with pytest.raises(ValueError, match="output layer must be 'identity'; this model's is 'sigmoid'"):
        network_landscape(MLP([2, 4, 1], "relu", output_activation="sigmoid", rng=rng))
    with pytest.raises(TypeError, match="expected an nnbook.mlp.MLP"):
        network_landscape(torch.nn.Linear(2, 1))
    with pytest.raises(ValueError, match=r"points must have shape \(100, 2\)"):
        network_landscape(MLP([2, 1], rng=rng), num=10, points=np.zeros((99, 2)))


def test_boundary_mask_by_hand():
    logits = np.array([[-1.0, -1.0, 2.0],
                       [-1.0, 0.0, 3.0],
                       [-2.0, -1.0, -1.0]])
    # classes (logit >= 0):     0 0 1 / 0 1 1 / 0 0 0
    expected = np.array([[False, True, False],    # (0,1) differs from its right (0,2) and from above (1,1)
                         [True, True, True],      # (1,0)|(1,1) differ; (1,1),(1,2) differ from the row above
                         [False, False, False]])  # the top row has no row above it
    np.testing.assert_array_equal(boundary_mask(logits), expected)
    assert not boundary_mask(np.ones((4, 4))).any()
    with pytest.raises(ValueError, match="2-D grid"):
        boundary_mask(np.ones(4))


def test_colour_values():
    land = network_landscape(linear_model(0.5, 0.0, 0.0), lim=2.0, num=4)  # logits -0.75 ... 0.75
    np.testing.assert_allclose(colour_values(land, "logit")[0], [0.0, 1 / 3, 2 / 3, 1.0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(colour_values(land, "probability"), land.proba)
    flat = network_landscape(linear_model(0.0, 0.0, 0.0), lim=2.0, num=4)
    np.testing.assert_array_equal(colour_values(flat, "logit"), 0.5)
    with pytest.raises(ValueError, match=r"show must be one of \('logit', 'probability'\), got 'loss'"):
        colour_values(land, "loss")


def test_quadrants_are_four_linear_regions():
    # hidden units relu(x1) and relu(x2): on/off patterns split the plane into the four quadrants
    model = relu_layer_model([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0])
    _, points = landscape_grid(1.0, 10)
    P = activation_patterns(model, points)
    np.testing.assert_array_equal(P, points > 0)
    assert count_linear_regions(model, points) == 4


def test_parallel_lines_make_three_regions_and_no_hidden_layer_one():
    # the XOR hidden layer: relu(x1 + x2) and relu(x1 + x2 - 1), two parallel lines -> 3 strips
    model = relu_layer_model([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], w2=[[1.0, -2.0]])
    _, points = landscape_grid(2.0, 40)
    assert count_linear_regions(model, points) == 3
    assert count_linear_regions(linear_model(1.0, 2.0, 3.0), points) == 1
    assert activation_patterns(linear_model(1.0, 2.0, 3.0), points).shape == (1600, 0)


def test_regions_of_lines_in_general_position():
    # k lines in general position, all crossings inside the square, cut it into 1 + k + k(k-1)/2 pieces
    W1 = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    b1 = [0.0, 0.0, -0.5]  # x1 = 0, x2 = 0, x1 + x2 = 0.5: crossings (0, 0), (0, 0.5), (0.5, 0)
    _, points = landscape_grid(2.0, 200)
    assert count_linear_regions(relu_layer_model(W1, b1), points) == 1 + 3 + 3


def test_regions_need_piecewise_linear_activations():
    model = MLP([2, 3, 1], "tanh", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"piecewise-linear hidden activations .* uses \['tanh'\]"):
        count_linear_regions(model, np.zeros((4, 2)))


def test_architecture_string():  # the titles' arrow chain (nnbook.mlp.architecture)
    assert architecture([2, 16, 16, 1]) == "2 → 16 → 16 → 1"
    assert architecture((2, 1)) == "2 → 1"


def test_network_diagram_counts_nodes_edges_and_labels():
    model = MLP([2, 10, 3, 1], "tanh", rng=np.random.default_rng(0))
    ax = plot_network(model, max_shown=6)
    diagram_nodes = ax.collections[1].get_offsets()
    assert len(diagram_nodes) == 2 + 6 + 3 + 1
    assert len(ax.collections[0].get_segments()) == 2 * 6 + 6 * 3 + 3 * 1
    assert len(ax.collections[2].get_offsets()) == 3  # one column cut: three dots
    texts = [t.get_text() for t in ax.texts if t.get_visible()]
    assert texts == ["input\n2", "h1\n10\ntanh", "h2\n3\ntanh", "output\n1\nidentity"]
    assert ax.get_title() == f"2 → 10 → 3 → 1: {3 * 10 + 11 * 3 + 4} parameters"


def test_network_diagram_colours_follow_the_weights_and_limits_layers():
    model = MLP.from_layers([Dense(2, 1, "identity", W=[[2.0, -1.0]], b=[0.0])])
    fig, ax = plt.subplots()
    diagram = NetworkDiagram(ax, max_layers=1)
    diagram.update(model)
    colours = diagram.edges.get_colors()
    assert colours[0][2] > colours[0][0] and colours[1][0] > colours[1][2]  # blue for +2, red for -1
    assert colours[0][3] == pytest.approx(1.0) and colours[1][3] == pytest.approx(0.12 + 0.88 * 0.5)
    with pytest.raises(ValueError, match="at most 1 layers, got 2"):
        diagram.update(MLP([2, 3, 1], rng=np.random.default_rng(0)))
