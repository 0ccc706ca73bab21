"""The homework's process: timeouts, crashes and exits are findings, and the process comes back for the next call."""

from __future__ import annotations

import os
import threading
import time
import uuid

import numpy as np
import pytest

from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.process import HomeworkProcess
from tests.homework.helpers import marked

SOURCE = '''
import os, sys
import numpy as np

class Box:
    pass

def shout(x):
    print("student output", x)
    return x * 2

def loop():
    while True:
        pass

def leave():
    sys.exit(4)

def die():
    os._exit(9)

def box():
    return Box()

def gen():
    return (i for i in range(3))

def scale_in_place(A):
    A *= 2
    return A

def fail(x):
    return x["missing"]

def segfault():
    import ctypes
    return ctypes.string_at(0)

def same(A):
    return A

def watched_twice():
    A = np.ones((300, 300))
    same(A)
    A *= 3  # after the first watched call returned it
    same(A)
    return A
'''


@pytest.fixture(scope="module")
def process(tmp_path_factory):
    path = tmp_path_factory.mktemp("hw") / "hw.py"
    path.write_text(SOURCE)
    with HomeworkProcess(load_homework(path), timeout=20.0) as process:
        assert process.start().ok
        yield process


def test_prints_are_captured_with_the_result(process, capfd):
    result = process.call("shout", (3,))
    assert result.ok and result.value == 6
    assert result.output == "student output 3\n"
    assert "student output" not in capfd.readouterr().out


def test_an_infinite_loop_times_out_and_the_next_call_gets_a_fresh_process(process):
    result = process.call("loop", (), timeout=1.0)
    assert result.status == "timeout" and "1 s" in result.message
    restarts = process.restarts
    assert process.call("shout", (1,)).value == 2
    assert process.restarts == restarts + 1


def test_sys_exit_is_a_finding_with_the_line(process):
    result = process.call("leave", ())
    assert result.status == "exit" and result.message == "the homework called sys.exit(4)"
    assert result.frames[-1]["code"] == "sys.exit(4)"
    assert process.call("shout", (2,)).ok


def test_os_exit_is_a_crash_and_the_process_comes_back(process):
    result = process.call("die", ())
    assert result.status == "crash" and "exited with status 9" in result.message
    assert process.call("shout", (2,)).ok


@pytest.mark.parametrize("name, kind", [("box", "Box"), ("gen", "generator")])
def test_values_that_cannot_come_back_arrive_as_a_wrong_value_named_by_their_type(process, name, kind):
    result = process.call(name, ())
    assert result.ok and type(result.value).__name__ == kind
    assert repr(result.value) == f"<a {kind} object that dnnstep did not bring back>"
    assert process.call("shout", (2,)).ok


def test_an_exception_names_the_line_and_the_inputs_are_copies(process):
    result = process.call("fail", ({"present": 1},))
    assert result.status == "exception" and result.message == "KeyError: 'missing'"
    line = SOURCE.splitlines().index('    return x["missing"]') + 1
    assert result.frames == [{"where": str(process.homework.path), "line": line, "function": "fail",
                              "code": 'return x["missing"]'}]
    A = np.ones((2, 2))
    result = process.call("scale_in_place", (A,))
    assert result.ok and (result.value == 2).all() and (A == 1).all()
    assert result.changed_args == [0]


def test_a_segfault_is_a_crash_with_the_student_line(process):
    result = process.call("segfault", ())
    assert result.status == "crash" and "signal 11" in result.message
    assert result.frames[-1]["function"] == "segfault"
    assert result.frames[-1]["code"] == "return ctypes.string_at(0)"
    assert "Fatal Python error" not in result.output
    assert process.call("shout", (2,)).ok


CHILDREN = '''
import os, subprocess, sys, time

def start_sleeper(mark="dnnstep-test-sleeper"):
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", mark]).pid

def fork_then_loop():
    if os.fork() == 0:  # the child keeps the pipe to dnnstep open
        time.sleep(120)
        os._exit(0)
    while True:
        pass

def scribble():
    for fd in range(3, 20):  # one of them is dnnstep's channel
        try:
            os.write(fd, b"not an answer" * 100)
        except OSError:
            pass
    time.sleep(120)
'''


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for good
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.fixture
def children(tmp_path):
    path = tmp_path / "children.py"
    path.write_text(CHILDREN)
    with HomeworkProcess(load_homework(path), timeout=3.0) as process:
        assert process.start().ok
        yield process


def _in_thread(body, seconds):
    """body() in a thread; fails instead of hanging the suite when it does not return in time."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(body()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"did not return within {seconds} s"
    return outcome[0]


def test_closing_stops_the_processes_the_homework_started(children):
    mark = f"dnnstep-test-{uuid.uuid4().hex}"
    result = children.call("start_sleeper", (mark,))
    assert result.ok
    deadline = time.monotonic() + 10  # seen from outside its PID namespace, it may take a moment to show
    while not marked(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(marked(mark)) == 1
    _in_thread(children.close, 30)
    assert marked(mark) == []  # gone when close returns
    assert children.left_behind == 1


def test_a_timeout_does_not_hang_when_a_forked_child_holds_the_pipe(children):
    result = _in_thread(lambda: children.call("fork_then_loop", (), timeout=1.0), 30)
    assert result.status == "timeout"
    assert _in_thread(lambda: children.call("start_sleeper", ()), 30).ok


def test_writing_into_dnnsteps_channel_is_a_finding_not_a_thread_traceback(children, monkeypatch):
    errors = []
    monkeypatch.setattr(threading, "excepthook", errors.append)
    result = _in_thread(lambda: children.call("scribble", ()), 60)
    assert result.status == "crash" and "not an answer" in result.message
    assert errors == []
    assert children.call("start_sleeper", ()).ok


KILLED_PARENT = '''
import sys
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.process import HomeworkProcess

process = HomeworkProcess(load_homework(sys.argv[1]), timeout=600.0)
assert process.start().ok
print(process._process.pid, flush=True)
process.call("loop", ())
'''


def test_the_homework_stops_when_dnnstep_is_killed(tmp_path):
    # `timeout 60 dnnstep check hang.py` (SIGTERM, no cleanup) left the worker spinning forever
    import subprocess
    import sys

    homework = tmp_path / "hw.py"
    homework.write_text(SOURCE)
    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT, str(homework)], stdout=subprocess.PIPE,
                              text=True, cwd=os.getcwd(), env=dict(os.environ, TMPDIR=str(tmp_path)))  # its scratch
    try:
        worker = int(parent.stdout.readline())
        time.sleep(0.5)  # inside the infinite loop by now
        assert _alive(worker)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 20
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    stopped = not _alive(worker)
    if not stopped:
        os.kill(worker, 9)
    assert stopped


def test_a_watched_value_changed_after_its_call_is_recorded_as_it_was_each_time(process):
    result = process.call("watched_twice", (), record=("same",))
    assert result.ok and [name for name, _, _ in result.calls] == ["same", "same"]
    (_, args1, result1), (_, args2, result2) = result.calls
    assert (args1[0] == 1).all() and (result1 == 1).all()  # as it was when the first call returned
    assert (args2[0] == 3).all() and (result2 == 3).all() and (result.value == 3).all()


def test_one_array_returned_and_watched_comes_back_once_and_read_only(process):
    result = process.call("watched_twice", (), record=("same",))
    (_, args1, result1), (_, args2, result2) = result.calls
    assert args1[0] is result1 and args2[0] is result2 and result.value is result2  # 720 KB each, sent once
    assert result1 is not result2
    assert not result.value.flags.writeable
