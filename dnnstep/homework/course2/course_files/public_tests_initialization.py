"""The public tests of Course 2's Initialization assignment (W1A1, 2021 on): ``<function>_test(target)`` runs the
graded function ``target`` on the course's test inputs and holds it to the course's outputs, printing
"All tests passed." or raising ``AssertionError`` (``dlai_tools.testing_utils``). Supplied by dnnstep inside the
homework's process as ``public_tests`` to an Initialization homework.

The expected outputs below are written in by ``tests/homework/course2/make_course_files.py`` from dnnstep's
reference (``dnnstep.course2``), which reproduces every output the course publishes.
"""

import numpy as np
from dlai_tools.testing_utils import single_test, multiple_test
from dlai_tools import _ALL_CHECKS, _run

_EDITION = "A"  # one edition of these tests: 2021 on


def _test(target, name, runner=multiple_test, checks=_ALL_CHECKS):
    """Hold ``target`` to its expected outputs on the inputs of the test of ``name`` (:func:`dlai_tools._run`)."""
    _run(target, runner, checks, _inputs(name), _EXPECTED[_EDITION][name])


def _inputs(name):
    """The argument lists of the test of ``name``, in the course's order."""
    return [([3, 1, 2],)] if name == "initialize_parameters_he" else [([3, 2, 1],)]


def initialize_parameters_zeros_test(target):
    _test(target, "initialize_parameters_zeros")


def initialize_parameters_random_test(target):
    _test(target, "initialize_parameters_random")


def initialize_parameters_he_test(target):
    _test(target, "initialize_parameters_he")


# The expected outputs, one per input of _inputs(name): written by tests/homework/course2/make_course_files.py.
# --- expected outputs ---
_EXPECTED = {
    'A': {
        'initialize_parameters_zeros': [{'W1': np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), 'b1': np.array([[0.0], [0.0]]), 'W2': np.array([[0.0, 0.0]]), 'b2': np.array([[0.0]])}],
        'initialize_parameters_random': [{'W1': np.array([[17.886284734303185, 4.365098505119894, 0.9649746807200863], [-18.634927033644907, -2.7738820251439904, -3.5475897926898674]]), 'b1': np.array([[0.0], [0.0]]), 'W2': np.array([[-0.8274148148245977, -6.270006768238473]]), 'b2': np.array([[0.0]])}],
        'initialize_parameters_he': [{'W1': np.array([[1.4604090331058333, 0.35640880048431217, 0.07878985274897744]]), 'b1': np.array([[0.0]]), 'W2': np.array([[-2.635376654481366], [-0.3922861580381578]]), 'b2': np.array([[0.0], [0.0]])}],
    },
}
# --- end of the expected outputs ---
