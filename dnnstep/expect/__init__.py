"""Expectations in scenario files, their runner, the pytest plugin, and exporting steps.

- ``parse_expectation`` / ``Expectation`` / ``ExpectationError``: one ``[[expect]]`` table
  (``spec``); ``check_expectation(expectation, session)`` checks it (``check``).
- ``ScenarioFile.load(path)`` and ``find_files(paths)`` run a file's expectations
  (``runner``); ``plugin`` makes them pytest items; ``command`` is ``dnnstep test``,
  ``dnnstep gradcheck`` and ``dnnstep trace``.
- ``export_step_npz(step, path)``, the trace writers and readers (``export``), the text
  transcript (``transcript``), all written atomically (``atomic``).

Format and usage: ``docs/expect.md``. Never imports textual.
"""

from dnnstep.expect.atomic import atomic_write, atomic_write_text
from dnnstep.expect.check import check_expectation
from dnnstep.expect.export import (
    export_step_npz,
    read_json,
    read_npz,
    step_filename,
    tensor_key,
    trace_arrays,
    trace_json,
    write_trace_json,
    write_trace_npz,
)
from dnnstep.expect.runner import Outcome, ScenarioFile, carries_expectations, find_files
from dnnstep.expect.spec import Expectation, ExpectationError, parse_expectation
from dnnstep.expect.transcript import transcript

__all__ = [
    "Expectation", "ExpectationError", "Outcome", "ScenarioFile", "atomic_write", "atomic_write_text",
    "carries_expectations", "check_expectation", "export_step_npz", "find_files", "parse_expectation",
    "read_json", "read_npz", "step_filename", "tensor_key", "trace_arrays", "trace_json", "transcript",
    "write_trace_json", "write_trace_npz",
]
