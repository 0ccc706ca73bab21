"""Keeping the homework from the reference, and noticing when it tries: inside the homework's process.

dnnstep's package is not there for the homework: the worker never imports it (the reference reaches
the process only as text, see :mod:`~dnnstep.homework.running.reference_source`), and once the worker
has loaded what it needs the sandbox hides the package's files (:mod:`~dnnstep.homework.running.confinement`).
On top of that, :class:`ReferenceGuard`

* fails every import of ``dnnstep`` or a module in it, however the name is spelt or built
  (``import dnnstep``, ``importlib.import_module("dnn" + "step.course")``, ``__import__``): a meta path
  finder first in line answers ``ModuleNotFoundError``;
* sees, through an audit hook (which Python code cannot remove), a file of dnnstep's being opened
  or listed: its package folder, or a ``dnnstep`` folder of a ``site-packages``;

and while a homework function runs for the check, it records each such attempt with the graded
function it came from (the innermost one on the stack) and where, for the report's ``uses-reference``
finding. While the homework is being loaded nothing is recorded: a notebook's ``import dnnstep``, for
``dnnstep.check(globals())``, is skipped with a note like any import that fails.

The guard sees what Python code does; the confinement is what holds (a homework that removes the
guard, or calls the C library itself, still finds no dnnstep to import or read).
"""

from __future__ import annotations

import os
import sys

PACKAGE = "dnnstep"
_PACKAGE_FOLDERS = ("site-packages", "dist-packages")
_FILE_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.chdir", "shutil.copyfile", "shutil.copytree"})


class ReferenceGuard:
    """The import blocker and audit hook of one homework process.

    Attributes:
        attempts: ``{"function", "what", "where"}`` for each attempt seen while watching.
        filenames: the homework's chunk file names -> ``where`` for people (``"hw.py"``).
        graded: the graded function names.
    """

    def __init__(self, package_dir: str, graded=()):
        self.package_dir = os.path.normpath(package_dir) if package_dir else ""
        self.graded = frozenset(graded)
        self.filenames: dict[str, str] = {}
        self.attempts: list[dict] = []
        self.calling: str | None = None  # the homework function called for the check, while it runs

    def install(self) -> None:
        sys.meta_path.insert(0, self)
        sys.addaudithook(self._audit)

    # -- the import blocker (a meta path finder) --------------------------------------------------------

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0].lower() == PACKAGE:
            self.saw(f"imports {_asked(fullname)}")
            raise ModuleNotFoundError(f"No module named {fullname!r}: dnnstep, the reference, is not available "
                                      "inside the homework's process", name=fullname)
        return None

    @staticmethod
    def invalidate_caches():
        pass

    # -- the audit hook ---------------------------------------------------------------------------------

    def _audit(self, event, args):
        if event not in _FILE_EVENTS or self.calling is None or not args:
            return
        path = args[0]
        if isinstance(path, int) or path is None:
            return
        try:
            text = os.fsdecode(path)
        except (TypeError, ValueError):
            return
        if self.is_dnnsteps(text):
            verb = "opens" if event in ("open", "shutil.copyfile") else "lists"
            self.saw(f"{verb} dnnstep's file {text}")

    def is_dnnsteps(self, path: str) -> bool:
        """``path`` (as the homework wrote it) is in dnnstep's package folder."""
        try:
            full = os.path.normpath(os.path.join(os.getcwd(), path))
        except OSError:
            full = os.path.normpath(path)
        if self.package_dir and (full == self.package_dir or full.startswith(self.package_dir + os.sep)):
            return True
        parts = [p.lower() for p in full.split(os.sep)]
        return any(parts[i] in _PACKAGE_FOLDERS and parts[i + 1] == PACKAGE for i in range(len(parts) - 1))

    # -- what was seen --------------------------------------------------------------------------------

    def saw(self, what: str) -> None:
        """Record an attempt, with the graded function it came from, while a homework function runs."""
        if self.calling is None:
            return
        function, where = self.calling, ""
        frame = sys._getframe(1)
        while frame is not None:
            chunk = self.filenames.get(frame.f_code.co_filename)
            if chunk is not None:
                if not where:
                    where = f"{chunk}, line {frame.f_lineno}"
                if frame.f_code.co_name in self.graded:
                    function = frame.f_code.co_name
                    where = f"{chunk}, line {frame.f_lineno}" if not where else where
                    break
            frame = frame.f_back
        attempt = {"function": function, "what": what, "where": where}
        if attempt not in self.attempts:
            self.attempts.append(attempt)

    def take(self) -> list[dict]:
        """The attempts seen since the last time, cleared."""
        taken, self.attempts = self.attempts, []
        return taken


def _asked(fullname: str) -> str:
    """The module the homework asked for, when ``fullname`` is a package imported on the way to it
    (``import dnnstep.course`` looks for ``dnnstep`` first)."""
    frame, asked = sys._getframe(1), fullname
    while frame is not None:
        if frame.f_code.co_name in ("_find_and_load", "_gcd_import") and isinstance(frame.f_locals.get("name"), str):
            asked = frame.f_locals["name"]
        frame = frame.f_back
    return asked
