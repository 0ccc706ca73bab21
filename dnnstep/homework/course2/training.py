"""The file's own ``model``, step by step beside the reference's: where its training first departs, and why.

Three of the notebooks give a ``model`` that trains the shared 3-layer network with the student's
functions: Initialization (``initialization = "zeros" | "random" | "he"``), Regularization (plain,
``lambd = 0.7``, ``keep_prob = 0.86``) and Optimization (``optimizer = "gd" | "momentum" | "adam"``,
mini-batches of 64). Students change it, or break it while changing their functions.

:func:`check_model` runs the file's ``model`` for a few iterations (epochs) in the homework's process,
watching every call it makes to the functions of its loop (the initialisation, ``random_mini_batches``,
the forward pass, the cost, the backward pass, the update), and runs the reference's ``model``
(:mod:`dnnstep.course2`) on the same data, watching the same calls. The two lists of calls are walked
side by side; the first call whose function, inputs or result differs is the departure, named by
epoch, mini-batch, step and tensor:

* the function differs (``compute_cost`` where the course calls ``compute_cost_with_regularization``):
  the loop calls the wrong one;
* the inputs differ while everything before matched: the loop passes something else (Adam's ``t`` from
  0, the seed never changed, the whole ``X`` where a mini-batch is due): the mistake is in ``model``;
* the inputs match and the result differs: the mistake is in the function called, with the hints its
  mistake models give on those very inputs.
"""

from __future__ import annotations

import copy
import inspect
import time
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dnnstep.course2 import optimization
from dnnstep.homework.comparing.tolerance import TensorDiff, compare as compare_tensor
from dnnstep.homework.course2.assignments import Assignment
from dnnstep.homework.course2.cases import KEEP_PROB, LAMBD, Data
from dnnstep.homework.course2.contracts import MODULES, accepted_note, answers, compare, reference
from dnnstep.homework.course2.editions import Edition
from dnnstep.homework.course2.functions import hints_for, quietly
from dnnstep.homework.diagnosing.hints import Hint
from dnnstep.homework.reporting.findings import Divergence, PipelineResult
from dnnstep.homework.running.process import HomeworkProcess, Stored
from dnnstep.homework.running.protocol import own_function

#: Iterations of the Initialization and Regularization models compared; epochs of the Optimization one.
ITERATIONS = 3
EPOCHS = 2

#: The step each watched function is, in the loop.
STEPS = {
    "initialize_parameters_zeros": "initialisation", "initialize_parameters_random": "initialisation",
    "initialize_parameters_he": "initialisation", "initialize_parameters": "initialisation",
    "initialize_velocity": "initialisation", "initialize_adam": "initialisation",
    "random_mini_batches": "mini-batches",
    "forward_propagation": "forward", "forward_propagation_with_dropout": "forward",
    "compute_loss": "cost", "compute_cost": "cost", "compute_cost_with_regularization": "cost",
    "backward_propagation": "backward", "backward_propagation_with_regularization": "backward",
    "backward_propagation_with_dropout": "backward",
    "update_parameters": "update", "update_parameters_with_gd": "update",
    "update_parameters_with_momentum": "update", "update_parameters_with_adam": "update",
}
WATCHED = tuple(STEPS)


@dataclass(frozen=True)
class Run:
    """One run of a notebook's model: its arguments by the course's parameter names, and what it needs.

    Attributes:
        label: for people: ``'model(..., optimizer = "adam")'``.
        data: ``"circles"``, ``"football"`` or ``"moons"``.
        arguments: the course's parameter name -> value (X and Y are the data's).
        needs: the graded functions this run calls (it is left out when the file defines none of them).
        batches: whether it trains in mini-batches (epochs and mini-batches name its steps).
    """

    label: str
    data: str
    arguments: dict
    needs: tuple[str, ...]
    batches: bool = False

    @property
    def decay(self) -> str | None:
        """The name of the learning-rate decay this run passes its model (``update_lr``), or ``None``."""
        function = self.arguments.get("decay")
        return None if function is None else function.__name__


def runs(assignment: Assignment) -> list[Run]:
    """The runs of ``assignment``'s model that the notebook itself makes."""
    if assignment.key == "initialization":
        return [Run(f'model(..., initialization = "{init}")', "circles",
                    dict(learning_rate=0.01, num_iterations=ITERATIONS, print_cost=False, initialization=init),
                    (f"initialize_parameters_{init}",)) for init in ("zeros", "random", "he")]
    if assignment.key == "regularization":
        common = dict(learning_rate=0.3, num_iterations=ITERATIONS, print_cost=False)
        return [Run("model(...) without regularization", "football", dict(common, lambd=0, keep_prob=1), ()),
                Run(f"model(..., lambd = {LAMBD})", "football", dict(common, lambd=LAMBD, keep_prob=1),
                    ("compute_cost_with_regularization", "backward_propagation_with_regularization")),
                Run(f"model(..., keep_prob = {KEEP_PROB})", "football", dict(common, lambd=0, keep_prob=KEEP_PROB),
                    ("forward_propagation_with_dropout", "backward_propagation_with_dropout"))]
    if assignment.key == "optimization":
        common = dict(layers_dims=[2, 5, 2, 1], learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9,
                      beta2=0.999, epsilon=1e-8, num_epochs=EPOCHS, print_cost=False)
        needs = {"gd": ("update_parameters_with_gd",),
                 "momentum": ("initialize_velocity", "update_parameters_with_momentum"),
                 "adam": ("initialize_adam", "update_parameters_with_adam")}
        plain = [Run(f'model(..., optimizer = "{name}")', "moons", dict(common, optimizer=name),
                     ("random_mini_batches", *needs[name]), batches=True) for name in ("gd", "momentum", "adam")]
        # 2021 on: the notebook's decay runs (a file of an earlier edition defines no decay: checking leaves them out)
        decays = [("gd", 0.1, optimization.update_lr), ("gd", 0.1, optimization.schedule_lr_decay),
                  ("momentum", 0.1, optimization.schedule_lr_decay), ("adam", 0.01, optimization.schedule_lr_decay)]
        return plain + [Run(f'model(..., optimizer = "{name}", learning_rate = {rate}, decay = {decay.__name__})',
                            "moons", dict(common, optimizer=name, learning_rate=rate, decay=decay, decay_rate=1),
                            ("random_mini_batches", *needs[name], decay.__name__), batches=True)
                        for name, rate, decay in decays]
    return []


@dataclass
class Call:
    """One watched call: the function, its arguments in its parameters' order, what it returned."""

    name: str
    args: tuple
    result: Any


# --------------------------------------------------------------------------------------------
# The reference's run
# --------------------------------------------------------------------------------------------


def _ordered(function, args: tuple, kwargs: dict) -> tuple:
    """The call's arguments in ``function``'s parameters' order, defaults filled in, without the reference's own
    keyword-only ones (``edition``)."""
    signature = inspect.signature(function)
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return tuple(v for p, v in bound.arguments.items()
                 if signature.parameters[p].kind is not inspect.Parameter.KEYWORD_ONLY)


def _watching(name: str, function, calls: list[Call]):
    def watched(*args, **kwargs):
        given = copy.deepcopy(_ordered(function, args, kwargs))
        result = function(*args, **kwargs)
        calls.append(Call(name, given, copy.deepcopy(result)))
        return result
    return watched


@dataclass(frozen=True)
class CourseRun:
    """The reference's ``model`` on one run: every watched call it made, what it returned, how long it took.

    Attributes:
        run: the run.
        edition: the edition its model was given (``None``: the assignment's model takes none, and every edition's
            run is this one).
    """

    run: Run
    edition: str | None
    calls: list[Call]
    value: Any
    seconds: float

    def serves(self, run: Run, assignment: Assignment, edition: Edition) -> bool:
        """Whether this is the reference's run of ``run`` in ``edition``: a run made once serves every comparison."""
        return self.run == run and self.edition == _model_edition(assignment, edition)


def _model_edition(assignment: Assignment, edition: Edition) -> str | None:
    """The edition the reference's ``model`` of ``assignment`` is given (``None``: it takes none)."""
    return edition.key if "edition" in inspect.signature(MODULES[assignment.key].model).parameters else None


def reference_run(assignment: Assignment, run: Run, data: Data, edition: Edition) -> CourseRun:
    """The reference's ``model`` on ``run``, and every watched call it made: its own code with the functions it calls
    watched (the module's globals, and a table of them such as the initialisers by name)."""
    started = time.perf_counter()
    module = MODULES[assignment.key]
    calls: list[Call] = []
    names = dict(vars(module))
    for name, value in vars(module).items():
        if name in STEPS and callable(value):
            names[name] = _watching(name, value, calls)
        elif isinstance(value, dict) and value and all(callable(v) for v in value.values()):
            names[name] = {k: _watching(v.__name__, v, calls) if v.__name__ in STEPS else v for k, v in value.items()}
    model = module.model
    watched_model = types.FunctionType(model.__code__, names, "model", model.__defaults__, model.__closure__)
    watched_model.__kwdefaults__ = model.__kwdefaults__
    kwargs = dict(run.arguments)
    given = _model_edition(assignment, edition)
    if given is not None:
        kwargs["edition"] = given
    state = np.random.get_state()
    try:
        value = quietly(lambda: watched_model(data.X, data.Y, **kwargs))
    finally:
        np.random.set_state(state)
    return CourseRun(run, given, calls, value, time.perf_counter() - started)


# --------------------------------------------------------------------------------------------
# The student's run
# --------------------------------------------------------------------------------------------


def model_parameters(homework) -> list[str] | None:
    """The parameter names of the file's own ``model`` (its last definition, as the notebook runs it), or ``None``."""
    node = homework.function("model")
    return None if node is None else [a.arg for a in (*node.args.posonlyargs, *node.args.args)]


def positional(parameters: list[str], arguments: dict, X, Y) -> tuple | str:
    """The run's arguments as positions of the student's ``model(parameters...)``, or why they cannot be. A function
    among them (the reference's ``update_lr`` as ``decay``) is passed as the file's own function of its name."""
    values = {k: own_function(v.__name__) if callable(v) else v for k, v in dict(arguments, X=X, Y=Y).items()}
    args = []
    for name in parameters:
        if name not in values:
            break
        args.append(values[name])
    missing = [name for name in values if name not in parameters[:len(args)]]
    if missing:
        return (f"its model has no parameter {', '.join(missing)} in the course's place (its signature is "
                f"model({', '.join(parameters)})), so it cannot be run the course's way")
    return tuple(args)


# --------------------------------------------------------------------------------------------
# Walking the two runs
# --------------------------------------------------------------------------------------------


@dataclass
class Place:
    """Where a call is in the training: epoch (iteration) and mini-batch, for people."""

    epoch: int | None = None
    batch: int | None = None
    batches: bool = False

    def words(self) -> str:
        if self.epoch is None:
            return "before training"
        if not self.batches:
            return f"iteration {self.epoch}"
        return f"epoch {self.epoch}" + ("" if self.batch is None else f", mini-batch {self.batch}")


def places(calls: list[Call], batches: bool) -> list[Place]:
    """The place of each call of a run."""
    found, epoch, batch = [], None, None
    for call in calls:
        step = STEPS.get(call.name)
        if step == "mini-batches":
            epoch, batch = (0 if epoch is None else epoch + 1), None
        elif step == "forward":
            if batches:
                batch = 0 if batch is None else batch + 1
            else:
                epoch = 0 if epoch is None else epoch + 1
        found.append(Place(epoch, batch, batches))
    return found


@dataclass
class Departure:
    """The first call where the student's run departs: its index, and what differs."""

    index: int
    kind: str  # "function", "inputs", "result", "missing", "extra", "return", "failure"
    tensors: list[TensorDiff] = field(default_factory=list)
    message: str = ""


def first_departure(reference: list[Call], student: list[Call], names: dict[str, tuple[str, ...]],
                    accept=lambda expected, actual: None) -> Departure | None:
    """The first call where ``student`` departs from ``reference`` (``names``: a function's parameter names).

    ``accept(expected, actual)`` gives a note when a call's other result is one the course accepts too (then the two
    runs part there for a reason of the course's own, and the rest is not compared): a ``Departure`` of kind
    ``"accepted"``."""
    for index, expected in enumerate(reference):
        if index >= len(student):
            return Departure(index, "missing", message=f"the course's model calls {expected.name} here; yours made no "
                                                       "further call")
        actual = student[index]
        if actual.name != expected.name:
            return Departure(index, "function", message=f"your model calls {actual.name} where the course's calls "
                                                        f"{expected.name}")
        diffs = compare_inputs(expected.args, actual.args, names.get(expected.name, ()))
        if diffs:
            return Departure(index, "inputs", diffs)
        comparison = compare(expected.name, expected.result, actual.result)
        if not comparison.ok:
            note = accept(expected, actual)
            if note:
                return Departure(index, "accepted", message=note)
            tensors = [t for t in comparison.tensors if not t.ok]
            return Departure(index, "result", tensors, "; ".join(comparison.problems))
    if len(student) > len(reference):
        extra = student[len(reference)]
        return Departure(len(reference), "extra", message=f"your model calls {extra.name} after the course's model "
                                                          "has finished (its loop runs longer)")
    return None


def compare_inputs(expected: tuple, actual: tuple, names: tuple[str, ...]) -> list[TensorDiff]:
    """The inputs of one call that differ, named by the function's parameters (``parameters['W1']``)."""
    diffs = []
    for i, value in enumerate(expected):
        name = names[i] if i < len(names) else f"argument {i + 1}"
        if i >= len(actual):
            diffs.append(TensorDiff(name, False, problem="is not passed"))
            continue
        diffs += [d for d in _leaves_compared(name, value, actual[i]) if not d.ok]
    return diffs


def _leaves_compared(name: str, expected, actual) -> list[TensorDiff]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [TensorDiff(name, False, problem=f"is a {type(actual).__name__}, not a dictionary")]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(TensorDiff(f"{name}[{key!r}]", False, problem="is missing"))
            else:
                found += _leaves_compared(f"{name}[{key!r}]", value, actual[key])
        return found
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return [TensorDiff(name, False, problem=f"is not a sequence of {len(expected)} items")]
        return [d for i, value in enumerate(expected) for d in _leaves_compared(f"{name}[{i}]", value, actual[i])]
    if isinstance(expected, str) or expected is None:
        ok = actual == expected
        return [TensorDiff(name, ok, problem="" if ok else f"is {actual!r}, not {expected!r}")]
    try:
        return [compare_tensor(name, expected, actual)]
    except TypeError:
        return []


# --------------------------------------------------------------------------------------------
# The check of one run
# --------------------------------------------------------------------------------------------


def check_model(process: HomeworkProcess, homework, assignment: Assignment, run: Run, data: Data,
                data_keys: tuple[Stored, Stored], edition: Edition) -> PipelineResult:
    """Run the file's ``model`` on ``run`` beside the reference's; the first departure, if any."""
    return compare_model(process, homework, assignment, run, data, data_keys, edition).result


@dataclass
class ModelComparison:
    """One run of the file's ``model`` beside the reference's: the finding, and the calls both made.

    Attributes:
        result: what ``dnnstep check`` reports (``skipped`` says why the model was not run).
        expected: the reference's watched calls; ``actual``: the file's, in the same order.
        call: the call of the file's ``model`` (``None`` when it was not run): how it ended.
    """

    result: PipelineResult
    expected: list[Call] = field(default_factory=list)
    actual: list[Call] = field(default_factory=list)
    call: Any = None


def compare_model(process: HomeworkProcess, homework, assignment: Assignment, run: Run, data: Data,
                  data_keys: tuple[Stored, Stored], edition: Edition,
                  reference: CourseRun | None = None) -> ModelComparison:
    """:func:`check_model`, keeping the watched calls of both runs (the debugger makes its steps of them);
    ``reference``: the reference's run, when it was made already (used if it :meth:`~CourseRun.serves` this one)."""
    functions = [f for f in ("model", *assignment.graded) if f in homework.defined]
    result = PipelineResult(f"{assignment.title}: {run.label}", _length(run), functions, model=True,
                            assignment=assignment.name)
    comparison = ModelComparison(result)
    missing = [f for f in run.needs if f not in homework.defined]
    if missing:
        result.skipped = (f"the file does not define {', '.join(missing)}, which this run of model calls")
        return comparison
    parameters = model_parameters(homework)
    if parameters is None:
        result.skipped = "the file does not define model"
        return comparison
    args = positional(parameters, run.arguments, *data_keys)
    if isinstance(args, str):
        result.skipped = args
        return comparison
    if reference is None or not reference.serves(run, assignment, edition):
        reference = reference_run(assignment, run, data, edition)
    expected_calls, expected_value, seconds = reference.calls, reference.value, reference.seconds
    call = process.call("model", args, record=WATCHED, check_changes=False, outermost=True)
    actual_calls = [Call(name, tuple(a), r) for name, a, r in call.calls]
    comparison.expected, comparison.actual, comparison.call = expected_calls, actual_calls, call
    names = {c.name: _names(assignment, c.name) for c in expected_calls}

    def accept(expected: Call, actual: Call) -> str | None:
        if expected.name not in assignment.graded:
            return None
        for what, value in quietly(answers, expected.name, expected.args, assignment, edition)[1:]:
            if compare(expected.name, value, actual.result).ok:
                return accepted_note(expected.name, what)
        return None

    departure = first_departure(expected_calls, actual_calls, names, accept)
    if not call.ok and (departure is None or (departure.kind == "missing" and departure.index >= len(actual_calls))):
        # every call it made matched (or none came back): the failure is what ends its run
        departure = Departure(len(actual_calls), "failure", message=call.message + _pace(call, run, seconds))
    if departure is not None and departure.kind == "accepted":
        place = places(expected_calls, run.batches)[departure.index]
        result.note = (f"{departure.message}; the two runs part at {place.words()} for that reason, and the rest is "
                       "not compared")
        return comparison
    if departure is None:
        returned = compare("update_parameters", expected_value, call.value)
        if returned.ok:
            return comparison
        departure = Departure(len(expected_calls), "return", [t for t in returned.tensors if not t.ok],
                              "model returns parameters other than the course's after the same training")
    result.divergence = _divergence(homework, assignment, run, departure, expected_calls, actual_calls, call, data,
                                    edition)
    return comparison


def _pace(call, run: Run, seconds: float) -> str:
    """For a model that timed out: how long the course's model takes for the same run."""
    if call.status != "timeout":
        return ""
    unit = "epochs" if run.batches else "iterations"
    return (f"; the course's model makes these {_length(run)} {unit} in {seconds:.2f} s (does the loop use its "
            f"{'num_epochs' if run.batches else 'num_iterations'} argument?)")


def _length(run: Run) -> int:
    return run.arguments.get("num_epochs", run.arguments.get("num_iterations", 0))


def _names(assignment: Assignment, function: str) -> tuple[str, ...]:
    """The course's parameter names of a function the model calls (a graded one or a helper of the notebook)."""
    try:
        return tuple(p.name for p in inspect.signature(reference(function, assignment)).parameters.values()
                     if p.kind is not inspect.Parameter.KEYWORD_ONLY)
    except (AttributeError, TypeError, ValueError):
        return ()


def _divergence(homework, assignment: Assignment, run: Run, departure: Departure, expected_calls: list[Call],
                actual_calls: list[Call], call, data: Data, edition: Edition) -> Divergence:
    at = places(expected_calls, run.batches)
    at_student = places(actual_calls, run.batches)
    index = departure.index
    if index < len(expected_calls):
        place, name = at[index], expected_calls[index].name
    elif index < len(actual_calls):
        place, name = at_student[index], actual_calls[index].name
    else:
        place, name = (at[-1] if at else Place(batches=run.batches)), "model"
    step = STEPS.get(name, "end")
    in_model = departure.kind in ("function", "inputs", "missing", "extra", "return")
    function = "model" if in_model or departure.kind == "failure" else name
    label = step if step == "end" else f"{step} ({name})"
    if departure.kind == "failure" and not actual_calls:  # nothing came back: no step to name
        place, label = Place(batches=run.batches), "model"
    iteration = sum(1 for c in expected_calls[:index + 1] if STEPS.get(c.name) == "forward") - 1
    where = f"{place.words()}: {label}" if label != "model" else "the call of model itself, before any step came back"
    d = Divergence(f"{assignment.title}: {run.label}", max(iteration, 0), index, step, 0, label, function,
                   function in homework.defined, [], epoch=place.epoch, batch=place.batch, place=where)
    d.tensors = departure.tensors
    d.message = departure.message
    if departure.kind == "failure":
        d.status = call.status
        d.traceback = call.frames + ([call.outside] if call.outside else [])
        return d
    d.inputs_matched = departure.kind == "result"
    if departure.kind == "result":
        expected, actual = expected_calls[index], actual_calls[index]
        comparison = compare(name, expected.result, actual.result)
        d.hints = hints_for(name, expected.args, expected.result, actual.result, comparison, _m(expected), edition)
        if name in homework.defined and name not in assignment.functions:
            d.message = (f"your own {name} gives another result than the course's (the notebook imports it from "
                         f"{assignment.helper(edition.key)}) on the same inputs")
    elif departure.kind == "inputs":
        d.hints = loop_hints(name, departure.tensors, expected_calls, actual_calls, index)
        rate = run.decay
        if rate in homework.defined and {t.name for t in departure.tensors} == {"learning_rate"}:
            # the model passes on what the file's own decay gave it: that function is where to look
            wanted, got = _position(expected_calls[index], actual_calls[index], "learning_rate", departure.tensors)
            d.function, d.yours = rate, True
            d.hints = [Hint("model-decay", "learning_rate",
                            f"the learning rate your {rate} gives after epoch {max(place.epoch - 1, 0)} is {got}, the "
                            f"course's {rate} gives {wanted}: the model passes it on, the mistake is in {rate}",
                            ("learning_rate",))]
    elif departure.kind == "function":
        d.hints = [Hint("model-calls", "", _function_words(actual_calls[index].name, expected_calls[index].name,
                                                           run))]
    return d


def _m(call: Call) -> int | None:
    for value in call.args:
        if isinstance(value, np.ndarray) and value.ndim == 2:
            return value.shape[1]
    return None


def _function_words(called: str, due: str, run: Run) -> str:
    return (f"in {run.label} the course's model calls {due} at this step; yours calls {called}: check the if/elif on "
            "the model's arguments, and which function each branch calls")


def loop_hints(name: str, diffs: list[TensorDiff], expected_calls: list[Call], actual_calls: list[Call],
               index: int) -> list[Hint]:
    """What the loop passed differently, in course words."""
    hints = []
    expected, actual = expected_calls[index], actual_calls[index]
    bad = {d.name for d in diffs}
    if name == "update_parameters_with_adam" and "t" in bad:
        ts, expected_ts = _sequence(actual_calls, name, 4), _sequence(expected_calls, name, 4)
        if len(set(ts)) == 1 and len(expected_ts) > 1:
            why = f"t stays {ts[0]}: it is never counted up; t = t + 1 before each update, so that the bias correction fades"
        elif ts and ts[0] == 0:
            why = "t starts at 0 at the first update: the course counts t = t + 1 before each Adam update, from t = 0"
        else:
            why = f"t = {actual.args[4]} where the course passes t = {expected.args[4]}: t counts the updates, from 1"
        hints.append(Hint("adam-t", "t", why, ("t",)))
    if name == "random_mini_batches" and "seed" in bad:
        seeds, expected_seeds = _sequence(actual_calls, name, 3), _sequence(expected_calls, name, 3)
        if len(set(seeds)) == 1 and len(expected_seeds) > 1:
            why = (f"the seed stays {seeds[0]}, so every epoch shuffles alike: seed = seed + 1 at the start of each "
                   "epoch")
        elif len(seeds) == len(expected_seeds) and all(a == b - 1 for a, b in zip(seeds, expected_seeds)):
            why = "the seed is counted up after the shuffle: seed = seed + 1 comes first, so the first epoch uses 11"
        else:
            why = f"seed = {actual.args[3]} where the course passes {expected.args[3]}"
        hints.append(Hint("model-seed", "seed", why, ("seed",)))
    data_inputs = {"X", "Y"} & {d.name.split("[")[0] for d in diffs}
    if data_inputs and STEPS.get(name) in ("forward", "cost", "backward"):
        hints.append(Hint("model-batch", sorted(data_inputs)[0],
                          f"{name} is given other examples than the course's: within the loop over mini-batches "
                          "it takes the mini-batch, (minibatch_X, minibatch_Y) = minibatch, not the whole X and Y",
                          tuple(sorted(data_inputs))))
    if STEPS.get(name) == "forward" and any(d.name.startswith("parameters") for d in diffs):
        previous = [c for c in actual_calls[:index] if STEPS.get(c.name) == "update"]
        if previous:
            hints.append(Hint("no-update", "parameters",
                              "the forward pass is given other parameters than the last update returned: keep the "
                              "update's result, parameters = update_parameters...(...)", ("parameters",)))
    for scalar in ("learning_rate", "keep_prob", "lambd", "beta", "beta1", "beta2", "epsilon"):
        if scalar in bad and not any(h.tensor == scalar for h in hints):
            position = _position(expected, actual, scalar, diffs)
            hints.append(Hint("model-argument", scalar, f"model passes {scalar} = {position[1]} where the course "
                                                        f"passes {position[0]}", (scalar,)))
    return hints


def _sequence(calls: list[Call], name: str, position: int) -> list:
    """The argument at ``position`` of every call of ``name``, in order: how the loop moves it along."""
    return [c.args[position] for c in calls if c.name == name and position < len(c.args)]


def _position(expected: Call, actual: Call, name: str, diffs: list[TensorDiff]):
    for d in diffs:
        if d.name == name:
            return d.expected_value, d.actual_value
    return "?", "?"
