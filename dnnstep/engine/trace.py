"""The trace of one training iteration: every Step from forward 1 to update L (or check L).

``run_iteration`` runs one iteration of a scenario's training (``dnnstep.engine.training``) on
one batch and records it as ``3 L + 1`` immutable Steps, or records nothing (a far iteration
replayed), returning the state for the next iteration either way. It is the only place the
engine trains; the Session only decides which iteration to run and what to keep.
``trace_iteration`` and ``train_iteration`` are week 4's plain gradient descent.

An iteration, with the features of Course 2 where its training turns them on:

- forward l: ``Z = W A_prev + b``, ``A = g(Z)``; on a hidden layer under dropout, the mask D and
  ``A = A * D / keep_prob`` (``A_pre`` is A before the mask);
- cost: J in the arithmetic's form, its cross-entropy and L2 parts apart under L2;
- backward l: dA masked as the forward was (``dA_pre``); ``dZ`` (at l = L from AL and Y under a
  helper's arithmetic); dW (``dW_ce + dW_L2`` under L2), db; dA_prev;
- update l by the optimizer (gd, momentum, Adam) with the epoch's learning rate, or check l (the
  gradient check, ``dnnstep.engine.gradient_check_n``), which updates nothing.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dnnstep.engine import arithmetic, layers, optimizers, regularization
from dnnstep.engine.forward import cost, layer_forward
from dnnstep.engine.formulas import formula_text
from dnnstep.engine.gradient_check_n import check_layers
from dnnstep.engine.health import IterationHealth, measure
from dnnstep.engine.step import Step
from dnnstep.engine.training import Training
from dnnstep.engine.vocabulary import tensor_names

State = Mapping[str, np.ndarray]
Parameters = State


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
    done = run_iteration(iteration, parameters, X, Y, Training(activations_, learning_rate, leaky_slope), record=True)
    return done.steps, done.state


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
    done = run_iteration(0, parameters, X, Y, Training(activations_, learning_rate, leaky_slope), record=False)
    return done.J, done.state


class Iteration(NamedTuple):
    """What one iteration produced: its Steps (empty when not recorded), its cost J, the state
    after its update (the parameters, and the optimizer's v and s), its gradient health
    (``dnnstep.engine.health``) and the sum of its examples' losses (for an epoch's average)."""

    steps: tuple[Step, ...]
    J: float
    state: dict[str, np.ndarray]
    health: IterationHealth
    loss_sum: float

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """``W1, b1, ..., WL, bL`` after the update (the state without the optimizer's)."""
        return {k: v for k, v in self.state.items() if k[0] in "Wb"}


def run_iteration(
    iteration: int,
    state: State,
    X: np.ndarray,
    Y: np.ndarray,
    training: Training,
    *,
    record: bool,
    epoch: int = 0,
    masks: regularization.DropoutMasks | None = None,
) -> Iteration:
    """One iteration of ``training`` on the batch (X, Y), recorded as Steps when ``record`` or not.

    ``state`` holds the parameters and the optimizer's v and s (``optimizers.initial_state``);
    ``epoch`` sets the learning rate under a decay; ``masks`` gives dropout's masks (drawn
    here when ``None``). The gradient health is measured either way, so the Session knows it
    for every iteration it has computed."""
    steps: list[Step] | None = [] if record else None
    if training.features.dropout:
        if masks is None:
            masks = regularization.DropoutMasks(_hidden_units(state, training.L), training.keep_prob,
                                                training.dropout_seed)
        drawn = masks(X.shape[1])
    else:
        drawn = ()
    J, loss_sum, new_state, health = _iterate(iteration, state, X, Y, training, epoch, drawn, steps)
    return Iteration(tuple(steps or ()), J, new_state, health, loss_sum)


def _hidden_units(state: State, L: int) -> list[int]:
    return [state[f"W{l}"].shape[0] for l in range(1, L)]


def _input_gradient(W: np.ndarray, dZ: np.ndarray):
    """dA[0] = W[1]ᵀ dZ[1], computed when first read (linear_backward's own expression)."""

    def compute() -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.dot(W.T, dZ)

    return compute


def _iterate(iteration, state, X, Y, training, epoch, masks, steps):
    """One iteration; appends its Steps to ``steps`` unless ``steps`` is None."""
    record = steps is not None
    features = training.features
    L = training.L
    activations_ = training.activations

    def add(index, phase, layer, activation, values, scalars=None):
        names = tensor_names(phase, layer, L, features)
        steps.append(Step(iteration, index, phase, layer, activation,
                          formula_text(phase, layer, activation, L, features),
                          dict(zip(names, values)), scalars or {}))

    with np.errstate(all="ignore"):  # NaN and Inf are findings for the conditions, not warnings
        caches = []
        A = X
        for l in range(1, L + 1):
            done = layer_forward(l, A, state, training, masks)
            caches.append(done)
            A = done.A
            if record:
                values = (done.A_prev, done.W, done.b, done.Z) + \
                    ((done.A_pre, done.D, done.A) if done.D is not None else (done.A,))
                add(l - 1, "forward", l, activations_[l - 1], values)

        AL = A
        Ws = [state[f"W{l}"] for l in range(1, L + 1)]
        J = cost(AL, Y, Ws, training)
        dAL = None if features.helpers else layers.cost_gradient(AL, Y)
        if record:
            values = (AL, Y) + ((np.array(J.J_ce), np.array(J.J_L2)) if features.l2 else ()) + (np.array(J.J),)
            scalars = {"J": J.J, "J_ce": J.J_ce, "J_L2": J.J_L2} if features.l2 else {"J": J.J}
            add(L, "cost", L, None, values + ((dAL,) if dAL is not None else ()), scalars)

        grads: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        dA = dAL
        for l in range(L, 0, -1):
            A_prev, W, Z, D = caches[l - 1].A_prev, caches[l - 1].W, caches[l - 1].Z, caches[l - 1].D
            g = activations_[l - 1]
            if l == L and features.helpers:
                dZ = arithmetic.output_dZ(AL, Y, features.arithmetic)
                read = (AL, Y)
            else:
                dA_pre = dA if D is None else regularization.dropout_backward(dA, D, training.keep_prob)
                dZ = arithmetic.hidden_dZ(g, dA_pre, Z, training.leaky_slope, features.arithmetic)
                read = (dA,) if D is None else (dA, D, dA_pre)
            dW_factor, db_scale = training.bugs[l - 1]
            if l > 1:
                dA_prev, dW, db = arithmetic.linear_backward(dZ, A_prev, W, training.arithmetic,
                                                             dW_factor=dW_factor, db_scale=db_scale)
            else:  # dA[0] feeds no layer: training never needs it, a learner may look at it
                dW, db = arithmetic.parameter_gradients(dZ, A_prev, training.arithmetic,
                                                        dW_factor=dW_factor, db_scale=db_scale)
                dA_prev = _input_gradient(W, dZ) if record else None
            if features.l2:
                dW_ce, dW_L2 = dW, regularization.l2_gradient(W, training.lambd, A_prev.shape[1])
                dW = dW_ce + dW_L2
                gradients = (dZ, dW_ce, dW_L2, dW, db)
            else:
                gradients = (dZ, dW, db)
            grads[l] = (dW, db)
            if record:
                add(2 * L + 1 - l, "backward", l, g, read + (Z, A_prev, W) + gradients + (dA_prev,))
            dA = dA_prev

        outputs = [cache.A_pre for cache in caches]  # A[1..L] (before any dropout mask)
        dWs = [grads[l][0] for l in range(1, L + 1)]
        if features.check is not None:  # a check changes nothing: replayed, it need not be made
            new_state = dict(state)
            if record:
                checks, difference = check_layers(state, grads, X, Y, training, masks)
                for l, check in enumerate(checks, start=1):
                    scalars = {"epsilon": training.gradient_check.epsilon, "difference": difference,
                               "difference_W": check.difference_W, "difference_b": check.difference_b}
                    add(2 * L + l, "check", l, None, check[:12], scalars)
            health = measure(dWs, outputs, Ws, activations_, 0.0, [0.0] * L)
        else:
            new_state, step_norms = _update(iteration, state, grads, training, epoch, add if record else None)
            if not record:
                for value in new_state.values():
                    value.setflags(write=False)
            health = measure(dWs, outputs, Ws, activations_, optimizers.learning_rate_of(epoch, training), step_norms)
    return J.J, J.loss_sum, new_state, health


def _update(iteration, state, grads, training, epoch, add):
    """The update phase: the next state, and the norms of the steps W took (``None`` for plain
    gradient descent, whose health ratio is α ||dW|| / ||W||). ``add`` records a step, if given."""
    L = training.L
    learning_rate = optimizers.learning_rate_of(epoch, training)
    scalars = None if add is None else _update_scalars(iteration, training, epoch, learning_rate)
    new_state: dict[str, np.ndarray] = {}
    step_norms = None if training.optimizer == "gd" else []
    for l in range(1, L + 1):
        W, b = state[f"W{l}"], state[f"b{l}"]
        dW, db = grads[l]
        if training.optimizer == "gd":
            W_new, b_new = layers.update(W, b, dW, db, learning_rate)
            extra = ()
        elif training.optimizer == "momentum":
            v_dW, W_new = optimizers.momentum(W, dW, state[f"v_dW{l}"], training.beta, learning_rate)
            v_db, b_new = optimizers.momentum(b, db, state[f"v_db{l}"], training.beta, learning_rate)
            new_state[f"v_dW{l}"], new_state[f"v_db{l}"] = v_dW, v_db
            extra = (state[f"v_dW{l}"], state[f"v_db{l}"], v_dW, v_db)
            step_norms.append(float(learning_rate * np.linalg.norm(v_dW)))
        else:
            t = iteration + 1
            adam = (training.beta1, training.beta2, training.epsilon)
            v_dW, s_dW, v_hat_dW, s_hat_dW, step_W, W_new = optimizers.adam(
                W, dW, state[f"v_dW{l}"], state[f"s_dW{l}"], t, learning_rate, *adam)
            v_db, s_db, v_hat_db, s_hat_db, step_b, b_new = optimizers.adam(
                b, db, state[f"v_db{l}"], state[f"s_db{l}"], t, learning_rate, *adam)
            new_state.update({f"v_dW{l}": v_dW, f"v_db{l}": v_db, f"s_dW{l}": s_dW, f"s_db{l}": s_db})
            extra = (state[f"v_dW{l}"], state[f"v_db{l}"], state[f"s_dW{l}"], state[f"s_db{l}"], v_dW, v_db,
                     s_dW, s_db, v_hat_dW, v_hat_db, s_hat_dW, s_hat_db, step_W, step_b)
            step_norms.append(float(np.linalg.norm(step_W)))
        new_state[f"W{l}"], new_state[f"b{l}"] = W_new, b_new
        if add is not None:
            add(2 * L + l, "update", l, None, (W, b, dW, db) + extra + (W_new, b_new), scalars)
    return new_state, step_norms


def _update_scalars(iteration: int, training: Training, epoch: int, learning_rate: float) -> dict[str, float]:
    """The numbers an update step shows: α, and the optimizer's and the decay's (``scalar_names``)."""
    scalars: dict[str, float] = {"learning_rate": learning_rate}
    if training.optimizer == "momentum":
        scalars["beta"] = training.beta
    elif training.optimizer == "adam":
        scalars.update(t=iteration + 1, beta1=training.beta1, beta2=training.beta2, epsilon=training.epsilon)
    if training.decay is not None:
        scalars.update(learning_rate0=training.learning_rate, decay_rate=training.decay_rate, epoch=epoch)
        if training.decay == "schedule_lr_decay":
            scalars["time_interval"] = training.time_interval
    return scalars
