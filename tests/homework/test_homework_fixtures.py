"""Every fixture homework, as .py and as .ipynb, is caught and blamed on the right function and tensor."""

from __future__ import annotations

import json

import pytest

from dnnstep.homework import check_command as command
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
    assert not any("load_data" in note for note in report.notes)  # the load_data() call is not run
