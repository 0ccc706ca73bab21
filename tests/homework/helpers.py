"""Shared helpers of the homework tests: the fixtures folder and checks run once per file."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from dnnstep.homework.checking import check_homework
from dnnstep.homework.reporting.findings import CheckReport

FIXTURES = Path(__file__).parent / "fixtures"
#: The scenario the mistakes are checked on: the course's own 3-layer network, m = 4.
SCENARIO = "step_by_step"
#: Short for the hang fixture, so that it costs little; generous for the others (their calls take
#: milliseconds, but the machine may be busy), so that no test depends on timing.
HANG_TIMEOUT = 1.5
TIMEOUT = 20.0


@functools.lru_cache(maxsize=None)
def checked(name: str) -> CheckReport:
    """``dnnstep check`` of ``fixtures/<name>`` on the small scenario, run once per test session."""
    timeout = HANG_TIMEOUT if name.startswith("hang.") else TIMEOUT
    return check_homework(FIXTURES / name, scenario_names=[SCENARIO], timeout=timeout, iterations=2)


def edited(source: Path, folder: Path, replacements, name: str = "hw.py") -> Path:
    """A copy of ``source`` in ``folder`` with each ``(old, new)`` replaced (``old`` must be there exactly once)."""
    text = source.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text)
    return path


def marked(mark: str) -> list[int]:
    """The processes whose command line holds the argument ``mark`` (a homework's children, seen from outside its
    PID namespace, where their own pids mean nothing)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as file:
                    if mark.encode() in file.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                pass
    return found
