"""Mistakes the numbers cannot name, read in the student's own source where the exception points.

* ``global-name``: a function reads a name it never sets (``grads["dA" + str(l)] = dA_prev`` where
  ``dA_prev_temp`` was meant). In the student's notebook a test cell has left that name in the global scope,
  so the function runs and gives wrong numbers; the course's grader, like dnnstep, runs the graded functions
  without those cells, and the function raises ``NameError``. The hint says which name, where it is set (the
  test's line that dnnstep does not run), and the function's own name it most likely meant.
* ``activation-string``: an activation that matches no branch of ``linear_activation_forward``'s (or
  ``_backward``'s) ``if``/``elif``: ``" sigmoid"``, ``"Relu"``. No branch runs, and the first variable only a
  branch sets raises ``UnboundLocalError``. The hint names the string passed, by whom, and the strings the
  branches compare with (read from the student's function).

Each fires only when the exception is the one that mistake raises and the source shows the mistake.
"""

from __future__ import annotations

import ast
import difflib
import re

from dnnstep.homework.diagnosing.hints import Hint
from dnnstep.homework.reading.source import PARAMETERS, HomeworkSource

#: The activations the course passes.
COURSE_ACTIVATIONS = ("sigmoid", "relu")
_NAME_ERROR = re.compile(r"NameError: name '(\w+)' is not defined")
_UNBOUND = re.compile(r"UnboundLocalError: (?:cannot access local variable|local variable) '(\w+)'")


def explain_from_source(homework: HomeworkSource, function: str, args: tuple, message: str, frames: list[dict],
                        calls: list | None = None) -> list[Hint]:
    """Hints for the exception ``message`` raised in the homework's ``frames`` while ``function`` ran on ``args``
    (``calls``: the layer calls ``function`` made that finished before, as watched)."""
    if not frames:
        return []
    hint = _global_name(homework, message, frames[-1]) or _activation_string(homework, function, args, message,
                                                                           frames, calls or [])
    return [hint] if hint else []


def _local_names(node: ast.FunctionDef) -> list[str]:
    """The names a function sets itself: its parameters and what it assigns."""
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
    names += [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return list(dict.fromkeys(names))


def _global_name(homework: HomeworkSource, message: str, frame: dict) -> Hint | None:
    match = _NAME_ERROR.match(message)
    reader = homework.function(frame.get("function", ""))
    if not match or reader is None:
        return None
    name = match.group(1)
    close = difflib.get_close_matches(name, [n for n in _local_names(reader) if n != name], n=1, cutoff=0.6)
    meant = f" Did you mean {close[0]}?" if close else ""
    where = homework.skipped_assignment(name)
    if where is None:
        return Hint("global-name", "", f"{reader.name} reads {name}, which it never sets and which is set nowhere "
                                       f"in this file: NameError.{meant}")
    return Hint("global-name", "", f"{reader.name} reads {name}, which it never sets: {name} is set only outside it, "
                                   f"at {where} (a test's line, which dnnstep does not run); in the notebook the "
                                   "function read what that line left there, in a fresh kernel it raises NameError."
                                   f"{meant}")


def _branches(node: ast.FunctionDef, parameter: str) -> list[str]:
    """The strings the function's if/elif compare ``parameter`` with (``activation == "sigmoid"``), in order."""
    found = []
    for test in (n.test for n in ast.walk(node) if isinstance(n, ast.If)):
        for compare in (n for n in ast.walk(test) if isinstance(n, ast.Compare)):
            sides = [compare.left, *compare.comparators]
            if any(isinstance(s, ast.Name) and s.id == parameter for s in sides):
                found += [s.value for s in ast.walk(compare) if isinstance(s, ast.Constant) and isinstance(s.value, str)]
    return list(dict.fromkeys(found))


def _activation_parameter(node: ast.FunctionDef) -> str | None:
    """The name of the function's activation parameter: the one the course calls ``activation``, at its place."""
    names = [a.arg for a in node.args.args]
    course = PARAMETERS.get(node.name, ())
    if "activation" in course and len(names) > course.index("activation"):
        return names[course.index("activation")]
    return None


def _passed(caller_code: str, callee: str, position: int) -> str | None:
    """The string the line ``caller_code`` passes to ``callee`` as its activation, when it is written there."""
    try:
        tree = ast.parse(caller_code.strip().rstrip("\\"))
    except SyntaxError:
        return None
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if not (isinstance(call.func, ast.Name) and call.func.id == callee):
            continue
        given = [k.value for k in call.keywords if k.arg == "activation"] or call.args[position:position + 1]
        if given and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str):
            return given[0].value
    return None


def _layer(function: str, args: tuple, layer_function: str, calls: list) -> str:
    """``" for layer 3"``: the layer whose call raised, after the layer calls that finished (``calls``)."""
    done = sum(1 for name, _, _ in calls if name == layer_function)
    if function == "L_model_forward" and layer_function == "linear_activation_forward":
        return f" for layer {done + 1}"
    if function == "L_model_backward" and layer_function == "linear_activation_backward" and len(args) == 3:
        return f" for layer {len(args[2]) - done}"
    return ""


def _activation_string(homework: HomeworkSource, function: str, args: tuple, message: str, frames: list[dict],
                       calls: list) -> Hint | None:
    match = _UNBOUND.match(message)
    raised = homework.function(frames[-1].get("function", ""))
    if not match or raised is None:
        return None
    parameter = _activation_parameter(raised)
    branches = _branches(raised, parameter) if parameter else []
    if not branches:
        return None
    position = PARAMETERS[raised.name].index("activation")
    if raised.name == function:
        caller, value = None, args[position] if len(args) > position else None
    elif len(frames) > 1:
        caller, value = frames[-2].get("function", ""), _passed(frames[-2].get("code", ""), raised.name, position)
    else:
        return None
    if not isinstance(value, str) or value in branches:
        return None
    compared = ", ".join(map(repr, branches))
    never = f"so {match.group(1)} was never set: UnboundLocalError"
    if caller is None:
        return Hint("activation-string", "", f"activation {value!r} matches no branch of {raised.name}'s if/elif "
                                             f"({compared}; strings compare exactly, case and spaces count), {never}")
    at = _layer(function, args, raised.name, calls)
    if value in COURSE_ACTIVATIONS:  # the caller is right: the branches are not
        return Hint("activation-string", "", f"{caller} passed activation {value!r}, the course's, to {raised.name}"
                                             f"{at}, whose if/elif compares it with {compared}: no branch matches "
                                             f"(strings compare exactly, case and spaces count), {never}")
    return Hint("activation-string", "", f"{caller} passed activation {value!r} to {raised.name}{at}, which matches no "
                                         f"branch of its if/elif ({compared}; strings compare exactly, case and spaces "
                                         f"count), {never}")
