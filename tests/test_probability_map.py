"""plot_probability_map: the picture shows the model's own probabilities, its 0.5 boundary and the data."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from nnbook.layers import Dense
from nnbook.mlp import MLP
from nnbook.plotting import plot_probability_map


def _line_model():
    """p(class 1) = sigmoid(4 x1 - 2): the boundary is the vertical line x1 = 0.5."""
    return MLP.from_layers([Dense(2, 1, "identity", W=[[4.0, 0.0]], b=[-2.0])])


def test_map_is_the_models_probability_and_the_boundary_its_half_level():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.2, 1.0], [0.9, 1.0]])
    y = np.array([0, 1, 1, 1])
    ax = plot_probability_map(_line_model(), X, y, box=(-1.0, 2.0, -1.0, 2.0), num=31)
    (image,) = ax.images
    x1 = np.linspace(-1.0, 2.0, 31)
    expected = torch.sigmoid(torch.tensor(4.0 * x1 - 2.0)).numpy()  # independent: torch's sigmoid, per column
    np.testing.assert_allclose(image.get_array(), np.tile(expected, (31, 1)), rtol=1e-12)
    (contour,) = [c for c in ax.collections if hasattr(c, "levels")]
    assert contour.levels.tolist() == [0.5]
    segments = np.concatenate(contour.allsegs[0])
    np.testing.assert_allclose(segments[:, 0], 0.5, atol=1e-9)  # the line x1 = 0.5
    assert ax.get_title() == "accuracy 0.75"  # (0.2, 1) is on the class-0 side
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    plt.close(ax.figure)


def test_no_boundary_is_drawn_when_the_map_has_one_class():
    X, y = np.array([[0.0, 0.0], [0.1, 0.1]]), np.array([0, 0])
    ax = plot_probability_map(_line_model(), X, y, box=(-1.0, 0.0, -1.0, 0.0), title="all class 0", colorbar=True)
    assert not [c for c in ax.collections if hasattr(c, "levels")]
    assert ax.get_title() == "all class 0" and len(ax.figure.axes) == 2
    plt.close(ax.figure)


def test_default_view_contains_every_point():
    X = np.array([[-3.0, 1.0], [4.0, 2.0], [0.0, -5.0]])
    ax = plot_probability_map(_line_model(), X, np.array([0, 1, 0]))
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    assert x_lo < -3.0 and x_hi > 4.0 and y_lo < -5.0 and y_hi > 2.0
    assert len(ax.collections) >= 2
    plt.close(ax.figure)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plot_probability_map(_line_model(), np.zeros((3, 3)), np.zeros(3))


@pytest.mark.parametrize("kwargs, message", [
    (dict(num=1), r"num must be an integer >= 2, got 1"),
    (dict(box=(1.0, -1.0, -1.0, 1.0)), r"box must have x1_min < x1_max and x2_min < x2_max, got \(1.0, -1.0"),
    (dict(box=(-1.0, 1.0, np.nan, 1.0)), r"x2_min must be a finite number, got nan"),
])
def test_a_bad_grid_is_refused_by_name(kwargs, message):
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    with pytest.raises(ValueError, match=message):
        plot_probability_map(_line_model(), X, y, **kwargs)


def test_points_with_nan_are_refused_by_name():
    X, y = np.array([[0.0, np.nan], [1.0, 1.0]]), np.array([0, 1])
    with pytest.raises(ValueError, match="X contains NaN in 1 of its 4 entries"):
        plot_probability_map(_line_model(), X, y)
