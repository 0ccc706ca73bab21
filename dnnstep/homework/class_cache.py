"""The results a class check keeps, so that checking the class again checks only what changed.

Each file's result is kept under a key made of everything it depends on: the file's bytes and
name (the name is evidence of the course edition), the modules it imports from its own folder, the
course's data it reads from its folder (Course 2's football ``data.mat``), dnnstep's version and code,
the scenarios (their networks, parameters and data) and the options (``--timeout``, ``--iterations``,
the limits, the data of ``--data``). A resubmitted file has another key and is checked
again; the others are read back. ``--fresh`` checks every file again (and keeps the new results).

The results live in ``$XDG_CACHE_HOME/dnnstep/check/`` (``~/.cache/dnnstep/check/`` when it is not
set): a folder of small JSON files that can be deleted at any time. An entry is written beside its
place and renamed into it, so it is whole or absent; it is data that came from a student's code,
so it is read back as untrusted (a size limit, its key checked, every field checked by
:meth:`~dnnstep.homework.reporting.class_report.FileResult.from_json`): an entry that cannot be
read is ignored and the file checked again. A result that says something timed out is not kept:
time depends on how busy the machine was. Entries not used for :data:`KEEP_DAYS` days are removed.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import hashlib
import json
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

#: The most an entry may weigh when read back (bytes).
ENTRY_LIMIT = 32 * 2**20
#: Entries unused for this many days are removed.
KEEP_DAYS = 30
FORMAT = 1
#: The most a module the homework imports from its folder may weigh to be part of the key; beyond, its size and time.
MODULE_LIMIT = 4 * 2**20


def cache_folder() -> Path:
    """Where the class check keeps its results."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dnnstep" / "check"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """dnnstep's version and a digest of its code: a changed dnnstep never reads an older one's results."""
    from importlib import metadata

    import dnnstep

    package = Path(dnnstep.__file__).resolve().parent
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("dnnstep").encode())
    except metadata.PackageNotFoundError:
        pass
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".json", ".txt") and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def options_digest(scenarios, **options: Any) -> str:
    """A digest of the scenarios (every field, arrays by their bytes) and the options of a run."""
    digest = hashlib.sha256()
    _feed(digest, [code_digest(), list(scenarios), sorted(options.items())])
    return digest.hexdigest()


def _feed(digest, value: Any) -> None:
    """Feed ``value`` to ``digest``, the same way for equal values in every run (no ids, no addresses)."""
    if isinstance(value, np.ndarray):
        digest.update(f"array{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (str, int, float, bool, type(None), Path, np.generic)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, bytes):
        digest.update(b"bytes:" + value + b";")
    elif isinstance(value, enum.Enum):
        digest.update(f"enum:{value!r};".encode())
    elif isinstance(value, dict) or hasattr(value, "items"):
        digest.update(b"{")
        for key, item in sorted(value.items(), key=lambda pair: repr(pair[0])):
            _feed(digest, key)
            _feed(digest, item)
        digest.update(b"}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _feed(digest, item)
        digest.update(b"]")
    elif isinstance(value, (set, frozenset)):
        _feed(digest, sorted(value, key=repr))
    elif dataclasses.is_dataclass(value):
        digest.update(f"{type(value).__qualname__}(".encode())
        for item in dataclasses.fields(value):
            _feed(digest, item.name)
            _feed(digest, getattr(value, item.name))
        digest.update(b")")
    else:
        digest.update(f"{type(value).__qualname__}:{sorted(vars(value)) if hasattr(value, '__dict__') else ''}".encode())


def file_key(path: Path, name: str, options: str) -> str | None:
    """The key of ``path`` (named ``name``) checked with ``options`` (:func:`options_digest`); ``None`` when
    the file cannot be read (it is then checked, and reported as it is)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    for part in (str(FORMAT), options, name, hashlib.sha256(data).hexdigest(), _local_modules(path.parent, data),
                 course_data([path.parent])):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def course_data(places) -> str:
    """The course's data files a check reads from ``places`` (Course 2's football ``data.mat``), with their contents'
    digests: ``""`` when there is none."""
    from dnnstep.homework.course2.cases import football_files

    return ";".join(f"{path}:{_digest_of(path)}" for path in football_files(places) if path.is_file())


def _local_modules(folder: Path, data: bytes) -> str:
    """The modules the homework imports that its own folder holds, with their contents' digests."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    parts = []
    for module in sorted(_imported(text)):
        for candidate in (folder / f"{module}.py", folder / module):
            parts.append(f"{candidate.name}:{_digest_of(candidate)}")
    return ";".join(parts)


def _imported(text: str) -> set[str]:
    """The top-level names of the modules ``text`` imports (a notebook's cells read from its JSON)."""
    sources = [text]
    if text.lstrip().startswith("{"):
        try:
            cells = json.loads(text).get("cells", [])
            sources = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                       for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
        except (ValueError, AttributeError):
            pass
    names: set[str] = set()
    for source in sources:
        for line in source.splitlines():
            stripped = line.strip()
            if not stripped.startswith(("import ", "from ")):
                continue
            try:
                tree = ast.parse(stripped)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names


def _digest_of(path: Path) -> str:
    """A file's digest, a package folder's (its .py files'), or ``-`` when there is none."""
    try:
        if path.is_file():
            size = path.stat().st_size
            if size > MODULE_LIMIT:
                return f"{size}:{path.stat().st_mtime_ns}"
            return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        if path.is_dir():
            return ",".join(f"{p.relative_to(path)}={_digest_of(p)}" for p in sorted(path.rglob("*.py"))[:200])
    except OSError:
        return "?"
    return "-"


class ResultCache:
    """The kept results: :meth:`get` one by its key, :meth:`put` one (whole, or not at all)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else cache_folder()
        self.usable = True

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The result kept under ``key`` as its file's process sent it, or ``None`` (absent, unreadable,
        another key's)."""
        path = self._entry(key)
        try:
            if path.stat().st_size > ENTRY_LIMIT:
                return None
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key
                and isinstance(entry.get("result"), dict)):
            return None
        try:
            os.utime(path)  # used: kept another KEEP_DAYS
        except OSError:
            pass
        seconds = entry.get("seconds")
        return {"result": entry["result"], "seconds": seconds if isinstance(seconds, (int, float)) else 0.0}

    def put(self, key: str, result_text: str, seconds: float) -> None:
        """Keep ``result_text`` (a file's process's JSON) under ``key``; a cache that cannot be written is
        no cache (the check goes on)."""
        if not self.usable:
            return
        path = self._entry(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".part", dir=path.parent)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(f'{{"format": {FORMAT}, "key": "{key}", "seconds": {round(seconds, 3)}, "result": ')
                file.write(result_text)
                file.write("}")
            os.replace(temporary, path)
            temporary = None
        except OSError:
            self.usable = False
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass

    def prune(self, days: float = KEEP_DAYS) -> int:
        """Remove the entries not used for ``days`` days (and parts left by a killed run); how many."""
        cutoff = time.time() - days * 86400
        removed = 0
        try:
            folders = list(os.scandir(self.folder))
        except OSError:
            return 0
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            try:
                entries = list(os.scandir(folder.path))
            except OSError:
                continue
            for entry in entries:
                try:
                    old = entry.stat(follow_symlinks=False).st_mtime < (cutoff if entry.name.endswith(".json")
                                                                        else time.time() - 86400)
                    if old and entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass
        return removed
