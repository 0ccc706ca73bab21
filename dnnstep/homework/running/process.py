"""Running the homework in a separate process, one call at a time, each with a timeout.

:class:`HomeworkProcess` starts the worker (:mod:`~dnnstep.homework.running.worker`, through
:mod:`~dnnstep.homework.running.sandbox`), loads the homework into it, and calls its functions.
Whatever the homework does, the call comes back as a :class:`CallResult`: a value, or an
exception with a traceback into the student's file, or a timeout (the process is killed), or a crash (the
process died, by ``os._exit`` or a segfault). After a timeout or a crash the next call starts a fresh process,
so one broken function never stops the check of the others, and nothing the homework does can hang dnnstep.

The process is started by :mod:`~dnnstep.homework.running.sandbox` (its own user, PID, mount
and network namespaces where Linux allows, else Landlock; resource limits, a temporary directory
and HOME, an environment of a few variables), holds nothing of dnnstep but the worker, gets the
course's functions as text (:mod:`~dnnstep.homework.running.reference_source`: the ones the
homework does not define; a call with the reference's functions in place of some of the
homework's runs in a throwaway fork), and what it sends back is plain data
(:mod:`~dnnstep.homework.running.protocol`) checked against what the request may answer: nothing
the homework returns is ever run here.
Every process the homework started is gone when the check ends: its PID namespace ends with it; without
one, dnnstep finds them by a mark in their environment and stops them (:attr:`HomeworkProcess.left_behind`).
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dnnstep.homework.reading.source import GRADED, HELPERS, PARAMETERS, HomeworkSource, course2_only
from dnnstep.homework.reading import helpers as helper_modules
from dnnstep.homework.running import reference_source
from dnnstep.homework.running.protocol import (  # noqa: F401 - Stored is re-exported
    ProtocolError, Stored, decode, encode, encode_parts, read_bytes, write_message)
from dnnstep.homework.running.limits import DEFAULT_LIMITS, describe_limit
from dnnstep.homework.running.scratch import ScratchFolder
from dnnstep.plain_text import printable

DEFAULT_TIMEOUT = 10.0
_FAULT_FRAME = re.compile(r'^\s*File "(.+)", line (\d+) in (\S+)', re.MULTILINE)
LOAD_TIMEOUT_EXTRA = 20.0  # starting Python and numpy in the child comes on top of the homework's own time
#: The confinement asked for by default: the best there is (see ``confinement.MECHANISMS``; tests set another).
CONFINEMENT = "namespaces"
#: The variables of dnnstep's environment the homework's process gets (by name, or by the start of the name):
#: what programs need to run; not the user's tokens and keys.
ENVIRONMENT = ("PATH", "LD_LIBRARY_PATH", "LANG", "LANGUAGE", "TZ", "TERM", "LC_", "OPENBLAS_", "OMP_", "MKL_",
               "DNNSTEP_")


@dataclass
class CallResult:
    """What one call into the homework gave.

    Attributes:
        status: ``"ok"``, ``"exception"``, ``"exit"`` (sys.exit), ``"timeout"``, ``"crash"``
            or ``"unsendable"`` (a value that cannot be brought back to be compared).
        value: the return value when ``status == "ok"``.
        message: for people, what went wrong (``"ValueError: shapes (3,4) and (5,4) not aligned"``).
        frames: the homework's frames of the traceback, outermost first:
            ``{"where", "line", "function", "code"}``.
        output: what the homework printed during the call (the end of it).
        calls: the spied calls ``(name, args, result)`` made during the call.
        changed_args: the positions of the arguments the call modified in place.
        reference: what the homework tried of dnnstep during the call: ``{"function", "what", "where"}``.
    """

    status: str
    value: Any = None
    message: str = ""
    frames: list[dict] = field(default_factory=list)
    outside: dict | None = None
    output: str = ""
    calls: list[tuple] = field(default_factory=list)
    changed_args: list[int] = field(default_factory=list)
    reference: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def where(self) -> str:
        """``"hw.py, line 12, in linear_backward"`` for the innermost homework frame, or ``""``."""
        if not self.frames:
            return ""
        frame = self.frames[-1]
        return f"{frame['where']}, line {frame['line']}, in {frame['function']}"


class HomeworkProcess:
    """A child process holding the homework, restarted after a timeout or a crash.

    Use as a context manager, or call :meth:`close`.

    Attributes:
        limits: the homework's resource limits (:data:`~dnnstep.homework.running.limits.DEFAULT_LIMITS`).
        isolation: how the homework was confined: ``"namespaces"``, ``"landlock (why not namespaces)"`` or
            ``"none (why)"`` (see :mod:`~dnnstep.homework.running.confinement`).
        left_behind: processes the homework started that were still running when it was stopped
            (dnnstep stopped them).
        reference_uses: what the homework tried of dnnstep during the check: ``{"function", "what", "where"}``.
    """

    def __init__(self, homework: HomeworkSource, *, timeout: float = DEFAULT_TIMEOUT, limits: dict | None = None,
                 isolate: bool | str = True, others=()):
        """``isolate``: the confinement to ask for (True: the best there is; False: none; or a name of
        ``confinement.MECHANISMS``); ``others``: files the homework must not see (the rest of a class)."""
        self.homework = homework
        self.timeout = timeout
        self.limits = dict(DEFAULT_LIMITS, **(limits or {}))
        self.isolate = CONFINEMENT if isolate is True else "none" if isolate is False else isolate
        self.others = [str(Path(o).resolve()) for o in others]
        self.isolation = ""
        self.reference_uses: list[dict] = []
        self.left_behind = 0
        self.functions: list[str] = []
        self.load_notes: list[str] = []
        self.load_warnings: list[str] = []
        self._process: subprocess.Popen | None = None
        self._replies: queue.Queue | None = None
        self._log = None
        self._directory: ScratchFolder | None = None
        self._mark = ""
        self._launch_failed: CallResult | None = None
        self._stored: dict[str, Any] = {}
        self.restarts = 0
        #: The homework's functions that hung (name -> what happened): they are not called again.
        self.hung: dict[str, str] = {}

    def __enter__(self) -> "HomeworkProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> CallResult:
        """Start the child and load the homework; the result lists the callables it defines."""
        self.launch()
        return self.loaded()

    def launch(self) -> None:
        """Start the child and send it the homework to load, without waiting for it (:meth:`loaded` waits):
        dnnstep can get the check ready while Python and numpy start in the child."""
        self._kill()
        _hide_this_process()
        self._log = tempfile.TemporaryFile()
        self._directory = ScratchFolder()  # its home: the homework's HOME, TMPDIR and working directory
        self._mark = secrets.token_hex(8)
        home = self._directory.home
        env = {k: v for k, v in os.environ.items() if k.startswith(ENVIRONMENT) and not k.startswith("PYTHON")}
        env.update(HOME=home, TMPDIR=home, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1",
                   DNNSTEP_HOMEWORK=self._mark)
        for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(threads, "1")  # one call at a time: BLAS threads would only spin against dnnstep's
        package_root = Path(__file__).resolve().parents[3]
        path = self.homework.path.resolve()
        config = {"root": str(package_root), "directory": home, "limits": self.limits, "confine": self.isolate,
                  "homework_dir": str(path.parent), "homework_file": str(path), "others": self.others}
        self._process = subprocess.Popen(
            [sys.executable, "-I", str(Path(__file__).with_name("sandbox.py")), json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=home,
            process_group=0,
        )
        self._replies = queue.Queue()
        threading.Thread(target=_pump, args=(self._process.stdout, self._replies, self._stored), daemon=True).start()
        chunks = [
            {"filename": c.filename, "where": c.where, "source": c.source, "original": c.original, "keep": c.keep}
            for c in self.homework.chunks
        ]
        own = tuple(self.homework.defined)
        self._launch_failed = self._send(("load", chunks, own, course_text(self.homework)))

    def loaded(self) -> CallResult:
        """Wait for the homework launched by :meth:`launch` to be loaded (then the data put before is put
        again, and the functions that hung before are marked); the result lists the callables it defines."""
        result = self._launch_failed or self._wait(("load",), self.timeout + LOAD_TIMEOUT_EXTRA)
        if result.ok:
            self.functions = list(result.value["functions"])
            self.load_notes = list(result.value["notes"])
            self.load_warnings = list(result.value.get("warnings", []))
            self.isolation = result.value["isolation"]
            if self.isolation != "namespaces":  # no PID namespace: dnnstep finds what the homework left running
                _become_subreaper()
            for key, value in self._stored.items():
                stored = self._ask(("put", key, value), LOAD_TIMEOUT_EXTRA)
                if not stored.ok:
                    return stored
            if self.hung:
                marked = self._ask(("hung", dict(self.hung)), LOAD_TIMEOUT_EXTRA)
                if not marked.ok:
                    return marked
        return result

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` in the homework's process (again after every restart); pass ``Stored(key)`` for it."""
        if self._stored.get(key) is value:
            return  # already there
        self._stored[key] = value
        if self._process is not None and self._process.poll() is None:
            self._ask(("put", key, value), LOAD_TIMEOUT_EXTRA)

    def train(self, spec: dict, *, timeout: float) -> CallResult:
        """Run the homework's pipeline in its process (see ``worker.StudentNamespace.train``)."""
        if self._process is None or self._process.poll() is not None:
            started = self.start()
            self.restarts += 1
            if not started.ok:
                return started
        return self._noted(self._ask(("train", spec), timeout))

    def call(self, name: str, args: tuple, *, record: tuple[str, ...] = (), timeout: float | None = None,
             check_changes: bool = True, substitute: tuple[str, ...] = (), outermost: bool = False) -> CallResult:
        """Call the homework's ``name(*args)`` in the child (the arguments travel as copies).

        ``check_changes`` compares the arguments before and after the call, to tell which
        ones the homework modified in place (``CallResult.changed_args``). ``substitute`` names
        homework functions that the reference's stand in for during the call. With ``outermost``,
        a watched call made inside another watched call is not recorded (a training loop's steps,
        not what each step calls in turn).
        """
        if name in self.hung:
            return CallResult("timeout", message=f"not called again: {self.hung[name]}")
        if self._process is None or self._process.poll() is not None:
            started = self.start()
            self.restarts += 1
            if not started.ok:
                return started
        stand_ins = {}
        if substitute:  # in a throwaway fork of the worker: the reference's text stays in the fork
            failed = self._send(("fork",))
            if failed:
                return failed
            stand_ins = {"replace": list(substitute), "pieces": reference_source.pieces(
                substitute, without=set(self.homework.defined) - set(substitute))}
        request = ("call", name, tuple(args), tuple(record), check_changes, stand_ins, outermost)
        return self._noted(self._ask(request, self.timeout if timeout is None else timeout))

    def _noted(self, result: CallResult) -> CallResult:
        """``result``, once what the homework tried of dnnstep in it is kept in :attr:`reference_uses`."""
        for attempt in result.reference:
            if attempt not in self.reference_uses:
                self.reference_uses.append(attempt)
        return result

    def close(self) -> None:
        """Stop the child (politely, then for sure) and every process the homework left running."""
        if self._process is not None and self._process.poll() is None:
            try:
                self._process.stdin.write(encode(("stop",)))
                self._process.stdin.flush()
                reply = self._replies.get(timeout=2)
                if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "stopped" and type(reply[1]) is int:
                    self.left_behind += max(0, reply[1])
                self._process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired, ValueError, queue.Empty):
                pass
        self._kill()

    def notes(self) -> list[str]:
        """What people should know about how the homework ran: processes it left running."""
        if not self.left_behind:
            return []
        n = self.left_behind
        return [f"the homework left {n} process{'es' if n > 1 else ''} running after the check "
                f"(started with subprocess or os.fork and never ended); dnnstep stopped {'them' if n > 1 else 'it'}"]

    def _refer(self, obj) -> str | None:
        """Values the homework's process already holds travel as their key."""
        for key, value in self._stored.items():
            if obj is value:
                return key
        return None

    def _ask(self, request, timeout: float) -> CallResult:
        return self._send(request) or self._wait(request, timeout)

    def _send(self, request) -> CallResult | None:
        """Send ``request``; ``None``, or the crash when the child is gone."""
        try:
            write_message(self._process.stdin, encode_parts(request, None if request[0] == "put" else self._refer))
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._crashed()
        return None

    def _wait(self, request, timeout: float) -> CallResult:
        """The answer to ``request``, sent: within ``timeout``, else the call is stopped as a timeout."""
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            return self._timed_out(request, timeout)
        if reply is None:
            return self._crashed()
        try:
            if isinstance(reply, Garbled):
                raise ProtocolError(reply.detail)
            return answer(request[0], reply, request[3] if request[0] == "call" else ())
        except ProtocolError:
            self._kill()
            return CallResult("crash", message=(
                "the homework's process sent dnnstep something that is not an answer; it was stopped "
                "(did the homework write to a file descriptor it did not open, or change dnnstep's worker?)"))

    def _timed_out(self, request, timeout: float) -> CallResult:
        """Stop a call that did not return; remember the function that hung, so it is not called again."""
        frames = self._hang_frames()
        self._kill()
        at = f" at {frames[-1]['where']}, line {frames[-1]['line']}, in {frames[-1]['function']}" if frames else ""
        if request[0] in ("call", "train"):
            culprit = frames[-1]["function"] if frames and frames[-1]["function"] in self.functions else (
                request[1] if request[0] == "call" else None)
            if culprit is not None:
                self.hung[culprit] = f"it did not return within {timeout:g} s on an earlier call{at} (an infinite loop?)"
        return CallResult("timeout", frames=frames,
                          message=f"did not return within {timeout:g} s (an infinite loop?){at}; "
                                  "its process was stopped")

    def _hang_frames(self, wait: float = 1.0) -> list[dict]:
        """The homework's frames where the process is now (its stack, dumped on SIGUSR1), outermost first."""
        start = len(self._log_tail(limit=None))
        try:
            os.kill(self._process.pid, signal.SIGUSR1)
        except (OSError, AttributeError):
            return []
        deadline = time.monotonic() + wait
        dump = ""
        while time.monotonic() < deadline:
            time.sleep(0.02)
            text = self._log_tail(limit=None)[start:]
            if "most recent call first" in text and text == dump:  # written, and no longer growing
                return self._crash_frames(text)
            dump = text
        return self._crash_frames(dump)

    def _crashed(self) -> CallResult:
        process = self._process
        try:
            code = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        log = self._log_tail()
        self._kill()
        if code is None:
            message = ("the homework's process sent dnnstep something that is not an answer during the "
                       "call (did the homework write to a file descriptor it did not open?); it was stopped")
        elif code in (-signal.SIGXCPU, 128 + signal.SIGXCPU) and self.limits.get("cpu"):
            message = f"the homework's process was stopped during the call: {describe_limit('cpu', self.limits['cpu'])}"
        else:
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            message = f"the homework's process {how} during the call (os._exit, a crash, or a segfault)"
        printed = clean(log.split("Fatal Python error")[0])  # what the homework printed, without the dump
        return CallResult("crash", message=message, output=printed, frames=self._crash_frames(log))

    def _crash_frames(self, log: str) -> list[dict]:
        """The homework's frames in a crash's faulthandler dump (most recent call last)."""
        chunks = {c.filename: c for c in self.homework.chunks}
        frames = []
        for filename, line, function in _FAULT_FRAME.findall(log):
            chunk = chunks.get(filename)
            if chunk is not None:
                lines = chunk.original.splitlines()
                code = lines[int(line) - 1].strip() if 0 < int(line) <= len(lines) else ""
                frames.append({"where": chunk.where, "line": int(line), "function": function, "code": code})
        return frames[::-1]

    def _log_tail(self, limit: int | None = 2000) -> str:
        if self._log is None:
            return ""
        try:
            self._log.seek(0)
            text = self._log.read().decode("utf-8", "replace")
            return text if limit is None else text[-limit:]
        except (OSError, ValueError):
            return ""

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            try:
                process.send_signal(signal.SIGTERM)  # the sandbox's outer process ends its PID namespace, and waits
                process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
            try:
                os.killpg(process.pid, signal.SIGKILL)  # without a namespace: the homework's own children too
            except OSError:
                pass
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            try:
                process.stdin.close()
            except OSError:
                pass
            # process.stdout is closed by _pump when it reads the end: closing it here would
            # wait for _pump's read, forever if a child the homework started holds the pipe.
        if self._mark and self.isolation != "namespaces":
            self.left_behind += end_marked(self._mark)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None


#: Control characters: C0 but tab and newline, DEL, C1, the line and paragraph separators and the
#: bidirectional overrides and isolates (which make a terminal show text in another order than it is).
_ERROR_KINDS = ("exception", "exit", "unsendable", "timeout")  # timeout: a function not called again


def clean(text: str, limit: int | None = 4000) -> str:
    """``text`` from the homework (the end of it, ``limit`` characters), safe to print: no control
    characters (terminal escapes, carriage returns, bidirectional overrides; ``plain_text.printable``,
    dnnstep's one sanitiser). The reports use it too."""
    return printable(text if limit is None else text[-limit:])


def answer(request: str, reply, record: tuple = ()) -> CallResult:
    """The :class:`CallResult` of ``reply``, the decoded answer to a request of kind ``request``.

    Raises:
        ProtocolError: the reply is not one the worker sends for that request.
    """
    _expect(type(reply) is tuple and len(reply) >= 3 and type(reply[-1]) is str, "a reply")
    output = clean(reply[-1])
    if reply[0] == "loaded" and request == "load" and len(reply) == 3:
        value = reply[1]
        _expect(type(value) is dict and set(value) == {"functions", "notes", "warnings", "isolation"},
                "a loaded reply")
        _expect(_strings(value["functions"]) and _strings(value["notes"]) and _strings(value["warnings"])
                and type(value["isolation"]) is str, "a loaded reply")
        value = {"functions": value["functions"], "notes": [clean(n) for n in value["notes"]],
                 "warnings": [clean(w) for w in value["warnings"]], "isolation": clean(value["isolation"])}
        return CallResult("ok", value=value, output=output)
    _expect(len(reply) == 4 and type(reply[2]) is dict, "a reply")
    extra = reply[2]
    calls = extra.get("calls", [])
    _expect(type(calls) is list and all(
        type(c) is tuple and len(c) == 3 and c[0] in record and type(c[1]) is tuple for c in calls), "watched calls")
    reference = _attempts(extra.get("reference", []))
    if reply[0] == "raised":
        error = _error(reply[1])
        return CallResult(error["kind"], message=error["message"], frames=error["frames"],
                          outside=error["outside"], output=output, calls=calls, reference=reference)
    _expect(reply[0] == "ok" and request in ("call", "put", "train", "hung"), "an answer to this request")
    changed = extra.get("changed_args", [])
    _expect(type(changed) is list and all(type(i) is int for i in changed), "changed arguments")
    value = reply[1]
    if request in ("put", "hung"):
        _expect(value is None, f"an answer to {request}")
    elif request == "train":
        _expect(type(value) is dict and type(value.get("keyframes")) is dict and type(value.get("done")) is int
                and all(type(k) is int and type(v) is dict for k, v in value["keyframes"].items()), "a training run")
        value["error"] = None if value.get("error") is None else _error(value["error"])
    return CallResult("ok", value=value, output=output, calls=calls, changed_args=changed, reference=reference)


def _attempts(attempts) -> list[dict]:
    """What the worker says the homework tried of dnnstep: each ``{"function", "what", "where"}`` of short text."""
    _expect(type(attempts) is list and len(attempts) <= 100 and all(
        type(a) is dict and set(a) == {"function", "what", "where"} and all(type(v) is str for v in a.values())
        for a in attempts), "what the homework tried of dnnstep")
    return [{"function": clean(a["function"], 100), "what": clean(a["what"], 300), "where": clean(a["where"], 300)}
            for a in attempts]


def course_text(homework: HomeworkSource) -> dict:
    """What the homework's process gets of the course for ``homework`` (see ``worker.StudentNamespace.load``):
    the graded names and helpers, each course function's parameter names (a watched call is recorded by them),
    the text of every course function it may lack (never of one it defines), and the texts of the course's
    modules it imports. A homework of Course 2 alone gets none of week 4's functions: a name it uses but never
    imports stays unbound, as in a fresh kernel (week 4's ``compute_cost`` is not its helper file's)."""
    own = set(homework.defined)
    graded, helpers = ((), ()) if (course2 := course2_only(homework.defined)) else (GRADED, HELPERS)
    return {"graded": list(graded), "helpers": list(helpers),
            "parameters": {name: list(names) for name, names in PARAMETERS.items()},
            "pieces": reference_source.pieces([*helpers, *(g for g in graded if g not in own)], without=own),
            "modules": helper_modules.homework_modules(homework, course2)}


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise ProtocolError(f"not {what}")


def _strings(value) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _frame(frame) -> dict:
    _expect(type(frame) is dict and type(frame.get("line")) is int and all(
        type(frame.get(k)) is str for k in ("where", "function", "code")), "a traceback frame")
    return {"where": clean(frame["where"], 300), "line": frame["line"], "function": clean(frame["function"], 200),
            "code": clean(frame["code"], 300)}


def _error(error) -> dict:
    _expect(type(error) is dict and error.get("kind") in _ERROR_KINDS and type(error.get("message")) is str
            and type(error.get("frames")) is list, "an error")
    outside = error.get("outside")
    return {"kind": error["kind"], "type": clean(str(error.get("type", "")), 200),
            "message": clean(error["message"], 2000), "frames": [_frame(f) for f in error["frames"]],
            "outside": None if outside is None else _frame(outside)}


def _hide_this_process() -> None:
    """Make dnnstep's process non-dumpable (Linux): without a PID namespace, the homework running as
    the same user still cannot open ``/proc/<dnnstep>/fd/1`` or read its memory."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
        except (OSError, AttributeError):
            pass


def _become_subreaper() -> None:
    """Orphans of the homework (double-forked daemons) become dnnstep's children, not init's (Linux)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        except (OSError, AttributeError):
            pass


def end_marked(mark: str) -> int:
    """Kill every process whose environment holds ``DNNSTEP_HOMEWORK=mark`` (the homework's, outside a PID
    namespace) and reap those that are dnnstep's children; returns how many there were."""
    needle = f"DNNSTEP_HOMEWORK={mark}".encode()
    ended = 0
    for _ in range(20):  # killing a parent may uncover more children
        found = []
        try:
            entries = [e for e in os.listdir("/proc") if e.isdigit()]
        except OSError:
            return ended
        for entry in entries:
            try:
                with open(f"/proc/{entry}/environ", "rb") as file:
                    if needle in file.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                continue
        found = [pid for pid in found if pid != os.getpid()]
        if not found:
            break
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            ended += 1
    return ended


@dataclass(frozen=True)
class Garbled:
    """What :func:`_pump` read when the channel held something that is not a message."""

    detail: str


def _pump(stream, replies: queue.Queue, stored: dict) -> None:
    """Read the child's replies into ``replies``; ``None`` when the child is gone, :class:`Garbled` when it
    sent something that is not a message (then nothing more is read)."""
    while True:
        try:
            data = read_bytes(stream)
            reply = None if data is None else decode(data, stored.__getitem__, writable=False)
        except Exception as error:  # noqa: BLE001 - the homework wrote into the channel: nothing more can be read
            reply = Garbled(f"{type(error).__name__}: {error}" if not isinstance(error, ProtocolError) else str(error))
        if reply is None or isinstance(reply, Garbled):
            replies.put(reply)
            try:
                stream.close()
            except OSError:
                pass
            return
        replies.put(reply)
