"""The public tests of Course 2's Gradient Checking assignment (W1A3, 2021 on): ``<function>_test(target)`` runs
``target`` on the course's test inputs and holds it to the course's outputs, printing "All tests passed." or
raising ``AssertionError`` (``dlai_tools.testing_utils``). Supplied by dnnstep inside the homework's process as
``public_tests`` to a Gradient Checking homework.

Two editions, told apart by ``_EDITION`` below: "A" (2021-2022) tests at ``x = 2``, "B" (2023 on) at ``x = 3``;
dnnstep serves this text with "B" there for the 2023 edition. The course's file also tests a ``predict`` of a
two-layer tanh network (``predict_test``), which no exercise of this notebook asks for: kept, with the course's
inputs and output. The other expected outputs below are written in by ``tests/homework/course2/make_course_files.py``
from dnnstep's reference (``dnnstep.course2``), which reproduces every output the course publishes.
"""

import numpy as np
from dlai_tools.testing_utils import single_test, multiple_test
from dlai_tools import _ERRORS, _run

_EDITION = "A"  # "A": 2021-2022; "B": 2023 on


def _test(target, name, runner=single_test, checks=("equation_output_check",)):
    """Hold ``target`` to its expected outputs on the inputs of the test of ``name`` (:func:`dlai_tools._run`)."""
    _run(target, runner, checks, _inputs(name), _EXPECTED[_EDITION][name])


def _inputs(name):
    """The argument lists of the test of ``name``: ``(x, theta)``."""
    return [(3 if _EDITION == "B" else 2, 4)]


def forward_propagation_test(target):
    _test(target, "forward_propagation")


def backward_propagation_test(target):
    _test(target, "backward_propagation")


def gradient_check_test(target):
    _test(target, "gradient_check")


def predict_test(target):
    np.random.seed(1)
    X = np.random.randn(2, 3)
    parameters = {"W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121], [-0.0169217, -0.01752545],
                                  [0.00935436, -0.05018221]]),
                  "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
                  "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
                  "b2": np.array([[9.14954378e-05]])}
    expected_output = np.array([[True, False, True]])
    single_test([{"name": check, "input": [parameters, X], "expected": expected_output, "error": _ERRORS[check]}
                 for check in ("datatype_check", "shape_check", "equation_output_check")], target)


# The expected outputs, one per input of _inputs(name): written by tests/homework/course2/make_course_files.py.
# --- expected outputs ---
_EXPECTED = {
    'A': {
        'forward_propagation': [np.array(8, dtype=np.int64)],
        'backward_propagation': [2],
        'gradient_check': [np.array(2.919335883291695e-10)],
    },
    'B': {
        'forward_propagation': [np.array(12, dtype=np.int64)],
        'backward_propagation': [3],
        'gradient_check': [np.array(7.814075313343006e-11)],
    },
}
# --- end of the expected outputs ---
