"""The class as a spreadsheet (``--csv FILE``): one row per file, and how a new run meets an old sheet.

A row per file, homework first: ``file`` (the student, relative to the class folder), ``verdict``
(pass, fail, not checked, not homework), ``status``, the assignment(s), the edition, the functions
that pass and fail, where the pipeline first departs, the hint codes, the other students who
handed in the same wrong function, and ``message`` (the first thing to fix, or why there is no
report). No cell starts a spreadsheet formula.

A run that checks a folder writes the whole sheet. A run that checks some files of a class into a
sheet that already holds the class (a resubmission) updates their rows and keeps the others:
:func:`rows_for` finds each file's row by the names it can have below its folders; a file the sheet
does not hold is refused, so that a class's sheet is never replaced by a few rows. A file that is
not a dnnstep sheet is never written over.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from dnnstep.homework.reporting.class_report import ClassReport
from dnnstep.user_paths import problem

COLUMNS = ("file", "verdict", "ok", "status", "assignments", "edition", "functions_passed", "functions_failed",
           "first_divergence", "hints", "same_code_as", "message")
#: The most an existing sheet may weigh to be read (bytes).
SHEET_LIMIT = 64 * 2**20


class SheetError(Exception):
    """The sheet named by ``--csv`` cannot be used; ``str()`` says why and what to do."""


def rows(report: ClassReport) -> list[dict[str, str]]:
    """One row per file of the report (as text)."""
    found = []
    for f in report.files:
        found.append({
            "file": f.name, "verdict": f.verdict, "ok": {"pass": "yes", "fail": "no"}.get(f.verdict, ""),
            "status": f.status, "assignments": " + ".join(f.assignments), "edition": f.edition or "",
            "functions_passed": " ".join(f.passed), "functions_failed": " ".join(f.failed),
            "first_divergence": f.divergence_text(), "hints": " ".join(f.hints),
            "same_code_as": " ".join(report.same_code_as(f)) if f.homework else "", "message": f.first_problem()})
    return found


def to_csv(table: list[dict[str, str]], columns=COLUMNS) -> str:
    """The rows as CSV text (a cell never starts a formula)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in table:
        writer.writerow([_cell(row.get(column, "")) for column in columns])
    return out.getvalue()


def _cell(text: str) -> str:
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def read_sheet(path: str | Path) -> list[dict[str, str]] | None:
    """The rows of the dnnstep sheet at ``path``; ``None`` when there is none (no file, or an empty one).

    Raises:
        SheetError: the file is not a dnnstep sheet, or cannot be read.
    """
    path = Path(path)
    try:
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            return None
        if not path.is_file():
            return None  # a pipe or a device: written straight into, never read
        if path.stat().st_size > SHEET_LIMIT:
            raise SheetError(f"{path} is {path.stat().st_size // 2**20} MB, not a dnnstep sheet: not written over")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise SheetError(f"cannot read the CSV file {problem(path, error)}") from None
    except UnicodeDecodeError:
        raise SheetError(f"{path} is not UTF-8 text, so not a dnnstep class sheet: not written over; "
                         "name another file") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if not header or header[0] != "file" or "status" not in header or "ok" not in header:
        raise SheetError(f"{path} is not a dnnstep class sheet (its first row is not dnnstep's columns): "
                         "not written over; name another file")
    return [dict(zip(header, row)) for row in reader if row]


def rows_for(sheet: list[dict[str, str]], paths: list[Path]) -> tuple[dict[str, str], list[Path]]:
    """Each path's row name in the sheet (``{absolute path: name}``) and the paths it does not hold.

    A path's row is the one named by the path relative to one of its folders, the longest such name
    first (``class/bob smith/homework.ipynb`` is ``bob smith/homework.ipynb`` in the class's sheet).
    """
    held = {_unquoted(row.get("file", "")) for row in sheet}
    found, missing = {}, []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        names = [absolute.relative_to(parent).as_posix() for parent in absolute.parents]
        name = next((n for n in names if n in held), None)  # parents go up: the longest name first
        if name is None:
            missing.append(path)
        else:
            found[str(absolute)] = name
    return found, missing


def _unquoted(name: str) -> str:
    """A cell as the sheet shows it, without the quote that stops a formula."""
    return name[1:] if name[:1] == "'" and name[1:2] in ("=", "+", "-", "@", "\t", "\r") else name


def updated(sheet: list[dict[str, str]], table: list[dict[str, str]]) -> list[dict[str, str]]:
    """The old sheet with the rows of ``table`` in place of the rows of the same files."""
    new = {row["file"]: row for row in table}
    result = []
    for row in sheet:
        name = _unquoted(row.get("file", ""))
        result.append(new.pop(name) if name in new else {**{c: "" for c in COLUMNS}, **row, "file": name})
    return result + list(new.values())


def relink(table: list[dict[str, str]], fingerprints: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The rows with ``same_code_as`` found again across the whole sheet (after some rows were updated):
    the students whose failing function has the same fingerprint (``fingerprints``: file -> function ->
    fingerprint; a row whose file's are not known links to nobody)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for row in table:
        prints = fingerprints.get(row["file"], {})
        for function in row.get("functions_failed", "").split():
            if function in prints:
                groups.setdefault((function, prints[function]), []).append(row["file"])
    result = []
    for row in table:
        others: list[str] = []
        for files in groups.values():
            if row["file"] in files:
                others.extend(n for n in files if n != row["file"] and n not in others)
        result.append({**row, "same_code_as": " ".join(others)})
    return result


def incomplete_path(path: str | Path) -> Path:
    """Where an interrupted run writes what it finished: ``marks.incomplete.csv`` beside ``marks.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.incomplete{path.suffix or '.csv'}")
