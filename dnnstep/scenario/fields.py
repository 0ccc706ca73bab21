"""Typed reading of one TOML table, with messages that name the file and the key.

A ``Table`` wraps the dict ``tomllib`` returned for one table of a scenario file together
with where it came from, so every check can say ``file: table.key: what is wrong``.
Arrays written inline (``X = [[1.0, 2.0], [3.0, 4.0]]``) become float64 numpy arrays
here, after checking that they are rectangular lists of numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from . import checks
from .errors import ScenarioError, did_you_mean, one_of, type_name

_MISSING = object()


class Table:
    """One table of a scenario file: ``data`` is what tomllib read, ``prefix`` its dotted name."""

    def __init__(self, data: dict[str, Any], *, file: str, prefix: str = ""):
        self.data = data
        self.file = file
        self.prefix = prefix

    def key(self, name: str) -> str:
        """The dotted name of ``name`` in this table (``"data.X"``)."""
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str | None, problem: str) -> ScenarioError:
        return ScenarioError(problem, file=self.file, key=None if name is None else self.key(name))

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def check_keys(self, allowed: Iterable[str], *, what: str = "") -> None:
        """Refuse any key not in ``allowed``, suggesting the closest allowed one."""
        allowed = list(allowed)
        for name in self.data:
            if name not in allowed:
                where = f" in [{self.prefix}]" if self.prefix else " at the top level"
                hint = did_you_mean(name, allowed)
                extra = f" {what}" if what else ""
                raise self.error(
                    name,
                    f"unknown key{where}{hint}; the keys here{extra} are {one_of(allowed, 'and')}",
                )

    def table(self, name: str, *, required: bool = False) -> Table:
        """The sub-table ``name`` (an empty one when absent and not required)."""
        value = self.data.get(name, _MISSING)
        if value is _MISSING:
            if required:
                raise self.error(name, f"missing: the scenario needs a [{self.key(name)}] table")
            return Table({}, file=self.file, prefix=self.key(name))
        if not isinstance(value, dict):
            raise self.error(name, f"must be a table [{self.key(name)}], not {type_name(value)}")
        return Table(value, file=self.file, prefix=self.key(name))

    def string(self, name: str, default: Any = _MISSING) -> str:
        value = self._get(name, default)
        if value is not default and not isinstance(value, str):
            raise self.error(name, f"must be a string, not {type_name(value)}")
        return value

    def choice(self, name: str, choices: Iterable[str], default: Any = _MISSING, *, what: str) -> str:
        """A string that must be one of ``choices``; ``what`` names them (``"activation"``)."""
        value = self._get(name, default)
        if value is default:
            return value
        return checks.choice(value, list(choices), self.error, name, what=what)

    def number(self, name: str, default: Any = _MISSING, *, positive: bool = False) -> float:
        value = self._get(name, default)
        if value is default:
            return value
        return checks.number(value, self.error, name, positive=positive)

    def get(self, name: str, default: Any = _MISSING) -> Any:
        """The raw value of ``name`` (``default`` when absent); "missing" when it must be there."""
        return self._get(name, default)

    def string_list(self, name: str, default: Any = _MISSING) -> list[str]:
        return self._list(name, default, "strings", lambda v: isinstance(v, str))

    def int_list(self, name: str, default: Any = _MISSING) -> list[int]:
        return self._list(name, default, "integers", lambda v: isinstance(v, int) and not isinstance(v, bool))

    def _list(self, name: str, default: Any, kind: str, fits) -> list:
        """An array whose every element ``fits``; ``kind`` names the elements in the message."""
        value = self._get(name, default)
        if value is default:
            return value
        if not isinstance(value, list) or not all(fits(v) for v in value):
            raise self.error(name, f"must be an array of {kind}, not {_describe(value)}")
        return value

    def matrix(self, name: str) -> np.ndarray:
        """An inline 2-D array of numbers, rows as TOML arrays: ``[[1.0, 2.0], [3.0, 4.0]]``."""
        return to_matrix(self._get(name, _MISSING), self.error, name)

    def _get(self, name: str, default: Any) -> Any:
        value = self.data.get(name, default)
        if value is _MISSING:
            raise self.error(name, "missing")
        return value


def _describe(value: Any) -> str:
    if isinstance(value, list):
        kinds = sorted({type_name(v) for v in value})
        return "an array holding " + " and ".join(kinds) if kinds else "an empty array"
    return f"{type_name(value)} ({value!r})"


def to_matrix(value: Any, error, name: str) -> np.ndarray:
    """Check that ``value`` is a non-empty rectangular list of lists of numbers; return float64.

    ``error(name, problem)`` makes the ScenarioError to raise.
    """
    example = "a list of rows, e.g. [[0.5, 1.0, -2.0], [1.5, 0.0, 3.0]]"
    if not isinstance(value, list):
        raise error(name, f"must be a 2-D array written as {example}, not {type_name(value)}")
    if not value:
        raise error(name, "is empty; write it as " + example)
    if not all(isinstance(row, list) for row in value):
        raise error(name, f"must be 2-D, {example}; a flat array [a, b, c] is one row: write [[a, b, c]]")
    width = len(value[0])
    for i, row in enumerate(value):
        if len(row) != width:
            raise error(name, f"is not rectangular: row {i} has {len(row)} numbers, row 0 has {width}")
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise error(name, f"[{i}][{j}] must be a number, not {type_name(v)} ({v!r})")
    if width == 0:
        raise error(name, "has empty rows; write it as " + example)
    try:
        return np.array(value, dtype=np.float64)
    except OverflowError:
        raise error(name, "holds an integer too large for a float64") from None
