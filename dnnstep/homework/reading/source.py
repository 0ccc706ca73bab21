"""Reading a homework file: a .py file or a Jupyter notebook, turned into chunks of code to run.

A chunk is the code of a .py file, or of one notebook cell. Only the statements that
define things are kept: imports, ``def``, ``class`` and assignments whose value calls
nothing but functions of imported modules (``EPS = np.finfo(float).eps``; not
``parameters = initialize_parameters(3, 2, 1)``). Everything that would *run* something when the file
is loaded (the course's ``*_test(...)`` calls, prints, plots, training runs, the body of
``if __name__ == "__main__":``) is skipped, and so are IPython magics (``%matplotlib
inline``) and shell escapes (``!pip install ...``). Line numbers are kept, so a
traceback points at the student's file and line, or at "cell N, line K" of a notebook
(cells counted from 1, markdown cells included, top to bottom).
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import re
import sys
import tokenize
from dataclasses import dataclass, field, replace
from pathlib import Path

from dnnstep import course
from dnnstep.homework.course2.assignments import ASSIGNMENTS as COURSE2_ASSIGNMENTS
from dnnstep.homework.course2.assignments import FUNCTION_NAMES as COURSE2_FUNCTIONS, assignments_of
from dnnstep.homework.course2.helper_modules import pasted_helpers
from dnnstep.homework.course2 import editions as course2_editions
from dnnstep.homework.reading.editions import Detection, detect
from dnnstep.homework.reading.helpers import (
    APP_ONLY, STEP_HELPERS, imported_modules, is_application, stand_ins, supplied_helpers,
)
from dnnstep.user_paths import UserPathError, regular_file, shown

#: Helpers the course supplies in dnn_utils; a homework may define its own.
HELPERS = STEP_HELPERS

#: Every graded function dnnstep checks, in course order: ``course.__all__`` without the helpers
#: and the Application's ungraded utilities (its own initialisation, ``predict``).
GRADED = tuple(name for name in course.__all__
               if name not in (*HELPERS, "initialize_parameters_deep_app", "predict"))

#: Each course function's parameter names, in order (``"linear_backward": ("dZ", "cache")``).
PARAMETERS = {name: tuple(inspect.signature(getattr(course, name)).parameters) for name in course.__all__}

#: The graded functions of the course's "Step by Step" assignment (2021), in course order.
STEP_BY_STEP = GRADED[:GRADED.index("two_layer_model")]

#: The graded functions of the course's "Application" assignment.
APPLICATION = GRADED[len(STEP_BY_STEP):]

#: The names a course helper module gives: an import of one of them from a module that is nowhere is an import
#: of the course's helpers.
COURSE_NAMES = frozenset((*course.__all__, *APP_ONLY))

#: Each assignment's name and the functions a check reports on for it, in course order: what a class report counts
#: apart (week 4's two, then Course 2's four, ``"Course 2 Optimization Methods (W2A1)"``).
ASSIGNMENTS = {"Step by Step": STEP_BY_STEP, "Application": APPLICATION,
               **{a.name: a.functions for a in COURSE2_ASSIGNMENTS}}

#: Every function a check reports on, in course order: week 4's graded functions, then Course 2's.
CHECKED = tuple(dict.fromkeys(name for functions in ASSIGNMENTS.values() for name in functions))


def assignment_of(function: str) -> str | None:
    """The assignment whose function ``function`` is (``"Step by Step"``), or ``None``: for a name of none, or of
    several (Course 2's ``model``, which its check runs as a model, never alone)."""
    owners = [name for name, functions in ASSIGNMENTS.items() if function in functions]
    return owners[0] if len(owners) == 1 else None


def checked_functions(defined) -> list[str]:
    """The functions a check looks at in a file that defines ``defined``: week 4's graded ones, then those of each
    Course 2 assignment the file is of (a Course 2 file's pasted helpers, ``compute_cost``, are not week 4's)."""
    graded = [name for name in defined if name in GRADED]
    course2 = assignments_of(defined)
    if course2 and pasted_helpers(graded):
        graded = []
    return graded + [name for a in course2 for name in a.functions if name in defined and name not in graded]


_MARKER = re.compile(r"^\s*#\s*GRADED\s+FUNCTION\s*:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
_MAGIC = re.compile(r"^(\s*)(%|!|\w+\s*=\s*[%!])")
_HELP = re.compile(r"^(\s*)[\w.]+\?{1,2}\s*$")
_CELL_MAGIC = re.compile(r"^\s*%%(\w*)")
# cell magics whose body is Python run in the notebook's namespace: the body is kept
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})



#: The largest homework file read (bytes): a course notebook with its outputs (pictures and all) is 1 or 2 MiB.
MAX_FILE_BYTES = 16 * 2**20

#: The most code a homework may hold (characters of a .py file, or of a notebook's code cells together):
#: a course assignment has about 30,000; a check grows with the code, about 4 s a million characters.
MAX_CODE_CHARACTERS = 1_000_000


class HomeworkLoadError(Exception):
    """The homework file cannot be loaded. ``str()`` is one message: what, where, why."""


@dataclass(frozen=True)
class Chunk:
    """The code of a .py file or of one notebook cell, ready to compile.

    Attributes:
        filename: what ``compile`` gets and tracebacks show (unique per chunk).
        where: for people: ``"hw.py"`` or ``"hw.ipynb, cell 7"``.
        source: the code with magics blanked out (same lines as the original).
        original: the code as written, for showing lines in tracebacks.
        keep: the indices of the top-level statements to run.
        graded: the names given by ``# GRADED FUNCTION:`` markers in this chunk.
        skipped_names: ``(name, where)`` for names assigned by statements that are not run
            (``EPS = np.finfo(float).eps`` calls something), to explain a later NameError.
    """

    filename: str
    where: str
    source: str
    original: str
    keep: tuple[int, ...]
    graded: tuple[str, ...] = ()
    skipped_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HomeworkSource:
    """A loaded homework file.

    Attributes:
        path: the file.
        kind: ``"py"`` or ``"ipynb"``.
        chunks: the code to run, in order.
        defined: the graded functions (and course helpers) the kept code defines, in course order.
        notes: things people should know (a broken cell that was skipped, a marker without its function).
        application: the homework is the Application (it defines one of its models, or imports its helpers).
        warnings: what a fresh kernel would do otherwise than the check (a name never imported, supplied).
        evidence: which of week 4's editions the file follows, and why (:func:`~dnnstep.homework.reading.editions.detect`),
            read once when it was loaded; ``None`` for a file of Course 2 alone (its evidence: :attr:`course2_evidence`).
    """

    path: Path
    kind: str
    chunks: tuple[Chunk, ...]
    defined: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    application: bool = False
    warnings: tuple[str, ...] = ()
    evidence: Detection | None = None

    @functools.cached_property
    def course2_evidence(self) -> course2_editions.Detection:
        """Which of Course 2's editions the file follows, and why (:func:`~dnnstep.homework.course2.editions.detect`):
        read once, for the test files its process is sent, the check and the debugger."""
        return course2_editions.detect_homework(self)

    @property
    def week4_evidence(self) -> Detection:
        """:attr:`evidence`, or, for a file of Course 2 alone, week 4's evidence read now."""
        return self.evidence if self.evidence is not None else detect(self.path)

    def skipped_assignment(self, name: str) -> str | None:
        """Where ``name`` is assigned by a statement that is not run, or ``None``."""
        kept = set(self.defined_names())
        if name in kept:
            return None
        for chunk in self.chunks:
            for skipped, where in chunk.skipped_names:
                if skipped == name:
                    return where
        return None

    def function(self, name: str) -> ast.FunctionDef | None:
        """The top-level ``def name`` that the homework runs last (the one in force), or ``None``."""
        found = None
        for chunk in self.chunks:
            tree = ast.parse(chunk.source)
            for i in chunk.keep:
                node = tree.body[i]
                if isinstance(node, ast.FunctionDef) and node.name == name:
                    found = node
        return found

    def defined_names(self) -> set[str]:
        """Every name the kept statements bind at the top level."""
        return bound_names(self.chunks)

    def where(self, filename: str) -> str | None:
        """The people's name of the chunk compiled as ``filename``, or ``None``."""
        for chunk in self.chunks:
            if chunk.filename == filename:
                return chunk.where
        return None


def load_homework(path: str | Path) -> HomeworkSource:
    """Read ``path`` (.py or .ipynb) into a :class:`HomeworkSource`.

    Raises:
        HomeworkLoadError: the file is missing, is neither .py nor .ipynb, is not a
            notebook, or has a syntax error in code that would be run (file and line given).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".py", ".ipynb"):
        raise HomeworkLoadError(
            f"{path}: cannot check this file: expected a Python file (.py) or a Jupyter notebook (.ipynb)"
        )
    try:  # only a regular file is read: a named pipe would wait for a writer for ever
        size = regular_file(path).stat().st_size
    except UserPathError as error:
        raise HomeworkLoadError(str(error)) from None
    if size > MAX_FILE_BYTES:
        raise HomeworkLoadError(f"{shown(path)}: is {size / 2**20:.1f} MiB; dnnstep checks homework files of at most "
                                f"{MAX_FILE_BYTES // 2**20} MiB (a course notebook with its outputs is 1 or 2)")
    try:
        if suffix == ".py":  # as Python reads it: a BOM or a coding line (# -*- coding: latin-1 -*-) is honoured
            with tokenize.open(path) as file:
                text = file.read()
        else:
            text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise HomeworkLoadError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except SyntaxError as error:  # tokenize: an unknown coding, or a BOM with another coding line
        raise HomeworkLoadError(f"{path}: {error.msg}") from None
    except OSError as error:
        raise HomeworkLoadError(f"{path}: cannot read: {error.strerror}") from None
    if suffix == ".py":
        chunk = _chunk(text, filename=str(path), where=str(path), strict=True)
        chunks = [chunk]
        notes: list[str] = []
    else:
        chunks, notes = _notebook_chunks(path, text)
    code = sum(len(chunk.source) for chunk in chunks)
    if code > MAX_CODE_CHARACTERS:
        raise HomeworkLoadError(f"{shown(path)}: holds {code:,} characters of code; dnnstep checks homework of at "
                                f"most {MAX_CODE_CHARACTERS:,} (a course assignment has about 30,000)")
    return _homework(path, suffix[1:], chunks, notes, text)


def homework_from_cells(path: Path, cells: list[tuple[str, str]], notes: list[str] = ()) -> HomeworkSource:
    """A homework made of cells of code that exist in no file: ``(where, source)`` each, read as a
    notebook's cells are (a running kernel's functions, see :mod:`dnnstep.homework.kernel_check`).
    ``path`` names it in the report; the homework's process runs in ``path``'s folder.

    Raises:
        HomeworkLoadError: a cell has a syntax error.
    """
    chunks = [_chunk(source, filename=f"{path} ({where}, #{i})", where=where, strict=True)
              for i, (where, source) in enumerate(cells, start=1)]
    return _homework(Path(path), "ipynb", chunks, list(notes))


def _homework(path: Path, kind: str, chunks: list[Chunk], notes: list[str], text: str | None = None) -> HomeworkSource:
    """The chunks' statements to run chosen, what the homework defines, and the course's helpers standing in
    for a helper module that is nowhere (:mod:`~dnnstep.homework.reading.helpers`); ``text``: the file's, when
    it was read (its edition is told from it, else from the file at ``path``)."""
    trees = [ast.parse(chunk.source) for chunk in chunks]  # once each: a long file is read in linear time
    modules = frozenset().union(*(_module_names(tree) for tree in trees))
    chunks = [_select(chunk, modules, tree) for chunk, tree in zip(chunks, trees)]
    defined = _defined(chunks, trees)
    application = is_application(defined, set().union(*(imported_modules(tree) for tree in trees)))
    warnings, evidence = [], None
    if not course2_only(defined):  # week 4's helper modules stand in for week 4's homework, never for Course 2's
        evidence = detect(path, text)
        edition = evidence.edition
        chunks, found = stand_ins(chunks, trees, path.parent, edition, application, COURSE_NAMES)
        notes.extend(found)
        # a stand-in renames a module on its import's line: the trees still tell what the chunks bind
        chunks, warnings = supplied_helpers(Chunk, chunks, edition, application, bound_names(chunks, trees=trees),
                                            COURSE_NAMES)
    for chunk in chunks:
        for name in chunk.graded:
            if name not in defined:
                notes.append(f"{chunk.where} is marked GRADED FUNCTION: {name} but does not define {name}")
    return HomeworkSource(path=path, kind=kind, chunks=tuple(chunks), defined=defined, notes=tuple(notes),
                          application=application, warnings=tuple(warnings), evidence=evidence)


def course2_only(defined: tuple[str, ...]) -> bool:
    """Whether a file that defines ``defined`` is Course 2's homework alone: it defines functions of Course 2's
    assignments, and of week 4's graded names none but the Course 2 helpers it pasted in."""
    return bool(assignments_of(defined)) and not any(name in GRADED for name in checked_functions(defined))


def _notebook_chunks(path: Path, text: str) -> tuple[list[Chunk], list[str]]:
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise HomeworkLoadError(
            f"{path}: not a Jupyter notebook: invalid JSON at line {error.lineno}, column {error.colno} ({error.msg})"
        ) from None
    except RecursionError:
        raise HomeworkLoadError(f"{path}: not a Jupyter notebook: its JSON is nested too deeply to read "
                                f"(more than about {sys.getrecursionlimit()} brackets in brackets)") from None
    except ValueError as error:  # a number of more than 4300 digits
        raise HomeworkLoadError(f"{path}: not a Jupyter notebook: {error}") from None
    if not isinstance(notebook, dict):
        raise HomeworkLoadError(f"{path}: not a Jupyter notebook: the JSON is not an object with 'cells'")
    cells = notebook.get("cells")
    if cells is None and isinstance(notebook.get("worksheets"), list):  # nbformat 3
        cells = [c for sheet in notebook["worksheets"] if isinstance(sheet, dict)
                 for c in (sheet.get("cells") if isinstance(sheet.get("cells"), list) else [])]
    if not isinstance(cells, list):
        raise HomeworkLoadError(f"{path}: not a Jupyter notebook: no 'cells' list")
    chunks: list[Chunk] = []
    notes: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(str(part) for part in source)
        if not isinstance(source, str):
            raise HomeworkLoadError(f"{path}, cell {number}: the cell's source is not text")
        where = f"{path}, cell {number}"
        magic = _CELL_MAGIC.match(source)
        if magic and magic.group(1) not in PYTHON_CELL_MAGICS:
            continue  # a cell magic (%%writefile, %%bash, ...): not Python
        graded = bool(_MARKER.search(source)) or any(
            re.search(rf"^def\s+{name}\s*\(", source, re.MULTILINE) for name in (*GRADED, *COURSE2_FUNCTIONS)
        )
        try:
            chunks.append(_chunk(source, filename=f"{path} (cell {number})", where=where, strict=graded))
        except HomeworkLoadError as error:
            if graded:
                raise
            notes.append(f"skipped {error} (the cell defines no graded function)")
    return chunks, notes


def _chunk(text: str, *, filename: str, where: str, strict: bool) -> Chunk:
    """Blank out magics, parse, and choose the statements to keep."""
    lines = text.splitlines(keepends=True)
    clean = []
    for line in lines:
        match = _MAGIC.match(line) or _HELP.match(line)
        if match:
            ending = "\n" if line.endswith("\n") else ""
            line = f"{match.group(1)}pass{ending}"
        clean.append(line)
    source = "".join(clean)
    try:
        tree = ast.parse(source, filename=filename)
    except (RecursionError, MemoryError):
        raise HomeworkLoadError(f"{where}: the code is nested too deeply for Python to read (an expression of "
                                "thousands of terms, or brackets in brackets)") from None
    except SyntaxError as error:
        line = f", line {error.lineno}" if error.lineno else ""
        code = (error.text or "").strip()
        shown = f"\n    {code}" if code and strict else ""
        message = f"{where}{line}: {error.__class__.__name__}: {error.msg}{shown}"
        raise HomeworkLoadError(message) from None
    return Chunk(filename=filename, where=where, source=source, original=text, keep=(),
                 graded=tuple(_MARKER.findall(text)))


def _select(chunk: Chunk, modules: frozenset[str], tree: ast.Module) -> Chunk:
    """Choose the statements of ``chunk`` (parsed: ``tree``) to run; ``modules`` are the names bound by ``import X``."""
    where = chunk.where
    keep = tuple(i for i, node in enumerate(tree.body) if _definition(node, modules))
    kept = set(keep)  # a set: ``i not in keep`` on the tuple made a long file's reading quadratic
    skipped = {}
    for i, node in enumerate(tree.body):
        if i not in kept and isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        skipped.setdefault(name.id, f"{where}, line {node.lineno}")
    return replace(chunk, keep=keep, skipped_names=tuple(skipped.items()))


def _module_names(tree: ast.Module) -> set[str]:
    """The names bound by ``import X`` / ``import X as Y`` at the top level (also inside try/if)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    return names


def _module_call(node: ast.Call, modules: frozenset[str]) -> bool:
    """``np.finfo(float)``: a call of an attribute of an imported module."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in modules


def _definition(node: ast.stmt, modules: frozenset[str] = frozenset()) -> bool:
    """True for statements that only define things: imports, defs, classes, and assignments of
    values that call nothing but functions of imported modules (``EPS = np.finfo(float).eps``)."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        plain = all(isinstance(t, (ast.Name, ast.Tuple)) for t in targets)
        value = node.value
        if not plain or value is None:
            return False
        return all(_module_call(n, modules) if isinstance(n, ast.Call) else not isinstance(n, (ast.Await, ast.Yield))
                   for n in ast.walk(value))
    if isinstance(node, ast.Try):
        blocks = [node.body, node.orelse, node.finalbody, *[h.body for h in node.handlers]]
        return all(_definition(n, modules) or isinstance(n, ast.Pass) for block in blocks for n in block)
    if isinstance(node, ast.If):
        test_ok = not any(isinstance(n, ast.Call) for n in ast.walk(node.test))
        if isinstance(node.test, ast.Compare) and any(
            isinstance(n, ast.Name) and n.id == "__name__" for n in ast.walk(node.test)
        ):
            return False  # if __name__ == "__main__": ... runs things
        return test_ok and all(_definition(n, modules) or isinstance(n, ast.Pass) for n in node.body + node.orelse)
    return False


def _defined(chunks: list[Chunk], trees: list[ast.Module]) -> tuple[str, ...]:
    """The graded functions and course helpers the homework itself defines (imports do not count): week 4's, then
    Course 2's."""
    names = bound_names(chunks, imports=False, trees=trees)
    return tuple(n for n in dict.fromkeys((*GRADED, *HELPERS, *COURSE2_FUNCTIONS)) if n in names)


def bound_names(chunks, *, imports: bool = True, trees=None) -> set[str]:
    """The names the kept statements bind: defs, classes, assignments (inside try/if too), and imports.
    ``trees``: the chunks already parsed, one each (else they are parsed here)."""
    names: set[str] = set()

    def visit(node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and imports:
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.If, ast.Try)):
            blocks = [node.body, node.orelse] + (
                [node.finalbody, *[h.body for h in node.handlers]] if isinstance(node, ast.Try) else [])
            for block in blocks:
                for inner in block:
                    visit(inner)

    for chunk, tree in zip(chunks, trees or [ast.parse(chunk.source) for chunk in chunks]):
        for i in chunk.keep:
            visit(tree.body[i])
    return names
