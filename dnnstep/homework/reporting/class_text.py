"""The class report as text: one line per student, the files outside the counts, then the tally.

The tally comes per assignment (each graded function's pass count out of the files that define
it), then the mistakes: by hint code, the failures no hint explains (by function and tensor), and
the students who handed in the same wrong function. Lists of students are cut after a few names
unless ``full`` is set (``--full``); the JSON and the spreadsheet always hold them whole.
"""

from __future__ import annotations

from dnnstep.homework.course2.assignments import ASSIGNMENTS as COURSE2_ASSIGNMENTS
from dnnstep.homework.reporting.class_report import ClassReport, FileResult, WORDS, interruption_name
from dnnstep.homework.reporting.report import unloaded_scenarios
from dnnstep.homework.running.process import clean as printable

_LINE_WORDS = {"unloadable": "ERROR", "timeout": "TIMEOUT", "crash": "CRASH", "not_checked": "-"}
#: Course 2's assignments, as the tally names them: their pipeline is the notebook's own ``model``.
_COURSE2 = frozenset(a.name for a in COURSE2_ASSIGNMENTS)
#: How many students a list names in the text before "and N more" (unless ``full``).
SHOWN = 6


def render(report: ClassReport, *, full: bool = False) -> str:
    """One line per student, the files outside the counts, then the tally across the class."""
    lines = _head(report)
    homework = [f for f in report.homework if f.status != "refused"]  # those are listed apart, with their reasons
    names = [f.name for f in homework]
    width = min(max((len(n) for n in names), default=0), 40)
    # the columns as wide as their longest entry ("2021/2023", "Course 2 Optimization Methods (W2A1)"), or none
    editions = max((len(f.edition or "?") for f in homework), default=0) if any(f.edition for f in homework) else 0
    several = len({a for f in homework for a in f.assignments}) > 1
    assignments = max((len(" + ".join(f.assignments) or "?") for f in homework), default=0) if several else 0
    for f in homework:
        lines.append(_line(f, width, editions, assignments))
    lines.extend(_apart(report))
    lines.append("")
    lines.extend(_tally(report, full))
    return "\n".join(printable(line, None) for line in lines) + "\n"


def _head(report: ClassReport) -> list[str]:
    lines = []
    if not report.complete:
        t = report.tally()
        unfinished = len(t["not_checked"]) - sum(f.status == "refused" for f in report.files)
        lines.append(f"INCOMPLETE: interrupted by {interruption_name(report.interrupted)}: "
                     f"{t['homework'] - unfinished} of {t['homework']} files checked; the other {unfinished} are "
                     "listed as not checked. Run the same command again: only they are checked.")
    unloaded, notes = unloaded_scenarios(report.notes)
    if report.scenarios:
        lines.append(f"scenarios: {', '.join(report.scenarios)}")
    if unloaded:
        lines.append(f"not run: {unloaded}")
    lines.extend(f"note: {note}" for note in notes)
    return lines


def _line(f: FileResult, width: int, editions: int, assignments: int) -> str:
    """A student's line; ``editions``, ``assignments``: those columns' widths (0: no such column)."""
    name = f.name.ljust(width)
    edition = f"  {f.edition or '?':<{max(editions, 7)}}" if editions else ""
    assignment = f"  {' + '.join(f.assignments) or '?':<{max(assignments, 12)}}" if assignments else ""
    if f.status != "checked":
        word = _LINE_WORDS.get(f.status, "?")
        return f"{word:<7} {name}{' ' * len(edition)}{assignment}  {WORDS[f.status]}: {f.message}"
    word = "PASS" if f.ok else "FAIL"
    total = len(f.functions)
    parts = [f"{len(f.passed)}/{total} functions pass"]
    if f.failed:
        parts[0] += f", fail: {f.failed_text()}"
    if f.divergence:
        parts.append(f"departs at {f.divergence_text()}")
    if f.hints:
        parts.append(f"hints: {', '.join(f.hints)}")
    return f"{word:<7} {name}{edition}{assignment}  " + "; ".join(parts)


def _apart(report: ClassReport) -> list[str]:
    """The files outside the counts, each with its reason."""
    lines = []
    for status, title in (("not_homework", "Not homework (not counted):"),
                          ("refused", "Not checked (left in their archive):")):
        files = [f for f in report.files if f.status == status]
        if files:
            width = min(max(len(f.name) for f in files), 40)
            lines += ["", title] + [f"  {f.name:<{width}}  {f.message}" for f in files]
    return lines


def _tally(report: ClassReport, full: bool) -> list[str]:
    t = report.tally()
    if not t["homework"]:
        return ["Nothing to check: no homework among the files."]
    students = lambda names: _students(names, full)  # noqa: E731
    counts = f"{t['passed']} pass, {t['failed']} fail"
    if t["not_checked"]:
        counts += f", {len(t['not_checked'])} not checked"
    lines = [f"Across the class: {t['homework']} file{'s' if t['homework'] != 1 else ''} of homework, {counts}."]
    for key in ("could_not_be_loaded", "timed_out", "crashed"):
        if t[key]:
            lines.append(f"  {key.replace('_', ' ').capitalize()}: {students(t[key])}")
    for assignment, entry in t["assignments"].items():
        n = len(entry["files"])
        parts = [f"{len(entry['passed'])} pass", f"{len(entry['failed'])} fail"]
        if entry["not_checked"]:
            parts.append(f"{len(entry['not_checked'])} not checked")
        lines += ["", f"{assignment}: {n} file{'s' if n != 1 else ''}, {', '.join(parts)}"]
        rows = [(name, f"{c['passed']}/{c['of']}", _failing(c["failed"], c["not_run"], students))
                for name, c in entry["functions"].items()]
        pipeline = entry["pipeline"]
        if pipeline["ran"]:
            departed = [n for n in pipeline["ran"] if n in pipeline["departed"]]
            run = "the model" if assignment in _COURSE2 else "the pipeline"  # Course 2: the notebook's own model
            rows.append((f"{run}, step by step", f"{len(pipeline['ran']) - len(departed)}/{len(pipeline['ran'])}",
                         f"departs: {students(departed)}" if departed else ""))
        width = max(len(row[0]) for row in rows) if rows else 0
        score = max(len(row[1]) for row in rows) if rows else 0
        for name, count, failing in rows:
            lines.append(f"  {name:<{width}}  {count:>{score}}" + (f"  {failing}" if failing else ""))
    if t["editions"]:
        lines += ["", "Editions: " + ", ".join(f"{e} {n}" for e, n in t["editions"].items())]
    for key, title in (("mistakes", "Mistakes (hint code, students):"),
                       ("unexplained", "Failures no hint explains (function: what, students):")):
        if t[key]:
            width = min(max(len(what) for what in t[key]), 60)
            lines += ["", title]
            lines += [f"  {what:<{width}}  {len(names):>3}  {students(names)}" for what, names in t[key].items()]
    if t["same_code"]:
        lines += ["", "The same wrong code, handed in by several students:"]
        lines += [f"  {_and(group['files'], full)}: the same {group['function']}" for group in t["same_code"]]
    return lines


def _failing(failed: list[str], not_run: list[str], students) -> str:
    """``fail: a.py, b.py; no report: c.py``."""
    parts = [f"fail: {students(failed)}"] if failed else []
    if not_run:
        parts.append(f"no report: {students(not_run)}")
    return "; ".join(parts)


def _students(names: list[str], full: bool) -> str:
    if full or len(names) <= SHOWN:
        return ", ".join(names)
    return ", ".join(names[:SHOWN - 1]) + f", and {len(names) - SHOWN + 1} more (--full lists them)"


def _and(names: list[str], full: bool) -> str:
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return _students(names, full)
