"""The debugger's commands for the command palette (ctrl+p).

Every key of ``dnnstep.app.keys.KEYS`` that has a palette title, the run-until
conditions, opening another shipped scenario or a scenario file by its path, and showing
another shipped scenario with the same inputs beside this run.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from dnnstep.app.keys import KEYS

if TYPE_CHECKING:
    from dnnstep.app.app import DnnStepApp


def scenario_story(path: Path) -> tuple[str, str]:
    """A scenario file's title and the first sentence of its description (``""`` when it
    has none or cannot be read: the palette lists it anyway and opening it says why)."""
    from dnnstep.scenario import ScenarioError, peek_scenario

    try:
        summary = peek_scenario(path)
    except ScenarioError:
        return "", ""
    first = " ".join(summary.description.split()).split(". ")[0].rstrip(".")
    return summary.title, (first + "." if first else "")


def _inputs(path: Path) -> int | None:
    """n[0] of a scenario file (from the TOML alone), or None when it cannot be read."""
    from dnnstep.scenario import ScenarioError, peek_scenario

    try:
        dims = peek_scenario(path).layer_dims
    except ScenarioError:
        return None
    return dims[0] if dims else None


def debugger_commands(app: "DnnStepApp") -> Iterator[tuple[str, str, Callable[[], object]]]:
    """``(title, help, callback)`` for each palette command that can run now."""
    from dnnstep.app.screens.run_until import CHOICES, make_condition
    from dnnstep.scenario import shipped_scenarios

    for key in KEYS:
        if key.palette is not None and app.check_action(key.action, ()):
            yield key.palette, key.help[:1].upper() + key.help[1:], getattr(app, f"action_{key.action}")
    if not app._busy:
        for key, text in CHOICES:
            if key in ("above", "below"):
                continue
            yield f"Run until {text}", "Run forward from this step in the background", partial(
                app.run_until, make_condition(key)
            )
        yield "Run until the gradient norm crosses a bound…", "Choose a condition", app.action_run_until
        inputs = app.session.scenario.layer_dims[0]
        beside = app.check_action("beside", ()) is not False  # Course 2's runs (week 4's palette as it was)
        for path in shipped_scenarios():
            title, description = scenario_story(path)
            yield (f"Open scenario {path.stem}" + (f": {title}" if title else ""),
                   description or f"The shipped scenario {path.name}", partial(app.open_scenario, path.stem))
            if beside and path.stem != app.session.scenario.name and _inputs(path) == inputs:
                yield (f"Beside: {path.stem}" + (f": {title}" if title else ""),
                       "Show this run and that one side by side at the same iteration",
                       partial(app.show_beside, path.stem))
        if beside:
            yield "Beside: another scenario…", "Type a scenario to show beside this run", app.ask_beside
        yield "Open a scenario file…", "Type the path of a .toml scenario", app.ask_scenario_path
