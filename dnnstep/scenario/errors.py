"""ScenarioError: one clear message naming the file, the key and what is wrong.

Everything that can go wrong while reading a scenario ends as a ``ScenarioError``. Its
``str()`` is the whole message a user sees, for example::

    scenarios/mine.toml: data.X: has 3 rows, but network.layer_dims[0] is 2 (X is (n[0], m))

The command line prints it and exits with status 2; there is never a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class ScenarioError(ValueError):
    """A scenario that cannot be loaded, and why.

    Attributes:
        file: the scenario file (or another name for where the scenario came from), or ``None``.
        key: the dotted key at fault (``"data.X"``, ``"init.method"``), or ``None``.
        problem: what is wrong, in a sentence.
    """

    def __init__(self, problem: str, *, file: str | Path | None = None, key: str | None = None):
        self.file = None if file is None else str(file)
        self.key = key
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [p for p in (self.file, self.key) if p]
        return ": ".join([*parts, self.problem])

    def __str__(self) -> str:
        return self.message


class DataMissing(ScenarioError):
    """A scenario whose data file is not where it was looked for (the course's ``data.mat`` or cat files
    not downloaded yet): the file itself is right, so ``dnnstep test`` and pytest skip it and say why."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` when ``word`` looks like one of ``choices``, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str], last: str = "or") -> str:
    """``"'a', 'b' or 'c'"`` (``last="and"``: ``"'a', 'b' and 'c'"``)."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]


def type_name(value: Any) -> str:
    """How a TOML value's type reads to a person."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"
