"""Exceptions as findings: what the student's code was given and what it passed on, in course terms.

An exception is explained like a wrong number, by recomputing a mistake: when a mistake
model of the function (:data:`~dnnstep.homework.diagnosing.mistakes.MODELS`) raises, on the
same inputs, exactly the exception the student's code raised (same type, same message,
which names the shapes or the key), the model's hint fires, and its message says what was
passed where ("relu_backward got dA (1, 4) for layer 2, whose Z is (3, 4): ...").

An exception raised inside the course's helpers (``relu_backward``, ``sigmoid_backward``,
``relu``, ``sigmoid``: dnnstep supplies them as the course's ``dnn_utils``) that no model
explains is explained by what the student passed them, read from the helper's own error;
its frame is shown as the course's helper, never as a line of dnnstep's source.
"""

from __future__ import annotations

import copy
import re
import traceback
from pathlib import Path

import numpy as np

from dnnstep import course
from dnnstep.homework.diagnosing.hints import Hint, render_message
from dnnstep.homework.comparing.tolerance import matches
from dnnstep.homework.diagnosing.mistakes import MODELS, layer_calls
from dnnstep.homework.running.course_modules import course_module_of

#: The course's helpers that dnnstep supplies to the homework (as ``dnn_utils`` and its kin).
HELPERS = ("relu_backward", "sigmoid_backward", "relu", "sigmoid")
_COURSE_FILE = Path(course.__file__).resolve()


def describe_exception(error: BaseException) -> str:
    """``"KeyError: 'dA2'"``: an exception as the homework's process reports it."""
    return "".join(traceback.format_exception_only(type(error), error)).strip()


#: The layer function each whole-network function calls, watched to see what each layer was given.
LAYER_OF = {"L_model_forward": "linear_activation_forward", "L_model_backward": "linear_activation_backward"}


def explain_exception(function: str, args: tuple, message: str, outside: dict | None = None,
                      calls: list | None = None) -> list[Hint]:
    """Hints for the exception ``message`` that the student's ``function`` raised on ``args``.

    A mistake model explains it when it raises the same exception on the same inputs and,
    for ``L_model_forward`` and ``L_model_backward`` when the student's layer calls that
    finished before it (``calls``, ``(name, args, result)`` as watched in the homework's
    process) are known, after giving its layers the same inputs. Several that still cannot be
    told apart: the first, the most common, is named. No model explains an exception that the
    course's own function raises on these inputs too: then the inputs are wrong (the mistake is
    upstream), not this function. Else, when the exception came from inside one of the course's
    helpers, it says what the student passed that helper.
    """
    wanted = _first_line(message)
    models = MODELS.get(function, ()) if not _course_raises(function, args, wanted) else ()
    for code, text, mistaken in models:
        with layer_calls() as made:
            try:
                mistaken(*copy.deepcopy(args))
            except Exception as error:  # noqa: BLE001 - the model's own exception is the evidence
                if _first_line(describe_exception(error)) != wanted:
                    continue
            else:
                continue
        if calls is not None and function in LAYER_OF and not _same_layers(LAYER_OF[function], made, calls):
            continue
        words = render_message(text, args, tensor="", m=None)
        if words:
            return [Hint(code, "", words)]
    if calls is not None and function in LAYER_OF:
        hints = _explain_in_layer(function, args, message, outside, calls)
        if hints:
            return hints
    helper = helper_of(outside)
    if helper is not None:
        return [Hint("helper-input", "", f"{helper} (the course's helper, which dnnstep supplies) failed on what "
                                         f"your code passed it: {_helper_words(helper, wanted)}")]
    return []


def _course_raises(function: str, args: tuple, wanted: str) -> bool:
    """Whether the course's ``function`` raises the exception ``wanted`` on ``args`` too."""
    try:
        getattr(course, function)(*copy.deepcopy(args))
    except Exception as error:  # noqa: BLE001 - the reference's own exception is the evidence
        return _first_line(describe_exception(error)) == wanted
    return False


def _explain_in_layer(function: str, args: tuple, message: str, outside: dict | None, calls: list) -> list[Hint]:
    """When the student's layers got the course's inputs up to the one that raised: that layer's
    call, given the course's inputs, explained as a call of the layer function itself."""
    layer_function = LAYER_OF[function]
    done = [call_args for name, call_args, _ in calls if name == layer_function]
    try:
        layer, layer_args = _course_layer_args(function, args, len(done))
    except Exception:  # noqa: BLE001 - inputs the course cannot run either: nothing to say
        return []
    if layer is None:
        return []
    return [Hint(h.code, h.tensor, f"layer {layer} (in {layer_function}): {h.message}")
            for h in explain_exception(layer_function, layer_args, message, outside)]


def _course_layer_args(function: str, args: tuple, done: int) -> tuple[int | None, tuple]:
    """The layer the course calls after ``done`` finished layer calls, and the inputs it gives it."""
    if function == "L_model_forward":
        X, parameters = args
        L = len(parameters) // 2
        l = done + 1
        if l > L:
            return None, ()
        A_prev = X if l == 1 else course.L_model_forward(*copy.deepcopy(args))[1][l - 1][0][0]
        return l, (A_prev, parameters[f"W{l}"], parameters[f"b{l}"], "sigmoid" if l == L else "relu")
    AL, Y, caches = args
    L = len(caches)
    l = L - done
    if l < 1:
        return None, ()
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA = dAL if l == L else course.L_model_backward(*copy.deepcopy(args))[f"dA{l}"]
    return l, (dA, caches[l - 1], "sigmoid" if l == L else "relu")


def _same_layers(name: str, made: list, calls: list) -> bool:
    """Whether the model's finished layer calls gave each layer what the student's gave it: the same
    dA and Z (backward), the same A_prev and W (forward), in the same order."""
    ours = [args for called, args in made if called == name]
    theirs = [args for called, args, _ in calls if called == name]
    if len(ours) != len(theirs):
        return False
    try:
        if name == "linear_activation_backward":
            pairs = [((a[0], a[1][1]), (b[0], b[1][1])) for a, b in zip(ours, theirs)]
        else:
            pairs = [((a[0], a[1]), (b[0], b[1])) for a, b in zip(ours, theirs)]
    except (IndexError, KeyError, TypeError):
        return False
    return all(matches(x, y) for mine, yours in pairs for x, y in zip(mine, yours))


def helper_of(frame: dict | None) -> str | None:
    """The course helper's name when ``frame`` (the innermost one, outside the homework) is in one: in a
    course module dnnstep supplies (``dnn_utils``, ``dnn_app_utils_v3``, ...) or in the reference it fills in."""
    if not frame or frame.get("function") not in HELPERS:
        return None
    return frame["function"] if _course_module(frame) else None


def _course_module(frame: dict) -> str | None:
    """The course module (as the student imports it) whose code ``frame`` is in, or ``None``."""
    where = frame.get("where")
    if not isinstance(where, str):
        return None
    module = course_module_of(where)
    if module is not None:
        return module
    try:
        return "dnn_utils" if Path(where).resolve() == _COURSE_FILE else None
    except OSError:
        return None


def course_frame(frame: dict | None) -> dict | None:
    """The innermost frame outside the homework, as the student should see it: a frame in the course's
    helpers is shown as the course's module (``dnn_utils``), not as a file and line of dnnstep's."""
    helper = helper_of(frame)
    if helper is None:
        return frame
    return {"where": f"the course's {_course_module(frame)} (supplied by dnnstep)", "line": None, "function": helper,
            "code": frame.get("code", "")}


_BOOLEAN = re.compile(r"along axis (\d+); size of axis is (\d+) but size of corresponding boolean axis is (\d+)")
_BROADCAST = re.compile(r"operands could not be broadcast together with shapes (\([\d,]*\)) (\([\d,]*\))")


def _helper_words(helper: str, message: str) -> str:
    axis = {"0": "rows", "1": "columns"}
    boolean = _BOOLEAN.search(message)
    if boolean:
        which, got, wanted = boolean.groups()
        return (f"dA has {got} {axis.get(which, 'entries along axis ' + which)} where Z has {wanted}; dA must be "
                "the gradient of this layer's own A, of Z's shape (dA[l] goes with the cache of layer l)")
    broadcast = _BROADCAST.search(message)
    if broadcast and helper == "sigmoid_backward":
        return (f"dA {broadcast.group(1)} and Z {broadcast.group(2)} differ in shape; dA must be the gradient of this "
                "layer's own A, of Z's shape (dA[l] goes with the cache of layer l)")
    if "tuple" in message:
        return (f"its cache is a tuple: {helper} takes Z, the activation cache, which is cache[1] of the layer's "
                "cache ((A_prev, W, b), Z); not the linear cache (A_prev, W, b) nor the whole cache")
    return f"{message}; check the shapes and types of what you passed it"


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""
