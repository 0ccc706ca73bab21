"""Every fixture homework, as .py and as .ipynb, is caught and blamed on the right function and tensor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dnnstep
from dnnstep.homework import check_command as command
from dnnstep.homework.diagnosing.hints import CODES
from dnnstep.homework.checking import check_homework
from dnnstep.homework.reading.source import STEP_BY_STEP as GRADED, HomeworkLoadError
from tests.homework.helpers import FIXTURES, HANG_TIMEOUT, SCENARIO, checked
from tests.homework.make_fixtures import expected_files
from tests.homework.mistakes import MISTAKES

LOADABLE = [m for m in MISTAKES if m.exit_status != 2]
FORMATS = ("py", "ipynb")


def test_committed_fixtures_are_what_the_generator_writes():
    for name, text in expected_files().items():
        assert (FIXTURES / name).read_text() == text, f"{name} is stale: run python tests/homework/make_fixtures.py"


def test_every_hint_and_failure_kind_has_a_fixture():
    hints = {m.hint for m in MISTAKES if m.hint}
    assert {"missing-1/m", "extra-1/m", "db-keepdims", "db-axis", "transposed", "dAL-sign", "relu-mask",
            "activation", "update-sign", "cache-order", "grads-keys", "extra-keys"} <= hints
    assert {m.status for m in MISTAKES} >= {"mismatch", "exception", "timeout", "exit", "crash"}
    assert set(CODES) - {"squeeze", "no-bias", "sigmoid-derivative", "dAL-sign", "learning-rate", "b-broadcast",
                         "factor", "zeros", "missing-keys", "helper-input",
                         "db-squeeze", "app-init"} <= hints  # those two: tests/homework/test_homework_reports.py


@pytest.mark.parametrize("mistake", [m for m in LOADABLE if m.pipeline_failure], ids=lambda m: m.name)
def test_a_call_that_raises_in_the_pipeline_is_explained(mistake):
    label, hint = mistake.pipeline_failure
    (pipeline,) = checked(f"{mistake.name}.py").pipelines
    d = pipeline.divergence
    assert (d.scenario, d.iteration, d.label, d.status) == (SCENARIO, 0, label, "exception")
    assert d.hints[0].code == hint


@pytest.mark.parametrize("name", [f"{m.name}.py" for m in LOADABLE] + ["correct.py", "app_correct.py"])
def test_no_two_hints_give_two_causes_for_one_tensor(name):
    report = checked(name)
    for hints in [f.hints for f in report.functions] + [p.divergence.hints for p in report.pipelines if p.divergence]:
        explained = [t for h in hints for t in (h.explains or (h.tensor,)) if t]
        assert len(explained) == len(set(explained)), [(h.code, h.message) for h in hints]
        codes = {h.code for h in hints}
        for a, b in CONTRADICTING:
            assert not {a, b} <= codes, [(h.code, h.message) for h in hints]


#: Pairs of hints that cannot both be true of one result: the misleading ones issue 14 lists.
CONTRADICTING = [("dAL-sign", "dAL-formula"), ("zeros", "update-unchanged"), ("zeros", "no-update"),
                 ("db-keepdims", "b-shape"), ("factor", "output-dZ"), ("factor", "W-shape")]


@pytest.mark.parametrize("name", [f"{m.name}.py" for m in LOADABLE])
def test_an_exception_never_shows_dnnsteps_own_source(name):
    package = str(Path(dnnstep.__file__).parent)
    report = checked(name)
    frames = [fr for f in report.functions for fr in f.traceback] + [
        fr for p in report.pipelines if p.divergence for fr in p.divergence.traceback]
    assert not [fr for fr in frames if str(fr["where"]).startswith(package)]
    for result in report.functions:  # a function that fails because one it calls fails says so instead
        if result.status == "exception" and not any("fix that first" in note for note in result.notes):
            assert result.hints, f"{name}: {result.function} raised {result.message} with no hint"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mistake", LOADABLE, ids=lambda m: m.name)
def test_the_mistake_is_blamed_on_the_right_function(mistake, fmt):
    report = checked(f"{mistake.name}.{fmt}")
    failing = [f for f in report.functions if not f.ok]
    assert failing, f"{mistake.name}.{fmt} passed"
    first = failing[0]
    assert first.function == mistake.function
    assert first.status == mistake.status
    assert {f.function for f in failing} == {mistake.function, *mistake.also_failing}
    assert report.exit_status == 1
    if mistake.tensor is not None:
        assert first.tensors[0].name == mistake.tensor
    if mistake.hint is not None:
        assert mistake.hint in [h.code for h in first.hints], [h.message for h in first.hints]
    if mistake.message is not None:  # the hint that names the mistake comes first, word for word
        assert (first.hints[0].code, first.hints[0].message) == (mistake.hint, mistake.message)
    # a function that is right is never blamed, and its hints never fire
    for result in report.functions:
        if result.ok:
            assert not result.hints


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mistake", [m for m in LOADABLE if m.pipeline], ids=lambda m: m.name)
def test_the_pipeline_departs_at_the_right_step(mistake, fmt):
    label, tensor, hint = mistake.pipeline
    (pipeline,) = checked(f"{mistake.name}.{fmt}").pipelines
    d = pipeline.divergence
    assert d is not None
    assert (d.scenario, d.iteration, d.label) == (SCENARIO, 0, label)
    assert d.tensors[0].name == tensor
    assert d.inputs_matched is True  # the mistake is in this step, not upstream
    if hint:
        assert hint in [h.code for h in d.hints]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exception_points_at_the_student_file_and_line(fmt):
    result = checked(f"exception.{fmt}").functions[GRADED.index("linear_forward")]
    assert result.status == "exception"
    assert result.message.startswith("ValueError: shapes (3,2) and (1,3) not aligned")
    frame = result.traceback[-1]
    assert frame["function"] == "linear_forward"
    assert frame["code"] == "Z = np.dot(A, W) + b"
    assert result.case == "course test case"
    assert result.inputs == "A (3, 2), W (1, 3), b (1, 1)"
    path = FIXTURES / f"exception.{fmt}"
    if fmt == "py":
        line = path.read_text().splitlines().index("    Z = np.dot(A, W) + b") + 1
        assert (frame["where"], frame["line"]) == (str(path), line)
    else:
        cells = json.loads(path.read_text())["cells"]
        number = next(i for i, c in enumerate(cells, 1) if "    Z = np.dot(A, W) + b\n" in c["source"])
        line = cells[number - 1]["source"].index("    Z = np.dot(A, W) + b\n") + 1
        assert (frame["where"], frame["line"]) == (f"{path}, cell {number}", line)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hang_exit_and_crash_do_not_stop_the_other_functions(fmt):
    for name, function, status in [("hang", "compute_cost", "timeout"), ("sys_exit", "update_parameters", "exit"),
                                   ("crash", "L_model_forward", "crash")]:
        report = checked(f"{name}.{fmt}")
        statuses = {r.function: r.status for r in report.functions}
        assert statuses.pop(function) == status
        assert set(statuses.values()) == {"ok"}, statuses
        assert len(report.functions) == len(GRADED)


def test_the_hang_is_reported_as_a_timeout_with_the_limit():
    result = checked("hang.py").functions[GRADED.index("compute_cost")]
    assert f"did not return within {HANG_TIMEOUT:g} s" in result.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_syntax_error_names_the_file_and_line_and_exits_2(fmt, capsys):
    path = FIXTURES / f"syntax_error.{fmt}"
    with pytest.raises(HomeworkLoadError) as error:
        check_homework(path, scenario_names=[SCENARIO])
    if fmt == "py":
        line = path.read_text().splitlines().index("def linear_backward(dZ, cache)") + 1
        assert str(error.value).startswith(f"{path}, line {line}: SyntaxError")
    else:
        cells = json.loads(path.read_text())["cells"]
        number = next(i for i, c in enumerate(cells, 1) if "def linear_backward(dZ, cache)\n" in c["source"])
        assert str(error.value).startswith(f"{path}, cell {number}, line 2: SyntaxError")
    assert command.main([str(path), "--scenario", SCENARIO]) == 2
    err = capsys.readouterr().err
    assert "SyntaxError" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_correct_homework_passes_and_exits_0(fmt, capsys):
    report = checked(f"correct.{fmt}")
    assert [f.function for f in report.functions] == list(GRADED)
    assert report.ok and report.exit_status == 0
    assert not [h for f in report.functions for h in f.hints]
    assert all(f.cases_passed == f.cases_run > 0 for f in report.functions)
    assert [p.ok for p in report.pipelines] == [True]


def test_the_correct_homework_passes_on_every_shipped_scenario():
    report = check_homework(FIXTURES / "correct.py", timeout=30, iterations=2)
    assert report.ok, [f.to_json() for f in report.functions if not f.ok] + [
        p.to_json() for p in report.pipelines if not p.ok]
    ran = [p.scenario for p in report.pipelines if not p.skipped]
    assert {"five_layer", "step_by_step"} <= set(ran)
    assert len(report.scenarios) >= 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_correct_application_homework_passes(fmt):
    report = checked(f"app_correct.{fmt}")
    assert [f.function for f in report.functions] == ["two_layer_model", "L_layer_model"]
    assert report.ok and all(f.cases_passed == f.cases_run == 1 for f in report.functions)
    assert not [h for f in report.functions for h in f.hints]
    assert not any("load_data" in note for note in report.notes)  # the load_data() call is not run


def test_the_text_report_shows_what_was_passed_not_dnnsteps_source():
    from dnnstep.homework.reporting.report import render

    text = render(checked("hidden_dA_same.py"))
    functions, pipeline = text.split("Your pipeline, step by step")
    assert "hint: relu_backward got dA (3, 4) for layer 1, whose Z is (4, 4)" in functions
    assert "hint: hidden-dA, as above" in pipeline  # said once
    assert "the course's dnn_utils (supplied by dnnstep), in relu_backward" in text
    assert "line None" not in text and str(Path(dnnstep.__file__).parent) not in text
