"""The pytest plugin: scenario files with ``[[expect]]`` tables become test items.

    pytest scenarios/                 every scenario file under scenarios/ with expectations
    pytest scenarios/five_layer.toml  one file

Each ``[[expect]]`` table is one item, named by what it checks
(``five_layer.toml::backward 3 dW shape``); a failure prints the expectation's message
(expected against actual, the difference and where), not a traceback.

Which ``.toml`` files are collected: only files that are (or lie under) a path named on
the command line, or under a path of the ini option ``dnnstep_scenarios``; and of those
only scenario files that have a network and ``[[expect]]`` tables. A plain ``pytest``
run of a project's ``testpaths`` therefore never picks up ``pyproject.toml`` or the
deliberately broken scenario files of a test suite.

Registered through the ``pytest11`` entry point ``dnnstep``; without the installed
entry point, load it with ``pytest -p dnnstep.expect.plugin``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dnnstep.expect.runner import ScenarioFile, carries_expectations

MARKER = "dnnstep_expect"


class ExpectationFailed(Exception):
    """An expectation that does not hold, or cannot be checked; ``str()`` is the whole message."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--dnnstep-data", metavar="DIR", default=None,
                     help="where the data files scenarios name are (the course's data.mat, cat files), as --data")
    parser.addini(
        "dnnstep_data",
        type="paths",
        default=[],
        help="folders where the data files scenarios name may be (the first that exists is used; "
             "--dnnstep-data comes first); a scenario whose data is nowhere is skipped",
    )
    parser.addini(
        "dnnstep_scenarios",
        type="paths",
        default=[],
        help="folders or files whose scenario .toml files with [[expect]] tables are collected "
             "even when not named on the command line (for example: scenarios)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: an [[expect]] table of a dnnstep scenario file")


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix != ".toml":
        return None
    asked = _asked_for(file_path, parent.config)
    if asked is None or not carries_expectations(file_path, named=asked == "named"):
        return None
    return ScenarioFileNode.from_parent(parent, path=file_path)


def _asked_for(path: Path, config: pytest.Config) -> str | None:
    """``"named"`` when ``path`` itself was named on the command line or configured,
    ``"under"`` when it lies under such a folder, else ``None``."""
    roots = [Path(p) for p in config.getini("dnnstep_scenarios")]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        base = Path(config.invocation_params.dir)
        roots.extend(base / arg.split("::")[0] for arg in config.args)
    path = path.resolve()
    found = None
    for root in roots:
        root = root.resolve()
        if path == root:
            return "named"
        if root in path.parents:
            found = "under"
    return found


def _data_dir(config: pytest.Config) -> Path | None:
    """``--dnnstep-data``, else the first ``dnnstep_data`` folder that exists."""
    given = config.getoption("--dnnstep-data")
    if given:
        return Path(given)
    return next((Path(p) for p in config.getini("dnnstep_data") if Path(p).is_dir()), None)


class ScenarioFileNode(pytest.File):
    """A scenario file; its items are its ``[[expect]]`` tables."""

    loaded: ScenarioFile

    def collect(self):
        display = self.path.name
        try:
            display = str(self.path.relative_to(self.config.rootpath))
        except ValueError:
            pass
        self.loaded = ScenarioFile.load(self.path, display=display, data_dir=_data_dir(self.config))
        if self.loaded.load_error is not None or self.loaded.missing_data is not None:
            yield ExpectationItem.from_parent(self, name="load", index=None)
            return
        for index, id_ in enumerate(self.loaded.ids()):
            yield ExpectationItem.from_parent(self, name=id_, index=index)


class ExpectationItem(pytest.Item):
    """One ``[[expect]]`` table, checked against a Session shared by the file's items."""

    def __init__(self, *, index: int | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.add_marker(MARKER)

    def runtest(self) -> None:
        loaded: ScenarioFile = self.parent.loaded
        if loaded.missing_data is not None:
            pytest.skip(loaded.missing_data)
        if self.index is None:
            raise ExpectationFailed(loaded.load_error)
        outcome = loaded.run(self.index)
        if outcome.status != "pass":
            raise ExpectationFailed(outcome.message)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ExpectationFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, self.name
