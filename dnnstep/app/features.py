"""Features that other floors provide, found when they are installed.

Each function returns the feature, or ``None`` when its module is not there (yet); the
app then hides the key and the palette command instead of failing.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from typing import Any


@cache
def present(module: str) -> bool:
    """True when ``module`` can be imported (without importing it: start-up stays quick)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def has_gradcheck() -> bool:
    return present("dnnstep.engine.gradcheck")


def has_export() -> bool:
    return present("dnnstep.export.formats")


def has_examples() -> bool:
    return present("dnnstep.app.screens.examples")


@cache
def _find(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def gradcheck_layer() -> Any:
    """``gradcheck_layer(session, iteration, layer) -> result`` with ``.ok`` and ``.summary()``."""
    return _find("dnnstep.engine.gradcheck", "gradcheck_layer")


def export_step_npz() -> Any:
    """``export_step_npz(step, path)`` writes one step's tensors to an .npz file."""
    return _find("dnnstep.export.formats", "export_step_npz")


def accuracy() -> Any:
    """``accuracy(session, iteration) -> (train, test or None)``."""
    return _find("dnnstep.engine.predict", "accuracy")


def examples_screen() -> Any:
    """``ExamplesScreen(session, iteration)``: the pictures of an image scenario."""
    return _find("dnnstep.app.screens.examples", "ExamplesScreen")


def shipped_scenarios() -> list:
    """The shipped scenario files, or ``[]``."""
    found = _find("dnnstep.scenario", "shipped_scenarios")
    try:
        return list(found()) if found else []
    except OSError:
        return []
