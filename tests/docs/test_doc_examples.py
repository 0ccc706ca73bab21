"""Every example of output in the README and docs/ is what its command prints today.

An example is a fenced block whose first line is a command, ``$ dnnstep ...``; the lines
after it, up to the next ``$`` line or the block's end, are what the command prints (standard
output and standard error, as a terminal shows them). Each command runs, as written, in a
folder laid out from the test fixtures (``EXAMPLE_FILES``: the class of ``docs/homework.md``
and the README); its output is compared line by line, where a line ``...`` in the example
stands for any number of lines (the example shows a part of the output). No example in the
docs goes unchecked: a ``$ dnnstep`` block is found wherever it is written.

When an output changes on purpose, regenerate the examples and read the diff::

    DNNSTEP_UPDATE_DOCS=1 python -m pytest tests/docs/test_doc_examples.py
    git diff README.md docs/

Regenerating writes the whole output, except that lines naming this machine's paths (the
repository, the temporary folder) become ``...``; trim an example by hand with ``...`` lines.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "homework" / "fixtures"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
UPDATE = os.environ.get("DNNSTEP_UPDATE_DOCS") == "1"

#: The files the examples name, as fixtures: a class of seven with one known mistake each.
EXAMPLE_FILES = {
    "class/alice.ipynb": "correct.ipynb",
    "class/bob.py": "missing_1_over_m.py",
    "class/carol.ipynb": "db_wrong_axis.ipynb",
    "class/dan.py": "hang.py",
    "class/erin.py": "crash.py",
    "class/frank.ipynb": "missing_1_over_m.ipynb",
    "class/grace.py": "dW_transposed.py",
    "Building your Deep Neural Network - Step by Step v5.ipynb":
        "../editions/2017/Building your Deep Neural Network - Step by Step v5.ipynb",
    "Optimization_methods.py": "../course2/fixtures/mistakes/adam_epsilon_inside.py",  # Course 2
}

#: Files the examples name that are written here: a scenario whose training overflows.
EXAMPLE_TEXTS = {
    "overflow.toml": ('title = "a learning rate that overflows"\n[network]\nlayer_dims = [2, 3, 1]\n'
                      '[training]\nlearning_rate = 1e308\nnum_iterations = 5\n[data]\ngenerator = "blobs"\nm = 20\n'),
}

_FENCE = re.compile(r"^```[\w-]*\s*$")


@dataclass
class Example:
    """One ``$ dnnstep ...`` command of a document and the output it shows (lines ``first..end``)."""

    document: Path
    command: str
    expected: list[str]
    first: int  # the line index of the first output line in the document
    end: int  # one past the last

    @property
    def id(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.first}: {self.command[:60]}"


def examples(document: Path) -> list[Example]:
    """The ``$ dnnstep`` commands of ``document``'s fenced blocks, with their shown output."""
    lines = document.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    inside, command, start = False, None, 0
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            if inside and command is not None:
                found.append(Example(document, command, lines[start:number], start, number))
            inside, command = not inside, None
            continue
        if inside and line.startswith("$ "):
            if command is not None:
                found.append(Example(document, command, lines[start:number], start, number))
            command, start = line[2:], number + 1
    return found


ALL = [example for document in DOCUMENTS for example in examples(document)]


def matches(expected: list[str], actual: list[str]) -> bool:
    """``actual`` as ``expected`` shows it: line for line (trailing spaces aside), ``...`` for any lines."""
    expected = [line.rstrip() for line in expected]
    actual = [line.rstrip() for line in actual]

    def at(e: int, a: int) -> bool:
        if e == len(expected):
            return a == len(actual)
        if expected[e] == "...":
            return any(at(e + 1, k) for k in range(a, len(actual) + 1))
        return a < len(actual) and expected[e] == actual[a] and at(e + 1, a + 1)

    return at(0, 0)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    place = tmp_path_factory.mktemp("examples")
    for name, fixture in EXAMPLE_FILES.items():
        (place / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / fixture, place / name)
    for name, text in EXAMPLE_TEXTS.items():
        (place / name).write_text(text, encoding="utf-8")
    _cache(place).mkdir()
    return place


def _cache(folder: Path) -> Path:
    """Where the examples' class checks keep their results: beside the folder, never in the user's cache."""
    return folder.with_name(folder.name + "-cache")


def run(command: str, folder: Path) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "dnnstep", f"an example runs dnnstep, not {words[0]}"
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "XDG_CACHE_HOME": str(_cache(folder))}
    done = subprocess.run([sys.executable, "-m", "dnnstep", *words[1:]], cwd=folder, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return done.stdout.splitlines()


def test_the_docs_have_examples():
    # the README's class report and the gradient check of docs/expect.md at least
    documents = {example.document.name for example in ALL}
    assert {"README.md", "expect.md", "homework.md"} <= documents


@pytest.mark.parametrize("example", ALL, ids=[example.id for example in ALL])
def test_an_example_is_what_its_command_prints(example, folder):
    actual = run(example.command, folder)
    if UPDATE:
        _update(example, actual, folder)
        return
    assert matches(example.expected, actual), (
        f"{example.id} shows:\n" + "\n".join(example.expected) + "\n\nbut the command prints:\n" + "\n".join(actual))


def test_the_matching_reads_ellipses():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "..."], ["b"])


def _update(example: Example, actual: list[str], folder: Path) -> None:
    """Write ``actual`` into the document in place of the example's output (machine paths as ``...``)."""
    machine = (str(ROOT), str(folder), str(folder.resolve()))
    shown: list[str] = []
    for line in actual:
        line = "..." if any(part in line for part in machine) else line
        if not (line == "..." and shown and shown[-1] == "..."):
            shown.append(line)
    lines = example.document.read_text(encoding="utf-8").splitlines()
    first = lines.index(f"$ {example.command}") + 1  # found again: an earlier update may have moved it
    end = next(k for k in range(first, len(lines)) if _FENCE.match(lines[k]) or lines[k].startswith("$ "))
    lines[first:end] = shown
    example.document.write_text("\n".join(lines) + "\n", encoding="utf-8")
