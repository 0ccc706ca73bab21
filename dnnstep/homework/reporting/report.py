"""The report of ``dnnstep check``: text for a terminal or a CI log, or JSON for graders.

Colour (ANSI) is used only when writing to a terminal and ``NO_COLOR`` is not set; the
words (PASS, FAIL, ERROR, TIMEOUT, CRASH, EXIT) carry the meaning without it.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from typing import TextIO

from dnnstep.homework.comparing.tolerance import TensorDiff
from dnnstep.homework.reporting.findings import CheckReport, Divergence, FunctionResult
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
    """The report as text, one block per function, then the pipelines, then a summary line."""
    c = _Painter(colour)
    lines = [c("bold", f"dnnstep check {report.path}")]
    if report.confinement:
        lines.append(c("FAIL", report.confinement))
    lines.extend(report.edition_lines())
    if report.scenarios:
        lines.append(c("dim", f"scenarios: {', '.join(report.scenarios)}"))
    for warning in report.warnings:
        lines.append(c("FAIL", "warning:") + f" {warning}")
    for note in report.notes:
        lines.append(c("dim", f"note: {note}"))
    if report.functions:
        lines.append("")
        lines.append("Each function alone, on the course's test inputs and each "
                     + ("scenario's network:" if report.scenarios else "network:"))
        width = max(len(f.function) for f in report.functions)
        for result in report.functions:
            lines.extend(_function(result, width, c))
    for model, title in ((False, "Your pipeline, step by step (forward, cost, backward, update):"),
                         (True, "Your model, step by step (initialisation, mini-batches, forward, cost, backward, "
                                "update):")):
        pipelines = [p for p in report.pipelines if p.model == model]
        if not pipelines:
            continue
        lines.append("")
        lines.append(title)
        for pipeline in pipelines:
            if pipeline.skipped:
                lines.append(f"  {c('SKIP', 'SKIP'.ljust(7))} {pipeline.scenario}: {pipeline.skipped}")
            elif pipeline.divergence is None:
                unit = "epoch" if pipeline.model and "optimizer" in pipeline.scenario else "iteration"
                extent = ("as far as it is compared" if pipeline.note
                          else f"for {pipeline.iterations} {unit}{'s' if pipeline.iterations != 1 else ''}")
                lines.append(f"  {c('PASS', 'PASS'.ljust(7))} {pipeline.scenario}: matches the reference {extent}")
                if pipeline.note:
                    lines.append(f"{' ' * 10}{c('dim', 'note:')} {pipeline.note}")
            else:
                lines.extend(_divergence(pipeline.divergence, c, report.path, pipeline.argument))
    lines.append("")
    lines.append(_summary(report, c))
    return c.finish("\n".join(lines) + "\n")


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


def _function(result: FunctionResult, width: int, c: _Painter) -> list[str]:
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
    for hint in result.hints:
        lines.append(f"{indent}{c('hint', 'hint:')} {hint.message}")
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
        rest = ", ".join(t.name for t in tensors[limit:])
        lines.append(f"{indent}also wrong: {rest}")
    return lines


def describe(diff: TensorDiff) -> str:
    """``"dW (3, 5): largest difference 2.94 at [2, 0]: expected 0.979133, got 3.91653 (15 of 15 elements)"``."""
    if diff.problem != "values differ":
        return f"{diff.name} {diff.problem}"
    index = "[" + ", ".join(str(i) for i in diff.index) + "]" if diff.index else "(scalar)"
    count = f" ({diff.mismatched[0]} of {diff.mismatched[1]} elements)" if diff.mismatched else ""
    return (f"{diff.name} {_shape(diff.expected_shape)}: largest difference {diff.max_diff:.3g} at {index}: "
            f"expected {diff.expected_value:.8g}, got {diff.actual_value:.8g}{count}")


def _shape(shape) -> str:
    return str(tuple(shape)) if shape is not None else "?"


def _divergence(d: Divergence, c: _Painter, path: str, scenario: str) -> list[str]:
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
        return lines + [f"{indent}{c('hint', 'hint:')} {hint.message}" for hint in d.hints]
    if d.message:
        lines.append(f"{indent}{d.message}")
    if d.inputs_matched:
        lines.append(f"{indent}the step's inputs still matched: the mistake is in this step")
    elif d.inputs_matched is False:
        lines.append(f"{indent}the step's inputs already differed: the mistake is upstream of this step")
    lines.extend(_tensors(d.tensors, indent))
    for hint in d.hints:
        lines.append(f"{indent}{c('hint', 'hint:')} {hint.message}")
    if scenario:
        lines.append(f"{indent}{c('dim', f'see it: dnnstep --homework {path} {scenario}')}")
    return lines


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
