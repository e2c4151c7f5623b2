"""The MLP: whole-network gradients vs autograd and finite differences, PyTorch round trip, summary."""
import numpy as np
import pytest
import torch
from torch import nn

from nnbook.activations import ACTIVATIONS, activation_names
from nnbook.layers import Dense
from nnbook.losses import cross_entropy, cross_entropy_grad, mse_loss, mse_loss_grad
from nnbook.mlp import MLP
from nnbook.pytorch import TORCH, TorchActivation, dense_layers, to_sequential, torch_activation

ELEMENTWISE = activation_names(elementwise=True)
SMOOTH_OR_KINKED = [n for n in ELEMENTWISE if ACTIVATIONS[n].differentiable]
TOL = 1e-10



def random_mlp(seed: int):
    """A seeded random architecture (1-4 layers, random widths and activations) and a batch."""
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 5))
    sizes = [int(k) for k in rng.integers(1, 10, size=depth + 1)]
    names = [str(rng.choice(SMOOTH_OR_KINKED)) for _ in range(depth)]
    model = MLP(sizes, names, rng=rng)
    for layer in model:
        layer.b = rng.normal(0, 0.5, size=layer.out_features)
    X = rng.normal(size=(int(rng.integers(1, 20)), sizes[0]))
    return rng, model, X


def autograd_reference(model: MLP, X, loss_fn):
    """Loss, dL/dX and dL/dparameters by torch autograd on a graph built by hand from W, b."""
    Xt = torch.tensor(X, requires_grad=True)
    params = [torch.tensor(p.data, requires_grad=True) for p in model.parameters()]
    A = Xt
    for layer, (W, b) in zip(model, zip(params[0::2], params[1::2])):
        A = TORCH[layer.activation.name](A @ W.T + b)
    loss = loss_fn(A)
    loss.backward()
    return loss.item(), Xt.grad.numpy(), [p.grad.numpy() for p in params]


@pytest.mark.parametrize("seed", range(12))
def test_whole_network_gradients_match_autograd_mse(rel_error, seed):
    rng, model, X = random_mlp(seed)
    Y = rng.normal(size=(len(X), model.sizes[-1]))
    out = model.forward(X)
    dX = model.backward(mse_loss_grad(out, Y))
    value, dX_ref, grads_ref = autograd_reference(model, X, lambda A: nn.functional.mse_loss(A, torch.tensor(Y)))
    assert rel_error(mse_loss(out, Y), value) <= TOL
    assert rel_error(dX, dX_ref) <= TOL
    for p, g in zip(model.parameters(), grads_ref):
        assert rel_error(p.grad, g) <= TOL


@pytest.mark.parametrize("seed", range(12, 20))
def test_whole_network_gradients_match_autograd_cross_entropy(rel_error, seed):
    rng, model, X = random_mlp(seed)
    model = MLP(model.sizes[:-1] + [max(model.sizes[-1], 2)], model.activations[:-1] + ["identity"], rng=rng)
    y = rng.integers(0, model.sizes[-1], size=len(X))
    model.backward(cross_entropy_grad(model.forward(X), y))
    _, _, grads_ref = autograd_reference(model, X, lambda A: nn.functional.cross_entropy(A, torch.tensor(y)))
    for p, g in zip(model.parameters(), grads_ref):
        assert rel_error(p.grad, g) <= TOL


def test_whole_network_gradients_match_central_differences():
    rng = np.random.default_rng(5)
    model = MLP([3, 5, 4, 3], ["tanh", "sigmoid", "identity"], rng=rng)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    model.backward(cross_entropy_grad(model.forward(X), y))
    h = 1e-6
    for p in model.parameters():
        numeric = np.zeros_like(p.data)
        for idx in np.ndindex(p.shape):
            old = p.data[idx]
            p.data[idx] = old + h
            up = cross_entropy(model.forward(X), y)
            p.data[idx] = old - h
            down = cross_entropy(model.forward(X), y)
            p.data[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(p.grad, numeric, rtol=1e-6, atol=1e-9)


def test_backward_accumulates_and_zero_grad_clears():
    rng, model, X = random_mlp(3)
    dY = rng.normal(size=(len(X), model.sizes[-1]))
    model.forward(X)
    model.backward(dY)
    first = [p.grad.copy() for p in model.parameters()]
    model.forward(X)
    model.backward(dY)
    for p, g in zip(model.parameters(), first):
        np.testing.assert_allclose(p.grad, 2 * g, rtol=1e-14, atol=1e-300)
    model.zero_grad()
    assert not any(p.grad.any() for p in model.parameters())


# --- structure --------------------------------------------------------------------------


def test_parameter_count_by_hand():
    model = MLP([2, 16, 16, 1], ["relu", "relu", "identity"], rng=np.random.default_rng(0))
    assert model.num_parameters == (2 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1) == 337
    assert [p.shape for p in model.parameters()] == [(16, 2), (16,), (16, 16), (16,), (1, 16), (1,)]
    digits = MLP([64, 64, 10], "relu", rng=np.random.default_rng(0))
    assert digits.num_parameters == 64 * 64 + 64 + 64 * 10 + 10 == 4810


def test_single_activation_name_means_hidden_layers_and_identity_output():
    model = MLP([4, 8, 8, 3], "tanh", rng=np.random.default_rng(0))
    assert model.activations == ["tanh", "tanh", "identity"]
    model = MLP([4, 8, 1], "relu", output_activation="sigmoid", rng=np.random.default_rng(0))
    assert model.activations == ["relu", "sigmoid"]
    assert model.sizes == [4, 8, 1] and len(model) == 2 and isinstance(model[0], Dense)


@pytest.mark.parametrize("args, kwargs, error, message", [
    (([3],), {}, ValueError, "at least an input and an output size"),
    (([3, 4, 2], ["relu"]), {}, ValueError, r"make 2 layers, so activations needs 2 names, got 1"),
    (([3, 4, 2], ["relu", "identity"]), {"output_activation": "sigmoid"}, ValueError, "last entry"),
    (([3, 4, 2], "relu"), {"rng": None}, TypeError, r"rng must be a numpy.random.Generator .*got None"),
    (([3, 4, 2], "relu"), {"rng": 0}, TypeError, r"rng must be a numpy.random.Generator .*got 0"),
    ((3,), {}, TypeError, r"sizes must be a sequence of layer sizes such as \[2, 16, 1\], got 3"),
    (("2, 3",), {}, TypeError, r"sizes must be a sequence of layer sizes .*got '2, 3'"),
    (([3, 4, 2], 3), {}, TypeError, r"activations must be a name such as 'relu' or a list of names, got 3"),
    (([3, 4, 2], ["relu", "softmax"]), {}, ValueError, "element-wise activation, got 'softmax'"),
    (([3, 4, 2], "relu", ), {"init": "nope"}, ValueError, "unknown init"),
])
def test_constructor_errors(args, kwargs, error, message):
    kwargs = {"rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(error, match=message):
        MLP(*args, **kwargs)


def test_forward_checks_the_input_width():
    model = MLP([3, 4, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"expects input of shape \(N, 3\), got shape \(5, 2\)"):
        model.forward(np.zeros((5, 2)))


def test_summary_table():
    model = MLP([2, 16, 16, 1], ["relu", "relu", "identity"], rng=np.random.default_rng(0))
    text = model.summary()
    lines = text.splitlines()
    assert isinstance(text, str) and len(lines) == 2 + 3 + 2  # header, rule, 3 layers, rule, total
    assert lines[0].split() == ["layer", "type", "input", "→", "output", "W", "b", "activation", "parameters"]
    assert "(N, 2) → (N, 16)" in lines[2] and "(16, 2)" in lines[2] and lines[2].rstrip().endswith("48")
    assert "(N, 16) → (N, 1)" in lines[4] and "identity" in lines[4] and lines[4].rstrip().endswith("17")
    assert lines[-1].split() == ["total", "337"]
    assert "4,810" in MLP([64, 64, 10], rng=np.random.default_rng(0)).summary()


def test_repr_reads_like_torch():
    model = MLP([2, 3, 1], ["tanh", "sigmoid"], rng=np.random.default_rng(0))
    assert repr(model) == (
        "MLP(\n"
        "  (0): Dense(in_features=2, out_features=3, activation='tanh')\n"
        "  (1): Dense(in_features=3, out_features=1, activation='sigmoid')\n"
        ")"
    )


def test_hand_built_xor_network_from_layers():
    # h = relu([x1 + x2, x1 + x2 - 1]); y = h1 - 2 h2 gives XOR on {0, 1}^2
    hidden = Dense(2, 2, "relu", W=[[1.0, 1.0], [1.0, 1.0]], b=[0.0, -1.0])
    output = Dense(2, 1, "identity", W=[[1.0, -2.0]], b=[0.0])
    model = MLP.from_layers([hidden, output])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    np.testing.assert_array_equal(model.forward(X)[:, 0], [0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="do not chain"):
        MLP.from_layers([hidden, Dense(3, 1, W=np.zeros((1, 3)), b=[0.0])])
    with pytest.raises(ValueError, match="at least one"):
        MLP.from_layers([])


def test_predict_proba_and_predict():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 4))
    multi = MLP([4, 6, 3], "relu", rng=rng)
    P = multi.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(P, torch.softmax(torch.tensor(multi.forward(X)), dim=1).numpy(), rtol=1e-12)
    np.testing.assert_array_equal(multi.predict(X), multi.forward(X).argmax(axis=1))
    binary = MLP([4, 6, 1], "relu", rng=rng)
    z = binary.forward(X)[:, 0]
    np.testing.assert_allclose(binary.predict_proba(X)[:, 0], 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_array_equal(binary.predict(X), (z >= 0).astype(int))
    sig = MLP([4, 6, 1], "relu", output_activation="sigmoid", rng=rng)
    np.testing.assert_array_equal(sig.predict_proba(X), sig.forward(X))
    with pytest.raises(ValueError, match="'tanh'"):
        MLP([4, 6, 2], "relu", output_activation="tanh", rng=rng).predict_proba(X)


# --- PyTorch round trip ---------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_to_torch_gives_identical_outputs(rel_error, name):
    rng = np.random.default_rng(1)
    model = MLP([3, 7, 5, 2], name, rng=rng)
    X = rng.normal(size=(25, 3))
    seq = model.to_torch()
    assert isinstance(seq, nn.Sequential) and len(seq) == 6
    assert all(isinstance(seq[i], nn.Linear) for i in (0, 2, 4))
    assert seq[0].weight.dtype == torch.float64
    with torch.no_grad():
        out = seq(torch.tensor(X)).numpy()
    assert rel_error(model.forward(X), out) <= 1e-12


def test_to_torch_uses_native_modules_and_copies():
    model = MLP([2, 4, 4, 4, 1], ["relu", "tanh", "leaky_relu", "sigmoid"], rng=np.random.default_rng(0))
    seq = model.to_torch()
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear", "Tanh", "Linear", "LeakyReLU",
                                              "Linear", "Sigmoid"]
    assert type(MLP([2, 2], ["gelu"], rng=np.random.default_rng(0)).to_torch()[1]) is TorchActivation
    with torch.no_grad():
        seq[0].weight.zero_()
    assert model[0].W.any()  # the torch copy is independent
    assert seq.float()[0].weight.dtype == torch.float32
    assert model.to_torch(torch.float32)[0].weight.dtype == torch.float32


def test_parameters_follow_the_order_of_nn_sequential():
    model = MLP([3, 5, 2], "relu", rng=np.random.default_rng(0))
    for p, q in zip(model.parameters(), model.to_torch().parameters(), strict=True):
        np.testing.assert_array_equal(p.data, q.detach().numpy())


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_round_trip_is_exact(name):
    model = MLP([4, 6, 3], [name, "identity"], rng=np.random.default_rng(2))
    back = MLP.from_torch(model.to_torch())
    assert back.activations == model.activations
    for p, q in zip(model.parameters(), back.parameters(), strict=True):
        np.testing.assert_array_equal(p.data, q.data)


def test_from_a_torch_built_sequential(rel_error):
    torch.manual_seed(0)
    seq = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2)).double()
    model = MLP.from_torch(seq)
    assert model.activations == ["tanh", "relu", "identity"]
    X = np.random.default_rng(0).normal(size=(10, 3))
    with torch.no_grad():
        assert rel_error(model.forward(X), seq(torch.tensor(X)).numpy()) <= 1e-12


@pytest.mark.parametrize("seq, message", [
    (nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.Linear(4, 1)), "cannot convert Dropout"),
    (nn.Sequential(nn.Linear(3, 4, bias=False)), "no bias"),
    (nn.Sequential(nn.Linear(3, 4), nn.Linear(5, 1)), "do not chain"),
    (nn.Sequential(nn.ReLU(), nn.Linear(3, 1)), "must follow an nn.Linear"),
    (nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Tanh()), "must follow an nn.Linear"),
    (nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2)), "negative_slope=0.01"),
    (nn.Sequential(), "non-empty nn.Sequential"),
])
def test_from_torch_errors(seq, message):
    with pytest.raises(ValueError, match=message):
        MLP.from_torch(seq)


# --- the conversion in nnbook.pytorch (what MLP.to_torch / MLP.from_torch call) ------------


def test_to_torch_and_from_torch_are_the_pytorch_module_functions():
    model = MLP([3, 4, 2], ["elu", "identity"], rng=np.random.default_rng(3))
    by_function = to_sequential(model.layers)
    by_method = model.to_torch()
    assert [type(m) for m in by_function] == [type(m) for m in by_method]
    for p, q in zip(by_function.parameters(), by_method.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=0, atol=0)
    layers = dense_layers(by_method)
    assert all(isinstance(layer, Dense) for layer in layers)
    assert [layer.activation.name for layer in layers] == ["elu", "identity"]
    np.testing.assert_array_equal(layers[0].W, model[0].W)
    assert layers[0].W is not model[0].W  # copies, not the same arrays


def test_torch_activation_modules_match_the_registry_functions():
    z = torch.linspace(-4, 4, 81, dtype=torch.float64)
    for name in ELEMENTWISE:
        module = torch_activation(name)
        assert isinstance(module, nn.Module)
        np.testing.assert_allclose(module(z).numpy(), ACTIVATIONS[name].fn(z.numpy()), rtol=1e-12, atol=1e-12)
    assert type(torch_activation("relu")) is nn.ReLU and type(torch_activation("mish")) is TorchActivation
    assert repr(TorchActivation("gelu")) == "TorchActivation('gelu')"


def test_to_sequential_bad_arguments():
    layer = Dense(2, 1, W=[[1.0, 2.0]], b=[0.0])
    with pytest.raises(TypeError, match=r"dtype must be a torch.dtype such as torch.float64, got 'float32'"):
        to_sequential([layer], "float32")
    with pytest.raises(TypeError, match=r"dtype must be a torch.dtype"):
        MLP.from_layers([layer]).to_torch(np.float32)
    with pytest.raises(ValueError, match="at least one Dense layer"):
        to_sequential([])
