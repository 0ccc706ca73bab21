"""The helper modules Course 2's notebooks import, supplied inside the homework's process as the course's own text.

Each of the four assignments imports a helper file that the student has on Coursera beside the
notebook: ``init_utils`` (Initialization), ``reg_utils`` (Regularization), ``gc_utils`` (Gradient
Checking), ``opt_utils`` (Optimization, 2017) and ``opt_utils_v1a`` (Optimization, 2019 on). Their
``model`` functions call the helpers' ``forward_propagation``, ``backward_propagation``,
``compute_loss``/``compute_cost`` and ``update_parameters``, so the helpers must be the course's
exactly: the order of their operations decides the digits (``dz3 = 1./m * (a3 - Y)`` in
``init_utils`` and ``opt_utils``, ``1./m * np.dot(dZ, A_prev.T)`` in ``reg_utils``).

The files in ``course_files/`` are the course's public files as distributed (read from the public
copies named in ``/work/shared/course2/CASES.md``, section 1), with one change: ``predict``'s
``dtype = np.int`` is ``dtype = int``, as the course's own 2024 copy has it (numpy 1.24 removed
``np.int``). The editions' files are otherwise identical, names, signatures and defaults included
(``gc_utils`` differs only in spaces), except ``opt_utils`` (2017: ``compute_cost`` is the mean)
against ``opt_utils_v1a`` (2019 on: the sum, the model divides the epoch's total by m): two names,
two files, so one text per module name serves every edition.

Each assignment also has test files of its own under the names week 4's have (``testCases``, 2021 on
``public_tests``), so a Course 2 homework gets the files of its assignment and edition instead of week 4's
(:func:`course_test_files`). These are dnnstep's text, written as the course's files behave: the same functions,
parameters and defaults (``tests/homework/course2/test_course2_test_files.py`` holds them to the course's public
files, ``course2_signatures.json``), the same seeds, draws and hard-coded inputs; ``public_tests``' expected
outputs are written in from dnnstep's reference by ``tests/homework/course2/make_course_files.py``. Initialization
has no ``testCases`` (its notebook imports none); Regularization's and Gradient Checking's are one file for every
edition; Optimization's ``testCases`` and Gradient Checking's and Optimization's ``public_tests`` changed in 2023:
one text each, whose line ``_EDITION = "A"`` is served as ``_EDITION = "B"`` for the 2023 edition. Their
``from dlai_tools.testing_utils import single_test, multiple_test`` (a Coursera-internal package, not public) gets
week 4's ``test_utils`` text, which has those two functions with the arguments the tests pass; the package itself
(``course_files/dlai_tools.py``) holds the runner the four ``public_tests`` share.

They travel as source text, as the week-4 modules do (:func:`dnnstep.homework.reading.helpers.supplied_texts`),
and are run into modules in the homework's process when the homework imports them: nothing of dnnstep's
reference is in that process. Their own imports (``matplotlib``, ``sklearn``, ``scipy``, ``h5py``) get
the empty modules of :mod:`dnnstep.homework.running.course_modules` when those are not installed; the
plots draw nothing and ``load_dataset`` is not called by any function dnnstep checks.
"""

from __future__ import annotations

import functools
from importlib import resources

from dnnstep.homework.course2.assignments import ASSIGNMENTS, assignments_of

#: Module name -> the course's file that the homework's process serves under that name: every edition's helper module
#: of each assignment (:attr:`~dnnstep.homework.course2.assignments.Assignment.helpers`).
COURSE_FILES = {module: f"{module}.py" for assignment in ASSIGNMENTS for module in assignment.helpers}


#: (assignment key, module) -> the file of ``course_files/`` that the homework's process serves as that module to a
#: homework of that assignment.
TEST_FILES = {
    ("initialization", "public_tests"): "public_tests_initialization.py",
    ("regularization", "testCases"): "testCases_regularization.py",
    ("regularization", "public_tests"): "public_tests_regularization.py",
    ("gradient_checking", "testCases"): "testCases_gradient_checking.py",
    ("gradient_checking", "public_tests"): "public_tests_gradient_checking.py",
    ("optimization", "testCases"): "testCases_optimization.py",
    ("optimization", "public_tests"): "public_tests_optimization.py",
}
#: The line of a test file that says its edition of the tests ("A": 2017-2022, "B": 2023 on).
EDITION_LINE = '_EDITION = "A"'
#: The package the 2021 ``public_tests`` import their runner from, and the module of it.
TESTING_PACKAGE, TESTING_MODULE = "dlai_tools", "dlai_tools.testing_utils"


#: The test files the 2023 refresh changed: the others are one text for every edition.
CHANGED_IN_2023 = frozenset({("gradient_checking", "public_tests"), ("optimization", "testCases"),
                             ("optimization", "public_tests")})


def course_test_file(assignment: str, module: str, tests: str = "A") -> str:
    """The text of Course 2's ``module`` (``"testCases"``, ``"public_tests"``) of ``assignment`` (a key of
    :data:`TEST_FILES`), in the edition of the tests ``tests`` (``"A"``, ``"B"``)."""
    text = resources.files(__package__).joinpath("course_files", TEST_FILES[assignment, module]).read_text(
        encoding="utf-8")
    changed = tests != "A" and (assignment, module) in CHANGED_IN_2023
    return text.replace(EDITION_LINE, f'_EDITION = "{tests}"', 1) if changed else text


def course_test_files(assignment: str, tests: str) -> dict[str, str]:
    """Module name -> text of every test module Course 2's ``assignment`` gives its homework in the edition of the
    tests ``tests`` (``"A"`` or ``"B"``): its ``testCases`` and ``public_tests`` where it has them, and the
    ``dlai_tools`` package whose ``testing_utils`` the tests import (week 4's ``test_utils`` text; the package holds
    the runner dnnstep's ``public_tests`` share)."""
    texts = {module: course_test_file(assignment, module, tests) for key, module in TEST_FILES if key == assignment}
    texts[TESTING_PACKAGE] = resources.files(__package__).joinpath("course_files", "dlai_tools.py").read_text(
        encoding="utf-8")
    # week 4's test_utils, read where running/course_modules.py keeps it (importing that module here is a cycle)
    texts[TESTING_MODULE] = resources.files("dnnstep.homework.running").joinpath(
        "course_files", "test_utils.py").read_text(encoding="utf-8")
    return texts


#: The modules each assignment has its own of (where it has them), which a Course 2 homework never gets week 4's of.
TEST_MODULES = frozenset(module for _, module in TEST_FILES)


def homework_tests(homework, imported) -> dict[str, str]:
    """:func:`course_test_files` for a Course 2 ``homework`` (a loaded ``HomeworkSource``): of the assignment whose
    helper file it imports (``imported``: module names), else the first it defines functions of; in the edition of
    the tests it is detected to follow (``homework.course2_evidence``). ``{}`` for no
    assignment."""
    assignments = assignments_of(homework.defined)
    if not assignments:
        return {}
    helpers = {module: a.key for a in assignments for module in a.helpers}
    key = next((helpers[m] for m in sorted(imported) if m in helpers), assignments[0].key)
    return course_test_files(key, homework.course2_evidence.edition.tests)


@functools.cache
def helper_functions() -> frozenset[str]:
    """Every function the course's Course 2 helper files define (``compute_cost``, ``update_parameters``, ...)."""
    import ast

    return frozenset(node.name for name in COURSE_FILES for node in ast.parse(course_file(name)).body
                     if isinstance(node, ast.FunctionDef))


def pasted_helpers(graded) -> list[str]:
    """Week 4's graded names (``graded``) that a Course 2 file defines, when every one of them is a function of
    Course 2's helper files too (``compute_cost``, ``initialize_parameters``, ``update_parameters``): helpers pasted
    in. ``[]`` when the file also defines a function only week 4 has."""
    helpers = helper_functions()
    return list(graded) if graded and all(f in helpers for f in graded) else []


def course_file(name: str) -> str:
    """The text of the course's helper module ``name`` (a key of :data:`COURSE_FILES`)."""
    return resources.files(__package__).joinpath("course_files", COURSE_FILES[name]).read_text(encoding="utf-8")
