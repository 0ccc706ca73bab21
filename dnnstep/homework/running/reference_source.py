"""The reference as text: what the homework's process gets of :mod:`dnnstep.course`, and how a copy is known.

The homework's process never imports :mod:`dnnstep.course` (a homework could reach the module, its
functions or their code there, and call the reference in place of its own). What it needs of the course
travels as the text of the course's statements, each a :data:`Piece`, run in the namespace where it is
needed: the helpers (``sigmoid``, ...) a homework uses without importing them, the graded functions it
does not define (fill-ins), the course's helper modules it imports, and for one call the reference's
version of a function that failed (a stand-in, run in a throwaway fork of the process). A graded function
the homework defines is never sent, except as a stand-in into such a fork. Each piece comes with what it
reads (the imports, the module's private helpers and constants), in the order they must run.

The text keeps its place in ``course.py`` (file name and line), so a traceback through a course helper
reads as before. :func:`copied_functions` tells which graded functions of a homework are the reference's
own code (the same syntax tree, names aside).
"""

from __future__ import annotations

import ast
import copy
import functools
import inspect

from dnnstep import course

#: A piece of the course's text: ``{"name", "filename", "line", "text", "reads"}``; ``text`` starts at ``line``
#: of ``filename`` and, run, binds ``name``; it reads the module's names ``reads``.
Piece = dict


@functools.cache
def _statements() -> dict[str, tuple[Piece, frozenset[str]]]:
    """Every name ``course.py`` binds at its top level -> (its statement as a piece, the module's names it reads)."""
    text = inspect.getsource(course)
    filename = inspect.getsourcefile(course)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    bound: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            for alias in node.names:
                bound[(alias.asname or alias.name).split(".")[0]] = node
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    bound[target.id] = node
    statements = {}
    for name, node in bound.items():
        reads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        reads = frozenset(reads & bound.keys() - {name})
        piece = {"name": name, "filename": filename, "line": node.lineno,
                 "text": "".join(lines[node.lineno - 1:node.end_lineno]), "reads": sorted(reads)}
        statements[name] = (piece, reads)
    return statements


def pieces(names, without=()) -> list[Piece]:
    """The pieces that bind ``names`` (course names), each after what it reads; each statement once; none that
    binds a name of ``without`` (the homework's own functions: the reference's stay out of its process)."""
    statements = _statements()
    ordered: list[Piece] = []
    seen: set[str] = set(without) - set(names)

    def add(name: str) -> None:
        if name in seen or name not in statements:
            return
        seen.add(name)
        piece, reads = statements[name]
        for needed in sorted(reads):
            add(needed)
        ordered.append(piece)

    for name in names:
        add(name)
    return ordered


def extra(name: str, text: str, module: str) -> Piece:
    """A piece that is not in ``course.py`` (a course module's own lines), named after ``module``."""
    return {"name": name, "filename": f"<{module}, supplied by dnnstep>", "line": 1, "text": text, "reads": []}


def source_of(function) -> Piece:
    """A function of dnnstep's (not the course's) as a piece: for what a supplied module adds."""
    text = inspect.getsource(function)
    return {"name": function.__name__, "filename": inspect.getsourcefile(function),
            "line": function.__code__.co_firstlineno, "text": text, "reads": []}


# -- a graded function that is the reference's own code ------------------------------------------------


class _Names(ast.NodeTransformer):
    """Renames every variable and argument by the order it first appears: the code without its names."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._name(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        return ast.copy_location(ast.arg(arg=self._name(node.arg)), node)

    def visit_FunctionDef(self, node):
        node.name = "f"
        node.returns = None
        self.generic_visit(node)
        return node


def shape_of(function: ast.FunctionDef) -> str:
    """``function``'s syntax tree with its names taken out (variables, arguments and its own name), as text."""
    return ast.dump(_Names().visit(copy.deepcopy(function)), annotate_fields=False)


@functools.cache
def _reference_functions() -> dict[str, ast.FunctionDef]:
    found = {}
    for name, (piece, _) in _statements().items():
        node = ast.parse(piece["text"]).body[0]
        if isinstance(node, ast.FunctionDef):
            found[name] = node
    return found


@functools.cache
def _reference_shape(name: str) -> str:
    return shape_of(_reference_functions()[name])


def parsed(chunks):
    """``(chunk, its syntax tree)`` for each of a homework's ``chunks`` that parses."""
    for chunk in chunks:
        try:
            yield chunk, ast.parse(chunk.source)
        except SyntaxError:
            continue


def copied_functions(chunks, graded) -> list[str]:
    """The functions of ``graded`` whose definition in ``chunks`` (a homework's) is the reference's own code:
    the same syntax tree as in ``course.py``, its docstring included, whatever its names."""
    references = _reference_functions()
    found = []
    for _, tree in parsed(chunks):
        for node in tree.body:
            reference = references.get(getattr(node, "name", None)) if isinstance(node, ast.FunctionDef) else None
            if reference is None or node.name not in graded or node.name in found:
                continue
            if ast.get_docstring(node, clean=False) != ast.get_docstring(reference, clean=False):
                continue  # dnnstep's docstrings are its own: a different one is not a copy of its code
            if shape_of(node) == _reference_shape(node.name):
                found.append(node.name)
    return found


def uses_of_imports(chunks, graded) -> list[dict]:
    """The graded functions of ``chunks`` that use a name the homework imports from dnnstep (``from dnnstep.course
    import L_model_backward as ref``; such an import fails in the homework's process and is skipped): what the
    worker reports of an attempt made during a call, ``{"function", "what", "where"}``, found in the text."""
    imported: dict[str, str] = {}  # name bound -> where and what
    functions: list[tuple[ast.FunctionDef, str]] = []
    for chunk, tree in parsed(chunks):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.partition(".")[0].lower() == "dnnstep":
                        imported[alias.asname or alias.name.partition(".")[0]] = (
                            f"imports {alias.name} ({chunk.where}, line {node.lineno})")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").partition(".")[0].lower() == "dnnstep":
                for alias in node.names:
                    imported[alias.asname or alias.name] = (
                        f"imports {alias.name} from {node.module} ({chunk.where}, line {node.lineno})")
        functions += [(node, chunk.where) for node in tree.body
                      if isinstance(node, ast.FunctionDef) and node.name in graded]
    found = []
    for function, where in functions:
        reads = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        for name in sorted(reads & imported.keys()):
            found.append({"function": function.name, "what": f"uses {name}, which it {imported[name]}", "where": ""})
    return found
