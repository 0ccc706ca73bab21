"""Reading [[expect]] tables: what each key means, and one clear message per mistake."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dnnstep.expect.spec import DEFAULT_ATOL, DEFAULT_RTOL, Bound, ExpectationError, parse_expectation


def parse(table, number=1, L=3, iterations=10):
    return parse_expectation(table, number, file="net.toml", L=L, num_iterations=iterations)


def message(table, **kwargs) -> str:
    with pytest.raises(ExpectationError) as info:
        parse(table, **kwargs)
    return str(info.value)


def test_a_full_table_reads_as_written():
    e = parse({"at": "backward 3", "iteration": 4, "tensor": "dW", "shape": [1, 2],
               "values": [[0.5, -1]], "rtol": 1e-3, "atol": 0.0, "no_nan": True, "gradcheck": True,
               "min": [-1, math.inf], "mean": 0.1, "zero_share": [0, 0.5]}, number=7)
    assert (e.phase, e.layer, e.iteration, e.tensor, e.shape) == ("backward", 3, 4, "dW", (1, 2))
    assert np.array_equal(e.values, np.array([[0.5, -1.0]])) and e.values.dtype == np.float64
    assert (e.rtol, e.atol, e.no_nan, e.gradcheck) == (1e-3, 0.0, True, True)
    assert e.bounds["min"] == Bound(low=-1.0, high=math.inf, rtol=1e-3, atol=0.0)
    assert e.bounds["mean"].value == 0.1 and e.bounds["zero_share"].is_range
    assert e.checks == ("shape", "values", "min", "mean", "zero_share", "no_nan", "gradcheck")
    assert e.id == "backward 3 (iteration 4) dW shape, values, min, mean, zero_share, no_nan, gradcheck"
    assert e.where == 'net.toml: [[expect]] #7 (at "backward 3", iteration 4)'


def test_defaults_and_ids():
    e = parse({"at": "cost", "cost": 0.69})
    assert (e.phase, e.layer, e.iteration) == ("cost", 3, 0)
    assert (e.rtol, e.atol) == (DEFAULT_RTOL, DEFAULT_ATOL) == (1e-5, 1e-8)
    assert e.id == "cost cost"
    assert parse({"at": "forward 2", "tensor": "Z", "shape": [4, 5]}).id == "forward 2 Z shape"
    assert parse({"at": "update", "no_nan": True}).layer is None
    assert parse({"at": "update 2", "tensor": "W_new", "no_nan": True, "name": "W2 stays finite"}).id \
        == "W2 stays finite"


def test_bounds_hold_as_documented():
    assert Bound(value=1.0, rtol=1e-5, atol=1e-8).holds(1.0 + 1e-5)
    assert not Bound(value=1.0, rtol=1e-5, atol=1e-8).holds(1.0 + 2e-5)
    assert Bound(low=0.0, high=math.inf).holds(0.0) and not Bound(low=0.0, high=math.inf).holds(-1e-300)
    assert not Bound(low=0.0, high=1.0).holds(float("nan"))


@pytest.mark.parametrize("table, key, words", [
    ({"at": "backward 3", "tensr": "dW", "shape": [1]}, "tensr", "did you mean 'tensor'"),
    ({"tensor": "dW", "shape": [1]}, "at", "missing"),
    ({"at": 3, "no_nan": True}, "at", "must be a string"),
    ({"at": "backwrd 2", "no_nan": True}, "at", "did you mean 'backward'"),
    ({"at": "forward 9", "no_nan": True}, "at", "outside the network's layers 1..3"),
    ({"at": "forward two", "no_nan": True}, "at", "not a layer number"),
    ({"at": "cost 3", "cost": 0.7}, "at", "has no layer number"),
    ({"at": "cost", "iteration": 10, "cost": 0.7}, "iteration", "trains for 10 iterations (0..9)"),
    ({"at": "cost", "iteration": -1, "cost": 0.7}, "iteration", "0 or more"),
    ({"at": "cost", "iteration": 1.5, "cost": 0.7}, "iteration", "whole number"),
    ({"at": "forward 1", "tensor": "dW", "shape": [1]}, "tensor", "a forward step has A_prev, W, b, Z, A"),
    ({"at": "forward 1", "tensor": "z", "shape": [1]}, "tensor", "did you mean 'Z'"),
    ({"at": "forward 1", "shape": [1]}, "shape", "needs a tensor"),
    ({"at": "forward", "tensor": "Z", "shape": [1]}, "shape", 'write at = "forward 2"'),
    ({"at": "forward 1", "tensor": "Z", "shape": [1.5]}, "shape", "list of whole numbers"),
    ({"at": "forward 1", "tensor": "Z", "values": [[1, 2], [3]]}, "values", "rectangular"),
    ({"at": "forward 1", "tensor": "Z", "values": "1 2"}, "values", "rectangular"),
    ({"at": "forward 1", "tensor": "Z", "min": [1, 0]}, "min", "is empty"),
    ({"at": "forward 1", "tensor": "Z", "max": [1, 2, 3]}, "max", "a number or a range [low, high]"),
    ({"at": "forward 1", "tensor": "Z", "zero_share": 2}, "zero_share", "between 0 and 1"),
    ({"at": "forward 1", "tensor": "Z", "mean": [0, 1], "rtol": 1e-3}, "rtol", "has none of them"),
    ({"at": "forward 1", "tensor": "Z", "values": [1.0], "atol": -1}, "atol", "0 or more"),
    ({"at": "backward 2", "cost": 0.7}, "cost", 'write at = "cost"'),
    ({"at": "forward 2", "gradcheck": True}, "gradcheck", 'write at = "backward 2"'),
    ({"at": "cost", "no_nan": False}, "no_nan", "leave the key out"),
    ({"at": "cost", "tensor": "AL"}, None, "says nothing to check"),
    ({"at": "cost", "name": "", "no_nan": True}, "name", "non-empty"),
])
def test_each_mistake_gets_one_clear_message(table, key, words):
    text = message(table)
    assert text.startswith("net.toml: [[expect]] #1 (")
    if key:
        assert f": {key}: " in text
    assert words in text
    assert "Traceback" not in text and "\n" not in text


def test_the_message_names_the_table_by_number_and_at():
    text = message({"at": "backward 2", "iteration": 3, "tensor": "dW", "shap": [1]}, number=4)
    assert text.startswith('net.toml: [[expect]] #4 (at "backward 2", iteration 3): shap: unknown key')
