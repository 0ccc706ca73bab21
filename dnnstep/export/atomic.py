"""Writing a file atomically: all of it or nothing, never half a file.

The content goes to a temporary file in the same folder, is flushed to disk, and then
``os.replace`` puts it in place in one step. If anything fails (an exception, Ctrl-C,
SIGTERM or SIGHUP) the temporary file is removed and a file that was already there is left
as it was. While a file is written from the main thread, SIGTERM and SIGHUP raise
``Terminated`` (so the temporary file is cleaned up like on Ctrl-C); the handlers that were
there before come back afterwards. SIGKILL cannot be caught: it leaves the temporary file,
a hidden ``.NAME.<random>.part`` beside the target, which may then be deleted.
A path that is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is written
straight into: replacing it would put a plain file in place of the device or the pipe. A
named pipe that no program reads is refused at once instead of waited on for ever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Callable

PREFIX_CHARACTERS = 60
"""How much of the target's name the temporary file's name repeats."""


#: The signals that end a write like Ctrl-C does (those that exist on this platform).
CAUGHT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was written; ``signum`` says which.

    A ``BaseException`` like ``KeyboardInterrupt``: it is not an error of the program, and
    ``except Exception`` must not swallow it.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


@contextlib.contextmanager
def _signals_end_the_write():
    """SIGTERM and SIGHUP raise ``Terminated`` inside the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(signum)

    previous = {}
    try:
        for signum in CAUGHT_SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # under nohup, SIGHUP stays ignored
                previous[signum] = signal.signal(signum, terminate)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(file)`` on a temporary binary file, then move it to ``path``.

    Returns the path written. The new file gets the usual permissions (0666 minus the
    umask), as a plain ``open(path, "wb")`` would give it.
    """
    path = Path(path)
    if _is_special(path):
        with os.fdopen(_open_special(path), "wb") as file:
            write(file)
        return path
    folder = path.parent if str(path.parent) else Path(".")
    # the temporary name stays short enough for a file system's limit (255 bytes) even when
    # the target's own name is near it
    with _signals_end_the_write():
        temporary = None
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name[:PREFIX_CHARACTERS]}.", suffix=".part",
                                                     dir=folder)
            with os.fdopen(descriptor, "wb") as file:
                write(file)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
        except BaseException:
            try:
                if temporary is not None:
                    os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """``atomic_write`` of UTF-8 text."""
    return atomic_write(path, lambda file: file.write(text.encode("utf-8")))


def _is_special(path: Path) -> bool:
    """True for an existing path that is neither a regular file nor a folder (a device, a pipe)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _open_special(path: Path) -> int:
    """A descriptor writing into a device or a named pipe; a pipe that nothing reads is an
    ``OSError`` at once (opening it the usual way would wait for a reader for ever)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "it is a named pipe that no program is reading", str(path)) from None
        raise
    os.set_blocking(descriptor, True)
    return descriptor


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
