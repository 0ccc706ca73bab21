"""A Gradient Checking file beside a gradient-check scenario, for the debugger (``dnnstep --homework FILE SCENARIO``).

The notebook has no ``model``: it runs ``cost, cache = forward_propagation_n(X, Y, parameters)``,
``gradients = backward_propagation_n(X, Y, cache)`` and ``difference = gradient_check_n(parameters, gradients,
X, Y, epsilon)``. :class:`GradientCheckRun` makes those three calls with the file's functions on the
scenario's network and data, watching each ``forward_propagation_n`` call ``gradient_check_n`` makes, and
cuts them into the engine's steps: forward 1..3 and the cost from the first call, backward 3..1 from
``gradients``, and check l from the parameters, the gradients and the costs ``J_plus`` and ``J_minus`` of
the watched calls, in ``dictionary_to_vector``'s order (W1, b1, W2, b2, W3, b3, each row by row), one
pair per parameter as the course makes them; its number ``difference`` is what ``gradient_check_n``
returns. ``gradapprox`` and ``|grad - gradapprox|`` stay inside the file's ``gradient_check_n``: not
compared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dnnstep.course2 import gradient_checking
from dnnstep.engine import Session, Step
from dnnstep.engine.step import step_index
from dnnstep.homework.comparing.divergence import differing, step_mismatches
from dnnstep.homework.comparing.pipeline import IterationRun, put_data, why_failed
from dnnstep.homework.comparing.tolerance import compare
from dnnstep.homework.course2.assignments import GRADIENT_CHECKING
from dnnstep.homework.course2.cases import course_cases
from dnnstep.homework.course2.functions import Judged, check_functions
from dnnstep.homework.course2.model_steps import backward_layer, forward_layers, scalar, student_step
from dnnstep.homework.course2.run_beside import RunBeside
from dnnstep.homework.reporting.report import step_words

#: The functions the notebook's gradient check calls, in order.
CALLED = ("forward_propagation_n", "backward_propagation_n", "gradient_check_n")


def is_gradient_check_of_the_notebook(session: Session) -> bool:
    """Whether ``session``'s scenario is a gradient check whose forward pass and cost are the notebook's
    ``forward_propagation_n`` on its parameters and data."""
    s = session.scenario
    if session.last_phase != "check":
        return False
    try:
        cost, cache = gradient_checking.forward_propagation_n(np.array(s.X), np.array(s.Y), dict(s.parameters))
    except Exception:  # noqa: BLE001 - another network than the notebook's 3 layers
        return False
    steps = session.steps(0)
    layers = forward_layers(s.X, s.parameters, cache[9], cache, steps[:session.L])
    made = [student_step(ref, layer) for ref, layer in zip(steps, layers)]
    made.append(student_step(steps[session.L], {"AL": cache[9], "Y": s.Y, "J": cost}))
    return not any(differing(ref, step) for ref, step in zip(steps, made))


class GradientCheckRun(RunBeside):
    """The file's gradient check on the session's scenario, step by step (the interface of ``StudentRun``)."""

    def __init__(self, path: Path, session: Session, process, homework):
        super().__init__(path, session, process, homework)
        self._made: IterationRun | None = None
        self._difference: float | None = None
        self._returned = None  # what gradient_check_n returned

    def step(self, iteration: int, index: int) -> Step | None:
        with self._lock:
            return self._steps().steps[index] if iteration == 0 else None

    def failure(self, iteration: int, index: int) -> str | None:
        with self._lock:
            if iteration != 0:
                return "not computed: a gradient check has one iteration"
            made = self._steps()
            return made.failures[index] if made.steps[index] is None else None

    def mismatches(self, iteration: int, index: int) -> dict[str, np.ndarray]:
        """Per tensor of the engine's step, True where the student's differs (a tensor the file's calls do not
        show is left out)."""
        with self._lock:
            student = self.step(iteration, index)
            return step_mismatches(self._session.step(iteration, index), student,
                                   set(student.tensors) if student is not None else ())

    def _find_divergence(self) -> tuple[int, int, str] | None:
        """The first step whose tensors differ or that could not be made; else, when ``gradient_check_n`` returns
        another ``difference`` than the course's, check 1."""
        for index in range(self._session.steps_per_iteration):
            reference, student = self._session.step(0, index), self.step(0, index)
            if student is None:
                return 0, index, step_words(reference.label, message=self.failure(0, index))
            bad = differing(reference, student, student.tensors)
            if bad:
                return 0, index, step_words(reference.label, bad)
        check = step_index(self._session.L, "check", 1)
        reference = self._session.step(0, check)
        expected = reference.scalars["difference"]
        if self._returned is not None and self._difference is None:
            shape = f" of shape {np.shape(self._returned)}" if isinstance(self._returned, np.ndarray) else ""
            said = f"gradient_check_n returns a {type(self._returned).__name__}{shape}, not difference, a number"
        elif self._difference is not None and not compare("difference", expected, self._difference).ok:
            said = (f"gradient_check_n returns difference = {self._difference:.10g} where the course's gives "
                    f"{expected:.10g} on the same gradients")
        else:
            return None
        return 0, check, step_words(reference.label, message=said, hint=self._hint())

    def _hint(self) -> str | None:
        """The mistake ``dnnstep check`` names in the file's gradient_check_n on the course's test case, or ``None``."""
        detection = self._homework.course2_evidence
        results = check_functions(self._process, GRADIENT_CHECKING, ("gradient_check_n",),
                                  course_cases(detection.edition), Judged(detection))
        hints = [h for r in results for h in r.hints]
        return hints[0].message if hints else None

    def _steps(self) -> IterationRun:
        if self._made is None:
            self._made = self._run()
        return self._made

    def _run(self) -> IterationRun:
        """The three calls of the notebook, cut into the engine's steps of iteration 0."""
        s, session = self._session.scenario, self._session
        reference = session.steps(0)
        n, L = len(reference), session.L
        steps: list[Step | None] = [None] * n
        failures: list[str | None] = [None] * n
        made = IterationRun(steps, failures)

        def fail(first: int, why: str) -> IterationRun:
            return made.fail(first, why, rest=f"not computed: {why}")

        missing = [f for f in CALLED if f not in self._homework.defined]
        if missing:
            return fail(0, f"the file does not define {', '.join(missing)}, which the notebook's gradient check calls")
        X, Y = put_data(self._process, s)
        parameters = {k: np.array(v) for k, v in s.parameters.items()}
        forward = self._process.call("forward_propagation_n", (X, Y, parameters), check_changes=False)
        if not forward.ok or not (isinstance(forward.value, (tuple, list)) and len(forward.value) == 2):
            return fail(0, why_failed("forward_propagation_n", forward, "(cost, cache)"))
        cost, cache = forward.value
        AL = cache[9] if isinstance(cache, (tuple, list)) and len(cache) == 12 else None
        layers = forward_layers(s.X, parameters, AL, cache, reference[:L])
        for l in range(1, L + 1):
            steps[l - 1] = student_step(reference[l - 1], layers[l - 1])
        J = scalar(cost)
        steps[L] = student_step(reference[L], {"AL": AL, "Y": s.Y, "J": J}, {} if J is None else {"J": J})
        backward = self._process.call("backward_propagation_n", (X, Y, cache), check_changes=False)
        if not backward.ok or not isinstance(backward.value, dict):
            return fail(L + 1, why_failed("backward_propagation_n", backward, "gradients, a dictionary"))
        gradients = backward.value
        for l in range(L, 0, -1):
            index = step_index(L, "backward", l)
            steps[index] = student_step(reference[index], backward_layer(l, L, layers, gradients, s.Y))
        epsilon = s.gradient_check.epsilon
        check = self._process.call("gradient_check_n", (parameters, gradients, X, Y, epsilon),
                                   record=("forward_propagation_n",), check_changes=False)
        if not check.ok:
            return fail(2 * L + 1, why_failed("gradient_check_n", check, "difference"))
        self._returned, self._difference = check.value, scalar(check.value)
        costs = [scalar(_first(result)) for name, _, result in check.calls if name == "forward_propagation_n"]
        J_plus, J_minus = costs[0::2], costs[1::2]
        position = 0
        for l in range(1, L + 1):
            index = step_index(L, "check", l)
            tensors = {"W": parameters[f"W{l}"], "b": parameters[f"b{l}"], "dW": gradients.get(f"dW{l}"),
                       "db": gradients.get(f"db{l}")}
            for name, key in (("W", f"W{l}"), ("b", f"b{l}")):
                shape, size = parameters[key].shape, parameters[key].size
                pairs = (J_plus[position:position + size], J_minus[position:position + size])
                if all(len(p) == size and None not in p for p in pairs):
                    tensors[f"J_plus_{name}"] = np.array(pairs[0], dtype=float).reshape(shape)
                    tensors[f"J_minus_{name}"] = np.array(pairs[1], dtype=float).reshape(shape)
                position += size
            numbers = {"epsilon": epsilon}
            if self._difference is not None:
                numbers["difference"] = self._difference
            steps[index] = student_step(reference[index], tensors, numbers)
        return made


def _first(value):
    return value[0] if isinstance(value, (tuple, list)) and value else None
