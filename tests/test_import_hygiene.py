"""Only dnnstep.app imports textual or rich, and only the pytest plugin imports pytest.

Every module under dnnstep/ outside dnnstep.app is imported, one after the other, in a
fresh interpreter; after each import the interpreter reports which of the watched
packages have appeared, so the first module that pulls one in is named. The walk is
pkgutil's over the package's folders (no module is listed by hand), so a new module is
checked the day it is added.
"""

from __future__ import annotations

import json
import subprocess
import sys

WALK = r"""
import importlib, json, pkgutil, sys

import dnnstep

WATCHED = ("textual", "rich", "pytest", "_pytest")
skip = set(sys.argv[1].split(","))


def walk(path, prefix):
    for info in pkgutil.iter_modules(path, prefix):
        if info.name in skip or info.name.endswith(".__main__"):  # running __main__ runs the program
            continue
        yield info.name
        if info.ispkg:
            yield from walk(importlib.import_module(info.name).__path__, info.name + ".")


def watched():
    return sorted(m for m in sys.modules if m.split(".")[0] in WATCHED)


report = {"dnnstep": watched()}
for name in walk(dnnstep.__path__, "dnnstep."):
    importlib.import_module(name)
    report[name] = watched()
print(json.dumps(report))
"""


def _imports(*skip: str) -> dict[str, list[str]]:
    """For each module walked, in order, the watched packages loaded once it was imported."""
    result = subprocess.run([sys.executable, "-c", WALK, ",".join(skip)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _first_to_load(report: dict[str, list[str]], packages: tuple[str, ...]) -> dict[str, str]:
    """Which module first brought in each of ``packages``."""
    first: dict[str, str] = {}
    for module, loaded in report.items():
        for name in loaded:
            top = name.split(".")[0]
            if top in packages and top not in first:
                first[top] = module
    return first


def test_no_module_outside_the_app_imports_textual_or_rich_and_only_the_plugin_imports_pytest():
    report = _imports("dnnstep.app", "dnnstep.expect.plugin")
    # the walk reaches every floor, the modules no one imports at start-up included
    for module in ("dnnstep.cli", "dnnstep.course", "dnnstep.engine.formulas", "dnnstep.engine.predict",
                   "dnnstep.engine.vocabulary", "dnnstep.scenario", "dnnstep.expect", "dnnstep.homework"):
        assert module in report
    assert not any(m.startswith("dnnstep.app") for m in report)
    assert _first_to_load(report, ("textual", "rich", "pytest", "_pytest")) == {}


def test_the_pytest_plugin_imports_pytest_and_nothing_of_a_user_interface():
    report = _imports("dnnstep.app")
    assert "dnnstep.expect.plugin" in report
    first = _first_to_load(report, ("textual", "rich", "pytest"))
    assert first == {"pytest": "dnnstep.expect.plugin"}


def test_the_walk_sees_what_the_app_imports():
    """The check can fail: walking the app too finds textual, first loaded by a module of the app."""
    first = _first_to_load(_imports("dnnstep.expect.plugin"), ("textual",))
    assert first["textual"].startswith("dnnstep.app")
