"""Expectations in scenario files, their runner and the pytest plugin.

- ``parse_expectation`` / ``Expectation`` / ``ExpectationError``: one ``[[expect]]`` table
  (``spec``); ``check_expectation(expectation, session)`` checks it (``check``), with the
  messages of ``compare``.
- ``ScenarioFile.load(path)`` and ``find_files(paths)`` run a file's expectations
  (``runner``); ``plugin`` makes them pytest items; ``dnnstep test`` is
  ``dnnstep.commands.expectations``.

Exporting steps is ``dnnstep.export``. Format and usage: ``docs/expect.md``. Never imports textual.
"""

from dnnstep.expect.check import check_expectation
from dnnstep.expect.runner import Outcome, ScenarioFile, carries_expectations, find_files
from dnnstep.expect.spec import Expectation, ExpectationError, parse_expectation

__all__ = [
    "Expectation", "ExpectationError", "Outcome", "ScenarioFile", "carries_expectations", "check_expectation",
    "find_files", "parse_expectation",
]
