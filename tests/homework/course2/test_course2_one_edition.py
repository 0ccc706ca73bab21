"""One decision per Course 2 file: the edition it is judged by, the helper module its notebook imports, the same in
``dnnstep check`` and in the debugger (``dnnstep --homework FILE SCENARIO``)."""

from __future__ import annotations

from dnnstep.engine import Session
from dnnstep.homework.checking import check_homework, check_source
from dnnstep.homework.course2 import editions as course2_editions
from dnnstep.homework.course2 import student_run as course2_student_run
from dnnstep.homework.course2 import training
from dnnstep.homework.course2.assignments import ASSIGNMENTS, OPTIMIZATION
from dnnstep.homework.course2.editions import IMPORTS
from dnnstep.homework.course2.helper_modules import COURSE_FILES
from dnnstep.homework.reading.source import load_homework
from dnnstep.homework.student_run import open_student_run
from dnnstep.scenario import load_scenario
from tests.homework.course2.make_fixtures import FIXTURES

TIMEOUT = 20.0

#: The course's own compute_cost of 2019 on (opt_utils_v1a: the sum), pasted into a 2017 file (whose opt_utils has the
#: mean): the model's cost step departs, in the file's own helper.
SUMMED_COST = '''

def compute_cost(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)
'''


def test_each_assignment_names_the_helper_module_of_every_edition():
    assert OPTIMIZATION.helper("2017") == "opt_utils"
    assert [OPTIMIZATION.helper(e) for e in ("2019", "2021", "2023")] == ["opt_utils_v1a"] * 3
    assert set(COURSE_FILES) == {m for a in ASSIGNMENTS for m in a.helpers}
    assert IMPORTS["opt_utils"] == {"2017"} and IMPORTS["opt_utils_v1a"] == {"2019", "2021", "2023"}


def test_a_helper_of_the_files_own_is_said_to_stand_for_its_editions_module(tmp_path):
    text = (FIXTURES / "2017" / "optimization.py").read_text()
    marker = "from testCases import *\n"
    assert text.count(marker) == 1
    path = tmp_path / "optimization.py"
    path.write_text(text.replace(marker, marker + SUMMED_COST))
    report = check_homework(path, timeout=TIMEOUT, scenario_names=None)
    (gd,) = [p for p in report.pipelines if p.scenario.endswith('optimizer = "gd")')]
    d = gd.divergence
    assert d is not None and d.phase == "cost", gd
    assert d.message == ("your own compute_cost gives another result than the course's (the notebook imports it from "
                         "opt_utils) on the same inputs")


def _undecided_adam_of_three(tmp_path):
    """The 2019 Optimization homework with nothing in it that tells 2019 from 2021 and 2023 (the model's default
    epochs changed, Adam's tuple returned through a name): its Adam, returning (parameters, v, s), fits 2019 alone."""
    text = (FIXTURES / "2019" / "optimization.py").read_text()
    for old, new in (("    return parameters, v, s\n\n\ndef model", "    updated = (parameters, v, s)\n    return updated\n\n\n"
                                                                 "def model"),
                     ("num_epochs = 10000", "num_epochs = 3000")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "optimization.py"
    path.write_text(text)
    return path


def test_the_debugger_judges_a_file_by_the_edition_the_check_judges_it_by(tmp_path):
    path = _undecided_adam_of_three(tmp_path)
    report = check_homework(path, timeout=TIMEOUT)
    (finding,) = report.assignments
    assert [e.key for e in finding.judged.detection.candidates] == ["2019", "2021", "2023"]
    assert finding.edition.key == "2019" and report.exit_status == 0
    session = Session(load_scenario("moons_adam"))
    run = open_student_run(path, session, timeout=TIMEOUT)
    try:
        assert run.first_divergence() is None
        assert run.mismatches(0, 7) == {} and run.step(0, 7) is not None
    finally:
        run.close()


def test_the_files_evidence_is_read_once_for_its_process_its_check_and_its_debugger(tmp_path, monkeypatch):
    read = []
    detect = course2_editions.detect
    monkeypatch.setattr(course2_editions, "detect", lambda *args: read.append(args) or detect(*args))
    path = _undecided_adam_of_three(tmp_path)
    check_source(load_homework(path), timeout=TIMEOUT)
    assert len(read) == 1
    run = open_student_run(path, Session(load_scenario("moons_adam")), timeout=TIMEOUT)
    try:
        run.first_divergence()
    finally:
        run.close()
    assert len(read) == 2  # one file loaded twice: read once each time


def test_opening_the_debugger_runs_the_courses_model_once(monkeypatch):
    made = []
    reference_run = training.reference_run

    def counted(assignment, run, data, edition):
        made.append(run)
        return reference_run(assignment, run, data, edition)

    monkeypatch.setattr(training, "reference_run", counted)
    monkeypatch.setattr(course2_student_run, "reference_run", counted)
    session = Session(load_scenario("moons_adam"))
    run = open_student_run(FIXTURES / "2023" / "optimization.py", session, timeout=TIMEOUT)
    try:
        assert run.first_divergence() is None
        assert run.step(1, 7) is not None
    finally:
        run.close()
    adam = [r for r in made if r.label == run.run.run.label]
    assert len(adam) == 1 and adam[0].arguments["num_epochs"] == 2
