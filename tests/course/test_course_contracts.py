"""The course's conventions that the vectors alone do not pin down.

Caches are ``((A_prev, W, b), Z)`` and hold the very objects of the forward pass; relu's
derivative is 0 at 0; ``update_parameters`` returns new dictionaries and leaves its inputs alone;
the Application's initialisation, cost bookkeeping and ``predict`` behave as the course's.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from dnnstep import course


def small_data(seed: int = 0, n_x: int = 4, m: int = 8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(float)
    return X, Y


# --------------------------------------------------------------------------------------------
# Helpers and caches
# --------------------------------------------------------------------------------------------


def test_activation_caches_are_Z_itself() -> None:
    Z = np.array([[-1.0, 0.0, 2.0]])
    A, cache = course.relu(Z)
    assert cache is Z
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0]])
    A, cache = course.sigmoid(Z)
    assert cache is Z
    np.testing.assert_array_equal(A, 1 / (1 + np.exp(-Z)))


def test_relu_backward_is_zero_where_Z_is_not_positive_and_leaves_dA_alone() -> None:
    Z = np.array([[-1.0, 0.0, 2.0, -0.0]])
    dA = np.array([[5.0, 6.0, 7.0, 8.0]])
    dZ = course.relu_backward(dA, Z)
    np.testing.assert_array_equal(dZ, [[0.0, 0.0, 7.0, 0.0]])
    np.testing.assert_array_equal(dA, [[5.0, 6.0, 7.0, 8.0]])
    assert dZ is not dA


def test_sigmoid_backward_at_zero_is_a_quarter() -> None:
    dZ = course.sigmoid_backward(np.array([[2.0, 1.0]]), np.array([[0.0, 0.0]]))
    np.testing.assert_array_equal(dZ, [[0.5, 0.25]])


def test_L_model_forward_caches_are_linear_then_activation() -> None:
    X, _ = small_data()
    layer_dims = [4, 5, 3, 1]
    parameters = course.initialize_parameters_deep(layer_dims)
    AL, caches = course.L_model_forward(X, parameters)

    assert isinstance(caches, list) and len(caches) == 3
    assert AL.shape == (1, X.shape[1])
    A_prev = X
    for l, cache in enumerate(caches, start=1):
        assert isinstance(cache, tuple) and len(cache) == 2
        linear_cache, Z = cache
        assert isinstance(linear_cache, tuple) and len(linear_cache) == 3
        cached_A_prev, W, b = linear_cache
        assert W is parameters["W" + str(l)] and b is parameters["b" + str(l)]
        if l == 1:
            assert cached_A_prev is X
        else:
            np.testing.assert_array_equal(cached_A_prev, A_prev)
        assert Z.shape == (layer_dims[l], X.shape[1])
        np.testing.assert_array_equal(Z, np.dot(W, cached_A_prev) + b)
        A_prev = np.maximum(0, Z) if l < 3 else 1 / (1 + np.exp(-Z))
    np.testing.assert_array_equal(AL, A_prev)


def test_L_model_backward_keys_and_shapes() -> None:
    X, Y = small_data()
    layer_dims = [4, 5, 3, 2, 1]
    parameters = course.initialize_parameters_deep(layer_dims)
    AL, caches = course.L_model_forward(X, parameters)
    grads = course.L_model_backward(AL, Y, caches)
    L = 4
    expected = {"dA" + str(l): (layer_dims[l], X.shape[1]) for l in range(L)}
    expected.update({"dW" + str(l): (layer_dims[l], layer_dims[l - 1]) for l in range(1, L + 1)})
    expected.update({"db" + str(l): (layer_dims[l], 1) for l in range(1, L + 1)})
    assert {key: value.shape for key, value in grads.items()} == expected


def test_L_model_backward_accepts_flat_labels() -> None:
    """The course reshapes Y to AL's shape before using it."""
    X, Y = small_data()
    parameters = course.initialize_parameters_deep([4, 3, 1])
    AL, caches = course.L_model_forward(X, parameters)
    as_row = course.L_model_backward(AL, Y, caches)
    flat = course.L_model_backward(AL, Y.ravel(), caches)
    for key in as_row:
        np.testing.assert_array_equal(flat[key], as_row[key])


@pytest.mark.parametrize("function", ["forward", "backward"])
def test_unknown_activation_is_one_clear_message(function: str) -> None:
    A_prev, W, b = np.ones((2, 3)), np.ones((1, 2)), np.zeros((1, 1))
    with pytest.raises(ValueError, match=r"activation must be 'sigmoid' or 'relu'.*'tanh'"):
        if function == "forward":
            course.linear_activation_forward(A_prev, W, b, "tanh")
        else:
            course.linear_activation_backward(np.ones((1, 3)), ((A_prev, W, b), np.ones((1, 3))), "tanh")


# --------------------------------------------------------------------------------------------
# update_parameters
# --------------------------------------------------------------------------------------------


def test_update_parameters_leaves_its_inputs_alone() -> None:
    rng = np.random.default_rng(3)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
              "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    grads = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal((3, 1)),
             "dW2": rng.standard_normal((1, 3)), "db2": rng.standard_normal((1, 1)),
             "dA0": rng.standard_normal((2, 5)), "dA1": rng.standard_normal((3, 5))}
    params_before = copy.deepcopy(params)
    grads_before = copy.deepcopy(grads)
    params_arrays = {key: value for key, value in params.items()}

    parameters = course.update_parameters(params, grads, 0.1)

    assert parameters is not params
    for key in params:
        assert params[key] is params_arrays[key]
        np.testing.assert_array_equal(params[key], params_before[key])
        assert parameters[key] is not params[key]
        assert not np.shares_memory(parameters[key], params[key])
    for key in grads:
        np.testing.assert_array_equal(grads[key], grads_before[key])
    for l in (1, 2):
        for name in ("W", "b"):
            key = name + str(l)
            np.testing.assert_array_equal(parameters[key], params_before[key] - 0.1 * grads["d" + key])
    assert sorted(parameters) == sorted(params)


# --------------------------------------------------------------------------------------------
# Application
# --------------------------------------------------------------------------------------------


def test_application_initialisation_is_seed_1_over_sqrt_n_prev() -> None:
    layer_dims = [6, 4, 3, 1]
    parameters = course.initialize_parameters_deep_app(layer_dims)
    draws = np.random.RandomState(1)
    for l in range(1, 4):
        expected = draws.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        np.testing.assert_array_equal(parameters["W" + str(l)], expected)
        np.testing.assert_array_equal(parameters["b" + str(l)], np.zeros((layer_dims[l], 1)))
    assert sorted(parameters) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    step_by_step = course.initialize_parameters_deep(layer_dims)
    assert not np.allclose(step_by_step["W1"], parameters["W1"])


def test_L_layer_model_one_iteration_is_one_step_of_the_graded_functions() -> None:
    X, Y = small_data()
    layers_dims = [4, 5, 3, 1]
    parameters, costs = course.L_layer_model(X, Y, layers_dims, learning_rate=0.05, num_iterations=1)

    start = course.initialize_parameters_deep_app(layers_dims)
    AL, caches = course.L_model_forward(X, start)
    grads = course.L_model_backward(AL, Y, caches)
    expected = course.update_parameters(start, grads, 0.05)
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key])
    assert len(costs) == 1
    assert float(costs[0]) == float(course.compute_cost(AL, Y))


def test_two_layer_model_one_iteration_is_one_step_of_the_graded_functions() -> None:
    X, Y = small_data()
    parameters, costs = course.two_layer_model(X, Y, (4, 3, 1), learning_rate=0.05, num_iterations=1)

    start = course.initialize_parameters(4, 3, 1)
    AL, caches = course.L_model_forward(X, start)
    grads = course.L_model_backward(AL, Y, caches)
    expected = course.update_parameters(start, grads, 0.05)
    assert sorted(parameters) == ["W1", "W2", "b1", "b2"]
    for key in expected:
        np.testing.assert_array_equal(parameters[key], expected[key])
    assert float(costs[0]) == float(course.compute_cost(AL, Y))


@pytest.mark.parametrize("model", ["two_layer_model", "L_layer_model"])
def test_cost_bookkeeping_follows_the_2021_notebook(model: str, capsys: pytest.CaptureFixture) -> None:
    X, Y = small_data()
    dims = (4, 3, 1) if model == "two_layer_model" else [4, 3, 2, 1]
    train = getattr(course, model)

    _, costs = train(X, Y, dims, learning_rate=0.01, num_iterations=250)
    # Every 100 iterations; the notebook's "or i == num_iterations" never holds inside the loop.
    assert len(costs) == 3
    assert all(np.ndim(cost) == 0 for cost in costs)
    assert capsys.readouterr().out == ""

    _, printed_costs = train(X, Y, dims, learning_rate=0.01, num_iterations=250, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 100", "Cost after iteration 200", "Cost after iteration 249",
    ]
    for line, cost in zip(lines, printed_costs):
        assert float(line.split(": ")[1]) == float(cost)
    assert [float(c) for c in printed_costs] == [float(c) for c in costs]


def test_predict_thresholds_strictly_above_one_half_and_prints_accuracy(capsys: pytest.CaptureFixture) -> None:
    # One sigmoid layer with Z = x: AL > 0.5 exactly where x > 0; x == 0 gives AL = 0.5, predicted 0.
    X = np.array([[-2.0, 0.0, 0.5, 3.0, -0.1]])
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    y = np.array([[0, 0, 1, 0, 0]])

    p = course.predict(X, y, parameters)

    np.testing.assert_array_equal(p, [[0.0, 0.0, 1.0, 1.0, 0.0]])
    assert p.shape == (1, 5) and p.dtype == np.float64
    assert capsys.readouterr().out.strip() == f"Accuracy: {np.sum((p == y) / 5)}"
    assert float(np.sum((p == y) / 5)) == pytest.approx(0.8)
