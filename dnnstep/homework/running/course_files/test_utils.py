"""The course's test runner of 2021 (``test_utils``): a test case is a dict ``{"name": "datatype_check" |
"shape_check" | "equation_output_check", "input": [...], "expected": ..., "error": "..."}``; a test prints
"All tests passed." or how many passed and failed, and raises ``AssertionError`` when one failed.
Supplied by dnnstep inside the homework's process.
"""

import numpy as np


def _each(expected_output, target_output, error, check, count):
    """Apply ``check`` to every leaf of ``expected_output`` beside ``target_output`` (dicts, tuples, lists):
    1 when every part passes, else 0, each failing part said with ``error``."""
    if isinstance(expected_output, dict) or isinstance(expected_output, (tuple, list)):
        keys = expected_output.keys() if isinstance(expected_output, dict) else range(len(expected_output))
        success = 0
        for key in keys:
            try:
                success += _each(expected_output[key], target_output[key], error, check, count)
            except Exception:
                print("Error: {} for variable {}.".format(error, key))
        return 1 if success == count(expected_output, target_output) else 0
    check(expected_output, target_output)
    return 1


def datatype_check(expected_output, target_output, error):
    def same_type(expected, target):
        assert isinstance(target, type(expected))
    return _each(expected_output, target_output, error, same_type, lambda e, t: len(t))


def equation_output_check(expected_output, target_output, error):
    def same_values(expected, target):
        if hasattr(expected, 'shape'):
            np.testing.assert_array_almost_equal(target, expected)
        else:
            assert target == expected
    return _each(expected_output, target_output, error, same_values, lambda e, t: len(t))


def shape_check(expected_output, target_output, error):
    def same_shape(expected, target):
        if hasattr(expected, 'shape'):
            assert target.shape == expected.shape
    return _each(expected_output, target_output, error, same_shape, lambda e, t: len(e))


def _report(success, test_cases, target):
    if success == len(test_cases):
        print("\033[92m All tests passed.")
    else:
        print('\033[92m', success, " Tests passed")
        print('\033[91m', len(test_cases) - success, " Tests failed")
        raise AssertionError("Not all tests were passed for {}. Check your equations and avoid using global "
                             "variables inside the function.".format(target.__name__))


def single_test(test_cases, target):
    """Each case's whole output checked at once: its type, its shape or its values (np.allclose)."""
    success = 0
    for test_case in test_cases:
        try:
            output = target(*test_case['input'])
            if test_case['name'] == "datatype_check":
                assert isinstance(output, type(test_case["expected"]))
            if test_case['name'] == "equation_output_check":
                assert np.allclose(test_case["expected"], output)
            if test_case['name'] == "shape_check":
                assert test_case['expected'].shape == output.shape
            success += 1
        except Exception:
            print("Error: " + test_case['error'])
    _report(success, test_cases, target)


def multiple_test(test_cases, target):
    """Each case's output checked part by part (dicts, tuples, lists)."""
    checks = {"datatype_check": datatype_check, "equation_output_check": equation_output_check,
              "shape_check": shape_check}
    success = 0
    for test_case in test_cases:
        try:
            target_answer = target(*test_case['input'])
            success += checks[test_case['name']](test_case['expected'], target_answer, test_case['error'])
        except Exception:
            print("Error: " + test_case['error'])
    _report(success, test_cases, target)
