"""The Dense layer against PyTorch autograd (float64), central differences and numbers by hand."""
import numpy as np
import pytest
import torch

from nnbook.activations import ACTIVATIONS, activation_names
from nnbook.layers import (
    INITIALIZERS,
    Dense,
    Parameter,
    activation_backward,
    default_init,
    he_normal,
    linear_backward,
    linear_forward,
)
from nnbook.pytorch import TORCH

ELEMENTWISE = activation_names(elementwise=True)
DIFFERENTIABLE = [n for n in ELEMENTWISE if ACTIVATIONS[n].differentiable]
SEEDS = [0, 1, 2]
TOL = 1e-10  # relative error allowed against autograd (issue 5)



def random_case(seed: int):
    """A seeded layer shape, input batch and upstream gradient."""
    rng = np.random.default_rng(seed)
    N, n_in, n_out = (int(k) for k in rng.integers(1, 13, size=3))
    return rng, rng.normal(size=(N, n_in)), n_in, n_out, rng.normal(size=(N, n_out))


def autograd_dense(X, W, b, dA, name):
    """dX, dW, db of sum(A * dA) with A = f(X W^T + b), by torch autograd in float64."""
    Xt, Wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (X, W, b))
    A = TORCH[name](Xt @ Wt.T + bt)
    (A * torch.tensor(dA)).sum().backward()
    return A.detach().numpy(), Xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("seed", SEEDS)
def test_forward_matches_nn_linear_and_torch_activation(rel_error, name, seed):
    rng, X, n_in, n_out, _ = random_case(seed)
    layer = Dense(n_in, n_out, name, rng=rng)
    linear = torch.nn.Linear(n_in, n_out, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(layer.W))
        linear.bias.copy_(torch.tensor(layer.b))
    expected = TORCH[name](linear(torch.tensor(X))).detach().numpy()
    A = layer.forward(X)
    assert A.shape == (len(X), n_out)
    assert rel_error(A, expected) <= 1e-12


@pytest.mark.parametrize("name", DIFFERENTIABLE)
@pytest.mark.parametrize("seed", SEEDS)
def test_backward_matches_autograd(rel_error, name, seed):
    rng, X, n_in, n_out, dA = random_case(seed)
    layer = Dense(n_in, n_out, name, rng=rng)
    layer.b = rng.normal(size=n_out)  # a non-zero bias, so db is tested on a general point
    A = layer.forward(X)
    dX = layer.backward(dA)
    A_ref, dX_ref, dW_ref, db_ref = autograd_dense(X, layer.W, layer.b, dA, name)
    assert rel_error(A, A_ref) <= TOL
    assert rel_error(dX, dX_ref) <= TOL
    assert rel_error(layer.dW, dW_ref) <= TOL
    assert rel_error(layer.db, db_ref) <= TOL


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "gelu", "softplus"])
def test_backward_matches_central_differences(name):
    rng, X, n_in, n_out, dA = random_case(7)
    layer = Dense(n_in, n_out, name, rng=rng, init="torch")

    def loss() -> float:  # L = sum(A * dA), whose gradient w.r.t. A is dA
        return float(np.sum(layer.forward(X) * dA))

    layer.forward(X)
    layer.backward(dA)
    h = 1e-6
    for param, grad in ((layer.W, layer.dW), (layer.b, layer.db)):
        numeric = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            old = param[idx]
            param[idx] = old + h
            up = loss()
            param[idx] = old - h
            down = loss()
            param[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-7)


def test_linear_backward_by_hand():
    # Z = X W^T + b for one sample x = [1, 2] and W = [[3, 4]]: z = 11 + b.
    X = np.array([[1.0, 2.0]])
    W = np.array([[3.0, 4.0]])
    assert linear_forward(X, W, np.array([0.5]))[0, 0] == 11.5
    dX, dW, db = linear_backward(np.array([[2.0]]), X, W)  # dL/dz = 2
    np.testing.assert_array_equal(dX, [[6.0, 8.0]])  # 2 * w
    np.testing.assert_array_equal(dW, [[2.0, 4.0]])  # 2 * x
    np.testing.assert_array_equal(db, [2.0])


def test_db_sums_over_the_batch_and_activation_backward_multiplies():
    dZ = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    _, _, db = linear_backward(dZ, np.zeros((3, 4)), np.zeros((2, 4)))
    np.testing.assert_array_equal(db, [9.0, 12.0])
    Z = np.array([[-1.0, 2.0]])
    np.testing.assert_array_equal(activation_backward(np.array([[5.0, 7.0]]), Z, "relu"), [[0.0, 7.0]])


def test_gradients_accumulate_until_zero_grad():
    rng, X, n_in, n_out, dA = random_case(3)
    layer = Dense(n_in, n_out, "tanh", rng=rng)
    layer.forward(X)
    layer.backward(dA)
    dW1, db1 = layer.dW.copy(), layer.db.copy()
    layer.forward(X)
    layer.backward(dA)
    np.testing.assert_allclose(layer.dW, 2 * dW1, rtol=1e-15)
    np.testing.assert_allclose(layer.db, 2 * db1, rtol=1e-15)
    layer.zero_grad()
    assert not layer.dW.any() and not layer.db.any()


def test_step_layer_passes_no_gradient():
    rng, X, n_in, n_out, dA = random_case(4)
    layer = Dense(n_in, n_out, "step", rng=rng)
    assert set(np.unique(layer.forward(X))) <= {0.0, 1.0}
    assert not layer.backward(dA).any() and not layer.dW.any()


def test_parameters_are_the_arrays_the_layer_uses():
    layer = Dense(3, 2, "relu", rng=np.random.default_rng(0))
    weight, bias = layer.parameters()
    assert isinstance(weight, Parameter) and weight.data is layer.W and weight.grad is layer.dW
    assert bias.data is layer.b and bias.grad is layer.db
    assert weight.shape == (2, 3) and bias.shape == (2,)
    weight.data -= 1.0  # an optimiser's in-place update is what the layer computes with
    X = np.ones((1, 3))
    np.testing.assert_allclose(layer.forward(X), np.maximum(X @ layer.W.T + layer.b, 0))
    assert layer.num_parameters == 2 * 3 + 2
    assert repr(weight) == "Parameter(name='W', shape=(2, 3))"
    np.testing.assert_array_equal(np.asarray(weight), layer.W)


def test_explicit_weights_and_repr():
    layer = Dense(2, 1, "sigmoid", W=[[0.5, -1.0]], b=[0.25])
    np.testing.assert_array_equal(layer.W, [[0.5, -1.0]])
    assert layer.forward([[2.0, 1.0]])[0, 0] == pytest.approx(1 / (1 + np.exp(-0.25)), rel=1e-15)
    assert repr(layer) == "Dense(in_features=2, out_features=1, activation='sigmoid')"


# --- initialisers ---------------------------------------------------------------------


def test_he_init_has_variance_two_over_fan_in():
    layer = Dense(400, 300, "relu", rng=np.random.default_rng(0))
    assert layer.W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert abs(layer.W.mean()) < 0.002
    assert not layer.b.any()


def test_xavier_init_is_uniform_with_glorot_bound():
    layer = Dense(400, 200, "tanh", rng=np.random.default_rng(0))
    bound = np.sqrt(6 / (400 + 200))
    assert np.abs(layer.W).max() <= bound
    assert np.abs(layer.W).max() > 0.99 * bound
    assert layer.W.var() == pytest.approx(bound**2 / 3, rel=0.02)  # variance of U(-a, a)
    assert not layer.b.any()


def test_torch_default_init_bounds():
    layer = Dense(100, 50, "relu", rng=np.random.default_rng(0), init="torch")
    assert np.abs(layer.W).max() <= 0.1 and np.abs(layer.b).max() <= 0.1
    assert layer.b.any()


@pytest.mark.parametrize("name, expected", [("relu", "he"), ("leaky_relu", "he"), ("gelu", "he"),
                                            ("tanh", "xavier"), ("sigmoid", "xavier"), ("identity", "xavier")])
def test_default_init_by_activation(name, expected):
    assert default_init(name) == expected


def test_same_seed_same_weights():
    a = Dense(5, 4, rng=np.random.default_rng(3))
    b = Dense(5, 4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.W, b.W)
    assert set(INITIALIZERS) == {"he", "xavier", "torch"}


# --- errors ---------------------------------------------------------------------------


def test_wrong_input_width_is_named():
    layer = Dense(3, 2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"expects input of shape \(N, 3\), got shape \(4, 5\)"):
        layer.forward(np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        layer.forward(np.zeros(3))


def test_backward_errors():
    layer = Dense(3, 2, rng=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.zeros((4, 2)))
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"shape of the latest output \(4, 2\), got shape \(5, 2\)"):
        layer.backward(np.zeros((5, 2)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"in_features": 0, "out_features": 2}, ValueError, "in_features must be an integer >= 1, got 0"),
    ({"in_features": 2, "out_features": 1.5}, ValueError, "out_features must be an integer >= 1, got 1.5"),
    ({"in_features": True, "out_features": 2}, ValueError, "in_features must be an integer >= 1, got True"),
    ({"in_features": 2, "out_features": 2, "activation": "softmax"}, ValueError, "element-wise"),
    ({"in_features": 2, "out_features": 2, "init": "lecun"}, ValueError, "unknown init 'lecun'"),
    ({"in_features": 2, "out_features": 2, "rng": 0}, TypeError, "default_rng"),
    ({"in_features": 2, "out_features": 2, "rng": None}, TypeError,
     r"rng \(needed unless both W and b are given\) must be a numpy.random.Generator"),
    ({"in_features": 2, "out_features": 2, "init": ["he"]}, ValueError, r"unknown init \['he'\]"),
    ({"in_features": 2, "out_features": 2, "W": [[0.0, np.nan], [0.0, 0.0]], "b": np.zeros(2)}, ValueError,
     r"^W contains NaN in 1 of its 4 entries"),
    ({"in_features": 2, "out_features": 2, "W": np.zeros((2, 2)), "b": [np.inf, 0.0]}, ValueError,
     r"^b contains infinity"),
    ({"in_features": 2, "out_features": 2, "W": "ones", "b": np.zeros(2)}, TypeError,
     "W must be a real number or an array of real numbers, got str"),
    ({"in_features": 2, "out_features": 2, "W": np.zeros((2, 3)), "b": np.zeros(2)}, ValueError,
     r"W must have shape \(out_features, in_features\) = \(2, 2\), got shape \(2, 3\)"),
    ({"in_features": 2, "out_features": 2, "W": np.zeros((2, 2)), "b": np.zeros(3)}, ValueError,
     r"b must have shape \(out_features,\) = \(2,\), got shape \(3,\)"),
])
def test_constructor_errors(kwargs, error, message):
    kwargs = {"rng": np.random.default_rng(0), **kwargs}
    if "W" in kwargs:
        kwargs.pop("rng")
    with pytest.raises(error, match=message):
        Dense(**kwargs)


@pytest.mark.parametrize("bad, error, message", [
    ([[1.0, np.nan, 0.0]], ValueError, r"^X contains NaN in 1 of its 3 entries"),  # named X, not z
    ([[1.0, np.inf, 0.0]], ValueError, r"^X contains infinity in 1 of its 3 entries"),
    ([["a", "b", "c"]], TypeError, r"^X must be a real number or an array of real numbers"),
])
def test_bad_input_values_name_X(bad, error, message):
    layer = Dense(3, 2, "sigmoid", rng=np.random.default_rng(0))
    with pytest.raises(error, match=message):
        layer.forward(bad)


def test_activation_backward_refuses_softmax_with_the_way_out():
    dA, Z = np.ones((2, 3)), np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"activation_backward needs an element-wise activation, got 'softmax'"
                                         r".*softmax_vjp.*cross_entropy"):
        activation_backward(dA, Z, "softmax")


def test_activation_backward_refuses_different_shapes():
    # without the check, (2, 1) * (1, 3) would broadcast silently to (2, 3)
    with pytest.raises(ValueError, match=r"dA must have the shape of Z \(1, 3\), got shape \(2, 1\)"):
        activation_backward(np.ones((2, 1)), np.zeros((1, 3)), "relu")


@pytest.mark.parametrize("args, message", [
    ((np.ones((2, 3)), np.ones((1, 2)), np.zeros(1)), r"X must have shape \(N, in_features\) = \(N, 2\)"),
    ((np.ones(2), np.ones((1, 2)), np.zeros(1)), r"X must have shape .* got shape \(2,\)"),
    ((np.ones((2, 2)), np.ones(2), np.zeros(1)), r"W must have shape \(out_features, in_features\)"),
    ((np.ones((2, 2)), np.ones((1, 2)), np.zeros(2)), r"b must have shape \(out_features,\) = \(1,\)"),
])
def test_linear_forward_shape_errors(args, message):
    with pytest.raises(ValueError, match=message):
        linear_forward(*args)


def test_linear_backward_shape_errors():
    with pytest.raises(ValueError, match=r"dZ must have shape \(N, out_features\) = \(4, 1\)"):
        linear_backward(np.ones((4, 2)), np.ones((4, 3)), np.ones((1, 3)))


@pytest.mark.parametrize("init", list(INITIALIZERS))
@pytest.mark.parametrize("args, error, message", [
    ((0, 3), ValueError, "in_features must be an integer >= 1, got 0"),  # he_normal divided by zero
    ((3, 0), ValueError, "out_features must be an integer >= 1, got 0"),
    ((2.5, 3), ValueError, "in_features must be an integer >= 1, got 2.5"),
    (("3", 3), ValueError, "in_features must be an integer >= 1, got '3'"),
])
def test_initialisers_check_their_sizes(init, args, error, message):
    with pytest.raises(error, match=message):
        INITIALIZERS[init](*args, np.random.default_rng(0))


@pytest.mark.parametrize("init", list(INITIALIZERS))
@pytest.mark.parametrize("rng", [0, None, np.random])
def test_initialisers_check_their_rng(init, rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        INITIALIZERS[init](2, 3, rng)


def test_he_normal_shapes_and_numpy_integers():
    W, b = he_normal(np.int64(4), 3, np.random.default_rng(0))
    assert W.shape == (3, 4) and b.shape == (3,)


def test_parameter_checks_and_copies_its_data():
    values = np.array([1.0, 2.0])
    p = Parameter(values, "w")
    values[0] = 5.0
    assert p.data[0] == 1.0  # a copy: the caller's array is not the parameter
    with pytest.raises(ValueError, match=r"^w contains NaN"):
        Parameter([np.nan], "w")
    with pytest.raises(TypeError, match="data must be a real number or an array of real numbers, got str"):
        Parameter("abc")
    with pytest.raises(TypeError, match=r"name must be a string, got 3 \(int\)"):
        Parameter([1.0], 3)
