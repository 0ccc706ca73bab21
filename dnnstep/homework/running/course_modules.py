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

Two halves: :func:`supplied` runs in dnnstep's process and says what each module the homework imports
holds, as the course's text (:mod:`~dnnstep.homework.running.reference_source` pieces: the homework's
process never imports :mod:`dnnstep.course`); :func:`install`, in the homework's process, runs those
texts into modules. This module imports nothing of dnnstep at its top: the worker imports it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types

ALWAYS_EMPTY = ("matplotlib", "IPython", "testCases", "testCases_v2", "testCases_v3", "testCases_v4",
                "testCases_v4a", "public_tests", "test_utils", "outputs")
EMPTY_IF_MISSING = ("h5py", "PIL", "scipy", "sklearn", "lr_utils", "planar_utils", "imageio", "skimage")
#: The helper modules of the course's helpers only (``dnn_utils``).
UTILS_MODULES = ("dnn_utils", "dnn_utils_v2")


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


def app_names() -> tuple[str, ...]:
    """What ``dnn_app_utils_v2``/``_v3`` give: the helpers, the Step by Step functions and ``predict``."""
    from dnnstep.homework.reading.source import HELPERS, STEP_BY_STEP

    return HELPERS + STEP_BY_STEP + ("predict",)


_APP_EXTRA = '''
initialize_parameters_deep = initialize_parameters_deep_app  # seed 1, randn / sqrt(n[l-1])

def load_data(*args, **kwargs):
    raise RuntimeError("dnnstep does not supply the cat data to homework; load_data is not available here")

def print_mislabeled_images(*args, **kwargs):
    return None
'''

_SHIFTED = '''
_L_model_backward_2021 = L_model_backward

def L_model_backward(AL, Y, caches):
    """The 2017 edition's L_model_backward: the course's grads, each dA one key higher (dA1..dAL)."""
    return shift_keys(_L_model_backward_2021(AL, Y, caches), +1)
'''


def imported(chunks) -> set[str]:
    """The top-level names of the modules a homework's ``chunks`` import, anywhere in their code (in dnnstep's
    process: only those of the course's modules are sent to the homework's)."""
    import ast

    from dnnstep.homework.running.reference_source import parsed

    names = set()
    for _, tree in parsed(chunks):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def supplied(imported) -> dict[str, dict]:
    """What each course module of ``imported`` (module names a homework imports) holds, for :func:`install`:
    ``{name: {"pieces": [piece, ...], "names": [public names]}}`` (in dnnstep's process)."""
    from dnnstep.homework.course2.helper_modules import COURSE_FILES as COURSE2_FILES, course_file, public_names
    from dnnstep.homework.reading.editions import APP_MODULES, shift_keys
    from dnnstep.homework.reading.source import HELPERS
    from dnnstep.homework.running import reference_source

    modules = {}
    for name in imported:
        if name in UTILS_MODULES:
            modules[name] = {"pieces": reference_source.pieces(("np", *HELPERS)), "names": list(HELPERS)}
        elif name in APP_MODULES:
            names = app_names()
            pieces = reference_source.pieces(("np", *names, "initialize_parameters_deep_app"))
            pieces.append(reference_source.extra("load_data", _APP_EXTRA, name))
            if APP_MODULES[name].shifted_grads:
                pieces.append(reference_source.extra("re", "import re\n", name))
                pieces.append(reference_source.source_of(shift_keys))
                pieces.append(reference_source.extra("_L_model_backward_2021", _SHIFTED, name))
            modules[name] = {"pieces": pieces, "names": [*names, "load_data", "print_mislabeled_images"]}
        elif name in COURSE2_FILES:  # Course 2's helper files, the course's own text
            modules[name] = {"pieces": [reference_source.extra(name, course_file(name), name)],
                             "names": sorted(public_names(name))}
    return modules


def install(modules: dict[str, dict], run) -> None:
    """Put the course's support modules into ``sys.modules`` of this (the homework's) process: ``modules``
    from :func:`supplied`, each made by ``run(pieces, namespace)``; the empty ones found on import."""
    sys.meta_path.insert(0, EmptyFinder(ALWAYS_EMPTY))  # first: Course 2's helper files import matplotlib
    sys.meta_path.append(EmptyFinder(EMPTY_IF_MISSING))
    for name, spec in modules.items():
        module = types.ModuleType(name, "supplied by dnnstep: the course's own functions")
        run(spec["pieces"], module.__dict__)
        module.__all__ = [n for n in spec["names"] if hasattr(module, n)]
        sys.modules[name] = module
