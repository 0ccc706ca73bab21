"""One decision per Course 2 file: the edition it is judged by, the helper module its notebook imports, the same in
``dnnstep check`` and in the debugger (``dnnstep --homework FILE SCENARIO``)."""

from __future__ import annotations

import pytest

from dnnstep.homework.checking import check_homework
from dnnstep.homework.course2.assignments import ASSIGNMENTS, OPTIMIZATION
from dnnstep.homework.course2.editions import IMPORTS
from dnnstep.homework.course2.helper_modules import COURSE_FILES
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
