"""A helper module a homework imports under another name: looked for beside it, else the course's stands in."""

from __future__ import annotations

import os

from dnnstep.homework.checking import check_homework
from dnnstep.homework.reading.helpers import imported_beside
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.reporting.report import render
from dnnstep.homework.reading.helpers import imported
from dnnstep.homework.running.course_modules import course_source
from tests.homework.helpers import FIXTURES, SCENARIO, TIMEOUT, edited


def check(path):
    return check_homework(path, scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1)


def test_a_students_copy_beside_the_file_is_the_one_used(tmp_path):
    # the student's own copy of the Application's helpers, with the Step by Step's initialisation in it
    copy = course_source("dnn_app_utils_v3").replace(
        "np.random.seed(1)\n    parameters = {}", "np.random.seed(3)\n    parameters = {}").replace(
        "/ np.sqrt(layer_dims[l-1])", "* 0.01")
    (tmp_path / "helper_mthods.py").write_text(copy)
    path = edited(FIXTURES / "app_correct.py", tmp_path, [("from dnn_app_utils_v3 import *", "from helper_mthods import *")])
    assert not [n for n in load_homework(path).notes if "helper_mthods" in n]
    report = check(path)
    model = next(f for f in report.functions if f.function == "L_layer_model")
    assert not model.ok and [h.code for h in model.hints] == ["app-init"], render(report)
    assert not any("helper_mthods" in note for note in report.notes)


def test_a_students_module_beside_the_file_gets_the_course_modules_it_imports(tmp_path):
    # the homework's own helper module imports the course's dnn_utils, which the file itself never names: the
    # homework's process gets it all the same (a folder of a package beside it is read too, and a named pipe
    # named like a module is passed over, never read)
    (tmp_path / "my_helpers.py").write_text("from dnn_utils import *\nfrom my_package import *\n")
    (tmp_path / "my_package").mkdir()
    (tmp_path / "my_package" / "__init__.py").write_text("from .core import *\n")
    (tmp_path / "my_package" / "core.py").write_text("import testCases_v4a\n")
    os.mkfifo(tmp_path / "my_pipe.py")
    assert imported_beside({"my_pipe"}, tmp_path) == {"my_pipe"}
    path = edited(FIXTURES / "correct.py", tmp_path, [
        ("from dnn_utils import sigmoid", "from my_helpers import sigmoid")])
    assert imported(load_homework(path).chunks, tmp_path) >= {"my_helpers", "dnn_utils", "my_package", "testCases_v4a"}
    report = check(path)
    assert report.exit_status == 0 and report.warnings == [], render(report)
    assert not any("dnn_utils" in note or "my_helpers" in note for note in report.notes), report.notes


def test_the_step_by_steps_helpers_stand_in_for_a_renamed_dnn_utils(tmp_path):
    path = edited(FIXTURES / "correct.py", tmp_path, [
        ("from dnn_utils import sigmoid", "from my_dnn_utils import sigmoid")])
    report = check(path)
    assert report.exit_status == 0 and report.warnings == [], render(report)
    assert ("my_dnn_utils is neither beside this file nor installed: dnnstep used the course's dnn_utils in its place "
            "(the Step by Step's helpers, the 2021 edition)") in report.notes


def test_a_missing_module_of_other_things_is_only_skipped(tmp_path):
    path = edited(FIXTURES / "correct.py", tmp_path, [("import h5py\n", "import h5py\nfrom my_plots import show\n")])
    report = check(path)
    assert report.exit_status == 0
    assert not any("in its place" in note for note in report.notes)
    assert any("No module named 'my_plots'" in note for note in report.notes)


def test_the_edition_chooses_the_helpers_that_stand_in(tmp_path):
    # a 2017 Application (its models return parameters only; the v3 notebook's name)
    path = edited(FIXTURES.parent / "editions" / "2017" / "app.py", tmp_path,
                  [("from dnn_app_utils_v2 import *", "from my_app_utils import *")],
                  name="Deep Neural Network - Application v3.py")
    notes = [n for n in load_homework(path).notes if "my_app_utils" in n]
    assert notes == ["my_app_utils is neither beside this file nor installed: dnnstep used the course's "
                     "dnn_app_utils_v2 in its place (the Application's helpers, the 2017 edition)"]
    assert check(path).exit_status == 0


_PASTED = ("from public_tests import *\n", "from public_tests import *\n\n\n"
           "def initialize_parameters_deep(layer_dims):\n"
           "    np.random.seed({seed})\n"
           "    parameters = {{}}\n"
           "    for l in range(1, len(layer_dims)):\n"
           "        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]){scale}\n"
           "        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))\n"
           "    return parameters\n")


def _pasted(tmp_path, seed, scale):
    return edited(FIXTURES / "app_correct.py", tmp_path, [(_PASTED[0], _PASTED[1].format(seed=seed, scale=scale))])


def test_the_step_by_steps_initialisation_in_an_application_file_is_blamed_on_the_model(tmp_path):
    report = check(_pasted(tmp_path, 3, " * 0.01"))
    results = {f.function: f for f in report.functions}
    assert results["initialize_parameters_deep"].ok and not results["initialize_parameters_deep"].notes
    assert [h.code for h in results["L_layer_model"].hints] == ["app-init"]


def test_an_application_initialisation_that_is_neither_rule_is_held_to_the_applications(tmp_path):
    report = check(_pasted(tmp_path, 1, " * 0.01"))
    init = next(f for f in report.functions if f.function == "initialize_parameters_deep")
    assert not init.ok and init.tensors[0].name == "W1"
    assert init.notes == ["this file is the Application: initialize_parameters_deep matches neither the "
                          "Application's helper nor the Step by Step graded function, and is shown against the "
                          "Application's"]
    # randn(...) * 0.01 where the helper divides by sqrt(n[l-1]): said as what it is, a factor per layer
    assert [h.message for h in init.hints] == ["W1 is exactly 0.0223607 times the reference",
                                               "W2 is exactly 0.02 times the reference"]


def test_an_application_that_never_imports_its_helpers_gets_the_applications_with_a_warning(tmp_path):
    path = edited(FIXTURES / "app_correct.py", tmp_path, [("from dnn_app_utils_v3 import *\n", "")])
    report = check(path)
    assert report.exit_status == 0, render(report)
    (warning,) = report.warnings
    assert warning.startswith("this file never imports or defines L_model_backward, L_model_forward, compute_cost, ")
    assert warning.endswith("dnnstep supplied the course's dnn_app_utils_v3 (the Application's helpers, the 2021 "
                            "edition) for this check; add from dnn_app_utils_v3 import *")
    assert "app-init" not in [h.code for f in report.functions for h in f.hints]
