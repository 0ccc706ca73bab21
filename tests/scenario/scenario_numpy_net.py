"""A plain numpy L-layer network, written here from the course formulas, to check what the
shipped scenarios show (independent of dnnstep's engine)."""

from __future__ import annotations

import numpy as np


def g(name, Z, slope=0.01):
    if name == "relu":
        return np.maximum(0, Z)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    if name == "tanh":
        return np.tanh(Z)
    if name == "leaky_relu":
        return np.where(Z > 0, Z, slope * Z)
    raise ValueError(name)


def g_prime(name, Z, slope=0.01):
    if name == "relu":
        return (Z > 0).astype(float)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    if name == "leaky_relu":
        return np.where(Z > 0, 1.0, slope)
    raise ValueError(name)


def forward(X, parameters, activations):
    """Returns AL and the list of (A_prev, Z) per layer."""
    A = X
    caches = []
    for l, name in enumerate(activations, start=1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        caches.append((A, Z))
        A = g(name, Z)
    return A, caches


def cost(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def backward(AL, Y, caches, parameters, activations):
    m = Y.shape[1]
    grads = {}
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(len(activations), 0, -1):
        A_prev, Z = caches[l - 1]
        dZ = dA * g_prime(activations[l - 1], Z)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = parameters[f"W{l}"].T @ dZ
    return grads


def train(scenario, iterations=None, record=None):
    """Gradient descent on a Scenario; returns (costs, parameters, grads of iteration 0)."""
    parameters = {k: np.array(v) for k, v in scenario.parameters.items()}
    acts = scenario.activations
    costs, first_grads = [], None
    for i in range(scenario.num_iterations if iterations is None else iterations):
        AL, caches = forward(scenario.X, parameters, acts)
        costs.append(cost(AL, scenario.Y))
        grads = backward(AL, scenario.Y, caches, parameters, acts)
        if first_grads is None:
            first_grads = grads
        if record is not None:
            record(i, parameters, grads, AL)
        for l in range(1, scenario.L + 1):
            parameters[f"W{l}"] = parameters[f"W{l}"] - scenario.learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] - scenario.learning_rate * grads[f"db{l}"]
    return np.array(costs), parameters, first_grads


def accuracy(X, Y, parameters, activations):
    AL, _ = forward(X, parameters, activations)
    return float(np.mean((AL > 0.5) == (Y == 1)))
