"""Running the homework in a separate process, one call at a time, each with a timeout.

:class:`HomeworkProcess` starts ``python -m dnnstep.homework.running.worker``, loads the
homework into it, and calls its functions. Whatever the homework does, the call comes
back as a :class:`CallResult`: a value, or an exception with a traceback into the
student's file, or a timeout (the process is killed), or a crash (the process died, by
``os._exit`` or a segfault). After a timeout or a crash the next call starts a fresh
process, so one broken function never stops the check of the others, and nothing the
homework does can hang dnnstep. The process leads its own process group: stopping it
stops the processes the homework started too (``os.fork``, ``subprocess``).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dnnstep.homework.reading.source import HomeworkSource
from dnnstep.homework.running.protocol import Stored, decode, encode, read_bytes  # noqa: F401 - Stored is re-exported

DEFAULT_TIMEOUT = 10.0
_FAULT_FRAME = re.compile(r'^\s*File "(.+)", line (\d+) in (\S+)', re.MULTILINE)
LOAD_TIMEOUT_EXTRA = 20.0  # starting Python and numpy in the child comes on top of the homework's own time


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
    """

    status: str
    value: Any = None
    message: str = ""
    frames: list[dict] = field(default_factory=list)
    outside: dict | None = None
    output: str = ""
    calls: list[tuple] = field(default_factory=list)
    changed_args: list[int] = field(default_factory=list)

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
    """

    def __init__(self, homework: HomeworkSource, *, timeout: float = DEFAULT_TIMEOUT):
        self.homework = homework
        self.timeout = timeout
        self.functions: list[str] = []
        self.load_notes: list[str] = []
        self._process: subprocess.Popen | None = None
        self._replies: queue.Queue | None = None
        self._log = None
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
        self._kill()
        self._log = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", MPLBACKEND="Agg")
        for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(threads, "1")  # one call at a time: BLAS threads would only spin against dnnstep's
        env.pop("PYTHONSTARTUP", None)
        # dnnstep must be importable from the homework's folder when it runs from a source tree
        package_root = Path(__file__).resolve().parents[3]
        if package_root.name not in ("site-packages", "dist-packages"):
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(package_root), env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "dnnstep.homework.running.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=str(self.homework.path.resolve().parent),
            process_group=0,
        )
        self._replies = queue.Queue()
        threading.Thread(target=_pump, args=(self._process.stdout, self._replies, self._stored), daemon=True).start()
        chunks = [
            {"filename": c.filename, "where": c.where, "source": c.source, "original": c.original, "keep": c.keep}
            for c in self.homework.chunks
        ]
        result = self._ask(("load", chunks, tuple(self.homework.defined)), self.timeout + LOAD_TIMEOUT_EXTRA)
        if result.ok:
            self.functions = list(result.value["functions"])
            self.load_notes = list(result.value["notes"])
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
        return self._ask(("train", spec), timeout)

    def call(self, name: str, args: tuple, *, record: tuple[str, ...] = (), timeout: float | None = None,
             check_changes: bool = True) -> CallResult:
        """Call the homework's ``name(*args)`` in the child (the arguments travel as copies).

        ``check_changes`` compares the arguments before and after the call, to tell which
        ones the homework modified in place (``CallResult.changed_args``).
        """
        if name in self.hung:
            return CallResult("timeout", message=f"not called again: {self.hung[name]}")
        if self._process is None or self._process.poll() is not None:
            started = self.start()
            self.restarts += 1
            if not started.ok:
                return started
        request = ("call", name, tuple(args), tuple(record), check_changes)
        return self._ask(request, self.timeout if timeout is None else timeout)

    def close(self) -> None:
        """Stop the child (politely, then for sure)."""
        if self._process is not None and self._process.poll() is None:
            try:
                self._process.stdin.write(encode(("stop",)))
                self._process.stdin.flush()
                self._process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                pass
        self._kill()

    def _refer(self, obj) -> str | None:
        """Values the homework's process already holds travel as their key."""
        for key, value in self._stored.items():
            if obj is value:
                return key
        return None

    def _ask(self, request, timeout: float) -> CallResult:
        try:
            message = encode(request) if request[0] == "put" else encode(request, self._refer)
            self._process.stdin.write(message)
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._crashed()
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            return self._timed_out(request, timeout)
        if reply is None:
            return self._crashed()
        if reply[0] in ("ok", "loaded"):
            extra = reply[2] if reply[0] == "ok" else {}
            return CallResult(
                "ok", value=reply[1], output=reply[-1], calls=extra.get("calls", []),
                changed_args=extra.get("changed_args", []),
            )
        error, extra = reply[1], reply[2]
        return CallResult(
            error["kind"],
            message=error["message"],
            frames=error["frames"],
            outside=error.get("outside"),
            output=reply[-1],
            calls=extra.get("calls", []) if isinstance(extra, dict) else [],
        )

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
        else:
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            message = f"the homework's process {how} during the call (os._exit, a crash, or a segfault)"
        printed = log.split("Fatal Python error")[0]  # what the homework printed, without the dump
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
                os.killpg(process.pid, signal.SIGKILL)  # the homework's own children too
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
        if self._log is not None:
            self._log.close()
            self._log = None


def _pump(stream, replies: queue.Queue, stored: dict) -> None:
    """Read the child's replies into ``replies``; ``None`` when the child is gone."""
    while True:
        try:
            data = read_bytes(stream)
        except Exception:  # noqa: BLE001 - the homework wrote into the channel (a MemoryError for a garbage length)
            data = None
        if data is None:
            replies.put(None)
            try:
                stream.close()
            except OSError:
                pass
            return
        try:
            replies.put(decode(data, stored.__getitem__))
        except Exception as exc:  # noqa: BLE001 - e.g. an object of a class defined in the homework
            error = {"kind": "unsendable", "type": type(exc).__name__, "frames": [], "outside": None,
                     "message": f"returned a value dnnstep cannot compare ({type(exc).__name__}: {exc})"}
            replies.put(("raised", error, {}, ""))
