"""The homework's scratch folder (``dnnstep-homework-*`` in the temporary directory) does not outlive its check: a
``dnnstep check`` stopped by SIGTERM removes it, and one killed outright (SIGKILL: a test runner's timeout) leaves it
to the next dnnstep, which removes it unless its dnnstep still runs; a folder it did not make is left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.process import HomeworkProcess

#: A homework whose linear_forward never returns.
HANGS = "def linear_forward(A, W, b):\n    while True:\n        pass\n"
#: dnnstep's side of a check, killed by the test while the homework loops.
HOLDS = '''
import sys
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.process import HomeworkProcess

process = HomeworkProcess(load_homework(sys.argv[1]), timeout=600.0)
assert process.start().ok
print(process._process.pid, flush=True)
process.call("linear_forward", (1, 2, 3))
'''
BOUND = 60  # seconds: what a step of these tests may take at the very most on a busy machine


def _scratch(folder: Path) -> list[Path]:
    return sorted(folder.glob("dnnstep-homework-*"))


def _env(folder: Path) -> dict:
    return dict(os.environ, TMPDIR=str(folder))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for good
        return stat.read().split(")")[-1].split()[0] == "Z"


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_dnnstep_check_stopped_by_sigterm_says_so_and_leaves_no_scratch_folder(tmp_path):
    homework = tmp_path / "hw.py"
    homework.write_text(HANGS)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    check = subprocess.Popen([sys.executable, "-m", "dnnstep", "check", str(homework), "--timeout", "600"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(temporary))
    try:
        _wait(lambda: _scratch(temporary), "the check made no scratch folder")
        time.sleep(1)  # into the homework's loop, most likely (either way the folder must go)
        check.send_signal(signal.SIGTERM)
        out, err = check.communicate(timeout=BOUND)
    finally:
        if check.poll() is None:
            check.kill()
            check.wait()
    assert check.returncode == 128 + signal.SIGTERM, err
    assert err == "dnnstep check: stopped by SIGTERM\n" and out == ""
    assert _scratch(temporary) == []


def test_the_folder_of_a_killed_dnnstep_is_removed_by_the_next_one_and_a_living_ones_is_not(tmp_path, monkeypatch):
    homework = tmp_path / "hw.py"
    homework.write_text(HANGS)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    killed, living = (subprocess.Popen([sys.executable, "-c", HOLDS, str(homework)], stdout=subprocess.PIPE, text=True,
                                       env=_env(temporary)) for _ in range(2))
    try:
        killed_worker = int(killed.stdout.readline())
        int(living.stdout.readline())
        held = set(_scratch(temporary))
        assert len(held) == 2
        killed.kill()
        killed.wait()
        _wait(lambda: _gone(killed_worker), "the killed dnnstep's homework process still runs")
        assert set(_scratch(temporary)) == held  # a killed process removes nothing
        other = temporary / "dnnstep-homework-not-ours"  # no lock file: not of dnnstep's making
        other.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(temporary))
        process = HomeworkProcess(load_homework(homework), timeout=BOUND)
        try:
            assert process.start().ok
            mine = set(_scratch(temporary)) - held - {other}
            assert len(mine) == 1
            left = set(_scratch(temporary))
        finally:
            process.close()
    finally:
        for parent in (killed, living):
            if parent.poll() is None:
                parent.kill()
            parent.wait()
    assert len(left & held) == 1 and other in left  # the living one's, and the folder without a lock file
    assert not (mine & set(_scratch(temporary)))  # closed: removed
