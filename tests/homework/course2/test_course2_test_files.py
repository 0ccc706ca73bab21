"""Course 2's homework gets the test files of its own assignment and edition (``testCases``, ``public_tests``,
``dlai_tools.testing_utils``), with the course's names, parameters and defaults, inputs and outputs; a week-4 file
still gets week 4's (issue 24)."""

from __future__ import annotations

import functools
import inspect
import json
import textwrap
import types

import numpy as np
import pytest

from dnnstep.course2 import cases, gradient_checking, initialization, optimization, regularization
from dnnstep.homework.course2.helper_modules import TEST_FILES, homework_tests, course_test_files
from dnnstep.homework.reading.helpers import homework_modules
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.course_modules import course_module, course_module_of, course_source
from dnnstep.homework.running.process import HomeworkProcess
from tests.homework.course2.make_course_files import REFERENCES, expected_text, path
from tests.homework.course2.read_course2_signatures import SIGNATURES
from tests.homework.test_course_modules import _functions, _parameters

COURSE_FILES = json.loads(SIGNATURES.read_text())
#: The reference's edition each edition of the tests is run as.
EDITIONS = {"A": "2021", "B": "2023"}


def _module(assignment, module, tests):
    return course_module(module, course_test_files(assignment, tests))


@pytest.mark.parametrize("course_file", COURSE_FILES,
                         ids=lambda f: f"{f['assignment']} {f['module']} ({f['tests']}) {f['source'][:20]}")
def test_each_course_test_function_is_supplied_with_its_parameters_and_defaults(course_file):
    ours = _functions(_module(course_file["assignment"], course_file["module"], course_file["tests"]))
    for name, parameters in course_file["functions"].items():
        assert name in ours, f"{course_file['module']} of {course_file['assignment']} lacks {name}"
        assert _parameters(ours[name]) == parameters, (course_file["assignment"], course_file["module"], name)
    allowed = {n for f in COURSE_FILES if f["assignment"] == course_file["assignment"]
               and (f["module"] == course_file["module"] or f["module"] == "testCases")
               for n in (*f["functions"], *f["imports"])}
    assert set(ours) <= allowed  # public_tests of Optimization imports everything of its testCases, as the course's


def test_every_supplied_test_file_is_read_from_a_public_course_file():
    assert {(f["assignment"], f["module"]) for f in COURSE_FILES} == set(TEST_FILES)


def test_the_testing_utils_have_the_runners_the_tests_call():
    texts = course_test_files("optimization", "A")
    assert texts["dlai_tools.testing_utils"] == course_source("test_utils")  # week 4's runner, one text
    runner = course_module("dlai_tools.testing_utils", texts)
    for name in ("single_test", "multiple_test"):
        assert list(inspect.signature(getattr(runner, name)).parameters) == ["test_cases", "target"]
    assert course_module_of(runner.__file__) == "dlai_tools.testing_utils"  # a frame in it is named by the module


@pytest.mark.parametrize("tests", ["A", "B"])
def test_the_test_cases_draw_the_references_inputs(tests):
    edition = EDITIONS[tests]
    optimization_cases = _module("optimization", "testCases", tests)
    for name in ("update_parameters_with_gd", "initialize_velocity", "update_parameters_with_momentum",
                 "initialize_adam", "update_parameters_with_adam"):
        ours = getattr(optimization_cases, f"{name}_test_case")()
        reference = getattr(cases, f"{name}_test_case")(edition=edition)
        assert _equal(ours, reference), name
    W2 = optimization_cases.update_parameters_with_gd_test_case()[0]["W2"]
    assert W2.shape == ((3, 2) if tests == "B" else (3, 3))
    regularization_cases = _module("regularization", "testCases", tests)
    for name in ("compute_cost_with_regularization", "backward_propagation_with_regularization",
                 "forward_propagation_with_dropout", "backward_propagation_with_dropout"):
        assert _equal(getattr(regularization_cases, f"{name}_test_case")(), getattr(cases, f"{name}_test_case")()), name
    assert _equal(_module("gradient_checking", "testCases", tests).gradient_check_n_test_case(),
                  cases.gradient_check_n_test_case())


def test_a_test_case_seeds_numpys_generator_as_the_courses_does():
    _module("optimization", "testCases", "A").initialize_adam_test_case()
    after = np.random.randn()
    np.random.seed(1)
    for shape in ((2, 3), (2, 1), (3, 3), (3, 1)):
        np.random.randn(*shape)
    assert after == np.random.randn()


def _equal(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return isinstance(b, (tuple, list)) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return np.array_equal(a, b)


def _reference(assignment, name, tests):
    function = getattr(REFERENCES[assignment], name)
    if "edition" not in inspect.signature(function).parameters:
        return function
    return functools.update_wrapper(functools.partial(function, edition=EDITIONS[tests]), function)


@pytest.mark.parametrize("tests", ["A", "B"])
@pytest.mark.parametrize("assignment", sorted(REFERENCES))
def test_the_public_tests_pass_the_reference_and_fail_a_mistake(assignment, tests, capsys):
    public = _module(assignment, "public_tests", tests)
    names = [n[:-5] for n in _functions(public) if n.endswith("_test") and hasattr(REFERENCES[assignment], n[:-5])]
    for name in names:
        getattr(public, f"{name}_test")(_reference(assignment, name, tests))
    assert capsys.readouterr().out.count("All tests passed.") == len(names)
    wrong = {"initialization": ("initialize_parameters_random", initialization.initialize_parameters_he),
             "regularization": ("compute_cost_with_regularization", lambda A3, Y, parameters, lambd:
                                regularization.compute_cost_with_regularization(A3, Y, parameters, 2 * lambd)),
             "gradient_checking": ("backward_propagation", gradient_checking.forward_propagation),
             "optimization": ("update_parameters_with_momentum", lambda parameters, grads, v, beta, learning_rate:
                              optimization.update_parameters_with_momentum(parameters, grads, v, 1 - beta,
                                                                           learning_rate))}[assignment]
    with pytest.raises(AssertionError):
        getattr(public, f"{wrong[0]}_test")(types.FunctionType(wrong[1].__code__, wrong[1].__globals__, wrong[0],
                                                                 wrong[1].__defaults__, wrong[1].__closure__))


def test_the_expected_outputs_are_the_courses_published_ones():
    expected = _module("optimization", "public_tests", "A")._EXPECTED
    assert expected["A"]["update_parameters_with_adam"][0][0]["W1"][0, 0] == pytest.approx(1.63942428, abs=1e-8)
    assert expected["B"]["update_parameters_with_adam"][0][0]["W1"][0, 0] == pytest.approx(1.63937725, abs=1e-8)
    assert expected["A"]["update_parameters_with_gd"][0]["W1"][0, 0] == pytest.approx(1.63535156, abs=1e-8)
    assert expected["B"]["update_parameters_with_gd"][0]["W1"][0, 0] == pytest.approx(1.63312395, abs=1e-8)
    assert expected["A"]["schedule_lr_decay"] == pytest.approx([0.25, 0.5, 0.085714285, 0.24])
    assert float(_module("regularization", "public_tests", "A")._EXPECTED["A"]["compute_cost_with_regularization"][0]) \
        == pytest.approx(1.7864859451590758, rel=1e-12)
    gc = _module("gradient_checking", "public_tests", "A")._EXPECTED
    assert float(gc["A"]["gradient_check"][0]) == pytest.approx(2.919335883291695e-10, rel=1e-6)
    assert float(gc["B"]["gradient_check"][0]) == pytest.approx(7.814075313343006e-11, rel=1e-6)


@pytest.mark.parametrize("assignment", sorted(REFERENCES))
def test_the_committed_public_tests_are_what_the_generator_writes(assignment):
    assert path(assignment).read_text() == expected_text(assignment), \
        "stale: run python tests/homework/course2/make_course_files.py"


# -- in the homework's process ---------------------------------------------------------------------------------

ADAM = '''
import numpy as np
from opt_utils_v1a import *
from testCases import *
from public_tests import *

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            k = "d" + p + str(l)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            v_corrected[k] = v[k] / (1 - beta1 ** t)
            s[k] = beta2 * s[k] + (1 - beta2) * grads[k] ** 2
            s_corrected[k] = s[k] / (1 - beta2 ** t)
            parameters[p + str(l)] -= learning_rate * v_corrected[k] / (np.sqrt(s_corrected[k]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected

def test_cell():
    update_parameters_with_adam_test(update_parameters_with_adam)
    return update_parameters_with_adam_test_case()[0]["W2"].shape
'''


@pytest.mark.parametrize("expected, shape", [("1.63937725", (3, 2)), ("1.63942428", (3, 3))])
def test_an_optimization_homework_runs_its_editions_tests(tmp_path, expected, shape):
    # a notebook whose Expected Output is 2023's (W2 3 x 2) or 2021's (W2 3 x 3)
    path = tmp_path / "Optimization_methods.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": f"**Expected output**\n\nW1 = [[ {expected} ...\n"},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ADAM}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    with HomeworkProcess(load_homework(path), timeout=20) as process:
        assert process.start().ok
        result = process.call("test_cell", ())
    assert result.ok, result.message
    assert result.value == shape and "All tests passed." in result.output


REGULARIZATION = '''
import numpy as np
from reg_utils import *
from testCases import *
from public_tests import *

def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    L2 = np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))
    return cross_entropy_cost + lambd / (2 * m) * L2

def test_cell():
    A3, t_Y, parameters = compute_cost_with_regularization_test_case()
    print("cost = " + str(compute_cost_with_regularization(A3, t_Y, parameters, lambd=0.1)))
    compute_cost_with_regularization_test(compute_cost_with_regularization)
'''


def test_a_regularization_homework_gets_its_test_case_and_public_test(tmp_path):
    path = tmp_path / "Regularization.py"
    path.write_text(REGULARIZATION)
    with HomeworkProcess(load_homework(path), timeout=20) as process:
        assert process.start().ok
        result = process.call("test_cell", ())
    assert result.ok, result.message
    assert "cost = 1.7864859451590758" in result.output and "All tests passed." in result.output


def test_a_week_4_file_still_gets_week_4s_test_files(tmp_path):
    path = tmp_path / "step_by_step.py"
    path.write_text(textwrap.dedent('''
        import numpy as np
        from testCases import *
        from public_tests import *

        def linear_forward(A, W, b):
            return np.dot(W, A) + b, (A, W, b)
    '''))
    homework = load_homework(path)
    modules = homework_modules(homework, course2=False)
    assert modules["testCases"] == course_source("testCases")
    assert modules["public_tests"] == course_source("public_tests")
    assert "dlai_tools" not in modules
    with HomeworkProcess(homework, timeout=20) as process:
        assert process.start().ok


def test_an_initialization_homework_gets_no_week_4_test_cases(tmp_path):
    path = tmp_path / "Initialization.py"
    path.write_text("from testCases import *\nfrom public_tests import *\n\n"
                    "def initialize_parameters_he(layers_dims):\n    return {}\n")
    homework = load_homework(path)
    modules = homework_modules(homework, course2=True)
    assert "testCases" not in modules  # the course's Initialization has none; week 4's is not its
    assert modules["public_tests"] == homework_tests(homework, {"public_tests"})["public_tests"]
    assert "initialize_parameters_he_test" in modules["public_tests"]
