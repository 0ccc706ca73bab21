"""The course's editions of the two week-4 assignments, and how to tell which one a homework follows.

The two notebooks ("Building your Deep Neural Network: Step by Step" and "Deep Neural Network
for Image Classification: Application") changed between releases. For checking, three editions
differ in what a right answer returns (``docs/homework.md``, "Course editions", gives the
table and the public copies it was learned from):

* **2017** (the first release, August 2017, to the notebooks v3-v5 of early 2018;
  ``testCases``/``_v2``/``_v3``, ``dnn_utils``/``_v2``, ``dnn_app_utils``/``_v2``):
  ``L_model_backward`` stores the gradient with respect to A[l-1] under ``grads["dA" + str(l)]``
  (keys dA1..dAL); ``two_layer_model`` and ``L_layer_model`` return ``parameters`` only.
* **2018** (notebooks v8 and v8a, 2018-2020; ``testCases_v4``/``_v4a``, ``dnn_utils_v2``,
  ``dnn_app_utils_v3``): keys dA0..dA(L-1), as today; the models still return ``parameters`` only.
* **2021** (the relaunch with graded public tests, unchanged in 2023; ``testCases``,
  ``dnn_utils``, ``dnn_app_utils_v3``, ``public_tests``, ``test_utils``): keys dA0..dA(L-1);
  the models return ``(parameters, costs)``, the cost every 100 iterations. This is
  :mod:`dnnstep.course`.

Everything else the checker compares (signatures, caches, every other function's values) is
the same in the three. The Application's ``initialize_parameters_deep`` (seed 1,
``randn / sqrt(n[l-1])``) is the same in every ``dnn_app_utils``.

:func:`detect` reads the evidence a file carries (its name, notebook metadata and markdown, the
modules it imports, the course's template comments, signatures and return statements) and
gives a :class:`Detection`. :func:`expected_for` turns the reference's return value into what
an edition's function returns.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable


@dataclass(frozen=True)
class Edition:
    """One edition of the two assignments, as far as a checker must know it.

    Attributes:
        key: ``"2017"``, ``"2018"`` or ``"2021"``.
        releases: the course's releases it covers, for people.
        shifted_grads: ``grads["dA" + str(l)]`` holds the gradient with respect to A[l-1] (keys dA1..dAL).
        models_return_costs: ``two_layer_model`` and ``L_layer_model`` return ``(parameters, costs)``.
        modules: the helper and test modules its notebooks import.
        step_helpers, app_helpers, test_cases: the modules that give the Step by Step's helpers (sigmoid, relu
            and their backward functions), the Application's (its own initialisation and the course's versions of
            the Step by Step functions), and the test inputs, in its latest release.
    """

    key: str
    releases: str
    shifted_grads: bool
    models_return_costs: bool
    modules: tuple[str, ...]
    step_helpers: str
    app_helpers: str
    test_cases: str

    @property
    def name(self) -> str:
        return f"the {self.key} edition"

    @property
    def grads_keys(self) -> str:
        return "dA1…dAL" if self.shifted_grads else "dA0…dA(L-1)"

    @property
    def models_return(self) -> str:
        return "(parameters, costs)" if self.models_return_costs else "parameters only"

    @property
    def conventions(self) -> str:
        """``"grads keys dA1…dAL, models return parameters only"``."""
        return f"grads keys {self.grads_keys}, models return {self.models_return}"


E2017 = Edition("2017", "August 2017 to early 2018 (notebooks v1 to v5)", True, False,
                ("testCases", "testCases_v2", "testCases_v3", "dnn_utils", "dnn_utils_v2", "dnn_app_utils",
                 "dnn_app_utils_v2"), "dnn_utils_v2", "dnn_app_utils_v2", "testCases_v3")
E2018 = Edition("2018", "2018 to 2020 (notebooks v8 and v8a)", False, False,
                ("testCases_v4", "testCases_v4a", "dnn_utils_v2", "dnn_app_utils_v3"), "dnn_utils_v2", "dnn_app_utils_v3",
                "testCases_v4a")
E2021 = Edition("2021", "2021 on (graded public tests; the same in 2023)", False, True,
                ("testCases", "dnn_utils", "dnn_app_utils_v3", "public_tests", "test_utils"), "dnn_utils",
                "dnn_app_utils_v3", "testCases")

#: Oldest first.
EDITIONS = (E2017, E2018, E2021)
#: The edition :mod:`dnnstep.course` implements.
CURRENT = E2021
BY_KEY = {e.key: e for e in EDITIONS}

#: The course's Application helper modules whose ``L_model_backward`` stores the 2017 keys dA1..dAL, as their files
#: do (tests/homework/test_course_modules.py holds the supplied ones to it).
SHIFTED_HELPERS = ("dnn_app_utils", "dnn_app_utils_v2")

#: The graded functions whose contract depends on the edition.
EDITION_FUNCTIONS = ("L_model_backward", "two_layer_model", "L_layer_model")


def _keys(*editions: Edition) -> frozenset[str]:
    return frozenset(e.key for e in editions)


@dataclass(frozen=True)
class Clue:
    """One piece of evidence: what was seen, and the editions it fits; ``printed``: it is one of the notebook's
    own Expected Output cells, what its grader used, which outranks comments, file names and imports."""

    seen: str
    editions: frozenset[str]
    printed: bool = False

    def describe(self) -> str:
        fits = " or ".join(sorted(self.editions))
        return f"{self.seen} ({fits})"


#: Imported module -> the editions whose notebooks import it. ``dnn_app_utils`` (unversioned) is the
#: first release's; students and some 2021 copies also name ``dnn_app_utils_v3`` so.
MODULE_EDITIONS = {
    "testCases": _keys(E2017, E2021),
    "testCases_v2": _keys(E2017),
    "testCases_v3": _keys(E2017),
    "testCases_v4": _keys(E2018),
    "testCases_v4a": _keys(E2018),
    "dnn_utils": _keys(E2017, E2021),
    "dnn_utils_v2": _keys(E2017, E2018),
    "dnn_app_utils": _keys(E2017, E2021),
    "dnn_app_utils_v2": _keys(E2017),
    "dnn_app_utils_v3": _keys(E2018, E2021),
    "public_tests": _keys(E2021),
    "test_utils": _keys(E2021),
}

#: (pattern on the file name, what it is, editions).
FILE_NAMES = (
    (r"step[ _+-]*by[ _+-]*step[ _+-]*v[345]\b", "a v3-v5 Step by Step file name", _keys(E2017)),
    (r"application[ _+-]*v[345]\b", "a v3-v5 Application file name", _keys(E2017)),
    (r"(step[ _+-]*by[ _+-]*step|application)[ _+-]*v8a?\b", "a v8/v8a file name", _keys(E2018)),
    (r"^Building_your_Deep_Neural_Network_Step_by_Step\.ipynb$", "the 2021 file name", _keys(E2021)),
    (r"^Building your Deep Neural Network - Step by Step\.ipynb$", "the first release's file name", _keys(E2017)),
)

#: (pattern in the code, what it is, editions): the course's template lines, which students keep.
CODE_MARKS = (
    (r"### START CODE HERE ###", "the template's START CODE HERE markers", _keys(E2017, E2018)),
    (r"# YOUR CODE STARTS HERE", "the template's YOUR CODE STARTS HERE markers", _keys(E2021)),
    (r"#\s*UNQ_C\d+", "the template's UNQ_C markers", _keys(E2021)),
    (r"""Outputs:\s*"grads\["dAL"\]""", "the template's comment Outputs: grads[\"dAL\"]", _keys(E2017)),
    (r"""Outputs:\s*"grads\["dAL-1"\]""", "the template's comment Outputs: grads[\"dAL-1\"]", _keys(E2018, E2021)),
)

#: (pattern in the markdown, what it is, editions): expected outputs printed in the notebook.
MARKDOWN_MARKS = (
    (r"###\s*Exercise\s+\d+\s*-\s*\w+", "Exercise N - name headings", _keys(E2021)),
)

#: (pattern in the markdown, what it is, editions): the expected outputs the notebook prints.
PRINTED_MARKS = (
    (r"0\.41493159961", "the expected cost 0.41493159961 (testCases v2-v4)", _keys(E2017, E2018)),
    (r"0\.27977656", "the expected cost 0.27977656 (testCases_v4a, public tests)", _keys(E2018, E2021)),
)


@dataclass(frozen=True)
class PrintedKeys:
    """The grads keys a notebook's Expected Output prints for ``L_model_backward``.

    Attributes:
        shifted: its ``dA1`` is the gradient with respect to A[0] (keys dA1..dAL, the first release's), not A[1].
        seen: what was read, for people (``"dA1 of shape (3, 2) beside dW1 (3, 4)"``).
    """

    shifted: bool
    seen: str

    def rules_out(self, edition: "Edition", judged: "Edition") -> bool:
        """Whether ``L_model_backward`` of ``edition`` is ruled out for a file judged by ``judged``: printed old
        keys rule out today's; printed today's keys rule out the old ones, but in a 2017 file (the v5 notebook
        printed today's keys beside a template that stored the old ones: both are accepted, :data:`TOLERATED`)."""
        if self.shifted:
            return not edition.shifted_grads
        return edition.shifted_grads and not judged.shifted_grads

    def clue(self) -> Clue:
        """As evidence: shifted keys are the first release's (2017); today's keys are printed from the 2017 v5
        notebook on (whose template still stored the shifted ones: see :data:`TOLERATED`)."""
        editions = _keys(E2017) if self.shifted else _keys(*EDITIONS)
        return Clue(_KEYS_SEEN.format(self.seen), editions, printed=True)


_KEYS_SEEN = "the expected output of L_model_backward, {}"
_MATRIX = r"[^\[\]]{0,80}?(\[\[[^\[\]]*\](?:\s*\[[^\[\]]*\])*\])"  # [[row]\n [row]]: no backtracking


def _shape(matrix: str) -> tuple[int, int] | None:
    """The shape of a printed numpy matrix ``[[ 0.1 0.2]\n [ 0.3 0.4]]``."""
    rows = [r for r in re.split(r"\]\s*\[", matrix.strip()[2:-2])]
    widths = {len(re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", r)) for r in rows}
    return (len(rows), widths.pop()) if len(widths) == 1 and 0 not in widths else None


def printed_keys(markdown: list[str]) -> PrintedKeys | None:
    """The grads keys the Expected Output cells among ``markdown`` print for ``L_model_backward``: a printed
    ``dA0`` is today's keys; a ``dA1`` as tall as ``dW1`` (n[1] rows) is the gradient of A[1], today's, and one with
    as many rows as ``dW1`` has columns (n[0]) the gradient of A[0], the first release's."""
    for cell in markdown:
        if not re.search(r"expected", cell, re.IGNORECASE):
            continue
        if re.search(r"\bdA0\b" + _MATRIX, cell, re.DOTALL):
            return PrintedKeys(False, "a dA0")
        dA1 = re.search(r"\bdA1\b" + _MATRIX, cell, re.DOTALL)
        dW1 = re.search(r"\bdW1\b" + _MATRIX, cell, re.DOTALL)
        if not dA1 or not dW1:
            continue
        a, w = _shape(dA1.group(1)), _shape(dW1.group(1))
        if a is None or w is None or w[0] == w[1]:
            continue
        seen = f"dA1 of shape {a} beside dW1 {w}"
        if a[0] == w[0]:
            return PrintedKeys(False, seen)
        if a[0] == w[1]:
            return PrintedKeys(True, seen)
    return None


@dataclass(frozen=True)
class Detection:
    """Which edition a homework follows, and why.

    Attributes:
        edition: the edition the evidence points at (the current one when there is none).
        clues: the evidence, in the order found.
        candidates: the editions that fit the most clues (more than one: the evidence does not decide).
        mixed: some clue contradicts ``edition`` (the evidence points both ways).
        printed: the grads keys the notebook's own Expected Output prints for ``L_model_backward``, when it
            prints them.
        allowed: the editions the notebook's printed expected outputs fit (all of them when it prints none):
            what its grader used outranks comments, file names and imports, so no other edition is tried.
    """

    edition: Edition
    clues: tuple[Clue, ...]
    candidates: tuple[Edition, ...]
    mixed: bool
    printed: "PrintedKeys | None" = None
    allowed: tuple[Edition, ...] = EDITIONS

    @classmethod
    def assumed(cls, edition: Edition | None = None) -> "Detection":
        """A file taken to follow ``edition`` (the current one) without looking at it."""
        edition = edition or CURRENT
        return cls(edition, (Clue("assumed", frozenset({edition.key})),), (edition,), False)

    @property
    def decided(self) -> bool:
        """True when the evidence names one edition and nothing contradicts it."""
        return bool(self.clues) and len(self.candidates) == 1 and not self.mixed

    def others(self) -> tuple[Edition, ...]:
        """The editions to try when a function does not fit :attr:`edition`'s contract: the other
        candidates, then (when the evidence is mixed or absent) every other edition, newest first."""
        if self.decided:
            return ()
        rest = [e for e in reversed(self.candidates) if e != self.edition]
        rest += [e for e in reversed(self.allowed) if e not in rest and e != self.edition]
        return tuple(rest)

    def allows(self, edition: Edition, function: str, judged: Edition | None = None) -> bool:
        """Whether ``function`` may be judged by ``edition``'s contract, as far as the printed outputs say (a file
        judged by ``judged`` so far, by default the evidence's edition)."""
        if edition not in self.allowed:
            return False
        keys = self.printed if function == "L_model_backward" else None
        return not (keys and keys.rules_out(edition, judged or self.edition))

    def ruled_out(self, edition: Edition, function: str = "") -> str:
        """Why ``edition`` was not tried for ``function`` although it fits it: the printed outputs that rule it
        out, or ``""``."""
        keys = self.printed.clue() if self.printed else None
        printed = [c.seen for c in self.clues if c.printed and (
            edition.key not in c.editions or (c == keys and not self.allows(edition, function)))]
        if not printed:
            return ""
        return (f"this notebook's own Expected Output ({'; '.join(printed)}) rules out {edition.name}: what its "
                "grader used outranks its comments, file name and imports")

    def evidence(self, limit: int = 4) -> str:
        """``"imports testCases_v3 (2017), the template's START CODE HERE markers (2017 or 2018)"``."""
        shown = [c.describe() for c in self.clues[:limit]]
        more = len(self.clues) - limit
        return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def detect(path: str | Path, text: str | None = None) -> Detection:
    """The edition the homework at ``path`` follows (``text``: its contents, when already read)."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            text = ""
    code, markdown, metadata = _parts(path, text)
    clues = list(_file_clues(path.name))
    clues += _metadata_clues(metadata)
    clues += _import_clues(code)
    clues += _marked(code, CODE_MARKS)
    clues += _marked("\n".join(markdown), MARKDOWN_MARKS)
    clues += _shape_clues(code)
    clues += [replace(c, printed=True) for c in _marked("\n".join(markdown), PRINTED_MARKS)]
    printed = printed_keys(markdown)
    if printed is not None:
        clues.append(printed.clue())
    return replace(decide(clues), printed=printed)


def decide(clues: Iterable[Clue]) -> Detection:
    """The edition most clues fit, among those the printed expected outputs allow: the newest of those on a
    tie; the current one without clues. (Printed outputs that contradict each other allow every edition.)"""
    clues = tuple(clues)
    if not clues:
        return Detection(CURRENT, (), EDITIONS, False)
    allowed = tuple(e for e in EDITIONS if all(e.key in c.editions for c in clues if c.printed)) or EDITIONS
    votes = {e.key: sum(e.key in c.editions for c in clues) for e in allowed}
    best = max(votes.values())
    candidates = tuple(e for e in allowed if votes[e.key] == best)
    edition = candidates[-1]
    mixed = any(edition.key not in c.editions for c in clues)
    return Detection(edition, clues, candidates, mixed, allowed=allowed)


def _parts(path: Path, text: str) -> tuple[str, list[str], dict]:
    """The code, the markdown cells and the notebook metadata of a file (a .py file is all code)."""
    if path.suffix.lower() != ".ipynb":
        return text, [], {}
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return "", [], {}
    if not isinstance(notebook, dict):
        return "", [], {}
    cells = notebook.get("cells")
    if cells is None and isinstance(notebook.get("worksheets"), list):
        cells = [c for sheet in notebook["worksheets"] if isinstance(sheet, dict)
                 for c in (sheet.get("cells") if isinstance(sheet.get("cells"), list) else [])]
    code, markdown = [], []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", cell.get("input", ""))
        source = "".join(str(s) for s in source) if isinstance(source, list) else str(source)
        (code if cell.get("cell_type") == "code" else markdown).append(source)
    metadata = notebook.get("metadata")
    return "\n".join(code), markdown, metadata if isinstance(metadata, dict) else {}


def _file_clues(name: str) -> list[Clue]:
    return [Clue(f"{what} ({name})", editions) for pattern, what, editions in FILE_NAMES
            if re.search(pattern, name, re.IGNORECASE)]


def _metadata_clues(metadata: dict) -> list[Clue]:
    """Notebooks before 2021 name the Coursera item they were launched from in their metadata."""
    coursera = metadata.get("coursera")
    if isinstance(coursera, dict) and "graded_item_id" in coursera:
        return [Clue("notebook metadata with a Coursera graded_item_id", _keys(E2017, E2018))]
    return []


def _import_clues(code: str) -> list[Clue]:
    seen = []
    for match in re.finditer(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", code, re.MULTILINE):
        module = (match.group(1) or match.group(2)).split(".")[-1]
        if module in MODULE_EDITIONS and module not in seen:
            seen.append(module)
    return [Clue(f"imports {module}", MODULE_EDITIONS[module]) for module in seen]


def _marked(text: str, marks) -> list[Clue]:
    return [Clue(what, editions) for pattern, what, editions in marks if re.search(pattern, text)]


def _shape_clues(code: str) -> list[Clue]:
    """Signatures and return statements of the graded functions that changed with the editions."""
    clues = []
    for node in _functions(code):
        if node.name == "update_parameters" and node.args.args:
            first = node.args.args[0].arg
            if first == "params":
                clues.append(Clue("update_parameters(params, ...)", _keys(E2021)))
        if node.name in ("two_layer_model", "L_layer_model"):
            returns = [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
            if returns and all(isinstance(r, ast.Tuple) and len(r.elts) == 2 for r in returns):
                clues.append(Clue(f"{node.name} returns (parameters, costs)", _keys(E2021)))
            elif returns and all(isinstance(r, ast.Name) for r in returns):
                clues.append(Clue(f"{node.name} returns parameters only", _keys(E2017, E2018)))
    return clues


def _functions(code: str) -> list[ast.FunctionDef]:
    """The top-level functions of ``code``: of the whole when it parses (one parse), else of each of its
    top-level ``def`` blocks that parses alone."""
    if not code.strip():
        return []
    try:
        return [n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    found = []
    for block in _def_blocks(code):
        try:
            tree = ast.parse(block)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        found.extend(n for n in tree.body if isinstance(n, ast.FunctionDef))
    return found


def _def_blocks(code: str) -> list[str]:
    """``code``'s top-level ``def`` blocks (each with the indented and blank lines that follow it)."""
    blocks, current = [], []
    for line in code.splitlines():
        if line.startswith("def ") and current:
            blocks.append("\n".join(current))
            current = []
        if line.startswith("def ") or (current and (not line.strip() or line[:1].isspace())):
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


# --------------------------------------------------------------------------------------------
# Contracts
# --------------------------------------------------------------------------------------------


def expected_for(edition: Edition, function: str, expected: Any) -> Any:
    """What ``function`` of ``edition`` returns, given what :mod:`dnnstep.course` (2021) returns."""
    if function == "L_model_backward" and edition.shifted_grads and isinstance(expected, dict):
        return shift_keys(expected, +1)
    if function in ("two_layer_model", "L_layer_model") and not edition.models_return_costs:
        return expected[0]
    return expected


def shift_keys(grads: dict, by: int) -> dict:
    """``grads`` with every ``"dA" + str(l)`` key renamed ``"dA" + str(l + by)``; other keys kept."""
    shifted = {}
    for key, value in grads.items():
        match = re.fullmatch(r"dA(\d+)", key) if isinstance(key, str) else None
        shifted[f"dA{int(match.group(1)) + by}" if match else key] = value
    return shifted


def current_grads(edition: Edition, grads: Any) -> Any:
    """A student's ``grads`` under today's keys (``dA0``..), whatever the edition stored (a 2017 file
    may hold today's keys already: see :data:`TOLERATED`)."""
    if edition.shifted_grads and isinstance(grads, dict) and "dA0" not in grads:
        return shift_keys(grads, -1)
    return grads


#: (edition, function) -> (the other edition whose contract is accepted too, the note that says so).
#: The v5 notebook (testCases_v3) printed L_model_backward's dA1 as the gradient with respect to A[1],
#: today's key, while its template stored dA[l-1] under "dA" + str(l): a 2017 file may hold either.
TOLERATED = {
    ("2017", "L_model_backward"): (E2018, "L_model_backward stores today's keys dA0…dA(L-1), not the 2017 "
                                          "template's dA1…dAL; accepted: the v5 notebook's printed dA1 is today's "
                                          "(the gradient with respect to A[1])"),
}


def difference(edition: Edition, function: str) -> str:
    """How ``edition``'s ``function`` differs from the current edition's, for people ('' if not)."""
    if function == "L_model_backward" and edition.shifted_grads != CURRENT.shifted_grads:
        return f"grads keys {edition.grads_keys} ({edition.name}) instead of {CURRENT.grads_keys}"
    if function in ("two_layer_model", "L_layer_model") and edition.models_return_costs != CURRENT.models_return_costs:
        return f"returns {edition.models_return} ({edition.name}) instead of {CURRENT.models_return}"
    return ""


# --------------------------------------------------------------------------------------------
# What the report says
# --------------------------------------------------------------------------------------------


def judged_edition(fitted: dict, unfit: set, detection):
    """The edition a file is judged by: the one its edition-dependent functions fit (``fitted``: function ->
    edition, but those in ``unfit``, which fit none), when they agree on one; else the evidence's
    (``detection.edition``). Week 4's editions and Course 2's alike."""
    chosen = {e.key: e for f, e in fitted.items() if f not in unfit}
    if len(chosen) == 1:
        return next(iter(chosen.values()))
    return detection.edition


@dataclass
class EditionFinding:
    """The edition a homework was judged by, for the report.

    Attributes:
        detection: what the evidence said.
        fitted: function -> the edition whose contract it was judged by, for the functions whose
            contract depends on the edition (:data:`EDITION_FUNCTIONS`) that the file defines.
        outside: function -> an edition whose contract it fits although the evidence named
            another one (it was judged by the evidence's edition and failed).
        unfit: the functions of ``fitted`` that fit no edition's contract (judged by ``fitted``'s edition).
        notes: function -> a note on how it was accepted (:data:`TOLERATED`).
    """

    detection: Detection
    fitted: dict[str, Edition]
    outside: dict[str, Edition]
    unfit: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def edition(self) -> Edition:
        """The edition the file was judged by (:func:`judged_edition`)."""
        return judged_edition(self.fitted, self.unfit, self.detection)

    def headline(self, kind: str) -> str:
        """One line: which edition the file follows and by which rules it was checked."""
        what = "notebook" if kind == "ipynb" else "file"
        edition, detection = self.edition, self.detection
        if not detection.clues:
            if not self.fitted:
                return (f"Nothing in this {what} names a course edition; checked by {CURRENT.name}'s rules "
                        f"(the functions it defines are the same in every edition).")
            return f"Nothing in this {what} names a course edition; checked both ways: {self._fits()}."
        if detection.decided or not self.fitted:
            follows = f"This {what} follows {edition.name} ({edition.conventions})"
            if detection.mixed:
                follows += f", as most of its evidence says ({detection.evidence(3)})"
            return follows + "; checked by that edition's rules."
        if detection.mixed:
            why = f"The evidence on the edition is mixed ({detection.evidence(3)})"
        else:
            why = (f"The evidence fits {' and '.join(e.name for e in detection.candidates)} "
                   f"({detection.evidence(3)})")
        return f"{why}; checked both ways: {self._fits()}."

    def _fits(self) -> str:
        parts = []
        for f, e in self.fitted.items():
            if f in self.unfit and f in self.outside:
                other = self.outside[f]
                parts.append(f"{f} fits only {other.name} ({_convention(other, f)}), which the notebook's own "
                             f"Expected Output rules out (judged by {e.name}'s rules)")
            elif f in self.unfit:
                parts.append(f"{f} fits no edition (judged by {e.name}'s rules)")
            else:
                parts.append(f"{f} fits {e.name} ({_convention(e, f)})")
        return ", ".join(parts)

    def only_by_edition(self, functions_ok: bool) -> str:
        """The line saying that a file right for an older edition differs from the current one only by it."""
        if not functions_ok or self.edition == CURRENT:
            return ""
        changes = [f"{f}: {difference(e, f)}" for f, e in self.fitted.items()
                   if difference(e, f) and f not in self.unfit and f not in self.notes]
        if not changes:
            return ""
        return (f"Against {CURRENT.name}'s rules it differs only by its edition: " + "; ".join(changes) + ".")

    def outside_notes(self) -> dict[str, str]:
        """function -> a note for a function that follows another edition than the file's evidence, or
        that was accepted by a convention its edition's notebooks also printed."""
        notes = dict(self.notes)
        for function, other in self.outside.items():
            mine = self.detection.edition
            ruled_out = self.detection.ruled_out(other, function)
            notes[function] = (f"{function} follows {other.name}'s convention ({_convention(other, function)}); "
                               + (f"{ruled_out}; this notebook follows {mine.name}, which expects "
                                  f"{_convention(mine, function)}" if ruled_out else
                                  f"this file follows {mine.name} ({self.detection.evidence(2)}), which expects "
                                  f"{_convention(mine, function)}"))
        return notes

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition.key,
            "evidence": [{"seen": c.seen, "editions": sorted(c.editions)} for c in self.detection.clues],
            "decided": self.detection.decided,
            "mixed": self.detection.mixed,
            "functions": {f: e.key for f, e in self.fitted.items()},
            "outside": {f: e.key for f, e in self.outside.items()},
        }


def _convention(edition: Edition, function: str) -> str:
    if function == "L_model_backward":
        return f"grads keys {edition.grads_keys}"
    return f"returns {edition.models_return}"
