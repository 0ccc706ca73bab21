"""A class handed in as a zip archive: its homework members, unpacked safely for checking.

A zip comes from students, so it is read as untrusted: only its ``.py`` and ``.ipynb``
members are unpacked (the rest are counted), into a folder of dnnstep's scratch area, never
anywhere else. A member is refused, with its reason, when its path could leave that folder
(``../``, an absolute path, a drive letter), when it is a link, when it is encrypted, or when
it is larger than :data:`MEMBER_LIMIT` (its real size, read, not the size it declares); an
archive with more than :data:`MEMBER_COUNT_LIMIT` members, or whose homework members hold
more than :data:`TOTAL_LIMIT` bytes, is unpacked no further than the limit. A zip inside the
zip is not opened.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: The most one homework member may hold, unpacked (bytes).
MEMBER_LIMIT = 64 * 2**20
#: The most all the homework members of one archive may hold, unpacked (bytes).
TOTAL_LIMIT = 512 * 2**20
#: The most members an archive may list (all kinds); beyond it the archive is refused.
MEMBER_COUNT_LIMIT = 5000
HOMEWORK_SUFFIXES = (".py", ".ipynb")
_CHUNK = 2**20


@dataclass
class Unpacked:
    """What came out of one archive.

    Attributes:
        folder: where its members were unpacked (their paths below it are the members' own).
        files: the homework members unpacked, as paths below ``folder`` (``alice/hw.ipynb``).
        refused: ``(member, reason)`` for each homework member left packed.
        others: how many members are neither homework nor folders (not looked at).
        error: why the archive could not be read at all, or ``""``.
    """

    folder: Path
    files: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    others: int = 0
    error: str = ""


def unpack(archive: Path, folder: Path) -> Unpacked:
    """Unpack ``archive``'s homework members into ``folder`` (made here), within the limits above."""
    result = Unpacked(folder)
    try:
        with zipfile.ZipFile(archive) as zip_file:
            members = zip_file.infolist()
            if len(members) > MEMBER_COUNT_LIMIT:
                result.error = f"it lists {len(members)} members, more than the {MEMBER_COUNT_LIMIT} dnnstep opens"
                return result
            total = 0
            seen: set[str] = set()
            for info in members:
                name = info.filename.replace("\\", "/")
                if name.endswith("/"):
                    continue  # a folder
                if name.lower().endswith(".zip"):
                    result.refused.append((name, "a zip inside a zip is not opened"))
                    continue
                if not name.lower().endswith(HOMEWORK_SUFFIXES):
                    result.others += 1
                    continue
                reason = _unsafe(info, name)
                if reason is None and name in seen:
                    reason = "the archive holds another member of the same name"
                if reason is not None:
                    result.refused.append((name, reason))
                    continue
                seen.add(name)
                if total >= TOTAL_LIMIT:
                    result.refused.append((name, f"the archive's homework already holds {_size(TOTAL_LIMIT)}, "
                                                 "the most dnnstep unpacks"))
                    continue
                try:
                    size = _copy(zip_file, info, folder / name, min(MEMBER_LIMIT, TOTAL_LIMIT - total))
                except _TooLarge:
                    result.refused.append((name, f"larger than {_size(MEMBER_LIMIT)} unpacked"
                                           if TOTAL_LIMIT - total >= MEMBER_LIMIT else
                                           f"the archive's homework holds more than {_size(TOTAL_LIMIT)}"))
                    continue
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as error:
                    result.refused.append((name, f"cannot be unpacked: {error}"))
                    continue
                total += size
                result.files.append(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        result.error = f"not a readable zip archive: {error}"
    return result


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 1024} KiB"


def _unsafe(info: zipfile.ZipInfo, name: str) -> str | None:
    """Why the member ``name`` must not be unpacked, or ``None``."""
    path = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute path: it would be unpacked outside the archive's folder"
    if ".." in path.parts:
        return "its path climbs out of the archive's folder (..)"
    if "\0" in name or any(part in ("", ".") for part in name.split("/")[:-1]):
        return "an unusual path (empty or '.' parts)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
        return "not a regular file"
    if info.flag_bits & 0x1:
        return "encrypted"
    return None


class _TooLarge(Exception):
    pass


def _copy(zip_file: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> int:
    """Unpack one member to ``target``, reading no more than ``limit`` bytes; its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with zip_file.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _TooLarge
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size
