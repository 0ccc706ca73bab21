"""The same function handed in by several students: a fingerprint of each graded function's code.

Two functions have the same fingerprint when their syntax trees are the same: comments,
docstrings, blank lines and layout do not count; names, operators and constants do. A class
report groups the students whose wrong function has the same fingerprint ("the same
linear_backward"), which tells a mistake copied from one source, or a template left unfilled,
from mistakes made apart.
"""

from __future__ import annotations

import ast
import hashlib
import re

from dnnstep.homework.reading.source import CHECKED, HomeworkSource, assignment_of

#: What a fingerprint looks like (it is read back from a file's process: anything else is dropped).
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")


def fingerprints(homework: HomeworkSource) -> dict[str, str]:
    """``{function: fingerprint}`` for each graded function the homework defines (its last definition): week 4's and
    Course 2's."""
    found: dict[str, str] = {}
    for chunk in homework.chunks:
        try:
            tree = ast.parse(chunk.source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in CHECKED:
                found[node.name] = fingerprint(node)
    return found


def fingerprint(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The function's syntax tree without its docstring, hashed."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    tree = ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False, include_attributes=False)
    signature = ast.dump(node.args, annotate_fields=False, include_attributes=False)
    return hashlib.sha256(f"{node.name}\0{signature}\0{tree}".encode()).hexdigest()[:16]


def defined_functions(homework: HomeworkSource, limit: int = 8) -> list[str]:
    """The top-level functions and classes the homework defines (at most ``limit``), for people:
    ``["train", "class Network"]``."""
    names: list[str] = []
    for chunk in homework.chunks:
        try:
            tree = ast.parse(chunk.source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.append(node.name)
            elif isinstance(node, ast.ClassDef):
                names.append(f"class {node.name}")
    return list(dict.fromkeys(names))[:limit]


#: The functions that name their assignment (week 4's graded ones, Course 2's but its ``model``), in course order.
_NAMING = tuple(name for name in CHECKED if assignment_of(name))
#: Such a function's definition in a file's text, found without reading the file as Python.
_DEFINITION = re.compile(r"\bdef\s+(" + "|".join(_NAMING) + r")\s*\(")


def graded_in_text(text: str) -> list[str]:
    """The graded functions ``text`` seems to define (``def linear_forward(``), in course order: what a
    file that cannot be loaded or checked was meant to hand in."""
    named = set(_DEFINITION.findall(text))
    return [name for name in _NAMING if name in named]
