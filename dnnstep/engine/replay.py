"""A replayed iteration: the iteration of one Training, its calls written out layer by layer.

Most iterations a Session computes are replayed, not recorded: a jump to epoch 4000 trains
every update before it. The iteration that records Steps (``trace._iterate``) asks its plan
(``dnnstep.engine.plan``) at every layer what to do: which g[l], whether dropout's mask
applies, which dZ, which optimizer. On a Course 2 network (2-5-2-1 on 64 examples, some fifty
numpy calls of a microsecond or two) those questions, with the loops, tuples and lists around
them, cost a fifth of the iteration. ``replay_of(training)`` asks them once: it writes the
iteration's calls out, for that Training's layers and features, as the source of one function
(``Replay.source``, to read), and compiles it.

The written-out function calls the same functions of the same modules, in the same order, on
the same arrays as the recorded iteration; it only does not decide, loop or record. Every
combination of features is held to the recorded iteration's bits, state, cost and health
(tests/engine/test_replayed_is_traced.py): a computation added to the recorded iteration is
written here too, or that test says where the two part. A gradient check (one iteration, which
updates nothing) has no replay: ``trace._iterate`` runs it either way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np

from dnnstep.engine import activations, arithmetic, layers, optimizers, regularization
from dnnstep.engine.forward import cost
from dnnstep.engine.health import HealthInputs
from dnnstep.engine.plan import LayerPlan, plan_of
from dnnstep.engine.training import Training


@dataclass(frozen=True)
class Replay:
    """One Training's iteration written out: ``run(state, X, Y, learning_rate, t, masks)`` gives
    ``(J, loss_sum, new_state, health_inputs)`` as ``trace.run_iteration`` would without
    recording. ``t`` is Adam's step (the iteration + 1), ``masks`` dropout's D[1..L-1]."""

    source: str
    run: Callable


def replay_of(training: Training) -> Replay | None:
    """``training``'s replay, written once per Training and kept in it (as ``plan_of`` keeps the
    plan); ``None`` for a gradient check."""
    if training.features.check is not None:
        return None
    kept = training.__dict__.get("_replay")
    if kept is None:
        kept = training.__dict__["_replay"] = _written(training)
    return kept


def _written(training: Training) -> Replay:
    plan = plan_of(training)
    L, features = plan.L, training.features
    lines = ["def replay(state, X, Y, learning_rate, t, masks):"]
    say = lines.append
    for layer in plan.layers:  # the forward pass: Z = W A_prev + b, A = g(Z), dropout's mask
        l = layer.l
        say(f"    W{l} = state[{layer.W!r}]")
        say(f"    b{l} = state[{layer.b!r}]")
        say(f"    Z{l} = linear_forward({_A(l - 1, plan)}, W{l}, b{l})")
        say(f"    A{l} = forward({layer.activation!r}, Z{l}, slope)")
        if layer.masked:
            say(f"    D{l} = masks[{l - 1}]")
            say(f"    A{l}d = dropout_forward(A{l}, D{l}, keep_prob)")
    say(f"    J, _, _, loss_sum = cost(A{L}, Y, state, training)")  # forward.cost: J with its L2 term
    if not plan.helpers:
        say(f"    dA = cost_gradient(A{L}, Y)")
    for layer in reversed(plan.layers):
        _backward(say, layer, plan, training)
    _update(say, plan, training)
    source = "\n".join(lines) + "\n"
    namespace = {
        "np": np, "HealthInputs": functools.partial(tuple.__new__, HealthInputs),
        "linear_forward": layers.linear_forward, "forward": activations.forward,
        "cost": cost, "training": training, "cost_gradient": layers.cost_gradient,
        "linear_backward": layers.linear_backward, "update": layers.update,
        "output_dZ": arithmetic.output_dZ,
        "hidden_dZ": arithmetic.hidden_dZ, "relu_dZ": arithmetic.relu_dZ,
        "dropout_forward": regularization.dropout_forward, "dropout_backward": regularization.dropout_backward,
        "l2_gradient": regularization.l2_gradient,
        "momentum": optimizers.momentum, "adam": optimizers.adam,
        "slope": training.leaky_slope, "keep_prob": training.keep_prob, "lambd": training.lambd,
        "arithmetic": training.arithmetic, "beta": training.beta, "beta1": training.beta1,
        "beta2": training.beta2, "epsilon": training.epsilon,
        **{f"gradients{layer.l}": layer.gradients for layer in plan.layers},
    }
    exec(compile(source, f"<dnnstep replay of {L} layers, {', '.join(features.names) or 'week 4'}>", "exec"),
         namespace)
    return Replay(source, namespace["replay"])


def _A(l: int, plan) -> str:
    """The name of the A that layer l passes on (X for l = 0; after dropout's mask where it applies)."""
    if l == 0:
        return "X"
    return f"A{l}d" if plan.layers[l - 1].masked else f"A{l}"


def _backward(say, layer: LayerPlan, plan, training: Training) -> None:
    """Backward l, as ``trace._iterate`` computes it: dA (masked), dZ, dW (with λ/m W), db, and
    dA[l-1] in ``dA``; ``positive{l}`` is the mask A > 0 the gradient health reads (``None`` for
    another g[l])."""
    l, L = layer.l, plan.L
    relu = layer.activation == "relu"
    if layer.dZ_from_AL:
        say(f"    dZ = output_dZ(A{L}, Y, arithmetic)")
        say(f"    positive{l} = A{l} > 0" if relu else f"    positive{l} = None")
    else:
        dA = f"dropout_backward(dA, D{l}, keep_prob)" if layer.masked else "dA"
        if layer.relu_mask:
            say(f"    positive{l} = Z{l} > 0")
            say(f"    dZ = relu_dZ({dA}, positive{l})")
        else:
            say(f"    dZ = hidden_dZ({layer.activation!r}, {dA}, Z{l}, slope, arithmetic)")
            say(f"    positive{l} = A{l} > 0" if relu else f"    positive{l} = None")
    A_prev = _A(l - 1, plan)
    if layer.course_linear_backward:
        say(f"    dA, dW{l}, db{l} = linear_backward(dZ, {A_prev}, W{l})")
    else:
        say(f"    dW{l}, db{l} = gradients{l}(dZ, {A_prev})")
        if l > 1:  # dA[0] feeds no layer
            say(f"    dA = W{l}.T.dot(dZ)")
    if training.features.l2:
        say(f"    dW{l} = dW{l} + l2_gradient(W{l}, lambd, {A_prev}.shape[1])")


def _update(say, plan, training: Training) -> None:
    """The update of every layer by the optimizer, the new state in ``trace._update``'s order of
    keys, and what the gradient health reads."""
    optimizer, L = training.optimizer, plan.L
    say("    new_state = {}")
    moved = []
    for layer in plan.layers:
        l = layer.l
        if optimizer == "gd":
            say(f"    W{l}_new, b{l}_new = update(W{l}, b{l}, dW{l}, db{l}, learning_rate)")
        elif optimizer == "momentum":
            say(f"    v_dW{l}, W{l}_new = momentum(W{l}, dW{l}, state[{layer.v_dW!r}], beta, learning_rate)")
            say(f"    v_db{l}, b{l}_new = momentum(b{l}, db{l}, state[{layer.v_db!r}], beta, learning_rate)")
            say(f"    new_state[{layer.v_dW!r}] = v_dW{l}")
            say(f"    new_state[{layer.v_db!r}] = v_db{l}")
            moved.append(f"v_dW{l}")
        else:
            say(f"    v_dW{l}, s_dW{l}, _, _, step_W{l}, W{l}_new = adam(W{l}, dW{l}, state[{layer.v_dW!r}], "
                f"state[{layer.s_dW!r}], t, learning_rate, beta1, beta2, epsilon)")
            say(f"    v_db{l}, s_db{l}, _, _, _, b{l}_new = adam(b{l}, db{l}, state[{layer.v_db!r}], "
                f"state[{layer.s_db!r}], t, learning_rate, beta1, beta2, epsilon)")
            for key, name in ((layer.v_dW, f"v_dW{l}"), (layer.v_db, f"v_db{l}"),
                              (layer.s_dW, f"s_dW{l}"), (layer.s_db, f"s_db{l}")):
                say(f"    new_state[{key!r}] = {name}")
            moved.append(f"step_W{l}")
        say(f"    new_state[{layer.W!r}] = W{l}_new")
        say(f"    new_state[{layer.b!r}] = b{l}_new")
    steps = {"gd": "None", "momentum": f"(learning_rate, [{', '.join(moved)}])",
             "adam": f"(None, [{', '.join(moved)}])"}[optimizer]
    each = ", ".join
    say(f"    health = HealthInputs(([{each(f'dW{l}' for l in range(1, L + 1))}], "
        f"[{each(f'positive{l}' for l in range(1, L + 1))}], [{each(f'W{l}' for l in range(1, L + 1))}], "
        f"learning_rate, {steps}))")
    say("    return J, loss_sum, new_state, health")
