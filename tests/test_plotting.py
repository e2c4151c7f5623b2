"""Plot helpers draw what the library computes."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook import activations as A
from nnbook import plotting
from nnbook.activations import UnknownActivationError


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
