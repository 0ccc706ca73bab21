"""Fixtures of the expect tests.

``pytester`` is needed here. ``pytest_plugins`` may only be set in the top-level conftest
(pytest refuses it in tests/expect/conftest.py when run from the repository root), so the
plugin is registered here when nobody has done it yet.
"""

from __future__ import annotations

import importlib.metadata

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


def plugin_args() -> list[str]:
    """Arguments for an in-process pytester run with dnnstep's plugin.

    ``-p dnnstep.expect.plugin`` unless the installed ``pytest11`` entry point loads it
    already (loading it twice is an error); pytest-textual-snapshot is switched off because
    its session hooks keep module-global state that an inner session would disturb.
    """
    entry_points = importlib.metadata.entry_points(group="pytest11")
    installed = any(ep.value.startswith("dnnstep.expect.plugin") for ep in entry_points)
    args = [] if installed else ["-p", "dnnstep.expect.plugin"]
    # Plugins the inner session does not need: pytest-textual-snapshot keeps module-global
    # session state an inner session would disturb; pytest-asyncio warns about its unset
    # options there; the others (if installed) only slow each inner run down by a second.
    # Blocking a plugin that is not installed is harmless.
    for name in ("textual-snapshot", "asyncio", "hypothesispytest", "benchmark", "syrupy"):
        args += ["-p", f"no:{name}"]
    return args
