"""The homework's scratch folder: made for one homework process, held by the dnnstep process that made it, removed.

A :class:`~dnnstep.homework.running.process.HomeworkProcess` gives its homework a folder of its own in the
temporary directory, ``dnnstep-homework-*``: ``home`` (the homework's ``HOME``, ``TMPDIR`` and working
directory) and ``root`` (where the sandbox mounts the homework's own root). dnnstep removes it when it stops
the homework, and at exit; a dnnstep that is killed (SIGKILL, a test runner's timeout) cannot. So the folder
holds a lock file, ``dnnstep.lock``, that the process which made it keeps locked (``flock``) as long as it
lives: the kernel lets go of the lock when the process ends, however it ends. The next :class:`ScratchFolder`
made in the same temporary directory removes the folders whose lock nobody holds (:func:`reap_stale`): only
those with that lock file, of this user, never one whose dnnstep still runs; a folder without the lock file
(another program's, or an older dnnstep's) is left alone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
import weakref

PREFIX = "dnnstep-homework-"
#: The lock file, in the folder, that its dnnstep process holds while it lives.
LOCK = "dnnstep.lock"

#: The temporary directories this process has reaped already (once each is enough).
_reaped: set[str] = set()


class ScratchFolder:
    """A new ``dnnstep-homework-*`` folder in the temporary directory, locked as this process's until
    :meth:`cleanup` removes it (or the interpreter exits).

    Attributes:
        name: the folder's path.
        home: ``<name>/home``, the homework's scratch (its ``HOME``, ``TMPDIR`` and working directory).
        root: ``<name>/root``, where the sandbox mounts the root of the homework's own (``mounts.py``).
    """

    def __init__(self):
        parent = tempfile.gettempdir()
        if parent not in _reaped:
            _reaped.add(parent)
            reap_stale(parent)
        self.name = tempfile.mkdtemp(prefix=PREFIX, dir=parent)
        lock = _claim(self.name)
        self._finalizer = weakref.finalize(self, _remove_held, self.name, lock, os.getpid())
        self.home = os.path.join(self.name, "home")
        self.root = os.path.join(self.name, "root")
        os.mkdir(self.home, 0o700)
        os.mkdir(self.root, 0o700)

    def cleanup(self) -> None:
        """Remove the folder and let go of its lock."""
        self._finalizer()


def _claim(folder: str) -> int:
    """Lock ``folder`` as this process's; the descriptor that holds the lock. The lock file gets its name only once it
    is locked, so that no one ever sees it unlocked while its dnnstep lives."""
    partial = os.path.join(folder, LOCK + ".new")
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(partial, os.path.join(folder, LOCK))
    return fd


def _remove_held(folder: str, lock: int, pid: int) -> None:
    """Remove ``folder``, then let go of its ``lock``; only in the process that made it (a fork's child that exits
    leaves its parent's folder alone)."""
    if os.getpid() != pid:
        return
    try:
        remove_folder(folder)
    finally:
        os.close(lock)


def reap_stale(parent: str) -> list[str]:
    """Remove the scratch folders in ``parent`` left by a dnnstep process that is gone: this user's
    ``dnnstep-homework-*`` folders whose lock file no process holds. Returns the folders removed."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            fd = os.open(os.path.join(entry.path, LOCK), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue  # no lock file: not a folder of this dnnstep's making
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # its dnnstep still runs
        try:
            remove_folder(entry.path)  # held locked meanwhile: a second reaper skips it
            removed.append(entry.path)
        finally:
            os.close(fd)
    return removed


def remove_folder(folder: str | os.PathLike) -> None:
    """Remove ``folder`` and everything in it, files and folders the homework made read-only too; what cannot be
    removed is left."""
    def writable(function, path, _):
        try:
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IRWXU)
            function(path)
        except OSError:
            pass
    shutil.rmtree(folder, onerror=writable)
