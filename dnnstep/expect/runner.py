"""Running the expectations of scenario files: finding the files, loading them, verdicts.

The pytest plugin and ``dnnstep test`` both go through here, so they agree on which
files carry expectations, on the ids, and on every message.

    >>> loaded = ScenarioFile.load(Path("scenarios/five_layer.toml"))
    >>> [(o.id, o.status) for o in loaded.run_all()][:1]
    [('forward 1 W shape', 'pass')]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from dnnstep.expect.check import check_expectation
from dnnstep.expect.spec import Expectation, ExpectationError, parse_expectation
from dnnstep.user_paths import UserPathError, current_folder, kind, not_a_file

Status = Literal["pass", "fail", "error"]

_EXPECT_TABLE = re.compile(r"^\s*\[\[\s*expect\s*\]\]", re.MULTILINE)
_NETWORK_TABLE = re.compile(r"^\s*(\[\s*network\s*\]|network\s*[.=])", re.MULTILINE)


def carries_expectations(path: Path, *, named: bool = False) -> bool:
    """True for a ``.toml`` scenario file with a network and ``[[expect]]`` tables.

    A file that is not valid TOML (or not UTF-8) counts when its text shows both, or when
    it was ``named`` on its own (a path on the command line, not a folder); and a file that
    cannot be read counts: its error is then reported rather than the file silently
    skipped. ``pyproject.toml`` and other TOML files never count.
    """
    if path.suffix != ".toml" or not path.is_file():
        return False
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return True
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return named or bool(_EXPECT_TABLE.search(text) and _NETWORK_TABLE.search(text))
    return "network" in document and "expect" in document


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The scenario files with expectations under ``paths`` (files or folders), and problems.

    A named file that is missing or carries no expectations is a problem (a message);
    a folder contributes the files under it that carry expectations, sorted.
    """
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        try:
            found_kind = kind(path)
        except UserPathError as error:  # a name too long, a loop of links
            problems.append(str(error))
            continue
        if found_kind == "folder":
            found = sorted(p for p in path.rglob("*.toml") if carries_expectations(p))
            if not found:
                problems.append(f"{path}: no scenario file with [[expect]] tables in this folder")
            files.extend(found)
        elif found_kind is None:
            problems.append(f"{path}: no such file or folder")
        elif found_kind != "file":
            problems.append(f"{path}: {not_a_file(found_kind)}")
        elif not carries_expectations(path, named=True):
            what = "is not a .toml scenario file" if path.suffix != ".toml" else "has no [[expect]] tables"
            problems.append(f"{path}: {what}")
        else:
            files.append(path)
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return [Path(p) for p in unique], problems


@dataclass
class Outcome:
    """The verdict on one ``[[expect]]`` table (or on a file that could not be loaded).

    ``status`` is ``"pass"``, ``"fail"`` (an expectation that does not hold) or ``"error"``
    (a table or file that cannot be checked: bad input). ``message`` is empty for a pass.
    """

    id: str
    status: Status
    message: str = ""
    expectation: Expectation | None = None


@dataclass
class ScenarioFile:
    """A scenario file's expectations, each parsed or refused, sharing one Session.

    ``load_error`` is the message when the scenario itself cannot be loaded.
    """

    path: Path
    entries: list[Expectation | ExpectationError] = field(default_factory=list)
    load_error: str | None = None
    scenario: object = None
    _session: object = None

    @classmethod
    def load(cls, path: Path, *, display: str | None = None) -> "ScenarioFile":
        from dnnstep.scenario import ScenarioError, load_scenario

        display = display or display_path(path)
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            return cls(path, load_error=str(error))
        entries: list[Expectation | ExpectationError] = []
        for number, raw in enumerate(scenario.expectations, 1):
            try:
                entries.append(parse_expectation(raw, number, file=display, L=scenario.L,
                                                 num_iterations=scenario.num_iterations))
            except ExpectationError as error:
                entries.append(error)
        return cls(path, entries=entries, scenario=scenario)

    @property
    def session(self):
        """One Session for all the file's expectations, made when first needed."""
        if self._session is None:
            from dnnstep.engine import Session

            self._session = Session(self.scenario)
        return self._session

    def ids(self) -> list[str]:
        """A unique readable id per entry (a repeated id gets ``#n``, its table's number)."""
        raw = [_entry_id(e, n) for n, e in enumerate(self.entries, 1)]
        return [f"{i} #{n}" if raw.count(i) > 1 else i for n, i in enumerate(raw, 1)]

    def run(self, index: int) -> Outcome:
        """The verdict on entry ``index`` (from 0)."""
        entry, id_ = self.entries[index], self.ids()[index]
        if isinstance(entry, ExpectationError):
            return Outcome(id_, "error", str(entry))
        message = check_expectation(entry, self.session)
        return Outcome(id_, "pass" if message is None else "fail", message or "", entry)

    def run_all(self) -> list[Outcome]:
        if self.load_error is not None:
            return [Outcome("load", "error", self.load_error)]
        return [self.run(i) for i in range(len(self.entries))]


def display_path(path: Path) -> str:
    """The path relative to the working folder when it is under it, else as given."""
    here = current_folder()
    try:
        return str(path.resolve().relative_to(here.resolve())) if here is not None else str(path)
    except (ValueError, RuntimeError, OSError):
        return str(path)


def _entry_id(entry: Expectation | ExpectationError, number: int) -> str:
    if isinstance(entry, Expectation):
        return entry.id
    return f"[[expect]] #{number} (invalid)"
