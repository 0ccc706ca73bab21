"""Reports that lead to the fix: each message names what the student must change, and one run shows
every independent mistake."""

from __future__ import annotations

import json
import re

from dnnstep.homework import check_command
from dnnstep.homework.checking import check_homework
from dnnstep.homework.reporting.report import render
from tests.homework.helpers import FIXTURES, SCENARIO, TIMEOUT, edited


def variant(tmp_path, replacements, base="correct.py"):
    """``fixtures/<base>`` with each ``(old, new)`` replaced once."""
    return edited(FIXTURES / base, tmp_path, replacements)


def check(path, **kwargs):
    return check_homework(path, scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1, **kwargs)


def function(report, name):
    return next(f for f in report.functions if f.function == name)


def test_a_cost_left_as_the_templates_none_is_said_never_computed(tmp_path):
    path = variant(tmp_path, [(
        "    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))\n",
        "    cost = None\n")])
    report = check(path)
    cost = function(report, "compute_cost")
    assert not cost.ok
    assert cost.tensors[0].problem == "is np.squeeze(None), an array holding None: the cost was never computed"
    assert "cost is np.squeeze(None), an array holding None: the cost was never computed" in render(report)
    assert "not an array but a ndarray" not in render(report)


def test_a_crash_in_the_forward_pass_is_placed_at_its_layer(tmp_path, capsys):
    # every layer given X instead of the previous layer's A: layer 1 works, layer 2 cannot multiply W2 by X
    path = variant(tmp_path, [("linear_activation_forward(A_prev, parameters['W' + str(l)]",
                               "linear_activation_forward(X, parameters['W' + str(l)]")])
    (pipeline,) = check(path).pipelines
    d = pipeline.divergence
    assert (d.phase, d.layer, d.status) == ("forward", 2, "exception")
    assert d.label == "forward 2"
    assert check_command.main([str(path), "--scenario", SCENARIO, "--json", "--iterations", "1"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["pipelines"][0]["divergence"]["layer"] == 2


def test_one_run_diagnoses_every_independent_mistake_with_its_own_hint(tmp_path):
    path = variant(tmp_path, [
        ("dW = 1 / m * np.dot(dZ, A_prev.T)", "dW = np.dot(dZ, A_prev.T)"),
        ('linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")',
         'linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "sigmoid")')])
    report = check(path)
    assert [f.function for f in report.functions if not f.ok] == ["linear_backward", "L_model_backward"]
    linear = function(report, "linear_backward")
    assert [h.message for h in linear.hints] == ["dW is exactly m = 4 times too large: the 1/m is missing"]
    backward = function(report, "L_model_backward")
    assert [h.message for h in backward.hints] == [
        "dA0, dW1, db1 is what sigmoid_backward in the hidden layers gives: they are relu"]
    assert backward.notes == ["checked with the course's linear_backward in place of yours (which fails above), "
                              "so that this is L_model_backward's own finding"]
    middle = function(report, "linear_activation_backward")
    assert middle.ok and middle.notes == [
        "checked with the course's linear_backward in place of yours (which fails above), "
        "so that this is linear_activation_backward's own result"]


def test_a_squeezed_db_of_a_one_unit_layer_is_named_np_squeeze(tmp_path):
    path = variant(tmp_path, [("db = 1 / m * np.sum(dZ, axis=1, keepdims=True)",
                               "db = np.squeeze(1 / m * np.sum(dZ, axis=1, keepdims=True))")])
    (pipeline,) = check(path).pipelines
    d = pipeline.divergence
    assert (d.label, d.tensors[0].name) == ("backward 3", "db")
    assert [(h.code, h.message) for h in d.hints] == [(
        "db-squeeze", "db has shape () instead of (1, 1): np.squeeze (or a sum over all of dZ) made this one-unit "
                      "layer's db a scalar; keep db = 1/m * np.sum(dZ, axis=1, keepdims=True), without np.squeeze")]


def test_a_file_that_never_imports_the_helpers_passes_with_a_warning(tmp_path):
    path = variant(tmp_path, [("from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward\n", "")])
    report = check(path)
    assert report.exit_status == 0
    assert report.warnings == [
        "this file never imports or defines relu, sigmoid, relu_backward, sigmoid_backward: in a fresh kernel "
        "linear_activation_forward would raise NameError: name 'relu' is not defined. dnnstep supplied the "
        "course's for this check; add from dnn_utils import relu, sigmoid, relu_backward, sigmoid_backward"]
    assert "\nwarning: this file never imports or defines relu, sigmoid" in render(report)
    assert report.to_json()["warnings"] == report.warnings


def test_a_file_that_never_imports_numpy_passes_with_a_warning(tmp_path):
    # (from testCases import * and from public_tests import * give np, as the course's files do)
    path = variant(tmp_path, [("import numpy as np\n", ""), ("from testCases import *\n", ""),
                              ("from public_tests import *\n", "")])
    report = check(path)
    assert report.exit_status == 0
    (warning,) = report.warnings
    assert warning.startswith("this file never imports or defines np: in a fresh kernel ")
    assert warning.endswith("would raise NameError: name 'np' is not defined. dnnstep supplied the course's for "
                            "this check; add import numpy as np")


def test_np_from_the_courses_star_imports_is_np(tmp_path):
    path = variant(tmp_path, [("import numpy as np\n", "")])
    report = check(path)
    assert report.exit_status == 0 and report.warnings == []


def test_a_file_that_imports_everything_has_no_warning():
    report = check(FIXTURES / "correct.py")
    assert report.exit_status == 0 and report.warnings == []


def test_a_skipped_dnn_app_utils_import_is_linked_to_the_wrong_initialisation(tmp_path):
    path = variant(tmp_path, [("from dnn_app_utils_v3 import *", "from dnn_app_utils_v3 import load_data, L_model_forward, "
                                                                  "compute_cost, L_model_backward, update_parameters, "
                                                                  "initialize_parameters, linear_activation_forward, "
                                                                  "linear_activation_backward, initialise_parameters_deep")],
                   base="app_correct.py")
    report = check(path)
    model = function(report, "L_layer_model")
    assert [h.code for h in model.hints] == ["app-init"]
    assert model.hints[0].message.endswith(
        "is what L_layer_model gives from the Step by Step initialize_parameters_deep (seed 3, randn * 0.01); the "
        "Application's, in dnn_app_utils, uses seed 1 and randn / np.sqrt(layer_dims[l-1])")
    assert model.notes == [f"{path}, line 10 was skipped: ImportError: cannot import name 'initialise_parameters_deep' "
                           "from 'dnn_app_utils_v3' (<the course's dnn_app_utils_v3.py, supplied by dnnstep>): so "
                           "L_layer_model got the course's Step by Step initialize_parameters_deep, not the Application's"]


# A homework whose words would take over the teacher's terminal: escapes and a right-to-left override in its
# exception, an escape in a dict key that a hint quotes, a syntax error quoting a line that holds an escape.
ESCAPES = (
    "import copy\n\n"
    "def compute_cost(AL, Y):\n"
    "    raise ValueError('=1+1 \\x1b[2J\\x1b[31mred \\u202eevil')\n\n"
    "def update_parameters(params, grads, learning_rate):\n"
    "    parameters = copy.deepcopy(params)\n"
    "    for l in range(1, len(parameters) // 2 + 1):\n"
    "        parameters['W' + str(l)] = parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)]\n"
    "        parameters['b' + str(l)] = parameters['b' + str(l)] - learning_rate * grads['db' + str(l)]\n"
    "    parameters['\\x1b[2Jextra'] = 1.0\n"
    "    return parameters\n")


def test_the_text_report_holds_no_control_characters_from_the_homework_only_its_own_colours(tmp_path, capsys):
    path = tmp_path / "escapes.py"
    path.write_text(ESCAPES)
    assert check_command.main([str(path), "--scenario", SCENARIO]) == 1
    out = capsys.readouterr().out
    assert "ValueError: =1+1 [2J[31mred evil" in out and "hint: extra keys [2Jextra:" in out
    assert "\x1b" not in out and "\u202e" not in out
    coloured = render(check(path), colour=True)
    assert "\x1b[31mERROR" in coloured and "\u202e" not in coloured
    assert set(re.findall("\x1b\\[[^m]*m", coloured)) <= {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m"}
    assert "\x1b[2J" not in coloured
    path.write_text("def linear_forward(A, W, b):\n    return '\x1b[2J' +\n")  # the error quotes a raw escape
    assert check_command.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 2: SyntaxError: invalid syntax" in err and "return '[2J' +" in err and "\x1b" not in err
