"""The homework package's API is importable lazily (import hygiene: tests/test_import_hygiene.py)."""

from __future__ import annotations


def test_the_package_api_is_importable_lazily():
    import dnnstep.homework as homework

    assert homework.check_homework.__name__ == "check_homework"
    assert homework.open_student_run.__module__ == "dnnstep.homework.student_run"
