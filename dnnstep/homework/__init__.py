"""Checking a student's homework against the reference, step by step.

- ``dnnstep check PATH`` (:mod:`dnnstep.homework.check_command`): each graded function alone on
  the course's test inputs and the scenarios' networks, then the student's own pipeline,
  with the first place it departs from the reference and hints for known mistakes.
- :func:`check_homework` does the same from Python and returns a :class:`CheckReport`.
- :func:`open_student_run` gives the debugger the student's run beside the reference's.

The homework always runs in a separate process (:mod:`dnnstep.homework.running.process`). This
package never imports textual or rich, and imports its parts only when they are used, so
that the homework's process starts quickly.
"""

from __future__ import annotations

__all__ = ["CheckReport", "HomeworkLoadError", "StudentRun", "check_homework", "load_homework", "open_student_run"]

_WHERE = {
    "CheckReport": "dnnstep.homework.reporting.findings",
    "HomeworkLoadError": "dnnstep.homework.reading.source",
    "load_homework": "dnnstep.homework.reading.source",
    "check_homework": "dnnstep.homework.checking",
    "StudentRun": "dnnstep.homework.student_run",
    "open_student_run": "dnnstep.homework.student_run",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'dnnstep.homework' has no attribute {name!r}")
