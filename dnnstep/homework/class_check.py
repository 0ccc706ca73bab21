"""Checking a whole class at once: many homework files, in parallel, each in its own process.

:func:`check_class` checks the files of a class (:mod:`~dnnstep.homework.class_folder`), ``jobs``
at a time. Each file is checked in a process of its own (forked from this one, so the scenarios
are loaded and their reference runs computed once), in the class folder (so that every message
names the student's file by its name in the class), with its own time limit: a file whose check
hangs or crashes is reported as such and never holds up the others. Results kept from an earlier
run of the same file with the same options are read back instead (:mod:`~dnnstep.homework.class_cache`).
The results come back in the order of the files, whatever finishes first, as a
:class:`~dnnstep.homework.reporting.class_report.ClassReport`.

Nothing is lost: Ctrl-C, SIGTERM and SIGHUP stop the files' processes and end the run with what
finished (the rest listed as not checked); every scratch file (archives unpacked, the homework's
own temporary folders) lives in one folder that is removed whatever happens.

What a file's process sends back is the single-file report as JSON, read with a size
limit and checked field by field: it carries what the homework returned and printed, so
it is someone else's data.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from dnnstep.export.atomic import CAUGHT_SIGNALS, Terminated, signals_end_the_block
from dnnstep.homework.class_cache import ResultCache, course_data, file_key, options_digest
from dnnstep.homework.class_folder import ClassFile, class_root, name_below
from dnnstep.homework.reporting.class_report import ClassReport, FileResult
from dnnstep.homework.running.scratch import remove_folder

#: The most a file's report may weigh when it comes back (bytes).
RESULT_LIMIT = 32 * 2**20
#: The most of a file's text read to tell which graded functions it meant to define.
TEXT_LIMIT = 16 * 2**20
#: The signals that end a class run with what finished (with SIGINT, Ctrl-C, which raises KeyboardInterrupt).
STOPPING = CAUGHT_SIGNALS


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

    def digest(self) -> str:
        """What a file's result depends on besides the file (:func:`~dnnstep.homework.class_cache.options_digest`)."""
        return options_digest(self.scenarios, timeout=self.timeout, iterations=self.iterations,
                              limits=sorted(self.limits.items()),
                              data=course_data([self.data_dir]) if self.data_dir else "")


def default_file_timeout(timeout: float) -> float:
    """The longest a file's whole check may take: every graded function hanging once, and a minute more."""
    from dnnstep.homework.reading.source import GRADED

    return len(GRADED) * timeout + 60.0


@dataclass(frozen=True)
class Progress:
    """How far a class run is: files done (checked or read back) of ``total``, the files running, and
    about how many seconds are left (``None`` until a file has been checked)."""

    done: int
    total: int
    running: tuple[str, ...]
    seconds_left: float | None


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A folder for everything a class run unpacks or its homework writes, removed whatever happens
    (files a homework made read-only too)."""
    folder = Path(tempfile.mkdtemp(prefix="dnnstep-class-"))
    try:
        yield folder
    finally:
        remove_folder(folder)


def stopping_signals():
    """SIGTERM and SIGHUP raise :class:`~dnnstep.export.atomic.Terminated` inside the block, as Ctrl-C raises
    KeyboardInterrupt (main thread only; a signal that is ignored, as SIGHUP under nohup, stays ignored)."""
    return signals_end_the_block()


def check_class(files: Sequence[ClassFile | Path], options: ClassOptions, *, notes: Sequence[str] = (),
                outside: Sequence[FileResult] = (), progress: Callable[[Progress], None] | None = None,
                cache: ResultCache | None = None, fresh: bool = False, scratch: Path | None = None,
                folder: str = "", others: Sequence[str] = ()) -> ClassReport:
    """Check ``files``, ``options.jobs`` at a time; the report lists them in the order given, then ``outside``
    (files that are not checked: not homework, left in their archive).

    A result kept in ``cache`` for the same file and options is read back (unless ``fresh``); each new
    result is kept there as soon as it comes. ``progress(Progress)`` is called when a file starts or
    finishes, and twice a second. Ctrl-C (KeyboardInterrupt), SIGTERM or SIGHUP (``Terminated``, see
    :func:`stopping_signals`) end the run: the report then holds what finished, the other files as not
    checked, and ``interrupted`` says which signal.
    """
    root = class_root([f for f in files if not isinstance(f, ClassFile)] or ["."])
    files = [f if isinstance(f, ClassFile) else ClassFile(root, name_below(root, f)) for f in files]
    with contextlib.ExitStack() as stack:
        if scratch is None:
            scratch = stack.enter_context(scratch_folder())
        run = _Run(files, options, scratch, cache, progress)
        run.read_back(fresh)
        interrupted = run.check()
    results = [r if r is not None else FileResult(
        f.name, "not_checked", message="the run was interrupted before this file was checked",
        declared=_declared(f.path)) for f, r in zip(files, run.results)]
    names = [getattr(s, "name", str(s)) for s in options.scenarios]
    order = {"not_homework": 1, "refused": 2}  # the homework first, then the files outside the counts
    results = sorted(results + list(outside), key=lambda r: order.get(r.status, 0))
    return ClassReport(results, notes=list(notes), scenarios=names, folder=folder,
                       interrupted=interrupted, others=list(others))


@dataclass
class _Running:
    """A file's process: its place in the list, its file, where it writes its report, when it started."""

    pid: int
    index: int
    file: ClassFile
    output: Path
    started: float


class _Run:
    """One class run: the files waiting, running and done."""

    def __init__(self, files: list[ClassFile], options: ClassOptions, scratch: Path, cache: ResultCache | None,
                 progress: Callable[[Progress], None] | None):
        self.files = files
        self.options = options
        self.scratch = scratch
        self.cache = cache
        self.progress = progress or (lambda state: None)
        self.jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
        self.limit = options.file_timeout if options.file_timeout is not None else default_file_timeout(
            options.timeout)
        self.results: list[FileResult | None] = [None] * len(files)
        self.keys: list[str | None] = [None] * len(files)
        self.running: dict[int, _Running] = {}
        self.times: list[float] = []

    def read_back(self, fresh: bool) -> None:
        """The kept results of the files that have one (the keys of all, to keep the new ones)."""
        if self.cache is None:
            return
        digest = self.options.digest()
        for index, file in enumerate(self.files):
            self.keys[index] = key = file_key(file.path, file.name, digest)
            if key is not None and not fresh and (kept := self.cache.get(key)) is not None:
                result = FileResult.from_json(file.name, kept["result"], kept["seconds"], cached=True)
                if result.status != "crash":  # a kept result that does not read is no result
                    self.results[index] = result

    def check(self) -> int | None:
        """Check the files without a result; the signal that interrupted the run, or ``None``."""
        waiting = [i for i, r in enumerate(self.results) if r is None]
        last_drawn = 0.0
        try:
            self._draw(waiting)
            while waiting or self.running:
                while waiting and len(self.running) < self.jobs:
                    self._start(waiting.pop(0))
                    self._draw(waiting)
                finished = self._reap()
                now = time.monotonic()
                if finished or now - last_drawn > 0.5:
                    self._draw(waiting)
                    last_drawn = now
                if not finished:
                    time.sleep(0.02)
        except KeyboardInterrupt:
            return signal.SIGINT
        except Terminated as stop:
            return stop.signum
        finally:  # the files' processes stop too, whatever ended the run
            for pid in list(self.running):
                _stop(pid)
                _wait(pid)
            self.running.clear()
        return None

    def _draw(self, waiting: list[int]) -> None:
        done = sum(r is not None for r in self.results)
        now = time.monotonic()
        left = None
        if self.times:
            mean = sum(self.times) / len(self.times)
            ahead = len(waiting) * mean + sum(max(mean - (now - c.started), 0.0) for c in self.running.values())
            left = ahead / self.jobs
        self.progress(Progress(done, len(self.files), tuple(c.file.name for c in self.running.values()), left))

    def _start(self, index: int) -> None:
        """Fork a process that checks file ``index`` and writes its report in the scratch folder."""
        file = self.files[index]
        output = self.scratch / "results" / f"{index}.json"
        output.parent.mkdir(exist_ok=True)
        temporary = self.scratch / "tmp" / str(index)
        temporary.mkdir(parents=True, exist_ok=True)
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        blocked = {signal.SIGINT, *STOPPING}
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)  # no signal between the fork and the child's record
        try:
            pid = os.fork()
            if pid == 0:  # the file's own process: never returns
                code = 1
                try:
                    os.setpgid(0, 0)  # its own group: stopping it stops nothing of the teacher's
                    _quiet(blocked)
                    from dnnstep.homework.running.worker import stop_with_parent

                    threading.Thread(target=stop_with_parent, args=(parent,), daemon=True).start()
                    tempfile.tempdir = str(temporary)  # the homework's own temporary folders, in the scratch folder
                    _check_one(file, self.options, output, [f.path for f in self.files if f is not file])
                    code = 0
                finally:
                    os._exit(code)
            try:
                os.setpgid(pid, pid)
            except OSError:
                pass  # the child did it first
            self.running[pid] = _Running(pid, index, file, output, time.monotonic())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)

    def _reap(self) -> bool:
        """Take in the files whose process ended, or stop those past the limit; whether any did."""
        finished = False
        now = time.monotonic()
        for pid, child in list(self.running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            seconds = now - child.started
            if done == 0 and seconds > self.limit:
                _stop(pid)
                _wait(pid)
                result = FileResult(child.file.name, "timeout", seconds=seconds, declared=_declared(child.file.path),
                                    message=f"the check of this file did not finish within {self.limit:g} s; "
                                            "it was stopped")
            elif done == 0:
                continue
            else:
                result = self._result(child, status, seconds)
            del self.running[pid]
            self.results[child.index] = result
            finished = True
        return finished

    def _result(self, child: _Running, status: int, seconds: float) -> FileResult:
        """Read what the file's process wrote (and keep it); a process that died or wrote nonsense is a crash."""
        name = child.file.name
        try:
            size = child.output.stat().st_size
            if size > RESULT_LIMIT:
                return FileResult(name, "crash", seconds=seconds, declared=_declared(child.file.path),
                                  message=f"the report of this file is {size // 2**20} MB, more than dnnstep reads")
            text = child.output.read_text(encoding="utf-8")
            data = json.loads(text)
        except FileNotFoundError:
            how = (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                   else f"exited with status {os.WEXITSTATUS(status)}")
            return FileResult(name, "crash", seconds=seconds, declared=_declared(child.file.path),
                              message=f"the check of this file {how} before it wrote its report")
        except (OSError, ValueError) as error:
            return FileResult(name, "crash", seconds=seconds, declared=_declared(child.file.path),
                              message=f"the report of this file cannot be read: {error}")
        result = FileResult.from_json(name, data, seconds)
        self.times.append(seconds)
        key = self.keys[child.index]
        if self.cache is not None and key is not None and result.status != "crash" and not _timed(result):
            self.cache.put(key, text, seconds)
        return result


def _timed(result: FileResult) -> bool:
    """Whether something in the result timed out (that depends on how busy the machine was: not kept)."""
    parts = result.functions + [p["divergence"] for p in result.pipelines if isinstance(p.get("divergence"), dict)]
    return any(part.get("status") == "timeout" for part in parts)


def _declared(path: Path) -> list[str]:
    """The graded functions a file's text defines, read as text (for a file whose check gave no report)."""
    from dnnstep.homework.same_code import graded_in_text

    try:
        with open(path, "rb") as file:
            return graded_in_text(file.read(TEXT_LIMIT).decode("utf-8", "replace"))
    except OSError:
        return []


def _quiet(blocked: set) -> None:
    """Nothing a file's process writes reaches the teacher's terminal; the signals are the default ones."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    for signum in blocked:
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)


def _check_one(file: ClassFile, options: ClassOptions, output: Path, others: Sequence[Path] = ()) -> None:
    """In a file's own process: check it, in the class folder, and write what was found to ``output``; the
    homework sees none of the class's ``others``."""
    from dnnstep.homework.checking import check_source
    from dnnstep.homework.reading.source import HELPERS, HomeworkLoadError, checked_functions, load_homework
    from dnnstep.homework.reporting.report import to_json
    from dnnstep.homework.same_code import defined_functions, fingerprints

    os.chdir(file.root)  # every message names the file as the class knows it
    path = Path(file.name)
    try:
        homework = load_homework(path)
    except HomeworkLoadError as error:
        declared = _declared(path)
        status = "unloadable" if declared else "not_homework"
        message = str(error) if declared else \
            f"cannot be read as homework ({error}) and names none of the graded functions"
        _write(output, json.dumps({"status": status, "message": message, "declared": declared}))
        return
    prints = fingerprints(homework)
    graded = checked_functions(homework.defined)  # week 4's, then Course 2's
    if not graded:
        helpers = [f for f in homework.defined if f in HELPERS]
        own = defined_functions(homework)
        if not any(chunk.source.strip() for chunk in homework.chunks):
            why = "a notebook without code" if homework.kind == "ipynb" else "a file without code"
        elif helpers:
            why = f"defines only the course's helpers ({', '.join(helpers)}), none of the graded functions"
        else:
            why = "defines none of the graded functions" + (f" (it defines {', '.join(own)})" if own else "")
        _write(output, json.dumps({"status": "not_homework", "message": why, "fingerprints": prints}))
        return
    try:
        report = check_source(homework, scenario_names=options.scenarios or None, timeout=options.timeout,
                              iterations=options.iterations, data_dir=options.data_dir, limits=options.limits,
                              others=others)
        text = ('{"status": "checked", "fingerprints": ' + json.dumps(prints) + ', "report": ' + to_json(report)
                + "}")
    except HomeworkLoadError as error:
        text = json.dumps({"status": "unloadable", "message": str(error), "declared": graded})
    except Exception as error:  # noqa: BLE001 - dnnstep's own failure on this file: reported, the class goes on
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        text = json.dumps({"status": "crash", "message": f"dnnstep failed while checking this file: {detail}",
                           "declared": graded})
    _write(output, text)


def _write(output: Path, text: str) -> None:
    partial = output.with_suffix(".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)


def _stop(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _wait(pid: int) -> None:
    while True:
        try:
            os.waitpid(pid, 0)
            return
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        except (KeyboardInterrupt, Terminated):
            continue  # a second Ctrl-C while the files' processes are stopped: they are stopped all the same
