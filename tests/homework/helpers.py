"""Shared helpers of the homework tests: the fixtures folder and checks run once per file."""

from __future__ import annotations

import functools
from pathlib import Path

from dnnstep.homework.checker import check_homework
from dnnstep.homework.findings import CheckReport

FIXTURES = Path(__file__).parent / "fixtures"
#: The scenario the mistakes are checked on: the course's own 3-layer network, m = 4.
SCENARIO = "step_by_step"
#: Short, so that the hang fixture costs little; the homework's calls take milliseconds.
TIMEOUT = 1.5


@functools.lru_cache(maxsize=None)
def checked(name: str) -> CheckReport:
    """``dnnstep check`` of ``fixtures/<name>`` on the small scenario, run once per test session."""
    return check_homework(FIXTURES / name, scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=2)
