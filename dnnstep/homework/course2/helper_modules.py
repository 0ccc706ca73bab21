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

They travel as source text, as the week-4 modules do (:func:`dnnstep.homework.reading.helpers.supplied_texts`),
and are run into modules in the homework's process when the homework imports them: nothing of dnnstep's
reference is in that process. Their own imports (``matplotlib``, ``sklearn``, ``scipy``, ``h5py``) get
the empty modules of :mod:`dnnstep.homework.running.course_modules` when those are not installed; the
plots draw nothing and ``load_dataset`` is not called by any function dnnstep checks.
"""

from __future__ import annotations

from importlib import resources

#: Module name -> the course's file that the homework's process serves under that name.
COURSE_FILES = {
    "init_utils": "init_utils.py",
    "reg_utils": "reg_utils.py",
    "gc_utils": "gc_utils.py",
    "opt_utils": "opt_utils.py",
    "opt_utils_v1a": "opt_utils_v1a.py",
}


def public_names(name: str) -> frozenset[str]:
    """What ``from name import *`` gives of the course's helper module ``name`` (it has no ``__all__``): every name its
    top level binds that does not start with an underscore, the modules it imports too (``np``, ``plt``)."""
    import ast

    found = set()
    for node in ast.parse(course_file(name)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Assign):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(n for n in found if not n.startswith("_"))


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
