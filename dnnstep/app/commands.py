"""The debugger's commands for the command palette (ctrl+p).

The same jumps as the keys, the run-until conditions, the heat map, the gradient check,
the exports, and opening another shipped scenario or a scenario file by its path.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from dnnstep.app import features

if TYPE_CHECKING:
    from dnnstep.app.app import DnnStepApp


def debugger_commands(app: "DnnStepApp") -> Iterator[tuple[str, str, Callable[[], object]]]:
    """``(title, help, callback)`` for each palette command that can run now."""
    from dnnstep.app.screens.run_until import CHOICES, make_condition

    jumps = [
        ("next", "Next step", "Go to the next step"),
        ("previous", "Previous step", "Go to the previous step"),
        ("cost", "Go to the cost", "The cost step of this iteration"),
        ("backward", "Go to the first backward step", "Backward through layer L"),
        ("update", "Go to the update", "The first update step (layer 1)"),
        ("next_iteration", "Next iteration", "The same step in the next iteration"),
        ("previous_iteration", "Previous iteration", "The same step in the previous iteration"),
        ("goto", "Go to step…", "A step number, a label, or ITERATION:STEP"),
        ("heat", "Toggle the heat map", "Shade the values instead of printing them"),
        ("gradcheck", "Gradient check of this layer", "Compare dW and db with finite differences"),
        ("export", "Export this step (.npz)", f"Write the step's tensors to {app.output_dir}"),
        ("screenshot", "Save the screen (SVG)", f"Write an SVG picture of the screen to {app.output_dir}"),
        ("divergence", "Go to the first divergence", "Where the student's run first departs from the reference"),
        ("examples", "Show the examples as pictures", "The inputs as images, with labels and predictions"),
        ("help", "Keys", "The help screen with every key"),
    ]
    for action, title, help_text in jumps:
        if app.check_action(action, ()):
            yield title, help_text, getattr(app, f"action_{action}")
    if not app._busy:
        for key, text in CHOICES:
            if key in ("above", "below"):
                continue
            yield f"Run until {text}", "Run forward from this step in the background", partial(
                app.run_until, make_condition(key)
            )
        yield "Run until the gradient norm crosses a bound…", "Choose a condition", app.action_run_until
        for path in features.shipped_scenarios():
            yield f"Open scenario {path.stem}", f"The shipped scenario {path.name}", partial(app.open_scenario, path.stem)
        yield "Open a scenario file…", "Type the path of a .toml scenario", app.ask_scenario_path
