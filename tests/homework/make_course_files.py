"""Write the expected outputs of the supplied ``public_tests`` (``dnnstep/homework/running/course_files/``).

    python tests/homework/make_course_files.py

Each test of ``public_tests`` holds the student's function to the course's output on each of its inputs; the
outputs are dnnstep's reference (``dnnstep.course``, which gives every output the course publishes) on those
inputs, written into the file between its two marker lines. A test checks that the committed file is what
this script writes.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

from dnnstep import course  # noqa: E402
from dnnstep.homework.reading.source import GRADED  # noqa: E402
from dnnstep.homework.running.course_modules import COURSE_FILES, course_module  # noqa: E402

PUBLIC_TESTS = COURSE_FILES / "public_tests.py"
BEGIN, END = "# --- expected outputs ---\n", "# --- end of the expected outputs ---\n"
#: The graded functions public_tests tests, in course order: all of them.
TESTED = GRADED


def literal(value) -> str:
    """``value`` (arrays in dicts, tuples and lists) as Python text that makes it again, to the last bit; a
    numpy scalar (the cost) as a 0-d array, as the course writes its expected costs."""
    if isinstance(value, np.generic):
        value = np.array(value)
    if isinstance(value, np.ndarray):
        kind = "" if value.dtype == float else f", dtype=np.{value.dtype}"
        return f"np.array({value.tolist()!r}{kind})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return repr(value)


def expected_text() -> str:
    """The whole of public_tests.py, its expected outputs written in."""
    inputs = course_module("public_tests")._inputs
    state = np.random.get_state()
    try:
        lines = ["_EXPECTED = {\n"]
        for name in TESTED:
            outputs = [getattr(course, name)(*copy.deepcopy(tuple(args))) for args in inputs(name)]
            lines.append(f"    {name!r}: {literal(outputs)},\n")
        lines.append("}\n")
    finally:
        np.random.set_state(state)
    text = PUBLIC_TESTS.read_text()
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    return head + BEGIN + "".join(lines) + END + tail


def main() -> None:
    PUBLIC_TESTS.write_text(expected_text())
    print(f"wrote the expected outputs of {len(TESTED)} tests to {PUBLIC_TESTS}")


if __name__ == "__main__":
    main()
