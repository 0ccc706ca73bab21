"""What each of Course 2's functions must return, per edition: the reference's value, in the edition's form.

The reference (:mod:`dnnstep.course2`) computes every expected value; :func:`expected_output` calls it on
a copy of the inputs, with the edition where the reference takes one (what Adam returns, the dropout
masks' dtype). Two functions accept more than one answer:

* ``update_parameters_with_adam`` returns ``(parameters, v, s)`` before 2021 and
  ``(parameters, v, s, v_corrected, s_corrected)`` from 2021 (:func:`as_edition`);
* ``backward_propagation_n`` is shipped with two deliberate bugs that the notebook asks the student to
  find: the shipped one and the fixed one are both the course's (:func:`answers`);
* the 2017-20 notebook printed Adam's Expected Output with epsilon inside the square root, against its own
  formula: there, that answer is accepted too, with a note (:data:`TOLERATED`).
"""

from __future__ import annotations

import copy
import inspect
from typing import Any, Callable

from dnnstep.course2 import gradient_checking, initialization, optimization, regularization
from dnnstep.homework.course2.assignments import ASSIGNMENTS, Assignment
from dnnstep.homework.course2.mistakes.optimization import adam_epsilon_inside
from dnnstep.homework.course2.editions import Edition
from dnnstep.homework.comparing.returns import compare_outputs, Comparison
from dnnstep.homework.running.protocol import arrays_in

#: The reference module of each assignment.
MODULES = {"initialization": initialization, "regularization": regularization,
           "gradient_checking": gradient_checking, "optimization": optimization}

#: The shipped backward_propagation_n's fix (a name of the reference's, not of the course's).
FIXED = {"backward_propagation_n": gradient_checking.backward_propagation_n_fixed}

#: function -> (rule on the edition, the other answer's name, how it computes, why it is accepted): an answer an
#: edition's own notebook printed although its formula says otherwise.
TOLERATED = {
    "update_parameters_with_adam": (
        lambda edition: not edition.adam_returns_corrected, "epsilon-inside", adam_epsilon_inside,
        "update_parameters_with_adam puts epsilon inside the square root, np.sqrt(s_corrected + epsilon): accepted, "
        "because the 2017-20 notebook printed its Expected Output that way; its formula (and the 2021 edition's check) "
        "puts it outside: v_corrected / (np.sqrt(s_corrected) + epsilon)"),
}


def assignment_of(function: str, assignments=ASSIGNMENTS) -> Assignment | None:
    """The first of ``assignments`` whose functions include ``function``."""
    return next((a for a in assignments if function in a.functions), None)


def reference(function: str, assignment: Assignment) -> Callable:
    """The reference's ``function`` of ``assignment``."""
    return getattr(MODULES[assignment.key], function)


def parameter_names(function: str, assignment: Assignment) -> tuple[str, ...]:
    """The course's parameter names of ``function`` (without the reference's own ``edition``)."""
    parameters = inspect.signature(reference(function, assignment)).parameters.values()
    return tuple(p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY)


def call(function: Callable, args: tuple, edition: Edition) -> Any:
    """``function(*args)`` on a copy of ``args``, with ``edition=`` where the reference takes one."""
    args = copy.deepcopy(args, {id(a): a for a in arrays_in(args) if not a.flags.writeable})
    if "edition" in inspect.signature(function).parameters:
        return function(*args, edition=edition.key)
    return function(*args)


def expected_output(function: str, args: tuple, assignment: Assignment, edition: Edition) -> Any:
    """The reference's return value of ``function`` on ``args``, as ``edition`` returns it."""
    return call(reference(function, assignment), args, edition)


def answers(function: str, args: tuple, assignment: Assignment, edition: Edition) -> list[tuple[str, Any]]:
    """Every right answer of ``function`` on ``args``: ``(what, value)``, the course's first."""
    found = [("", expected_output(function, args, assignment, edition))]
    if function in FIXED:
        found.append(("fixed", call(FIXED[function], args, edition)))
    if function in TOLERATED and TOLERATED[function][0](edition):
        _, what, other, _ = TOLERATED[function]
        found.append((what, as_edition(edition, function, call(other, args, edition))))
    return found


def accepted_note(function: str, what: str) -> str:
    """Why an answer other than the reference's (``what``, from :func:`answers`) is accepted."""
    if what == "fixed":
        return (f"{function} is the fixed one (both of the shipped version's planted bugs corrected): as right as the "
                "shipped one")
    return TOLERATED[function][3]


def as_edition(edition: Edition, function: str, value: Any) -> Any:
    """A 2021-form value of ``function`` (a mistake model's) in ``edition``'s form."""
    if function == "update_parameters_with_adam" and not edition.adam_returns_corrected and isinstance(value, tuple):
        return value[:3]
    return value


def compare(function: str, expected: Any, actual: Any) -> Comparison:
    """The student's return value against the reference's, each part named the course's way."""
    return compare_outputs(function, expected, actual)
