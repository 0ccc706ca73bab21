"""The report of ``dnnstep check``: text for a terminal or a CI log, or JSON for graders.

Colour (ANSI) is used only when writing to a terminal and ``NO_COLOR`` is not set; the
words (PASS, FAIL, ERROR, TIMEOUT, CRASH, EXIT) carry the meaning without it.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shlex
from typing import TextIO

from dnnstep.homework.comparing.tolerance import TensorDiff
from dnnstep.homework.course2.assignments import FUNCTION_NAMES as COURSE2_FUNCTIONS
from dnnstep.homework.course2.mistakes import CODES as COURSE2_CODES
from dnnstep.homework.diagnosing.hints import CODES
from dnnstep.homework.reporting.findings import CheckReport, Divergence, FunctionResult, read_skip_note
from dnnstep.homework.running.process import clean

_WORDS = {"ok": "PASS", "mismatch": "FAIL", "exception": "ERROR", "timeout": "TIMEOUT", "crash": "CRASH",
          "exit": "EXIT", "unsendable": "FAIL", "uses-reference": "FAIL"}
_COLOURS = {"PASS": "32", "FAIL": "31", "ERROR": "31", "TIMEOUT": "31", "CRASH": "31", "EXIT": "31",
            "SKIP": "2", "hint": "33", "dim": "2", "bold": "1"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def to_json(report: CheckReport) -> str:
    """The report as JSON (see docs/homework.md for the fields). NaN and infinities become
    the strings ``"nan"``, ``"inf"`` and ``"-inf"``, so that any JSON reader can read it."""
    return json.dumps(json_safe(report.to_json()), indent=2, allow_nan=False, default=str)


def json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def render(report: CheckReport, *, colour: bool = False) -> str:
    """The report as text: what to fix first, then each function, then the pipelines, then a summary line.

    A hint is said once, where its mistake first shows (a departure of the pipeline with the same mistake
    names it); the scenarios that do not apply are one line; so are the departures that repeat the first.
    """
    c = _Painter(colour)
    lines = [c("bold", f"dnnstep check {report.path}")]
    if report.confinement:
        lines.append(c("FAIL", report.confinement))
    lines.extend(report.edition_lines())
    for warning in report.warnings:
        lines.append(c("FAIL", "warning:") + f" {warning}")
    lines.extend(_to_fix(report))
    scenarios, notes = _scenarios(report)
    lines.extend(c("dim", line) for line in scenarios)
    for note in notes:
        lines.append(c("dim", f"note: {note}"))
    said: set[str] = set()  # the hint codes said so far
    if report.functions:
        lines += [""] if lines[-1] else []  # (What to fix ends with a blank line; a Course 2 file has no scenarios)
        lines.append("Each function alone, on the course's test inputs and each "
                     + ("scenario's network:" if report.scenarios else "network:"))
        width = max(len(f.function) for f in report.functions)
        for result in report.functions:
            lines.extend(_function(result, width, c, said))
    for model, title in ((False, "Your pipeline, step by step (forward, cost, backward, update):"),
                         (True, "Your model, step by step (initialisation, mini-batches, forward, cost, backward, "
                                "update):")):
        ran = [p for p in report.pipelines if p.model == model and not p.skipped]
        if ran:
            lines.append("")
            lines.append(title)
            lines.extend(_pipelines(ran, c, report.path, said))
    lines.append("")
    lines.append(_summary(report, c))
    return c.finish("\n".join(lines) + "\n")


def _pipelines(ran, c: _Painter, path: str, said: set[str]) -> list[str]:
    """The pipelines (or Course 2 models) that ran: each PASS, or its departure; a departure that repeats an
    earlier one (the same function, tensors and hints) is one line."""
    lines = []
    shown: dict[tuple, list] = {}  # a departure's kind -> the pipelines that depart so
    for pipeline in ran:
        if pipeline.divergence is None:
            unit = "epoch" if pipeline.model and "optimizer" in pipeline.scenario else "iteration"
            extent = ("as far as it is compared" if pipeline.note
                      else f"for {pipeline.iterations} {unit}{'s' if pipeline.iterations != 1 else ''}")
            lines.append(f"  {c('PASS', 'PASS'.ljust(7))} {pipeline.scenario}: matches the reference {extent}")
            if pipeline.note:
                lines.append(f"{' ' * 10}{c('dim', 'note:')} {pipeline.note}")
            continue
        kind = _kind(pipeline.divergence)
        if kind in shown:
            shown[kind].append(pipeline)
            continue
        shown[kind] = [pipeline]
        # a Course 2 model cannot be opened in the debugger yet: no see it: line (no argument)
        argument = pipeline.argument or ("" if pipeline.model else pipeline.scenario)
        lines.extend(_divergence(pipeline.divergence, c, path, argument, said))
    for pipelines in shown.values():
        if len(pipelines) > 1:
            first, rest = pipelines[0], pipelines[1:]
            steps = ", ".join(f"{p.scenario} at {p.divergence.place or p.divergence.label}" for p in rest)
            word = _WORDS.get(first.divergence.status, "FAIL")
            lines.append(f"  {c(word, word.ljust(7))} the same way as {first.scenario}: {steps}")
    return lines


def _to_fix(report: CheckReport) -> list[str]:
    """``What to fix:``, one line per failing function (its hint's words, else its first problem), then the
    departures of the pipeline that no failing function explains."""
    items = []
    failing = [f for f in report.functions if not f.ok]
    codes = set()
    for f in failing:
        codes.update(h.code for h in f.hints)
        items.append(f"{f.function}: {_first_problem(f)}")
    named = {f.function for f in failing}
    for pipeline in report.pipelines:
        d = pipeline.divergence
        if d is None or d.function in named or set(d.helpers) & named or (d.hints and {h.code for h in d.hints} <= codes):
            continue
        named.add(d.function)
        what = hint_words(d.hints[0], d.function) if d.hints else \
            (d.message.splitlines()[0] if d.status != "mismatch" and d.message else
             ", ".join(describe_briefly(t) for t in d.tensors[:2]) or "departs")
        where = f"your model ({pipeline.scenario}, {d.place})" if pipeline.model else \
            f"your pipeline ({pipeline.scenario}, {d.label})"
        items.append(f"{d.function}, in {where}: {what}")
    if not items:
        return []
    return ["", "What to fix:"] + [f"  {i}. {item}" for i, item in enumerate(items, start=1)] + [""]


def hint_words(hint, function: str) -> str:
    """A hint in a few words: its code's (Course 2's for a Course 2 function, else week 4's), else its message."""
    codes = COURSE2_CODES if function in COURSE2_FUNCTIONS else CODES
    return codes.get(hint.code, hint.message)


def _first_problem(f: FunctionResult) -> str:
    """The first thing wrong with a function, in a few words: its hint's, else its first tensor's or error's."""
    if f.hints:
        return hint_words(f.hints[0], f.function)
    if f.status == "mismatch":
        if f.tensors:
            return describe_briefly(f.tensors[0])
        return f.problems[0] if f.problems else "does not match"
    what = {"exception": "raises", "timeout": "times out", "crash": "crashes", "exit": "calls sys.exit",
            "unsendable": "returns something unusable"}.get(f.status, f.status)
    first = f.message.splitlines()[0] if f.message else ""
    return f"{what} {first}" if first and f.status == "exception" else what


def _scenarios(report: CheckReport) -> tuple[list[str], list[str]]:
    """The scenarios line (with the scenarios that do not apply, folded into one line) and the other notes."""
    unloaded, notes = unloaded_scenarios(report.notes)
    not_run: dict[str, dict[str, list[str]]] = {"pipeline": {}, "model": {}}  # what -> why -> the scenarios
    for pipeline in report.pipelines:
        if pipeline.skipped:
            why = pipeline.skipped if pipeline.model else pipeline.skipped.split(": ", 1)[0]
            not_run["model" if pipeline.model else "pipeline"].setdefault(why, []).append(pipeline.scenario)
    lines = [f"scenarios: {', '.join(report.scenarios)}"] if report.scenarios else []
    parts = [unloaded] if unloaded else []
    for what, reasons in not_run.items():
        if reasons:
            parts.append(f"your {what} on " + ", ".join(f"{', '.join(names)} ({why})" for why, names in reasons.items()))
    if parts:
        lines.append(f"not run: {'; '.join(parts)}")
    return lines, notes


def unloaded_scenarios(notes: list[str]) -> tuple[str, list[str]]:
    """The shipped scenarios that could not be loaded, in a few words (``cat, cat_2layer (data file
    'train_catvnoncat.h5' not found)``, or ``""``), and the other notes."""
    unloaded: dict[str, list[str]] = {}
    others = []
    for note in notes:
        skipped = read_skip_note(note)
        if skipped is None:
            others.append(note)
        else:
            reason = _KEY.sub("", skipped[1].split(".toml: ", 1)[-1])  # without the scenario file's path and key
            unloaded.setdefault(reason, []).append(skipped[0])
    return "; ".join(f"{', '.join(names)} ({reason})" for reason, names in unloaded.items()), others


#: A TOML key at the start of a scenario's error (``data.file: ``).
_KEY = re.compile(r"^[\w.\[\]]+: ")


def _kind(d: Divergence) -> tuple:
    """What makes two departures the same: the function, how it failed, the wrong tensors and the hints."""
    return (d.function, d.phase, d.status, tuple(t.name for t in d.tensors), tuple(h.code for h in d.hints),
            d.message.split(":", 1)[0] if d.status != "mismatch" else "")


class _Painter:
    """The report's colours. The report holds the homework's words (its messages, its dict keys), so the
    text is cleaned of control characters before the colours go in: until then a colour is a marker made
    of a token drawn for this report, which no homework can know or write."""

    def __init__(self, colour: bool):
        self.colour = colour
        self._token = secrets.token_hex(8)

    def __call__(self, style: str, text: str) -> str:
        code = _COLOURS.get(style)
        return f"{self._token}{code}m{text}{self._token}0m" if self.colour and code else text

    def finish(self, text: str) -> str:
        """``text`` without control characters (terminal escapes), then with its colours."""
        return clean(text, None).replace(self._token, "\x1b[")


def _function(result: FunctionResult, width: int, c: _Painter, said: set[str]) -> list[str]:
    word = _WORDS.get(result.status, "FAIL")
    name = result.function.ljust(width)
    if result.ok:
        lines = [f"  {c(word, word.ljust(7))} {name}  {result.cases_passed}/{result.cases_run} cases"]
        return lines + [f"{' ' * 10}{c('dim', 'note:')} {note}" for note in result.notes]
    what = {"mismatch": "does not match", "exception": "raised an exception", "timeout": "timed out",
            "crash": "crashed", "exit": "called sys.exit", "unsendable": "returned something unusable",
            "uses-reference": "uses dnnstep's reference"}[result.status]
    passed = f" (passed {result.cases_passed} case{'s' if result.cases_passed != 1 else ''} before)" \
        if result.cases_passed else ""
    on = f" on the {result.case}{passed}" if result.case else ""
    lines = [f"  {c(word, word.ljust(7))} {name}  {what}{on}"]
    indent = " " * 10
    if result.inputs:
        lines.append(f"{indent}inputs: {result.inputs}")
    if result.message:
        lines.append(f"{indent}{result.message}")
    lines.extend(_traceback(result.traceback, indent))
    for problem in result.problems:
        lines.append(f"{indent}{problem}")
    lines.extend(_tensors(result.tensors, indent))
    lines.extend(_hints(result.hints, indent, c, said))
    for note in result.notes:
        lines.append(f"{indent}{c('dim', 'note:')} {note}")
    if result.output.strip():
        printed = result.output.strip().splitlines()
        shown = printed[-3:]
        more = f" (last {len(shown)} of {len(printed)} lines)" if len(printed) > len(shown) else ""
        lines.append(f"{indent}{c('dim', 'it printed' + more + ':')}")
        lines.extend(f"{indent}  | {line}" for line in shown)
    return lines


def _traceback(frames: list[dict], indent: str) -> list[str]:
    lines = []
    for frame in frames:
        line = f", line {frame['line']}" if frame.get("line") is not None else ""
        lines.append(f"{indent}  {frame['where']}{line}, in {frame['function']}")
        if frame.get("code"):
            lines.append(f"{indent}      {frame['code']}")
    return lines


def _tensors(tensors: list[TensorDiff], indent: str, limit: int = 4) -> list[str]:
    lines = []
    for diff in tensors[:limit]:
        lines.append(f"{indent}{describe(diff)}")
    if len(tensors) > limit:
        rest = "; ".join(t.name for t in tensors[limit:])  # a name may hold a comma (A[1], in layer 2's cache)
        lines.append(f"{indent}also wrong: {rest}")
    return lines


def describe(diff: TensorDiff) -> str:
    """``"dW (3, 5): largest difference 2.94 at [2, 0]: expected 0.979133, got 3.91653 (15 of 15 elements)"``."""
    if diff.problem != "values differ":
        return describe_briefly(diff)
    index = "[" + ", ".join(str(i) for i in diff.index) + "]" if diff.index else "(scalar)"
    count = f" ({diff.mismatched[0]} of {diff.mismatched[1]} elements)" if diff.mismatched else ""
    return (f"{diff.name} {_shape(diff.expected_shape)}: largest difference {diff.max_diff:.3g} at {index}: "
            f"expected {diff.expected_value:.8g}, got {diff.actual_value:.8g}{count}")


def step_words(label: str, tensors=(), message: str = "", hint: str | None = None, *, shown: int = 2,
               place: str = "") -> str:
    """Where a run first departs, in one line, as the debugger's ``d`` says it: the step's ``label``, the ``place``
    (a Course 2 model's epoch, mini-batch and call), its first ``shown`` tensors (:func:`describe`; else
    ``message``) and the ``hint``: ``"backward 3: dW (3, 5): largest difference ... (hint: ...)"``."""
    told = "; ".join(describe(t) for t in tensors[:shown]) or message
    what = f"{label}: {place}" + (": " if place and told else "") + told
    return what + (f" (hint: {hint})" if hint else "")


def describe_briefly(diff: TensorDiff) -> str:
    """``"dW values differ"``, ``"db is not an array but a matrix"``, ``"A[1], in layer 2's cache: missing"``:
    the same words for the same value in every part of the report (:func:`tensor_words`)."""
    return tensor_words(diff.name, diff.problem)


def tensor_words(name: str, problem: str) -> str:
    """A tensor and what is wrong with it, in one phrase: the class report says it the same way."""
    verb = problem.startswith(("is ", "has ", "holds ", "values ")) and "," not in name
    return f"{name}{' ' if verb else ': '}{problem}" if problem else name


def _shape(shape) -> str:
    return str(tuple(shape)) if shape is not None else "?"


def _hints(hints, indent: str, c: _Painter, said: set[str]) -> list[str]:
    """Each hint in full the first time its mistake is named, then by its code only."""
    lines = []
    for hint in hints:
        if hint.code in said:
            lines.append(f"{indent}{c('hint', 'hint:')} {hint.code}, as above")
        else:
            lines.append(f"{indent}{c('hint', 'hint:')} {hint.message}")
            said.add(hint.code)
    return lines


def _divergence(d: Divergence, c: _Painter, path: str, scenario: str, said: set[str]) -> list[str]:
    word = _WORDS.get(d.status, "FAIL")
    owner = "yours" if d.yours else "the reference's"
    if not d.yours and d.helpers:
        owner += f", calling your {' and '.join(d.helpers)}"
    elif d.yours and d.helpers:
        owner += f", with your {' and '.join(d.helpers)}"
    lines = [f"  {c(word, word.ljust(7))} {d.scenario}: first departs at {d.where} (in {d.function}, {owner})"]
    indent = " " * 10
    if d.status != "mismatch":
        lines.append(f"{indent}{d.message}")
        lines.extend(_traceback(d.traceback, indent))
        return lines + _hints(d.hints, indent, c, said)
    if d.message:
        lines.append(f"{indent}{d.message}")
    if d.inputs_matched:
        lines.append(f"{indent}the step's inputs still matched: the mistake is in this step")
    elif d.inputs_matched is False:
        lines.append(f"{indent}the step's inputs already differed: the mistake is upstream of this step")
    lines.extend(_tensors(d.tensors, indent))
    lines.extend(_hints(d.hints, indent, c, said))
    if scenario:
        lines.append(f"{indent}{c('dim', 'see it: ' + see_it(path, scenario))}")
    return lines


def see_it(path: str, scenario: str) -> str:
    """The command that opens the debugger on the student's run, quoted for a POSIX shell."""
    return f"dnnstep --homework {shlex.quote(str(path))} {shlex.quote(str(scenario))}"


def _summary(report: CheckReport, c: _Painter) -> str:
    bad = [f.function for f in report.functions if not f.ok]
    departed = [p.scenario for p in report.pipelines if p.divergence is not None and not p.model]
    models = [p.scenario for p in report.pipelines if p.divergence is not None and p.model]
    if not report.functions:
        return c("FAIL", "Nothing checked: the file defines none of the course's graded functions.")
    if not bad and not departed and not models:
        n = len(report.functions)
        which = f"{report.functions[0].function} matches" if n == 1 else f"All {n} functions match"
        also = [words for words, kind in (("your pipeline matches on every scenario", False),
                                           ("your model matches the reference's step by step", True))
                if any(p.model == kind and not p.skipped for p in report.pipelines)]
        return c("PASS", f"{which} the reference" + "".join(f", and {words}" for words in also) + ".")
    parts = []
    if bad:
        parts.append(f"{len(bad)} of {len(report.functions)} functions do not match: {', '.join(bad)}")
    if departed:
        parts.append(f"your pipeline departs from the reference on {', '.join(departed)}")
    if models:
        parts.append(f"your model departs from the reference's in {'; '.join(models)}")
    return c("FAIL", "; ".join(parts) + ".")
