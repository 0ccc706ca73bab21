"""Running a course function and reading back what it printed, as a notebook cell shows it."""

from __future__ import annotations

import contextlib
import io
import re
import warnings

import numpy as np

COST_LINE = re.compile(r"Cost after (?:iteration|epoch) (\d+): (\S+)$")


def printed(function, *args, **kwargs):
    """``(result, lines)``: what ``function(*args, **kwargs)`` returned and the lines it printed.

    numpy's RuntimeWarnings (log of 0 in a saturated run, as in the notebooks) are silenced.
    """
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = function(*args, **kwargs)
    return result, out.getvalue().splitlines()


def costs_printed(lines) -> dict[int, float]:
    """{iteration or epoch: cost} from the "Cost after ..." lines."""
    found = {}
    for line in lines:
        match = COST_LINE.match(line)
        if match:
            found[int(match.group(1))] = float(match.group(2))
    return found


def ulps(a: float, b: float) -> float:
    """How many units in the last place ``a`` and ``b`` are apart (0 when equal)."""
    if a == b:
        return 0.0
    return abs(a - b) / np.spacing(max(abs(a), abs(b)))
