"""The modules a course notebook imports, supplied inside the homework's process.

The course's notebooks import support files that the student has on Coursera but not
here. In the homework's process:

* ``dnn_utils``, ``dnn_utils_v2`` give ``sigmoid``, ``relu``, ``sigmoid_backward`` and
  ``relu_backward`` from :mod:`dnnstep.course`; ``dnn_app_utils`` (the first release's name,
  which some 2021 copies use too), ``dnn_app_utils_v2`` and ``_v3`` also give the course's other
  functions, with the Application's ``initialize_parameters_deep`` (seed 1,
  ``randn / sqrt(n[l-1])``) as every one of the real files has it, and with the
  ``L_model_backward`` of their edition (keys dA1..dAL in ``dnn_app_utils`` and ``_v2``;
  :mod:`dnnstep.homework.reading.editions`); ``load_data`` says that the cat data is not available here;
* the test helpers (``testCases*``, ``public_tests``, ``test_utils``) are empty modules
  whose every name is a function that does nothing, so ``from public_tests import *``
  and ``from test_utils import single_test`` both work;
* Course 2's ``init_utils``, ``reg_utils``, ``gc_utils``, ``opt_utils`` and ``opt_utils_v1a`` are the
  course's own files (:mod:`dnnstep.homework.course2.helper_modules`);
* ``matplotlib`` and ``IPython`` are always such empty modules (no windows, no backends);
  ``h5py``, ``PIL``, ``scipy``, ``sklearn`` and the course's ``lr_utils``/``planar_utils`` are
  empty only when they are not installed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types

from dnnstep.homework.reading.source import HELPERS, STEP_BY_STEP

ALWAYS_EMPTY = ("matplotlib", "IPython", "testCases", "testCases_v2", "testCases_v3", "testCases_v4",
                "testCases_v4a", "public_tests", "test_utils", "outputs")
EMPTY_IF_MISSING = ("h5py", "PIL", "scipy", "sklearn", "lr_utils", "planar_utils", "imageio", "skimage")

#: What ``dnn_app_utils_v2``/``_v3`` give: the helpers, the Step by Step functions and ``predict``.
APP_NAMES = HELPERS + STEP_BY_STEP + ("predict",)


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


def _course_module(name: str, names: tuple[str, ...]) -> types.ModuleType:
    from dnnstep import course

    module = types.ModuleType(name, f"supplied by dnnstep from dnnstep.course")
    for attr in names:
        if hasattr(course, attr):
            setattr(module, attr, getattr(course, attr))
    module.np = __import__("numpy")
    module.__all__ = [n for n in names if hasattr(module, n)]
    return module


def _load_data(*args, **kwargs):
    raise RuntimeError("dnnstep does not supply the cat data to homework; load_data is not available here")


def _shifted(L_model_backward, shift_keys):
    """The 2017 edition's ``L_model_backward``: the course's grads, each dA one key higher (dA1..dAL)."""
    def L_model_backward_2017(AL, Y, caches):
        return shift_keys(L_model_backward(AL, Y, caches), +1)

    L_model_backward_2017.__name__ = "L_model_backward"
    return L_model_backward_2017


def install() -> None:
    """Put the course's support modules into ``sys.modules`` of this (the homework's) process."""
    for name in ("dnn_utils", "dnn_utils_v2"):
        sys.modules[name] = _course_module(name, HELPERS)
    from dnnstep import course

    from dnnstep.homework.reading.editions import APP_MODULES, shift_keys

    for name, edition in APP_MODULES.items():
        module = _course_module(name, APP_NAMES)
        module.initialize_parameters_deep = course.initialize_parameters_deep_app  # seed 1, randn / sqrt(n[l-1])
        if edition.shifted_grads:
            module.L_model_backward = _shifted(course.L_model_backward, shift_keys)
        module.load_data = _load_data
        module.print_mislabeled_images = Nothing()
        sys.modules[name] = module
    sys.meta_path.insert(0, EmptyFinder(ALWAYS_EMPTY))
    sys.meta_path.append(EmptyFinder(EMPTY_IF_MISSING))
    from dnnstep.homework.course2 import helper_modules

    helper_modules.install()  # Course 2's init_utils, reg_utils, gc_utils, opt_utils, opt_utils_v1a
