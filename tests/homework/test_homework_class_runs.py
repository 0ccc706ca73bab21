"""Nothing a teacher has is lost: interrupted runs, resubmissions, the results kept between runs, the sheet."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dnnstep.homework.class_cache import ResultCache
from dnnstep.homework.class_command import run_class

from .helpers import FIXTURES, SCENARIO

ROOT = Path(__file__).resolve().parents[2]


def sheet(path: Path) -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_a_running_class_check_with_what_finished_and_loses_nothing(tmp_path, signum):
    klass, cache, scratch = tmp_path / "class", tmp_path / "cache", tmp_path / "tmp"
    for folder in (klass, cache, scratch):
        folder.mkdir()
    shutil.copy(FIXTURES / "correct.py", klass / "a_correct.py")
    for name in ("b_hang.py", "c_hang.py", "d_hang.py"):  # compute_cost loops for its whole minute
        shutil.copy(FIXTURES / "hang.py", klass / name)
    marks = tmp_path / "marks.csv"
    marks.write_text("file,verdict,ok,status\nyesterday.py,pass,yes,checked\n")
    before = marks.read_bytes()
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), TMPDIR=str(scratch))
    process = subprocess.Popen(
        [sys.executable, "-m", "dnnstep", "check", str(klass), "--scenario", SCENARIO, "--timeout", "60", "-j", "2",
         "--csv", str(marks)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not list(cache.rglob("*.json")):  # a_correct.py's result is kept: it finished
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.1)
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 128 + signum, err
    assert marks.read_bytes() == before  # the old sheet is replaced only by a complete one
    aside = sheet(tmp_path / "marks.incomplete.csv")
    assert [(name, row["verdict"]) for name, row in aside.items()] == [
        ("a_correct.py", "pass"), ("b_hang.py", "not checked"), ("c_hang.py", "not checked"),
        ("d_hang.py", "not checked")]
    assert out.startswith("INCOMPLETE: interrupted by ")
    assert "PASS    a_correct.py" in out and "-       b_hang.py" in out
    assert f"{marks} is as it was; what finished is in {tmp_path / 'marks.incomplete.csv'}" in err
    assert "Traceback" not in err
    assert os.listdir(scratch) == []  # no scratch folder left, nor the homework's own temporary folders

    # the same command again checks only what did not finish (here: stopped sooner, by the file limit)
    again = subprocess.run(
        [sys.executable, "-m", "dnnstep", "check", str(klass), "--scenario", SCENARIO, "--timeout", "60",
         "--file-timeout", "3", "-j", "2", "--csv", str(marks), "--json"], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=120)
    assert again.returncode == 1, again.stderr
    assert [(r["file"], r["cached"], r["status"]) for r in json.loads(again.stdout)["files"]] == [
        ("a_correct.py", True, "checked"), ("b_hang.py", False, "timeout"), ("c_hang.py", False, "timeout"),
        ("d_hang.py", False, "timeout")]
    assert list(sheet(marks)) == ["a_correct.py", "b_hang.py", "c_hang.py", "d_hang.py"]
    assert not (tmp_path / "marks.incomplete.csv").exists()  # the complete sheet replaces it


def test_a_resubmission_is_the_only_file_checked_again(tmp_path):
    klass, cache = tmp_path / "class", tmp_path / "cache"
    klass.mkdir()
    for name, fixture in (("ana.py", "correct.py"), ("ben.py", "missing_1_over_m.py"), ("cy.ipynb", "correct.ipynb")):
        shutil.copy(FIXTURES / fixture, klass / name)

    def run(**options):
        out = io.StringIO()
        status = run_class([klass], scenario_names=[SCENARIO], iterations=2, as_json=True, out=out,
                           err=io.StringIO(), cache_dir=cache, **options)
        return status, {r["file"]: (r["verdict"], r["cached"]) for r in json.loads(out.getvalue())["files"]}

    assert run() == (1, {"ana.py": ("pass", False), "ben.py": ("fail", False), "cy.ipynb": ("pass", False)})
    assert run() == (1, {"ana.py": ("pass", True), "ben.py": ("fail", True), "cy.ipynb": ("pass", True)})
    shutil.copy(FIXTURES / "correct.py", klass / "ben.py")  # ben hands in again
    assert run() == (0, {"ana.py": ("pass", True), "ben.py": ("pass", False), "cy.ipynb": ("pass", True)})
    assert run(fresh=True) == (0, {"ana.py": ("pass", False), "ben.py": ("pass", False), "cy.ipynb": ("pass", False)})
    out = io.StringIO()  # other options: other results (--iterations is part of the key)
    run_class([klass], scenario_names=[SCENARIO], iterations=1, as_json=True, out=out, err=io.StringIO(),
              cache_dir=cache)
    assert [r["cached"] for r in json.loads(out.getvalue())["files"]] == [False, False, False]


def test_a_kept_result_that_does_not_read_is_never_trusted(tmp_path):
    klass, cache = tmp_path / "class", tmp_path / "cache"
    klass.mkdir()
    shutil.copy(FIXTURES / "missing_1_over_m.py", klass / "ben.py")
    shutil.copy(FIXTURES / "correct.py", klass / "ana.py")

    def run():
        out = io.StringIO()
        status = run_class([klass], scenario_names=[SCENARIO], iterations=2, as_json=True, out=out,
                           err=io.StringIO(), cache_dir=cache)
        return status, {r["file"]: (r["verdict"], r["cached"]) for r in json.loads(out.getvalue())["files"]}

    assert run() == (1, {"ana.py": ("pass", False), "ben.py": ("fail", False)})
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 2
    entries[0].write_text('{"format": 1, "key": "')  # cut short
    data = json.loads(entries[1].read_text())
    data["key"] = "0" * 64  # another file's entry, moved here
    entries[1].write_text(json.dumps(data))
    assert run() == (1, {"ana.py": ("pass", False), "ben.py": ("fail", False)})  # both checked again
    assert run() == (1, {"ana.py": ("pass", True), "ben.py": ("fail", True)})  # and kept again, whole


def test_a_cache_entry_is_read_as_untrusted_and_old_ones_are_pruned(tmp_path):
    cache = ResultCache(tmp_path)
    key = "ab" * 32
    cache.put(key, json.dumps({"status": "checked", "report": {"ok": True}}), 1.5)
    assert cache.get(key) == {"result": {"status": "checked", "report": {"ok": True}}, "seconds": 1.5}
    assert cache.get("cd" * 32) is None
    entry = tmp_path / "ab" / f"{key}.json"
    os.utime(entry, (time.time() - 40 * 86400,) * 2)
    assert cache.prune() == 1 and cache.get(key) is None
    (tmp_path / "ab" / f"{key}.json").write_bytes(b"\xff\xfe not text")
    assert cache.get(key) is None


def test_csv_on_one_file_of_a_class_updates_its_row_or_refuses(tmp_path):
    klass = tmp_path / "class"
    (klass / "sub dir").mkdir(parents=True)
    shutil.copy(FIXTURES / "correct.py", klass / "ana.py")
    shutil.copy(FIXTURES / "missing_1_over_m.py", klass / "sub dir" / "ben.py")
    shutil.copy(FIXTURES / "missing_1_over_m.ipynb", klass / "dora.ipynb")  # the same linear_backward as ben's
    marks = tmp_path / "marks.csv"
    kwargs = dict(scenario_names=[SCENARIO], iterations=2, out=io.StringIO(), cache_dir=tmp_path / "cache")
    assert run_class([klass], csv_path=str(marks), err=io.StringIO(), **kwargs) == 1
    first = sheet(marks)
    assert [(name, row["verdict"], row["same_code_as"]) for name, row in first.items()] == [
        ("ana.py", "pass", ""), ("dora.ipynb", "fail", "sub dir/ben.py"), ("sub dir/ben.py", "fail", "dora.ipynb")]

    shutil.copy(FIXTURES / "correct.py", klass / "sub dir" / "ben.py")  # ben hands in again
    err = io.StringIO()
    assert run_class([klass / "sub dir" / "ben.py"], csv_path=str(marks), err=err, **kwargs) == 0
    assert err.getvalue() == f"dnnstep check: {marks}: updated the row of sub dir/ben.py; its other 2 rows are as " \
                             "they were\n"
    second = sheet(marks)
    assert [(name, row["verdict"], row["same_code_as"]) for name, row in second.items()] == [
        ("ana.py", "pass", ""), ("dora.ipynb", "fail", ""), ("sub dir/ben.py", "pass", "")]  # dora's link is gone too
    assert second["ana.py"] == first["ana.py"]

    shutil.copy(FIXTURES / "correct.py", klass / "cy.py")  # not in the sheet: refused, the sheet kept
    before = marks.read_bytes()
    err = io.StringIO()
    assert run_class([klass / "cy.py"], csv_path=str(marks), err=err, **kwargs) == 2
    assert err.getvalue().startswith(f"dnnstep check: {marks} holds a class of 3 rows and no row of {klass / 'cy.py'}: "
                                     "not written, so that no row of the class is lost.")
    assert marks.read_bytes() == before

    own = tmp_path / "grades.csv"  # the teacher's own spreadsheet is never written over
    own.write_text("name,grade\nana,A\n")
    err = io.StringIO()
    assert run_class([klass], csv_path=str(own), err=err, **kwargs) == 2
    assert "is not a dnnstep class sheet" in err.getvalue() and own.read_text() == "name,grade\nana,A\n"
