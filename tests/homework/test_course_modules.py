"""The course's helper modules dnnstep supplies have each edition's names, parameters and defaults, and do
what the course's files do (issue 21)."""

from __future__ import annotations

import inspect
import json
import types
from collections import defaultdict

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework.comparing.cases import course_cases
from dnnstep.homework.comparing.tolerance import matches
from dnnstep.homework.reading.editions import MODULE_EDITIONS, SHIFTED_HELPERS
from dnnstep.homework.running.course_modules import MODULES, course_module, course_module_of
from tests.homework.make_course_files import PUBLIC_TESTS, expected_text
from tests.homework.read_course_signatures import SIGNATURES

COURSE_FILES = json.loads(SIGNATURES.read_text())
BY_MODULE = defaultdict(list)
for _file in COURSE_FILES:
    BY_MODULE[_file["module"]].append(_file)


def _parameters(function) -> list[str]:
    found = []
    for p in inspect.signature(function).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            found.append("*" + p.name)
        elif p.kind is p.VAR_KEYWORD:
            found.append("**" + p.name)
        else:
            found.append(p.name if p.default is p.empty else f"{p.name}={p.default!r}")
    return found


def _functions(module: types.ModuleType) -> dict[str, types.FunctionType]:
    return {n: v for n, v in vars(module).items() if isinstance(v, types.FunctionType) and not n.startswith("_")}


@pytest.mark.parametrize("course_file", COURSE_FILES, ids=lambda f: f"{f['module']} ({f['edition']}) {f['source'][:30]}")
def test_each_course_function_is_supplied_with_its_parameters_and_defaults(course_file):
    ours = _functions(course_module(course_file["module"]))
    for name, parameters in course_file["functions"].items():
        assert name in ours, f"{course_file['module']} lacks {name} ({course_file['source']})"
        assert _parameters(ours[name]) == parameters, (course_file["module"], name)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_supplied_module_has_no_function_the_course_files_of_its_name_do_not(module):
    assert module in BY_MODULE, f"no public course file of {module} is listed in {SIGNATURES.name}"
    course_names = {n for f in BY_MODULE[module] for n in (*f["functions"], *f["imports"])}
    assert set(_functions(course_module(module))) <= course_names


def test_the_modules_supplied_are_the_ones_the_editions_import():
    assert set(MODULES) == set(MODULE_EDITIONS)


def test_the_2017_application_helpers_keep_the_gradient_of_A_l_minus_1_under_dA_l():
    (case,) = [c for c in course_cases() if c.function == "L_model_backward"]
    reference = course.L_model_backward(*case.args)
    for name, shift in ((name, int(name in SHIFTED_HELPERS)) for name in MODULES if name.startswith("dnn_app_utils")):
        grads = course_module(name).L_model_backward(*case.args)
        assert sorted(grads) == sorted(f"dA{l + shift}" if k.startswith("dA") else k
                                       for k in reference for l in [int(k[2:])]), name
        assert matches(grads[f"dA{shift}"], reference["dA0"])


def test_the_application_helpers_initialise_by_the_applications_rule_and_update_in_place():
    helpers = course_module("dnn_app_utils_v3")
    dims = [5, 4, 3]
    assert all(np.array_equal(v, course.initialize_parameters_deep_app(dims)[k])
               for k, v in helpers.initialize_parameters_deep(dims).items())
    (case,) = [c for c in course_cases() if c.function == "update_parameters"]
    parameters, grads, rate = case.args
    parameters = {k: v.copy() for k, v in parameters.items()}
    returned = helpers.update_parameters(parameters, grads, rate)
    assert returned is parameters  # the course's Application helper changes its argument
    assert all(matches(course.update_parameters(*case.args)[k], parameters[k]) for k in parameters)
    with pytest.raises(FileNotFoundError, match="dnnstep does not supply the cat data"):
        helpers.load_data()


def test_the_test_cases_are_the_inputs_of_the_courses_tests():
    cases = {c.function: c.args for c in course_cases() if c.where == "course test case"}
    test_cases = course_module("testCases")
    A, W, b = test_cases.linear_forward_test_case()
    assert all(np.array_equal(x, y) for x, y in zip((A, W, b), cases["linear_forward"]))
    Y, AL = test_cases.compute_cost_test_case()
    assert np.array_equal(Y, cases["compute_cost"][1]) and np.array_equal(AL, cases["compute_cost"][0])
    dZ, cache = test_cases.linear_backward_test_case()
    assert dZ.shape == cases["linear_backward"][0].shape == (3, 4)
    assert course_module("testCases_v3").linear_backward_test_case()[0].shape == (1, 2)
    assert course_module("testCases_v4").compute_cost_test_case()[0].tolist() == [[1, 1, 1]]
    assert not hasattr(course_module("testCases_v2"), "print_grads")


def _with_application_helpers(model):
    """The reference's ``model`` calling the Application's helpers, as the course's notebook does (its costs
    are then 0-d arrays, the type the course's test expects)."""
    names = dict(vars(course), **_functions(course_module("dnn_app_utils_v3")))
    return types.FunctionType(model.__code__, names, model.__name__, model.__defaults__)


def test_the_public_tests_pass_the_reference_and_fail_a_mistake(capsys):
    tests = course_module("public_tests")
    for name in ("linear_forward", "L_model_forward", "compute_cost", "L_model_backward", "update_parameters"):
        getattr(tests, f"{name}_test")(getattr(course, name))
    for name in ("two_layer_model", "L_layer_model"):
        getattr(tests, f"{name}_test")(_with_application_helpers(getattr(course, name)))
    assert capsys.readouterr().out.count("All tests passed.") == 7
    with pytest.raises(AssertionError, match="Not all tests were passed for L_model_backward"):
        tests.L_model_backward_test(course_module("dnn_app_utils_v2").L_model_backward)
    assert "Wrong output for variable dA0" in capsys.readouterr().out


def test_the_committed_public_tests_are_what_the_generator_writes():
    assert PUBLIC_TESTS.read_text() == expected_text(), "stale: run python tests/homework/make_course_files.py"


def test_a_frame_in_a_supplied_module_is_named_by_the_module():
    helpers = course_module("dnn_utils")
    with pytest.raises(IndexError) as error:
        helpers.relu_backward(np.ones((1, 2)), np.ones((3, 2)))
    where = error.traceback[-1].path
    assert course_module_of(str(where)) == "dnn_utils"
    assert course_module_of("/home/student/dnn_utils.py") is None
