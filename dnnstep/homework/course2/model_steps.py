"""A Course 2 ``model``'s watched calls as the engine's steps: what the debugger shows beside the reference.

The notebooks' ``model`` trains a 3-layer network by calling, per iteration (per mini-batch with
mini-batches), ``forward_propagation[_with_dropout]``, ``compute_cost[_with_regularization]``,
``backward_propagation[_with_regularization|_with_dropout]`` and an ``update_parameters...``;
:mod:`~dnnstep.homework.course2.training` watches those calls (:class:`~dnnstep.homework.course2.training.Call`).
Each call holds a whole phase of all layers at once, which this module cuts into the engine's steps
(``forward 1..L``, ``cost``, ``backward L..1``, ``update 1..L``, with the tensor names of
:func:`dnnstep.engine.vocabulary.tensor_names`):

==============  ===================================================================================
step            where the student's numbers come from
==============  ===================================================================================
forward l       ``A_prev`` (X for l = 1), ``W``, ``b`` from the call's arguments; ``Z``, ``D`` and ``A``
                from the cache it returns, ``(Z1, [D1,] A1, W1, b1, ..., ZL, AL, WL, bL)``
cost            ``AL``, ``Y`` the call's arguments, ``J`` what it returns (per example: the 2019 on
                ``opt_utils`` returns the mini-batch's sum, which ``model`` divides by m per epoch)
backward l      ``Z``, ``A_prev``, ``W``, ``AL``, ``Y``, ``D`` as the forward pass left them; ``dZ``,
                ``dW``, ``db``, ``dA`` (after the mask with dropout: ``dA_pre``) from its ``gradients``
update l        ``W``, ``b``, ``dW``, ``db``, ``v``, ``s``, ``t`` from the arguments; ``W_new``, ``b_new``,
                ``v``, ``s`` after (and 2021's v̂, ŝ) from what it returns; Adam's step is ``W - W_new``
==============  ===================================================================================

What no call shows (``A_pre`` before dropout, ``dA`` before the mask, ``J_ce`` and ``J_L2``, ``dW_ce`` and
``dW_L2``) is left out of the student's step: unknown, not wrong. The same cutting of the reference's own
calls gives the engine's steps (a test holds them so), which is how a scenario is known to be a run of
the notebook's model.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from dnnstep.engine.step import Step, step_index
from dnnstep.homework.comparing.pipeline import IterationRun, part
from dnnstep.homework.comparing.tolerance import as_array
from dnnstep.homework.course2.training import STEPS, Call


#: How the failure of a step whose call the model never made begins.
NO_CALL = "not computed: the student's model made no"


def iterations(calls: Sequence[Call]) -> list[list[Call]]:
    """The watched calls of each iteration: from one forward call to the next (what comes before the first,
    the initialisation, is the first iteration's too)."""
    found: list[list[Call]] = [[]]
    for call in calls:
        if STEPS.get(call.name) == "forward" and any(STEPS.get(c.name) == "forward" for c in found[-1]):
            found.append([])
        found[-1].append(call)
    return found if found[0] else []


def iteration_steps(calls: Sequence[Call], reference: Sequence[Step], *, cost_sum: bool = False) -> IterationRun:
    """The steps of one iteration made of its ``calls``, shaped as ``reference`` (the engine's same iteration).

    ``cost_sum``: the cost the model's ``compute_cost`` returns is the mini-batch's sum, not its mean.
    """
    n = len(reference)
    L = (n - 1) // 3
    steps: list[Step | None] = [None] * n
    failures: list[str | None] = [None] * n
    made = IterationRun(steps, failures)
    by_kind = {}
    for call in calls:
        by_kind.setdefault(STEPS.get(call.name), call)

    forward = by_kind.get("forward")
    if forward is None:
        return made.fail(0, f"{NO_CALL} forward call here")
    layers = _forward_layers(forward, reference[:L])
    if isinstance(layers, str):
        return made.fail(0, layers)
    for l in range(1, L + 1):
        steps[l - 1] = student_step(reference[l - 1], layers[l - 1])

    cost = by_kind.get("cost")
    if cost is None:
        failures[L] = f"{NO_CALL} cost call after {forward.name}"
    else:
        J = scalar(cost.result)
        examples = np.shape(part(cost.args, 1))
        if cost_sum and J is not None and examples and examples[-1]:
            J = J / examples[-1]
        tensors = {"AL": part(cost.args, 0), "Y": part(cost.args, 1), "J": J}
        steps[L] = student_step(reference[L], tensors, {} if J is None else {"J": J})
        if J is None:
            failures[L] = f"{cost.name} returned a {type(cost.result).__name__}, not a number"

    backward = by_kind.get("backward")
    grads = backward.result if backward is not None else None
    if not isinstance(grads, dict):
        return made.fail(L + 1, f"{NO_CALL} backward call after {forward.name}" if backward is None
                         else f"{backward.name} returned a {type(grads).__name__}, not gradients, a dictionary")
    for l in range(L, 0, -1):
        index = step_index(L, "backward", l)
        steps[index] = student_step(reference[index], backward_layer(l, L, layers, grads, part(backward.args, 1)))

    update = by_kind.get("update")
    if update is None:
        return made.fail(2 * L + 1, f"{NO_CALL} update call after {backward.name}")
    updated = _update_layers(update, L)
    if isinstance(updated, str):
        return made.fail(2 * L + 1, updated)
    for l in range(1, L + 1):
        index = step_index(L, "update", l)
        tensors, scalars = updated[l - 1]
        steps[index] = student_step(reference[index], tensors, scalars)
    return made


# --------------------------------------------------------------------------------------------
# Each phase's call, cut into layers
# --------------------------------------------------------------------------------------------


def _forward_layers(call: Call, reference: Sequence[Step]) -> list[dict[str, Any]] | str:
    """Each layer's forward tensors from the forward call, or why the call cannot be read."""
    L = len(reference)
    if not (isinstance(call.result, (tuple, list)) and len(call.result) == 2):
        return f"{call.name} returned a {type(call.result).__name__}, not (A{L}, cache)"
    AL, cache = call.result
    return forward_layers(part(call.args, 0), part(call.args, 1), AL, cache, reference)


def forward_layers(X, parameters, AL, cache, reference: Sequence[Step]) -> list[dict[str, Any]]:
    """Each layer's forward tensors: ``A_prev`` (``X`` for layer 1), ``W``, ``b`` from ``parameters``, ``Z``, ``D``
    and ``A`` from ``cache`` (the layers with dropout are those whose ``reference`` step has a mask ``D``), ``AL``
    for the last; ``Z`` and ``A`` are left out of a cache of another length."""
    L = len(reference)
    parameters = parameters if isinstance(parameters, Mapping) else {}
    names = [("Z", "D", "A", "W", "b") if "D" in ref.tensors else ("Z", "A", "W", "b") for ref in reference]
    readable = isinstance(cache, (tuple, list)) and len(cache) == sum(len(n) for n in names)
    layers, position, A_prev = [], 0, X
    for l, layer_names in enumerate(names, start=1):
        tensors = {"A_prev": A_prev, "W": parameters.get(f"W{l}"), "b": parameters.get(f"b{l}")}
        if readable:
            kept = dict(zip(layer_names, cache[position:position + len(layer_names)]))
            tensors.update(Z=kept["Z"], A=kept["A"], **({"D": kept["D"]} if "D" in kept else {}))
            position += len(layer_names)
        if l == L:
            tensors["A"] = AL
        layers.append(tensors)
        A_prev = tensors.get("A")
    return layers


def backward_layer(l: int, L: int, layers: list[dict], grads: dict, Y) -> dict[str, Any]:
    """Layer ``l``'s backward tensors: what the forward pass left for it (``layers``, :func:`forward_layers`), and
    its gradients (``grads``, the course's keys or the lower-case ones)."""
    f = layers[l - 1]
    tensors = {"Z": f.get("Z"), "A_prev": f.get("A_prev"), "W": f.get("W"), "dZ": _grad(grads, "dZ", l),
               "dW": _grad(grads, "dW", l), "db": _grad(grads, "db", l)}
    if l == L:
        tensors.update(AL=f.get("A"), Y=Y)
    else:
        dA = _grad(grads, "dA", l)
        tensors.update({"D": f["D"], "dA_pre": dA} if "D" in f else {"dA": dA})
    if l > 1 and "D" not in layers[l - 2]:  # with dropout below, the course keeps dA[l-1] masked only
        tensors["dA_prev"] = _grad(grads, "dA", l - 1)
    return tensors


def _update_layers(call: Call, L: int) -> list[tuple[dict, dict]] | str:
    """Each layer's update tensors and numbers from the update call, or why the call cannot be read."""
    args, result = call.args, call.result
    parameters, grads = part(args, 0), part(args, 1)
    if call.name == "update_parameters_with_adam":
        v, s, t, learning_rate, beta1, beta2, epsilon = (part(args, i) for i in range(2, 9))
        scalars = {"learning_rate": learning_rate, "t": t, "beta1": beta1, "beta2": beta2, "epsilon": epsilon}
        wanted = "(parameters, v, s) or (parameters, v, s, v_corrected, s_corrected)"
        returned = result if isinstance(result, (tuple, list)) and len(result) in (3, 5) else None
    elif call.name == "update_parameters_with_momentum":
        v, s, (beta, learning_rate) = part(args, 2), None, (part(args, 3), part(args, 4))
        scalars = {"learning_rate": learning_rate, "beta": beta}
        wanted = "(parameters, v)"
        returned = result if isinstance(result, (tuple, list)) and len(result) == 2 else None
    else:
        v = s = None
        scalars = {"learning_rate": part(args, 2)}
        wanted = "parameters, a dictionary"
        returned = (result,) if isinstance(result, dict) else None
    if returned is None or not isinstance(returned[0], dict):
        return f"{call.name} returned a {type(result).__name__}, not {wanted}"
    new = returned[0]
    scalars = {k: float(x) for k, x in scalars.items() if scalar(x) is not None}
    layers = []
    for l in range(1, L + 1):
        tensors = {"W": _get(parameters, f"W{l}"), "b": _get(parameters, f"b{l}"), "dW": _get(grads, f"dW{l}"),
                   "db": _get(grads, f"db{l}"), "W_new": new.get(f"W{l}"), "b_new": new.get(f"b{l}")}
        if v is not None:
            tensors.update(v_dW=_get(v, f"dW{l}"), v_db=_get(v, f"db{l}"), v_dW_new=_get(part(returned, 1), f"dW{l}"),
                           v_db_new=_get(part(returned, 1), f"db{l}"))
        if s is not None:
            tensors.update(s_dW=_get(s, f"dW{l}"), s_db=_get(s, f"db{l}"), s_dW_new=_get(part(returned, 2), f"dW{l}"),
                           s_db_new=_get(part(returned, 2), f"db{l}"))
            if len(returned) == 5:
                tensors.update(v_hat_dW=_get(returned[3], f"dW{l}"), v_hat_db=_get(returned[3], f"db{l}"),
                               s_hat_dW=_get(returned[4], f"dW{l}"), s_hat_db=_get(returned[4], f"db{l}"))
            tensors.update(step_W=_difference(tensors["W"], tensors["W_new"]),
                           step_b=_difference(tensors["b"], tensors["b_new"]))
        layers.append((tensors, scalars))
    return layers


# --------------------------------------------------------------------------------------------
# Small pieces
# --------------------------------------------------------------------------------------------


def student_step(reference: Step, tensors: dict[str, Any], scalars: dict[str, float] | None = None) -> Step:
    """The student's step: the reference's place and formula, the student's arrays (those that are numbers) and
    numbers (none of the reference's)."""
    arrays = {}
    for name, value in tensors.items():
        array = as_array(value)
        if array is not None:
            arrays[name] = array
    return Step(reference.iteration, reference.index, reference.phase, reference.layer, reference.activation,
                reference.formula, arrays, dict(scalars or {}))


def _grad(grads: dict, name: str, l: int):
    """``grads`` of ``name`` at layer ``l``: the course's keys (``dZ3``) or the lower-case ones of
    ``init_utils`` and ``opt_utils`` (``dz3``, ``da2``)."""
    key = f"{name}{l}"
    return grads.get(key, grads.get(key.lower()))


def _get(value, key: str):
    return value.get(key) if isinstance(value, dict) else None


def _difference(before, after):
    a, b = as_array(before), as_array(after)
    if a is None or b is None or a.shape != b.shape:
        return None
    return a - b


def scalar(value) -> float | None:
    array = as_array(value)
    if array is None or array.size != 1:
        return None
    return float(array.reshape(-1)[0])
