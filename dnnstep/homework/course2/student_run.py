"""A Course 2 file's own ``model`` beside the engine, for the debugger (``dnnstep --homework FILE SCENARIO``).

A Course 2 scenario is one run of a notebook's ``model`` (``circles_he`` is the Initialization notebook's
``model(..., initialization = "he")``, ``moons_adam`` the Optimization notebook's ``optimizer = "adam"``):
the run of :func:`~dnnstep.homework.course2.training.runs` whose reference calls, cut into steps
(:mod:`~dnnstep.homework.course2.model_steps`), are the engine's steps of the scenario's first epoch.
:class:`Course2Run` runs the file's ``model`` on that run in the homework's process, as ``dnnstep check``
does (:func:`~dnnstep.homework.course2.training.compare_model`, with the scenario's data), and gives the
app the interface of :class:`dnnstep.homework.student_run.StudentRun`: the student's step beside the
engine's, its mismatches, the first divergence (said as the check says it, by epoch, mini-batch, step
and tensor, with its hint).

The model runs from the start each time: its first iterations are run at once, more when the debugger
goes further, as far as :data:`RECORD_BYTES` of recorded calls allow (at least :data:`MIN_ITERATIONS`); a step
beyond, or one the model's calls do not show, says so.
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import numpy as np

from dnnstep.course2 import optimization
from dnnstep.course2.editions import since
from dnnstep.engine import Session, Step
from dnnstep.homework.comparing.divergence import differing, step_mismatches
from dnnstep.homework.comparing.pipeline import IterationRun, put_data
from dnnstep.homework.course2.assignments import GRADIENT_CHECKING, Assignment, assignments_of
from dnnstep.homework.course2.cases import Data
from dnnstep.homework.course2.editions import CURRENT, Edition
from dnnstep.homework.course2.functions import judge_edition
from dnnstep.homework.course2.gradient_check_run import GradientCheckRun, is_gradient_check_of_the_notebook
from dnnstep.homework.course2.model_steps import NO_CALL, iteration_steps, iterations
from dnnstep.homework.course2.run_beside import RunBeside
from dnnstep.homework.course2.training import EPOCHS, ITERATIONS, CourseRun, ModelComparison, Run, compare_model, \
    reference_run, runs
from dnnstep.homework.reading.source import HomeworkLoadError
from dnnstep.homework.reporting.report import step_words
from dnnstep.scenario import Scenario

#: What one run of the file's model and the reference's may bring back, in bytes (each far iteration needs the model
#: run from the start, every call recorded): the number of iterations the debugger runs is measured by it.
RECORD_BYTES = 48 * 2**20
#: The fewest iterations (mini-batches with mini-batches) the debugger runs, whatever they weigh.
MIN_ITERATIONS = 100


@dataclasses.dataclass(frozen=True)
class ScenarioRun:
    """A scenario as a run of a notebook's model: the assignment, the run with the scenario's numbers, and the
    reference's run of it that showed so (as long as the debugger first runs the file's model: :func:`first_units`)."""

    assignment: Assignment
    run: Run
    reference: CourseRun | None = None

    def lasting(self, units: int) -> Run:
        """The run for ``units`` iterations (epochs with mini-batches)."""
        key = "num_epochs" if self.run.batches else "num_iterations"
        return dataclasses.replace(self.run, arguments=dict(self.run.arguments, **{key: units}))


def first_units(batches: bool, session: Session) -> int:
    """How many iterations (epochs with mini-batches) of a model the debugger runs first, as ``dnnstep check`` does (a
    decay shows from the second epoch on), at most the scenario's."""
    wanted = EPOCHS if batches else ITERATIONS
    last = session.batch(session.num_iterations - 1).epoch + 1 if batches else session.num_iterations
    per = session.batch(0).K if batches else 1
    return max(1, min(wanted, last, MIN_ITERATIONS // per))


def scenario_run(scenario: Scenario, session: Session, assignments: tuple[Assignment, ...]) -> ScenarioRun | None:
    """The run of the assignments' models that ``scenario`` is, or ``None``: the one whose reference calls, cut into
    steps, are the engine's steps of the iterations the debugger first compares (:func:`first_units`)."""
    if scenario.course != 2 or session.last_phase != "update" or not _model_decays_so(scenario):
        return None
    data = Data(scenario.name, scenario.X, scenario.Y)
    for assignment in assignments:
        for run in runs(assignment):
            if run.batches != (scenario.mini_batch_size is not None):
                continue
            candidate = ScenarioRun(assignment, _with_numbers(run, scenario))
            try:
                made = reference_run(assignment, candidate.lasting(first_units(run.batches, session)), data, CURRENT)
            except Exception:  # noqa: BLE001 - the course's model cannot train this scenario's network or data
                continue
            if _same_as_engine(made.calls, session, cost_sum=run.batches and since(CURRENT.key, "2019")):
                return dataclasses.replace(candidate, reference=made)
    return None


def _with_numbers(run: Run, scenario: Scenario) -> Run:
    """``run`` with the scenario's learning rate (and, with mini-batches, its network and optimizer's numbers, and its
    decay: the course's function, which the file's model gets as the file's own of that name)."""
    arguments, needs = dict(run.arguments, learning_rate=scenario.learning_rate), run.needs
    if run.batches:
        arguments.update(layers_dims=list(scenario.layer_dims), mini_batch_size=scenario.mini_batch_size,
                         beta=scenario.beta, beta1=scenario.beta1, beta2=scenario.beta2, epsilon=scenario.epsilon)
        if scenario.decay is not None:
            arguments.update(decay=getattr(optimization, scenario.decay), decay_rate=scenario.decay_rate)
            needs = (*needs, scenario.decay)
    return dataclasses.replace(run, arguments=arguments, needs=needs)


def _model_decays_so(scenario: Scenario) -> bool:
    """Whether the notebook's model can make the scenario's decay: none, or one it calls with the function's own
    ``time_interval`` (``decay(learning_rate0, epoch_num, decay_rate)``)."""
    if scenario.decay is None:
        return True
    default = inspect.signature(getattr(optimization, scenario.decay)).parameters.get("time_interval")
    return default is None or default.default == scenario.time_interval


def _same_as_engine(calls, session: Session, *, cost_sum: bool) -> bool:
    done = iterations(calls)
    if not done or len(done) > session.num_iterations:
        return False
    for i, iteration_calls in enumerate(done):
        reference = session.steps(i)
        made = iteration_steps(iteration_calls, reference, cost_sum=cost_sum)
        for step, ref in zip(made.steps, reference):
            if step is None or differing(ref, step, step.tensors):
                return False
    return True


class Course2Run(RunBeside):
    """The file's ``model`` on the session's scenario, step by step (the interface of ``StudentRun``).

    Attributes:
        run: the notebook's run the scenario is.
        edition: the edition the file is judged by (:func:`~dnnstep.homework.course2.functions.judge_edition`).
    """

    def __init__(self, path: Path, session: Session, process, homework, chosen: ScenarioRun):
        super().__init__(path, session, process, homework)
        self.run = chosen
        self._edition: Edition | None = None
        self._data = Data(session.scenario.name, session.scenario.X, session.scenario.Y)
        self._keys = put_data(process, session.scenario)
        self._comparison: ModelComparison | None = None
        self._units = 0
        self._student: list[list] = []
        self._reference: list[list] = []
        self._made: dict[int, tuple[IterationRun, IterationRun | None]] = {}

    # ----------------------------------------------------------------------------------------
    # The interface the app reads (and first_divergence, close: RunBeside's)
    # ----------------------------------------------------------------------------------------

    def step(self, iteration: int, index: int) -> Step | None:
        """The student's version of ``session.step(iteration, index)``, or ``None`` (then :meth:`failure` says why)."""
        with self._lock:
            made = self._iteration(iteration)
            return None if isinstance(made, str) else made[0].steps[index]

    def failure(self, iteration: int, index: int) -> str | None:
        """Why the student's step is missing, in one line, or ``None``."""
        with self._lock:
            made = self._iteration(iteration)
            if isinstance(made, str):
                return made
            return made[0].failures[index] if made[0].steps[index] is None else None

    def mismatches(self, iteration: int, index: int) -> dict[str, np.ndarray]:
        """Per tensor of the engine's step, a boolean mask, True where the student's differs; a tensor that matches
        is left out, and so is one the model's calls never show (``A_pre``, ``J_L2``: neither do the course's)."""
        with self._lock:
            made = self._iteration(iteration)
            student = None if isinstance(made, str) else made[0].steps[index]
            course = made[1].steps[index] if student is not None and made[1] is not None else None
            shown = set(course.tensors) if course is not None else set(student.tensors) if student is not None else ()
            return step_mismatches(self._session.step(iteration, index), student, shown)

    # ----------------------------------------------------------------------------------------
    # Running the model and cutting its calls into steps
    # ----------------------------------------------------------------------------------------

    @property
    def edition(self) -> Edition:
        """The edition the file is judged by, as ``dnnstep check`` judges it (decided when first needed)."""
        with self._lock:
            if self._edition is None:
                self._edition = judge_edition(self._process, self.run.assignment, self._homework).edition
            return self._edition

    def _cost_sum(self) -> bool:
        """Whether the cost the model's ``compute_cost`` returns is the mini-batch's sum (2019 on), not its mean."""
        return self.run.run.batches and since(self.edition.key, "2019")

    def _first_units(self) -> int:
        return first_units(self.run.run.batches, self._session)

    def _units_for(self, iteration: int) -> int:
        """How many iterations (epochs) of the model reach ``iteration``."""
        return self._session.batch(iteration).epoch + 1 if self.run.run.batches else iteration + 1

    def _max_units(self) -> int:
        """How many iterations (epochs) of the model the debugger runs at most: what :data:`RECORD_BYTES` holds of
        the first run's iterations (all of the scenario's, if fewer)."""
        per = self._session.batch(0).K if self.run.run.batches else 1
        iterations = MIN_ITERATIONS
        if self._student and self._reference:
            weight = _nbytes(self._student[0]) + _nbytes(self._reference[0])
            iterations = max(MIN_ITERATIONS, RECORD_BYTES // max(weight, 1))
        return max(1, min(iterations // per, self._units_for(self._session.num_iterations - 1)))

    def _compared(self, iteration: int) -> ModelComparison | None:
        """The model run far enough for ``iteration`` (run again, longer, if needed); ``None`` past the limit."""
        wanted = self._units_for(iteration)
        if wanted > self._max_units():
            return None
        if self._comparison is None or (wanted > self._units and self._ran_through()):
            units = min(self._max_units(), max(wanted, self._first_units(), 2 * self._units))
            self._comparison = compare_model(self._process, self._homework, self.run.assignment,
                                             self.run.lasting(units), self._data, self._keys, self.edition,
                                             self.run.reference)
            self._units = units
            self._student = iterations(self._comparison.actual)
            self._reference = iterations(self._comparison.expected)
            self._made.clear()
        return self._comparison

    def _ran_through(self) -> bool:
        """Whether the last run of the model ended well (else running it longer shows nothing new)."""
        call = self._comparison.call if self._comparison is not None else None
        return call is not None and call.ok

    def _iteration(self, iteration: int) -> tuple[IterationRun, IterationRun | None] | str:
        """The student's steps of ``iteration`` and the course's own (from the reference model's calls), or why
        there are none, in one line."""
        comparison = self._compared(iteration)
        if comparison is None:
            unit = "epochs" if self.run.run.batches else "iterations"
            return (f"not computed: the debugger runs {self.label}'s model for its first {self._max_units()} {unit} "
                    f"only (iterations 0 to {self._last_iteration()}); dnnstep check compares its first "
                    f"{EPOCHS if self.run.run.batches else ITERATIONS}")
        if comparison.result.skipped:
            return f"not computed: {comparison.result.skipped}"
        if iteration in self._made:
            return self._made[iteration]
        reference = self._session.steps(iteration)
        if iteration >= len(self._student):
            call = comparison.call
            if call is not None and not call.ok and not self._student:  # a timeout or a crash brings none back
                return f"not computed: no call of the student's model came back: {_failed(call)}"
            if call is not None and not call.ok:
                return f"not computed: the student's model stopped before this iteration: {_failed(call)}"
            return "not computed: the student's model made no forward call for this iteration (its loop is shorter)"
        made = iteration_steps(self._student[iteration], reference, cost_sum=self._cost_sum())
        call = comparison.call
        if call is not None and not call.ok and iteration == len(self._student) - 1:
            for i, step in enumerate(made.steps):  # the calls it never made: the model's failure says why
                if step is None and made.failures[i].startswith(NO_CALL):
                    made.failures[i] = f"the student's model failed here: {_failed(call)}"
        course = (iteration_steps(self._reference[iteration], reference, cost_sum=self._cost_sum())
                  if iteration < len(self._reference) else None)
        self._made[iteration] = (made, course)
        return self._made[iteration]

    def _last_iteration(self) -> int:
        per = self._session.batch(0).K if self.run.run.batches else 1
        return min(self._max_units() * per, self._session.num_iterations) - 1

    def _find_divergence(self) -> tuple[int, int, str] | None:
        """The first step of the first run (as ``dnnstep check`` runs it) with a mismatch or no value, said as the
        check says it (where the departure shows in no step's tensors, the step of the departure's phase)."""
        comparison = self._compared(0)
        if comparison is None:
            return None
        result = comparison.result
        if result.skipped:
            return 0, 0, f"the model was not run: {result.skipped}"
        found = None
        last = min(len(self._student), self._session.num_iterations)
        for iteration in range(max(last, 1 if result.divergence is not None else 0)):
            for index in range(self._session.steps_per_iteration):
                if self.step(iteration, index) is None or self.mismatches(iteration, index):
                    found = (iteration, index)
                    break
            if found:
                break
        d = result.divergence
        if found is None and d is None:
            return None
        if found is None:  # the departure shows in no step's tensors (what model returns, a call's inputs)
            L = self._session.L
            index = {"cost": L, "backward": L + 1, "update": 2 * L + 1}.get(d.phase, 0)
            found = (min(d.iteration, self._session.num_iterations - 1), index)
        iteration, index = found
        label = self._session.step(iteration, index).label
        if d is not None:
            what = step_words(label, d.tensors, d.message, _hint_words(d.hints[0]) if d.hints else None, shown=1,
                              place=d.place)
        else:
            said = self.failure(iteration, index) or ", ".join(self.mismatches(iteration, index))
            what = step_words(label, message=said)
        if result.note:
            what += f" ({result.note})"
        return iteration, index, what


def _nbytes(value) -> int:
    """The bytes of the arrays in ``value`` (calls, tuples, lists, dictionaries)."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_nbytes(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return sum(_nbytes(v) for v in value)
    if hasattr(value, "args") and hasattr(value, "result"):  # a watched call
        return _nbytes(value.args) + _nbytes(value.result)
    return 0


def _failed(call) -> str:
    """How the call of the file's model failed, and where (unless the message says where already)."""
    where = call.where() if call.frames else ""
    return call.message + (f" ({where})" if where and where not in call.message else "")


def _hint_words(hint) -> str:
    """A hint's words without the list of tensors it explains, which the step's panes show."""
    prefix = ", ".join(hint.explains) + ": "
    return hint.message[len(prefix):] if hint.explains and hint.message.startswith(prefix) else hint.message


def open_course2_run(path: Path, homework, session: Session, start, data_dir=None) -> Course2Run | GradientCheckRun:
    """The file's model on ``session``'s scenario, its process started by ``start(homework)``; ``data_dir``: where
    the scenarios named in a message look for the course's data files (as ``--data``).

    Raises:
        HomeworkLoadError: the scenario is not a run of the model of the file's assignment (one message naming the
            scenarios that are), or the file cannot be loaded.
    """
    scenario = session.scenario
    assignments = assignments_of(homework.defined)
    if GRADIENT_CHECKING in assignments and is_gradient_check_of_the_notebook(session):
        return GradientCheckRun(path, session, start(homework), homework)
    chosen = scenario_run(scenario, session, assignments)
    if chosen is None:
        raise HomeworkLoadError(_not_a_run(path, scenario, assignments, data_dir))
    return Course2Run(path, session, start(homework), homework, chosen)


def _not_a_run(path: Path, scenario: Scenario, assignments: tuple[Assignment, ...], data_dir=None) -> str:
    names = " and ".join(a.name for a in assignments)
    fitting = fitting_scenarios(assignments, data_dir)
    why = ""
    if assignments == (GRADIENT_CHECKING,):
        listed = ", ".join(fitting) if fitting else "none found"
        return (f"{path}: this file is {names}, whose notebook has no model but a gradient check; scenario "
                f"{scenario.name} is not the notebook's gradient check. The scenarios that are: {listed}")
    if scenario.course == 2 and not _model_decays_so(scenario):
        why = (f" (its {scenario.decay} drops the rate every {scenario.time_interval} epochs, and the notebook's model "
               "calls it with its default time_interval)")
    elif scenario.course == 2 and scenario.gradient_check is not None:
        why = " (a gradient check, not a training)"
    elif scenario.course != 2:
        why = " (a week-4 scenario)"
    listed = ", ".join(fitting) if fitting else "none found (are the course's data files there? see --data)"
    return (f"{path}: this file is {names}; scenario {scenario.name} is not a run of its model{why}. "
            f"The scenarios that are: {listed}")


def fitting_scenarios(assignments: tuple[Assignment, ...], data_dir=None) -> list[str]:
    """The shipped scenarios that are runs of the assignments' models (those whose data can be found)."""
    from dnnstep.scenario import ScenarioError, load_scenario, peek_scenario, shipped_scenarios

    found = []
    for path in shipped_scenarios():
        try:
            if peek_scenario(path).course != 2:
                continue
            scenario = load_scenario(path, data_dir=data_dir)
        except (ScenarioError, OSError):
            continue
        session = Session(scenario)
        if scenario_run(scenario, session, assignments) is not None or (
                GRADIENT_CHECKING in assignments and is_gradient_check_of_the_notebook(session)):
            found.append(scenario.name)
    return found

