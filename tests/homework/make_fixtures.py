"""Write the homework fixtures: ``fixtures/<mistake>.py`` and a notebook of every .py.

    python tests/homework/make_fixtures.py

Each mistaken homework, and each right one written another way, is ``fixtures/correct.py`` (or
``app_correct.py``) with the replacements of its entry in ``mistakes.py``. Each notebook is laid out like the course's: a title, an import cell with
``%matplotlib inline`` and ``%autoreload``, then per graded function a markdown cell, the
``# GRADED FUNCTION: name`` cell and a cell calling the course's test. A test checks that
the committed files are what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE))

from mistakes import MISTAKES, RIGHT_FILES  # noqa: E402

MAGICS = "%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n"


def mistaken(mistake, correct: str) -> str:
    text = correct
    for old, new, count in mistake.replacements:
        found = text.count(old)
        if found != count:
            raise SystemExit(f"{mistake.name}: {old!r} occurs {found} times, expected {count}")
        text = text.replace(old, new)
    body = text.split("\n", 2)[2]  # drop correct.py's two-line header
    header = (f"# A homework with one mistake ({mistake.name}), a fixture of dnnstep's tests:\n" if mistake in MISTAKES
              else f"# A right homework ({mistake.name}), a fixture of dnnstep's tests:\n")
    return header + f"# {mistake.description}\n" + body


def notebook(source: str) -> dict:
    """The .py homework laid out as the course's notebook (nbformat 4)."""
    sections = source.split("\n# GRADED FUNCTION: ")
    preamble, graded = sections[0], sections[1:]
    cells = [
        _markdown("# Building your Deep Neural Network: Step by Step\n"),
        _code("!pip list | grep numpy\n"),
        _code(preamble.strip("\n").replace("\nplt.rcParams", "\n" + MAGICS + "plt.rcParams") + "\n"),
    ]
    for number, section in enumerate(graded, start=1):
        body, _, test = ("# GRADED FUNCTION: " + section).partition("\n# test\n")
        name = section.split("\n", 1)[0].strip()
        cells.append(_markdown(f"### Exercise {number} - {name}\n"))
        cells.append(_code(body.strip("\n") + "\n"))
        if test.strip():
            cells.append(_code(test.strip("\n") + "\n"))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def _code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": _lines(text)}


def expected_files() -> dict[str, str]:
    """File name -> contents, for every fixture this script writes."""
    bases = {name: (FIXTURES / name).read_text() for name in ("correct.py", "app_correct.py")}
    files = {}
    for mistake in (*MISTAKES, *RIGHT_FILES):
        files[f"{mistake.name}.py"] = mistaken(mistake, bases[mistake.base])
    for name, text in [*bases.items(), *files.items()]:
        files[name.replace(".py", ".ipynb")] = json.dumps(notebook(text), indent=1) + "\n"
    return files


def main() -> None:
    for name, text in expected_files().items():
        (FIXTURES / name).write_text(text)
    print(f"wrote {len(expected_files())} fixtures to {FIXTURES}")


if __name__ == "__main__":
    main()
