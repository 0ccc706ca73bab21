"""``dnnstep check``: exit statuses, the text report, --json, and colour only on a terminal."""

from __future__ import annotations

import io
import json
import os

import pytest

from dnnstep import cli
from dnnstep.homework import check_command as command
from dnnstep.homework.reading.source import STEP_BY_STEP
from dnnstep.homework.reporting.report import render, use_colour
from tests.homework.helpers import FIXTURES, SCENARIO, checked


def test_exit_0_for_a_correct_homework_through_the_cli(capsys):
    assert cli.main(["check", str(FIXTURES / "correct.ipynb"), "--scenario", SCENARIO]) == 0
    out = capsys.readouterr().out
    functions = len(STEP_BY_STEP)  # correct.ipynb is the Step by Step assignment
    assert f"All {functions} functions match the reference, and your pipeline matches on every scenario." in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_exit_1_and_json_with_the_same_findings(capsys):
    path = FIXTURES / "missing_1_over_m.py"
    assert command.main([str(path), "--scenario", SCENARIO, "--json", "--iterations", "2"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(checked("missing_1_over_m.py").to_json()))
    (first,) = [f for f in data["functions"] if f["status"] != "ok"][:1]
    assert first["function"] == "linear_backward" and first["case"] == "course test case"
    mismatch = first["mismatches"][0]
    assert (mismatch["tensor"], mismatch["expected_shape"], mismatch["actual_shape"]) == ("dW", [3, 5], [3, 5])
    assert mismatch["actual_value"] == pytest.approx(4 * mismatch["expected_value"])  # m = 4
    assert first["hints"][0]["code"] == "missing-1/m"
    divergence = data["pipelines"][0]["divergence"]
    assert (divergence["step"], divergence["iteration"], divergence["inputs_matched"]) == ("backward 3", 0, True)


def test_the_text_report_names_function_case_tensor_and_hint():
    text = render(checked("db_no_keepdims.py"))
    assert "FAIL    linear_backward             does not match on the course test case" in text
    assert "db has shape (3,) instead of (3, 1)" in text
    assert "hint: db has shape (3,) instead of (3, 1): sum with np.sum(dZ, axis=1, keepdims=True)" in text
    assert "step_by_step: first departs at iteration 0, step backward 3" in text
    assert "the step's inputs still matched: the mistake is in this step" in text


def test_student_prints_are_kept_out_of_the_report_unless_a_function_fails(capsys):
    report = checked("sys_exit.py")  # update_parameters prints parameters.keys() and exits
    result = [f for f in report.functions if f.function == "update_parameters"][0]
    assert "dict_keys" in result.output
    assert "it printed:" in render(report)


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_without_NO_COLOR(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Terminal()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Terminal())
    coloured = render(checked("update_plus.py"), colour=True)
    assert "\x1b[31mFAIL" in coloured and "\x1b[32mPASS" in coloured


@pytest.mark.parametrize("argv, message", [
    (["nothere.py"], "nothere.py: no such file"),
    ([str(FIXTURES / "correct.py"), "--scenario", "no_such_scenario"], "no_such_scenario"),
])
def test_bad_input_exits_2_with_one_message(argv, message, capsys):
    assert command.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) <= 3


def _homework_processes() -> list[int]:
    """This process's children that are a homework's process (``sandbox.py``), still running."""
    found = []
    for entry in (e for e in os.listdir("/proc") if e.isdigit()):
        try:
            with open(f"/proc/{entry}/stat") as stat, open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                state, parent = stat.read().rsplit(")", 1)[1].split()[:2]
                command_line = cmdline.read()
        except OSError:
            continue
        if int(parent) == os.getpid() and state != "Z" and b"sandbox.py" in command_line:
            found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_scenario_that_does_not_exist_leaves_no_homework_process(capsys):
    # the homework's process starts while the scenarios load: a scenario that cannot load stops it again
    assert command.main([str(FIXTURES / "correct.py"), "--scenario", "no_such_scenario"]) == 2
    assert _homework_processes() == []


@pytest.mark.parametrize("timeout", ["0", "inf", "1e300"])
def test_a_bad_timeout_is_a_usage_error(timeout, capsys):
    # --timeout inf used to end in an OverflowError traceback from the queue's wait
    with pytest.raises(SystemExit) as exit_:
        command.main([str(FIXTURES / "correct.py"), "--timeout", timeout])
    assert exit_.value.code == 2
    assert f"--timeout: the timeout must be" in capsys.readouterr().err


def test_the_path_may_follow_the_scenario_names(capsys):
    # `--scenario NAME ...` takes several names; a homework path after them was taken for one
    assert command.main(["--scenario", SCENARIO, str(FIXTURES / "correct.py")]) == 0
    assert "All 10 functions match the reference" in capsys.readouterr().out


def test_json_stays_valid_when_the_homework_computes_nan(tmp_path, capsys):
    path = tmp_path / "nan.py"
    path.write_text("import numpy as np\n\ndef compute_cost(AL, Y):\n    return np.squeeze(np.log(-AL).sum())\n")
    assert command.main([str(path), "--scenario", SCENARIO, "--json"]) == 1
    out = capsys.readouterr().out
    (result,) = json.loads(out)["functions"]
    assert result["function"] == "compute_cost" and result["mismatches"][0]["actual_value"] == "nan"
    assert "NaN" not in out


def test_a_file_without_graded_functions_is_a_finding(tmp_path, capsys):
    path = tmp_path / "empty.py"
    path.write_text("import numpy as np\n\ndef my_helper(x):\n    return x\n")
    assert command.main([str(path), "--scenario", SCENARIO]) == 1
    out = capsys.readouterr().out
    assert "Nothing checked: the file defines none of the course's graded functions." in out
    assert "note: the file defines none of the graded functions (initialize_parameters, " in out
