"""The optimisers: ten steps from the same start land where torch.optim lands (float64), and by hand."""
import numpy as np
import pytest
import torch

from nnbook.layers import Parameter
from nnbook.losses import cross_entropy_grad
from nnbook.mlp import MLP
from nnbook.optim import SGD, Adam

TOL = 1e-10
STEPS = 10

# name: (our class, torch class, keyword arguments shared by both)
CONFIGS = {
    "sgd": (SGD, torch.optim.SGD, {"lr": 0.1}),
    "sgd_momentum": (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    "sgd_momentum_dampening": (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}),
    "sgd_nesterov": (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    "adam": (Adam, torch.optim.Adam, {"lr": 0.01}),
    "adam_betas": (Adam, torch.optim.Adam, {"lr": 0.003, "betas": (0.8, 0.99), "eps": 1e-6}),
    "adam_defaults": (Adam, torch.optim.Adam, {}),
}
WEIGHT_DECAY = [0.0, 0.01]



@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("weight_decay", WEIGHT_DECAY)
def test_ten_steps_on_given_gradients_match_torch(rel_error, config, weight_decay):
    ours_cls, torch_cls, kwargs = CONFIGS[config]
    rng = np.random.default_rng(0)
    shapes = [(4, 3), (4,), (2, 4), (2,)]
    starts = [rng.normal(size=s) for s in shapes]
    ours = [Parameter(s) for s in starts]
    theirs = [torch.tensor(s, requires_grad=True) for s in starts]
    opt = ours_cls(ours, weight_decay=weight_decay, **kwargs)
    topt = torch_cls(theirs, weight_decay=weight_decay, **kwargs)
    for _ in range(STEPS):
        grads = [rng.normal(size=s) * rng.uniform(0.01, 10) for s in shapes]  # gradients of mixed scale
        opt.zero_grad()
        topt.zero_grad()
        for p, t, g in zip(ours, theirs, grads):
            p.grad += g
            t.grad = torch.tensor(g)
        opt.step()
        topt.step()
    for p, t in zip(ours, theirs):
        assert rel_error(p.data, t.detach().numpy()) <= TOL
    assert opt.steps == STEPS


@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("weight_decay", WEIGHT_DECAY)
def test_ten_training_steps_of_an_mlp_match_torch(rel_error, config, weight_decay):
    ours_cls, torch_cls, kwargs = CONFIGS[config]
    rng = np.random.default_rng(1)
    model = MLP([4, 8, 3], "tanh", rng=rng)
    seq = model.to_torch()
    opt = ours_cls(model.parameters(), weight_decay=weight_decay, **kwargs)
    topt = torch_cls(seq.parameters(), weight_decay=weight_decay, **kwargs)
    for _ in range(STEPS):
        X, y = rng.normal(size=(16, 4)), rng.integers(0, 3, size=16)
        model.zero_grad()
        model.backward(cross_entropy_grad(model.forward(X), y))
        opt.step()
        topt.zero_grad()
        torch.nn.functional.cross_entropy(seq(torch.tensor(X)), torch.tensor(y)).backward()
        topt.step()
    for p, t in zip(model.parameters(), seq.parameters(), strict=True):
        assert rel_error(p.data, t.detach().numpy()) <= TOL


# --- by hand ---------------------------------------------------------------------------


def test_sgd_step_by_hand():
    p = Parameter([1.0, -2.0])
    p.grad[:] = [0.5, -1.0]
    SGD([p], lr=0.1).step()
    np.testing.assert_allclose(p.data, [1.0 - 0.05, -2.0 + 0.1], rtol=1e-15)


def test_momentum_by_hand():
    # v1 = g1 = 1; v2 = 0.9 * 1 + 2 = 2.9; theta = 0 - 0.1 * 1 - 0.1 * 2.9 = -0.39
    p = Parameter([0.0])
    opt = SGD([p], lr=0.1, momentum=0.9)
    for g in (1.0, 2.0):
        p.grad[:] = g
        opt.step()
    assert p.data[0] == pytest.approx(-0.39, abs=1e-15)


def test_nesterov_by_hand():
    # step 1: v = 1, g' = 1 + 0.9 * 1 = 1.9; step 2: v = 0.9 + 2 = 2.9, g' = 2 + 0.9 * 2.9 = 4.61
    p = Parameter([0.0])
    opt = SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    for g in (1.0, 2.0):
        p.grad[:] = g
        opt.step()
    assert p.data[0] == pytest.approx(-0.1 * (1.9 + 4.61), abs=1e-15)


def test_adam_first_step_moves_each_weight_by_about_lr():
    # after one step m_hat = g and sqrt(v_hat) = |g|, so theta moves by lr * g / (|g| + eps)
    g = np.array([3.0, -0.001, 250.0])
    p = Parameter(np.zeros(3))
    p.grad[:] = g
    Adam([p], lr=0.01).step()
    np.testing.assert_allclose(p.data, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)


def test_weight_decay_adds_lambda_theta_to_the_gradient():
    p = Parameter([2.0])
    SGD([p], lr=0.5, weight_decay=0.1).step()  # grad 0 + 0.1 * 2 = 0.2
    assert p.data[0] == pytest.approx(2.0 - 0.5 * 0.2, abs=1e-15)


def test_defaults_are_torchs():
    p = [Parameter([0.0])]
    assert repr(SGD(p)) == "SGD(lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False)"
    assert repr(Adam(p)) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0)"
    t = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults
    assert (t["lr"], t["betas"], t["eps"], t["weight_decay"]) == (0.001, (0.9, 0.999), 1e-08, 0)
    assert torch.optim.SGD([torch.zeros(1, requires_grad=True)]).defaults["lr"] == 0.001


def test_updates_are_in_place_and_zero_grad_clears():
    model = MLP([2, 3, 1], rng=np.random.default_rng(0))
    W = model[0].W
    model[0].dW[:] = 1.0
    opt = SGD(model.parameters(), lr=0.1)
    opt.step()
    assert model[0].W is W  # the layer sees the update without copying
    opt.zero_grad()
    assert not any(p.grad.any() for p in model.parameters())


@pytest.mark.parametrize("make, message", [
    (lambda p: SGD(p, lr=-0.1), "lr must be a finite number >= 0, got -0.1"),
    (lambda p: SGD(p, lr=0.1, nesterov=True), "Nesterov momentum needs momentum > 0"),
    (lambda p: SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "dampening == 0"),
    (lambda p: SGD(p, lr=float("nan")), "lr must be a finite number >= 0, got nan"),
    (lambda p: SGD(p, lr="a"), r"lr must be a finite number >= 0, got 'a' \(str\)"),
    (lambda p: SGD(p, lr=None), r"lr must be a finite number >= 0, got None \(NoneType\)"),
    (lambda p: SGD(p, lr=True), r"lr must be a finite number >= 0, got True \(bool\)"),
    (lambda p: SGD(p, lr=[0.1]), r"lr must be a finite number >= 0, got \[0.1\] \(list\)"),
    (lambda p: SGD(p, momentum=-0.9), "momentum must be a finite number >= 0, got -0.9"),
    (lambda p: SGD(p, dampening="0"), r"dampening must be a finite number >= 0, got '0' \(str\)"),
    (lambda p: SGD(p, weight_decay=float("inf")), "weight_decay must be a finite number >= 0, got inf"),
    (lambda p: Adam(p, lr="a"), r"lr must be a finite number >= 0, got 'a' \(str\)"),
    (lambda p: Adam(p, betas=(1.0, 0.999)), r"betas\[0\] must be a finite number >= 0 and < 1, got 1.0"),
    (lambda p: Adam(p, betas=(0.9, -0.1)), r"betas\[1\] must be a finite number >= 0 and < 1, got -0.1"),
    (lambda p: Adam(p, betas=("0.9", 0.999)), r"betas\[0\] must be a finite number >= 0 and < 1, got '0.9'"),
    (lambda p: Adam(p, betas=(0.9,)), r"betas must be a pair \(beta1, beta2\), got \(0.9,\)"),
    (lambda p: Adam(p, betas=0.9), r"betas must be a pair \(beta1, beta2\), got 0.9"),
    (lambda p: Adam(p, eps=-1.0), "eps must be a finite number >= 0, got -1.0"),
    (lambda p: Adam(p, weight_decay=None), "weight_decay must be a finite number >= 0, got None"),
    (lambda p: Adam([], lr=0.1), "empty parameter list"),
])
def test_bad_hyperparameters(make, message):
    with pytest.raises(ValueError, match=message):
        make([Parameter([0.0])])


def test_parameters_must_be_nnbook_parameters():
    with pytest.raises(TypeError, match=r"nnbook Parameters \(pass model.parameters\(\)\), got ndarray"):
        SGD([np.zeros(3)], lr=0.1)


def test_params_is_the_list_of_the_given_objects():
    model = MLP([2, 3, 1], rng=np.random.default_rng(0))
    opt = Adam(model.parameters())
    assert len(opt.params) == 4
    assert all(a is b for a, b in zip(opt.params, model.parameters(), strict=True))  # not copies


@pytest.mark.parametrize("params, error, message", [
    (Parameter([0.0], "w"), TypeError, r"params must be an iterable of Parameters, got the single "
                                        r"Parameter\(name='w', shape=\(1,\)\); pass \[param\]"),
    (None, TypeError, r"params must be an iterable of Parameters \(pass model.parameters\(\)\), got NoneType"),
    (3, TypeError, r"params must be an iterable of Parameters .*got int"),
])
def test_params_must_be_an_iterable(params, error, message):
    with pytest.raises(error, match=message):
        SGD(params, lr=0.1)


def test_a_parameter_given_twice_is_refused():
    w, b = Parameter([1.0], "w"), Parameter([0.0], "b")
    with pytest.raises(ValueError, match=r"same Parameter twice, at positions 0 and 2 .*updated twice per step"):
        SGD([w, b, w], lr=0.1)


def test_nesterov_must_be_a_flag():
    with pytest.raises(ValueError, match=r"nesterov must be True or False, got 'no' \(str\)"):
        SGD([Parameter(np.zeros(2), "w")], lr=0.1, momentum=0.9, nesterov="no")
