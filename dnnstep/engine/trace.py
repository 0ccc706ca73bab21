"""The trace of one training iteration: every Step from forward 1 to update L.

``trace_iteration`` runs one iteration of gradient descent on a network and records it
as ``3 L + 1`` immutable Steps, returning them with the parameters for the next
iteration. It is the only place the engine trains; the Session only decides which
iteration to trace and what to keep.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dnnstep.engine import layers
from dnnstep.engine.formulas import formula_text
from dnnstep.engine.health import IterationHealth, measure
from dnnstep.engine.step import Step
from dnnstep.engine.vocabulary import TENSORS

Parameters = Mapping[str, np.ndarray]


def trace_iteration(
    iteration: int,
    parameters: Parameters,
    X: np.ndarray,
    Y: np.ndarray,
    activations_: Sequence[str],
    learning_rate: float,
    leaky_slope: float = 0.01,
) -> tuple[tuple[Step, ...], dict[str, np.ndarray]]:
    """Run one iteration of gradient descent and record every step.

    Args:
        iteration: the number of this iteration, from 0 (recorded in each Step).
        parameters: ``W1, b1, ..., WL, bL`` at the start of the iteration.
        X: (n[0], m) inputs. Y: (1, m) labels.
        activations_: g[1..L].
        learning_rate: α.

    Returns:
        The ``3 L + 1`` Steps in order, and the parameters after the update.
    """
    done = run_iteration(iteration, parameters, X, Y, activations_, learning_rate, leaky_slope, record=True)
    return done.steps, done.parameters


def train_iteration(
    parameters: Parameters,
    X: np.ndarray,
    Y: np.ndarray,
    activations_: Sequence[str],
    learning_rate: float,
    leaky_slope: float = 0.01,
) -> tuple[float, dict[str, np.ndarray]]:
    """The same iteration as ``trace_iteration``, bit for bit, recording nothing.

    It skips what training does not need (the Step records and dA[0], the gradient
    with respect to the inputs), so replaying far iterations is cheaper.

    Returns:
        The cost J of this iteration and the parameters after the update.
    """
    done = run_iteration(0, parameters, X, Y, activations_, learning_rate, leaky_slope, record=False)
    return done.J, done.parameters


class Iteration(NamedTuple):
    """What one iteration produced: its Steps (empty when not recorded), its cost J, the
    parameters after its update, and its gradient health (``dnnstep.engine.health``)."""

    steps: tuple[Step, ...]
    J: float
    parameters: dict[str, np.ndarray]
    health: IterationHealth


def run_iteration(
    iteration: int,
    parameters: Parameters,
    X: np.ndarray,
    Y: np.ndarray,
    activations_: Sequence[str],
    learning_rate: float,
    leaky_slope: float = 0.01,
    *,
    record: bool,
) -> Iteration:
    """One iteration of gradient descent, recorded as Steps when ``record`` (as
    ``trace_iteration``) or not (as ``train_iteration``); the gradient health is measured
    either way, so the Session knows it for every iteration it has computed."""
    steps: list[Step] | None = [] if record else None
    J, new_parameters, health = _iterate(iteration, parameters, X, Y, activations_, learning_rate,
                                         leaky_slope, steps)
    return Iteration(tuple(steps or ()), J, new_parameters, health)


def _input_gradient(W: np.ndarray, dZ: np.ndarray):
    """dA[0] = W[1]ᵀ dZ[1], computed when first read (linear_backward's own expression)."""

    def compute() -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.dot(W.T, dZ)

    return compute


def _iterate(iteration, parameters, X, Y, activations_, learning_rate, leaky_slope, steps):
    """One iteration; appends its Steps to ``steps`` unless ``steps`` is None."""
    record = steps is not None
    L = len(activations_)
    with np.errstate(all="ignore"):  # NaN and Inf are findings for the conditions, not warnings
        caches = []
        A = X
        for l in range(1, L + 1):
            A_prev, W, b, g = A, parameters[f"W{l}"], parameters[f"b{l}"], activations_[l - 1]
            Z = layers.linear_forward(A_prev, W, b)
            A = layers.activation_forward(g, Z, leaky_slope)
            caches.append((A_prev, W, Z))
            if record:
                steps.append(Step(iteration, l - 1, "forward", l, g, formula_text("forward", l, g, L),
                                  dict(zip(TENSORS["forward"], (A_prev, W, b, Z, A)))))

        AL = A
        J = layers.compute_cost(AL, Y)
        dAL = layers.cost_gradient(AL, Y)
        if record:
            steps.append(Step(iteration, L, "cost", L, None, formula_text("cost", L, None, L),
                              dict(zip(TENSORS["cost"], (AL, Y, np.array(J), dAL))), {"J": J}))

        outputs = [A_prev for A_prev, _, _ in caches[1:]] + [AL]  # A[1..L]
        grads: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        dA = dAL
        for l in range(L, 0, -1):
            A_prev, W, Z = caches[l - 1]
            g = activations_[l - 1]
            dZ = layers.activation_backward(g, dA, Z, leaky_slope)
            if l > 1:
                dA_prev, dW, db = layers.linear_backward(dZ, A_prev, W)
            else:  # dA[0] feeds no layer: training never needs it, a learner may look at it
                dW, db = layers.parameter_gradients(dZ, A_prev)
                dA_prev = _input_gradient(W, dZ) if record else None
            grads[l] = (dW, db)
            if record:
                steps.append(Step(iteration, 2 * L + 1 - l, "backward", l, g, formula_text("backward", l, g, L),
                                  dict(zip(TENSORS["backward"], (dA, Z, A_prev, W, dZ, dW, db, dA_prev)))))
            dA = dA_prev

        new_parameters: dict[str, np.ndarray] = {}
        for l in range(1, L + 1):
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            dW, db = grads[l]
            W_new, b_new = layers.update(W, b, dW, db, learning_rate)
            new_parameters[f"W{l}"], new_parameters[f"b{l}"] = W_new, b_new
            if record:
                steps.append(Step(iteration, 2 * L + l, "update", l, None, formula_text("update", l, None, L),
                                  dict(zip(TENSORS["update"], (W, b, dW, db, W_new, b_new))),
                                  {"learning_rate": learning_rate}))
        if not record:
            for value in new_parameters.values():
                value.setflags(write=False)
        health = measure([grads[l][0] for l in range(1, L + 1)], outputs,
                         [parameters[f"W{l}"] for l in range(1, L + 1)], activations_, learning_rate)
    return J, new_parameters, health
