"""The report of a whole class: each student's file, then the tally across the class, per assignment.

A :class:`FileResult` is one file's outcome: its single-file report (the JSON of ``dnnstep check
FILE --json``), or why there is none (the file cannot be loaded, its check timed out or
crashed, the run was interrupted first, it is not homework, an archive member was left packed).
:class:`ClassReport` holds them in the order of the files, with :meth:`ClassReport.tally`: per
assignment, how many files pass and each graded function's pass count out of the files that
define it; the mistakes (hint codes), the failures no hint explains (by function and tensor), and
the students who handed in the same wrong function. Text is :mod:`~dnnstep.homework.reporting.class_text`,
the spreadsheet :mod:`~dnnstep.homework.reporting.class_sheet`.

Everything here comes from the students' files through their processes: strings are
cleaned of control characters before they reach a terminal, and a field of the wrong type
is read as missing.
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dnnstep.homework.reading.source import ASSIGNMENTS, CHECKED, assignment_of
from dnnstep.homework.reporting.report import tensor_words
from dnnstep.homework.running.process import clean as printable
from dnnstep.homework.same_code import FINGERPRINT

#: What a file's process may send back.
SENT = ("checked", "unloadable", "crash", "not_homework")
#: Every status a file can have: checked; no report, for a reason in the file (unloadable, timeout,
#: crash); not checked because the run was interrupted; and outside the counts (not homework, refused).
STATUSES = ("checked", "unloadable", "timeout", "crash", "not_checked", "not_homework", "refused")
#: The statuses of files that are not counted as students' homework (outside pass/fail and the exit status).
OUTSIDE = ("not_homework",)
WORDS = {"unloadable": "could not be loaded", "timeout": "timed out", "crash": "crashed",
         "not_checked": "not checked (interrupted)", "not_homework": "not homework", "refused": "not checked"}
#: How a function that failed without a mismatch failed, in a few words.
HOW = {"exception": "raises", "timeout": "times out", "crash": "crashes", "exit": "calls sys.exit",
       "unsendable": "returns something unusable"}


def clean(text: Any, limit: int | None = 200) -> str:
    """``text`` on one line, without control characters (a homework's message may hold terminal escapes;
    :func:`~dnnstep.homework.running.process.clean`)."""
    if not isinstance(text, str):
        return ""
    text = " ".join(printable(text, None).split())
    return text if limit is None or len(text) <= limit else text[:limit - 3] + "..."


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _names(value: Any) -> list[str]:
    return [clean(v, 60) for v in value if isinstance(v, str)] if isinstance(value, list) else []


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
        name: the student's file, relative to the class folder (``bob smith/homework.ipynb``).
        status: one of :data:`STATUSES`: ``"checked"`` (``report`` holds the single-file report),
            ``"unloadable"``, ``"timeout"``, ``"crash"``, ``"not_checked"`` (the run was interrupted
            first), ``"not_homework"``, ``"refused"`` (an archive member left packed).
        report: the single-file report's JSON, when checked.
        message: why there is no report (or why the file is not homework).
        seconds: how long the file's check took (when it was checked, for a kept result).
        cached: the result was kept from an earlier run of the same file with the same options.
        fingerprints: each graded function's fingerprint (:mod:`~dnnstep.homework.same_code`).
        declared: the graded functions the file seems to define, when it has no report.
    """

    name: str
    status: str
    report: dict | None = None
    message: str = ""
    seconds: float = 0.0
    cached: bool = False
    fingerprints: dict[str, str] = field(default_factory=dict)
    declared: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, name: str, data: Any, seconds: float = 0.0, *, cached: bool = False) -> "FileResult":
        """What a file's process sent back (or a kept copy of it), checked field by field."""
        if not isinstance(data, dict) or data.get("status") not in SENT:
            return cls(name, "crash", message="the check of this file sent back something that is not a report",
                       seconds=seconds)
        prints = data.get("fingerprints")
        prints = {clean(k, 60): v for k, v in prints.items() if isinstance(k, str) and isinstance(v, str)
                  and FINGERPRINT.match(v)} if isinstance(prints, dict) else {}
        common = dict(seconds=seconds, cached=cached, fingerprints=prints, declared=_names(data.get("declared")))
        if data["status"] == "checked":
            if not isinstance(data.get("report"), dict):
                return cls(name, "crash", message="the check of this file sent back a report without findings",
                           seconds=seconds)
            return cls(name, "checked", report=data["report"], **common)
        return cls(name, data["status"], message=clean(data.get("message"), 2000), **common)

    @property
    def ok(self) -> bool:
        return self.status == "checked" and self.report.get("ok") is True

    @property
    def homework(self) -> bool:
        """A student's homework (counted), not a file outside the counts."""
        return self.status not in OUTSIDE

    @property
    def verdict(self) -> str:
        """``"pass"``, ``"fail"``, ``"not checked"`` (interrupted or left packed) or ``"not homework"``."""
        if self.status == "not_homework":
            return "not homework"
        if self.status in ("not_checked", "refused"):
            return "not checked"
        return "pass" if self.ok else "fail"

    @property
    def edition(self) -> str | None:
        return edition_of(self.report)

    @property
    def functions(self) -> list[dict]:
        return _dicts(self.report.get("functions")) if self.report else []

    @property
    def pipelines(self) -> list[dict]:
        return _dicts(self.report.get("pipelines")) if self.report else []

    @property
    def passed(self) -> list[str]:
        return [clean(f.get("function"), 60) for f in self.functions if f.get("status") == "ok"]

    @property
    def failed(self) -> list[str]:
        return [clean(f.get("function"), 60) for f in self.functions if f.get("status") != "ok"]

    @property
    def defined(self) -> list[str]:
        """The graded functions the file defines (as checked, else as its text shows)."""
        return [clean(f.get("function"), 60) for f in self.functions] if self.report else list(self.declared)

    def assignment(self, function: str) -> str:
        """The assignment ``function`` belongs to, as the report says (else as dnnstep knows it)."""
        for f in self.functions:
            if clean(f.get("function"), 60) == function and isinstance(f.get("assignment"), str):
                return clean(f["assignment"], 60)
        return assignment_of(function) or "other"

    @property
    def assignments(self) -> list[str]:
        """The assignments the file hands in (those of the graded functions it defines), in course order; a name of
        several assignments (Course 2's ``model``) counts only where no other tells."""
        found = [self.assignment(name) for name in self.defined]
        return list(dict.fromkeys([a for a in found if a != "other"] or found))

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
        for pipeline in self.pipelines:
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

    def passes(self, assignment: str) -> bool:
        """Every function of ``assignment`` the file defines passes, and its pipeline does not depart there."""
        if self.status != "checked":
            return False
        if any(self.assignment(clean(f.get("function"), 60)) == assignment and f.get("status") != "ok"
               for f in self.functions):
            return False
        return not any(_departure_assignment(self, p, p["divergence"]) == assignment
                       for p in self.pipelines if isinstance(p.get("divergence"), dict))

    @property
    def hints(self) -> list[str]:
        """The hint codes of the report, each once, in the report's order."""
        codes = []
        sources = [f.get("hints") for f in self.functions]
        sources += [p["divergence"].get("hints") for p in self.pipelines if isinstance(p.get("divergence"), dict)]
        for hints in sources:
            for hint in _dicts(hints):
                code = clean(hint.get("code"), 40)
                if code and code not in codes:
                    codes.append(code)
        return codes

    def unexplained(self) -> list[str]:
        """The failures no hint explains, by function and tensor (``"linear_backward: dW values differ"``);
        a departure of the pipeline when no function failed alone."""
        found = []
        for f in self.functions:
            if f.get("status") != "ok" and not _dicts(f.get("hints")):
                found.append(f"{clean(f.get('function'), 60)}: {_what_failed(f)}")
        d = self.divergence
        if d is not None and not self.failed and not _dicts(d.get("hints")):
            found.append(f"{clean(d.get('function'), 60)}, in the pipeline: {_what_failed(d)}")
        return found

    def findings(self) -> list[dict]:
        """What is wrong, one entry per failing function and per pipeline departure."""
        found = []
        for f in self.functions:
            if f.get("status") != "ok":
                found.append({"function": clean(f.get("function"), 60), "status": clean(f.get("status"), 20),
                              "case": clean(f.get("case")), "hints": [clean(h.get("code"), 40) for h in _dicts(f.get("hints"))],
                              "message": _function_problem(f)})
        for p in self.pipelines:
            d = p.get("divergence")
            if isinstance(d, dict):
                found.append({"pipeline": clean(p.get("scenario"), 60), "step": clean(d.get("step"), 30),
                              "iteration": d.get("iteration") if isinstance(d.get("iteration"), int) else None,
                              "function": clean(d.get("function"), 60), "status": clean(d.get("status"), 20),
                              "hints": [clean(h.get("code"), 40) for h in _dicts(d.get("hints"))]})
        return found

    def first_problem(self) -> str:
        """The first thing to fix, in one line, or why there is no report."""
        if self.message:
            return self.message
        findings = self.findings()
        if not findings:
            return ""
        first = findings[0]
        if "pipeline" in first:
            return f"pipeline departs at {self.divergence_text()}"
        return f"{first['function']}: {first['message']}" if first["message"] else first["function"]

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` record of this file."""
        return {
            "file": self.name,
            "verdict": self.verdict,
            "ok": self.ok,
            "status": self.status,
            "assignments": self.assignments,
            "edition": self.edition,
            "functions_passed": self.passed,
            "functions_failed": self.failed,
            "first_divergence": self.divergence_text() or None,
            "hints": self.hints,
            "unexplained": self.unexplained(),
            "findings": self.findings(),
            "message": self.message or None,
            "seconds": round(self.seconds, 2),
            "cached": self.cached,
            "report": self.report,
        }


def _what_failed(f: dict) -> str:
    """How a function (or a pipeline step) failed, in words that are the same for the same failure in
    every file: ``"dW values differ"``, ``"db has the wrong shape"``, ``"raises TypeError"``."""
    status = clean(f.get("status"), 20)
    if status in HOW:
        if status == "exception":
            kind = clean(f.get("message"), 200).split(":", 1)[0].split()[-1:] or ["an exception"]
            return f"raises {kind[0]}"
        return HOW[status]
    for mismatch in _dicts(f.get("mismatches")):
        problem = clean(mismatch.get("problem"), 80)
        if problem.startswith("has shape"):
            problem = "has the wrong shape"
        return tensor_words(clean(mismatch.get("tensor"), 60), problem)
    problems = f.get("problems")
    if isinstance(problems, list) and problems:
        return clean(problems[0], 80)
    return "does not match"


def _function_problem(f: dict) -> str:
    """The first thing wrong with a function: its first mismatching tensor, or its error."""
    for mismatch in _dicts(f.get("mismatches")):
        return clean(tensor_words(clean(mismatch.get("tensor"), 60), clean(mismatch.get("problem"), 60)), 120)
    problems = f.get("problems")
    if isinstance(problems, list) and problems:
        return clean(problems[0], 120)
    return clean(f.get("message"), 120)


def interruption_name(signum: int | None) -> str:
    """``"Ctrl-C (SIGINT)"``, ``"SIGTERM"``, ``"SIGHUP (the terminal closed)"``."""
    if signum is None:
        return ""
    name = signal.Signals(signum).name
    return {"SIGINT": "Ctrl-C (SIGINT)", "SIGHUP": "SIGHUP (the terminal closed)"}.get(name, name)


@dataclass
class ClassReport:
    """Every file of a class, in the order they were named.

    Attributes:
        files: one result per file, homework first (in order), then the files outside the counts.
        notes: for people (support files left out, scenarios that could not be loaded, the cache).
        scenarios: the scenarios the files were checked on.
        folder: the class folder the files' names are relative to.
        interrupted: the signal that stopped the run before every file was checked, or ``None``.
        others: files of the folders that are neither homework nor archives (not looked at).
    """

    files: list[FileResult]
    notes: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    folder: str = ""
    interrupted: int | None = None
    others: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.interrupted is None

    @property
    def homework(self) -> list[FileResult]:
        return [f for f in self.files if f.homework]

    @property
    def ok(self) -> bool:
        return bool(self.homework) and all(f.ok for f in self.homework)

    @property
    def exit_status(self) -> int:
        """0 every homework file passes, 1 some does not (or was left unchecked), 2 there was no homework;
        128 + the signal when the run was interrupted."""
        if self.interrupted is not None:
            return 128 + self.interrupted
        return 2 if not self.homework else 0 if self.ok else 1

    def tally(self) -> dict[str, Any]:
        """Across the class (see the module's docstring); every list of students is whole."""
        homework = self.homework
        by_status = {status: [f.name for f in self.files if f.status == status] for status in STATUSES[1:]}
        mistakes: dict[str, list[str]] = {}
        unexplained: dict[str, list[str]] = {}
        for f in homework:
            for code in f.hints:
                mistakes.setdefault(code, []).append(f.name)
            for what in f.unexplained():
                unexplained.setdefault(what, []).append(f.name)
        return {
            "files": len(self.files),
            "homework": len(homework),
            "passed": sum(f.ok for f in homework),
            "failed": sum(f.verdict == "fail" for f in homework),
            "not_checked": by_status["not_checked"] + by_status["refused"],
            "could_not_be_loaded": by_status["unloadable"],
            "timed_out": by_status["timeout"],
            "crashed": by_status["crash"],
            "not_homework": by_status["not_homework"],
            "assignments": self.assignments(),
            "mistakes": _most_first(mistakes),
            "unexplained": _most_first(unexplained),
            "same_code": self.same_code(),
            "editions": dict(Counter(f.edition for f in homework if f.edition).most_common()),
        }

    def assignments(self) -> dict[str, dict[str, Any]]:
        """Per assignment, in course order: its files, which pass and fail (and which were not checked),
        each graded function's ``{"passed", "of", "failed", "not_run"}`` (``of``: the files that define it;
        ``not_run``: those that define it but gave no report), and the pipeline's ``{"ran", "departed"}``."""
        table: dict[str, dict[str, Any]] = {}
        course = {name: i for i, name in enumerate(CHECKED)}
        for f in self.homework:
            for assignment in f.assignments:
                entry = table.setdefault(assignment, {"files": [], "passed": [], "failed": [], "not_checked": [],
                                                      "functions": {}, "pipeline": {"ran": [], "departed": []}})
                entry["files"].append(f.name)
                verdict = ("not_checked" if f.verdict == "not checked" else
                           "passed" if f.status == "checked" and f.passes(assignment) else "failed")
                entry[verdict].append(f.name)
                if verdict == "not_checked":
                    continue  # unknown: in no function's count
                for name in f.defined:
                    if f.assignment(name) != assignment:
                        continue
                    counts = entry["functions"].setdefault(name, {"passed": 0, "of": 0, "failed": [], "not_run": []})
                    counts["of"] += 1
                    outcome = next((fn.get("status") for fn in f.functions if clean(fn.get("function"), 60) == name),
                                   None)
                    if outcome == "ok":
                        counts["passed"] += 1
                    else:
                        counts["failed" if outcome else "not_run"].append(f.name)
                for p in f.pipelines:
                    d = p.get("divergence")
                    ran = p.get("skipped") in (None, "") and (isinstance(d, dict) or p.get("ok") is True)
                    if ran and f.name not in entry["pipeline"]["ran"] and assignment == _pipeline_assignment(f, p):
                        entry["pipeline"]["ran"].append(f.name)
                    if isinstance(d, dict) and _departure_assignment(f, p, d) == assignment \
                            and f.name not in entry["pipeline"]["departed"]:
                        entry["pipeline"]["departed"].append(f.name)
        for entry in table.values():
            entry["functions"] = dict(sorted(entry["functions"].items(),
                                             key=lambda item: course.get(item[0], len(course))))
        order = {name: i for i, name in enumerate(ASSIGNMENTS)}
        return dict(sorted(table.items(), key=lambda item: order.get(item[0], len(order))))

    def same_code(self) -> list[dict[str, Any]]:
        """The students whose failing function is the same code (see :mod:`~dnnstep.homework.same_code`),
        largest groups first: ``{"function", "files"}`` each."""
        groups: dict[tuple[str, str], list[str]] = {}
        for f in self.homework:
            for name in f.failed:
                if name in f.fingerprints:
                    groups.setdefault((name, f.fingerprints[name]), []).append(f.name)
        course = {name: i for i, name in enumerate(CHECKED)}
        found = [{"function": name, "files": files} for (name, _), files in groups.items() if len(files) > 1]
        return sorted(found, key=lambda g: (-len(g["files"]), course.get(g["function"], len(course))))

    def same_code_as(self, f: FileResult) -> list[str]:
        """The other students whose failing function is the same as one of ``f``'s."""
        others: list[str] = []
        for group in self.same_code():
            if f.name in group["files"]:
                others.extend(n for n in group["files"] if n != f.name and n not in others)
        return others

    def to_json(self) -> dict[str, Any]:
        return {"complete": self.complete, "interrupted": interruption_name(self.interrupted) or None,
                "ok": self.ok, "exit_status": self.exit_status, "folder": self.folder, "scenarios": self.scenarios,
                "notes": self.notes, "not_looked_at": self.others,
                "files": [f.to_json() for f in self.files], "tally": self.tally()}


def _pipeline_assignment(f: FileResult, pipeline: dict) -> str:
    """The assignment whose functions a pipeline runs: a Course 2 model's own, else that of its first function the
    student wrote."""
    if isinstance(pipeline.get("assignment"), str):
        return clean(pipeline["assignment"], 60)
    functions = _names(pipeline.get("your_functions"))
    return f.assignment(functions[0]) if functions else assignment_of("L_model_forward") or ""


def _departure_assignment(f: FileResult, pipeline: dict, divergence: dict) -> str:
    """The assignment a pipeline's departure counts against: a Course 2 model's own (its departure may be in a
    helper the model calls), else that of the function where it departs."""
    if isinstance(pipeline.get("assignment"), str):
        return clean(pipeline["assignment"], 60)
    return f.assignment(clean(divergence.get("function"), 60))


def _most_first(table: dict[str, list[str]]) -> dict[str, list[str]]:
    """Most students first, then in course order of the function named first, then by name."""
    course = {name: i for i, name in enumerate(CHECKED)}
    return dict(sorted(table.items(), key=lambda item: (-len(item[1]), course.get(item[0].split(":")[0], len(course)),
                                                        item[0])))


def to_json(report: ClassReport) -> str:
    """The class report as JSON (NaN and infinities in a file's report written as strings)."""
    from dnnstep.homework.reporting.report import json_safe

    return json.dumps(json_safe(report.to_json()), indent=2, allow_nan=False, default=str)
