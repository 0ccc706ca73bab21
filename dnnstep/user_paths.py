"""The paths a user gives: what each one is, or one message saying why it cannot be used.

Every path that comes from a person (a scenario file, a data file named in one, ``--data DIR``,
a homework, ``--to``, ``--csv``) is looked at here before it is opened, so that whatever
the system says about it (a name longer than it allows, a loop of symbolic links, a folder
that cannot be searched, a current folder that was deleted) becomes one sentence naming the
path, and a named pipe or a device is refused by name instead of being read (which would
wait for ever for a writer) or taken for a missing file::

    kind(path)                  "file", "folder", "named pipe", ..., or None when nothing is there
    regular_file(path)          the path, when it is a regular file one can read; else UserPathError
    check_writable(path)        UserPathError when a file cannot be written there (a folder, no such folder)
    current_folder()            the current folder, or None when it was deleted under us
    expanded(path)              ~ and ~user expanded (as written when there is no such home)
    shown(path)                 the path as a message shows it (a very long one shortened)

Only the standard library; every floor may use it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

SHOWN_CHARACTERS = 160
"""A path longer than this is shown as its first 40 characters, an ellipsis and its last 12."""

_KINDS = ((stat.S_ISREG, "file"), (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe"),
          (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))


class UserPathError(ValueError):
    """A path that cannot be used; ``str()`` is the whole message, starting with the path."""


def shown(path: str | Path) -> str:
    """``path`` as a message shows it: whole, or its two ends around an ellipsis when very long."""
    text = str(path)
    return text if len(text) <= SHOWN_CHARACTERS else f"{text[:40]}…{text[-12:]}"


def kind(path: str | Path) -> str | None:
    """What is at ``path`` (symbolic links followed): ``"file"``, ``"folder"``, ``"named pipe"``,
    ``"character device"``, ``"block device"``, ``"socket"``, or ``None`` when nothing is there.

    Raises ``UserPathError`` when the system cannot say (a name too long, a loop of links,
    a folder on the way that cannot be searched).
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise UserPathError(problem(path, error)) from None
    except ValueError:  # a NUL byte in the name
        raise UserPathError(f"{shown(path)!r}: a path cannot hold a NUL character") from None
    return next((name for test, name in _KINDS if test(mode)), "special file")


def regular_file(path: str | Path, *, missing: str = "no such file") -> Path:
    """``path`` as a ``Path`` when it is a regular file (or a link to one); else ``UserPathError``
    saying what it is: missing (``missing`` says it), a folder, a pipe or a device."""
    found = kind(path)
    if found == "file":
        return Path(path)
    if found is None:
        raise UserPathError(f"{shown(path)}: {missing}")
    raise UserPathError(f"{shown(path)}: {not_a_file(found)}")


def check_writable(path: str | Path) -> None:
    """``UserPathError`` when ``path`` cannot be written as a file: it is a folder, the folder it
    would go in does not exist, or the system refuses the name. A device or a named pipe may be
    written into (``/dev/stdout``); ``dnnstep.export.atomic`` refuses a pipe that nothing reads."""
    target = Path(path)
    if kind(target) == "folder":
        raise UserPathError(f"{shown(path)}: is a folder; give a file name")
    if kind(target.parent) != "folder":
        raise UserPathError(f"{shown(path)}: the folder {shown(target.parent)} does not exist")


def not_a_file(found: str) -> str:
    """Why a path of kind ``found`` (not ``"file"``) is not read: ``"is a folder, not a file"``,
    ``"is a character device, not a regular file; dnnstep reads only regular files"``."""
    if found == "folder":
        return "is a folder, not a file"
    return f"is a {found}, not a regular file; dnnstep reads only regular files"


def problem(path: str | Path, error: OSError) -> str:
    """One sentence for an ``OSError`` met on ``path``, starting with the path."""
    if error.errno == errno.ENAMETOOLONG:
        longest = _longest_name(path)
        names = [part for part in Path(path).parts if len(os.fsencode(part)) > longest]
        if names:
            which = "the file name" if names[0] == Path(path).name else f"the folder name {shown(names[0])}"
            return (f"{shown(path)}: {which} is {len(os.fsencode(names[0]))} bytes long; "
                    f"the file system takes names of at most {longest} bytes")
        return f"{shown(path)}: the path is longer than the system allows ({len(os.fsencode(str(path)))} bytes)"
    if error.errno == errno.ELOOP:
        return f"{shown(path)}: a loop of symbolic links (a link that leads back to itself)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{shown(path)}: permission denied (a folder on the way cannot be searched, or the file read)"
    return f"{shown(path)}: {error.strerror or error}"


def expanded(path: str | Path) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded; as written when there is no such home
    (``~nobody/x.toml`` is then a file that does not exist, not a crash)."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)


def current_folder() -> Path | None:
    """The current folder, or ``None`` when it no longer exists (deleted under the running command)."""
    try:
        return Path.cwd()
    except OSError:
        return None


def _longest_name(path: str | Path) -> int:
    """The longest file name the file system under ``path`` takes, in bytes (255 when it does not say)."""
    folder = Path(path).parent
    while True:
        try:
            return int(os.pathconf(folder if str(folder) else ".", "PC_NAME_MAX"))
        except (OSError, ValueError):
            if folder == folder.parent:
                return 255
            folder = folder.parent
