"""The inputs each graded function is checked on: the course's own cases and the scenarios' networks.

The course's public tests (2021 edition, the same in 2023) build their inputs from seeded
``np.random.randn`` draws. :func:`course_cases` rebuilds them from those recipes, so the
student's function sees exactly what the course's ``*_test`` sees; the expected outputs
are not stored here but computed by calling :mod:`dnnstep.course` on copies of the inputs.

:func:`scenario_cases` takes a scenario's network at iteration 0 (from the engine's trace)
and gives every function its inputs there: each layer's ``A_prev, W, b`` and
``((A_prev, W, b), Z)`` caches, ``dA`` and ``dZ``, the whole ``X`` and ``parameters``,
``AL`` and ``Y``, ``grads``; and the Application's ``two_layer_model`` and ``L_layer_model``
train 101 iterations on the scenario's data. Functions that are relu/sigmoid only in the course
(``L_model_forward``, ``L_model_backward``, the activation functions) get only the layers
and networks that use relu hidden layers and a sigmoid output.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from dnnstep import course
from dnnstep.engine.conditions import NanOrInf
from dnnstep.engine.step import Step, step_index
from dnnstep.engine.trace import trace_iteration
from dnnstep.homework.comparing.tolerance import matches
from dnnstep.scenario.model import Scenario


#: The Application's models train this many iterations per case: costs at iterations 0 and 100.
APPLICATION_ITERATIONS = 101
#: ... on scenarios whose X has at most this many numbers (the cat-sized ones would take minutes).
APPLICATION_DATA_LIMIT = 50_000


@dataclass(frozen=True)
class Case:
    """One call of one graded function.

    Attributes:
        function: the course function's name.
        args: the positional arguments, in the course's signature order.
        where: for people: ``"course test case"`` or ``"scenario five_layer, layer 2"``.
        source: ``"course"`` or the scenario's name.
        layer: the layer the inputs belong to, when there is one.
        m: the number of examples in the inputs (for the 1/m hints).
        trains: an Application model's training run, which proves nothing where the course's own model
            does not train (:attr:`proves_nothing`).
    """

    function: str
    args: tuple
    where: str
    source: str
    layer: int | None = None
    m: int | None = None
    trains: bool = False

    @functools.cached_property
    def proves_nothing(self) -> str:
        """Why the case cannot tell a right function from a wrong one (then it is not run, and the report
        says why), or ``""``. Found when first asked: only for a homework that defines the model, since it
        trains the course's model too."""
        return _untrained(self.function, self.args) if self.trains else ""


def _randn(*shape: int) -> np.ndarray:
    return np.random.randn(*shape)


def course_cases() -> list[Case]:
    """The 2021 course's public test inputs, rebuilt from their recipes (seeded randn)."""
    state = np.random.get_state()
    try:
        return list(_course_cases())
    finally:
        np.random.set_state(state)


def _course_cases():
    course = "course test case"
    yield Case("initialize_parameters", (3, 2, 1), course, "course")
    yield Case("initialize_parameters_deep", ([5, 4, 3],), course, "course")

    np.random.seed(1)
    A, W, b = _randn(3, 2), _randn(1, 3), _randn(1, 1)
    yield Case("linear_forward", (A, W, b), course, "course", m=2)

    for activation in ("sigmoid", "relu"):
        np.random.seed(2)
        A_prev, W, b = _randn(3, 2), _randn(1, 3), _randn(1, 1)
        yield Case("linear_activation_forward", (A_prev, W, b, activation), f"{course} ({activation})", "course", m=2)

    np.random.seed(6)
    X = _randn(5, 4)
    W1, b1, W2, b2, W3, b3 = _randn(4, 5), _randn(4, 1), _randn(3, 4), _randn(3, 1), _randn(1, 3), _randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    yield Case("L_model_forward", (X, parameters), course, "course", m=4)

    yield Case("compute_cost", (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), course, "course", m=3)

    np.random.seed(1)
    dZ, A, W, b = _randn(3, 4), _randn(5, 4), _randn(3, 5), _randn(3, 1)
    yield Case("linear_backward", (dZ, (A, W, b)), course, "course", m=4)

    for activation in ("sigmoid", "relu"):
        np.random.seed(2)
        dA, A, W, b, Z = _randn(1, 2), _randn(3, 2), _randn(1, 3), _randn(1, 1), _randn(1, 2)
        yield Case("linear_activation_backward", (dA, ((A, W, b), Z), activation), f"{course} ({activation})",
                   "course", m=2)

    np.random.seed(3)
    AL = _randn(1, 2)
    Y = np.array([[1, 0]])
    A1, W1, b1, Z1 = _randn(4, 2), _randn(3, 4), _randn(3, 1), _randn(3, 2)
    A2, W2, b2, Z2 = _randn(3, 2), _randn(1, 3), _randn(1, 1), _randn(1, 2)
    caches = (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))
    yield Case("L_model_backward", (AL, Y, caches), course, "course", m=2)

    np.random.seed(2)
    W1, b1, W2, b2 = _randn(3, 4), _randn(3, 1), _randn(1, 3), _randn(1, 1)
    np.random.seed(3)
    dW1, db1, dW2, db2 = _randn(3, 4), _randn(3, 1), _randn(1, 3), _randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    yield Case("update_parameters", (parameters, grads, 0.1), course, "course")


def big_data(scenario: Scenario) -> bool:
    """True for the cat-sized scenarios (more than APPLICATION_DATA_LIMIT numbers in X): the Application's
    models are not trained on them, and the student's pipeline is compared on iteration 0 only."""
    return scenario.X.size > APPLICATION_DATA_LIMIT


def course_network(scenario: Scenario) -> bool:
    """True when the scenario's network is the course's: relu hidden layers and a sigmoid output."""
    *hidden, output = scenario.activations
    return output == "sigmoid" and all(a == "relu" for a in hidden)


class ReferenceRun:
    """The reference's steps on a scenario, iteration after iteration, each traced once.

    ``run(iteration)`` gives that iteration's steps; only the latest iteration is kept (a
    check walks forward), so a cat-sized network holds one traced iteration at a time.
    Going back starts again from the scenario's parameters.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._iteration = -1
        self._steps: tuple[Step, ...] = ()
        self._parameters = scenario.parameters

    def __call__(self, iteration: int) -> tuple[Step, ...]:
        s = self.scenario
        if iteration < self._iteration:
            self._iteration, self._parameters = -1, s.parameters
        while self._iteration < iteration:
            self._steps = ()  # the previous iteration's tensors go before the next ones are made
            self._steps, self._parameters = trace_iteration(
                self._iteration + 1, self._parameters, s.X, s.Y, s.activations, s.learning_rate, s.leaky_slope)
            self._iteration += 1
        return self._steps

    def overflow(self, iterations: int) -> str | None:
        """Where the reference's own training first holds inf or NaN in its first ``iterations``
        (``NanOrInf``'s words: ``"Inf in Z at iteration 0, forward 1: ..."``), or ``None``."""
        for iteration in range(iterations):
            for step in self(iteration):
                found = NanOrInf()(step)
                if found:
                    return found
        return None


def scenario_cases(scenario: Scenario, reference: ReferenceRun | None = None) -> list[Case]:
    """Every graded function's inputs on ``scenario``'s network at iteration 0 (``reference(0)``'s steps)."""
    steps = (reference or ReferenceRun(scenario))(0)
    L, m, name = scenario.L, scenario.m, scenario.name
    where = f"scenario {name}"
    cases: list[Case] = []
    course_net = course_network(scenario)
    dims = list(scenario.layer_dims)
    cases.append(Case("initialize_parameters_deep", (dims,), f"{where} (layer_dims {dims})", name))
    if L == 2:
        cases.append(Case("initialize_parameters", tuple(dims), f"{where} (n_x, n_h, n_y = {dims})", name))
    # The steps' read-only tensors, not copies: the homework's process gets writable copies of them.
    parameters, X, Y = dict(scenario.parameters), scenario.X, scenario.Y
    if course_net:
        cases.append(Case("L_model_forward", (X, parameters), where, name, m=m))
    for l in range(1, L + 1):
        f = steps[step_index(L, "forward", l)]
        A_prev, W, b = (X if l == 1 else f["A_prev"]), f["W"], f["b"]  # X itself travels as its key
        at = f"{where}, layer {l}"
        cases.append(Case("linear_forward", (A_prev, W, b), at, name, layer=l, m=m))
        if f.activation in ("relu", "sigmoid"):
            cases.append(Case("linear_activation_forward", (A_prev, W, b, f.activation), at, name, layer=l, m=m))
    cost = steps[step_index(L, "cost")]
    AL = cost["AL"]
    cases.append(Case("compute_cost", (AL, Y), where, name, m=m))
    for l in range(L, 0, -1):
        s = steps[step_index(L, "backward", l)]
        cache = (X if l == 1 else s["A_prev"], s["W"], steps[step_index(L, "forward", l)]["b"])
        at = f"{where}, layer {l}"
        cases.append(Case("linear_backward", (s["dZ"], cache), at, name, layer=l, m=m))
        if s.activation in ("relu", "sigmoid"):
            full = (cache, s["Z"])
            cases.append(Case("linear_activation_backward", (s["dA"], full, s.activation), at, name,
                              layer=l, m=m))
    if course_net:
        caches = []
        for l in range(1, L + 1):
            f = steps[step_index(L, "forward", l)]
            caches.append(((X if l == 1 else f["A_prev"], f["W"], f["b"]), f["Z"]))
        cases.append(Case("L_model_backward", (AL, Y, caches), where, name, m=m))
    if course_net and not big_data(scenario):
        dims_2 = (dims[0], dims[1], 1)
        for function, layers, at in (
                ("two_layer_model", dims_2, f"{where} (layers_dims {dims_2}, {APPLICATION_ITERATIONS} iterations)"),
                ("L_layer_model", dims, f"{where} ({APPLICATION_ITERATIONS} iterations)")):
            args = (X, Y, layers, scenario.learning_rate, APPLICATION_ITERATIONS)
            cases.append(Case(function, args, at, name, m=m, trains=True))
    grads = {}
    for l in range(1, L + 1):
        s = steps[step_index(L, "backward", l)]
        grads[f"dW{l}"], grads[f"db{l}"] = s["dW"], s["db"]
    cases.append(Case("update_parameters", (parameters, grads, scenario.learning_rate), where, name))
    return cases


def _untrained(function: str, args: tuple) -> str:
    """Why the reference's ``function`` proves nothing on ``args``: its training never moves the
    parameters (a dead network at the Application's initialisation), so a loop that never updates
    gives the same result; or ``""`` when it trains."""
    X, Y, layers, learning_rate, iterations = args
    state = np.random.get_state()
    try:
        trained, costs = getattr(course, function)(X, Y, layers, learning_rate, iterations)
        np.random.seed(1)
        initial = (course.initialize_parameters(*layers) if function == "two_layer_model"
                   else course.initialize_parameters_deep_app(layers))
    finally:
        np.random.set_state(state)
    if not all(matches(initial[k], trained[k]) for k in initial):
        return ""
    return (f"the course's {function} does not train there: after {iterations} iterations its parameters are the "
            f"initial ones (cost {float(costs[0]):.4f} throughout), so a loop that never updates passes it too")
