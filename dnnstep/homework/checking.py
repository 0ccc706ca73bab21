"""``check_homework``: load a homework, check each function alone, then run its pipeline.

This is what ``dnnstep check`` does, as a function that returns a :class:`CheckReport`:

1. read the file (:func:`~dnnstep.homework.reading.source.load_homework`) and start its process;
2. check every graded function it defines on the course's cases and each scenario's
   network (:func:`~dnnstep.homework.comparing.functions.check_functions`);
3. on each scenario whose network is the course's (relu hidden layers, sigmoid output),
   train a few iterations with the student's pipeline and find where it first departs
   from the engine's steps (:class:`~dnnstep.homework.comparing.pipeline.StudentPipeline`);
4. a graded function that tried to use dnnstep during the check, or that is the reference's
   own code, is a ``uses-reference`` finding, whatever its results (:func:`uses_reference`).

A file of Course 2's assignments (:mod:`dnnstep.homework.course2`) is checked as each of them, in the same
process: the functions alone, then the file's own ``model`` step by step.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dnnstep.blas_threads import one_blas_thread
from dnnstep.homework.comparing.cases import ReferenceRun, big_data, course_cases, course_network, scenario_cases
from dnnstep.homework.comparing.divergence import first_divergence
from dnnstep.homework.comparing.functions import check_functions
from dnnstep.homework.comparing.pipeline import PIPELINE, WATCHED, StudentPipeline, put_data
from dnnstep.homework.course2.assignments import assignments_of
from dnnstep.homework.course2.checking import check_assignments
from dnnstep.homework.course2.helper_modules import pasted_helpers
from dnnstep.homework.reading.editions import CURRENT, E2017, SHIFTED_HELPERS, Edition, EditionFinding
from dnnstep.homework.reading.helpers import provider
from dnnstep.homework.reading.source import GRADED, HomeworkLoadError, HomeworkSource, checked_functions, load_homework
from dnnstep.homework.reporting.findings import CheckReport, FunctionResult, PipelineResult, skip_note
from dnnstep.homework.running.confinement import describe
from dnnstep.homework.running.process import DEFAULT_TIMEOUT, CallResult, HomeworkProcess
from dnnstep.homework.running.reference_source import copied_functions, uses_of_imports
from dnnstep.scenario import ScenarioError, load_scenario, peek_scenario, shipped_dir, shipped_scenarios
from dnnstep.scenario.model import Scenario

DEFAULT_ITERATIONS = 3


def load_scenarios(names: Sequence[str | Scenario] | None, data_dir=None) -> tuple[list[Scenario], list[str]]:
    """The scenarios to check on: the named ones (names, paths or Scenario objects), or every
    shipped one of week 4 (Course 1); and notes on the shipped ones that could not be loaded.

    Raises:
        ScenarioError: a scenario named by the user cannot be loaded.
    """
    if names:
        return [n if isinstance(n, Scenario) else load_scenario(n, data_dir=data_dir) for n in names], []
    scenarios, notes = [], []
    week4 = [path for path in shipped_scenarios() if peek_scenario(path).course == 1]
    for path in week4:  # Course 2's train otherwise than week 4's homework does
        try:
            scenarios.append(load_scenario(path, data_dir=data_dir))
        except ScenarioError as error:
            notes.append(skip_note(path.stem, str(error).splitlines()[0].split('; looked in')[0]))
    return scenarios, notes


class LoadedBadly(HomeworkLoadError):
    """The homework hung, exited or crashed while loading: a finding (exit 1), not a file that cannot be read."""

    def __init__(self, message: str, result: CallResult):
        super().__init__(message)
        self.result = result


def start(homework: HomeworkSource, timeout: float, limits: dict | None = None) -> HomeworkProcess:
    """Start the homework's process and load it; a homework that fails to load raises.

    Raises:
        LoadedBadly: the homework hung, called sys.exit or crashed while loading.
        HomeworkLoadError: the homework raised while loading.
    """
    process = HomeworkProcess(homework, timeout=timeout, limits=limits)
    process.launch()
    return wait_loaded(process)


def wait_loaded(process: HomeworkProcess) -> HomeworkProcess:
    """``process``, launched, once the homework is loaded in it; a homework that fails to load raises (as
    :func:`start`), and its process is closed."""
    homework = process.homework
    result = process.loaded()
    if not result.ok:
        process.close()
        if result.status in ("timeout", "exit", "crash"):
            raise LoadedBadly(load_failure(homework, result), result)
        raise HomeworkLoadError(load_failure(homework, result))
    return process


def load_failure(homework: HomeworkSource, result: CallResult) -> str:
    """One message for a homework that could not be loaded."""
    where = f"{result.where()}: " if result.frames else f"{homework.path}: "
    message = f"{where}cannot load the homework: {result.message}"
    if result.frames:
        message += f"\n    {result.frames[-1]['code']}"
    if result.status == "crash" and result.output.strip():
        message += "\n" + result.output.strip()[-500:]
    return message


def check_homework(path, *, scenario_names: Sequence[str | Scenario] | None = None, timeout: float = DEFAULT_TIMEOUT,
                   iterations: int = DEFAULT_ITERATIONS, data_dir=None, limits: dict | None = None,
                   others: Sequence = ()) -> CheckReport:
    """Check the homework at ``path``; ``limits`` change the homework's resource limits
    (:data:`~dnnstep.homework.running.limits.DEFAULT_LIMITS`); ``others`` are files the homework must not
    see (the rest of its class).

    Raises:
        HomeworkLoadError: the file cannot be read or loaded (exit status 2).
        ScenarioError: a named scenario cannot be loaded (exit status 2).
    """
    return check_source(load_homework(path), scenario_names=scenario_names, timeout=timeout, iterations=iterations,
                        data_dir=data_dir, limits=limits, others=others)


def check_source(homework: HomeworkSource, *, scenario_names: Sequence[str | Scenario] | None = None,
                 timeout: float = DEFAULT_TIMEOUT, iterations: int = DEFAULT_ITERATIONS, data_dir=None,
                 limits: dict | None = None, others: Sequence = ()) -> CheckReport:
    """Check a homework already read (from a file, or from a running kernel's cells); ``limits``: see
    :func:`check_homework`.

    Raises:
        HomeworkLoadError: the homework cannot be loaded in its process.
        ScenarioError: a named scenario cannot be loaded.
    """
    # a scenario whose training overflows says so in a note, not in numpy's warnings
    with one_blas_thread(), np.errstate(all="ignore"):  # the other cores are the homework's process's
        return _check_source(homework, scenario_names, timeout, iterations, data_dir, limits, others)


def _check_source(homework: HomeworkSource, scenario_names, timeout: float, iterations: int, data_dir,
                  limits: dict | None, others: Sequence) -> CheckReport:
    graded = [f for f in homework.defined if f in GRADED]
    course2 = assignments_of(homework.defined)
    pasted = pasted_helpers(graded) if course2 else []
    if pasted:  # a Course 2 file with the course's helpers pasted in: reg_utils' compute_cost is not week 4's
        graded = []
    process = HomeworkProcess(homework, timeout=timeout, limits=limits, others=others) if graded or course2 else None
    if process is not None:
        process.launch()  # Python and numpy start in the homework's process while the check gets ready here
    try:
        # a bad --scenario is an error even then; week 4's scenarios are not loaded for a file of Course 2 alone
        scenarios, notes = load_scenarios(scenario_names, data_dir) if graded or scenario_names or not course2 \
            else ([], [])
        report = CheckReport(str(homework.path), notes=list(homework.notes) + notes,
                             scenarios=[s.name for s in scenarios])
        if pasted:
            report.notes.append(f"{', '.join(pasted)}: the course's helper{'s' if len(pasted) > 1 else ''} of Course 2 "
                                "(as in its init_utils, reg_utils, opt_utils), pasted into this Course 2 file: not "
                                "checked as week 4's graded functions of the same names")
        if process is None:  # before any reference work: a class folder's helper files are many
            report.notes.append(
                "the file defines none of the graded functions (" + ", ".join(GRADED) + ", or those of Course 2's "
                "four assignments); nothing to check")
            return report
        references = [ReferenceRun(scenario) for scenario in scenarios] if graded else []
        cases = course_cases() if graded else []
        for reference in references:
            cases.extend(scenario_cases(reference.scenario, reference))
    except BaseException:
        if process is not None:
            process.close()
        raise
    checked = checked_functions(homework.defined)  # graded, then Course 2's
    try:
        wait_loaded(process)
    except LoadedBadly as failure:  # every function is unchecked, for a reason in the homework: a finding
        report.functions = [
            FunctionResult(f, status=failure.result.status, case="load of the homework",
                           message=f"while the homework was being loaded: {failure.result.message}",
                           traceback=failure.result.frames, output=failure.result.output) for f in checked]
        return report
    report.confinement, confinement_note = describe(process.isolation)
    if confinement_note:
        report.notes.append(confinement_note)
    report.notes.extend(process.load_notes)
    report.warnings.extend([*homework.warnings, *process.load_warnings])
    try:
        if graded:
            _check_week4(process, homework, graded, scenarios, references, cases, iterations, report)
            del cases
        if course2:
            report.assignments, functions, pipelines = check_assignments(process, homework, course2, data_dir)
            report.notes += [note for finding in report.assignments for note in finding.notes]
            report.functions += functions
            report.pipelines += pipelines
    finally:
        process.close()
        report.notes.extend(process.notes())
    uses_reference(report.functions, uses_of_imports(homework.chunks, checked) + process.reference_uses,
                   copied_functions(homework.chunks, graded))
    return report


def _check_week4(process: HomeworkProcess, homework: HomeworkSource, graded: list[str], scenarios, references,
                 cases, iterations: int, report: CheckReport) -> None:
    """Week 4's part of the check: each graded function alone, then the pipeline on each scenario."""
    report.edition = EditionFinding(homework.week4_evidence, {}, {})
    for scenario in scenarios:
        put_data(process, scenario)
    report.functions = check_functions(process, graded, cases, report.edition)
    backward = report.edition.fitted.get("L_model_backward") or imported_backward(homework)
    if any(f in homework.defined for f in (*PIPELINE, *WATCHED, "linear_forward")):
        for reference in references:
            report.pipelines.append(check_pipeline(process, homework.defined, reference.scenario, iterations,
                                                   reference, backward))
    compared = {pipeline.scenario: pipeline.iterations for pipeline in report.pipelines}
    for reference in references:
        where = reference.overflow(max(1, compared.get(reference.scenario.name, 1)))
        if where:
            report.notes.append(
                f"{reference.scenario.name} overflows: the reference's own training is not finite ({where.rstrip('.')}); "
                f"there the same inf or NaN agrees and no hint is given: the scenario cannot tell a mistake "
                f"from a right answer")


def uses_reference(functions: list[FunctionResult], attempts: list[dict], copied: Sequence[str] = ()) -> None:
    """Make each of ``functions`` that tried to use dnnstep during the check (``attempts``, from
    ``HomeworkProcess.reference_uses``) or that is the reference's own code (``copied``) a ``uses-reference``
    finding: whatever it returned, it is not the student's work. An attempt from a function that was not
    checked goes to the first checked one."""
    by_name = {f.function: f for f in functions}
    said: dict[str, list[str]] = {}
    for attempt in attempts:
        function = attempt["function"] if attempt["function"] in by_name else next(iter(by_name), None)
        if function is not None:
            where = f" ({attempt['where']})" if attempt["where"] else ""
            said.setdefault(function, []).append(f"{attempt['what']}{where}")
    for function, what in said.items():
        said[function] = ["tried to use dnnstep, the reference: " + "; ".join(what)]
    for function in copied:
        if function in by_name:
            said.setdefault(function, []).append(
                f"is dnnstep's own code (course.py's {function}: the same syntax tree, names aside)")
    for function, what in said.items():
        result = by_name[function]
        result.status, result.case = "uses-reference", ""
        result.tensors, result.problems, result.hints, result.traceback = [], [], [], []
        result.message = "it " + "; it ".join(what) + "; its results do not count"


def imported_backward(homework: HomeworkSource) -> Edition:
    """The edition whose grads keys the ``L_model_backward`` a homework imports (not defines) stores: the 2017
    edition's for the first two Application helper files, else the current one."""
    return E2017 if provider(homework.chunks, "L_model_backward") in SHIFTED_HELPERS else CURRENT


def backward_edition(process: HomeworkProcess, homework: HomeworkSource) -> Edition:
    """The course edition whose grads keys the homework's own ``L_model_backward`` uses: its evidence's
    when that decides, else the edition its result on the course's test case fits (the current one
    when the homework does not define it)."""
    if "L_model_backward" not in homework.defined:
        return imported_backward(homework)
    finding = EditionFinding(homework.week4_evidence, {}, {})
    if finding.detection.decided:
        return finding.detection.edition
    cases = [c for c in course_cases() if c.function == "L_model_backward"]
    check_functions(process, ["L_model_backward"], cases, finding)
    return finding.fitted.get("L_model_backward", CURRENT)


def check_pipeline(process: HomeworkProcess, own: Sequence[str], scenario: Scenario, iterations: int,
                   reference: ReferenceRun | None = None, backward_edition: Edition = CURRENT) -> PipelineResult:
    """Train ``scenario`` a few iterations with the student's pipeline; find where it departs.

    ``reference`` is the reference's run on ``scenario`` (the one its cases came from, so that
    iteration 0 is traced once); each iteration is traced once and dropped after it is compared.
    ``backward_edition``: the course edition whose grads keys the student's ``L_model_backward`` uses.
    """
    functions = [f for f in (*PIPELINE, *WATCHED, "linear_forward") if f in own]
    if not course_network(scenario):
        return PipelineResult(scenario.name, 0, functions, skipped=(
            f"{'/'.join(dict.fromkeys(scenario.activations[:-1]))} hidden layers: L_model_forward and "
            "L_model_backward (yours and the course's) train relu hidden layers and a sigmoid output"))
    iterations = max(1, min(iterations, scenario.num_iterations, 1 if big_data(scenario) else iterations))
    pipeline = StudentPipeline(process, scenario, own, reference or ReferenceRun(scenario), recent=1,
                               backward_edition=backward_edition)
    divergence = first_divergence(pipeline, iterations)
    return PipelineResult(scenario.name, iterations, functions, divergence, argument=scenario_argument(scenario))


def scenario_argument(scenario: Scenario) -> str:
    """What to type after ``dnnstep --homework PATH`` to open this scenario: its name if shipped, else its file."""
    if scenario.path is None:
        return scenario.name
    try:
        if scenario.path.resolve().parent == shipped_dir().resolve():
            return scenario.name
    except OSError:
        pass
    return str(scenario.path)
