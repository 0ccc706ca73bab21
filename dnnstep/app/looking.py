"""The pictures' keys: cost curve, decision boundary, gradient health, histogram.

:class:`Looking` is mixed into the app. Each key opens its picture screen over the main
screen (from another picture, it takes that one's place); a picture follows the cursor
because ``_show`` asks ``_behind_picture`` first. The decision boundary's key says why there
is no boundary when the inputs are not 2-D. While a picture covers the main screen, a move
redraws only the picture (and computes the next iteration ahead); the main screen catches
up when the picture closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.histogram_bars import Values

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp
    from dnnstep.engine.session import Session


FEATURE_PICTURES: dict[str, Callable[["Session"], bool]] = {
    "gradient_check": lambda session: session.last_phase == "check",
    "dropout_mask": lambda session: session.features.dropout,
    "step_size": lambda session: session.features.optimizer != "gd" and session.last_phase == "update",
}
"""The pictures of a Course 2 feature, and when a session has it (else their keys are hidden)."""


class Looking:
    """Mixed into ``DnnStepApp``: the picture screens."""

    _main_stale = False

    def _open_picture(self: "DnnStepApp", screen: PictureScreen) -> None:
        if isinstance(self.screen, PictureScreen):
            self.pop_screen()
        self.push_screen(screen, self._picture_closed)

    def _picture_closed(self: "DnnStepApp", _result: object = None) -> None:
        if self._main_stale and not isinstance(self.screen, PictureScreen) and self.loaded:
            self._main_stale = False
            self._show()

    def _behind_picture(self: "DnnStepApp") -> bool:
        """When a picture is on top: tell it the cursor moved, leave the hidden main screen
        for later, compute the next iteration ahead, and return True."""
        if not (self.is_running and isinstance(self.screen, PictureScreen)):
            return False
        self._main_stale = True
        self.screen.follow()
        self.call_after_refresh(self._compute_ahead)
        return True

    def _offers(self: "DnnStepApp", action: str) -> bool:
        """Whether this scenario has what ``action`` draws (a boundary needs 2-D inputs, the
        pictures of a Course 2 feature that feature: ``FEATURE_PICTURES``)."""
        if action == "decision_boundary":
            from dnnstep.app.screens.decision_boundary import why_not

            return why_not(self.session) is None
        if action in FEATURE_PICTURES:
            return FEATURE_PICTURES[action](self.session)
        return True

    def action_cost_curve(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.cost_curve import CostCurveScreen

        self._open_picture(CostCurveScreen())

    def action_decision_boundary(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.decision_boundary import DecisionBoundaryScreen, why_not

        why = why_not(self.session)
        if why is not None:
            self.notify(why, title="No decision boundary", severity="warning", timeout=8)
            return
        if not self.loaded:
            return
        self._open_picture(DecisionBoundaryScreen())

    def action_gradient_health(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.gradient_health import GradientHealthScreen

        self._open_picture(GradientHealthScreen())

    def action_gradient_check(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.gradient_check import GradientCheckScreen

        if self._offers("gradient_check") and self.loaded:
            self._open_picture(GradientCheckScreen())

    def action_dropout_mask(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.dropout_mask import DropoutMaskScreen

        if self._offers("dropout_mask") and self.loaded:
            self._open_picture(DropoutMaskScreen())

    def action_step_size(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.step_size import StepSizeScreen

        if self._offers("step_size") and self.loaded:
            self._open_picture(StepSizeScreen())

    def action_beside(self: "DnnStepApp") -> None:
        """The two runs side by side; without a run beside yet, ask which scenario."""
        if not self.check_action("beside", ()):
            return
        if self.beside is None:
            self.ask_beside()
            return
        from dnnstep.app.screens.beside import BesideScreen

        self._open_picture(BesideScreen())

    def ask_beside(self: "DnnStepApp") -> None:
        """Ask for a scenario (a shipped name or a path) to show beside this run."""
        from dnnstep.app.screens.prompt import PromptScreen
        from dnnstep.scenario import load_scenario

        def check(text: str):
            if not text.strip():
                raise ValueError("Type a shipped scenario's name (moons_gd) or the path of a .toml file.")
            return load_scenario(text.strip(), data_dir=self.data_dir)  # a ScenarioError says why not

        self.push_screen(
            PromptScreen("Show beside this run", check, placeholder="moons_gd, football_l2, or path/to/scenario.toml",
                         help="Another scenario, to compare with this one at the same iteration: its decision "
                              "boundary and its cost curve beside this run's."),
            lambda scenario: scenario is not None and self.show_beside(scenario),
        )

    def show_beside(self: "DnnStepApp", scenario) -> None:
        """Open ``scenario`` (a Scenario, Session, or a shipped name) beside this run, and show both."""
        from dnnstep.engine.session import Session

        if isinstance(scenario, str):
            from dnnstep.scenario import ScenarioError, load_scenario

            try:
                scenario = load_scenario(scenario, data_dir=self.data_dir)
            except ScenarioError as exc:
                self.notify(str(exc), title="Cannot open the scenario beside", severity="error", timeout=10)
                return
        self.beside = scenario if isinstance(scenario, Session) else Session(scenario)
        self.action_beside()

    def action_formulas(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.formulas import FormulasScreen

        if self.check_action("formulas", ()):
            self._open_picture(FormulasScreen())

    def action_histogram(self: "DnnStepApp") -> None:
        """A histogram of the focused pane's tensor (it follows that tensor from step to step)."""
        from dnnstep.app.contents import tensor_title
        from dnnstep.app.screens.histogram import HistogramScreen

        pane = self.focused
        name = getattr(pane, "tensor", "") or next(iter(self._grid.shown), "")
        if not self.loaded or not name:
            return

        def values() -> Values | None:
            step = self.step
            if name in step.tensors:
                return Values(tensor_title(name, step, self.session.L), step.tensors[name])
            return None

        if values() is None:
            self.notify(f"The focused pane has no tensor of this step to count ({name}).", severity="warning")
            return
        self._open_picture(HistogramScreen(values))
