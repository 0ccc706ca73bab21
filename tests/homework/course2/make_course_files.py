"""Write the expected outputs of Course 2's supplied ``public_tests`` (``dnnstep/homework/course2/course_files/``).

    python tests/homework/course2/make_course_files.py

Each ``public_tests_<assignment>.py`` holds the student's function to the course's output on each of its inputs;
the outputs are dnnstep's reference (``dnnstep.course2``, which reproduces every output the course publishes) on
those inputs (the file's own ``_inputs``, run with its assignment's ``testCases``), for each edition of the tests
the file has ("A": 2021-2022, run as the 2021 edition; "B": 2023 on), written into the file between its two marker
lines. A test checks that the committed files are what this script writes.
"""

from __future__ import annotations

import copy
import inspect
import io
import sys
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))

from dnnstep.course2 import gradient_checking, initialization, optimization, regularization  # noqa: E402
from dnnstep.homework.course2 import helper_modules  # noqa: E402
from dnnstep.homework.running.course_modules import course_module  # noqa: E402
from tests.homework.make_course_files import BEGIN, END, literal as week4_literal  # noqa: E402

#: Assignment -> the reference's module of its graded functions.
REFERENCES = {"initialization": initialization, "regularization": regularization,
              "gradient_checking": gradient_checking, "optimization": optimization}
#: The reference's edition each edition of the tests is run as.
EDITIONS = {"A": "2021", "B": "2023"}


def literal(value) -> str:
    """As week 4's writer (``tests/homework/make_course_files.py``), booleans written ``dtype=bool`` (numpy 1.x has
    no ``np.bool``)."""
    return week4_literal(value).replace(", dtype=np.bool)", ", dtype=bool)")


def tested(text: str) -> list[str]:
    """The graded functions a public_tests text tests through ``_test`` (``def <name>_test``), in its order."""
    return [line[4:].split("_test(")[0] for line in text.splitlines()
            if line.startswith("def ") and "_test(target)" in line and "_test(target, " not in line]


def outputs(assignment: str, tests: str) -> dict[str, list]:
    """Test name -> the reference's output on each of the file's inputs, for the edition of the tests ``tests``."""
    texts = helper_modules.course_test_files(assignment, tests)
    module = course_module("public_tests", texts)
    edition = EDITIONS[tests]
    state = np.random.get_state()
    found = {}
    try:
        for name in tested(texts["public_tests"]):
            if not hasattr(REFERENCES[assignment], name):
                continue  # predict_test: its expected output is the course's, in the file
            function = getattr(REFERENCES[assignment], name)
            keywords = {"edition": edition} if "edition" in inspect.signature(function).parameters else {}
            with redirect_stdout(io.StringIO()):
                found[name] = [function(*copy.deepcopy(tuple(args)), **keywords) for args in module._inputs(name)]
    finally:
        np.random.set_state(state)
    return found


def expected_text(assignment: str) -> str:
    """The whole of ``assignment``'s public_tests file, its expected outputs written in."""
    editions = ("A", "B") if (assignment, "public_tests") in helper_modules.CHANGED_IN_2023 else ("A",)
    lines = ["_EXPECTED = {\n"]
    for tests in editions:
        lines.append(f"    {tests!r}: {{\n")
        lines += [f"        {name!r}: {literal(value)},\n" for name, value in outputs(assignment, tests).items()]
        lines.append("    },\n")
    lines.append("}\n")
    text = path(assignment).read_text(encoding="utf-8")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    return head + BEGIN + "".join(lines) + END + tail


def path(assignment: str) -> Path:
    return HERE.parents[2] / "dnnstep/homework/course2/course_files" / helper_modules.TEST_FILES[
        assignment, "public_tests"]


def main() -> None:
    for assignment in REFERENCES:
        path(assignment).write_text(expected_text(assignment), encoding="utf-8")
        print(f"wrote the expected outputs of {len(tested(expected_text(assignment)))} tests to {path(assignment)}")


if __name__ == "__main__":
    main()
