"""Write Course 2's homework fixtures: a correct homework per assignment and edition, and one per mistake.

    python tests/homework/course2/make_fixtures.py

``fixtures/<edition>/<assignment>.py`` is ``bases/<assignment>.py`` (the 2021 homework) with that edition's
changes (``editions.py``); ``fixtures/<edition>/<notebook name>.ipynb`` is the same laid out as that
edition's notebook, with its expected outputs in markdown. ``fixtures/mistakes/<name>.py`` is the 2021
homework with the replacements of its entry in ``mistakes.py``. A test checks that the committed files are
what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
BASES = HERE / "bases"
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for running this file as a script

# by their package's name: week 4's tests/homework/mistakes.py is imported as plain "mistakes"
from tests.homework.course2.editions import AFTER, EDITION_CHANGES, EDITIONS, EXPECTED, FILE_NAMES  # noqa: E402
from tests.homework.course2.mistakes import MISTAKES  # noqa: E402

ASSIGNMENTS = ("initialization", "regularization", "gradient_checking", "optimization")
MAGICS = "%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n"


def replaced(text: str, replacements, what: str) -> str:
    """``text`` with each ``(old, new, count)`` replaced; ``old`` must occur ``count`` times (``None``: at least once)."""
    for old, new, count in replacements:
        found = text.count(old)
        if (count is None and found == 0) or (count is not None and found != count):
            raise SystemExit(f"{what}: {old!r} occurs {found} times, expected {count}")
        text = text.replace(old, new)
    return text


def edition_text(assignment: str, edition: str) -> str:
    text = replaced((BASES / f"{assignment}.py").read_text(), EDITION_CHANGES[assignment][edition],
                    f"{assignment} {edition}")
    text = AFTER.get((assignment, edition), lambda t: t)(text)
    return text.replace("a correct homework written", f"a correct homework of the {edition} edition written", 1)


def mistaken(mistake) -> str:
    text = replaced((BASES / f"{mistake.assignment}.py").read_text(), mistake.replacements, mistake.name)
    body = text.split("\n", 1)[1]
    return f"# A Course 2 homework with one mistake ({mistake.name}), a fixture of dnnstep's tests:\n" \
           f"# {mistake.description}\n" + body


def notebook(source: str, expected: dict[str, str]) -> dict:
    """The .py homework laid out as the course's notebook (nbformat 4), with ``expected[function]`` printed in the
    markdown cell after the function's test."""
    sections = source.split("\n# GRADED FUNCTION: ")
    preamble, graded = sections[0], sections[1:]
    cells = [_markdown("# " + source.split("\n", 1)[0].split(": ")[1].split(",")[0] + "\n"),
             _code(preamble.split("\n", 1)[1].strip("\n").replace("\nplt.rcParams", "\n" + MAGICS + "plt.rcParams", 1)
                   + "\n")]
    for number, section in enumerate(graded, start=1):
        body, _, test = ("# GRADED FUNCTION: " + section).partition("\n# test\n")
        name = section.split("\n", 1)[0].strip()
        cells.append(_markdown(f"### Exercise {number} - {name}\n" if "YOUR CODE STARTS HERE" in source
                               else f"### 3.{number} - {name}\n\n**Exercise**: implement {name}.\n"))
        cells.append(_code(body.strip("\n") + "\n"))
        if test.strip():
            cells.append(_code(test.strip("\n") + "\n"))
        if name in expected:
            heading = "**Expected output**" if "YOUR CODE STARTS HERE" in source else "**Expected Output**:"
            cells.append(_markdown(f"{heading}\n\n```\n{expected[name]}\n```\n"))
    return {"cells": cells,
            "metadata": {"coursera": {"course_slug": "deep-neural-network", "graded_item_id": "XOESP"},
                         "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python", "version": "3.11"}},
            "nbformat": 4, "nbformat_minor": 4}


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def _code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": text.splitlines(keepends=True)}


def expected_files() -> dict[str, str]:
    """Path under ``fixtures/`` -> contents, for every fixture this script writes."""
    files = {}
    for edition in EDITIONS:
        for assignment in ASSIGNMENTS:
            text = edition_text(assignment, edition)
            files[f"{edition}/{assignment}.py"] = text
            nb = notebook(text, EXPECTED[assignment][edition])
            files[f"{edition}/{FILE_NAMES[assignment][edition]}"] = json.dumps(nb, indent=1) + "\n"
    for mistake in MISTAKES:
        files[f"mistakes/{mistake.name}.py"] = mistaken(mistake)
    return files


def main() -> None:
    files = expected_files()
    for name, text in files.items():
        path = FIXTURES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(files)} fixtures to {FIXTURES}")


if __name__ == "__main__":
    main()
