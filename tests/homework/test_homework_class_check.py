"""A whole class at once: the files of a folder checked in parallel, one line each, then the tally."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

import pytest

from dnnstep.homework.reporting.class_report import ClassReport, FileResult, clean, render, to_json
from dnnstep.homework.class_check import ClassOptions, check_class, homework_files, run_class
from dnnstep.scenario import load_scenario

from .helpers import FIXTURES, HANG_TIMEOUT, SCENARIO

# A homework that tries to kill the process checking it (the homework's parent): the sandbox keeps that
# process out of its reach (its parent is the first process of its own PID namespace), so it is checked.
KILLS_ITS_CHECK = textwrap.dedent("""\
    import os, signal
    import numpy as np

    def linear_forward(A, W, b):
        os.kill(os.getppid(), signal.SIGKILL)
        return np.dot(W, A) + b, (A, W, b)
""")
# A homework whose error message would clear the teacher's terminal.
ESCAPES = textwrap.dedent("""\
    def compute_cost(AL, Y):
        raise ValueError("=1+1 \\x1b[2J\\x1b[31mred")
""")


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """A class folder: a right homework, two mistakes, a hang, a crash, a file that cannot load, a support file."""
    folder = tmp_path_factory.mktemp("class")
    for name in ("hang.py", "correct.py", "missing_1_over_m.py", "db_wrong_axis.ipynb"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "kills_its_check.py").write_text(KILLS_ITS_CHECK)
    (folder / "escapes.py").write_text(ESCAPES)
    (folder / "broken.py").write_text("def linear_forward(A, W, b:\n    pass\n")
    shutil.copy(FIXTURES / "correct.py", folder / "dnn_utils_v2.py")  # the course's support file: not homework
    (folder / ".ipynb_checkpoints").mkdir()
    shutil.copy(FIXTURES / "correct.ipynb", folder / ".ipynb_checkpoints" / "correct-checkpoint.ipynb")
    files, notes = homework_files([folder])
    options = ClassOptions([load_scenario(SCENARIO)], timeout=HANG_TIMEOUT, iterations=2, jobs=2)
    return folder, check_class(files, options, notes=notes)


def by_name(report: ClassReport) -> dict[str, FileResult]:
    return {r.path.rsplit("/", 1)[-1]: r for r in report.files}


def test_a_folder_gives_its_homework_sorted_without_checkpoints_and_support_files(klass):
    folder, report = klass
    assert [r.path.rsplit("/", 1)[-1] for r in report.files] == [
        "broken.py", "correct.py", "db_wrong_axis.ipynb", "escapes.py", "hang.py", "kills_its_check.py",
        "missing_1_over_m.py"]
    assert report.notes == [f"{folder}: not checked: the course's support file dnn_utils_v2.py"]


def test_each_file_gets_its_own_outcome_and_a_crash_or_a_hang_holds_up_nobody(klass):
    _, report = klass
    files = by_name(report)
    assert files["correct.py"].ok and files["correct.py"].passed[-1] == "update_parameters"
    assert files["broken.py"].status == "unloadable" and "SyntaxError" in files["broken.py"].message
    assert files["kills_its_check.py"].status == "checked" and files["kills_its_check.py"].ok
    hang = files["hang.py"]
    assert hang.status == "checked" and hang.failed == ["compute_cost"]
    assert hang.failed_text() == "compute_cost (timeout)"
    assert files["missing_1_over_m.py"].hints == ["missing-1/m"]
    assert files["db_wrong_axis.ipynb"].hints == ["db-axis"]
    assert report.exit_status == 1


def test_the_text_report_has_one_line_per_file_in_order_then_the_tally(klass):
    _, report = klass
    text = render(report)
    lines = text.splitlines()
    rows = [line for line in lines if line.split(" ", 1)[0] in ("PASS", "FAIL", "ERROR", "TIMEOUT", "CRASH")]
    assert [row.split()[0] for row in rows] == ["ERROR", "PASS", "FAIL", "FAIL", "FAIL", "PASS", "FAIL"]
    assert rows[1].endswith("10/10 functions pass")
    missing = next(row for row in rows if "missing_1_over_m.py" in row)
    assert ("9/10 functions pass, fail: linear_backward; "  # its callers are checked with the course's in its place
            f"departs at {SCENARIO}, iteration 0, backward 3 (L_model_backward); hints: missing-1/m") in missing
    assert "Across the class: 7 files, 2 pass, 5 fail (1 could not be loaded)." in lines
    assert any(line.split() == ["missing-1/m", "1", "missing_1_over_m.py"] for line in lines)
    assert any(line.split() == ["linear_backward", "2", "db_wrong_axis.ipynb,", "missing_1_over_m.py"]
               for line in lines)
    assert any(line.split() == ["compute_cost", "2", "escapes.py,", "hang.py"] for line in lines)
    assert "Fails most: compute_cost, linear_backward (2 of 7 files)." in lines
    assert rows[0].startswith("ERROR   broken.py ")  # below the folder they share


def test_json_has_one_record_per_file_with_file_ok_edition_and_findings(klass):
    _, report = klass
    data = json.loads(to_json(report))
    records = {r["file"].rsplit("/", 1)[-1]: r for r in data["files"]}
    assert len(data["files"]) == 7 and data["exit_status"] == 1 and data["ok"] is False
    for record in data["files"]:
        assert {"file", "ok", "edition", "findings", "status"} <= set(record)
    missing = records["missing_1_over_m.py"]
    assert missing["ok"] is False
    assert missing["findings"][0] == {"function": "linear_backward", "status": "mismatch", "case": "course test case",
                                      "hints": ["missing-1/m"], "message": "dW values differ"}
    assert missing["findings"][-1]["pipeline"] == SCENARIO and missing["findings"][-1]["step"] == "backward 3"
    assert missing["report"]["functions"][0]["function"] == "initialize_parameters"  # the single-file report, whole
    assert records["correct.py"] | {"report": None, "seconds": None} == {
        "file": records["correct.py"]["file"], "ok": True, "status": "checked", "edition": "2021",
        "functions_passed": list(records["correct.py"]["functions_passed"]), "functions_failed": [],
        "first_divergence": None, "hints": [], "findings": [], "message": None, "report": None, "seconds": None}
    assert data["tally"]["mistakes"] == {"db-axis": [records["db_wrong_axis.ipynb"]["file"]],
                                         "missing-1/m": [missing["file"]]}
    assert data["tally"]["not_checked"] == {"unloadable": 1, "timeout": 0, "crash": 0}


def test_csv_has_a_row_per_file_and_no_cell_starts_a_formula_or_holds_an_escape(klass):
    _, report = klass
    text = report.to_csv()
    assert "\x1b" not in text and "\x1b" not in render(report) and "\x1b" not in to_json(report)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["file"].rsplit("/", 1)[-1] for row in rows][:2] == ["broken.py", "correct.py"]
    escapes = next(row for row in rows if row["file"].endswith("escapes.py"))
    assert escapes["ok"] == "no" and escapes["functions_failed"] == "compute_cost"
    assert escapes["message"] == "compute_cost: ValueError: =1+1 [2J[31mred"
    missing = next(row for row in rows if row["file"].endswith("missing_1_over_m.py"))
    assert missing["hints"] == "missing-1/m"
    assert missing["first_divergence"] == f"{SCENARIO}, iteration 0, backward 3 (L_model_backward)"
    formula = ClassReport([FileResult("=cmd|' /C calc'!A0.py", "unloadable", message="-2+3")]).to_csv()
    assert list(csv.reader(io.StringIO(formula)))[1][0] == "'=cmd|' /C calc'!A0.py"
    assert list(csv.reader(io.StringIO(formula)))[1][-1] == "'-2+3"


def test_a_check_that_takes_too_long_is_stopped_and_the_order_is_kept(tmp_path):
    slow, quick = tmp_path / "a_slow.py", tmp_path / "b_quick.py"
    shutil.copy(FIXTURES / "hang.py", slow)
    shutil.copy(FIXTURES / "missing_1_over_m.py", quick)
    # compute_cost loops for the whole minute of its call's timeout; the file's limit stops it first
    options = ClassOptions([load_scenario(SCENARIO)], timeout=60, iterations=1, jobs=2, file_timeout=15)
    report = check_class([slow, quick], options)
    assert [r.status for r in report.files] == ["timeout", "checked"]
    assert report.files[0].message == "the check of this file did not finish within 15 s; it was stopped"
    assert report.files[1].hints == ["missing-1/m"]


def test_nothing_to_check_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not homework")
    assert run_class([tmp_path]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"dnnstep check: {tmp_path}: no .py or .ipynb files in this folder",
        "dnnstep check: nothing to check (no .py or .ipynb files)"]


def test_named_files_are_checked_whatever_they_are_and_once(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    files, notes = homework_files([a, tmp_path / "missing.ipynb", tmp_path, a])
    assert files == [a, tmp_path / "missing.ipynb"] and notes == []


def test_a_report_from_a_files_process_is_read_field_by_field():
    assert FileResult.from_json("x.py", ["not", "a", "dict"]).status == "crash"
    assert FileResult.from_json("x.py", {"status": "checked", "report": "nope"}).status == "crash"
    odd = FileResult.from_json("x.py", {"status": "checked", "report": {
        "ok": "yes", "functions": [{"function": 3, "status": "mismatch", "hints": "missing-1/m"}, "junk"],
        "pipelines": {"divergence": 1}}})
    assert odd.ok is False and odd.failed == [""] and odd.hints == [] and odd.divergence is None
    assert clean("a\x1b[2Jb\nc\u202ed", 80) == "a[2Jb cd"


def test_the_command_checks_a_folder_or_several_files_with_json_and_csv(tmp_path, capsys):
    from dnnstep.cli import main

    for name in ("correct.py", "missing_1_over_m.py"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    marks = tmp_path / "marks.csv"
    argv = ["check", "--scenario", SCENARIO, str(tmp_path / "missing_1_over_m.py"), str(tmp_path / "correct.py"),
            "--json", "--csv", str(marks), "-j", "2"]
    assert main(argv) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["file"].rsplit("/", 1)[-1], r["ok"], r["hints"]) for r in data["files"]] == [
        ("missing_1_over_m.py", False, ["missing-1/m"]), ("correct.py", True, [])]
    rows = list(csv.DictReader(marks.open()))
    assert [(row["file"].rsplit("/", 1)[-1], row["ok"]) for row in rows] == [("missing_1_over_m.py", "no"),
                                                                            ("correct.py", "yes")]
    (tmp_path / "missing_1_over_m.py").unlink()
    (tmp_path / "marks.csv").unlink()
    assert main(["check", str(tmp_path), "--scenario", SCENARIO]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:3] == ["PASS    correct.py  2021     10/10 functions pass", ""]
    assert "Across the class: 1 file, 1 pass, 0 fail." in out


# A homework whose compute_cost allocates 160 MiB: within the default memory limit, beyond --memory-limit 64.
GREEDY = textwrap.dedent("""\
    import numpy as np

    def compute_cost(AL, Y):
        scratch = np.ones(20 * 2**20)
        m = Y.shape[1]
        return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m + 0 * scratch[0])
""")


def test_the_limits_given_on_the_command_line_hold_for_each_file_of_a_class(tmp_path, capsys):
    from dnnstep.cli import main

    (tmp_path / "greedy.py").write_text(GREEDY)
    shutil.copy(FIXTURES / "correct.py", tmp_path / "correct.py")
    assert main(["check", str(tmp_path), "--scenario", SCENARIO, "--json"]) == 0  # the default limit
    capsys.readouterr()
    argv = ["check", str(tmp_path), "--scenario", SCENARIO, "--json", "--memory-limit", "64"]
    assert main(argv) == 1
    records = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(capsys.readouterr().out)["files"]}
    assert records["correct.py"]["ok"] and not records["greedy.py"]["ok"]
    assert records["greedy.py"]["functions_failed"] == ["compute_cost"]
    finding = records["greedy.py"]["findings"][0]
    assert finding["function"] == "compute_cost" and finding["status"] == "exception"
    assert "MemoryError: Unable to allocate 160. MiB" in finding["message"]
    (cost,) = [f for f in records["greedy.py"]["report"]["functions"] if f["function"] == "compute_cost"]
    assert "the homework's memory limit (64 MiB more than it started with" in cost["message"]


def test_the_command_exits_2_when_there_is_nothing_to_check_or_the_csv_cannot_be_written(tmp_path, capsys):
    from dnnstep.cli import main

    assert main(["check", str(tmp_path)]) == 2
    assert "nothing to check" in capsys.readouterr().err
    shutil.copy(FIXTURES / "correct.py", tmp_path / "correct.py")
    assert main(["check", str(tmp_path), "--csv", str(tmp_path / "no" / "such" / "marks.csv")]) == 2
    assert capsys.readouterr().err == (f"dnnstep check: cannot write the CSV file {tmp_path}/no/such/marks.csv: "
                                       f"the folder {tmp_path}/no/such does not exist\n")


def test_an_interrupted_class_check_stops_the_files_processes(tmp_path, monkeypatch):
    import os

    from dnnstep.homework import class_check

    shutil.copy(FIXTURES / "hang.py", tmp_path / "hang.py")
    started = []
    start = class_check._start
    monkeypatch.setattr(class_check, "_start", lambda *args: started.append(start(*args)) or started[-1])

    def interrupt(done, running, total):
        if running:
            raise KeyboardInterrupt

    options = ClassOptions([load_scenario(SCENARIO)], timeout=60, jobs=1)
    with pytest.raises(KeyboardInterrupt):
        check_class([tmp_path / "hang.py"], options, progress=interrupt)
    assert len(started) == 1
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(started[0].pid, 0)


def test_the_edition_the_file_report_names_is_on_its_line_and_in_the_tally():
    def judged(path, edition):
        return FileResult(path, "checked", report={
            "ok": True, "edition": edition,
            "functions": [{"function": "linear_backward", "status": "ok", "hints": []}], "pipelines": []})

    report = ClassReport([judged("a.py", {"edition": "2017", "evidence": []}), judged("b.py", "2021"),
                          judged("c.py", None)])
    assert [f.edition for f in report.files] == ["2017", "2021", None]
    lines = render(report).splitlines()
    assert lines[:3] == ["PASS    a.py  2017     1/1 functions pass", "PASS    b.py  2021     1/1 functions pass",
                         "PASS    c.py  ?        1/1 functions pass"]
    assert "Editions: 2017 1, 2021 1" in lines
    assert report.to_json()["files"][0]["edition"] == "2017"
