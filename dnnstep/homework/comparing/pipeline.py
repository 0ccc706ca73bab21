"""The student's own training run, step by step, beside the reference's.

:class:`StudentPipeline` trains a scenario's network with the homework's functions, in
the homework's process: ``L_model_forward``, ``compute_cost``, ``L_model_backward`` and
``update_parameters`` (the reference's, bound to the homework's helpers, for any the
student has not written), each iteration starting from the parameters the student's
previous update returned. While they run, the student's ``linear_activation_forward``,
``linear_activation_backward`` and ``linear_backward`` are watched, so the steps also
show ``dAL`` and ``dZ``, which the graded functions do not return.

Each iteration becomes ``3 L + 1`` :class:`~dnnstep.engine.step.Step` records with the
reference's tensor names, which :mod:`dnnstep.homework.comparing.divergence` holds against the
engine's steps.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from dnnstep.engine.step import Step, step_index
from dnnstep.engine.vocabulary import INPUTS, TENSORS
from dnnstep.homework.comparing.tolerance import as_array
from dnnstep.homework.reading.editions import CURRENT, Edition, current_grads
from dnnstep.homework.running.process import CallResult, HomeworkProcess, Stored
from dnnstep.scenario.model import Scenario

#: Tensors only seen by watching the student's helpers: absent means unknown, not wrong.
OPTIONAL = {"cost": ("dAL",), "backward": ("dA", "dZ")}
PIPELINE = ("L_model_forward", "compute_cost", "L_model_backward", "update_parameters")
WATCHED = ("linear_activation_forward", "linear_activation_backward", "linear_backward")


def put_data(process: HomeworkProcess, scenario: Scenario) -> tuple[Stored, Stored]:
    """Send the scenario's X and Y to the homework's process once; what stands for them in calls.

    They are kept under the scenario's name, as the scenario's own arrays: any argument that
    *is* one of them (a case's ``A_prev`` of layer 1, ``X`` of ``L_model_forward``) travels
    as its key, not as its numbers (12288 x 209 of them on a cat-sized network).
    """
    keys = Stored(f"X {scenario.name}"), Stored(f"Y {scenario.name}")
    process.put(keys[0].key, scenario.X)
    process.put(keys[1].key, scenario.Y)
    return keys


#: ``IterationRun.raw[NOT_ARRAYS]``: step index -> {tensor: the student's value that is not an array (a matrix, a tuple)}.
NOT_ARRAYS = "not_arrays"


@dataclass
class IterationRun:
    """The student's steps of one iteration: ``steps[i]`` or, when it could not be built, ``failures[i]``."""

    steps: list[Step | None]
    failures: list[str | None]
    calls: dict[str, CallResult] = field(default_factory=dict)
    next_parameters: dict | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def fail(self, first: int, why: str, rest: str | None = None) -> "IterationRun":
        """Say ``why`` step ``first`` failed, and ``rest`` (default ``why``) of every step after it; returns the run."""
        for i in range(first, len(self.failures)):
            self.failures[i] = why if i == first or rest is None else rest
        return self


class StudentPipeline:
    """The student's training run on ``scenario``, computed one iteration at a time on demand.

    The iterations asked for are run in detail (every call watched, every tensor brought
    back); the iterations in between are trained inside the homework's process, keeping
    the parameters every few iterations (keyframes), so that a far iteration is reached
    at the homework's own speed and memory stays bounded.

    Args:
        process: the homework's process.
        scenario: the network, data and learning rate.
        own: the graded functions (and helpers) the homework itself defines.
        reference: ``reference(iteration) -> steps`` of the reference's run.
        recent: how many detailed iterations to keep (a check walking forward needs one).
    """

    RECENT = 6  # detailed iterations kept
    BLOCK = 50  # iterations trained per request to the homework's process
    KEYFRAME_BYTES = 64 * 2**20  # parameters kept at most, over the whole run

    def __init__(self, process: HomeworkProcess, scenario: Scenario, own: Sequence[str],
                 reference: Callable[[int], Sequence[Step]], *, recent: int = RECENT,
                 backward_edition: Edition = CURRENT):
        self.process = process
        self.recent = recent
        self.backward_edition = backward_edition  # whose grads keys the student's L_model_backward uses
        self.scenario = scenario
        self.own = tuple(own)
        self.reference = reference
        parameters = {k: np.array(v) for k, v in scenario.parameters.items()}
        self._keyframes: dict[int, dict] = {0: parameters}
        nbytes = sum(v.nbytes for v in parameters.values())
        self._stride = max(1, -(-scenario.num_iterations * nbytes // self.KEYFRAME_BYTES))
        self._next: tuple[int, dict] | None = None
        self._recent: OrderedDict[int, IterationRun] = OrderedDict()
        self._seconds = 1.0  # how long a detailed iteration took, last time
        #: The first iteration the student's run could not finish, and why.
        self.stopped: int | None = None
        self.stop_reason = ""
        self._X, self._Y = put_data(process, scenario)

    def run(self, iteration: int) -> IterationRun | None:
        """The student's iteration ``iteration``, or ``None`` when an earlier one could not finish."""
        if iteration in self._recent:
            self._recent.move_to_end(iteration)
            return self._recent[iteration]
        if self.stopped is not None and iteration > self.stopped:
            return None
        parameters = self._parameters_at(iteration)
        if parameters is None:
            return None
        started = time.perf_counter()
        run = self._run_one(iteration, parameters)
        self._seconds = time.perf_counter() - started
        if run.next_parameters is None:
            self._stop(iteration, next((f for f in run.failures if f), "the iteration did not finish"))
        else:
            self._next = (iteration + 1, run.next_parameters)
            if (iteration + 1) % self._stride == 0:
                self._keyframes[iteration + 1] = run.next_parameters
        self._recent[iteration] = run
        while len(self._recent) > self.recent:
            self._recent.popitem(last=False)
        return run

    def _stop(self, iteration: int, reason: str) -> None:
        if self.stopped is None or iteration < self.stopped:
            self.stopped, self.stop_reason = iteration, reason

    def _parameters_at(self, iteration: int) -> dict | None:
        """The student's parameters at the start of ``iteration``, training up to it if needed."""
        if iteration in self._keyframes:
            return self._keyframes[iteration]
        if self._next is not None and self._next[0] == iteration:
            return self._next[1]
        start = max(i for i in self._keyframes if i <= iteration)
        parameters = self._keyframes[start]
        if self._next is not None and start < self._next[0] <= iteration:
            start, parameters = self._next
        while start < iteration:
            n = min(self.BLOCK, iteration - start)
            keep = [j - start for j in range(start + 1, start + n + 1) if j % self._stride == 0 or j == start + n]
            spec = {"X": self._X.key, "Y": self._Y.key, "parameters": parameters, "learning_rate": self.scenario.learning_rate,
                    "iterations": n, "keep": keep}
            result = self.process.train(spec, timeout=self.process.timeout + 4 * n * self._seconds)
            if not result.ok:
                self._stop(start, f"training from iteration {start} failed: {result.message}")
                return None
            trained = result.value
            for j, kept in trained["keyframes"].items():
                if (start + j) % self._stride == 0:
                    self._keyframes[start + j] = kept
            if trained["error"] is not None:
                failing = start + trained["done"]
                self._keyframes[failing] = trained["parameters"]
                if failing < iteration:
                    self.run(failing)  # the detailed run shows what went wrong there
                    self._stop(failing, trained["error"]["message"])
                    return None
                return trained["parameters"]
            start, parameters = start + n, trained["keyframes"][n]
        return parameters

    def _run_one(self, iteration: int, parameters: dict) -> IterationRun:
        s, L = self.scenario, self.scenario.L
        reference = self.reference(iteration)
        n = 3 * L + 1
        steps: list[Step | None] = [None] * n
        failures: list[str | None] = [None] * n
        run = IterationRun(steps, failures)
        Y = np.array(s.Y)

        forward = self._call(run, "L_model_forward", (self._X, parameters), ("linear_activation_forward",))
        if not forward.ok or not _pair(forward.value):
            why = why_failed("L_model_forward", forward, "(AL, caches)")
            first = 0
            if not forward.ok:  # the layers whose linear_activation_forward finished before it failed
                done = [c for c in forward.calls if c[0] == "linear_activation_forward"][:L - 1]
                for first, (_, args, result) in enumerate(done, start=1):
                    tensors = dict(A_prev=part(args, 0), W=part(args, 1), b=part(args, 2), A=part(result, 0),
                                   Z=part(result, 1, 1))
                    steps[first - 1] = _step(reference[first - 1], tensors, run=run)
            return run.fail(first, why, rest=f"not computed: {why}")
        AL, caches = forward.value
        watched_forward = [c for c in forward.calls if c[0] == "linear_activation_forward"]
        run.raw["forward_calls"] = watched_forward if len(watched_forward) == L else None
        run.raw["cache_issues"] = _cache_issues(caches, watched_forward) if len(watched_forward) == L else {}
        forward_tensors = [self._forward(l, AL, caches, watched_forward) for l in range(1, L + 1)]
        for l, tensors in enumerate(forward_tensors, start=1):
            steps[l - 1] = _step(reference[l - 1], tensors, run=run)

        cost = self._call(run, "compute_cost", (AL, self._Y))
        backward = self._call(run, "L_model_backward", (AL, self._Y, caches),
                              ("linear_activation_backward", "linear_backward"))
        grads = current_grads(self.backward_edition, backward.value) if backward.ok and isinstance(
            backward.value, dict) else None
        by_layer, dZ_by_layer = self._backward_calls(backward.calls, forward_tensors)
        cost_tensors = {"AL": AL, "Y": Y}
        if cost.ok:
            cost_tensors["J"] = cost.value
        if L in by_layer:
            cost_tensors["dAL"] = by_layer[L][0]
        if cost.ok:
            steps[L] = _step(reference[L], cost_tensors, {"J": _scalar(cost.value)}, run)
        else:
            failures[L] = why_failed("compute_cost", cost, "the cost")
        if grads is None:
            why = why_failed("L_model_backward", backward, "grads, a dictionary")
            first = L + 1
            if not backward.ok:  # the layers whose linear_activation_backward finished before it failed
                for l in range(L, 0, -1):
                    if l not in by_layer or by_layer[l][3] is None:
                        break
                    dA, cache, _, (dA_prev, dW, db) = by_layer[l]
                    f = forward_tensors[l - 1]
                    tensors = dict(zip(TENSORS["backward"], (dA, f.get("Z"), f.get("A_prev"), f.get("W"),
                                                             dZ_by_layer.get(l), dW, db, dA_prev)))
                    steps[first] = _step(reference[first], tensors, run=run)
                    first += 1
            return run.fail(first, why, rest=f"not computed: {why}")
        for l in range(L, 0, -1):
            f = forward_tensors[l - 1]
            tensors = {"Z": f.get("Z"), "A_prev": f.get("A_prev"), "W": f.get("W")}
            dA = by_layer[l][0] if l in by_layer else grads.get(f"dA{l}") if l < L else None
            tensors.update(dA=dA, dZ=dZ_by_layer.get(l), dW=grads.get(f"dW{l}"), db=grads.get(f"db{l}"),
                           dA_prev=grads.get(f"dA{l - 1}"))
            steps[step_index(L, "backward", l)] = _step(reference[step_index(L, "backward", l)], tensors, run=run)
        run.raw.update(AL=AL, Y=Y, caches=caches, grads=grads, parameters=parameters)

        update = self._call(run, "update_parameters", (parameters, grads, s.learning_rate))
        if not update.ok or not isinstance(update.value, dict):
            why = why_failed("update_parameters", update, "parameters, a dictionary")
            return run.fail(2 * L + 1, why)
        new = update.value
        for l in range(1, L + 1):
            tensors = {"W": parameters.get(f"W{l}"), "b": parameters.get(f"b{l}"), "dW": grads.get(f"dW{l}"),
                       "db": grads.get(f"db{l}"), "W_new": new.get(f"W{l}"), "b_new": new.get(f"b{l}")}
            index = step_index(L, "update", l)
            steps[index] = _step(reference[index], tensors, {"learning_rate": s.learning_rate}, run)
        run.next_parameters = new
        return run

    def _call(self, run: IterationRun, name: str, args: tuple, record: tuple[str, ...] = ()) -> CallResult:
        result = self.process.call(name, args, record=record, check_changes=False)
        run.calls[name] = result
        run.raw.setdefault("args", {})[name] = args  # to explain a failure (arguments)
        return result

    def arguments(self, run: IterationRun, name: str) -> tuple | None:
        """What the iteration ``run`` passed to the homework's ``name``, with X and Y as copies of their
        numbers (made only here, when a failure is explained); ``None`` when it was not called."""
        args = run.raw.get("args", {}).get(name)
        if args is None:
            return None
        stored = {self._X.key: self.scenario.X, self._Y.key: self.scenario.Y}
        return tuple(np.array(stored[a.key]) if isinstance(a, Stored) and a.key in stored else a for a in args)

    def _forward(self, l: int, AL, caches, watched_forward) -> dict[str, Any]:
        """Layer ``l``'s forward tensors: from its watched linear_activation_forward call when every layer's
        was seen, else from ``caches``; A of layer L is always the AL that L_model_forward returned."""
        L = self.scenario.L
        tensors: dict[str, Any] = {}
        if len(watched_forward) == L:
            _, args, result = watched_forward[l - 1]
            tensors.update(A_prev=part(args, 0), W=part(args, 1), b=part(args, 2), A=part(result, 0),
                           Z=part(result, 1, 1))
        else:
            tensors.update(A_prev=part(caches, l - 1, 0, 0), W=part(caches, l - 1, 0, 1), b=part(caches, l - 1, 0, 2),
                           Z=part(caches, l - 1, 1), A=part(caches, l, 0, 0))
        if l == L:
            tensors["A"] = AL
        return tensors

    def _backward_calls(self, calls, forward_tensors) -> tuple[dict[int, tuple], dict[int, Any]]:
        """The watched backward calls by layer: layer -> (dA, cache, activation, result or None), and
        layer -> dZ."""
        L = self.scenario.L
        Ws = [f.get("W") for f in forward_tensors]

        def layer_of(W, k: int, count: int) -> int:
            same = [l for l in range(1, L + 1) if _equal(Ws[l - 1], W)]
            if len(same) == 1:
                return same[0]
            return L - k if count == L else -1

        activation_calls = [c for c in calls if c[0] == "linear_activation_backward"]
        linear_calls = [c for c in calls if c[0] == "linear_backward"]
        by_layer = {}
        for k, (_, args, result) in enumerate(activation_calls):
            l = layer_of(part(args, 1, 0, 1), k, len(activation_calls))
            if l > 0 and l not in by_layer:
                done = result if isinstance(result, (tuple, list)) and len(result) == 3 else None
                by_layer[l] = (part(args, 0), part(args, 1), part(args, 2), done)
        dZ = {}
        for k, (_, args, _result) in enumerate(linear_calls):
            l = layer_of(part(args, 1, 1), k, len(linear_calls))
            if l > 0 and l not in dZ:
                dZ[l] = part(args, 0)
        return by_layer, dZ


def _step(ref: Step, tensors: dict[str, Any], scalars: dict[str, float] | None = None,
          run: IterationRun | None = None) -> Step:
    arrays = {}
    for name, value in tensors.items():
        array = as_array(value)
        if array is not None:
            arrays[name] = array  # the Step freezes it; nobody else holds the student's arrays
        elif value is not None and run is not None:  # a matrix, a tuple: kept aside, to be described as it is
            run.raw.setdefault(NOT_ARRAYS, {}).setdefault(ref.index, {})[name] = value
    return Step(ref.iteration, ref.index, ref.phase, ref.layer, ref.activation, ref.formula, arrays,
                scalars if scalars is not None else dict(ref.scalars))


def _cache_issues(caches, watched_forward) -> dict[int, tuple[str, str, str]]:
    """Layer -> (hint code, what is wrong, how) where ``caches[l-1]`` is not a course cache ``((A_prev, W, b), Z)``
    that the layer's forward call returned: the call returned another form (``cache-item``), the list holds the
    layer's A (``caches-item``), nothing (``caches-item``, said of ``caches``) or another layer's cache
    (``cache-order``, the one label of an order)."""
    returned = [part(result, 1) for _, _, result in watched_forward]
    issues = {}
    for l, cache in enumerate(returned, start=1):
        held = part(caches, l - 1)
        item = f"caches[{l - 1}]"
        if not _course_cache(cache):
            issues[l] = ("cache-item", item, "is not a cache ((A_prev, W, b), Z): linear_activation_forward returned "
                                             f"it so for layer {l}")
            continue
        if _same_cache(held, cache):
            continue
        others = [k for k, other in enumerate(returned, start=1) if _same_cache(held, other)]
        if others:
            issues[l] = ("cache-order", item, f"holds the cache of layer {others[0]}, not of layer {l}")
        elif isinstance(held, np.ndarray) and _equal(held, part(watched_forward[l - 1][2], 0)):
            issues[l] = ("caches-item", item, f"holds layer {l}'s A, not its cache")
        elif not isinstance(caches, (list, tuple)) or l > len(caches):
            issues[l] = ("caches-item", "caches", f"has no item {l - 1} for layer {l}")
        else:
            issues[l] = ("caches-item", item, f"is not the cache linear_activation_forward returned for layer {l}")
    return issues


def _course_cache(cache) -> bool:
    """``((A_prev, W, b), Z)``: two items, the first three arrays, the second an array."""
    return (isinstance(cache, (tuple, list)) and len(cache) == 2 and isinstance(cache[1], np.ndarray)
            and isinstance(cache[0], (tuple, list)) and len(cache[0]) == 3
            and all(isinstance(x, np.ndarray) for x in cache[0]))


def _same_cache(a, b) -> bool:
    """The same nesting of tuples and lists holding bit-identical arrays (``None`` only for ``None``):
    ``a`` is the very cache ``b`` that a forward call returned, not one within tolerance."""
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
                and all(_same_cache(x, y) for x, y in zip(a, b)))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return _equal(a, b)
    return a is None and b is None


def _pair(value) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 2


def _scalar(value) -> float:
    try:
        return float(np.asarray(value, dtype=float).reshape(-1)[0])
    except (TypeError, ValueError, IndexError):
        return float("nan")


def part(value, *path):
    """``value[path[0]][path[1]]...``, or ``None`` where the student's value has no such item."""
    for key in path:
        try:
            value = value[key]
        except (IndexError, KeyError, TypeError):
            return None
    return value


def _equal(a, b) -> bool:
    """Bit for bit the same array; NaN where the other has NaN too (a training that overflowed)."""
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape):
        return False
    try:
        return np.array_equal(a, b, equal_nan=True)
    except TypeError:  # arrays of objects: no NaN to speak of
        return np.array_equal(a, b)


def why_failed(function: str, result: CallResult, wanted: str) -> str:
    """Why the call of ``function`` gave no ``wanted`` (words of its value: ``"(AL, caches)"``), in one line: it
    failed (with where, when the traceback says), or it returned something else."""
    if result.ok:
        return f"{function} returned a {type(result.value).__name__}, not {wanted}"
    where = f" ({result.where()})" if result.frames else ""
    return f"{function} failed: {result.message}{where}"
