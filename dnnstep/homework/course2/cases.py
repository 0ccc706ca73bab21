"""The inputs each of Course 2's graded functions is checked on: the course's own tests, then the course's networks.

The course's tests build their inputs from seeded ``np.random.randn`` draws and a few hard-coded arrays;
the reference's :mod:`dnnstep.course2.cases` rebuilds them per edition, and :func:`course_cases` makes them
the calls the notebook's test cells make, so the student's function sees exactly what the course's test
gives it. The expected outputs are not
stored here: the reference (:mod:`dnnstep.course2`) computes them on copies of the same inputs.

:func:`network_cases` then gives each function its inputs on the network of its assignment's own
``model``, at its first iteration, as the course's seeds make it: the circles and ``[2, 10, 5, 1]``
(Initialization), the football data and ``[2, 20, 3, 1]`` with ``lambd = 0.7`` and ``keep_prob = 0.86``
(Regularization), the moons' first mini-batch (seed 11) and ``[2, 5, 2, 1]`` (Optimization), and the
notebook's 47-parameter network with the shipped and the fixed backward pass (Gradient Checking).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dnnstep.course2 import cases as tests
from dnnstep.course2 import datasets, gradient_checking, optimization, regularization
from dnnstep.homework.comparing.cases import Case
from dnnstep.homework.course2.editions import Edition

COURSE = "course test case"

#: Regularization's model: L2 strength and dropout's keep probability, as the notebook runs them.
LAMBD, KEEP_PROB = 0.7, 0.86


def _seeded(seed: int, build):
    """``build()`` after ``np.random.seed(seed)``; numpy's global generator is left as it was."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return build()
    finally:
        np.random.set_state(state)


def course_cases(edition: Edition) -> list[Case]:
    """The course's own test inputs of every graded function of Course 2, as ``edition``'s tests build them
    (:mod:`dnnstep.course2.cases` draws them; the call's own arguments are the notebook's)."""
    return [*_initialization(), *_regularization(), *_gradient_checking(edition), *_optimization(edition)]


def _initialization():
    yield Case("initialize_parameters_zeros", ([3, 2, 1],), COURSE, "course")
    yield Case("initialize_parameters_random", ([3, 2, 1],), COURSE, "course")
    yield Case("initialize_parameters_he", ([2, 4, 1],), COURSE, "course")


def _regularization():
    A3, Y, parameters = tests.compute_cost_with_regularization_test_case()
    yield Case("compute_cost_with_regularization", (A3, Y, parameters, 0.1), COURSE, "course", m=5)
    X, Y, cache = tests.backward_propagation_with_regularization_test_case()
    yield Case("backward_propagation_with_regularization", (X, Y, cache, 0.7), COURSE, "course", m=5)
    X, parameters = tests.forward_propagation_with_dropout_test_case()
    yield Case("forward_propagation_with_dropout", (X, parameters, 0.7), COURSE, "course", m=5)
    X, Y, cache = tests.backward_propagation_with_dropout_test_case()
    yield Case("backward_propagation_with_dropout", (X, Y, cache, 0.8), COURSE, "course", m=5)


def _gradient_checking(edition: Edition):
    x = 3 if edition.tests == "B" else 2  # the 2023 tests take x = 3 for backward_propagation and gradient_check
    yield Case("forward_propagation", (2, 4), COURSE, "course")
    yield Case("backward_propagation", (x, 4), COURSE, "course")
    yield Case("gradient_check", (x, 4), COURSE, "course")
    X, Y, parameters = tests.gradient_check_n_test_case()
    cost, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    shipped = gradient_checking.backward_propagation_n(X, Y, cache)
    yield Case("forward_propagation_n", (X, Y, parameters), COURSE, "course", m=3)
    yield Case("backward_propagation_n", (X, Y, cache), COURSE, "course", m=3)
    yield Case("gradient_check_n", (parameters, shipped, X, Y, 1e-7), f"{COURSE} (the shipped backward_propagation_n)",
               "course", m=3)


def _optimization(edition: Edition):
    key = edition.key
    yield Case("update_parameters_with_gd", tests.update_parameters_with_gd_test_case(edition=key), COURSE, "course")
    yield Case("random_mini_batches", tests.random_mini_batches_test_public(edition=key), COURSE, "course")
    yield Case("initialize_velocity", (tests.initialize_velocity_test_case(edition=key),), COURSE, "course")
    parameters, grads, v = tests.update_parameters_with_momentum_test_case(edition=key)
    yield Case("update_parameters_with_momentum", (parameters, grads, v, 0.9, 0.01), COURSE, "course")
    yield Case("initialize_adam", (tests.initialize_adam_test_case(edition=key),), COURSE, "course")
    adam = tests.update_parameters_with_adam_test_case(edition=key)
    if len(adam) == 4:  # the hyper-parameters the notebook passes: 2021's, or the defaults with t = 2 before
        hyper = tuple(tests.ADAM_TEST_HYPERPARAMETERS.values()) if edition.adam_returns_corrected else (2,)
        adam = (*adam, *hyper)
    yield Case("update_parameters_with_adam", adam, COURSE, "course")
    if edition.decay:
        yield Case("update_lr", (0.5, 2, 1), COURSE, "course")
        for args in ((0.5, 100, 1, 100), (0.5, 10, 1, 100), (0.3, 1000, 0.25, 100), (0.3, 100, 0.25, 100),
                     (0.5, 10, 0.3, 100), (0.5, 100, 0.3, 100)):
            yield Case("schedule_lr_decay", args, COURSE, "course")


# --------------------------------------------------------------------------------------------
# The course's networks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    """A data set a notebook's model trains on: ``X (2, m)``, ``Y (1, m)``, its name, and how it was found."""

    name: str
    X: np.ndarray
    Y: np.ndarray
    note: str = ""


def circles() -> Data:
    X, Y, _, _ = datasets.load_circles()
    return Data("the circles (init_utils.load_dataset)", X, Y)


def moons() -> Data:
    X, Y = datasets.load_moons()
    return Data("the moons (opt_utils.load_dataset)", X, Y)


def football_files(places=()) -> list[Path]:
    """Where the Regularization notebook's data is looked for, in order: each of ``places`` (a folder, or the file
    itself), its ``data.mat``, its ``datasets/data.mat`` (as the notebook reads it)."""
    return [path for place in places
            for path in (Path(place), Path(place) / "data.mat", Path(place) / "datasets" / "data.mat")]


def football(places=()) -> Data:
    """The Regularization notebook's data, read from the first ``data.mat`` of ``places`` (folders, or the files
    themselves) that holds it; the moons, with a note, when none does."""
    for path in football_files(places):
        if path.is_file():
            try:
                X, Y, _, _ = datasets.load_football(path)
            except (datasets.MatFileError, OSError, ValueError):
                continue
            return Data(f"the football data ({path})", X, Y.astype(float))
    fallback = moons()
    return Data(fallback.name, fallback.X, fallback.Y,
                "the football data (datasets/data.mat) was not found beside the homework or in --data: "
                "Regularization's network and model were checked on the moons instead")


def network_cases(data: dict[str, Data]) -> list[Case]:
    """Every graded function's inputs on its notebook's network: ``data`` gives ``"circles"``, ``"football"``,
    ``"moons"``."""
    cases = []
    where = "the notebook's network"
    for function in ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"):
        cases.append(Case(function, ([2, 10, 5, 1],), f"{where} (layers_dims [2, 10, 5, 1])", "network"))
    cases += _regularization_network(data["football"], where)
    cases += _gradient_checking_network(where)
    cases += _optimization_network(data["moons"], where)
    return cases


def _regularization_network(data: Data, where: str) -> list[Case]:
    X, Y, m = data.X, data.Y, data.X.shape[1]
    at = f"{where} on {data.name.split(' (')[0]} (layers_dims [2, 20, 3, 1])"
    parameters = _seeded(0, lambda: regularization.initialize_parameters([X.shape[0], 20, 3, 1]))
    A3, cache = regularization.forward_propagation(X, parameters)
    drop_A3, drop_cache = _seeded(0, lambda: regularization.forward_propagation_with_dropout(X, parameters, KEEP_PROB))
    return [
        Case("compute_cost_with_regularization", (A3, Y, parameters, LAMBD), f"{at}, lambd = {LAMBD}", "network", m=m),
        Case("backward_propagation_with_regularization", (X, Y, cache, LAMBD), f"{at}, lambd = {LAMBD}", "network",
             m=m),
        Case("forward_propagation_with_dropout", (X, parameters, KEEP_PROB), f"{at}, keep_prob = {KEEP_PROB}",
             "network", m=m),
        Case("backward_propagation_with_dropout", (X, Y, drop_cache, KEEP_PROB), f"{at}, keep_prob = {KEEP_PROB}",
             "network", m=m),
    ]


def _gradient_checking_network(where: str) -> list[Case]:
    X, Y, parameters = tests.gradient_check_n_test_case()
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    fixed = gradient_checking.backward_propagation_n_fixed(X, Y, cache)
    at = f"{where} (the notebook's 47 parameters)"
    return [
        Case("forward_propagation", (3, 4), f"{where} (x = 3, theta = 4)", "network"),
        Case("backward_propagation", (2, 4), f"{where} (x = 2, theta = 4)", "network"),
        Case("gradient_check", (3, 4, 1e-7), f"{where} (x = 3, theta = 4)", "network"),
        Case("gradient_check_n", (parameters, fixed, X, Y, 1e-7), f"{at} with backward_propagation_n fixed",
             "network", m=3),
    ]


def _optimization_network(data: Data, where: str) -> list[Case]:
    X, Y = data.X, data.Y
    at = f"{where} on {data.name.split(' (')[0]} (layers_dims [2, 5, 2, 1])"
    parameters = _seeded(0, lambda: optimization.initialize_parameters([X.shape[0], 5, 2, 1]))
    batches = _seeded(0, lambda: optimization.random_mini_batches(X, Y, 64, 11))
    batch_X, batch_Y = batches[0]
    a3, caches = optimization.forward_propagation(batch_X, parameters)
    grads = optimization.backward_propagation(batch_X, batch_Y, caches)
    grads = {k: v for k, v in grads.items() if k[:2] in ("dW", "db")}
    v = optimization.initialize_velocity(parameters)
    v_after, s_after = optimization.initialize_adam(parameters)
    first = f"{at}, epoch 0, mini-batch 0"
    cases = [
        Case("random_mini_batches", (X, Y, 64, 11), f"{at}, epoch 0 (seed 11)", "network"),
        Case("update_parameters_with_gd", (parameters, grads, 0.0007), first, "network"),
        Case("initialize_velocity", (parameters,), at, "network"),
        Case("update_parameters_with_momentum", (parameters, grads, v, 0.9, 0.0007), first, "network"),
        Case("initialize_adam", (parameters,), at, "network"),
        Case("update_parameters_with_adam", (parameters, grads, v_after, s_after, 1, 0.0007, 0.9, 0.999, 1e-8),
             f"{first}, t = 1", "network"),
    ]
    v1, s1 = optimization.initialize_adam(parameters)
    _, v1, s1 = optimization.update_parameters_with_adam(dict(parameters), grads, v1, s1, 1, 0.0007, edition="2019")
    cases.append(Case("update_parameters_with_adam", (parameters, grads, v1, s1, 2, 0.0007, 0.9, 0.999, 1e-8),
                      f"{first} again, t = 2", "network"))
    for epoch in (999, 1000):  # the model's decay (time_interval 1000): the rate first drops after epoch 999
        cases.append(Case("update_lr", (0.1, epoch, 1), f"{where}'s decay, epoch {epoch}", "network"))
        cases.append(Case("schedule_lr_decay", (0.1, epoch, 1), f"{where}'s decay, epoch {epoch}", "network"))
    return cases
