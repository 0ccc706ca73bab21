"""Course 2's fixtures: a correct homework of each assignment and edition passes, with its assignment and edition
named; each mistake is blamed on the right function, tensor and hint, and the model's departures on the right step."""

from __future__ import annotations

import functools
import json

import pytest

from dnnstep.homework.checking import check_homework
from dnnstep.homework.course2.mistakes import CODES
from dnnstep.homework.reporting.report import render, to_json
from tests.homework.course2.editions import EDITIONS, FILE_NAMES
from tests.homework.course2.make_fixtures import ASSIGNMENTS, FIXTURES, expected_files
from tests.homework.course2.mistakes import MISTAKES, numpy_refuses_a_row_into_a_number

TIMEOUT = 20.0
TITLES = {"initialization": "Course 2 Initialization (W1A1)", "regularization": "Course 2 Regularization (W1A2)",
          "gradient_checking": "Course 2 Gradient Checking (W1A3)",
          "optimization": "Course 2 Optimization Methods (W2A1)"}


@functools.lru_cache(maxsize=None)
def checked(name: str):
    """``dnnstep check`` of ``fixtures/<name>``, once per test session."""
    return check_homework(FIXTURES / name, timeout=TIMEOUT)


def test_committed_fixtures_are_what_the_generator_writes():
    for name, text in expected_files().items():
        assert (FIXTURES / name).read_text() == text, f"{name} is stale: run python tests/homework/course2/make_fixtures.py"


def test_every_hint_has_a_fixture():
    fired = {m.hint for m in MISTAKES} | {m.model[2] for m in MISTAKES if m.model}
    # not in a fixture: each of these is tested by tests/homework/course2/test_course2_hints.py
    elsewhere = {"he-scale", "init-rand", "W-shape", "b-shape", "b-random", "l2-sign", "l2-missing",
                 "update-partial", "learning-rate", "momentum-update", "decay-formula", "gc-forward", "gc-norm"}
    assert set(CODES) - elsewhere <= fired


CORRECT = [(edition, assignment, fmt) for edition in EDITIONS for assignment in ASSIGNMENTS for fmt in ("py", "ipynb")]


def _correct_name(edition: str, assignment: str, fmt: str) -> str:
    return f"{edition}/{assignment}.py" if fmt == "py" else f"{edition}/{FILE_NAMES[assignment][edition]}"


@pytest.mark.parametrize("edition,assignment,fmt", CORRECT, ids=lambda v: v)
def test_a_correct_homework_of_each_edition_passes_and_says_what_it_is(edition, assignment, fmt):
    report = checked(_correct_name(edition, assignment, fmt))
    assert report.exit_status == 0, render(report)
    assert [a.assignment.key for a in report.assignments] == [assignment]
    headline = report.edition_lines()[0]
    assert headline.startswith(f"This {'notebook' if fmt == 'ipynb' else 'file'} is {TITLES[assignment]}: it defines ")
    detection = report.assignments[0].judged.detection
    assert edition in [e.key for e in detection.candidates]
    assert all(p.divergence is None for p in report.pipelines)
    decays = 4 if edition in ("2021", "2023") else 0  # update_lr and schedule_lr_decay came in 2021
    runs = {"gradient_checking": 0, "optimization": 3 + decays}.get(assignment, 3)
    assert len([p for p in report.pipelines if not p.skipped]) == runs
    assert json.loads(to_json(report))["assignments"][0]["assignment"] == assignment


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_notebooks_own_expected_outputs_decide_the_optimization_edition(edition):
    report = checked(_correct_name(edition, "optimization", "ipynb"))
    finding = report.assignments[0]
    assert [e.key for e in finding.judged.detection.candidates] == [edition]
    assert finding.edition.key == edition
    assert f"It follows the {finding.edition.label} edition" in report.edition_lines()[0]
    assert report.functions[[f.function for f in report.functions].index("update_parameters_with_adam")].ok


def test_the_decay_runs_are_made_for_the_editions_whose_notebook_makes_them():
    decays = [p.scenario for p in checked("2021/optimization.py").pipelines if "decay = " in p.scenario]
    assert len(decays) == 4 and all(p.divergence is None and not p.skipped
                                    for p in checked("2021/optimization.py").pipelines)
    assert not [p for p in checked("2019/optimization.py").pipelines if "decay" in p.scenario]


def test_a_decay_that_is_wrong_is_blamed_in_the_model_on_the_decay_not_the_loop():
    (run,) = [p for p in checked("mistakes/update_lr_off_by_one.py").pipelines if "decay = update_lr" in p.scenario]
    assert run.divergence.function == "update_lr" and run.divergence.yours
    assert "the mistake is in update_lr" in run.divergence.hints[0].message


def test_an_undecided_edition_is_checked_every_way_it_differs_and_says_which_fits():
    report = checked("2021/optimization.py")  # nothing in the .py tells 2021 from 2023: they judge Adam alike
    assert report.exit_status == 0
    assert "It follows the 2021 or the 2023 edition" in report.edition_lines()[0]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_the_mistake_is_blamed_on_the_right_function_and_named(mistake):
    report = checked(f"mistakes/{mistake.name}.py")
    if mistake.numpy_refuses and not numpy_refuses_a_row_into_a_number():
        assert report.exit_status == 0  # this numpy only warns, and the numbers are the reference's
        return
    assert report.exit_status == mistake.exit_status
    failing = [f for f in report.functions if not f.ok]
    if mistake.function is None:
        assert not failing, [f.function for f in failing]
    else:
        first = failing[0]
        assert (first.function, first.status) == (mistake.function, mistake.status)
        assert {f.function for f in failing} == {mistake.function, *mistake.also_failing}
        if mistake.tensor is not None:
            assert first.tensors[0].name == mistake.tensor
        assert mistake.hint in [h.code for h in first.hints], [h.message for h in first.hints]
        assert first.hints[0].code == mistake.hint  # the hint that names it comes first
    for result in report.functions:  # a right function is never blamed, and no hint fires on it
        if result.ok:
            assert not result.hints
    if mistake.model is not None:
        run, place, hint = mistake.model
        departed = next(p for p in report.pipelines if run in p.scenario)  # the first: the plain run before a decay's
        d = departed.divergence
        assert d is not None and d.where == place
        if hint is not None:
            assert hint in [h.code for h in d.hints], [h.message for h in d.hints]


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.function is None], ids=lambda m: m.name)
def test_a_mistake_of_the_loop_is_blamed_on_model_with_the_step_inputs_named(mistake):
    report = checked(f"mistakes/{mistake.name}.py")
    divergences = [p.divergence for p in report.pipelines if p.divergence is not None]
    assert divergences and all(d.function == "model" and d.yours for d in divergences)
    text = render(report)
    assert "first departs at " + mistake.model[1] in text
    assert "your model departs from the reference's" in text.splitlines()[-1]


def test_adam_with_epsilon_inside_the_root_is_accepted_where_the_notebook_printed_it_so(tmp_path):
    for edition, name, accepted in (("2019", "Optimization_methods_v1b.ipynb", True), ("2021", "optimization.py", False)):
        text = (FIXTURES / edition / name).read_text()
        for p in ("dW", "db"):
            old, new = f'(np.sqrt(s_corrected["{p}" + str(l)]) + epsilon)', f'np.sqrt(s_corrected["{p}" + str(l)] + epsilon)'
            if name.endswith(".ipynb"):
                old, new = json.dumps(old)[1:-1], json.dumps(new)[1:-1]
            assert text.count(old) == 1
            text = text.replace(old, new)
        path = tmp_path / edition / name
        path.parent.mkdir()
        path.write_text(text)
        report = check_homework(path, timeout=TIMEOUT)
        adam = next(f for f in report.functions if f.function == "update_parameters_with_adam")
        if accepted:
            assert report.exit_status == 0 and adam.ok
            assert any("2017-20 notebook printed its Expected Output that way" in n for n in adam.notes)
            (run,) = [p for p in report.pipelines if "adam" in p.scenario]
            assert run.ok and "the two runs part at epoch 0, mini-batch 0" in run.note
        else:
            assert not adam.ok and adam.hints[0].code == "adam-epsilon"


def test_the_course_2_helpers_pasted_into_a_file_are_not_checked_as_week_4s(tmp_path):
    import re

    from dnnstep.homework.course2.helper_modules import course_file

    text = (FIXTURES / "2021" / "regularization.py").read_text()
    for name in ("compute_cost", "initialize_parameters", "update_parameters"):  # week 4 has graded functions so named
        text += "\n\n" + re.search(rf"^def {name}\(.*?(?=^def |\Z)", course_file("reg_utils"), re.S | re.M).group(0)
    path = tmp_path / "regularization.py"
    path.write_text(text)
    report = check_homework(path, timeout=TIMEOUT)
    assert report.exit_status == 0
    assert [f.function for f in report.functions] == ["compute_cost_with_regularization",
                                                      "backward_propagation_with_regularization",
                                                      "forward_propagation_with_dropout",
                                                      "backward_propagation_with_dropout"]
    assert any("pasted into this Course 2 file: not checked as week 4's" in note for note in report.notes)


def test_a_model_that_ignores_its_number_of_epochs_times_out_once_and_says_how_long_the_courses_takes(tmp_path):
    text = (FIXTURES / "2021" / "optimization.py").read_text()
    assert text.count("    for i in range(num_epochs):") == 1
    path = tmp_path / "optimization.py"
    path.write_text(text.replace("    for i in range(num_epochs):", "    for i in range(5000):"))
    report = check_homework(path, timeout=2)
    runs = [p.divergence for p in report.pipelines]
    assert [d.status for d in runs] == ["timeout"] * 7 and runs[0].function == "model"  # 3 runs, and 4 with a decay
    assert runs[0].where == "the call of model itself, before any step came back"
    assert "the course's model makes these 2 epochs in" in runs[0].message and "num_epochs" in runs[0].message
    assert all("not called again" in d.message for d in runs[1:])  # one timeout for the seven runs
