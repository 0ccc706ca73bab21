"""The other ways in: ``dnnstep.check(globals())`` in a kernel holding a Course 2 notebook's functions: the same assignment, edition
and findings as ``dnnstep check`` of the file. (The kernel is a fresh Python process whose helper modules are the
course's files, as beside a notebook on Coursera; its cells are the file's graded functions, each its own cell.)"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.homework.course2.make_fixtures import FIXTURES

KERNEL = textwrap.dedent("""\
    import json, linecache, sys
    from dnnstep.homework.course2.helper_modules import COURSE_FILES, course_file
    from dnnstep.homework.running.course_modules import ALWAYS_EMPTY, EMPTY_IF_MISSING, EmptyFinder
    beside = sys.argv[2]  # the course's helper files beside the notebook, as on Coursera
    for name in COURSE_FILES:
        open(f"{beside}/{name}.py", "w").write(course_file(name))
    sys.path.insert(0, beside)
    sys.meta_path.insert(0, EmptyFinder(ALWAYS_EMPTY))  # no plotting here
    sys.meta_path.append(EmptyFinder(EMPTY_IF_MISSING))
    import dnnstep
    text = open(sys.argv[1]).read()
    namespace = {"__name__": "__main__"}
    for i, cell in enumerate(text.split("\\n# GRADED FUNCTION: "), start=1):
        code = cell if i == 1 else "# GRADED FUNCTION: " + cell
        name = f"<ipython-input-{i}>"
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)
        try:
            exec(compile(code, name, "exec"), namespace)
        except Exception:
            pass  # a test cell of the course's (its test functions are not here): the kernel goes on
    report = dnnstep.check(namespace, timeout=20)
    print(json.dumps(report.to_dict()))
""")


def test_a_kernels_course_2_functions_are_checked_as_the_files_are(tmp_path):
    path = FIXTURES / "mistakes" / "adam_epsilon_inside.py"
    done = subprocess.run([sys.executable, "-c", KERNEL, str(path), str(tmp_path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["assignments"][0]["assignment"] == "optimization"
    failing = [f for f in report["functions"] if f["status"] != "ok"]
    assert [f["function"] for f in failing] == ["update_parameters_with_adam"]
    assert failing[0]["hints"][0]["code"] == "adam-epsilon"
    assert {p["scenario"].split(": ")[1] for p in report["pipelines"] if p["divergence"]} == {
        'model(..., optimizer = "adam")', 'model(..., optimizer = "adam", learning_rate = 0.01, decay = schedule_lr_decay)'}


def test_the_debugger_names_the_scenarios_a_course_2_homework_steps_through():
    import pytest

    from dnnstep.engine import Session
    from dnnstep.homework.reading.source import HomeworkLoadError
    from dnnstep.homework.student_run import open_student_run
    from dnnstep.scenario import load_scenario

    with pytest.raises(HomeworkLoadError, match=r"is Course 2 Optimization Methods .W2A1.; scenario step_by_step is not "
                                                r"a run of its model \(a week-4 scenario\)\. The scenarios that are: "
                                                r"moons_adam, moons_adam_schedule, moons_gd, moons_gd_decay, "
                                                r"moons_gd_schedule, moons_momentum, moons_momentum_schedule$"):
        open_student_run(FIXTURES / "2021" / "optimization.py", Session(load_scenario("step_by_step")))
