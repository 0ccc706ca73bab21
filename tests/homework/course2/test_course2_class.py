"""A class folder mixing week 4 and Course 2: each file is reported by its own assignment's rules, the course's
helper files beside the notebooks are left out, and the tally counts each assignment apart and Course 2's mistakes
like week 4's."""

from __future__ import annotations

import re
import shutil

import pytest

from dnnstep.homework.class_cache import file_key
from dnnstep.homework.class_check import ClassOptions, check_class
from dnnstep.homework.class_folder import find_class
from dnnstep.homework.course2.helper_modules import COURSE_FILES, course_file
from dnnstep.homework.reporting.class_text import render
from dnnstep.scenario import load_scenario
from tests.homework.course2.make_fixtures import FIXTURES as COURSE2
from tests.homework.helpers import FIXTURES as WEEK4, SCENARIO

OPTIMIZATION = "Course 2 Optimization Methods (W2A1)"


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    shutil.copy(WEEK4 / "correct.py", folder / "anna_week4.py")
    shutil.copy(WEEK4 / "missing_1_over_m.py", folder / "ben_week4.py")
    shutil.copy(COURSE2 / "2021" / "Optimization_methods.ipynb", folder / "carla_optimization.ipynb")
    shutil.copy(COURSE2 / "mistakes" / "adam_epsilon_inside.py", folder / "dev_optimization.py")
    shutil.copy(COURSE2 / "2019" / "Regularization_v2a.ipynb", folder / "eva_Regularization_v2a.ipynb")
    shutil.copy(COURSE2 / "mistakes" / "model_t_from_zero.py", folder / "finn_optimization.py")
    shutil.copy(COURSE2 / "mistakes" / "gc_n_norm_of_sum.py", folder / "gus_gradient_checking.py")
    for name in COURSE_FILES:  # the course's helpers, kept beside the notebooks: not homework
        (folder / f"{name}.py").write_text(course_file(name))
    found = find_class([folder])
    options = ClassOptions([load_scenario(SCENARIO)], timeout=20, iterations=2, jobs=2)
    return found, check_class(found.files, options, notes=found.notes)


def test_the_course_2_helpers_beside_the_notebooks_are_not_homework(klass):
    found, report = klass
    assert [f.name for f in found.files] == ["anna_week4.py", "ben_week4.py", "carla_optimization.ipynb",
                                             "dev_optimization.py", "eva_Regularization_v2a.ipynb",
                                             "finn_optimization.py", "gus_gradient_checking.py"]
    assert any("init_utils.py" in note and "not checked" in note for note in found.notes)
    assert [f.name for f in report.files if f.status == "not_homework"] == []


def test_each_file_is_judged_by_its_own_assignment_and_edition(klass):
    _, report = klass
    by_name = {r.name: r for r in report.files}
    assert {n: (r.ok, r.edition) for n, r in by_name.items()} == {
        "anna_week4.py": (True, "2021"), "ben_week4.py": (False, "2021"),
        "carla_optimization.ipynb": (True, "2021"), "dev_optimization.py": (False, "2021/2023"),
        "eva_Regularization_v2a.ipynb": (True, "2019"), "finn_optimization.py": (False, "2021/2023"),
        "gus_gradient_checking.py": (False, "2021/2023")}
    assert {n: r.assignments for n, r in by_name.items()} == {
        "anna_week4.py": ["Step by Step"], "ben_week4.py": ["Step by Step"],
        "carla_optimization.ipynb": [OPTIMIZATION], "dev_optimization.py": [OPTIMIZATION],
        "eva_Regularization_v2a.ipynb": ["Course 2 Regularization (W1A2)"], "finn_optimization.py": [OPTIMIZATION],
        "gus_gradient_checking.py": ["Course 2 Gradient Checking (W1A3)"]}
    assert by_name["ben_week4.py"].hints == ["missing-1/m"]
    assert by_name["dev_optimization.py"].failed == ["update_parameters_with_adam"]
    assert "adam-epsilon" in by_name["dev_optimization.py"].hints
    assert by_name["finn_optimization.py"].failed == [] and by_name["finn_optimization.py"].hints == ["adam-t"]
    assert "epoch 0, mini-batch 0: update (update_parameters_with_adam)" in by_name["finn_optimization.py"].divergence_text()
    assert by_name["gus_gradient_checking.py"].hints == ["gc-denominator"]


def test_the_tally_counts_each_assignment_apart_and_course_2_mistakes_beside_week_4s(klass):
    _, report = klass
    tally = report.tally()
    optimization = tally["assignments"][OPTIMIZATION]
    assert optimization["files"] == ["carla_optimization.ipynb", "dev_optimization.py", "finn_optimization.py"]
    assert optimization["passed"] == ["carla_optimization.ipynb"]
    adam = optimization["functions"]["update_parameters_with_adam"]
    assert (adam["passed"], adam["of"], adam["failed"]) == (2, 3, ["dev_optimization.py"])
    # finn's functions all pass alone and its model departs: that counts against Optimization, as dev's adam does
    assert optimization["pipeline"] == {"ran": ["carla_optimization.ipynb", "dev_optimization.py",
                                                "finn_optimization.py"],
                                        "departed": ["dev_optimization.py", "finn_optimization.py"]}
    assert list(tally["assignments"]) == ["Step by Step", "Course 2 Regularization (W1A2)",
                                          "Course 2 Gradient Checking (W1A3)", OPTIMIZATION]
    assert tally["assignments"]["Step by Step"]["files"] == ["anna_week4.py", "ben_week4.py"]
    text = render(report)
    assert "Across the class: 7 files of homework, 3 pass, 4 fail." in text
    assert f"{OPTIMIZATION}: 3 files, 1 pass, 2 fail" in text
    assert "  the model, step by step" in text and "  the pipeline, step by step" in text
    # the columns line up, however long an edition ("2021/2023") or an assignment's name
    students = [line for line in text.splitlines() if "functions pass" in line]
    assert len(students) == 7
    assert len({line.index("Course 2") if "Course 2" in line else line.index("Step by Step") for line in students}) == 1
    assert len({re.search(r"\d+/\d+ functions pass", line).start() for line in students}) == 1
    for code in ("missing-1/m", "adam-epsilon", "adam-t", "gc-denominator"):
        assert code in text


def test_a_kept_result_is_keyed_by_the_football_data_the_check_reads(tmp_path):
    # Regularization's network is the football data beside the homework or in --data, else the moons: a result
    # kept without it must not be read back once the data is there (or changed)
    homework = tmp_path / "class" / "eva.py"
    homework.parent.mkdir()
    homework.write_text("def compute_cost_with_regularization(A3, Y, parameters, lambd):\n    pass\n")
    keys = [file_key(homework, "eva.py", "options")]
    (homework.parent / "datasets").mkdir()
    for content in (b"one", b"two"):
        (homework.parent / "datasets" / "data.mat").write_bytes(content)
        keys.append(file_key(homework, "eva.py", "options"))
    assert len(set(keys)) == 3
    data = tmp_path / "data"
    data.mkdir()
    digests = [ClassOptions(data_dir=str(data)).digest()]
    (data / "data.mat").write_bytes(b"one")
    digests.append(ClassOptions(data_dir=str(data)).digest())
    assert digests[0] != digests[1]
