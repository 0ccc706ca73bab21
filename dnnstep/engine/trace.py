"""The trace of one training iteration: every Step from forward 1 to update L (or check L).

``run_iteration`` runs one iteration of a scenario's training (``dnnstep.engine.training``) on
one batch and records it as ``3 L + 1`` immutable Steps, or records nothing (a far iteration
replayed), returning the state for the next iteration either way. It is the only place the
engine trains; the Session only decides which iteration to run and what to keep. An iteration
that records nothing runs the same calls written out for its Training (``dnnstep.engine.replay``).
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

import functools
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dnnstep.engine import arithmetic, layers, optimizers, regularization
from dnnstep.engine.forward import cost, forward_pass
from dnnstep.engine.gradient_check_n import check_layers
from dnnstep.engine.health import HealthInputs
from dnnstep.engine.plan import plan_of
from dnnstep.engine.replay import replay_of
from dnnstep.engine.step import Step
from dnnstep.engine.training import Training

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
    with np.errstate(all="ignore"):
        done = run_iteration(iteration, parameters, X, Y, Training(activations_, learning_rate, leaky_slope),
                             record=True)
    return done.steps, freeze(done.state)


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
    with np.errstate(all="ignore"):
        done = run_iteration(0, parameters, X, Y, Training(activations_, learning_rate, leaky_slope), record=False)
    return done.J, freeze(done.state)


class Iteration(NamedTuple):
    """What one iteration produced: its Steps (empty when not recorded), its cost J, the state
    after its update (the parameters, and the optimizer's v and s), what its gradient health is
    measured from (``dnnstep.engine.health``) and the sum of its examples' losses (for an epoch's average)."""

    steps: tuple[Step, ...]
    J: float
    state: dict[str, np.ndarray]
    health: HealthInputs
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
    here when ``None``). What its gradient health is measured from is kept either way, so the
    Session knows the health of every iteration it has computed.

    Run it inside ``np.errstate(all="ignore")`` (NaN and Inf are findings for the conditions, not
    warnings): the caller enters it once around as many iterations as it runs, as the Session's
    replay does. The arrays of the returned state are the engine's own, new, and writable until
    the caller freezes them (a Session freezes those it keeps or hands out)."""
    steps: list[Step] | None = [] if record else None
    if training.features.dropout:
        if masks is None:
            masks = regularization.DropoutMasks(_hidden_units(state, training.L), training.keep_prob,
                                                training.dropout_seed)
        drawn = masks(X.shape[1])
    else:
        drawn = ()
    replay = None if record else replay_of(training)
    if replay is not None:  # the same calls, written out for this training (``dnnstep.engine.replay``)
        J, loss_sum, new_state, health = replay.run(state, X, Y, _learning_rate(training, epoch), iteration + 1, drawn)
    else:
        J, loss_sum, new_state, health = _iterate(iteration, state, X, Y, training, epoch, drawn, steps)
    return _iteration((tuple(steps or ()), J, new_state, health, loss_sum))


def _learning_rate(training: Training, epoch: int) -> float:
    """α in ``epoch``: the Training's own, or under a decay its plan's for the epoch."""
    return training.learning_rate if training.decay is None else plan_of(training).learning_rate(epoch)


_iteration = functools.partial(tuple.__new__, Iteration)  # an Iteration made in C, once an iteration
_health_inputs = functools.partial(tuple.__new__, HealthInputs)


def freeze(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``state`` with every array made read-only (in place: the engine made them and never writes to them)."""
    for value in state.values():
        value.setflags(write=False)
    return state


def _hidden_units(state: State, L: int) -> list[int]:
    return [state[f"W{l}"].shape[0] for l in range(1, L)]


def _input_gradient(W: np.ndarray, dZ: np.ndarray):
    """dA[0] = W[1]ᵀ dZ[1], computed when first read (linear_backward's own expression)."""

    def compute() -> np.ndarray:
        with np.errstate(all="ignore"):
            return W.T.dot(dZ)

    return compute


def _iterate(iteration, state, X, Y, training, epoch, masks, steps):
    """One iteration, as ``plan_of(training)`` says; appends its Steps to ``steps`` unless ``steps`` is None."""
    record = steps is not None
    plan = plan_of(training)
    features = training.features
    L = plan.L

    add = _recorder(steps, iteration) if record else None

    caches = forward_pass(state, X, training, masks)
    if record:
        for layer, done in zip(plan.layers, caches):
            values = (done.A_prev, done.W, done.b, done.Z) + \
                ((done.A_pre, done.D, done.A) if done.D is not None else (done.A,))
            add(layer.l - 1, "forward", layer, values)

    AL = caches[-1].A
    J = cost(AL, Y, state, training)
    dAL = None if plan.helpers else layers.cost_gradient(AL, Y)
    if record:
        values = (AL, Y) + ((np.array(J.J_ce), np.array(J.J_L2)) if features.l2 else ()) + (np.array(J.J),)
        scalars = {"J": J.J, "J_ce": J.J_ce, "J_L2": J.J_L2} if features.l2 else {"J": J.J}
        steps.append(Step(iteration, L, "cost", L, None, plan.cost_formula,
                          dict(zip(plan.cost_names, values + ((dAL,) if dAL is not None else ()))), scalars))

    grads: list[tuple[np.ndarray, np.ndarray]] = [None] * L  # type: ignore[list-item]
    dWs: list[np.ndarray] = [None] * L                       # type: ignore[list-item]
    Ws: list[np.ndarray] = [None] * L                        # type: ignore[list-item]
    positives: list[np.ndarray | None] = [None] * L          # A[l] > 0 of the relu layers, for the health
    l2 = features.l2
    dA = dAL
    for layer in reversed(plan.layers):
        l = layer.l
        A_prev, W, _, Z, A_pre, D, _ = caches[l - 1]
        if layer.dZ_from_AL:
            dZ = arithmetic.output_dZ(AL, Y, training.arithmetic)
            if layer.activation == "relu":
                positives[l - 1] = A_pre > 0
        else:
            dA_pre = dA if D is None else regularization.dropout_backward(dA, D, training.keep_prob)
            if layer.relu_mask:
                positives[l - 1] = positive = Z > 0
                dZ = arithmetic.relu_dZ(dA_pre, positive)
            else:
                dZ = arithmetic.hidden_dZ(layer.activation, dA_pre, Z, training.leaky_slope, training.arithmetic)
                if layer.activation == "relu":
                    positives[l - 1] = A_pre > 0
        if layer.course_linear_backward:
            dA_prev, dW, db = layers.linear_backward(dZ, A_prev, W)
        else:
            dW, db = layer.gradients(dZ, A_prev)
            if l > 1:
                dA_prev = W.T.dot(dZ)
            else:  # dA[0] feeds no layer: training never needs it, a learner may look at it
                dA_prev = _input_gradient(W, dZ) if record else None
        if l2:
            dW_ce = dW
            dW_L2 = regularization.l2_gradient(W, training.lambd, A_prev.shape[1])
            dW = dW_ce + dW_L2
        grads[l - 1] = (dW, db)
        dWs[l - 1] = dW
        Ws[l - 1] = W
        if record:
            read = (AL, Y) if layer.dZ_from_AL else (dA,) if D is None else (dA, D, dA_pre)
            gradients = (dZ, dW_ce, dW_L2, dW, db) if l2 else (dZ, dW, db)
            add(2 * L + 1 - l, "backward", layer, read + (Z, A_prev, W) + gradients + (dA_prev,))
        dA = dA_prev

    if features.check is not None:  # a check changes nothing: replayed, it need not be made
        new_state = dict(state)
        if record:
            checks, difference = check_layers(state, {l: grad for l, grad in enumerate(grads, start=1)},
                                              X, Y, training, masks)
            for layer, check in zip(plan.layers, checks):
                scalars = {"epsilon": training.gradient_check.epsilon, "difference": difference,
                           "difference_W": check.difference_W, "difference_b": check.difference_b}
                add(2 * L + layer.l, "check", layer, check[:12], scalars)
        health = _health_inputs((dWs, positives, Ws, 0.0, ()))
    else:
        learning_rate = _learning_rate(training, epoch)
        new_state, moved = _update(iteration, state, grads, training, learning_rate, epoch, add)
        health = _health_inputs((dWs, positives, Ws, learning_rate, moved))
    return J.J, J.loss_sum, new_state, health


def _recorder(steps: list[Step], iteration: int):
    """``add(index, phase, layer, values, scalars)``: a Step of ``iteration`` appended to ``steps``, its
    tensors ``values`` named by the layer's plan."""

    def add(index, phase, layer, values, scalars=None):
        steps.append(Step(iteration, index, phase, layer.l, layer.activation if phase in _WITH_G else None,
                          layer.formulas[phase], dict(zip(layer.names[phase], values)), scalars or {}))

    return add


_WITH_G = ("forward", "backward")
"""The phases whose steps name their layer's g[l]."""


def _update(iteration, state, grads, training, learning_rate, epoch, add):
    """The update phase: the next state, and the steps W took as the health takes them
    (``None`` for plain gradient descent's α dW; ``HealthInputs.steps``). ``add`` records a step, if given."""
    scalars = None if add is None else _update_scalars(iteration, training, epoch, learning_rate)
    new_state: dict[str, np.ndarray] = {}
    optimizer = training.optimizer
    moved: list[np.ndarray] = []
    if optimizer == "adam":
        t = iteration + 1
        adam = (training.beta1, training.beta2, training.epsilon)
    for layer, (dW, db) in zip(plan_of(training).layers, grads):
        W, b = state[layer.W], state[layer.b]
        if optimizer == "gd":
            W_new, b_new = layers.update(W, b, dW, db, learning_rate)
            extra = ()
        elif optimizer == "momentum":
            v_dW_before, v_db_before = state[layer.v_dW], state[layer.v_db]
            v_dW, W_new = optimizers.momentum(W, dW, v_dW_before, training.beta, learning_rate)
            v_db, b_new = optimizers.momentum(b, db, v_db_before, training.beta, learning_rate)
            new_state[layer.v_dW], new_state[layer.v_db] = v_dW, v_db
            extra = (v_dW_before, v_db_before, v_dW, v_db)
            moved.append(v_dW)
        else:
            v_dW_before, v_db_before = state[layer.v_dW], state[layer.v_db]
            s_dW_before, s_db_before = state[layer.s_dW], state[layer.s_db]
            v_dW, s_dW, v_hat_dW, s_hat_dW, step_W, W_new = optimizers.adam(
                W, dW, v_dW_before, s_dW_before, t, learning_rate, *adam)
            v_db, s_db, v_hat_db, s_hat_db, step_b, b_new = optimizers.adam(
                b, db, v_db_before, s_db_before, t, learning_rate, *adam)
            new_state[layer.v_dW], new_state[layer.v_db] = v_dW, v_db
            new_state[layer.s_dW], new_state[layer.s_db] = s_dW, s_db
            extra = (v_dW_before, v_db_before, s_dW_before, s_db_before, v_dW, v_db,
                     s_dW, s_db, v_hat_dW, v_hat_db, s_hat_dW, s_hat_db, step_W, step_b)
            moved.append(step_W)
        new_state[layer.W], new_state[layer.b] = W_new, b_new
        if add is not None:
            add(2 * plan_of(training).L + layer.l, "update", layer, (W, b, dW, db) + extra + (W_new, b_new), scalars)
    if optimizer == "gd":
        return new_state, None
    return new_state, (learning_rate, moved) if optimizer == "momentum" else (None, moved)


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
