"""Every course edition is recognised from the evidence a file carries, and judged by its own rules."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework import check_command
from dnnstep.homework.checking import check_homework
from dnnstep.homework.reading.editions import (
    CURRENT, E2017, E2018, E2021, EditionFinding, decide, detect, expected_for, shift_keys,
)
from dnnstep.homework.reporting.report import render
from tests.homework.helpers import FIXTURES, SCENARIO, TIMEOUT, edited
from tests.homework.make_edition_fixtures import EDITIONS, expected_files, fixtures

HEADLINES = {
    "2017": "follows the 2017 edition (grads keys dA1…dAL, models return parameters only); checked by that edition's "
            "rules.",
    "2018": "follows the 2018 edition (grads keys dA0…dA(L-1), models return parameters only); checked by that "
            "edition's rules.",
    "2021": "follows the 2021 edition (grads keys dA0…dA(L-1), models return (parameters, costs)); checked by that "
            "edition's rules.",
}
ONLY_BY_EDITION = {
    ("2017", "step"): "Against the 2021 edition's rules it differs only by its edition: L_model_backward: grads keys "
                      "dA1…dAL (the 2017 edition) instead of dA0…dA(L-1).",
    ("2017", "app"): "Against the 2021 edition's rules it differs only by its edition: two_layer_model: returns "
                     "parameters only (the 2017 edition) instead of (parameters, costs); L_layer_model: returns "
                     "parameters only (the 2017 edition) instead of (parameters, costs).",
    ("2018", "app"): "Against the 2021 edition's rules it differs only by its edition: two_layer_model: returns "
                     "parameters only (the 2018 edition) instead of (parameters, costs); L_layer_model: returns "
                     "parameters only (the 2018 edition) instead of (parameters, costs).",
}

FIXTURE_FILES = [(f.edition, f"{f.folder}/{name}") for f in fixtures() for name in (f"{f.stem}.py", f.notebook)]


def test_committed_edition_fixtures_are_what_the_generator_writes():
    for name, text in expected_files().items():
        stale = f"{name} is stale: run python tests/homework/make_edition_fixtures.py"
        assert (EDITIONS / name).read_text() == text, stale


@pytest.mark.parametrize("edition,name", FIXTURE_FILES, ids=[n for _, n in FIXTURE_FILES])
def test_each_fixture_is_recognised_as_its_edition(edition, name):
    detection = detect(EDITIONS / name)
    assert detection.edition.key == edition
    assert detection.decided, detection.evidence(10)


def test_the_evidence_is_named_with_the_editions_it_fits():
    detection = detect(EDITIONS / "2017/Building your Deep Neural Network - Step by Step v5.ipynb")
    seen = [c.describe() for c in detection.clues]
    assert "imports testCases_v3 (2017)" in seen
    assert "imports dnn_utils_v2 (2017 or 2018)" in seen
    assert "the template's comment Outputs: grads[\"dAL\"] (2017)" in seen
    assert "the expected cost 0.41493159961 (testCases v2-v4) (2017 or 2018)" in seen
    assert "notebook metadata with a Coursera graded_item_id (2017 or 2018)" in seen


def test_dnn_utils_v2_alone_does_not_decide_between_2017_and_2018(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\nfrom dnn_utils_v2 import sigmoid, relu\n")
    detection = detect(path)
    assert [e.key for e in detection.candidates] == ["2017", "2018"]
    assert not detection.decided and not detection.mixed
    assert detection.others() == (E2017, E2021)


def test_a_file_without_evidence_is_the_current_edition_checked_every_way(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\ndef linear_forward(A, W, b):\n    return np.dot(W, A) + b, (A, W, b)\n")
    detection = detect(path)
    assert detection.edition == CURRENT and not detection.clues and not detection.decided
    assert detection.others() == (E2018, E2017)


def test_evidence_that_points_both_ways_is_mixed(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text('from public_tests import *\nfrom testCases_v3 import *\nfrom testCases_v2 import *\n')
    detection = detect(path)
    assert detection.edition == E2017 and detection.mixed and not detection.decided
    assert decide([]).edition == CURRENT


def test_a_broken_notebook_gives_no_evidence_rather_than_an_error(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text("{" * 100_000)
    assert detect(path).clues == ()


def test_the_2017_grads_are_the_current_ones_one_key_higher():
    grads = course.L_model_backward(*_backward_inputs())
    old = expected_for(E2017, "L_model_backward", grads)
    assert sorted(old) == ["dA1", "dA2", "dW1", "dW2", "db1", "db2"]
    assert old["dA1"] is grads["dA0"] and old["dA2"] is grads["dA1"]
    assert expected_for(E2018, "L_model_backward", grads) is grads
    assert shift_keys(old, -1).keys() == grads.keys()


def test_models_before_2021_return_the_parameters_only():
    value = ({"W1": np.ones((1, 1))}, [np.array(0.5)])
    assert expected_for(E2017, "L_layer_model", value) is value[0]
    assert expected_for(E2018, "two_layer_model", value) is value[0]
    assert expected_for(E2021, "L_layer_model", value) is value


def test_the_headline_names_the_edition_and_its_conventions():
    detection = detect(EDITIONS / "2017/step.py")
    finding = EditionFinding(detection, {"L_model_backward": E2017}, {})
    assert finding.headline("ipynb") == ("This notebook follows the 2017 edition (grads keys dA1…dAL, models return "
                                         "parameters only); checked by that edition's rules.")
    assert finding.only_by_edition(True) == ("Against the 2021 edition's rules it differs only by its edition: "
                                             "L_model_backward: grads keys dA1…dAL (the 2017 edition) instead of "
                                             "dA0…dA(L-1).")
    assert finding.only_by_edition(False) == ""


def test_the_headline_of_a_file_checked_both_ways_says_which_fits():
    finding = EditionFinding(decide([]), {"L_layer_model": E2018}, {})
    assert finding.headline("py") == ("Nothing in this file names a course edition; checked both ways: "
                                      "L_layer_model fits the 2018 edition (returns parameters only).")
    assert finding.edition == E2018


def _backward_inputs():
    rng = np.random.default_rng(0)
    A0, W1, b1 = rng.standard_normal((4, 3)), rng.standard_normal((2, 4)), np.zeros((2, 1))
    Z1 = W1 @ A0 + b1
    A1 = np.maximum(0, Z1)
    W2, b2 = rng.standard_normal((1, 2)), np.zeros((1, 1))
    Z2 = W2 @ A1 + b2
    AL = 1 / (1 + np.exp(-Z2))
    return AL, np.array([[1, 0, 1]]), [((A0, W1, b1), Z1), ((A1, W2, b2), Z2)]


def check(path):
    return check_homework(path, scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1)


@pytest.mark.parametrize("edition,name", FIXTURE_FILES, ids=[n for _, n in FIXTURE_FILES])
def test_each_editions_correct_homework_passes_by_its_own_rules(edition, name):
    report = check(EDITIONS / name)
    text = render(report)
    assert report.exit_status == 0, text
    kind = "notebook" if name.endswith(".ipynb") else "file"
    stem = "app" if "app" in name or "Application" in name else "step"
    lines = [f"This {kind} {HEADLINES[edition]}"]
    if (edition, stem) in ONLY_BY_EDITION:
        lines.append(ONLY_BY_EDITION[edition, stem])
    assert report.edition_lines() == lines
    assert text.splitlines()[1:1 + len(lines)] == lines
    assert report.to_json()["edition"]["edition"] == edition


def test_a_2021_application_that_imports_dnn_app_utils_gets_its_initialisation():
    report = check(EDITIONS / "2021-unversioned/app.py")
    assert report.exit_status == 0
    assert not any("dnn_app_utils" in note for note in report.notes), report.notes
    assert [(f.function, f.ok) for f in report.functions] == [("two_layer_model", True), ("L_layer_model", True)]


def test_the_json_record_says_which_edition_and_why(capsys):
    path = EDITIONS / "2017/step.py"
    assert check_command.main([str(path), "--scenario", SCENARIO, "--iterations", "1", "--json"]) == 0
    edition = json.loads(capsys.readouterr().out)["edition"]
    assert edition["edition"] == "2017" and edition["decided"] and not edition["mixed"]
    assert edition["functions"] == {"L_model_backward": "2017"}
    assert {"seen": "imports testCases_v3", "editions": ["2017"]} in edition["evidence"]


OLD_KEYS = [('grads["dA" + str(L - 1)] = dA_prev_temp', 'grads["dA" + str(L)] = dA_prev_temp'),
            ('backward(grads["dA" + str(l + 1)]', 'backward(grads["dA" + str(l + 2)]'),
            ('grads["dA" + str(l)] = dA_prev_temp', 'grads["dA" + str(l + 1)] = dA_prev_temp')]


def test_mixed_evidence_is_checked_both_ways_and_the_report_says_which_fits(tmp_path):
    # a 2021 notebook (public_tests, the 2021 markers) whose L_model_backward keeps the 2017 template's comment and keys
    path = edited(EDITIONS / "2021/step.py", tmp_path, [
        *OLD_KEYS, ('Outputs: "grads["dAL-1"]', 'Outputs: "grads["dAL"]')])
    report = check(path)
    assert report.exit_status == 0, render(report)
    headline = report.edition_lines()[0]
    assert headline.startswith("The evidence on the edition is mixed (")
    assert headline.endswith("; checked both ways: L_model_backward fits the 2017 edition (grads keys dA1…dAL).")


def test_the_old_keys_in_a_file_that_is_plainly_2021_fail_and_say_whose_convention_they_are(tmp_path):
    path = edited(FIXTURES / "correct.py", tmp_path, OLD_KEYS)
    report = check(path)
    assert report.exit_status == 1
    backward = next(f for f in report.functions if f.function == "L_model_backward")
    assert not backward.ok and "grads-keys" in [h.code for h in backward.hints]
    (note,) = [n for n in backward.notes if "convention" in n]
    assert note.startswith("L_model_backward follows the 2017 edition's convention (grads keys dA1…dAL); this file "
                           "follows the 2021 edition (")
    assert note.endswith("which expects grads keys dA0…dA(L-1)")


def test_a_file_without_evidence_is_judged_by_what_its_functions_fit(tmp_path):
    text = (EDITIONS / "2017/step.py").read_text()
    kept = [line for line in text.splitlines()
            if not any(mark in line for mark in ("CODE HERE", "Outputs:", "testCases", "dnn_utils"))]
    path = tmp_path / "hw.py"
    path.write_text("\n".join(kept) + "\n")
    report = check(path)
    assert report.exit_status == 0, render(report)
    assert report.edition_lines()[0] == ("Nothing in this file names a course edition; checked both ways: "
                                         "L_model_backward fits the 2017 edition (grads keys dA1…dAL).")


def test_a_function_that_fits_no_edition_is_not_said_to_fit(tmp_path):
    text = (EDITIONS / "2017/step.py").read_text()
    kept = [line for line in text.splitlines()
            if not any(mark in line for mark in ("CODE HERE", "Outputs:", "testCases", "dnn_utils"))]
    path = tmp_path / "hw.py"
    path.write_text("\n".join(kept).replace("dAL = - (np.divide", "dAL = (np.divide") + "\n")
    report = check(path)
    assert report.exit_status == 1
    assert report.edition_lines()[0] == ("Nothing in this file names a course edition; checked both ways: "
                                         "L_model_backward fits no edition (judged by the 2021 edition's rules).")


def test_the_debugger_shows_a_2017_homework_beside_the_reference_without_a_departure():
    from dnnstep.engine import Session
    from dnnstep.homework.student_run import open_student_run
    from dnnstep.scenario import load_scenario

    run = open_student_run(EDITIONS / "2017/step.py", Session(load_scenario(SCENARIO)), timeout=TIMEOUT)
    try:
        assert run.first_divergence() is None
    finally:
        run.close()


def test_a_file_without_evidence_or_edition_functions_is_checked_by_the_current_rules():
    finding = EditionFinding(decide([]), {}, {})
    assert finding.headline("ipynb") == ("Nothing in this notebook names a course edition; checked by the 2021 "
                                         "edition's rules (the functions it defines are the same in every edition).")
    assert finding.only_by_edition(True) == ""


def test_todays_keys_in_a_2017_file_are_accepted_as_its_v5_notebook_printed_them(tmp_path):
    text = (EDITIONS / "2018/step.py").read_text()
    path = tmp_path / "hw.py"  # the 2018 solution with the 2017 notebook's imports
    path.write_text(text.replace("from testCases_v4a import *", "from testCases_v3 import *")
                    .replace('Outputs: "grads["dAL-1"]', 'Outputs: "grads["dAL"]'))
    report = check(path)
    assert report.exit_status == 0, render(report)
    backward = next(f for f in report.functions if f.function == "L_model_backward")
    assert backward.hints == []
    assert backward.notes == ["L_model_backward stores today's keys dA0…dA(L-1), not the 2017 template's dA1…dAL; "
                              "accepted: the v5 notebook's printed dA1 is today's (the gradient with respect to A[1])"]
    assert report.pipelines[0].divergence is None
    assert report.edition_lines() == [f"This file {HEADLINES['2017']}"]


def test_a_notebook_whose_worksheet_has_no_cells_list_gives_no_evidence(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text(json.dumps({"cells": None, "worksheets": [{"cells": None}]}))
    assert detect(path).clues == ()
