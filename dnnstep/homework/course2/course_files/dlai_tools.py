"""Coursera's ``dlai_tools``, whose ``testing_utils`` (``single_test``, ``multiple_test``) Course 2's public tests
import: not public, so supplied by dnnstep inside the homework's process as a package whose ``testing_utils`` is
week 4's ``test_utils`` (the same two runners, with the arguments the tests pass). This module holds what
dnnstep's ``public_tests`` of the four assignments share: :func:`_run`.
"""

import copy as _copy

_ERRORS = {"datatype_check": "Datatype mismatch", "shape_check": "Wrong shape", "equation_output_check": "Wrong output"}
#: The checks of a test that holds a function's output to the expected one part by part.
_ALL_CHECKS = tuple(_ERRORS)


def _run(target, runner, checks, inputs, expected):
    """Run ``target`` on a copy of each argument list of ``inputs`` once per check of ``checks``, held by ``runner``
    (``single_test`` or ``multiple_test``) to its output in ``expected``: a function that changes its arguments in
    place is checked on the course's inputs each time, not on what an earlier call left."""
    runner([{"name": check, "input": _copy.deepcopy(list(args)), "expected": output, "error": _ERRORS[check]}
            for args, output in zip(inputs, expected) for check in checks], target)
