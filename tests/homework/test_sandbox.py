"""A homework cannot fool or harm the checker: the hostile homeworks of tests/homework/hostile.

Each runs through ``dnnstep check`` (in a process of its own where dnnstep's standard output
matters) and the test asserts what a teacher would see: the report, its exit status, and
that nothing of the homework is left on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from dnnstep.homework.checking import check_homework
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.running.confinement import describe
from dnnstep.homework.running.process import HomeworkProcess
from tests.homework.helpers import FIXTURES, SCENARIO, TIMEOUT, marked

HOSTILE = Path(__file__).parent / "hostile"
FORGED = "All 10 functions match the reference"


def dnnstep_check(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``dnnstep check ARGS`` in a process of its own, its standard output captured."""
    return subprocess.run([sys.executable, "-m", "dnnstep", "check", *args, "--scenario", SCENARIO],
                          capture_output=True, text=True, timeout=300, env=env or os.environ.copy())


@pytest.mark.parametrize("name, kind", [("pickle_exit.py", "Payload"), ("pickle_exec.py", "Forgery")])
def test_a_return_value_whose_pickle_runs_code_is_a_wrong_value_named_by_its_type(name, kind):
    result = dnnstep_check(str(HOSTILE / name), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert FORGED not in result.stdout
    (function,) = report["functions"]
    assert function["function"] == "linear_backward" and function["status"] == "mismatch"
    shown = " ".join(function["problems"]) + " ".join(t["problem"] for t in function["mismatches"])
    assert kind in shown


def test_a_forged_reply_written_into_the_channel_is_not_run():
    result = dnnstep_check(str(HOSTILE / "channel_writer.py"), "--json")
    assert result.returncode == 1 and FORGED not in result.stdout
    (function,) = json.loads(result.stdout)["functions"]
    assert function["status"] == "crash"
    assert "sent dnnstep something that is not an answer" in function["message"]


def test_the_homework_cannot_write_into_dnnsteps_output_through_proc():
    result = dnnstep_check(str(HOSTILE / "proc_writer.py"), "--json")
    assert "FORGED" not in result.stdout
    report = json.loads(result.stdout)  # the whole output is dnnstep's JSON
    assert result.returncode == 0 and report["ok"]
    assert [f["function"] for f in report["functions"]] == ["compute_cost"]


def test_processes_the_homework_started_are_gone_and_reported():
    mark = f"dnnstep-test-{uuid.uuid4().hex}"
    result = dnnstep_check(str(HOSTILE / "sleeper.py"), "--json", env=dict(os.environ, DNNSTEP_TEST_MARK=mark))
    assert marked(mark) == []
    report = json.loads(result.stdout)
    assert result.returncode == 0
    (note,) = [n for n in report["notes"] if "left" in n]
    assert note.startswith("the homework left ") and note.endswith("dnnstep stopped them")


def test_without_namespaces_the_processes_are_found_and_ended_too():
    mark = f"dnnstep-test-{uuid.uuid4().hex}"
    os.environ["DNNSTEP_TEST_MARK"] = mark
    try:
        process = HomeworkProcess(load_homework(HOSTILE / "sleeper.py"), timeout=TIMEOUT, isolate=False)
        started = process.start()
        import numpy as np

        call = process.call("compute_cost", (np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]])))
        process.close()
    finally:
        del os.environ["DNNSTEP_TEST_MARK"]
    assert started.ok and call.ok and abs(call.value - 0.164252033486018) < 1e-12
    assert process.isolation == "none (turned off)"
    assert describe(process.isolation)[0].startswith("unconfined: the homework ran with your rights (turned off)")
    assert marked(mark) == []
    assert process.left_behind == 2


def test_files_beside_the_homework_do_not_shadow_dnnsteps_modules(tmp_path):
    for shadow in (HOSTILE / "shadowing").glob("*.py"):
        shutil.copy(shadow, tmp_path / shadow.name)
    shutil.copy(FIXTURES / "correct.py", tmp_path / "hw.py")
    report = check_homework(tmp_path / "hw.py", scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1)
    assert report.exit_status == 0 and len(report.functions) == 10


def test_a_memory_hog_hits_the_memory_limit_and_the_finding_names_it():
    report = check_homework(HOSTILE / "memory_hog.py", scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1)
    (function,) = report.functions
    assert function.status == "exception" and "MemoryError" in function.message
    assert function.message.endswith("(it reached the homework's memory limit (2048 MiB more than it started "
                                     "with; change it with dnnstep check --memory-limit))")
    assert report.exit_status == 1


def test_the_homework_writes_in_a_temporary_directory_and_home_within_the_file_size_limit(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "hw"
    folder.mkdir()
    shutil.copy(HOSTILE / "writer.py", folder / "writer.py")
    result = dnnstep_check(str(folder / "writer.py"), "--json", "--file-size-limit", "1",
                           env=dict(os.environ, HOME=str(home)))
    (function,) = json.loads(result.stdout)["functions"]
    assert function["status"] == "exception"
    assert function["message"] == ("OSError: [Errno 27] File too large (it reached the homework's file size limit "
                                   "(1 MiB; change it with dnnstep check --file-size-limit))")
    assert sorted(p.name for p in folder.iterdir()) == ["writer.py"] and list(home.iterdir()) == []
    assert result.returncode == 1


def test_a_homework_over_its_cpu_time_is_stopped_and_the_finding_names_the_limit():
    report = check_homework(HOSTILE / "cpu_burner.py", scenario_names=[SCENARIO], timeout=60, iterations=1,
                            limits={"cpu": 1})
    function = report.functions[0]
    assert function.status == "crash"
    assert function.message == ("the homework's process was stopped during the call: it reached the homework's "
                                "cpu limit (1 s; change it with dnnstep check --cpu-limit)")


@pytest.mark.parametrize("name, status", [("load_loop.py", "timeout"), ("load_exit.py", "exit")])
def test_a_homework_that_hangs_or_exits_while_loading_is_a_finding(name, status):
    report = check_homework(HOSTILE / name, scenario_names=[SCENARIO], timeout=1.0, iterations=1)
    (function,) = report.functions
    assert function.function == "linear_forward" and function.status == status
    assert function.case == "load of the homework" and function.message.startswith("while the homework was")
    assert report.exit_status == 1


def test_the_namespaces_work_for_a_plain_user_too():
    """The sandbox's namespaces as ``nobody`` (the system's Python: the test venv may be unreadable to nobody)."""
    runuser, python = shutil.which("runuser"), "/usr/bin/python3"
    if os.getuid() != 0 or runuser is None or not os.access(python, os.X_OK):
        pytest.skip("needs root, runuser and /usr/bin/python3 to become a plain user")
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        shutil.copy(Path(__file__).parents[2] / "dnnstep/homework/running/sandbox.py", folder / "sandbox.py")
        (folder / "probe.py").write_text(PROBE)
        for file in folder.iterdir():
            file.chmod(0o644)
        result = subprocess.run([runuser, "-u", "nobody", "--", python, "-I", str(folder / "probe.py"),
                                 str(os.getpid())], capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(folder)
    seen = json.loads(result.stdout)
    assert seen == {"why": "", "uid": 65534, "pid": 2, "pids": [1, 2], "dnnstep_visible": False}


PROBE = '''
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("sandbox", os.path.join(os.path.dirname(__file__), "sandbox.py"))
sandbox = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sandbox)
why = sandbox._unshare()
if not why:
    init = os.fork()
    if init:
        sandbox._outer(init, os.getppid())
    why = sandbox._init()
    sandbox.drop_capabilities()
pids = sorted(int(e) for e in os.listdir("/proc") if e.isdigit())
print(json.dumps({"why": why, "uid": os.getuid(), "pid": os.getpid(), "pids": pids,
                  "dnnstep_visible": os.path.exists(f"/proc/{sys.argv[1]}")}))
'''


@pytest.mark.parametrize("argument, value", [("--iterations", "-1"), ("--iterations", "0"),
                                              ("--memory-limit", "-5"), ("--cpu-limit", "x")])
def test_a_count_below_one_is_refused(argument, value, capsys):
    from dnnstep.homework import check_command

    with pytest.raises(SystemExit) as stop:
        check_command.main([str(FIXTURES / "correct.py"), argument, value])
    assert stop.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(f"dnnstep check: error: argument {argument}: ")
    assert error.endswith(f"must be at least 1, not {value}" if value != "x" else "not a whole number: 'x'")
