"""The shared argument checks (nnbook.checks): what they accept, convert and refuse, and how they say it."""
import numpy as np
import pytest

from nnbook.checks import as_dataset, as_float_array, check_bool, check_int, check_number, check_rng


def test_check_rng_accepts_a_generator_only():
    rng = np.random.default_rng(1)
    assert check_rng(rng) is rng
    for bad in (0, None, np.random, np.random.RandomState(0)):
        with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator \(np.random.default_rng\(seed\)\)"):
            check_rng(bad)


@pytest.mark.parametrize("value, minimum, expected", [(3, 1, 3), (np.int64(0), 0, 0), (2, 2, 2)])
def test_check_int_returns_python_ints(value, minimum, expected):
    got = check_int(value, "n", minimum=minimum)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("bad", [0, True, 2.0, "3", None])
def test_check_int_refuses(bad):
    with pytest.raises(ValueError, match=rf"n must be an integer >= 1, got {bad!r}"):
        check_int(bad, "n")


@pytest.mark.parametrize("kwargs, text", [({"above": 0}, "> 0"), ({"at_least": 0}, ">= 0"), ({"below": 1}, "< 1"),
                                          ({"at_most": 1}, "<= 1"), ({"above": 0, "below": 1}, "> 0 and < 1")])
def test_check_number_bounds_are_spelled_out(kwargs, text):
    value = 5.0 if ("below" in kwargs or "at_most" in kwargs) else -5.0  # on the wrong side of the bound
    with pytest.raises(ValueError, match=f"x must be a finite number {text}, got {value!r}"):
        check_number(value, "x", **kwargs)
    assert check_number(0.5, "x", **kwargs) == 0.5  # inside every bound above


@pytest.mark.parametrize("bad", ["3", None, True, np.nan, np.inf, [1.0]])
def test_check_number_refuses_non_numbers(bad):
    with pytest.raises(ValueError, match="x must be a finite number"):
        check_number(bad, "x")


def test_check_number_converts_numpy_scalars():
    got = check_number(np.float32(0.5), "x", above=0, below=1)
    assert got == 0.5 and type(got) is float


def test_check_bool():
    assert check_bool(np.bool_(False), "flag") is False
    for bad in ("no", 1, None):
        with pytest.raises(ValueError, match="flag must be True or False"):
            check_bool(bad, "flag")


def test_as_float_array():
    assert as_float_array([1, 2], "x").dtype == np.float64
    assert np.isinf(as_float_array([np.inf], "z", allow_inf=True)).all()
    with pytest.raises(ValueError, match=r"X contains NaN in 2 of its 3 entries"):
        as_float_array([np.nan, 1.0, np.nan], "X")
    with pytest.raises(ValueError, match=r"X contains infinity in 1 of its 2 entries"):
        as_float_array([np.inf, 1.0], "X")
    with pytest.raises(ValueError, match=r"X must have 2 dimension\(s\), got shape \(3,\)"):
        as_float_array([1.0, 2.0, 3.0], "X", ndim=2)
    with pytest.raises(TypeError, match="x must be a real number or an array of real numbers, got str"):
        as_float_array("abc", "x")
    with pytest.raises(TypeError, match="got None"):  # np.asarray(None, float) would be NaN
        as_float_array(None, "x")


def test_as_dataset():
    X, y = as_dataset([[0, 1], [1, 0]], [True, 0.0])
    assert X.dtype == np.float64 and y.tolist() == [1, 0]
    with pytest.raises(ValueError, match=r"y must hold class labels 0 or 1, got values \[0, 2\]"):
        as_dataset([[0, 1], [1, 0]], [0, 2])
    with pytest.raises(ValueError, match=r"X must have 3 columns"):
        as_dataset([[0, 1]], [0], in_features=3)
