"""A Course 2 file gets none of week 4's functions: a helper it calls but never imports stays unbound, as in a fresh
kernel, and the report says so (week 4's ``compute_cost``, a mean, is not ``opt_utils_v1a``'s, a sum: put in its
place it would blame the reference's function for a factor of m)."""

from __future__ import annotations

from dnnstep.homework.checking import check_homework
from tests.homework.course2.make_fixtures import FIXTURES


def test_a_helper_the_model_calls_but_the_file_never_imports_is_not_week_4s(tmp_path):
    text = (FIXTURES / "2021" / "optimization.py").read_text()
    text = text.replace("from opt_utils_v1a import compute_cost, ", "from opt_utils_v1a import ", 1)
    path = tmp_path / "optimization.py"
    path.write_text(text)
    report = check_homework(path, timeout=20)
    assert all(f.ok for f in report.functions)
    departures = [p.divergence for p in report.pipelines if p.divergence is not None]
    assert departures and all(d.status == "exception" for d in departures)
    assert all("NameError: name 'compute_cost' is not defined" in d.message for d in departures)
    assert all(d.function == "model" and d.yours for d in departures)
