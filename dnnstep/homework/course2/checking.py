"""Checking a file of Course 2: which assignment and edition, each function alone, then the file's own ``model``.

:func:`check_assignments` is what ``dnnstep check`` does for each of Course 2's assignments a file is
of (:func:`~dnnstep.homework.course2.assignments.assignments_of`), in the homework's process already
started: the edition from the file's evidence (:mod:`~dnnstep.homework.course2.editions`), each
function on the course's cases and the notebook's network (:mod:`~dnnstep.homework.course2.functions`),
then each run of the notebook's ``model`` step by step (:mod:`~dnnstep.homework.course2.training`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dnnstep.homework.comparing.pipeline import put_data
from dnnstep.homework.course2 import cases as course_cases
from dnnstep.homework.course2.assignments import Assignment
from dnnstep.homework.course2.editions import EDITIONS
from dnnstep.homework.course2.functions import EDITION_RULES, Judged, check_functions
from dnnstep.homework.course2.training import check_model, runs
from dnnstep.homework.reporting.findings import FunctionResult, PipelineResult
from dnnstep.homework.running.process import HomeworkProcess

#: How each edition-dependent function's contract reads, per value of its rule.
CONTRACTS = {"update_parameters_with_adam": {True: "returns (parameters, v, s, v_corrected, s_corrected)",
                                             False: "returns (parameters, v, s)"}}


@dataclass
class AssignmentFinding:
    """Which of Course 2's assignments a file is of, the edition it was judged by, and why.

    Attributes:
        assignment: the assignment.
        defined: its functions (graded and given) that the file defines.
        judged: the evidence on the edition, and the edition each edition-dependent function fits.
        notes: what people should know about the whole check (the data a model ran on).
    """

    assignment: Assignment
    defined: tuple[str, ...]
    judged: Judged
    notes: list[str] = field(default_factory=list)

    @property
    def edition(self):
        """The edition the file was judged by (:attr:`Judged.edition <dnnstep.homework.course2.functions.Judged.edition>`)."""
        return self.judged.edition

    def headline(self, kind: str) -> str:
        """One line: which assignment, why; which edition, why; by which rules it was checked."""
        what = "notebook" if kind == "ipynb" else "file"
        graded = [f for f in self.defined if f in self.assignment.graded] or list(self.defined)
        shown = ", ".join(graded[:3]) + (f" and {len(graded) - 3} more" if len(graded) > 3 else "")
        line = f"This {what} is {self.assignment.name}: it defines {shown}. "
        detection = self.judged.detection
        fits = self._fits()
        if not detection.clues:
            line += "Nothing in it names a course edition"
        elif detection.decided:
            line += f"It follows {detection.edition.name}, as its evidence says ({detection.evidence(3)})"
        else:
            line += f"It follows {_either(detection.candidates)}, as its evidence says ({detection.evidence(3)})"
        if detection.mixed:
            line += f"; against it: {', '.join(c.seen for c in detection.contradicted[:2])}"
        if fits:
            return line + f"; checked every way: {fits}."
        if detection.decided:
            return line + "; checked by that edition's rules."
        return line + "; its functions are the same in those editions."

    def _fits(self) -> str:
        """How each edition-dependent function was judged, when the evidence leaves editions that differ on it."""
        parts = []
        for function, edition in self.judged.fitted.items():
            rule = EDITION_RULES[function]
            alike = [e for e in self.judged.detection.candidates if rule(e) == rule(edition)]
            if len(alike) == len(self.judged.detection.candidates) and function not in self.judged.unfit:
                continue  # the evidence's editions agree on it
            contract = CONTRACTS[function][rule(edition)]
            parts.append(f"{function} fits no edition (judged by {edition.name}'s rules)" if function in self.judged.unfit
                         else f"{function} {contract}, as {_either(alike)} has it")
        return ", ".join(parts)

    def _edition_key(self) -> str:
        """The edition's key; ``"2021/2023"`` when the evidence leaves several that judge the file alike."""
        fitted = {f: e for f, e in self.judged.fitted.items() if f not in self.judged.unfit}
        alike = [e for e in self.judged.detection.candidates
                 if all(EDITION_RULES[f](e) == EDITION_RULES[f](fit) for f, fit in fitted.items())] or [self.edition]
        if len(alike) == 1:
            return alike[0].key
        return "/".join(e.key for e in alike) if len(alike) < len(EDITIONS) else "any"

    def to_json(self) -> dict[str, Any]:
        return {
            "course": 2,
            "assignment": self.assignment.key,
            "title": self.assignment.name,
            "functions": list(self.defined),
            "edition": self._edition_key(),
            "evidence": self.judged.detection.to_json(),
            "fitted": {f: e.key for f, e in self.judged.fitted.items()},
            "notes": self.notes,
        }


def load_data(homework_path: Path, data_dir=None) -> dict[str, course_cases.Data]:
    """The notebooks' data: the circles and the moons (made as scikit-learn makes them), and the football data read
    from ``data_dir``, or the homework's folder (``datasets/data.mat``, as the notebook reads it)."""
    places = [p for p in (data_dir, homework_path.parent) if p is not None]
    return {"circles": course_cases.circles(), "moons": course_cases.moons(),
            "football": course_cases.football(places)}


def check_assignments(process: HomeworkProcess, homework, assignments: tuple[Assignment, ...],
                      data_dir=None) -> tuple[list[AssignmentFinding], list[FunctionResult], list[PipelineResult]]:
    """Check ``homework`` (already loaded in ``process``) as each of ``assignments``."""
    detection = homework.course2_evidence
    data = load_data(homework.path, data_dir)
    cases = course_cases.course_cases(detection.edition) + course_cases.network_cases(data)
    findings, functions, pipelines = [], [], []
    stored = {}
    for assignment in assignments:
        defined = tuple(f for f in assignment.functions if f in homework.defined)
        finding = AssignmentFinding(assignment, defined, Judged(detection))
        functions += check_functions(process, assignment, defined, cases, finding.judged)
        for run in runs(assignment):
            if run.decay is not None and run.decay not in homework.defined:
                continue  # an edition before 2021: its notebook has no decay, and makes no such run
            chosen = data[run.data]
            if chosen.note and chosen.note not in finding.notes:
                finding.notes.append(chosen.note)
            if run.data not in stored:
                stored[run.data] = put_data(process, replace(chosen, name=f"course2 {run.data}"))
            pipelines.append(check_model(process, homework, assignment, run, chosen, stored[run.data],
                                         finding.edition))
        findings.append(finding)
    return findings, functions, pipelines


def _either(editions) -> str:
    """``"the 2021 or the 2023 edition"``."""
    keys = [e.label for e in editions]
    return "the " + " or the ".join(keys[:-1]) + (" or the " if len(keys) > 1 else "") + f"{keys[-1]} edition"

