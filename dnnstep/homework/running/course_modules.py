"""The modules a course notebook imports, supplied inside the homework's process.

The course's notebooks import support files that the student has on Coursera but not here. Each is
written out in ``course_files/`` as that edition's file behaves (names, parameter names, defaults, what
each function returns and prints), as text that is executed into a module of the file's name when the
homework imports it; ``tests/homework/test_course_modules.py`` holds their signatures to the course's public
files (``tests/homework/course_signatures.json``):

* ``dnn_utils``, ``dnn_utils_v2``: ``sigmoid``, ``relu``, ``sigmoid_backward``, ``relu_backward``;
* ``dnn_app_utils`` (the first release), ``dnn_app_utils_v2`` (2017) and ``_v3`` (2018 on): the Application's
  helpers, with its ``initialize_parameters_deep`` (seed 1, ``randn / sqrt(n[l-1])``), an ``update_parameters``
  that changes its ``parameters`` in place, and the ``L_model_backward`` of their edition (keys dA1..dAL in
  ``dnn_app_utils`` and ``_v2``); ``load_data`` says that the cat data is not available here;
* ``testCases``, ``testCases_v2`` .. ``_v4a``: the course's test inputs of each edition; ``test_utils`` and
  ``public_tests`` (2021): the course's tests, which print "All tests passed." or raise ``AssertionError``;
* Course 2's ``init_utils``, ``reg_utils``, ``gc_utils``, ``opt_utils`` and ``opt_utils_v1a``: the course's own
  files, kept with Course 2's checking (:mod:`dnnstep.homework.course2.helper_modules`), carried the same way;
* ``matplotlib``, ``IPython`` and ``outputs`` are always empty modules (no windows, no backends);
  ``h5py``, ``PIL``, ``scipy``, ``sklearn`` and the course's ``lr_utils``/``planar_utils`` are empty only when
  they are not installed. In an empty module every name is a function doing nothing.

A frame inside one of these modules has the file name :func:`course_filename` gives, so a report says
"the course's dnn_utils" rather than a path (:func:`course_module_of`).

Two halves. In dnnstep's process, :func:`dnnstep.homework.reading.helpers.imported` lists the modules a
homework names and :func:`~dnnstep.homework.reading.helpers.supplied_texts` reads the texts of the course's modules
among them (and of those they import in turn), with :func:`course_source` here. In the homework's
process, :func:`install` makes those texts importable: the worker cannot read ``course_files/`` (it is
confined before the homework runs, and dnnstep's package is out of its sight), and never imports
:mod:`dnnstep.course`: the texts travel in its load request. This module imports nothing of dnnstep at its
top: the worker imports it.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import importlib.abc
import importlib.machinery
import linecache
import re
import sys
import types
from pathlib import Path

#: Modules the homework's process always gives as empty ones (no windows, no notebook): never missing.
ALWAYS_EMPTY = ("matplotlib", "IPython", "outputs")
#: ... and those it gives as empty ones when they are not installed.
EMPTY_IF_MISSING = ("h5py", "PIL", "scipy", "sklearn", "lr_utils", "planar_utils", "imageio", "skimage")

COURSE_FILES = Path(__file__).with_name("course_files")

#: Each module dnnstep supplies -> the file of ``course_files/`` that gives it (files of one content share a text;
#: what differs between the names, the text reads from its ``__name__``).
MODULES = {
    "dnn_utils": "dnn_utils.py",
    "dnn_utils_v2": "dnn_utils.py",
    "dnn_app_utils": "dnn_app_utils.py",
    "dnn_app_utils_v2": "dnn_app_utils.py",
    "dnn_app_utils_v3": "dnn_app_utils.py",
    "testCases": "testCases.py",
    "testCases_v2": "testCases.py",
    "testCases_v3": "testCases.py",
    "testCases_v4": "testCases.py",
    "testCases_v4a": "testCases.py",
    "test_utils": "test_utils.py",
    "public_tests": "public_tests.py",
}


_FILENAME = re.compile(r"^<the course's ([\w.]+)\.py, supplied by dnnstep>$")


def course_filename(module: str) -> str:
    """The file name the code of the supplied ``module`` is compiled with: what its frames show."""
    return f"<the course's {module}.py, supplied by dnnstep>"


def course_module_of(filename: str) -> str | None:
    """The supplied module whose code ``filename`` (a frame's) is, or ``None``."""
    match = _FILENAME.match(filename or "")
    return match.group(1) if match else None


class Nothing:
    """Stands for anything a plotting or test helper would give: calls, attributes and items all work."""

    def __call__(self, *args, **kwargs):
        return Nothing()

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Nothing()

    def __getitem__(self, key):
        return Nothing()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "<nothing: supplied by dnnstep>"


class EmptyModule(types.ModuleType):
    """A module whose every name is :class:`Nothing`; ``import *`` imports nothing."""

    def __init__(self, name: str):
        super().__init__(name, "supplied by dnnstep: does nothing")
        self.__all__ = []
        self.__path__ = []  # a package, so that submodules import too

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Nothing()


def execute(module: types.ModuleType, text: str) -> None:
    """Run the course file ``text`` as ``module`` (whose ``__name__`` it may read), its lines kept for tracebacks."""
    filename = course_filename(module.__name__)
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    module.__file__ = filename
    exec(compile(text, filename, "exec"), module.__dict__)


class _CourseLoader(importlib.abc.Loader):
    def __init__(self, text: str):
        self.text = text

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module):
        execute(module, self.text)


class CourseFinder(importlib.abc.MetaPathFinder):
    """Finds the supplied course modules, from texts read before the homework runs."""

    def __init__(self, texts: dict[str, str]):
        self.texts = dict(texts)

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.texts:  # a package when a supplied module is in it (dlai_tools.testing_utils)
            package = any(name.startswith(fullname + ".") for name in self.texts)
            return importlib.machinery.ModuleSpec(fullname, _CourseLoader(self.texts[fullname]), is_package=package)
        return None


class _EmptyLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return EmptyModule(spec.name)

    def exec_module(self, module):
        pass


class EmptyFinder(importlib.abc.MetaPathFinder):
    """Finds an :class:`EmptyModule` for every module under the given top-level names."""

    def __init__(self, roots):
        self.roots = frozenset(roots)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.roots:
            return importlib.machinery.ModuleSpec(fullname, _EmptyLoader(), is_package=True)
        return None


# -- in dnnstep's process ----------------------------------------------------------------------------


def course_source(module: str) -> str:
    """The text of the supplied ``module``: week 4's read from ``course_files/``, Course 2's from its helper files
    (in dnnstep's process only)."""
    if module in MODULES:
        return (COURSE_FILES / MODULES[module]).read_text(encoding="utf-8")
    from dnnstep.homework.course2.helper_modules import course_file

    return course_file(module)


@functools.cache
def supplied_names() -> frozenset[str]:
    """Every module dnnstep supplies: week 4's (:data:`MODULES`) and Course 2's helper files."""
    from dnnstep.homework.course2.helper_modules import COURSE_FILES as COURSE2_FILES

    return frozenset((*MODULES, *COURSE2_FILES))


def course_module(name: str, texts: dict[str, str] | None = None) -> types.ModuleType:
    """The supplied module ``name`` made in this process without changing its imports (``sys.modules``, the
    finders): its own imports of course modules get modules made the same way, the plotting and data
    packages get empty ones. ``texts``: module name -> text, served before the supplied ones (Course 2's test
    files of one assignment and edition). For dnnstep's own use (tests, and what it derives from the course's
    files)."""
    made: dict[str, types.ModuleType] = {}
    texts = texts or {}

    def make(module_name: str) -> types.ModuleType:
        if module_name not in made:
            module = made[module_name] = types.ModuleType(module_name)
            module.__builtins__ = dict(vars(builtins), __import__=private_import)
            execute(module, texts[module_name] if module_name in texts else course_source(module_name))
        return made[module_name]

    def private_import(name, globals=None, locals=None, fromlist=(), level=0):
        root = name.split(".")[0]
        if name in texts or name in supplied_names():
            return make(name)
        if root in ALWAYS_EMPTY or root in EMPTY_IF_MISSING:
            return EmptyModule(root)
        return importlib.__import__(name, globals, locals, fromlist, level)

    return make(name)


# -- in the homework's process -----------------------------------------------------------------------


def install(modules: dict[str, str]) -> None:
    """Put the course's support modules within reach of ``import`` in this (the homework's) process: ``modules``
    from :func:`supplied` (each executed from its text when the homework imports it), the empty ones."""
    sys.meta_path.insert(0, CourseFinder(modules))
    sys.meta_path.insert(0, EmptyFinder(ALWAYS_EMPTY))
    sys.meta_path.append(EmptyFinder(EMPTY_IF_MISSING))
