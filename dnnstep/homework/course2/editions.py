"""Course 2's editions, what a checker must judge differently in each, and how to tell which one a file follows.

Four editions of the four notebooks (``/work/shared/course2/CASES.md``, section 1):

The editions are the reference's (:mod:`dnnstep.course2.editions`, which says where they differ):

* **2017**: the first release; Optimization imports ``opt_utils`` (``compute_cost`` is the mean) and
  prints the last mini-batch's cost; ``update_parameters_with_adam`` returns ``(parameters, v, s)``.
* **2019-20** (``Regularization_v2a``, ``Gradient Checking v1``, ``Optimization_methods_v1b``):
  ``opt_utils_v1a`` (the cost is a sum, the model prints the epoch's average); Adam as 2017.
* **2021** (the relaunch with ``public_tests``): Adam returns ``(parameters, v, s, v_corrected,
  s_corrected)``, its test uses ``t = 2, learning_rate = 0.02, beta1 = 0.8, beta2 = 0.888,
  epsilon = 1e-2``; ``update_lr`` and ``schedule_lr_decay`` are new; ``gradient_check`` and
  ``gradient_check_n`` take ``print_msg``.
* **2023** (a refresh, seen in a 2024 copy; ``### v1.1``): Optimization's test file rewritten
  (``W2`` is 3 x 2, new mini-batch and velocity inputs); Gradient Checking tests ``x = 3``.

What differs for a checker: what Adam returns, the test inputs, which ``compute_cost`` the
Optimization model's helper has, and whether the decay functions exist. Initialization and
Regularization are the same in all four.

:func:`detect` reads the evidence a file carries, most telling first: the expected outputs its
markdown prints (what the student's grader compared with), the modules it imports, the template's
lines, the signatures and return statements of its functions, its file name. Each clue narrows the
editions the earlier ones left; a clue that would leave none is contradicted (the evidence is
mixed) and set aside.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from dnnstep.course2 import editions as course_editions
from dnnstep.course2.editions import since
from dnnstep.homework.course2.assignments import ASSIGNMENTS
from dnnstep.homework.reading.editions import Clue, _functions, _parts


@dataclass(frozen=True)
class Edition:
    """One edition of Course 2's notebooks (:mod:`dnnstep.course2.editions`), as far as a checker must know it.

    Attributes:
        key: ``"2017"``, ``"2019"``, ``"2021"`` or ``"2023"`` (the reference's names).
        label: how people name it (``"2019-20"``).
    """

    key: str
    label: str

    @property
    def name(self) -> str:
        return f"the {self.label} edition"

    @property
    def adam_returns_corrected(self) -> bool:
        """``update_parameters_with_adam`` returns ``v_corrected, s_corrected`` too."""
        return since(self.key, "2021")

    @property
    def decay(self) -> bool:
        """The notebook has ``update_lr`` and ``schedule_lr_decay``."""
        return since(self.key, "2021")

    @property
    def tests(self) -> str:
        """``"A"`` (2017 to 2022) or ``"B"`` (2023 on): which of the test files Optimization and Gradient Checking use."""
        return "B" if since(self.key, "2023") else "A"


_LABELS = {"2019": "2019-20"}
#: Oldest first.
EDITIONS = tuple(Edition(key, _LABELS.get(key, key)) for key in course_editions.EDITIONS)
E2017, E2019, E2021, E2023 = EDITIONS
BY_KEY = {e.key: e for e in EDITIONS}
#: The edition a file with no evidence is taken to follow.
CURRENT = BY_KEY[course_editions.CURRENT]


def _keys(*editions: Edition) -> frozenset[str]:
    return frozenset(e.key for e in editions)


OLD, NEW = _keys(E2017, E2019), _keys(E2021, E2023)
TESTS_A = _keys(E2017, E2019, E2021)

#: Expected outputs printed in a notebook's markdown: (pattern, what, editions). What the student's grader used.
EXPECTED = (
    (r"2\.9193358103083e-10", "the expected gradient_check difference 2.9193358103083e-10", OLD),
    (r"0\.285093156781(?!\d)", "the expected gradient_check_n difference 0.285093156781", OLD),
    (r"7\.814075313343006e-11|dtheta = 3\b", "the expected gradient_check(3, 4) (x = 3)", _keys(E2023)),
    (r"1\.63178673", "the expected Adam W1 1.63178673 (default hyper-parameters)", OLD),
    (r"1\.63942428", "the expected Adam W1 1.63942428 (beta1 = 0.8, beta2 = 0.888)", _keys(E2021)),
    (r"1\.63937725", "the expected Adam W1 1.63937725 (W2 of 3 x 2)", _keys(E2023)),
    (r"1\.63535156", "the expected gradient descent W1 1.63535156 (W2 of 3 x 3)", TESTS_A),
    (r"1\.63312395", "the expected gradient descent W1 1.63312395 (W2 of 3 x 2)", _keys(E2023)),
    (r"1\.62544598", "the expected momentum W1 1.62544598 (W2 of 3 x 3)", TESTS_A),
    (r"1\.62522322", "the expected momentum W1 1.62522322 (W2 of 3 x 2)", _keys(E2023)),
    (r"1\.78648594516(?!\d)", "the expected L2 cost printed as 1.78648594516", OLD),
    (r"0\.3846153846153846", "the expected schedule_lr_decay 0.3846153846153846", NEW),
)

#: Modules a file imports -> the editions whose notebooks import them: ``public_tests``, and the helper modules of
#: the assignments whose editions import different ones (Optimization's ``opt_utils``, ``opt_utils_v1a``).
IMPORTS = {
    "public_tests": NEW,
    **{module: frozenset(editions) for assignment in ASSIGNMENTS for module, editions in assignment.helpers.items()
       if len(editions) < len(EDITIONS)},
}

#: The template's lines, which students keep: (pattern, what, editions, in code or markdown).
TEMPLATE = (
    (r"# YOUR CODE STARTS HERE", "the template's YOUR CODE STARTS HERE markers", NEW, "code"),
    (r"^### v1\.1\s*$", "the template's ### v1.1 cell", _keys(E2023), "code"),
    (r"expected_values\s*=\s*\[0\.2850931567761623", "the in-notebook check of gradient_check_n's difference", NEW,
     "code"),
    (r"\b294912\b", "the in-notebook check of random_mini_batches (294912)", NEW, "code"),
    (r"###\s*Exercise\s+\d+\s*-\s*\w+", "Exercise N - name headings", NEW, "markdown"),
)

#: File names: (pattern, what, editions).
_ = r"[ +_]"  # a space in a file name, as it is saved, downloaded (+) or renamed (_)
FILE_NAMES = (  # searched anywhere in the name: a class folder's files often carry the student's name too
    (rf"Regularization{_}?v2a?\b", "the 2019-20 file name Regularization_v2a", _keys(E2019)),
    (rf"Gradient{_}Checking{_}v1\b", "the 2019-20 file name Gradient Checking v1", _keys(E2019)),
    (r"Gradient[ +]Checking\.ipynb$", "the 2017 file name Gradient Checking.ipynb", _keys(E2017)),
    (r"Gradient_Checking\.ipynb$", "the 2021 file name Gradient_Checking.ipynb", NEW),
    (r"Optimization[ +]methods\.ipynb$", "the 2017 file name Optimization methods.ipynb", _keys(E2017)),
    (rf"Optimization{_}methods{_}v1b?\b", "the 2019-20 file name Optimization_methods_v1b", _keys(E2019)),
    (r"Optimization_methods\.ipynb$", "the 2021 file name Optimization_methods.ipynb", NEW),
)


@dataclass(frozen=True)
class Detection:
    """Which Course 2 edition a file follows, and why.

    Attributes:
        candidates: the editions the evidence leaves, oldest first (one: decided; several: the evidence does
            not tell them apart; every edition: no evidence).
        clues: the evidence that narrowed them, most telling first.
        contradicted: clues that pointed elsewhere and were set aside.
    """

    candidates: tuple[Edition, ...]
    clues: tuple[Clue, ...]
    contradicted: tuple[Clue, ...] = ()

    @property
    def edition(self) -> Edition:
        """The newest of the candidates: the edition the file is taken to follow where nothing else decides."""
        return self.candidates[-1]

    @property
    def decided(self) -> bool:
        return len(self.candidates) == 1

    @property
    def mixed(self) -> bool:
        return bool(self.contradicted)

    def differ(self, rule) -> tuple[Edition, ...]:
        """The candidates that differ by ``rule`` (a function of an edition), one per value, newest first: the
        ways to judge a function whose contract depends on ``rule`` (one way when the candidates agree)."""
        ways: dict = {}
        for edition in reversed(self.candidates):
            ways.setdefault(rule(edition), edition)
        return tuple(ways.values())

    def evidence(self, limit: int = 3) -> str:
        """``"imports public_tests (2021 or 2023); ..."``."""
        shown = [c.describe() for c in self.clues[:limit]]
        more = len(self.clues) - limit
        return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")

    def to_json(self) -> dict:
        return {
            "edition": self.edition.key,
            "candidates": [e.key for e in self.candidates],
            "decided": self.decided,
            "mixed": self.mixed,
            "evidence": [{"seen": c.seen, "editions": sorted(c.editions)} for c in self.clues],
            "contradicted": [{"seen": c.seen, "editions": sorted(c.editions)} for c in self.contradicted],
        }


def detect(path: str | Path, text: str | None = None) -> Detection:
    """The Course 2 edition the file at ``path`` follows (``text``: its contents, when already read)."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            text = ""
    code, cells, _metadata = _parts(path, text)
    markdown = "\n".join(cells)  # the markdown cells, read as one text
    clues = [Clue(what, editions) for pattern, what, editions in EXPECTED if re.search(pattern, markdown)]
    clues += _import_clues(code)
    clues += [Clue(what, editions) for pattern, what, editions, where in TEMPLATE
              if re.search(pattern, code if where == "code" else markdown, re.MULTILINE)]
    clues += signature_clues(_functions(code))
    clues += [Clue(f"{what} ({path.name})", editions) for pattern, what, editions in FILE_NAMES
              if re.search(pattern, path.name)]
    return narrow(clues)


def detect_homework(homework) -> Detection:
    """:func:`detect` for a loaded homework (a ``HomeworkSource``): its file's, or, for a running kernel's cells (no
    file), theirs."""
    if homework.path.is_file():
        return detect(homework.path)
    return detect(Path("kernel.py"), "\n".join(chunk.original for chunk in homework.chunks))


def narrow(clues: Iterable[Clue]) -> Detection:
    """The editions left by ``clues`` taken in order, each narrowing what the earlier ones left; a clue that would
    leave none is set aside as contradicted."""
    left = [e for e in EDITIONS]
    kept, contradicted = [], []
    for clue in clues:
        narrowed = [e for e in left if e.key in clue.editions]
        if narrowed:
            left = narrowed
            kept.append(clue)
        else:
            contradicted.append(clue)
    return Detection(tuple(left), tuple(kept), tuple(contradicted))


def _import_clues(code: str) -> list[Clue]:
    seen = []
    for match in re.finditer(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", code, re.MULTILINE):
        module = (match.group(1) or match.group(2)).split(".")[-1]
        if module in IMPORTS and module not in seen:
            seen.append(module)
    return [Clue(f"imports {module}", IMPORTS[module]) for module in seen]


def signature_clues(functions: list[ast.FunctionDef]) -> list[Clue]:
    """What the signatures and return statements of the edition-dependent functions say."""
    clues = []
    for node in functions:
        params = [a.arg for a in node.args.args]
        if node.name in ("gradient_check", "gradient_check_n"):
            clues.append(Clue(f"{node.name}(..., print_msg)", NEW) if "print_msg" in params
                         else Clue(f"{node.name} without print_msg", OLD))
        elif node.name == "update_parameters_with_adam":
            sizes = {len(r.value.elts) for r in ast.walk(node)
                     if isinstance(r, ast.Return) and isinstance(r.value, ast.Tuple)}
            if sizes == {5}:
                clues.append(Clue("update_parameters_with_adam returns 5 values", NEW))
            elif sizes == {3}:
                clues.append(Clue("update_parameters_with_adam returns (parameters, v, s)", OLD))
        elif node.name in ("update_lr", "schedule_lr_decay"):
            clues.append(Clue(f"defines {node.name}", NEW))
        elif node.name == "model" and "optimizer" in params:
            clues.extend(_optimization_model_clues(node))
    return clues


def _optimization_model_clues(node: ast.FunctionDef) -> list[Clue]:
    clues = []
    defaults = dict(zip([a.arg for a in node.args.args][-len(node.args.defaults):], node.args.defaults)) \
        if node.args.defaults else {}
    epochs = defaults.get("num_epochs")
    if isinstance(epochs, ast.Constant) and epochs.value in (10000, 5000):
        clues.append(Clue(f"model(..., num_epochs = {epochs.value})", OLD if epochs.value == 10000 else NEW))
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    if "cost_total" in names:
        clues.append(Clue("model averages the cost over the epoch (cost_total)", _keys(E2019, E2021, E2023)))
    return clues
