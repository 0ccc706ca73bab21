"""The report of a whole class: one line per file, then the tally across the class.

A :class:`FileResult` is one file's outcome: its single-file report (the JSON of
``dnnstep check FILE --json``), or why there is none (the file cannot be loaded, its check
timed out or crashed). :class:`ClassReport` holds them in the order of the files and
renders them as text, JSON (one record per file) or CSV.

Everything here comes from the students' files through their processes: strings are
cleaned of control characters before they reach a terminal, a CSV cell cannot start a
spreadsheet formula, and a field of the wrong type is read as missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dnnstep.homework.reading.source import GRADED
from dnnstep.homework.running.process import clean as printable

STATUSES = ("checked", "unloadable", "timeout", "crash")
_WORDS = {"unloadable": "ERROR", "timeout": "TIMEOUT", "crash": "CRASH"}
CSV_COLUMNS = ("file", "ok", "status", "edition", "functions_passed", "functions_failed", "first_divergence",
               "hints", "message")


def clean(text: Any, limit: int = 200) -> str:
    """``text`` on one line, without control characters (a homework's message may hold terminal escapes;
    :func:`~dnnstep.homework.running.process.clean`)."""
    if not isinstance(text, str):
        return ""
    text = " ".join(printable(text, None).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def edition_of(report: dict | None) -> str | None:
    """The course edition the file was judged by, as the single-file report names it, or ``None``.

    This is the one place the class report reads the edition: the single-file report gives it
    as ``"edition": "2017"`` or as ``"edition": {"edition": "2017", ...}``.
    """
    if not isinstance(report, dict):
        return None
    edition = report.get("edition")
    if isinstance(edition, dict):
        edition = edition.get("edition", edition.get("key", edition.get("name")))
    return (clean(edition, 40) or None) if isinstance(edition, str) else None


@dataclass
class FileResult:
    """One file of the class.

    Attributes:
        path: the file as named (or found in a folder).
        status: ``"checked"`` (``report`` holds the single-file report), ``"unloadable"`` (the
            file cannot be read or loaded), ``"timeout"`` (its check took too long and was
            stopped) or ``"crash"`` (its check's process died).
        report: the single-file report's JSON, when checked.
        message: why there is no report.
        seconds: how long the file's check took.
    """

    path: str
    status: str
    report: dict | None = None
    message: str = ""
    seconds: float = 0.0

    @classmethod
    def from_json(cls, path: str, data: Any, seconds: float = 0.0) -> "FileResult":
        """What a file's process sent back, checked field by field."""
        if not isinstance(data, dict) or data.get("status") not in STATUSES:
            return cls(path, "crash", message="the check of this file sent back something that is not a report",
                       seconds=seconds)
        if data["status"] == "checked":
            if not isinstance(data.get("report"), dict):
                return cls(path, "crash", message="the check of this file sent back a report without findings",
                           seconds=seconds)
            return cls(path, "checked", report=data["report"], seconds=seconds)
        return cls(path, data["status"], message=clean(data.get("message"), 2000), seconds=seconds)

    @property
    def ok(self) -> bool:
        return self.status == "checked" and self.report.get("ok") is True

    @property
    def edition(self) -> str | None:
        return edition_of(self.report)

    @property
    def functions(self) -> list[dict]:
        return _dicts(self.report.get("functions")) if self.report else []

    @property
    def passed(self) -> list[str]:
        return [clean(f.get("function"), 60) for f in self.functions if f.get("status") == "ok"]

    @property
    def failed(self) -> list[str]:
        return [clean(f.get("function"), 60) for f in self.functions if f.get("status") != "ok"]

    def failed_text(self) -> str:
        """``"linear_backward, compute_cost (timeout)"``: the failing functions, with how when not a mismatch."""
        parts = []
        for f in self.functions:
            status = clean(f.get("status"), 20)
            if status != "ok":
                how = f" ({status})" if status not in ("mismatch", "") else ""
                parts.append(clean(f.get("function"), 60) + how)
        return ", ".join(parts)

    @property
    def divergence(self) -> dict | None:
        """The first pipeline's departure from the reference, or ``None``."""
        for pipeline in _dicts(self.report.get("pipelines") if self.report else None):
            if isinstance(pipeline.get("divergence"), dict):
                return pipeline["divergence"]
        return None

    def divergence_text(self) -> str:
        """``"step_by_step, iteration 0, backward 3 (L_model_backward)"``, or ``""``."""
        d = self.divergence
        if d is None:
            return ""
        if d.get("place"):  # a Course 2 model: "epoch 0, mini-batch 1: update (update_parameters_with_adam)"
            return f"{clean(d.get('scenario'), 60)}, {clean(d.get('place'), 90)} (in {clean(d.get('function'), 60)})"
        iteration = d.get("iteration")
        iteration = f", iteration {iteration}" if isinstance(iteration, int) else ""
        return f"{clean(d.get('scenario'), 60)}{iteration}, {clean(d.get('step'), 30)} ({clean(d.get('function'), 60)})"

    @property
    def hints(self) -> list[str]:
        """The hint codes of the report, each once, in the report's order."""
        codes = []
        sources = [f.get("hints") for f in self.functions]
        sources += [p["divergence"].get("hints") for p in _dicts(self.report.get("pipelines") if self.report else None)
                    if isinstance(p.get("divergence"), dict)]
        for hints in sources:
            for hint in _dicts(hints):
                code = clean(hint.get("code"), 40)
                if code and code not in codes:
                    codes.append(code)
        return codes

    def findings(self) -> list[dict]:
        """What is wrong, one entry per failing function and per pipeline departure."""
        found = []
        for f in self.functions:
            if f.get("status") != "ok":
                found.append({"function": clean(f.get("function"), 60), "status": clean(f.get("status"), 20),
                              "case": clean(f.get("case")), "hints": [clean(h.get("code"), 40) for h in _dicts(f.get("hints"))],
                              "message": _function_problem(f)})
        for p in _dicts(self.report.get("pipelines") if self.report else None):
            d = p.get("divergence")
            if isinstance(d, dict):
                found.append({"pipeline": clean(p.get("scenario"), 60), "step": clean(d.get("step"), 30),
                              "iteration": d.get("iteration") if isinstance(d.get("iteration"), int) else None,
                              "function": clean(d.get("function"), 60), "status": clean(d.get("status"), 20),
                              "hints": [clean(h.get("code"), 40) for h in _dicts(d.get("hints"))]})
        return found

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` record of this file."""
        return {
            "file": self.path,
            "ok": self.ok,
            "status": self.status,
            "edition": self.edition,
            "functions_passed": self.passed,
            "functions_failed": self.failed,
            "first_divergence": self.divergence_text() or None,
            "hints": self.hints,
            "findings": self.findings(),
            "message": self.message or None,
            "seconds": round(self.seconds, 2),
            "report": self.report,
        }


def _function_problem(f: dict) -> str:
    """The first thing wrong with a function: its first mismatching tensor, or its error."""
    for mismatch in _dicts(f.get("mismatches")):
        return clean(f"{mismatch.get('tensor')} {mismatch.get('problem')}", 120)
    problems = f.get("problems")
    if isinstance(problems, list) and problems:
        return clean(problems[0], 120)
    return clean(f.get("message"), 120)


@dataclass
class ClassReport:
    """Every file of a class, in the order they were named."""

    files: list[FileResult]
    notes: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.files) and all(f.ok for f in self.files)

    @property
    def exit_status(self) -> int:
        """0 every file passes, 1 some file does not, 2 there was nothing to check."""
        return 2 if not self.files else 0 if self.ok else 1

    def tally(self) -> dict[str, Any]:
        """Across the class: how many files pass, how many students made each mistake, which functions fail."""
        mistakes: dict[str, list[str]] = {}
        functions: dict[str, list[str]] = {}
        for f in self.files:
            for code in f.hints:
                mistakes.setdefault(code, []).append(f.path)
            for name in f.failed:
                functions.setdefault(name, []).append(f.path)
        course = {name: i for i, name in enumerate(GRADED)}
        order = lambda table: dict(sorted(  # noqa: E731 - most students first, then in course order
            table.items(), key=lambda item: (-len(item[1]), course.get(item[0], len(course)), item[0])))
        return {
            "files": len(self.files),
            "passed": sum(f.ok for f in self.files),
            "failed": sum(not f.ok for f in self.files),
            "not_checked": {s: sum(f.status == s for f in self.files) for s in STATUSES[1:]},
            "mistakes": order(mistakes),
            "functions": order(functions),
            "editions": dict(Counter(f.edition for f in self.files if f.edition).most_common()),
        }

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "exit_status": self.exit_status, "scenarios": self.scenarios, "notes": self.notes,
                "files": [f.to_json() for f in self.files], "tally": self.tally()}

    def to_csv(self) -> str:
        """One row per file, for a spreadsheet (a cell never starts a formula)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for f in self.files:
            row = (f.path, "yes" if f.ok else "no", f.status, f.edition or "", " ".join(f.passed), " ".join(f.failed),
                   f.divergence_text(), " ".join(f.hints), f.message or _first_problem(f))
            writer.writerow([_cell(str(v)) for v in row])
        return out.getvalue()


def _first_problem(f: FileResult) -> str:
    findings = f.findings()
    if not findings:
        return ""
    first = findings[0]
    if "pipeline" in first:
        return f"pipeline departs at {f.divergence_text()}"
    return f"{first['function']}: {first['message']}" if first["message"] else first["function"]


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_json(report: ClassReport) -> str:
    """The class report as JSON (NaN and infinities in a file's report written as strings)."""
    from dnnstep.homework.reporting.report import json_safe

    return json.dumps(json_safe(report.to_json()), indent=2, allow_nan=False, default=str)


def render(report: ClassReport) -> str:
    """One line per file, then the tally across the class."""
    lines = []
    if report.scenarios:
        lines.append(f"scenarios: {', '.join(report.scenarios)}")
    lines.extend(f"note: {clean(note, 300)}" for note in report.notes)
    names = _short_names([f.path for f in report.files])
    width = min(max((len(n) for n in names), default=0), 40)
    editions = any(f.edition for f in report.files)
    for f, name in zip(report.files, names):
        lines.append(_line(f, name, width, editions))
    lines.append("")
    lines.extend(_tally(report))
    return "\n".join(lines) + "\n"


def _short_names(paths: list[str]) -> list[str]:
    """The files' paths below the folder they all share (``class/bob.py`` -> ``bob.py``)."""
    if not paths:
        return []
    try:
        common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
    except ValueError:
        return [clean(p, 300) for p in paths]
    return [clean(os.path.relpath(os.path.abspath(p), common), 300) for p in paths]


def _line(f: FileResult, name: str, width: int, editions: bool) -> str:
    name = name.ljust(width)
    if f.status != "checked":
        return f"{_WORDS[f.status]:<7} {name}  {f.message}"
    word = "PASS" if f.ok else "FAIL"
    edition = f"  {f.edition or '?':<7}" if editions else ""
    total = len(f.functions)
    if not total:
        return f"{word:<7} {name}{edition}  defines none of the graded functions"
    parts = [f"{len(f.passed)}/{total} functions pass"]
    if f.failed:
        parts[0] += f", fail: {f.failed_text()}"
    if f.divergence:
        parts.append(f"departs at {f.divergence_text()}")
    if f.hints:
        parts.append(f"hints: {', '.join(f.hints)}")
    return f"{word:<7} {name}{edition}  " + "; ".join(parts)


def _tally(report: ClassReport) -> list[str]:
    t = report.tally()
    if not t["files"]:
        return ["Nothing to check: no .py or .ipynb files."]
    counts = f"{t['passed']} pass, {t['failed']} fail"
    missing = [f"{n} {what}" for what, n in (("could not be loaded", t["not_checked"]["unloadable"]),
                                             ("timed out", t["not_checked"]["timeout"]),
                                             ("crashed", t["not_checked"]["crash"])) if n]
    if missing:
        counts += f" ({', '.join(missing)})"
    lines = [f"Across the class: {t['files']} file{'s' if t['files'] != 1 else ''}, {counts}."]
    if t["editions"]:
        lines.append("Editions: " + ", ".join(f"{e} {n}" for e, n in t["editions"].items()))
    if t["mistakes"]:
        lines.append("Mistakes (hint code, students):")
        width = max(len(code) for code in t["mistakes"])
        lines.extend(f"  {code:<{width}}  {len(files):>3}  {_names(files)}" for code, files in t["mistakes"].items())
    if t["functions"]:
        lines.append("Failing functions (students):")
        width = max(len(name) for name in t["functions"])
        lines.extend(f"  {name:<{width}}  {len(files):>3}  {_names(files)}" for name, files in t["functions"].items())
        most = max(len(files) for files in t["functions"].values())
        names = [name for name, files in t["functions"].items() if len(files) == most]
        lines.append(f"Fails most: {', '.join(names)} ({most} of {t['files']} files).")
    return lines


def _names(paths: list[str], limit: int = 4) -> str:
    shown = ", ".join(clean(p.rsplit("/", 1)[-1], 60) for p in paths[:limit])
    return shown + (f", and {len(paths) - limit} more" if len(paths) > limit else "")
