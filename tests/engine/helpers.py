"""Tiny scenarios built in code, for engine tests that must not depend on scenario files."""

from __future__ import annotations

import numpy as np

from dnnstep.scenario.model import Scenario


def tiny_scenario(dims=(2, 3, 5, 4, 2, 1), hidden="relu", *, m=12, iterations=40,
                  learning_rate=0.3, seed=3, scale=0.5, name="tiny") -> Scenario:
    """A seeded network with ``dims`` layers and an XOR-like labelling of gaussian inputs."""
    rs = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rs.randn(dims[l], dims[l - 1]) * scale
        parameters[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    X = rs.randn(dims[0], m)
    Y = (X[:1] * X[-1:] > 0).astype(float)
    activations = (hidden,) * (len(dims) - 2) + ("sigmoid",)
    return Scenario(name, tuple(dims), activations, parameters, learning_rate, iterations, X, Y)
