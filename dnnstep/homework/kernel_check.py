"""Checking the homework in a running notebook: ``dnnstep.check(globals())`` in a cell.

The graded functions are read from the kernel as it is now, not from a saved file: each
function's source as IPython keeps it (``inspect.getsource``, which finds a cell's code
through ``linecache``; else the kernel's ``In`` history), placed at its own line of its
cell so that a traceback reads ``cell [7], line 4, in linear_backward``. What the
functions use from the kernel travels as code: ``import numpy as np`` for a module,
``from dnn_utils import relu`` for an imported function, ``EPS = 1e-08`` for a plain
value, and the source of the student's own helpers. Those cells are then checked exactly
as ``dnnstep check`` checks a notebook file: in a separate process, with the same time
limits and the same report.

:class:`KernelReport` shows itself in Jupyter (HTML), as text (``str()``), and gives the
``--json`` record (``to_dict()``).
"""

from __future__ import annotations

import ast
import builtins
import dis
import html
import inspect
import json
import shlex
import sys
import textwrap
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dnnstep.homework.course2.assignments import FUNCTION_NAMES as COURSE2_FUNCTIONS
from dnnstep.homework.course2.helper_modules import COURSE_FILES as COURSE2_MODULES
from dnnstep.homework.reading.source import GRADED, HELPERS

#: Names IPython puts in a kernel's namespace; never the homework's.
KERNEL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})
#: What the report calls a kernel whose notebook's path it does not know.
UNSAVED = "the running kernel"
#: Modules whose names in a kernel tell the course edition (the helper and test modules).
COURSE_MODULE_PREFIXES = ("dnn_utils", "dnn_app_utils", "testCases", "public_tests", "test_utils", *COURSE2_MODULES)


@dataclass
class KernelCell:
    """Code taken from the kernel: ``where`` for people (``"cell [7]"``), ``source`` with the cell's line numbers."""

    where: str
    source: str


@dataclass
class KernelSource:
    """The kernel's homework as cells, ready to be checked like a notebook's, and notes on what could not travel."""

    cells: list[KernelCell]
    functions: list[str]
    notes: list[str] = field(default_factory=list)


def kernel_source(namespace: dict[str, Any]) -> KernelSource:
    """The graded functions defined in ``namespace`` (a kernel's ``globals()``) and what they use, as cells."""
    module = namespace.get("__name__", "__main__")
    history = _history(namespace)
    own = {name: value for name, value in namespace.items()
           if isinstance(value, types.FunctionType) and value.__module__ == module and not name.startswith("_")}
    wanted = [name for name in dict.fromkeys((*GRADED, *HELPERS, *COURSE2_FUNCTIONS)) if name in own]
    cells: list[KernelCell] = []
    imports: list[str] = []
    notes: list[str] = []
    done: set[str] = set()
    found: list[str] = []
    queue = list(wanted)
    while queue:
        name = queue.pop(0)
        if name in done:
            continue
        done.add(name)
        if name in own:
            cell = _function_cell(name, own[name], history)
            if cell is None:
                notes.append(f"the source of {name} cannot be found (neither by inspect nor in the kernel's "
                             "history); it is not checked")
                continue
            cells.append(cell)
            found.append(name)
            queue.extend(sorted(_global_names(own[name].__code__) - done))
        elif name in namespace and name not in KERNEL_NAMES:
            line = _as_code(name, namespace[name])
            if line is None:
                notes.append(f"{name} is a {type(namespace[name]).__name__} that exists only in the kernel; "
                             "the check's process does not have it")
            else:
                imports.append(line)
    imports.extend(_course_imports(namespace, done))
    if imports:  # modules first, then names from modules, then plain values
        ordered = sorted(dict.fromkeys(imports), key=lambda line: (not line.startswith("import "),
                                                                   not line.startswith("from "), line))
        cells.insert(0, KernelCell("the kernel's imports", "\n".join(ordered) + "\n"))
    return KernelSource(cells, [n for n in wanted if n in found], notes)


def _history(namespace: dict[str, Any]) -> list[str]:
    """The kernel's input history (``In``; ``In[n]`` is cell ``[n]``), or ``[]`` outside IPython."""
    history = namespace.get("In", namespace.get("_ih"))
    return list(history) if isinstance(history, list) and all(isinstance(c, str) for c in history) else []


def _function_cell(name: str, function: types.FunctionType, history: list[str]) -> KernelCell | None:
    """The function's source, at its line of its cell, and the cell's number when the history has it."""
    try:
        lines, first = inspect.getsourcelines(function)
        source = "".join(lines)
    except (OSError, TypeError):
        source, first = _from_history(name, history)
        if source is None:
            return None
    source = textwrap.dedent(source)
    number = next((n for n in range(len(history) - 1, 0, -1) if source.strip() in history[n]), None)
    if number is not None:
        where = f"cell [{number}]"
    else:
        filename = function.__code__.co_filename
        where = filename if not filename.startswith("<") else f"the kernel ({name})"
    return KernelCell(where, "\n" * (max(first, 1) - 1) + source)


def _from_history(name: str, history: list[str]) -> tuple[str | None, int]:
    """The last definition of ``name`` in the history, and its first line in its cell."""
    for cell in reversed(history):
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in reversed(tree.body):
            if isinstance(node, ast.FunctionDef) and node.name == name:
                first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                lines = cell.splitlines(keepends=True)[first - 1:node.end_lineno]
                return "".join(lines), first
    return None, 0


def _global_names(code: types.CodeType) -> set[str]:
    """The global names a function's code (with its comprehensions and inner functions) reads: those its
    bytecode loads as globals, not its attributes (``A.T``, ``np.dot``) or its locals."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names - set(dir(builtins))


def _as_code(name: str, value: Any) -> str | None:
    """A line of code that gives ``name`` its value in a fresh process, or ``None``."""
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}"
    origin = _importable(value)
    if origin is not None:
        module, attribute = origin
        return f"from {module} import {attribute}" + (f" as {name}" if attribute != name else "")
    try:
        text = repr(value)
        if ast.literal_eval(text) == value and type(ast.literal_eval(text)) is type(value):
            return f"{name} = {text}"
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    return None


def _importable(value: Any) -> tuple[str, str] | None:
    """``(module, name)`` when ``from module import name`` gives ``value`` (a function or class of a module)."""
    module = getattr(value, "__module__", None)
    if not isinstance(module, str) or module in ("__main__", "builtins") or module not in sys.modules:
        return None
    for attribute in (getattr(value, "__qualname__", None), getattr(value, "__name__", None)):
        if isinstance(attribute, str) and "." not in attribute and "<" not in attribute:
            found = getattr(sys.modules[module], attribute, None)
            try:
                if found is value or (found is not None and found == value):
                    return module, attribute
            except Exception:  # noqa: BLE001 - an odd __eq__
                continue
    return None


def _course_imports(namespace: dict[str, Any], done: set[str]) -> list[str]:
    """Imports of the course's helper and test modules found in the kernel: they tell the edition."""
    lines = []
    for name, value in namespace.items():
        if name in done or name.startswith("_") or name in KERNEL_NAMES:
            continue
        module = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
        if isinstance(module, str) and module.startswith(COURSE_MODULE_PREFIXES):
            line = _as_code(name, value)
            if line is not None:
                lines.append(line)
    return lines


def check(namespace: dict[str, Any] | None = None, *, scenarios=None, timeout: float | None = None,
          iterations: int | None = None, data_dir=None) -> "KernelReport":
    """Check the graded functions defined in a running kernel, as ``dnnstep check`` checks a file.

    In a notebook cell: ``dnnstep.check(globals())`` (``dnnstep.check()`` reads the caller's globals).
    ``scenarios``, ``timeout``, ``iterations`` and ``data_dir`` are ``dnnstep check``'s
    ``--scenario``, ``--timeout``, ``--iterations`` and ``--data``. Never raises for what the
    homework does: the report says it.
    """
    from dnnstep.homework.checking import DEFAULT_ITERATIONS, check_source
    from dnnstep.homework.reading.source import HomeworkLoadError, homework_from_cells
    from dnnstep.homework.running.process import DEFAULT_TIMEOUT
    from dnnstep.scenario import ScenarioError

    if namespace is None:
        namespace = sys._getframe(1).f_globals
    source = kernel_source(namespace)
    if not source.functions:
        return KernelReport(message="this kernel defines none of the graded functions (" + ", ".join(GRADED) +
                            "); run the cells that define them first", exit_status=1)
    try:
        homework = homework_from_cells(kernel_path(namespace), [(c.where, c.source) for c in source.cells],
                                       source.notes)
        report = check_source(homework, scenario_names=scenarios, data_dir=data_dir,
                              timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                              iterations=DEFAULT_ITERATIONS if iterations is None else max(1, iterations))
    except (HomeworkLoadError, ScenarioError) as error:
        return KernelReport(message=str(error), exit_status=2)
    if homework.path.name == UNSAVED:
        report.path = UNSAVED  # no notebook is known: the kernel is named as what it is, not as a file in its folder
    return KernelReport(report)


def kernel_path(namespace: dict[str, Any]) -> Path:
    """What the report calls the kernel: its notebook's path when the kernel knows it (``__session__``),
    else the kernel's folder; the homework's process runs in that folder, as the kernel does."""
    session = namespace.get("__session__")
    if isinstance(session, str) and session.endswith(".ipynb"):
        return Path(session) if Path(session).is_absolute() else Path.cwd() / Path(session).name
    return Path.cwd() / UNSAVED


class KernelReport:
    """What ``dnnstep.check(globals())`` returns: the check's report, shown in Jupyter.

    Attributes:
        ok: True when every graded function the kernel defines matches (and its pipeline does).
        report: the :class:`~dnnstep.homework.reporting.findings.CheckReport`, or ``None`` when nothing could be checked.
        message: why nothing could be checked.
    """

    def __init__(self, report=None, message: str = "", exit_status: int = 1):
        self.report = report
        self.message = message
        self._exit_status = exit_status

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    def __str__(self) -> str:
        if self.report is None:
            return f"dnnstep check: {self.message}\n"
        from dnnstep.homework.reporting.report import render

        text = render(self.report)
        path = self.report.path
        named = UNSAVED if path == UNSAVED else f"{UNSAVED}, of {path}"
        text = text.replace(f"dnnstep check {path}", f"dnnstep.check(globals()): {named}", 1)
        if path == UNSAVED:  # the debugger needs a file: the notebook, once it is saved
            text = text.replace(f"dnnstep --homework {shlex.quote(path)} ", "dnnstep --homework YOUR_NOTEBOOK.ipynb ")
        return text

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """The report as ``dnnstep check --json`` gives it."""
        if self.report is None:
            return {"path": UNSAVED, "ok": False, "exit_status": self._exit_status,
                    "message": self.message, "functions": [], "pipelines": [], "notes": []}
        from dnnstep.homework.reporting.report import to_json

        return json.loads(to_json(self.report))

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#cf222e"
        lines = str(self).rstrip("\n").splitlines()
        body = "\n".join(_html_line(line) for line in lines[:-1])
        last = html.escape(lines[-1]) if lines else ""
        return (f'<pre style="white-space: pre-wrap">{body}\n'
                f'<b style="color: {colour}">{last}</b></pre>')


def _html_line(line: str) -> str:
    text = html.escape(line)
    for word, colour in (("PASS", "#1a7f37"), ("FAIL", "#cf222e"), ("ERROR", "#cf222e"), ("TIMEOUT", "#cf222e"),
                         ("CRASH", "#cf222e"), ("EXIT", "#cf222e"), ("hint:", "#9a6700")):
        stripped = text.lstrip()
        if stripped.startswith(word):
            indent = text[:len(text) - len(stripped)]
            return f'{indent}<b style="color: {colour}">{word}</b>{stripped[len(word):]}'
    return text
