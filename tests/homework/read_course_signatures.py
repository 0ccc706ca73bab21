"""Read the signatures of the course's public helper files into ``course_signatures.json``.

    python tests/homework/read_course_signatures.py /work/.mirror

The course's own files (week 4 of "Neural Networks and Deep Learning", every edition) are public: each
source below is a repository, a commit and a path, read from a local mirror of the repository
(``<mirrors>/<owner>+<name>/repo``, a bare git directory). For each file the JSON keeps, per function it
defines, the parameters as the course wrote them (``"learning_rate=0.0075"``), and the names it imports from
the course's other helper files. ``test_course_modules.py`` holds dnnstep's supplied modules to them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SIGNATURES = HERE / "course_signatures.json"

_GREYHAT = ("greyhatguy007/deep-learning-specialization", "dcc0454449e8c0bc0d7aa63dbf640b4a138c3c6b",
            "C1-NeuralNetworksAndDeepLearning/week4/")
_AMAN = ("amanchadha/coursera-deep-learning-specialization", "e9de0f4d1549b5a974c7f5cba013097fe162a798",
         "C1 - Neural Networks and Deep Learning/Week 4/")
_STEP, _APP = "Building your Deep Neural Network - Step by Step/", "Deep Neural Network Application_ Image Classification/"

#: (module, edition, repository, commit, path)
SOURCES = (
    ("dnn_utils", "2017", "enricoenne/Neural-Networks-and-Deep-Learning-course",
     "4f92d4814c3e31d564f436ccfcca9544163095f1", "dnn_utils.py"),
    ("dnn_utils", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A1/dnn_utils.py"),
    ("dnn_utils_v2", "2018", _AMAN[0], _AMAN[1], _AMAN[2] + _STEP + "dnn_utils_v2.py"),
    ("dnn_utils_v2", "2017", "ivanph1017/deep_nn_step_by_step", "a897e3999b845d8a587713071fc7f27a8f5174de",
     "dnn_utils_v2.py"),
    ("dnn_app_utils", "2017", "enricoenne/Neural-Networks-and-Deep-Learning-course",
     "4f92d4814c3e31d564f436ccfcca9544163095f1", "dnn_app_utils.py"),
    ("dnn_app_utils_v2", "2017", _AMAN[0], _AMAN[1], _AMAN[2] + _APP + "dnn_app_utils_v2.py"),
    ("dnn_app_utils_v3", "2018", _AMAN[0], _AMAN[1], _AMAN[2] + _APP + "dnn_app_utils_v3.py"),
    ("dnn_app_utils_v3", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A2/dnn_app_utils_v3.py"),
    ("testCases_v2", "2017", "ivanph1017/deep_nn_step_by_step", "a897e3999b845d8a587713071fc7f27a8f5174de",
     "testCases_v2.py"),
    ("testCases_v3", "2017", _AMAN[0], _AMAN[1], _AMAN[2] + _STEP + "testCases_v3.py"),
    ("testCases_v4", "2018", _AMAN[0], _AMAN[1], _AMAN[2] + _STEP + "testCases_v4.py"),
    ("testCases_v4a", "2018", _AMAN[0], _AMAN[1], _AMAN[2] + _STEP + "testCases_v4a.py"),
    ("testCases", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A1/testCases.py"),
    ("test_utils", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A1/test_utils.py"),
    ("test_utils", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A2/test_utils.py"),
    ("public_tests", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A1/public_tests.py"),
    ("public_tests", "2021", _GREYHAT[0], _GREYHAT[1], _GREYHAT[2] + "W4A2/public_tests.py"),
)


def parameters(node: ast.FunctionDef) -> list[str]:
    """``["X", "Y", "learning_rate=0.0075"]``: each parameter, with its default as a value's repr."""
    args = node.args
    defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
    found = []
    for arg, default in zip(args.args, defaults):
        found.append(arg.arg if default is None else f"{arg.arg}={ast.literal_eval(default)!r}")
    if args.vararg:
        found.append("*" + args.vararg.arg)
    if args.kwarg:
        found.append("**" + args.kwarg.arg)
    return found


def read(text: str) -> dict:
    tree = ast.parse(text)
    functions = {n.name: parameters(n) for n in tree.body if isinstance(n, ast.FunctionDef)}
    imported = sorted(a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom)
                      for a in n.names if a.name != "*")
    return {"functions": functions, "imports": imported}


def main(mirrors: Path) -> None:
    files = []
    for module, edition, repository, commit, path in SOURCES:
        git = mirrors / repository.replace("/", "+") / "repo"
        text = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                              capture_output=True, text=True).stdout
        files.append({"module": module, "edition": edition, "source": f"{repository}@{commit}:{path}", **read(text)})
    SIGNATURES.write_text(json.dumps(files, indent=1) + "\n")
    print(f"wrote the signatures of {len(files)} course files to {SIGNATURES}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"))
