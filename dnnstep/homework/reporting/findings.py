"""Findings: what the check found, as plain data for the text report, the JSON and the debugger.

- :class:`FunctionResult`: how one graded function did on all its cases, and its first
  failure (a mismatch, an exception, a timeout, a crash, a sys.exit) with its hints;
- :class:`Divergence`: the first step where the student's own pipeline departs from the
  reference (the debugger shows it too);
- :class:`PipelineResult`: the pipeline on one scenario, matched or with its divergence;
- :class:`CheckReport`: all of them for one file, with the course edition it was judged by, the
  notes, the warnings and the exit status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dnnstep.homework.comparing.tolerance import TensorDiff
from dnnstep.homework.diagnosing.hints import Hint
from dnnstep.homework.reading.editions import EditionFinding
from dnnstep.homework.reading.source import GRADED, assignment_of


@dataclass
class FunctionResult:
    """How one graded function did on all its cases.

    Attributes:
        function: its name.
        status: ``"ok"``, ``"mismatch"``, ``"exception"``, ``"exit"``, ``"timeout"``, ``"crash"``, ``"unsendable"``,
            ``"uses-reference"`` (it tried to use dnnstep during the check, or is the reference's own code).
        cases_passed, cases_run: how many of the cases it was given it passed.
        case: where it first failed (``"course test case"``, ``"scenario five_layer, layer 2"``).
        inputs: the inputs of that case, described (names and shapes).
        tensors: the mismatching tensors (first one first), or empty.
        problems: structural problems of the return value.
        hints: recognised mistakes.
        message: for errors: the exception or what happened.
        traceback: the homework's frames: ``{"where", "line", "function", "code"}``.
        output: what the function printed, if anything.
        notes: remarks (a function it calls fails too; it changed its inputs in place).
    """

    function: str
    status: str = "ok"
    cases_passed: int = 0
    cases_run: int = 0
    case: str = ""
    inputs: str = ""
    tensors: list[TensorDiff] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    message: str = ""
    traceback: list[dict] = field(default_factory=list)
    output: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "assignment": assignment_of(self.function),
            "status": self.status,
            "cases_passed": self.cases_passed,
            "cases_run": self.cases_run,
            "case": self.case or None,
            "inputs": self.inputs or None,
            "mismatches": [t.to_json() for t in self.tensors],
            "problems": self.problems,
            "hints": [h.to_json() for h in self.hints],
            "message": self.message or None,
            "traceback": self.traceback,
            "output": self.output or None,
            "notes": self.notes,
        }


@dataclass
class Divergence:
    """Where the student's own run (forward, cost, backward, update) first departs from the reference.

    Attributes:
        scenario: the scenario's name.
        iteration, index, phase, layer, label: the step (``label`` as in the debugger: ``"backward 2"``).
        function: the pipeline function whose result it is, and ``yours``: whether it is the
            student's (else the reference's, calling the student's helpers ``helpers``).
        tensors: the mismatching tensors of that step.
        inputs_matched: True when the step's inputs (A_prev, W, b / dA, Z, ... ) still
            matched, so the mistake is in this step; False when they already differed (upstream).
        status: ``"mismatch"``, or the failure of the call (``"exception"``, ``"timeout"``, ...).
        message, traceback: for failures.
        hints: recognised mistakes.
        epoch, batch, place: where a Course 2 model departs: the epoch (iteration) and mini-batch, and
            ``"epoch 1, mini-batch 0: update (update_parameters_with_adam)"`` (week 4's say ``iteration`` and ``label``).
    """

    scenario: str
    iteration: int
    index: int
    phase: str
    layer: int
    label: str
    function: str
    yours: bool
    helpers: list[str] = field(default_factory=list)
    tensors: list[TensorDiff] = field(default_factory=list)
    inputs_matched: bool | None = None
    status: str = "mismatch"
    message: str = ""
    traceback: list[dict] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    epoch: int | None = None
    batch: int | None = None
    place: str = ""

    @property
    def where(self) -> str:
        """``"iteration 0, step backward 3"``, or a Course 2 model's ``"epoch 1, mini-batch 0: update (...)"``."""
        return self.place or f"iteration {self.iteration}, step {self.label}"

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "iteration": self.iteration,
            "epoch": self.epoch,
            "mini_batch": self.batch,
            "place": self.place or None,
            "step": self.label,
            "index": self.index,
            "phase": self.phase,
            "layer": self.layer,
            "function": self.function,
            "function_is_yours": self.yours,
            "your_helpers_used": self.helpers,
            "status": self.status,
            "inputs_matched": self.inputs_matched,
            "mismatches": [t.to_json() for t in self.tensors],
            "message": self.message or None,
            "traceback": self.traceback,
            "hints": [h.to_json() for h in self.hints],
        }


@dataclass
class PipelineResult:
    """The student's pipeline on one scenario (or a Course 2 notebook's ``model`` on one run, ``model``): matched for
    ``iterations``, or a divergence."""

    scenario: str
    iterations: int
    functions: list[str]
    divergence: Divergence | None = None
    skipped: str = ""
    argument: str = ""  # how to name the scenario on the command line (its name, or its file)
    model: bool = False
    note: str = ""  # what people should know of a run that matched (where it was stopped, and why)
    assignment: str = ""  # a model's: the assignment whose model it is (a pipeline's is its functions')

    @property
    def ok(self) -> bool:
        return self.divergence is None

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "scenario_argument": self.argument or (None if self.model else self.scenario),  # a model: no debugger yet
            "iterations": self.iterations,
            "your_functions": self.functions,
            "ok": self.ok,
            "skipped": self.skipped or None,
            "model": self.model,
            "assignment": self.assignment or None,
            "note": self.note or None,
            "divergence": None if self.divergence is None else self.divergence.to_json(),
        }


@dataclass
class CheckReport:
    """Everything ``dnnstep check`` found in one homework file."""

    path: str
    functions: list[FunctionResult] = field(default_factory=list)
    pipelines: list[PipelineResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    edition: EditionFinding | None = None
    warnings: list[str] = field(default_factory=list)
    assignments: list = field(default_factory=list)  # Course 2: an AssignmentFinding per assignment the file is of
    #: ``""`` when the homework ran confined; else one line saying it ran with the user's rights, and why
    confinement: str = ""

    @property
    def ok(self) -> bool:
        """True when at least one function was checked and everything matched."""
        return bool(self.functions) and all(f.ok for f in self.functions) and all(p.ok for p in self.pipelines)

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "exit_status": self.exit_status,
            "scenarios": self.scenarios,
            "functions": [f.to_json() for f in self.functions],
            "pipelines": [p.to_json() for p in self.pipelines],
            "notes": self.notes,
            "warnings": self.warnings,
            "confinement": self.confinement or None,
            "edition": self._edition_json(),
            "assignments": [a.to_json() for a in self.assignments],
        }

    def _edition_json(self) -> dict[str, Any] | None:
        """Week 4's edition finding; for a file of Course 2 alone, its (first) assignment's."""
        if self.edition is not None:
            return self.edition.to_json()
        return self.assignments[0].to_json() if self.assignments else None

    def edition_lines(self) -> list[str]:
        """The report's first lines: the edition the file was judged by, and, for a file right for an
        older edition, how it differs from the current one."""
        kind = "ipynb" if self.path.lower().endswith(".ipynb") else "py"
        lines = [a.headline(kind) for a in self.assignments]
        if self.edition is None or not any(f.function in GRADED for f in self.functions):
            return lines
        only = self.edition.only_by_edition(self.ok)
        return [self.edition.headline(kind)] + ([only] if only else []) + lines


def skip_note(name: str, reason: str) -> str:
    """A report's note that a shipped scenario could not be loaded, and why (the cat data missing)."""
    return f"scenario {name} skipped: {reason}"


_SKIP_NOTE = re.compile(r"^scenario (\S+) skipped: (.*)$", re.DOTALL)


def read_skip_note(note: str) -> tuple[str, str] | None:
    """``(scenario, reason)`` of a :func:`skip_note`, or ``None`` for another note."""
    match = _SKIP_NOTE.match(note)
    return (match.group(1), match.group(2)) if match else None
