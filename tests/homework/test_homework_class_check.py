"""A whole class at once: every student named and accounted for, per assignment, in text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import textwrap
import zipfile

import pytest

from dnnstep.homework.class_check import ClassOptions, Progress, check_class
from dnnstep.homework.class_command import progress_line, run_class
from dnnstep.homework.class_folder import find_class
from dnnstep.homework.reporting.class_report import ClassReport, FileResult, clean, to_json
from dnnstep.homework.reporting.class_sheet import rows, to_csv
from dnnstep.homework.reporting.class_text import render
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
MARKDOWN_ONLY = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# My notes"]}],
                            "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def make_class(folder):
    """A class: students in subfolders, a right homework, a mistake handed in twice, a hang, a crash, a file
    that cannot load, files that are not homework, the course's support file, a checkpoint, an Application,
    and a zip with a good member, a ``../`` member and a link."""
    (folder / "alice").mkdir()
    shutil.copy(FIXTURES / "correct.ipynb", folder / "alice" / "homework.ipynb")
    (folder / "bob smith").mkdir()
    shutil.copy(FIXTURES / "missing_1_over_m.py", folder / "bob smith" / "homework.py")
    shutil.copy(FIXTURES / "missing_1_over_m.py", folder / "carol.py")
    shutil.copy(FIXTURES / "hang.py", folder / "dan.py")
    (folder / "erin.py").write_text(KILLS_ITS_CHECK)
    (folder / "frank.py").write_text(ESCAPES)
    shutil.copy(FIXTURES / "app_correct.py", folder / "grace_app.py")
    (folder / "broken.py").write_text("def linear_forward(A, W, b:\n    pass\n")
    (folder / "notes.py").write_text("print('hello')\n")
    (folder / "prose.py").write_text("These are my notes, not code.\n")
    (folder / "empty.ipynb").write_text(MARKDOWN_ONLY)
    (folder / "README.md").write_text("# the class\n")
    shutil.copy(FIXTURES / "correct.py", folder / "dnn_utils_v2.py")  # the course's support file: not homework
    (folder / ".ipynb_checkpoints").mkdir()
    shutil.copy(FIXTURES / "correct.ipynb", folder / ".ipynb_checkpoints" / "correct-checkpoint.ipynb")
    with zipfile.ZipFile(folder / "late.zip", "w") as archive:
        archive.write(FIXTURES / "db_wrong_axis.py", "henry/homework.py")
        archive.writestr("../evil.py", "def linear_forward(A, W, b):\n    return 0\n")
        link = zipfile.ZipInfo("link.py")
        link.external_attr = (0o120777 << 16)  # a symbolic link
        archive.writestr(link, "/etc/passwd")
        archive.writestr("photo.png", b"\x89PNG")


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """The class checked once through the command: its text, JSON and CSV."""
    folder = tmp_path_factory.mktemp("class")
    make_class(folder)
    marks = tmp_path_factory.mktemp("marks") / "marks.csv"
    common = [folder, ]
    kwargs = dict(scenario_names=[SCENARIO], timeout=HANG_TIMEOUT, iterations=2, jobs=2)
    out, err = io.StringIO(), io.StringIO()
    status = run_class(common, as_json=True, csv_path=str(marks), out=out, err=err, **kwargs)
    text_out = io.StringIO()
    text_status = run_class(common, out=text_out, err=io.StringIO(), **kwargs)  # read back: the same report
    return {"folder": folder, "status": status, "json": json.loads(out.getvalue()), "err": err.getvalue(),
            "csv": list(csv.DictReader(marks.open(encoding="utf-8"))), "text": text_out.getvalue(),
            "text_status": text_status}


def records(klass) -> dict[str, dict]:
    return {r["file"]: r for r in klass["json"]["files"]}


def test_every_file_is_named_relative_to_the_class_folder_in_order(klass):
    assert list(records(klass)) == [
        "alice/homework.ipynb", "bob smith/homework.py", "broken.py", "carol.py", "dan.py", "erin.py", "frank.py",
        "grace_app.py", "late.zip/henry/homework.py",  # the homework, then the files outside the counts
        "empty.ipynb", "notes.py", "prose.py", "late.zip/../evil.py", "late.zip/link.py"]
    data = klass["json"]
    assert data["folder"] == str(klass["folder"])
    assert data["not_looked_at"] == ["README.md"]
    assert f"{klass['folder']}: not checked: the course's support file dnn_utils_v2.py" in data["notes"]
    assert [row["file"] for row in klass["csv"]] == list(records(klass))
    # the single-file report inside names the file the same way (its process runs in the class folder)
    bob = records(klass)["bob smith/homework.py"]
    assert bob["report"]["path"] == "bob smith/homework.py"


def test_each_file_gets_its_verdict_and_files_that_are_not_homework_stay_outside_the_counts(klass):
    r = records(klass)
    verdicts = {name: (record["verdict"], record["status"]) for name, record in r.items()}
    assert verdicts == {
        "alice/homework.ipynb": ("pass", "checked"), "bob smith/homework.py": ("fail", "checked"),
        "broken.py": ("fail", "unloadable"), "carol.py": ("fail", "checked"), "dan.py": ("fail", "checked"),
        "empty.ipynb": ("not homework", "not_homework"), "erin.py": ("pass", "checked"),
        "frank.py": ("fail", "checked"), "grace_app.py": ("pass", "checked"),
        "late.zip/henry/homework.py": ("fail", "checked"), "notes.py": ("not homework", "not_homework"),
        "prose.py": ("not homework", "not_homework"), "late.zip/../evil.py": ("not checked", "refused"),
        "late.zip/link.py": ("not checked", "refused")}
    assert r["notes.py"]["message"] == "defines none of the graded functions"
    assert r["empty.ipynb"]["message"] == "a notebook without code"
    assert r["prose.py"]["message"].startswith("cannot be read as homework (prose.py, line 1")
    assert r["prose.py"]["message"].endswith("and names none of the graded functions")
    assert "SyntaxError" in r["broken.py"]["message"] and r["broken.py"]["message"].startswith("broken.py")
    assert r["late.zip/../evil.py"]["message"] == "its path climbs out of the archive's folder (..)"
    assert r["late.zip/link.py"]["message"] == "a symbolic link"
    assert r["dan.py"]["functions_failed"] == ["compute_cost"]
    assert r["late.zip/henry/homework.py"]["hints"] == ["db-axis"]
    assert klass["status"] == 1 and klass["json"]["exit_status"] == 1
    tally = klass["json"]["tally"]
    assert (tally["homework"], tally["passed"], tally["failed"]) == (11, 3, 6)
    assert tally["not_homework"] == ["empty.ipynb", "notes.py", "prose.py"]
    assert tally["not_checked"] == ["late.zip/../evil.py", "late.zip/link.py"]
    assert tally["could_not_be_loaded"] == ["broken.py"]
    assert not (klass["folder"].parent / "evil.py").exists()


def test_the_summary_counts_each_assignment_and_each_function_out_of_the_files_that_define_it(klass):
    assignments = klass["json"]["tally"]["assignments"]
    assert list(assignments) == ["Step by Step", "Application"]
    step = assignments["Step by Step"]
    assert step["passed"] == ["alice/homework.ipynb", "erin.py"]
    assert step["failed"] == ["bob smith/homework.py", "broken.py", "carol.py", "dan.py", "frank.py",
                              "late.zip/henry/homework.py"]
    functions = step["functions"]
    # out of the files that define it: alice, bob, carol, dan and henry (not erin's or frank's single function)
    assert functions["linear_backward"] == {"passed": 2, "of": 5, "not_run": [],
                                            "failed": ["bob smith/homework.py", "carol.py",
                                                       "late.zip/henry/homework.py"]}
    # broken.py cannot be loaded: it defines linear_forward, but gave no report
    assert functions["linear_forward"] == {"passed": 6, "of": 7, "failed": [], "not_run": ["broken.py"]}
    assert functions["compute_cost"] == {"passed": 4, "of": 6, "failed": ["dan.py", "frank.py"], "not_run": []}
    assert step["pipeline"]["departed"] == ["bob smith/homework.py", "carol.py", "dan.py", "frank.py",
                                            "late.zip/henry/homework.py"]
    assert assignments["Application"] == {
        "files": ["grace_app.py"], "passed": ["grace_app.py"], "failed": [], "not_checked": [],
        "functions": {"two_layer_model": {"passed": 1, "of": 1, "failed": [], "not_run": []},
                      "L_layer_model": {"passed": 1, "of": 1, "failed": [], "not_run": []}},
        "pipeline": {"ran": [], "departed": []}}
    text = klass["text"]
    assert "Step by Step: 8 files, 2 pass, 6 fail" in text
    assert "  linear_backward             2/5  fail: bob smith/homework.py, carol.py, late.zip/henry/homework.py" \
        in text.splitlines()
    assert "  linear_forward              6/7  no report: broken.py" in text.splitlines()
    assert "Application: 1 file, 1 pass, 0 fail" in text


def test_mistakes_failures_without_a_hint_and_the_same_code_are_grouped(klass):
    tally = klass["json"]["tally"]
    assert tally["mistakes"] == {"missing-1/m": ["bob smith/homework.py", "carol.py"],
                                 "db-axis": ["late.zip/henry/homework.py"]}
    assert tally["unexplained"] == {"compute_cost: raises ValueError": ["frank.py"],
                                    "compute_cost: times out": ["dan.py"]}
    assert tally["same_code"] == [{"function": "linear_backward", "files": ["bob smith/homework.py", "carol.py"]}]
    lines = klass["text"].splitlines()
    assert "  bob smith/homework.py and carol.py: the same linear_backward" in lines
    row = {r["file"]: r for r in klass["csv"]}
    assert row["carol.py"]["same_code_as"] == "bob smith/homework.py"


def test_the_text_lists_each_student_then_the_files_apart_then_the_tally(klass):
    text = klass["text"]
    assert klass["text_status"] == 1
    lines = text.splitlines()
    first = [line.split()[0] for line in lines if line[:1].isupper() and line.split()[0] in (
        "PASS", "FAIL", "ERROR", "TIMEOUT", "CRASH")]
    assert first == ["PASS", "FAIL", "ERROR", "FAIL", "FAIL", "PASS", "FAIL", "PASS", "FAIL"]
    assert "Not homework (not counted):" in lines
    assert any(line.split() == ["notes.py", "defines", "none", "of", "the", "graded", "functions"] for line in lines)
    assert "Not checked (left in their archive):" in lines
    assert "Across the class: 11 files of homework, 3 pass, 6 fail, 2 not checked." in lines
    assert "  Could not be loaded: broken.py" in lines
    assert "\x1b" not in text and "\x1b" not in json.dumps(klass["json"])
    assert [r["cached"] for r in klass["json"]["files"]][:2] == [False, False]  # the first run checked them


def test_csv_has_a_row_per_file_with_the_reason_and_no_cell_starts_a_formula(klass):
    rows_ = {r["file"]: r for r in klass["csv"]}
    assert rows_["notes.py"]["verdict"] == "not homework" and rows_["notes.py"]["ok"] == ""
    assert rows_["notes.py"]["message"] == "defines none of the graded functions"
    assert rows_["frank.py"]["message"] == "compute_cost: ValueError: =1+1 [2J[31mred"
    assert rows_["carol.py"]["hints"] == "missing-1/m" and rows_["carol.py"]["ok"] == "no"
    assert rows_["carol.py"]["first_divergence"] == f"{SCENARIO}, iteration 0, backward 3 (L_model_backward)"
    assert rows_["grace_app.py"]["assignments"] == "Application"
    formula = ClassReport([FileResult("=cmd|' /C calc'!A0.py", "unloadable", message="-2+3")])
    table = list(csv.reader(io.StringIO(to_csv(rows(formula)))))
    assert table[1][0] == "'=cmd|' /C calc'!A0.py" and table[1][-1] == "'-2+3"


def test_a_check_that_takes_too_long_is_stopped_and_the_order_is_kept(tmp_path):
    slow, quick = tmp_path / "a_slow.py", tmp_path / "b_quick.py"
    shutil.copy(FIXTURES / "hang.py", slow)
    shutil.copy(FIXTURES / "missing_1_over_m.py", quick)
    # compute_cost loops for the whole minute of its call's timeout; the file's limit stops it first
    options = ClassOptions([load_scenario(SCENARIO)], timeout=60, iterations=1, jobs=2, file_timeout=15)
    report = check_class([slow, quick], options)
    assert [r.status for r in report.files] == ["timeout", "checked"]
    assert report.files[0].message == "the check of this file did not finish within 15 s; it was stopped"
    assert report.files[0].declared[:2] == ["initialize_parameters", "initialize_parameters_deep"]
    assert report.files[1].hints == ["missing-1/m"]


def test_nothing_to_check_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not homework")
    assert run_class([tmp_path]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"dnnstep check: {tmp_path}: no .py, .ipynb or .zip files in this folder",
        "dnnstep check: nothing to check (no .py, .ipynb or .zip files)"]


def test_a_class_of_files_that_are_not_homework_exits_2_and_says_why(tmp_path, capsys):
    (tmp_path / "notes.py").write_text("x = 1\n")
    (tmp_path / "README.md").write_text("read me\n")
    assert run_class([tmp_path / "notes.py", tmp_path / "README.md"], scenario_names=[SCENARIO]) == 2
    out = capsys.readouterr().out
    assert "  notes.py   defines none of the graded functions" in out.splitlines()
    assert "  README.md  not a .py or .ipynb file (nor a .zip of them)" in out.splitlines()
    assert "Nothing to check: no homework among the files." in out


def test_named_files_are_checked_whatever_they_are_and_once(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    found = find_class([a, tmp_path / "missing.ipynb", tmp_path, a])
    assert [f.name for f in found.files] == ["a.py", "missing.ipynb"] and found.notes == []


def test_a_zip_named_alone_is_a_class_and_its_members_are_named_inside_it(tmp_path, capsys):
    from dnnstep.cli import main

    with zipfile.ZipFile(tmp_path / "class.zip", "w") as archive:
        archive.write(FIXTURES / "correct.py", "class/ana/homework.py")
        archive.write(FIXTURES / "correct.py", "class/dnn_utils_v2.py")
        archive.writestr("/etc/evil.py", "x = 1\n")
        archive.writestr("__MACOSX/class/._homework.py", "junk")
        archive.writestr("inner.zip", b"PK")
    assert main(["check", str(tmp_path / "class.zip"), "--scenario", SCENARIO, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["status"]) for r in data["files"]] == [
        ("class.zip/class/ana/homework.py", "checked"), ("class.zip//etc/evil.py", "refused"),
        ("class.zip/inner.zip", "refused")]
    refused = {r["file"]: r["message"] for r in data["files"] if r["status"] == "refused"}
    assert sorted(refused.values()) == ["a zip inside a zip is not opened",
                                        "an absolute path: it would be unpacked outside the archive's folder"]
    assert data["files"][0]["ok"] is True
    assert "class.zip: not checked: the course's support file class/dnn_utils_v2.py" in data["notes"]


def test_a_zip_that_is_not_one_is_named_with_its_reason(tmp_path, capsys):
    shutil.copy(FIXTURES / "correct.py", tmp_path / "ana.py")
    (tmp_path / "bad.zip").write_bytes(b"not a zip at all")
    assert run_class([tmp_path], scenario_names=[SCENARIO], as_json=True) == 1
    data = json.loads(capsys.readouterr().out)
    bad = next(r for r in data["files"] if r["file"] == "bad.zip")
    assert bad["status"] == "refused" and bad["message"].startswith("not a readable zip archive")


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_the_limits_of_an_archive_hold(tmp_path, monkeypatch):
    from dnnstep.homework import archives

    with zipfile.ZipFile(tmp_path / "big.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.py", "#" * 200_000)  # compresses to almost nothing
        archive.writestr("small.py", "x = 1\n")
        archive.writestr("same.py", "x = 1\n")
        archive.writestr("same.py", "x = 2\n")
    monkeypatch.setattr(archives, "MEMBER_LIMIT", 100_000)
    unpacked = archives.unpack(tmp_path / "big.zip", tmp_path / "out")
    assert unpacked.files == ["small.py", "same.py"]
    assert unpacked.refused == [("bomb.py", "larger than 97 KiB unpacked"),
                                ("same.py", "the archive holds another member of the same name")]
    assert not (tmp_path / "out" / "bomb.py").exists()
    monkeypatch.setattr(archives, "MEMBER_COUNT_LIMIT", 2)
    assert archives.unpack(tmp_path / "big.zip", tmp_path / "out2").error.startswith("it lists 4 members")


def test_a_report_from_a_files_process_is_read_field_by_field():
    assert FileResult.from_json("x.py", ["not", "a", "dict"]).status == "crash"
    assert FileResult.from_json("x.py", {"status": "checked", "report": "nope"}).status == "crash"
    assert FileResult.from_json("x.py", {"status": "timeout"}).status == "crash"  # only dnnstep says so
    odd = FileResult.from_json("x.py", {"status": "checked", "fingerprints": {"f": "../../x", "g": "0" * 16},
                                        "report": {
        "ok": "yes", "functions": [{"function": 3, "status": "mismatch", "hints": "missing-1/m"}, "junk"],
        "pipelines": {"divergence": 1}}})
    assert odd.ok is False and odd.failed == [""] and odd.hints == [] and odd.divergence is None
    assert odd.fingerprints == {"g": "0" * 16}
    assert clean("a\x1b[2Jb\nc\u202ed", 80) == "a[2Jb cd"


def test_the_limits_given_on_the_command_line_hold_for_each_file_of_a_class(tmp_path, capsys):
    from dnnstep.cli import main

    (tmp_path / "greedy.py").write_text(GREEDY)
    shutil.copy(FIXTURES / "correct.py", tmp_path / "correct.py")
    assert main(["check", str(tmp_path), "--scenario", SCENARIO, "--json"]) == 0  # the default limit
    capsys.readouterr()
    argv = ["check", str(tmp_path), "--scenario", SCENARIO, "--json", "--memory-limit", "64"]
    assert main(argv) == 1  # other options: not the results kept for the default limit
    records_ = {r["file"]: r for r in json.loads(capsys.readouterr().out)["files"]}
    assert records_["correct.py"]["ok"] and not records_["greedy.py"]["ok"]
    assert records_["greedy.py"]["functions_failed"] == ["compute_cost"]
    finding = records_["greedy.py"]["findings"][0]
    assert finding["function"] == "compute_cost" and finding["status"] == "exception"
    assert "MemoryError: Unable to allocate 160. MiB" in finding["message"]
    (cost,) = [f for f in records_["greedy.py"]["report"]["functions"] if f["function"] == "compute_cost"]
    assert "the homework's memory limit (64 MiB more than it started with" in cost["message"]


# A homework whose compute_cost allocates 160 MiB: within the default memory limit, beyond --memory-limit 64.
GREEDY = textwrap.dedent("""\
    import numpy as np

    def compute_cost(AL, Y):
        scratch = np.ones(20 * 2**20)
        m = Y.shape[1]
        return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m + 0 * scratch[0])
""")


def test_the_command_exits_2_when_there_is_nothing_to_check_or_the_csv_cannot_be_written(tmp_path, capsys):
    from dnnstep.cli import main

    assert main(["check", str(tmp_path)]) == 2
    assert "nothing to check" in capsys.readouterr().err
    shutil.copy(FIXTURES / "correct.py", tmp_path / "correct.py")
    assert main(["check", str(tmp_path), "--csv", str(tmp_path / "no" / "such" / "marks.csv")]) == 2
    assert capsys.readouterr().err == (f"dnnstep check: cannot write the CSV file {tmp_path}/no/such/marks.csv: "
                                       f"the folder {tmp_path}/no/such does not exist\n")


def test_an_interrupted_class_check_stops_the_files_processes_and_keeps_what_finished(tmp_path, monkeypatch):
    from dnnstep.homework import class_check

    shutil.copy(FIXTURES / "correct.py", tmp_path / "a_correct.py")
    shutil.copy(FIXTURES / "hang.py", tmp_path / "b_hang.py")
    started = []
    start = class_check._Run._start

    def recording(run, index):
        start(run, index)
        started.extend(run.running)
    monkeypatch.setattr(class_check._Run, "_start", recording)

    def interrupt(state: Progress):
        if state.done == 1 and state.running:
            raise KeyboardInterrupt

    options = ClassOptions([load_scenario(SCENARIO)], timeout=60, jobs=1)
    report = check_class([tmp_path / "a_correct.py", tmp_path / "b_hang.py"], options, progress=interrupt)
    assert [(f.name, f.status) for f in report.files] == [("a_correct.py", "checked"), ("b_hang.py", "not_checked")]
    assert report.exit_status == 130 and not report.complete
    assert len(started) == 2
    for pid in started:
        with pytest.raises(ChildProcessError):  # stopped and reaped
            os.waitpid(pid, os.WNOHANG)


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


def test_lists_of_students_are_cut_in_the_text_unless_full_and_always_whole_in_json():
    def failing(name):
        return FileResult(name, "checked", report={
            "ok": False, "functions": [{"function": "compute_cost", "status": "mismatch", "hints": [
                {"code": "cost-sign"}]}], "pipelines": []})

    report = ClassReport([failing(f"s{i:02}.py") for i in range(10)])
    short = render(report)
    assert "  cost-sign   10  s00.py, s01.py, s02.py, s03.py, s04.py, and 5 more (--full lists them)" in \
        short.splitlines()
    assert "s00.py, s01.py, s02.py, s03.py, s04.py, s05.py, s06.py, s07.py, s08.py, s09.py" in render(report, full=True)
    assert json.loads(to_json(report))["tally"]["mistakes"]["cost-sign"] == [f"s{i:02}.py" for i in range(10)]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_line_names_the_files_running_and_the_time_left():
    terminal = _Terminal()
    draw = progress_line(terminal)
    draw(Progress(0, 57, ("alice/homework.ipynb", "bob.py"), None))
    draw(Progress(12, 57, ("carol.py",), 95.0))
    draw(Progress(57, 57, (), 0.0))
    shown = terminal.getvalue().split("\r")
    assert "[....................] 0/57 files; checking alice/homework.ipynb, bob.py" in shown
    assert any(part.startswith("[####................] 12/57 files, about 1 min 35 s left; checking carol.py")
               for part in shown)
    assert shown[-1] == ""  # the line is cleared at the end
    assert progress_line(io.StringIO()) is None  # not a terminal: no progress line
