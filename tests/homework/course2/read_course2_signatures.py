"""Read the signatures of Course 2's public test files into ``course2_signatures.json``.

    python tests/homework/course2/read_course2_signatures.py /work/.mirror

Each assignment's ``testCases.py`` and (2021 on) ``public_tests.py``, read from the public copies named in
``/work/shared/course2/CASES.md`` (section 1), from a local mirror of each repository
(``<mirrors>/<owner>+<name>/repo``, a bare git directory): per file, the functions it defines with their
parameters as the course wrote them, as ``tests/homework/read_course_signatures.py`` reads week 4's.
``test_course2_test_files.py`` holds dnnstep's supplied test files to them. Edition "A" is the tests of
2017-2022 (the 2019-20 ``testCases.py`` are the 2021 ones, byte for byte but spaces), "B" those of 2023 on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.homework.read_course_signatures import read  # noqa: E402

SIGNATURES = HERE / "course2_signatures.json"

_GREYHAT = ("greyhatguy007/deep-learning-specialization", "dcc0454449e8c0bc0d7aa63dbf640b4a138c3c6b",
            "C2-Improving Deep Neural Networks: Hyperparameter Tuning, Regularization and Optimization/")
_W1, _W2 = _GREYHAT[2] + "week1/programming assignments/", _GREYHAT[2] + "week2/pogramming assignments/"
_HOANHA = ("Hoanha2101/SmartBottleInspector", "8b6ffc35c071a9d5db10de596f4e41f6e5e6ac80", "Khai_Hoan/MOOC2/")
_AMAN = ("amanchadha/coursera-deep-learning-specialization", "e9de0f4d1549b5a974c7f5cba013097fe162a798",
         "C2 - Improving Deep Neural Networks Hyperparameter tuning, Regularization and Optimization/")

#: (assignment, module, edition of the tests, repository, commit, path)
SOURCES = (
    ("initialization", "public_tests", "A", *_GREYHAT[:2], _W1 + "W1A1/public_tests.py"),
    ("initialization", "public_tests", "B", *_HOANHA[:2], _HOANHA[2] + "W1A1/public_tests.py"),
    ("regularization", "testCases", "A", *_AMAN[:2], _AMAN[2] + "Week 1/Regularization/testCases.py"),
    ("regularization", "testCases", "A", *_GREYHAT[:2], _W1 + "W1A2/testCases.py"),
    ("regularization", "testCases", "B", *_HOANHA[:2], _HOANHA[2] + "W1A2/testCases.py"),
    ("regularization", "public_tests", "A", *_GREYHAT[:2], _W1 + "W1A2/public_tests.py"),
    ("regularization", "public_tests", "B", *_HOANHA[:2], _HOANHA[2] + "W1A2/public_tests.py"),
    ("gradient_checking", "testCases", "A", *_AMAN[:2], _AMAN[2] + "Week 1/Gradient Checking/testCases.py"),
    ("gradient_checking", "testCases", "A", *_GREYHAT[:2], _W1 + "W1A3/testCases.py"),
    ("gradient_checking", "testCases", "B", *_HOANHA[:2], _HOANHA[2] + "W1A3/testCases.py"),
    ("gradient_checking", "public_tests", "A", *_GREYHAT[:2], _W1 + "W1A3/public_tests.py"),
    ("gradient_checking", "public_tests", "B", *_HOANHA[:2], _HOANHA[2] + "W1A3/public_tests.py"),
    ("optimization", "testCases", "A", *_AMAN[:2], _AMAN[2] + "Week 2/testCases.py"),
    ("optimization", "testCases", "A", *_GREYHAT[:2], _W2 + "W2A1/testCases.py"),
    ("optimization", "testCases", "B", *_HOANHA[:2], _HOANHA[2] + "W2A1/testCases.py"),
    ("optimization", "public_tests", "A", *_GREYHAT[:2], _W2 + "W2A1/public_tests.py"),
    ("optimization", "public_tests", "B", *_HOANHA[:2], _HOANHA[2] + "W2A1/public_tests.py"),
)


def main(mirrors: Path) -> None:
    files = []
    for assignment, module, tests, repository, commit, path in SOURCES:
        git = mirrors / repository.replace("/", "+") / "repo"
        text = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                              capture_output=True, text=True).stdout
        files.append({"assignment": assignment, "module": module, "tests": tests,
                      "source": f"{repository}@{commit}:{path}", **read(text)})
    SIGNATURES.write_text(json.dumps(files, indent=1) + "\n")
    print(f"wrote the signatures of {len(files)} course files to {SIGNATURES}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"))
