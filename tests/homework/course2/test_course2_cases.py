"""The inputs Course 2's functions are checked on: the course's own, so that the reference gives the outputs the
notebooks publish; the course's helper files, served inside the homework's process with the course's signatures
and the reference's numbers; and the evidence that tells a file's edition."""

from __future__ import annotations

import inspect
import textwrap

import numpy as np
import pytest

from dnnstep.course2 import gradient_checking, initialization, optimization, regularization
from dnnstep.homework.checking import start
from dnnstep.homework.course2 import cases as course_cases
from dnnstep.homework.course2.contracts import answers, assignment_of, expected_output
from dnnstep.homework.course2.editions import BY_KEY, detect
from dnnstep.homework.course2.functions import quietly
from dnnstep.homework.course2.helper_modules import COURSE_FILES, course_file
from dnnstep.homework.reading.source import load_homework


def _expected(function: str, edition: str, index: int = 0):
    found = [c for c in course_cases.course_cases(BY_KEY[edition]) if c.function == function]
    case = found[index]
    return quietly(expected_output, function, case.args, assignment_of(function), BY_KEY[edition])


# The notebooks' printed "Expected Output" (CASES.md: the case names), from the reference on the cases' inputs.
PUBLISHED = [
    ("initialize_parameters_random", "2021", lambda r: r["W1"][0, 0], 17.88628473),  # INIT-2
    ("initialize_parameters_he", "2019", lambda r: r["W2"][0, 3], 0.62552248),  # INIT-3
    ("compute_cost_with_regularization", "2017", lambda r: r, 1.7864859451590758),  # REG-1
    ("backward_propagation_with_regularization", "2021", lambda r: r["dW1"][1, 2], -0.4410571),  # REG-2
    ("forward_propagation_with_dropout", "2021", lambda r: r[0][0, 3], 0.49683389),  # REG-4
    ("backward_propagation_with_dropout", "2019", lambda r: r["dA2"][1, 4], -0.34089673),  # REG-6
    ("gradient_check", "2021", lambda r: r, 2.919335883291695e-10),  # GC-4
    ("gradient_check", "2023", lambda r: r, 7.814075313343006e-11),  # GC-6
    ("gradient_check_n", "2021", lambda r: r, 0.2850931567761623),  # GC-9
    ("update_parameters_with_gd", "2019", lambda r: r["W1"][0, 0], 1.63535156),  # OPT-A1
    ("update_parameters_with_gd", "2023", lambda r: r["W1"][0, 0], 1.63312395),  # OPT-B1
    ("update_parameters_with_momentum", "2021", lambda r: r[1]["dW1"][0, 0], -0.11006192),  # OPT-A8
    ("update_parameters_with_momentum", "2023", lambda r: r[0]["b2"][2, 0], -0.171583),  # OPT-B4
    ("update_parameters_with_adam", "2017", lambda r: r[0]["W1"][0, 0], 1.63178673),  # OPT-A10
    ("update_parameters_with_adam", "2021", lambda r: r[0]["W1"][1, 2], -2.2865723),  # OPT-A13
    ("update_parameters_with_adam", "2023", lambda r: r[0]["W2"][2, 1], -0.36908457),  # OPT-B8
    ("update_lr", "2021", lambda r: r, 0.16666666666666666),  # OPT-C1
]


@pytest.mark.parametrize("function,edition,pick,value", PUBLISHED, ids=lambda v: v if isinstance(v, str) else "")
def test_the_reference_gives_the_published_output_on_the_cases_inputs(function, edition, pick, value):
    assert pick(_expected(function, edition)) == pytest.approx(value, rel=1e-8, abs=5e-9)


def test_adam_returns_three_values_before_2021_and_five_after():
    assert len(_expected("update_parameters_with_adam", "2019")) == 3
    assert len(_expected("update_parameters_with_adam", "2023")) == 5


def test_the_fixed_backward_propagation_n_is_accepted_beside_the_shipped_one():
    case = next(c for c in course_cases.course_cases(BY_KEY["2021"]) if c.function == "backward_propagation_n")
    shipped, fixed = quietly(answers, "backward_propagation_n", case.args, assignment_of("backward_propagation_n"),
                             BY_KEY["2021"])
    assert shipped[0] == "" and fixed[0] == "fixed"
    assert not np.allclose(shipped[1]["dW2"], fixed[1]["dW2"]) and np.allclose(shipped[1]["dW3"], fixed[1]["dW3"])
    # GC-11: the notebook's check of the fixed one
    network = course_cases.network_cases({"circles": course_cases.circles(), "moons": course_cases.moons(),
                                          "football": course_cases.moons()})
    check = next(c for c in network if c.function == "gradient_check_n")
    difference = quietly(expected_output, "gradient_check_n", check.args, assignment_of("gradient_check_n"),
                         BY_KEY["2021"])
    assert difference == pytest.approx(1.1890913024229996e-07, rel=1e-6)


def test_the_cases_leave_numpys_global_generator_alone():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    course_cases.course_cases(BY_KEY["2023"])
    course_cases.network_cases({"circles": course_cases.circles(), "moons": course_cases.moons(),
                                "football": course_cases.moons()})
    assert np.array_equal(np.random.get_state()[1], before)


# --------------------------------------------------------------------------------------------
# The course's helper files
# --------------------------------------------------------------------------------------------

REFERENCE = {"init_utils": initialization, "reg_utils": regularization, "gc_utils": gradient_checking,
             "opt_utils": optimization, "opt_utils_v1a": optimization}
SHARED = ("sigmoid", "relu", "forward_propagation", "backward_propagation", "compute_loss", "compute_cost",
          "initialize_parameters", "update_parameters", "predict", "predict_dec", "dictionary_to_vector",
          "vector_to_dictionary", "gradients_to_vector", "load_params_and_grads")


def _signatures(text: str) -> dict[str, list[str]]:
    import ast

    return {node.name: [a.arg for a in node.args.args] for node in ast.parse(text).body
            if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("name", list(COURSE_FILES))
def test_each_helper_file_has_the_references_signatures(name):
    theirs = _signatures(course_file(name))
    reference = REFERENCE[name]
    shared = [f for f in SHARED if f in theirs and hasattr(reference, f)]
    assert shared
    for function in shared:
        ours = [p.name for p in inspect.signature(getattr(reference, function)).parameters.values()
                if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        assert theirs[function] == ours, function


HELPERS_HOMEWORK = textwrap.dedent("""\
    import numpy as np
    from init_utils import forward_propagation as init_forward, backward_propagation as init_backward, compute_loss
    from reg_utils import initialize_parameters as reg_init, backward_propagation as reg_backward, compute_cost as reg_cost
    from opt_utils import compute_cost as cost_2017
    from opt_utils_v1a import compute_cost as cost_v1a, initialize_parameters as opt_init
    from gc_utils import dictionary_to_vector

    def initialize_parameters_he(layers_dims):
        return reg_init(layers_dims)

    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        return dictionary_to_vector(parameters)[0]
""")


def test_the_helper_files_served_to_the_homework_compute_the_references_numbers(tmp_path):
    path = tmp_path / "helpers.py"
    path.write_text(HELPERS_HOMEWORK)
    process = start(load_homework(path), timeout=20)
    try:
        X, Y = course_cases.moons().X[:, :40], course_cases.moons().Y[:, :40]
        parameters = optimization.initialize_parameters([2, 5, 2, 1])
        a3, cache = initialization.forward_propagation(X, parameters)
        for name, ours, args in (
                ("init_forward", initialization.forward_propagation, (X, parameters)),
                ("init_backward", initialization.backward_propagation, (X, Y, cache)),
                ("compute_loss", initialization.compute_loss, (a3, Y)),
                ("reg_backward", regularization.backward_propagation, (X, Y, cache)),
                ("reg_cost", regularization.compute_cost, (a3, Y)),
                ("reg_init", regularization.initialize_parameters, ([2, 20, 3, 1],)),
                ("opt_init", optimization.initialize_parameters, ([2, 5, 2, 1],))):
            call = process.call(name, args)
            assert call.ok, call.message
            _assert_same(call.value, ours(*args))
        assert process.call("cost_2017", (a3, Y)).value == pytest.approx(optimization.compute_cost(a3, Y, edition="2017"))
        assert process.call("cost_v1a", (a3, Y)).value == pytest.approx(optimization.compute_cost(a3, Y, edition="2019"))
    finally:
        process.close()


def _assert_same(theirs, ours):
    if isinstance(ours, dict):
        assert theirs.keys() == ours.keys()
        for key in ours:
            _assert_same(theirs[key], ours[key])
    elif isinstance(ours, tuple):
        assert len(theirs) == len(ours)
        for a, b in zip(theirs, ours):
            _assert_same(a, b)
    else:
        assert np.array_equal(np.asarray(theirs), np.asarray(ours))


# --------------------------------------------------------------------------------------------
# The evidence of the edition
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,name,editions", [
    ("import numpy as np\nfrom opt_utils import compute_cost\n", "hw.py", ["2017"]),
    ("from opt_utils_v1a import compute_cost\n", "hw.py", ["2019", "2021", "2023"]),
    ("from opt_utils_v1a import *\nfrom public_tests import *\n", "hw.py", ["2021", "2023"]),
    ("### v1.1\nfrom public_tests import *\n", "hw.py", ["2023"]),
    ("def gradient_check(x, theta, epsilon=1e-7):\n    pass\n", "hw.py", ["2017", "2019"]),
    ("def update_parameters_with_adam(p, g, v, s, t):\n    return p, v, s, v, s\n", "hw.py", ["2021", "2023"]),
    ("x = 1\n", "Optimization_methods_v1b.py", ["2019"]),
    ("x = 1\n", "Gradient Checking.ipynb", ["2017"]),
])
def test_the_code_and_the_name_tell_the_edition(tmp_path, text, name, editions):
    path = tmp_path / name
    path.write_text(text)
    assert [e.key for e in detect(path, text if name.endswith(".py") else None).candidates] == editions


def test_the_notebooks_expected_output_outranks_its_imports_and_comments(tmp_path):
    import json

    notebook = {"cells": [
        {"cell_type": "code", "source": "from opt_utils import *\n### START CODE HERE ###\n", "metadata": {}},
        {"cell_type": "markdown", "source": "**Expected output**\n\nW1 = [[ 1.63937725 -0.62327448]]\n",
         "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path = tmp_path / "hw.ipynb"
    path.write_text(json.dumps(notebook))
    detection = detect(path)
    assert [e.key for e in detection.candidates] == ["2023"]
    assert detection.mixed and detection.contradicted[0].seen == "imports opt_utils"
