"""Checking a whole class at once: many homework files, in parallel, each in its own process.

:func:`homework_files` turns what the teacher named (files and folders) into the list of
files to check; :func:`check_class` checks them, ``jobs`` at a time. Each file is checked
in a process of its own (forked from this one, so the scenarios are loaded and their
reference runs computed once), with its own time limit: a file whose check hangs or
crashes is reported as such and never holds up the others. The results come back in the
order of the files, whatever finishes first, as a
:class:`~dnnstep.homework.reporting.class_report.ClassReport`.

What a file's process sends back is the single-file report as JSON, read with a size
limit and checked field by field: it carries what the homework returned and printed, so
it is someone else's data.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence, TextIO

from dnnstep.homework.reporting.class_report import ClassReport, FileResult
from dnnstep.user_paths import UserPathError, check_writable, kind, shown

HOMEWORK_SUFFIXES = (".py", ".ipynb")
#: The course's support files, which students keep beside their notebooks: in a folder they are not homework.
SUPPORT_FILE = re.compile(
    r"^(dnn_utils|dnn_app_utils|testCases|public_tests|test_utils|outputs|lr_utils|planar_utils"
    r"|init_utils|reg_utils|gc_utils|opt_utils)(_v\w+)?\.py$",  # week 4's, then Course 2's
    re.IGNORECASE)
#: Folders never searched for homework.
SKIPPED_FOLDERS = frozenset({"__pycache__", ".ipynb_checkpoints", "node_modules", "site-packages"})
#: The most a file's report may weigh when it comes back (bytes).
RESULT_LIMIT = 32 * 2**20


def homework_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The files to check, in order, and notes on what was left out.

    A file named on the command line is checked whatever it is (a missing one or a ``.txt``
    is then reported as not loadable); a folder gives its ``.py`` and ``.ipynb`` files, its
    subfolders' too, sorted by path, without hidden files and folders, notebook
    checkpoints, and the course's support modules (``dnn_utils_v2.py``, ``testCases.py``).
    The same file named twice is checked once.
    """
    files: list[Path] = []
    notes: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            key = path.resolve()
        except (RuntimeError, OSError):  # a loop of symbolic links (l1.py -> l2.py -> l1.py)
            notes.append(f"{shown(path)}: not checked: a loop of symbolic links")
            return
        if key not in seen:
            seen.add(key)
            files.append(path)

    for name in paths:
        path = Path(name)
        try:
            folder = kind(path) == "folder"
        except UserPathError:  # reported as not loadable, like a missing file
            folder = False
        if not folder:
            add(path)
            continue
        found, support = _folder(path)
        if support:
            names = ", ".join(sorted(p.name for p in support)[:4]) + (", ..." if len(support) > 4 else "")
            notes.append(f"{path}: not checked: the course's support file{'s' if len(support) != 1 else ''} {names}")
        if not found:
            notes.append(f"{path}: no .py or .ipynb files in this folder")
        for file in found:
            add(file)
    return files, notes


def _folder(folder: Path) -> tuple[list[Path], list[Path]]:
    found, support = [], []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in names:
            if name.startswith(".") or not name.lower().endswith(HOMEWORK_SUFFIXES):
                continue
            (support if SUPPORT_FILE.match(name) else found).append(Path(root) / name)
    return sorted(found), support


@dataclass
class ClassOptions:
    """How each file is checked: what ``dnnstep check`` takes for one file, and the limits of a class run."""

    scenarios: list = field(default_factory=list)  # Scenario objects, loaded once before the files' processes start
    timeout: float = 10.0
    iterations: int = 3
    data_dir: str | None = None
    jobs: int = 0  # 0: one per core
    file_timeout: float | None = None  # None: default_file_timeout(timeout)
    limits: dict = field(default_factory=dict)  # each homework's resource limits (running.limits), as for one file


def default_file_timeout(timeout: float) -> float:
    """The longest a file's whole check may take: every graded function hanging once, and a minute more."""
    from dnnstep.homework.reading.source import GRADED

    return len(GRADED) * timeout + 60.0


def check_class(files: Sequence[Path], options: ClassOptions, *, notes: Sequence[str] = (),
                progress: Callable[[int, int, int], None] | None = None) -> ClassReport:
    """Check ``files``, ``options.jobs`` at a time; the report lists them in the order given.

    ``progress(done, running, total)`` is called whenever a file starts or finishes.
    """
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    limit = options.file_timeout if options.file_timeout is not None else default_file_timeout(options.timeout)
    results: list[FileResult | None] = [None] * len(files)
    waiting = list(range(len(files)))
    running: dict[int, _Running] = {}
    report_progress = progress or (lambda done, active, total: None)
    with tempfile.TemporaryDirectory(prefix="dnnstep-class-") as scratch:
        report_progress(0, 0, len(files))
        try:
            while waiting or running:
                while waiting and len(running) < jobs:
                    index = waiting.pop(0)
                    child = _start(index, files[index], options, Path(scratch) / f"{index}.json", files)
                    running[child.pid] = child
                    report_progress(len(files) - len(waiting) - len(running), len(running), len(files))
                finished = _reap(running, limit)
                for child, result in finished:
                    results[child.index] = result
                if finished:
                    report_progress(len(files) - len(waiting) - len(running), len(running), len(files))
                else:
                    time.sleep(0.02)
        finally:  # interrupted (Ctrl-C): the files' processes stop too
            for pid in running:
                _stop(pid)
                os.waitpid(pid, 0)
    names = [getattr(s, "name", str(s)) for s in options.scenarios]
    return ClassReport([r for r in results if r is not None], notes=list(notes), scenarios=names)


@dataclass
class _Running:
    """A file's process: its place in the list, its file, where it writes its report, when it started."""

    pid: int
    index: int
    path: Path
    output: Path
    started: float


def _start(index: int, path: Path, options: ClassOptions, output: Path, files: Sequence[Path] = ()) -> _Running:
    """Fork a process that checks ``path`` and writes its report to ``output``; the homework sees none of the
    class's other ``files``."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the file's own process: never returns
        code = 1
        try:
            os.setpgid(0, 0)  # its own group: stopping it stops nothing of the teacher's
            _quiet()
            from dnnstep.homework.running.worker import stop_with_parent

            threading.Thread(target=stop_with_parent, args=(parent,), daemon=True).start()
            _check_one(path, options, output, [f for f in files if f != path])
            code = 0
        finally:
            os._exit(code)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child did it first
    return _Running(pid, index, path, output, time.monotonic())


def _quiet() -> None:
    """Nothing a file's process writes reaches the teacher's terminal."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _check_one(path: Path, options: ClassOptions, output: Path, others: Sequence[Path] = ()) -> None:
    from dnnstep.homework.checking import check_homework
    from dnnstep.homework.reading.source import HomeworkLoadError
    from dnnstep.homework.reporting.report import to_json

    try:
        report = check_homework(path, scenario_names=options.scenarios or None, timeout=options.timeout,
                                iterations=options.iterations, data_dir=options.data_dir, limits=options.limits,
                                others=others)
        text = '{"status": "checked", "report": ' + to_json(report) + "}"
    except HomeworkLoadError as error:
        text = json.dumps({"status": "unloadable", "message": str(error)})
    except Exception as error:  # noqa: BLE001 - dnnstep's own failure on this file: reported, the class goes on
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        text = json.dumps({"status": "crash", "message": f"dnnstep failed while checking this file: {detail}"})
    partial = output.with_suffix(".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)


def _reap(running: dict[int, _Running], limit: float) -> list[tuple[_Running, FileResult]]:
    """The files whose process ended, or that were stopped at ``limit`` seconds."""
    finished = []
    now = time.monotonic()
    for pid, child in list(running.items()):
        done, status = os.waitpid(pid, os.WNOHANG)
        seconds = now - child.started
        if done == 0 and seconds > limit:
            _stop(pid)
            _, status = os.waitpid(pid, 0)
            result = FileResult(str(child.path), "timeout", seconds=seconds,
                                message=f"the check of this file did not finish within {limit:g} s; it was stopped")
        elif done == 0:
            continue
        else:
            result = _result(child, status, seconds)
        del running[pid]
        finished.append((child, result))
    return finished


def _stop(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _result(child: _Running, status: int, seconds: float) -> FileResult:
    """Read what the file's process wrote; a process that died or wrote nonsense is a crash."""
    path = str(child.path)
    try:
        size = child.output.stat().st_size
        if size > RESULT_LIMIT:
            return FileResult(path, "crash", seconds=seconds,
                              message=f"the report of this file is {size // 2**20} MB, more than dnnstep reads")
        data = json.loads(child.output.read_text(encoding="utf-8"))
    except FileNotFoundError:
        how = (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exited with status {os.WEXITSTATUS(status)}")
        return FileResult(path, "crash", seconds=seconds,
                          message=f"the check of this file {how} before it wrote its report")
    except (OSError, ValueError) as error:
        return FileResult(path, "crash", seconds=seconds, message=f"the report of this file cannot be read: {error}")
    return FileResult.from_json(path, data, seconds)


def progress_bar(stream: TextIO) -> Callable[[int, int, int], None] | None:
    """A one-line progress bar on ``stream`` when it is a terminal, else ``None``."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    width = 30

    def draw(done: int, running: int, total: int) -> None:
        filled = width * done // max(total, 1)
        text = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files checked, {running} running "
        if done == total:
            text = "\r" + " " * len(text) + "\r"
        stream.write(text)
        stream.flush()

    return draw


def run_class(paths: Sequence[str | Path], *, scenario_names=None, timeout: float = 10.0, iterations: int = 3,
              data_dir: str | None = None, jobs: int = 0, file_timeout: float | None = None, as_json: bool = False,
              csv_path: str | None = None, out: TextIO | None = None, err: TextIO | None = None,
              limits: dict | None = None, notes: Sequence[str] = ()) -> int:
    """``dnnstep check FOLDER`` / ``dnnstep check FILE FILE ...``: check, print the class report; the exit status.
    ``limits``: each homework's resource limits, as ``check_homework`` takes them; ``notes``: the report's first.

    Exit status: 0 every file passes, 1 some file does not (or cannot be loaded, or its check
    timed out or crashed), 2 nothing to check, a scenario that cannot be loaded, or a ``--csv``
    file that cannot be written.
    """
    from dnnstep.homework.checking import load_scenarios
    from dnnstep.homework.reporting.class_report import render, to_json
    from dnnstep.scenario import ScenarioError

    out, err = out or sys.stdout, err or sys.stderr
    files, found_notes = homework_files(paths)
    notes = [*notes, *found_notes]
    if not files:
        for note in notes:
            print(f"dnnstep check: {note}", file=err)
        print("dnnstep check: nothing to check (no .py or .ipynb files)", file=err)
        return 2
    try:
        scenarios, skipped = load_scenarios(scenario_names, data_dir)
    except ScenarioError as error:
        print(f"dnnstep check: {error}", file=err)
        return 2
    if csv_path:
        try:  # a folder, a missing folder, a name too long: said before any file is checked
            check_writable(csv_path)
        except UserPathError as error:
            print(f"dnnstep check: cannot write the CSV file {error}", file=err)
            return 2
    options = ClassOptions(scenarios, timeout, iterations, data_dir, jobs, file_timeout, dict(limits or {}))
    report = check_class(files, options, notes=notes + skipped, progress=progress_bar(err))
    out.write(to_json(report) + "\n" if as_json else render(report))
    if csv_path:
        from dnnstep.export.atomic import atomic_write_text

        try:  # all of it or nothing: a mark sheet that was there stays whole when this one cannot be written
            atomic_write_text(csv_path, report.to_csv())
        except OSError as error:
            out.flush()
            print(f"dnnstep check: cannot write the CSV file {shown(csv_path)}: {error.strerror or error}", file=err)
            return 2
    return report.exit_status
