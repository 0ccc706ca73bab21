"""A class folder mixing week 4 and Course 2: each file is reported by its own assignment's rules, the course's
helper files beside the notebooks are left out, and the tally counts Course 2's mistakes like week 4's."""

from __future__ import annotations

import shutil

import pytest

from dnnstep.homework.class_check import ClassOptions, check_class, homework_files
from dnnstep.homework.course2.helper_modules import COURSE_FILES, course_file
from dnnstep.homework.reporting.class_report import render
from dnnstep.scenario import load_scenario
from tests.homework.course2.make_fixtures import FIXTURES as COURSE2
from tests.homework.helpers import FIXTURES as WEEK4, SCENARIO


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
    files, notes = homework_files([folder])
    options = ClassOptions([load_scenario(SCENARIO)], timeout=20, iterations=2, jobs=2)
    return files, notes, check_class(files, options, notes=notes)


def test_the_course_2_helpers_beside_the_notebooks_are_not_homework(klass):
    files, notes, _ = klass
    assert [f.name for f in files] == ["anna_week4.py", "ben_week4.py", "carla_optimization.ipynb",
                                       "dev_optimization.py", "eva_Regularization_v2a.ipynb", "finn_optimization.py",
                                       "gus_gradient_checking.py"]
    assert any("init_utils.py" in note and "not checked" in note for note in notes)


def test_each_file_is_judged_by_its_own_assignment_and_edition(klass):
    _, _, report = klass
    by_name = {r.path.rsplit("/", 1)[-1]: r for r in report.files}
    assert {n: (r.ok, r.edition) for n, r in by_name.items()} == {
        "anna_week4.py": (True, "2021"), "ben_week4.py": (False, "2021"),
        "carla_optimization.ipynb": (True, "2021"), "dev_optimization.py": (False, "2021/2023"),
        "eva_Regularization_v2a.ipynb": (True, "2019"), "finn_optimization.py": (False, "2021/2023"),
        "gus_gradient_checking.py": (False, "2021/2023")}
    assert by_name["ben_week4.py"].hints == ["missing-1/m"]
    assert by_name["dev_optimization.py"].failed == ["update_parameters_with_adam"]
    assert "adam-epsilon" in by_name["dev_optimization.py"].hints
    assert by_name["finn_optimization.py"].failed == [] and by_name["finn_optimization.py"].hints == ["adam-t"]
    assert "epoch 0, mini-batch 0: update (update_parameters_with_adam)" in by_name["finn_optimization.py"].divergence_text()
    assert by_name["gus_gradient_checking.py"].hints == ["gc-denominator"]


def test_the_tally_counts_course_2_mistakes_beside_week_4s(klass):
    _, _, report = klass
    text = render(report)
    assert "Across the class: 7 files, 3 pass, 4 fail." in text
    for code in ("missing-1/m", "adam-epsilon", "adam-t", "gc-denominator"):
        assert code in text
