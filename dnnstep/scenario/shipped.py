"""Where the shipped scenarios are, and turning a name or a path into a scenario file.

A wheel carries the top-level ``scenarios/`` folder as ``dnnstep/_shipped_scenarios/``;
an editable install (a git checkout) reads ``<repo>/scenarios`` directly.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ScenarioError, did_you_mean

DEFAULT_SCENARIO = "five_layer"
"""The scenario ``dnnstep`` opens when none is named."""

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_dir() -> Path:
    """The folder of the shipped scenario files (installed wheel or repository checkout)."""
    installed = _PACKAGE / "_shipped_scenarios"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "scenarios"


def shipped_scenarios(course: int | None = None) -> list[Path]:
    """Every shipped scenario file, the default first, then by name; with ``course``, only that
    course's (the file's top-level ``course``, 1 when it has none)."""
    folder = shipped_dir()
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.toml"))
    if course is not None:
        from .loader import peek_scenario  # the loader imports this module

        paths = [path for path in paths if peek_scenario(path).course == course]
    return sorted(paths, key=lambda p: (p.stem != DEFAULT_SCENARIO, p.stem))


def shipped_names() -> list[str]:
    """The names of the shipped scenarios (file names without ``.toml``)."""
    return [p.stem for p in shipped_scenarios()]


def resolve_scenario(name_or_path: str | Path) -> Path:
    """The scenario file for a shipped name (``"five_layer"``) or a path to a ``.toml`` file.

    A string that names an existing file, contains a path separator or ends in ``.toml`` is
    a path; anything else is a shipped name, or else ``<name>.toml`` in the current folder.
    """
    text = str(name_or_path)
    path = Path(text).expanduser()
    looks_like_path = (
        isinstance(name_or_path, Path) or "/" in text or "\\" in text or text.endswith(".toml") or path.is_file()
    )
    if looks_like_path:
        if path.is_file():
            return path
        if path.is_dir():
            raise ScenarioError("is a folder; give a scenario .toml file or a shipped name", file=text)
        if not text.endswith(".toml") and path.with_suffix(".toml").is_file():
            return path.with_suffix(".toml")
        raise ScenarioError("no such scenario file", file=text)
    candidate = shipped_dir() / f"{text}.toml"
    if candidate.is_file():
        return candidate
    if path.with_name(f"{path.name}.toml").is_file():  # "mine" for ./mine.toml
        return path.with_name(f"{path.name}.toml")
    names = shipped_names()
    raise ScenarioError(
        f"no shipped scenario named '{text}'{did_you_mean(text, names)}; "
        f"the shipped ones are {', '.join(names) or '(none found in ' + str(shipped_dir()) + ')'}, "
        f"or give the path of a .toml file"
    )
