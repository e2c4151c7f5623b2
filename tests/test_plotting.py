"""Plot helpers draw what the library computes."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook import activations as A
from nnbook import plotting
from nnbook.activations import UnknownActivationError
from nnbook.layers import Dense
from nnbook.mlp import MLP
from nnbook.plotting import colourbar_ticks, plot_landscape


def linear_model(w1: float, w2: float, b: float) -> MLP:
    """The single neuron logit = w1 x1 + w2 x2 + b."""
    return MLP.from_layers([Dense(2, 1, "identity", W=[[w1, w2]], b=[b])])


def test_plot_activation_draws_function_and_derivative():
    ax = plotting.plot_activation("tanh", derivative=True, z_range=(-3, 3), num=61)
    f, df = ax.lines[:2]
    z = f.get_xdata()
    np.testing.assert_allclose(f.get_ydata(), np.tanh(z))
    np.testing.assert_allclose(df.get_ydata(), 1 - np.tanh(z) ** 2)
    assert ax.get_title() == "tanh" and ax.get_xlabel() == "z"


def test_plot_activation_leaves_a_gap_at_the_step():
    ax = plotting.plot_activation("step", num=601)
    y = ax.lines[0].get_ydata()
    assert np.isnan(y).sum() == 1


def test_plot_activations_has_one_panel_per_name():
    fig = plotting.plot_activations(("step", "sigmoid", "tanh", "relu"))
    assert [ax.get_title() for ax in fig.axes] == ["step", "sigmoid", "tanh", "relu"]


def test_response_grid_values():
    x1, x2, z, y = plotting.response_grid([1.0, -2.0], 0.5, "sigmoid", lim=2, num=5)
    assert x1.shape == (5, 5)
    np.testing.assert_allclose(x1[0], [-2, -1, 0, 1, 2])
    np.testing.assert_allclose(z, 1.0 * x1 - 2.0 * x2 + 0.5)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-z)))


def test_response_grid_by_hand():
    x1, x2, z, y = plotting.response_grid([1.0, -1.0], 0.0, "relu", lim=1.0, num=3)
    np.testing.assert_array_equal(x1, [[-1, 0, 1]] * 3)  # x1 along columns
    np.testing.assert_array_equal(x2, [[-1] * 3, [0] * 3, [1] * 3])  # x2 along rows, upwards
    np.testing.assert_array_equal(z, [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]])
    np.testing.assert_array_equal(y, [[0, 1, 2], [0, 0, 1], [0, 0, 0]])


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lim=0.0), ValueError, r"lim must be a finite number > 0, got 0.0"),
    (dict(lim="2"), ValueError, r"lim must be a finite number > 0, got '2' \(str\)"),
    (dict(num=1), ValueError, r"num must be an integer >= 2, got 1"),
    (dict(w=["a", "b"]), TypeError, r"w must be a real number or an array of real numbers"),
])
def test_response_grid_errors(kwargs, error, message):
    args = {"w": [1.0, 2.0], "b": 0.0, **kwargs}
    with pytest.raises(error, match=message):
        plotting.response_grid(**args)


def test_response_surface_3d():
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    plotting.plot_response_surface([1.0, -2.0], 0.5, "sigmoid", ax, lim=2, num=5)
    assert type(ax.collections[0]).__name__ == "Poly3DCollection"
    assert ax.get_zlabel() == "y" and "w = (1, -2), b = 0.5" in ax.get_title()


def test_response_surface_contour_marks_the_boundary():
    ax = plotting.plot_response_surface([1.0, 1.0], 0.0, "sigmoid", lim=2)
    assert ax.get_aspect() == 1.0
    assert len(ax.collections) >= 2  # filled contour + the z = 0 line


def test_response_surface_needs_two_weights():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        plotting.plot_response_surface([1.0, 2.0, 3.0], 0.0)


def test_weight_effect_curves():
    ax = plotting.plot_weight_effect((0.5, 2.0), b=1.0, activation="sigmoid")
    for line, w in zip(ax.lines, (0.5, 2.0)):
        x = line.get_xdata()
        np.testing.assert_allclose(line.get_ydata(), A.sigmoid(w * x + 1.0))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["w = 0.5", "w = 2"]


def test_bias_effect_moves_the_half_way_point_to_minus_b_over_w():
    ax = plotting.plot_bias_effect((-2.0, 0.0, 2.0), w=2.0)
    for line, b in zip(ax.lines, (-2.0, 0.0, 2.0)):
        x, y = line.get_xdata(), line.get_ydata()
        assert np.interp(0.5, y, x) == pytest.approx(-b / 2.0, abs=1e-3)


def test_unknown_activation_in_plots():
    with pytest.raises(UnknownActivationError):
        plotting.plot_activation("nope")


def test_neuron_diagram_encodes_sign_and_magnitude():
    fig, ax = plt.subplots()
    d = plotting.NeuronDiagram(ax, in_features=3)
    d.update([0.6, 0.4, -0.2], [1.5, -0.3, 0.0], -0.1, 0.8, 0.69, "sigmoid")
    strong, weak, zero = d.edges
    assert strong.get_linewidth() > weak.get_linewidth() > zero.get_linewidth()
    assert strong.get_edgecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(plotting.POSITIVE))
    assert weak.get_edgecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(plotting.NEGATIVE))
    assert zero.get_linestyle() == ":"
    assert [t.get_text() for t in d.edge_labels] == ["+1.50", "-0.30", "+0.00"]
    assert d.out_label.get_text() == "0.690" and d.bias_label.get_text() == "-0.10"


# --- Chapter 7: the decision landscape --------------------------------------------------


def test_plot_landscape_draws_image_boundary_and_labels():
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_landscape(linear_model(1.0, -1.0, 0.2), ax, num=50)
    assert ax.get_title() == "2 → 1: 3 parameters" and ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert len(ax.images) == 1 and len(ax.collections) == 1  # the image and the contour at logit 0
    assert len(fig.axes) == 2  # and the colour bar
    # the image is the logit x1 - x2 + 0.2 at the 50 x 50 cell centres of [-3, 3]^2, scaled to [0, 1]
    c = -3.0 + (np.arange(50) + 0.5) * 6.0 / 50
    logit = c[None, :] - c[:, None] + 0.2  # rows x2, columns x1
    np.testing.assert_allclose(ax.images[0].get_array(), 0.5 + 0.5 * logit / np.abs(logit).max(), rtol=0,
                               atol=1e-14)
    assert ax.images[0].get_extent() == [-3.0, 3.0, -3.0, 3.0]
    bar = fig.axes[1]
    assert [t.get_text() for t in bar.get_yticklabels()] == ["−max", "0", "+max"]
    assert bar.get_ylabel() == "logit (scaled to ±max|logit|)"


def test_plot_landscape_without_a_boundary_warns_nothing():
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_landscape(linear_model(0.0, 0.0, 1.0), ax, num=20, colorbar=False, show="probability", title="flat")
    assert ax.get_title() == "flat" and len(ax.collections) == 0 and len(fig.axes) == 1
    np.testing.assert_allclose(ax.images[0].get_array(), 1 / (1 + np.exp(-1.0)), rtol=1e-15)  # p = sigmoid(1)


def test_plot_landscape_errors():
    with pytest.raises(ValueError, match=r"show must be one of \('logit', 'probability'\), got 'loss'"):
        plot_landscape(linear_model(1.0, 0.0, 0.0), show="loss")
    with pytest.raises(ValueError, match=r"2 inputs and 1 output, got sizes \[3, 1\]"):
        plot_landscape(MLP([3, 1], rng=np.random.default_rng(0)))


def test_colourbar_ticks():
    assert colourbar_ticks("logit") == ([0.0, 0.5, 1.0], ["−max", "0", "+max"], "logit (scaled to ±max|logit|)")
    ticks, labels, label = colourbar_ticks("probability")
    assert ticks == [0.0, 0.25, 0.5, 0.75, 1.0] and labels == ["0", "0.25", "0.5", "0.75", "1"]
    assert label == r"$p = \sigma(\mathrm{logit})$"
    with pytest.raises(ValueError, match=r"show must be one of \('logit', 'probability'\), got 'loss'"):
        colourbar_ticks("loss")
