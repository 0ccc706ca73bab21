"""The course's helper modules a homework imports, and what stands in for one that is not there.

A notebook imports the course's support files (``dnn_utils``, ``dnn_app_utils_v3``, ``testCases``, ...),
which dnnstep supplies inside the homework's process (:mod:`dnnstep.homework.running.course_modules`).
Students also keep their own copies under other names (``from helper_mthods import *``). Such a module is
looked for beside the homework (in a class folder it often is there: the homework's process finds it
itself), then among what Python can import here; when it is nowhere, the course's helpers of the
homework's assignment and edition stand in for it (the Application's ``dnn_app_utils`` for a file with
``L_layer_model``), the import is run as an import of them, and the report says so in one line.

An import stands in only when it takes everything (``import *``) or names the course's functions: a
missing module of other things (``from my_plots import show``) is skipped with a note, as before.

An Application file whose models call the course's helpers without importing them at all (the import cell
deleted) would raise ``NameError`` in a fresh kernel; the edition's Application helpers are supplied for the
check (not the Step by Step functions dnnstep fills in otherwise, whose initialisation is not the
Application's), with a warning that says so (:func:`supplied_helpers`).
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib.util
import re
import sys
from dataclasses import replace
from pathlib import Path

from dnnstep.homework.reading.editions import Edition
from dnnstep.homework.running.course_modules import ALWAYS_EMPTY, EMPTY_IF_MISSING, course_source, supplied_names

#: The Step by Step's helpers, as ``dnn_utils`` gives them.
STEP_HELPERS = ("sigmoid", "relu", "sigmoid_backward", "relu_backward")
#: What else the Application's helpers give, besides the Step by Step's functions.
APP_ONLY = ("load_data", "predict", "print_mislabeled_images")


def is_application(defined: tuple[str, ...], imported: set[str]) -> bool:
    """Whether a homework is the Application: it defines one of its models, or imports its helpers."""
    return bool({"two_layer_model", "L_layer_model"} & set(defined)) or any(
        m.startswith("dnn_app_utils") for m in imported)


def imported_modules(tree: ast.AST) -> set[str]:
    """The top-level names of the modules ``tree`` imports, in any of its statements (``from dnn_app_utils_v3 import
    *``: dnn_app_utils_v3). Only statements are visited (an import is one): not the expressions, which in a course
    file of test data are most of the tree."""
    found = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module and not node.level:
                found.add(node.module.split(".")[0])
        else:  # the statements inside: blocks, except handlers, match cases
            for block in ("body", "orelse", "finalbody", "handlers", "cases"):
                inner = getattr(node, block, ())
                todo.extend(inner if isinstance(inner, list) else ())
    return found


def supplied(module: str) -> bool:
    """Whether the homework's process gives ``module`` whatever is installed (week 4's course modules, Course 2's
    helper files, the empty ones)."""
    return module in supplied_names() or module in ALWAYS_EMPTY or module in EMPTY_IF_MISSING


#: The largest of the homework's own modules beside it that is read for the course modules it imports (bytes).
MAX_BESIDE_BYTES = 2**20
#: The most files of a package beside the homework read for them.
MAX_BESIDE_FILES = 50


def imported_beside(modules: set[str], folder: Path) -> set[str]:
    """``modules`` (those a homework imports) and the modules that its own modules among them, beside it in
    ``folder``, import in turn (a student's ``my_helpers.py`` that imports ``dnn_utils``): every module the
    homework's process may be asked for by name. Only read here, never run; a file that cannot be read or parsed
    (a named pipe, too large, not Python) is passed over."""
    found, todo = set(modules), sorted(modules)
    while todo:
        module = todo.pop()
        if supplied(module) or not module.isidentifier():
            continue
        for path in _sources_beside(module, folder):
            try:
                if not path.is_file() or path.stat().st_size > MAX_BESIDE_BYTES:  # is_file: not a named pipe
                    continue
                tree = ast.parse(path.read_bytes())
            except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            new = imported_modules(tree) - found
            found |= new
            todo += sorted(new)
    return found


def _sources_beside(module: str, folder: Path) -> list[Path]:
    """The files of ``module`` in ``folder``: ``module.py``, or the ``.py`` files of the package ``module/``."""
    package = folder / module
    try:
        if package.is_dir():
            return sorted(package.glob("*.py"))[:MAX_BESIDE_FILES]
    except OSError:
        return []
    return [folder / f"{module}.py"]


def available(module: str, folder: Path) -> bool:
    """Whether ``import module`` finds it: supplied, beside the homework, in the standard library or installed."""
    if supplied(module) or module in sys.stdlib_module_names:
        return True
    if (folder / f"{module}.py").is_file() or (folder / module).is_dir():
        return True
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def stand_in(node: ast.ImportFrom, edition: Edition, application: bool, course_names: frozenset[str]) -> str | None:
    """The course module that stands in for the missing module of ``from <module> import ...``, or ``None``
    when the import does not take the course's helpers (neither ``*`` nor one of ``course_names``)."""
    names = [a.name for a in node.names]
    star = names == ["*"]
    if not star and not set(names) & course_names:
        return None
    module = node.module.lower()
    if any(n.endswith("_test") for n in names) or (star and "public" in module):
        return "public_tests"
    if (star and "test" in module) or (names and all(n.endswith("_test_case") or n == "print_grads" for n in names)):
        return edition.test_cases
    if not star and set(names) <= set(STEP_HELPERS):
        return edition.step_helpers
    return edition.app_helpers if application else edition.step_helpers


def stand_in_source(source: str, node: ast.ImportFrom, module: str) -> str:
    """``source`` with the module of the import ``node`` replaced by ``module``, on the same line."""
    lines = source.splitlines(keepends=True)
    line = lines[node.lineno - 1]
    pattern = re.compile(rf"\bfrom(\s+){re.escape(node.module)}\b")
    lines[node.lineno - 1] = line[:node.col_offset] + pattern.sub(
        lambda m: f"from{m.group(1)}{module}", line[node.col_offset:], count=1)
    return "".join(lines)


def describe(module: str, used: str, edition: Edition, application: bool) -> str:
    """The one line that says a module was not found and what stood in for it."""
    what = {"public_tests": "the course's public tests", edition.test_cases: "the course's test inputs",
            edition.app_helpers: "the Application's helpers", edition.step_helpers: "the Step by Step's helpers"}
    return (f"{module} is neither beside this file nor installed: dnnstep used the course's {used} in its place "
            f"({what.get(used, 'the course helpers')}, {edition.name})")


def stand_ins(chunks, trees, folder: Path, edition: Edition, application: bool,
              course_names: frozenset[str]) -> tuple[list, list[str]]:
    """``chunks`` (their kept statements chosen; ``trees``: each one parsed) with each import of a missing helper
    module made an import of the course's module that stands in for it, and the notes that say so."""
    done, notes = [], []
    for chunk, tree in zip(chunks, trees):
        source = chunk.source
        for i in chunk.keep:
            for node in ast.walk(tree.body[i]):
                if not (isinstance(node, ast.ImportFrom) and node.module and not node.level and "." not in node.module):
                    continue
                if available(node.module, folder):
                    continue
                used = stand_in(node, edition, application, course_names)
                if used is None:
                    continue
                source = stand_in_source(source, node, used)
                note = describe(node.module, used, edition, application)
                if note not in notes:
                    notes.append(note)
        done.append(replace(chunk, source=source) if source != chunk.source else chunk)
    return done, notes


def unbound_calls(chunks, bound: set[str]) -> dict[str, str]:
    """Name -> the first kept function that reads it, for each global name the homework's functions read that
    no kept statement binds (``bound``) and that is not a builtin."""
    found: dict[str, str] = {}
    for chunk in chunks:
        tree = ast.parse(chunk.source)
        for i in chunk.keep:
            for function in (n for n in ast.walk(tree.body[i]) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
                local = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
                local |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                for node in ast.walk(function):
                    if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local
                            and node.id not in bound and not hasattr(builtins, node.id)):
                        found.setdefault(node.id, function.name)
    return found


def supplied_helpers(chunk_type, chunks, edition: Edition, application: bool, bound: set[str],
                     course_names: frozenset[str]) -> tuple[list, list[str]]:
    """``chunks`` with the edition's Application helpers imported first, when the homework is the Application,
    imports none of its helper modules, and its functions call the course's helpers it never binds; and the
    warning that says so. ``chunk_type`` makes the chunk of that import."""
    if not application or any(m.startswith("dnn_app_utils") for c in chunks for m in imported_modules(ast.parse(c.source))):
        return chunks, []
    missing = {n: user for n, user in unbound_calls(chunks, bound).items() if n in course_names}
    if not missing:
        return chunks, []
    module = edition.app_helpers
    source = f"from {module} import *\n"
    supplied = chunk_type(filename=f"<dnnstep: the course's {module}>", where=f"the course's {module} (supplied by "
                          "dnnstep)", source=source, original=source, keep=(0,))
    names = sorted(missing)
    first = names[0]
    warning = (f"this file never imports or defines {', '.join(names)}: in a fresh kernel {missing[first]} would raise "
               f"NameError: name '{first}' is not defined. dnnstep supplied the course's {module} (the Application's "
               f"helpers, {edition.name}) for this check; add from {module} import *")
    return [supplied, *chunks], [warning]


def provider(chunks, name: str) -> str | None:
    """The course helper module the homework's ``name`` comes from: the last kept ``from dnn_app_utils... import``
    that names it or takes everything (after any stand-in), or ``None``."""
    found = None
    for chunk in chunks:
        tree = ast.parse(chunk.source)
        for i in chunk.keep:
            for node in ast.walk(tree.body[i]):
                if (isinstance(node, ast.ImportFrom) and not node.level and node.module
                        and node.module.startswith("dnn_app_utils")
                        and any(a.name in ("*", name) for a in node.names)):
                    found = node.module
    return found


def imported(chunks, folder=None) -> set[str]:
    """The top-level names of the modules a homework's ``chunks`` import, anywhere in their code, and of those
    its own modules beside it in ``folder`` import (only the course's modules among them are sent to the
    homework's process)."""
    from dnnstep.homework.running.reference_source import parsed  # it imports the reference: only when asked

    names = set().union(*(imported_modules(tree) for _, tree in parsed(chunks)))
    return names if folder is None else imported_beside(names, folder)


def supplied_texts(imported, own: dict[str, str] | None = None) -> dict[str, str]:
    """The course's modules among ``imported`` (module names a homework imports), and those they import in turn,
    for :func:`~dnnstep.homework.running.course_modules.install`: ``{name: the text of its course file}``.
    ``own``: module name -> text, served instead of the supplied module of that name (a package's modules,
    ``dlai_tools.testing_utils``, go with the package)."""
    own = own or {}
    texts: dict[str, str] = {}
    wanted = [name for name in sorted(imported) if name in supplied_names() or name in own]
    while wanted:
        name = wanted.pop()
        if name not in texts:
            texts[name] = own[name] if name in own else course_source(name)
            found = _imports_in(texts[name])
            wanted += sorted(found & supplied_names()) + sorted(
                n for n in own if n in found or n.split(".")[0] == name.split(".")[0])
    return texts


def homework_modules(homework, course2: bool) -> dict[str, str]:
    """The texts of the course's modules ``homework`` imports (:func:`imported`, :func:`supplied_texts`). A homework of
    Course 2 alone (``course2``) gets the test modules of its assignment and edition instead of week 4's
    (:func:`~dnnstep.homework.course2.helper_modules.homework_tests`), and none of week 4's where its assignment has
    none (Initialization's ``testCases``)."""
    names = imported(homework.chunks, homework.path.parent)
    if not course2:
        return supplied_texts(names)
    from dnnstep.homework.course2.helper_modules import TEST_MODULES, homework_tests

    own = homework_tests(homework, names)
    return {name: text for name, text in supplied_texts(names, own).items() if name in own or name not in TEST_MODULES}


@functools.cache
def _imports_in(text: str) -> frozenset[str]:
    """The top-level names of the modules a course file's ``text`` imports."""
    return frozenset(imported_modules(ast.parse(text)))
