"""Shared bits of the benchmark scripts: timing helpers, the bare numpy baseline, the quick mode.

``DNNSTEP_BENCH_QUICK=1`` runs every script in a few seconds with small defaults (``quick``):
CI runs them so (``.ci/run``), to prove they still run; their figures then mean nothing.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np


QUICK = os.environ.get("DNNSTEP_BENCH_QUICK") == "1"
"""The quick mode: each script's defaults shrink to a run of a few seconds."""


def quick(full, small):
    """``small`` in the quick mode, else ``full``: a default of a benchmark's option."""
    return small if QUICK else full


BARE_ACTIVATIONS = ("relu", "sigmoid")


def check_bare_activations(activations) -> None:
    """Raise ``ValueError`` unless every activation is one the bare baseline knows (the course's two)."""
    other = sorted(set(activations) - set(BARE_ACTIVATIONS))
    if other:
        raise ValueError(
            f"the bare numpy baseline has only the course's relu and sigmoid, not {', '.join(other)}: "
            "pick a scenario without them (cat, cat_size, five_layer, ...)"
        )


def bare_iteration(parameters, X, Y, activations, learning_rate):
    """One iteration of gradient descent written straight from the course formulas, recording nothing.

    activations: relu or sigmoid only (``ValueError`` otherwise, rather than a silently other network).
    """
    check_bare_activations(activations)
    L = len(activations)
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = np.dot(W, A) + b
        caches.append((A, W, Z))
        A = np.maximum(0, Z) if activations[l - 1] == "relu" else 1 / (1 + np.exp(-Z))
    AL, m = A, Y.shape[1]
    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads = {}
    for l in range(L, 0, -1):
        A_prev, W, Z = caches[l - 1]
        if activations[l - 1] == "relu":
            dZ = np.array(dA, copy=True)
            dZ[Z <= 0] = 0
        else:
            s = 1 / (1 + np.exp(-Z))
            dZ = dA * s * (1 - s)
        grads[l] = (1 / m * np.dot(dZ, A_prev.T), 1 / m * np.sum(dZ, axis=1, keepdims=True))
        dA = np.dot(W.T, dZ)
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[l][0]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[l][1]
    return float(cost), new


def interleaved(runs: int, **candidates):
    """Time each candidate ``runs`` times, interleaved so machine noise hits all alike.

    Returns {name: [seconds, ...]}.
    """
    times = {name: [] for name in candidates}
    for _ in range(runs):
        for name, function in candidates.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return times


def describe(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered) * 1e3:8.2f} ms   p95 {p95 * 1e3:8.2f} ms   (n={len(ordered)})"
