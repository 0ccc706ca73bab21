"""A homework touches nothing but its own scratch folder: no other file, no network, no reference.

Each hostile homework of tests/homework/hostile runs through ``dnnstep check`` (its ``main``, in this
process), once with each confinement this system has (``namespaces``, and ``landlock``, which the sandbox
uses where user namespaces are off), and the test asserts what a teacher would see, the exit status, and
that nothing outside the homework's scratch directory changed: a checksum of the homework's folder and of
a decoy HOME (holding a secret) before and after. ``.ci/run`` runs this file as root and as a plain user.
"""

from __future__ import annotations

import fnmatch
import hashlib
import inspect
import json
import os
import re
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework import check_command
from dnnstep.homework.running import confinement, process
from tests.homework.helpers import FIXTURES, SCENARIO

HOSTILE = Path(__file__).parent / "hostile"
SECRET = "the teacher's secret: 7f3a9c"
#: What an OSError says when the sandbox refused: no such file (not in its view), a read-only file system
#: (namespaces), permission denied (Landlock).
REFUSED = re.compile(r"(FileNotFoundError|PermissionError|OSError): \[Errno (2|13|30)\] "
                     r"(No such file or directory|Permission denied|Read-only file system)")
NO_NETWORK = re.compile(r"(OSError|PermissionError): \[Errno (101|13)\] (Network is unreachable|Permission denied)")

MECHANISM, WHY = confinement.available()


def _mechanisms():
    have = confinement.MECHANISMS[confinement.MECHANISMS.index(MECHANISM):-1]
    return [pytest.param(m, marks=pytest.mark.skipif(m not in have, reason=f"not on this system: {WHY}"))
            for m in confinement.MECHANISMS[:-1]]


@pytest.fixture(params=_mechanisms())
def confined(request, monkeypatch):
    """The confinement to check with: the sandbox is asked for it as dnnstep asks for the best."""
    monkeypatch.setattr(process, "CONFINEMENT", request.param)
    return request.param


@pytest.fixture
def teacher(tmp_path, monkeypatch):
    """A decoy HOME with a secret in it, and a folder for the homework; their checksums, taken now."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".bashrc").write_text(f"export TOKEN='{SECRET}'\n")
    (home / ".ssh" / "id_ed25519").write_text(SECRET)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # dnnstep's own cache, if any, is not HOME's
    folder = tmp_path / "class"
    folder.mkdir()
    return Teacher(home, folder)


class Teacher:
    def __init__(self, home: Path, folder: Path):
        self.home, self.folder = home, folder
        self.before: dict | None = None

    def hand_in(self, fixture: str, name: str | None = None, source: Path = HOSTILE) -> Path:
        path = self.folder / (name or fixture)
        shutil.copy(source / fixture, path)
        return path

    def check(self, *args: str, capsys) -> tuple[int, str]:
        """``dnnstep check ARGS --scenario step_by_step``: its exit status and what it printed."""
        self.before = self.digest()
        code = check_command.main([*args, "--scenario", SCENARIO, "--timeout", "20"])
        return code, capsys.readouterr().out

    def digest(self) -> dict[str, str]:
        return {**tree_digest(self.home, "HOME"), **tree_digest(self.folder, "folder")}

    def unchanged(self) -> bool:
        return self.digest() == self.before


def tree_digest(root: Path, label: str) -> dict[str, str]:
    """Every file and folder under ``root`` -> a checksum of its content (folders: ``"folder"``)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        key = f"{label}/{path.relative_to(root)}"
        found[key] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def single(output: str) -> dict:
    (function,) = json.loads(output)["functions"]
    return function


def test_a_correct_homework_passes_confined_and_touches_nothing(confined, teacher, capsys):
    path = teacher.hand_in("correct.py", source=FIXTURES)
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 0 and "All 10 functions match the reference" in output
    assert "unconfined" not in output and "partial" not in output
    assert teacher.unchanged()


def test_writing_outside_its_scratch_directory_is_refused(confined, teacher, capsys, monkeypatch, tmp_path):
    profile = tmp_path / "outside" / ".profile"
    profile.parent.mkdir()
    profile.write_text("# the teacher's shell profile\n")
    monkeypatch.setenv("DNNSTEP_TEST_TARGET", str(profile))
    path = teacher.hand_in("outside_writer.py")
    code, output = teacher.check(str(path), "--json", capsys=capsys)
    function = single(output)
    assert code == 1 and function["function"] == "compute_cost" and function["status"] == "exception"
    assert REFUSED.match(function["message"]), function["message"]
    assert profile.read_text() == "# the teacher's shell profile\n" and list(profile.parent.iterdir()) == [profile]
    assert teacher.unchanged()


@pytest.mark.parametrize("fixture, trace", [("outside_writer.py", "written by outside_writer.py"),
                                            ("home_reader.py", "A correct homework")])
def test_a_file_of_a_class_can_neither_append_to_nor_read_another_submission(fixture, trace, confined, teacher,
                                                                            capsys, monkeypatch):
    victim = teacher.hand_in("correct.py", "alice.py", source=FIXTURES)
    teacher.hand_in(fixture, "mallory.py")
    monkeypatch.setenv("DNNSTEP_TEST_TARGET", str(victim))
    code, output = teacher.check(str(teacher.folder), "--json", capsys=capsys)
    files = {Path(f["file"]).name: f for f in json.loads(output)["files"]}
    assert code == 1
    assert files["alice.py"]["ok"] is True and files["alice.py"]["functions_failed"] == []
    finding = files["mallory.py"]["findings"][0]  # the function; then where its pipeline departs
    assert finding["function"] == "compute_cost" and finding["status"] == "exception"
    assert REFUSED.match(finding["message"]), finding["message"]
    assert trace not in output
    assert teacher.unchanged()  # alice.py too


def test_a_file_of_the_teachers_home_cannot_be_read(confined, teacher, capsys, monkeypatch):
    monkeypatch.setenv("DNNSTEP_TEST_TARGET", str(teacher.home / ".ssh" / "id_ed25519"))
    path = teacher.hand_in("home_reader.py")
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 1 and SECRET not in output
    assert REFUSED.search(output) and "compute_cost  raised an exception on the course test case" in output
    assert teacher.unchanged()


def test_no_tcp_connection_even_to_a_listening_port_on_loopback(confined, teacher, capsys, monkeypatch):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        monkeypatch.setenv("DNNSTEP_TEST_PORT", str(listener.getsockname()[1]))
        path = teacher.hand_in("tcp_client.py")
        code, output = teacher.check(str(path), "--json", capsys=capsys)
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    function = single(output)
    assert code == 1 and function["status"] == "exception" and NO_NETWORK.match(function["message"]), function
    assert teacher.unchanged()


def test_no_udp_datagram_even_to_loopback(confined, teacher, capsys, monkeypatch):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        monkeypatch.setenv("DNNSTEP_TEST_PORT", str(receiver.getsockname()[1]))
        path = teacher.hand_in("udp_sender.py")
        code, output = teacher.check(str(path), "--json", capsys=capsys)
        receiver.setblocking(False)
        with pytest.raises(BlockingIOError):
            receiver.recv(100)  # nothing arrived
    function = single(output)
    assert code == 1 and function["status"] == "exception" and NO_NETWORK.match(function["message"]), function
    assert teacher.unchanged()


@pytest.mark.parametrize("fixture, tried", [
    ("reference_import.py", "imports dnnstep.course (*reference_import.py, line 7)"),
    ("reference_spelt.py", "imports dnnstep.course (*reference_spelt.py, line 11)"),
    ("reference_file_exec.py", "opens dnnstep's file */dnnstep/course.py (*reference_file_exec.py, line 1"),
    ("reference_imported_above.py", "uses backward_done_for_me, which it imports L_model_backward from dnnstep.course "
                                    "(*reference_imported_above.py, line 3)"),
])
def test_a_homework_that_tries_to_use_the_reference_fails_with_uses_reference(fixture, tried, confined, teacher,
                                                                              capsys, monkeypatch):
    monkeypatch.setenv("DNNSTEP_TEST_TARGET", inspect.getsourcefile(course))
    path = teacher.hand_in(fixture)
    code, output = teacher.check(str(path), "--json", capsys=capsys)
    function = single(output)
    assert code == 1 and function["function"] == "L_model_backward" and function["status"] == "uses-reference"
    assert function["message"].startswith("it tried to use dnnstep, the reference: ")
    assert function["message"].endswith("; its results do not count")
    assert fnmatch.fnmatch(function["message"], f"*{tried}*"), function["message"]
    assert teacher.unchanged()


def test_the_reference_is_not_in_the_homeworks_memory(confined, teacher, capsys):
    path = teacher.hand_in("reference_digger.py")
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 1
    assert "L_model_backward  raised an exception on the course test case" in output
    assert "LookupError: found no reference in the homework's process" in output
    assert teacher.unchanged()


def test_a_graded_function_that_is_the_references_own_code_is_reported(teacher, capsys):
    text = inspect.getsource(course.L_model_backward)
    for old, new in (("dA_prev_temp", "g_prev"), ("dW_temp", "g_W"), ("current_cache", "here")):
        text = text.replace(old, new)
    path = teacher.folder / "copied.py"
    path.write_text("import numpy as np\nfrom dnn_utils import *\n\n\n" + text)
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 1
    assert "FAIL    L_model_backward  uses dnnstep's reference\n" in output
    assert ("it is dnnstep's own code (course.py's L_model_backward: the same syntax tree, names aside); "
            "its results do not count") in output


def test_a_notebook_that_imports_dnnstep_for_its_own_check_is_not_a_finding(teacher, capsys):
    source = (FIXTURES / "correct.py").read_text()
    path = teacher.folder / "hw.py"
    path.write_text("import dnnstep\nfrom dnnstep import check\n" + source + "\ndnnstep.check(globals())\n")
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 0 and "All 10 functions match the reference" in output
    assert "hw.py, line 1 was skipped: ModuleNotFoundError: No module named 'dnnstep'" in output


def test_where_nothing_confines_the_homework_a_class_is_refused_unless_unconfined(teacher, capsys, monkeypatch):
    monkeypatch.setattr(confinement, "available", lambda: ("none", "no sandbox on plan9"))
    teacher.hand_in("correct.py", "alice.py", source=FIXTURES)
    code = check_command.main([str(teacher.folder), "--scenario", SCENARIO])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("dnnstep check: the homework cannot be confined here (no sandbox on plan9): ")
    assert error.rstrip().endswith("or pass --unconfined to check it anyway")
    monkeypatch.setattr(process, "CONFINEMENT", "none")
    code, output = teacher.check(str(teacher.folder), "--unconfined", capsys=capsys)
    assert code == 0 and "1 pass" in output
    assert "note: unconfined: the homework ran with your rights (no sandbox on plan9)" in output


def test_an_unconfined_homework_says_so_in_the_reports_first_lines(teacher, capsys, monkeypatch):
    monkeypatch.setattr(process, "CONFINEMENT", "none")
    path = teacher.hand_in("correct.py", source=FIXTURES)
    code, output = teacher.check(str(path), capsys=capsys)
    assert code == 0
    assert output.splitlines()[1] == ("unconfined: the homework ran with your rights (turned off): it could read, "
                                      "write and send whatever you can; see docs/homework.md, What the sandbox "
                                      "guarantees")


def test_the_view_leaves_dnnstep_out_of_an_installed_and_of_an_editable_layout(tmp_path):
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    for name in ("dnnstep", "numpy", "dnnstep-0.1.0.dist-info"):
        (site / name).mkdir(parents=True)
    checkout = tmp_path / "checkout"
    (checkout / "dnnstep").mkdir(parents=True)
    (checkout / "tests").mkdir()
    homework = tmp_path / "class"
    homework.mkdir()
    for name in ("alice.py", "bob.py", "helpers.py", "notes.txt", ".secret.py"):
        (homework / name).write_text("")
    (homework / "pkg").mkdir()
    (homework / "pkg" / "__init__.py").write_text("")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    view = confinement.view(scratch=str(scratch), package_dir=str(checkout / "dnnstep"), homework_dir=str(homework),
                            homework_file=str(homework / "alice.py"), others=[homework / "bob.py"],
                            paths=[str(site), str(checkout)], prefixes=[str(tmp_path / "venv")])
    inside = [p for p in view.read if p.startswith(str(tmp_path))]
    # the venv is opened up entry by entry down to its site-packages, without dnnstep; of the class folder,
    # the homework's file and the modules beside it, not the other submission, a text file or a hidden one
    assert inside == sorted([str(site / "dnnstep-0.1.0.dist-info"), str(site / "numpy"),
                             *(str(homework / n) for n in ("alice.py", "helpers.py", "pkg"))])
    assert not any(p.startswith(str(checkout)) for p in view.read) and view.unused == (str(checkout),)
    assert set(view.hidden) == {str(checkout / "dnnstep"), str(site / "dnnstep")}
    (tmp_path / "venv" / "lib64").symlink_to("lib")  # a sys.path folder reached through a symlink
    linked = confinement.view(scratch=str(scratch), package_dir=str(checkout / "dnnstep"), homework_dir="",
                              paths=[str(tmp_path / "venv" / "lib64" / "python3.11" / "site-packages")], prefixes=[])
    assert linked.links == ((str(tmp_path / "venv" / "lib64"), "lib"),)
    assert str(site / "numpy") in linked.read and str(site / "dnnstep") not in linked.read


def test_the_process_limit_binds_a_homework_checked_by_root_too(confined, teacher, capsys):
    if confined == "landlock" and os.getuid() == 0:
        pytest.skip("without namespaces a homework checked by root stays root, whom the process limit does not bind")
    path = teacher.hand_in("forker.py")
    code, output = teacher.check(str(path), "--json", "--process-limit", "5", capsys=capsys)
    function = single(output)
    assert code == 1 and function["status"] == "exception"
    assert function["message"].endswith("(it reached the homework's processes limit (5 processes; change it with "
                                        "dnnstep check --process-limit))"), function["message"]
    assert teacher.unchanged()


def test_a_reference_function_standing_in_for_one_call_is_gone_after_it(confined):
    from dnnstep.homework.reading.source import load_homework
    from dnnstep.homework.running.process import HomeworkProcess
    from tests.homework.helpers import TIMEOUT

    homework = load_homework(HOSTILE / "stand_in_keeper.py")
    dZ, A_prev, W, b = np.ones((1, 2)), np.ones((3, 2)), np.ones((1, 3)), np.zeros((1, 1))
    with HomeworkProcess(homework, timeout=TIMEOUT) as worker:
        assert worker.start().ok
        call = worker.call("linear_activation_backward", (dZ, ((A_prev, W, b), dZ), "relu"),
                           substitute=("linear_backward",))
        assert call.ok and np.array_equal(call.value[1], np.dot(dZ, A_prev.T) / 2)  # the reference's dW
        kept, own = worker.call("peek", ()).value
    assert kept == [None] and own == str(HOSTILE / "stand_in_keeper.py")


def test_in_a_notebook_and_in_a_kernel_the_reference_is_out_of_reach_too(teacher, capsys):
    import dnnstep

    code = (HOSTILE / "reference_import.py").read_text()
    notebook = teacher.folder / "hw.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": code,
                                              "outputs": [], "execution_count": 1}],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    status, output = teacher.check(str(notebook), "--json", capsys=capsys)
    assert status == 1 and single(output)["status"] == "uses-reference"
    namespace = {"__name__": "__main__", "In": ["", code]}
    exec(compile(code, "<cell1>", "exec"), namespace)
    (function,) = dnnstep.check(namespace, scenarios=[SCENARIO]).to_dict()["functions"]
    assert function["status"] == "uses-reference" and "imports dnnstep.course (cell [1], line 7)" in function["message"]
    assert teacher.unchanged()
