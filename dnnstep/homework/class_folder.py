"""A class: the files a teacher named (folders, files, zip archives) as the students' homework to check.

Every student goes by the path of their file relative to the class folder (``bob smith/homework.ipynb``;
``late.zip/carol.py`` for a member of an archive), in every part of the report. :func:`find_class`
walks what was named and accounts for every file: the homework to check, the course's support
files left beside it, the files that are not homework, and the archive members left packed (with
their reasons).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from dnnstep.homework.archives import unpack
from dnnstep.user_paths import UserPathError, kind, shown

HOMEWORK_SUFFIXES = (".py", ".ipynb")
ARCHIVE_SUFFIXES = (".zip",)
#: The course's support files, which students keep beside their notebooks: in a folder they are not homework.
SUPPORT_FILE = re.compile(
    r"^(dnn_utils|dnn_app_utils|testCases|public_tests|test_utils|outputs|lr_utils|planar_utils"
    r"|init_utils|reg_utils|gc_utils|opt_utils)(_v\w+)?\.py$",  # week 4's, then Course 2's
    re.IGNORECASE)
#: Folders never searched for homework.
SKIPPED_FOLDERS = frozenset({"__pycache__", ".ipynb_checkpoints", "node_modules", "site-packages", "__MACOSX"})
NOT_HOMEWORK_SUFFIX = "not a .py or .ipynb file (nor a .zip of them)"


@dataclass(frozen=True)
class ClassFile:
    """One file of the class: ``name``, the student's name for it, relative to ``root``, where it is read.

    A member of an archive is read from the scratch folder it was unpacked to; ``archive`` names the archive.
    """

    root: Path
    name: str
    archive: str = ""

    @property
    def path(self) -> Path:
        return self.root / self.name


@dataclass
class Class:
    """What was named, accounted for.

    Attributes:
        files: the homework to check, in order (sorted by name within each folder or archive named).
        refused: ``(name, reason)`` for files that are not checked and may be a student's work: an
            archive member left packed (a ``../`` path, a link, too large), an archive that cannot be read.
        not_homework: ``(name, reason)`` for files named on the command line that are not homework.
        others: files of the folders that are not looked at (neither homework nor an archive).
        notes: the rest, for people (support files left out, an empty folder).
    """

    files: list[ClassFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    not_homework: list[tuple[str, str]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def class_root(paths: Sequence[str | Path]) -> Path:
    """The folder the students' names are relative to: the folder named, or the one all named paths share."""
    places = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    try:
        return Path(os.path.commonpath(places))
    except ValueError:  # nothing in common (another drive)
        return Path("/")


def name_below(root: Path, path: str | Path) -> str:
    """``path``'s name relative to ``root``, with ``/`` between folders."""
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def find_class(paths: Sequence[str | Path], scratch: Path | None = None, *,
               names: dict[str, str] | None = None) -> Class:
    """Every file of what was named, accounted for (see :class:`Class`).

    A folder gives its ``.py`` and ``.ipynb`` files and its zip archives, its subfolders' too, sorted
    by name, without hidden files and folders, notebook checkpoints and the course's support modules
    (``dnn_utils_v2.py``, ``testCases.py``). A file named on the command line is checked whatever it
    is (a missing one is reported as not loadable; a ``README.md`` as not homework). The same file
    named twice is checked once. Archives are unpacked into ``scratch`` (without it, they are refused).
    ``names``: a name to give a named file (its absolute path -> name), when an existing sheet already
    names it.
    """
    root = class_root(paths)
    found = Class()
    seen: set[Path] = set()
    archives = 0

    def add(path: Path, name: str | None = None) -> None:
        nonlocal archives
        try:
            key = path.resolve()
        except (RuntimeError, OSError):  # a loop of symbolic links (l1.py -> l2.py -> l1.py)
            found.notes.append(f"{shown(path)}: not checked: a loop of symbolic links")
            return
        if key in seen:
            return
        seen.add(key)
        here = root
        if name:  # the name an existing sheet gives it: relative to the folder that makes it so
            here = Path(os.path.abspath(path)).parents[len(Path(name).parts) - 1]
        name = name or name_below(root, path)
        if path.suffix.lower() in ARCHIVE_SUFFIXES and _is_file(path):
            archives += 1
            _archive(path, name, None if scratch is None else scratch / str(archives), found)
        else:
            found.files.append(ClassFile(here, name))

    for named in paths:
        path = Path(named)
        try:
            folder = kind(path) == "folder"
        except UserPathError:  # reported as not loadable, like a missing file
            folder = False
        if not folder:
            suffix = path.suffix.lower()
            if _is_file(path) and suffix not in HOMEWORK_SUFFIXES + ARCHIVE_SUFFIXES:
                found.not_homework.append((name_below(root, path), NOT_HOMEWORK_SUFFIX))
                continue
            add(path, (names or {}).get(os.path.abspath(path)))
            continue
        homework, support, others = _folder(path)
        if support:
            found.notes.append(f"{path}: not checked: " + _support(name_below(path, p) for p in support))
        if not homework:
            found.notes.append(f"{path}: no .py, .ipynb or .zip files in this folder")
        for file in homework:
            add(file)
        found.others.extend(name_below(root, p) for p in others)
    return found


def _folder(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """A folder's homework and archives, support files and other files, each sorted."""
    homework, support, others = [], [], []
    for here, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in names:
            if name.startswith("."):
                continue
            path = Path(here) / name
            if not name.lower().endswith(HOMEWORK_SUFFIXES + ARCHIVE_SUFFIXES):
                others.append(path)
            else:
                (support if SUPPORT_FILE.match(name) else homework).append(path)
    return sorted(homework), sorted(support), sorted(others)


def _archive(path: Path, name: str, folder: Path | None, found: Class) -> None:
    """The homework of the archive ``path`` (named ``name``), unpacked into ``folder``."""
    if folder is None:
        found.refused.append((name, "a zip archive: not opened here"))
        return
    unpacked = unpack(path, folder / name)
    if unpacked.error:
        found.refused.append((name, unpacked.error))
        return
    found.refused.extend((f"{name}/{member}", reason) for member, reason in unpacked.refused)
    homework, support, _ = _folder(unpacked.folder) if unpacked.files else ([], [], [])
    inside = [ClassFile(folder, f"{name}/{name_below(unpacked.folder, file)}", archive=name) for file in homework
              if file.suffix.lower() not in ARCHIVE_SUFFIXES]  # a zip inside is never unpacked: refused above
    if support:
        found.notes.append(f"{name}: not checked: " + _support(name_below(unpacked.folder, p) for p in support))
    if not inside and not unpacked.refused:
        found.notes.append(f"{name}: no .py or .ipynb files in this archive"
                           + (f" ({unpacked.others} other member{'s' if unpacked.others != 1 else ''})"
                              if unpacked.others else ""))
    found.files.extend(inside)


def _support(names) -> str:
    """``the course's support files a/dnn_utils.py, b/testCases.py and 3 more``."""
    names = sorted(names)
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"the course's support file{'s' if len(names) != 1 else ''} {shown}"


def _is_file(path: Path) -> bool:
    try:
        return kind(path) == "file"
    except UserPathError:
        return False
