"""Writing a file atomically: all of it or nothing, never half a file.

The content goes to a temporary file in the same folder, is flushed to disk, and then
``os.replace`` puts it in place in one step. If anything fails (an exception, Ctrl-C) the
temporary file is removed and a file that was already there is left as it was.
A path that is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is written
straight into: replacing it would put a plain file in place of the device or the pipe.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(file)`` on a temporary binary file, then move it to ``path``.

    Returns the path written. The new file gets the usual permissions (0666 minus the
    umask), as a plain ``open(path, "wb")`` would give it.
    """
    path = Path(path)
    if _is_special(path):
        with open(path, "wb") as file:
            write(file)
        return path
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
