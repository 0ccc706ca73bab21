"""The inputs of the tests of Course 2's Optimization Methods assignment (W2A1), as its ``testCases`` gives them;
supplied by dnnstep inside the homework's process as ``testCases`` to an Optimization homework.

Two editions of the file, told apart by ``_EDITION`` below: "A" (2017-2022), and "B" (the 2023 refresh), in
which ``W2`` is 3 x 2 rather than 3 x 3, the velocity case's ``W1`` is 3 x 2 (b1 3 x 1; its ``W2`` is 3 x 3 in
both), and the Adam case also returns its hyper-parameters ``t, learning_rate, beta1, beta2, epsilon``. Each case
seeds numpy's generator with 1 and draws its arrays with ``np.random.randn`` in the course's order and shapes.
"""

import numpy as np

_EDITION = "A"  # "A": the tests of 2017-2022; dnnstep serves this text with "B" here for 2023 on
_W2 = (3, 2) if _EDITION == "B" else (3, 3)


def _parameters_and_grads():
    """W1 (2, 3), b1 (2, 1), W2, b2 (3, 1), then dW1 .. db2 of the same shapes, drawn in that order."""
    W1 = np.random.randn(2, 3)
    b1 = np.random.randn(2, 1)
    W2 = np.random.randn(*_W2)
    b2 = np.random.randn(3, 1)
    dW1 = np.random.randn(2, 3)
    db1 = np.random.randn(2, 1)
    dW2 = np.random.randn(*_W2)
    db2 = np.random.randn(3, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _zeros(parameters):
    """A zero for each parameter, keyed dW1, dW2, db1, db2 as the course writes them."""
    return {"d" + name: np.zeros(parameters[name].shape) for name in ("W1", "W2", "b1", "b2")}


def update_parameters_with_gd_test_case():
    np.random.seed(1)
    learning_rate = 0.01
    parameters, grads = _parameters_and_grads()
    return parameters, grads, learning_rate


def random_mini_batches_test_case():
    np.random.seed(1)
    mini_batch_size = 64
    X = np.random.randn(12288, 148)
    Y = np.random.randn(1, 148) < 0.5
    return X, Y, mini_batch_size


def initialize_velocity_test_case():
    np.random.seed(1)
    first = (3, 2) if _EDITION == "B" else (2, 3)
    W1 = np.random.randn(*first)
    b1 = np.random.randn(first[0], 1)
    W2 = np.random.randn(3, 3)
    b2 = np.random.randn(3, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def update_parameters_with_momentum_test_case():
    np.random.seed(1)
    parameters, grads = _parameters_and_grads()
    return parameters, grads, _zeros(parameters)


def initialize_adam_test_case():
    np.random.seed(1)
    W1 = np.random.randn(2, 3)
    b1 = np.random.randn(2, 1)
    W2 = np.random.randn(*_W2)
    b2 = np.random.randn(3, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def update_parameters_with_adam_test_case():
    np.random.seed(1)
    parameters, grads = _parameters_and_grads()
    v, s = _zeros(parameters), _zeros(parameters)
    if _EDITION == "B":
        t, learning_rate, beta1, beta2, epsilon = 2, 0.02, 0.8, 0.888, 1e-2
        return parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon
    return parameters, grads, v, s
