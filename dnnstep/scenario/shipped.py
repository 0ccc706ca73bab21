"""Where the shipped scenarios are, and turning a name or a path into a scenario file.

A wheel carries the top-level ``scenarios/`` folder as ``dnnstep/_shipped_scenarios/``;
an editable install (a git checkout) reads ``<repo>/scenarios`` directly.
"""

from __future__ import annotations

from pathlib import Path

from dnnstep.user_paths import UserPathError, expanded, kind, not_a_file, shown

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


def shipped_scenarios() -> list[Path]:
    """Every shipped scenario file, the default first, then by name (``peek_scenario(path).course``
    tells each one's course)."""
    folder = shipped_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"), key=lambda p: (p.stem != DEFAULT_SCENARIO, p.stem))


def shipped_names() -> list[str]:
    """The names of the shipped scenarios (file names without ``.toml``)."""
    return [p.stem for p in shipped_scenarios()]


def resolve_scenario(name_or_path: str | Path) -> Path:
    """The scenario file for a shipped name (``"five_layer"``) or a path to a ``.toml`` file.

    A string that names an existing file, contains a path separator or ends in ``.toml`` is
    a path; anything else is a shipped name, or else ``<name>.toml`` in the current folder.
    """
    text = str(name_or_path)
    try:
        return _resolve(text, isinstance(name_or_path, Path))
    except UserPathError as error:
        raise ScenarioError(str(error)) from None


def _resolve(text: str, given_as_path: bool) -> Path:
    path = expanded(text)
    found = kind(path)
    looks_like_path = given_as_path or "/" in text or "\\" in text or text.endswith(".toml") or found is not None
    if looks_like_path:
        if found == "file":
            return path
        if found == "folder":
            raise ScenarioError("is a folder; give a scenario .toml file or a shipped name", file=shown(text))
        if found is not None:
            raise ScenarioError(not_a_file(found), file=shown(text))
        if not text.endswith(".toml") and kind(path.with_suffix(".toml")) == "file":
            return path.with_suffix(".toml")
        raise ScenarioError("no such scenario file", file=shown(text))
    candidate = shipped_dir() / f"{text}.toml"
    if candidate.is_file():
        return candidate
    if kind(path.with_name(f"{path.name}.toml")) == "file":  # "mine" for ./mine.toml
        return path.with_name(f"{path.name}.toml")
    names = shipped_names()
    raise ScenarioError(
        f"no shipped scenario named '{shown(text)}'{did_you_mean(text, names)}; "
        f"the shipped ones are {', '.join(names) or '(none found in ' + str(shipped_dir()) + ')'}, "
        f"or give the path of a .toml file"
    )
