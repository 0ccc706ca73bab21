"""``dnnstep check FOLDER`` (or several files, or a zip): the class check as a command.

:func:`run_class` finds the class's files, checks them (:func:`~dnnstep.homework.class_check.check_class`),
writes the spreadsheet (``--csv``) and prints the report, with a progress line on a terminal.
An output file is replaced only by a complete one, written beside it and renamed into place: a run
stopped by Ctrl-C, SIGTERM or SIGHUP prints what finished, writes it to ``NAME.incomplete.csv``
(leaving ``NAME.csv`` as it was) and exits 130, 143 or 129. A sheet that holds a class is updated,
row by row, by a run on some of its files (:mod:`~dnnstep.homework.reporting.class_sheet`).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Callable, Sequence, TextIO

from dnnstep.export.atomic import Terminated, atomic_write_text
from dnnstep.homework.class_check import ClassOptions, Progress, check_class, scratch_folder, stopping_signals
from dnnstep.homework.class_folder import class_root, find_class
from dnnstep.homework.reporting.class_report import FileResult, interruption_name
from dnnstep.user_paths import UserPathError, check_writable, shown


def run_class(paths: Sequence[str | Path], *, scenario_names=None, timeout: float = 10.0, iterations: int = 3,
              data_dir: str | None = None, jobs: int = 0, file_timeout: float | None = None, as_json: bool = False,
              csv_path: str | None = None, out: TextIO | None = None, err: TextIO | None = None,
              limits: dict | None = None, full: bool = False, fresh: bool = False,
              cache_dir: str | Path | None = None, notes: Sequence[str] = ()) -> int:
    """``dnnstep check FOLDER`` / ``dnnstep check FILE FILE ...``: check, print the class report; the exit status.
    ``limits``: each homework's resource limits, as ``check_homework`` takes them; ``full``: every list of
    students whole in the text; ``fresh``: check every file again, whatever was kept; ``cache_dir``: where
    results are kept (default :func:`~dnnstep.homework.class_cache.cache_folder`); ``notes``: the report's first.

    Exit status: 0 every file of homework passes, 1 some file does not (or cannot be loaded, its check
    timed out or crashed, it was left in its archive), 2 no homework to check, a scenario that cannot be
    loaded, or a ``--csv`` file that cannot be written (or would lose a class's rows); 128 + the signal
    when interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
    """
    out, err = out or sys.stdout, err or sys.stderr
    with stopping_signals():
        try:
            return _run(paths, scenario_names, timeout, iterations, data_dir, jobs, file_timeout, as_json, csv_path,
                        out, err, limits, full, fresh, cache_dir, notes)
        except KeyboardInterrupt:  # a second Ctrl-C, while the results were written
            return _stopped(err, signal.SIGINT)
        except Terminated as stop:
            return _stopped(err, stop.signum)


def _stopped(err: TextIO, signum: int) -> int:
    _say(err, f"dnnstep check: stopped by {interruption_name(signum)}; every output file is as it was")
    return 128 + signum


def _run(paths, scenario_names, timeout, iterations, data_dir, jobs, file_timeout, as_json, csv_path, out, err,
         limits, full, fresh, cache_dir, notes) -> int:
    from dnnstep.homework.checking import load_scenarios
    from dnnstep.homework.class_cache import ResultCache
    from dnnstep.homework.reporting.class_report import to_json
    from dnnstep.homework.reporting.class_text import render
    from dnnstep.scenario import ScenarioError

    try:
        sheet, names = _sheet_to_update(csv_path, paths) if csv_path else (None, None)
    except _Refused as refusal:  # said before any file is checked
        print(f"dnnstep check: {refusal}", file=err)
        return 2
    try:
        scenarios, skipped = load_scenarios(scenario_names, os.path.abspath(data_dir) if data_dir else None)
    except ScenarioError as error:
        print(f"dnnstep check: {error}", file=err)
        return 2
    options = ClassOptions(scenarios, timeout, iterations, os.path.abspath(data_dir) if data_dir else None, jobs,
                           file_timeout, dict(limits or {}))
    with scratch_folder() as scratch:
        found = find_class(paths, scratch / "archives", names=names)
        outside = [FileResult(name, "not_homework", message=why) for name, why in found.not_homework]
        outside += [FileResult(name, "refused", message=why) for name, why in found.refused]
        if not found.files and not outside:
            for note in [*notes, *found.notes]:
                print(f"dnnstep check: {note}", file=err)
            print("dnnstep check: nothing to check (no .py, .ipynb or .zip files)", file=err)
            return 2
        cache = ResultCache(Path(cache_dir) if cache_dir else None)
        cache.prune()
        folder = str(class_root(paths))
        report = check_class(found.files, options, notes=[*notes, *found.notes, *skipped], outside=outside,
                             progress=progress_line(err), cache=cache, fresh=fresh, scratch=scratch, folder=folder,
                             others=found.others)
    written = ""
    if csv_path and (report.homework or sheet is None):  # a sheet is updated only with homework checked
        root = found.files[0].root if found.files else None
        try:
            written = _write_sheet(csv_path, report, sheet, root)
        except OSError as error:  # all of it or nothing: a sheet that was there stays whole
            _say(out, to_json(report) + "\n" if as_json else render(report, full=full))
            _say(err, f"dnnstep check: cannot write the CSV file {error.filename}: {error.strerror or error}")
            return 2
    if written:
        _say(err, f"dnnstep check: {written}")
    _say(out, to_json(report) + "\n" if as_json else render(report, full=full))
    kept = sum(f.cached for f in report.files)
    if kept and hasattr(err, "isatty") and err.isatty():  # on a terminal: the report is the same either way
        _say(err, f"dnnstep check: {kept} of {len(found.files)} results read back from {cache.folder}, kept from an "
                  "earlier run of the same files and options (--fresh checks every file again)")
    if not report.complete:
        done = sum(f.status != "not_checked" for f in report.homework)
        _say(err, f"dnnstep check: interrupted by {interruption_name(report.interrupted)} after "
                  f"{done} of {len(report.homework)} files")
    return report.exit_status


class _Refused(Exception):
    """The ``--csv`` file cannot be used; ``str()`` says why (and what to do)."""


def _sheet_to_update(csv_path: str, paths) -> tuple[list[dict] | None, dict[str, str] | None]:
    """The rows of the sheet a run on some files of a class updates, with those files' names in it; ``(None,
    None)`` when the run writes a whole sheet (a folder's run, or no sheet yet).

    Raises:
        _Refused: the file cannot be written, is not a dnnstep sheet, or does not hold one of the files.
    """
    from dnnstep.homework.reporting import class_sheet

    try:  # a folder, a missing folder, a name too long
        check_writable(csv_path)
    except UserPathError as error:
        raise _Refused(f"cannot write the CSV file {error}") from None
    try:
        sheet = class_sheet.read_sheet(csv_path)
    except class_sheet.SheetError as error:
        raise _Refused(str(error)) from None
    if not sheet or any(os.path.isdir(p) for p in paths):
        return None, None  # the folder's run writes the whole sheet
    names, missing = class_sheet.rows_for(sheet, [Path(p) for p in paths])
    if missing:
        raise _Refused(f"{csv_path} holds a class of {len(sheet)} rows and no row of "
                       f"{', '.join(str(p) for p in missing)}: not written, so that no row of the class is lost. "
                       f"To add a student, check the class folder again (dnnstep check FOLDER --csv {csv_path}: "
                       "only what changed is checked), or name another file.")
    return sheet, names


def _write_sheet(csv_path: str, report, sheet: list[dict] | None, root: Path | None) -> str:
    """Write the sheet: whole when the run is complete (the old one updated with the rows checked, when
    ``sheet``), else what finished beside it; what to tell the teacher, or ``""``.

    Raises:
        OSError: the file cannot be written (its ``filename`` set); the old sheet is as it was.
    """
    from dnnstep.homework.reporting import class_sheet

    table = class_sheet.rows(report)
    if sheet is not None:
        table = class_sheet.updated(sheet, table)
        table = class_sheet.relink(table, _fingerprints(table, report, root))
    target = csv_path if report.complete else class_sheet.incomplete_path(csv_path)
    try:
        atomic_write_text(target, class_sheet.to_csv(table))
    except OSError as error:
        error.filename = shown(target)
        raise
    if not report.complete:
        return f"{csv_path} is as it was; what finished is in {target}"
    _forget(class_sheet.incomplete_path(csv_path))
    if sheet is None:
        return ""
    checked = report.homework
    return (f"{csv_path}: updated the row{'s' if len(checked) != 1 else ''} of {', '.join(f.name for f in checked)}; "
            f"its other {len(table) - len(checked)} rows are as they were")


def _fingerprints(table, report, root: Path | None) -> dict[str, dict[str, str]]:
    """Each row's graded functions' fingerprints: from the files just checked, else read from the file below
    ``root`` (read as text, never run)."""
    from dnnstep.homework.reading.source import HomeworkLoadError, load_homework
    from dnnstep.homework.same_code import fingerprints

    found = {f.name: f.fingerprints for f in report.files}
    for row in table:
        name = row["file"]
        if name in found or root is None or not row.get("functions_failed"):
            continue
        try:
            found[name] = fingerprints(load_homework(root / name))
        except (HomeworkLoadError, OSError, ValueError, RecursionError):
            pass
    return found


def _forget(path: Path) -> None:
    """Remove an earlier run's incomplete sheet, now that a complete one is written (only a dnnstep sheet)."""
    from dnnstep.homework.reporting.class_sheet import SheetError, read_sheet

    try:
        if path.is_file() and read_sheet(path) is not None:
            path.unlink()
    except (OSError, SheetError):
        pass


def _say(stream: TextIO, text: str) -> None:
    """Write to a stream that may be gone (SIGHUP: the terminal closed): what matters is in the files."""
    try:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def progress_line(stream: TextIO) -> Callable[[Progress], None] | None:
    """A one-line progress display on ``stream`` when it is a terminal (files done, running, time left), else
    ``None``."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    shown = {"width": 0}

    def draw(state: Progress) -> None:
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        if state.done == state.total:
            text = ""
        else:
            bar = 20
            filled = bar * state.done // max(state.total, 1)
            left = f", about {_duration(state.seconds_left)} left" if state.seconds_left is not None else ""
            text = f"[{'#' * filled}{'.' * (bar - filled)}] {state.done}/{state.total} files{left}"
            if state.running:
                text += f"; checking {', '.join(state.running)}"
            text = text[:columns]
        try:
            stream.write("\r" + text.ljust(shown["width"]) + ("" if text else "\r"))
            stream.flush()
        except (OSError, ValueError):
            pass
        shown["width"] = len(text)

    return draw


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds} s" if seconds < 90 else f"{seconds // 60} min {seconds % 60:02d} s" if seconds < 3600 \
        else f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"

