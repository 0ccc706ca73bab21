"""Files in and out: export a step, save the screen, open another scenario, the examples.

:class:`Files` is mixed into the app. A file it writes never replaces an earlier one:
``five_layer-it3-backward2.npz`` is followed by ``five_layer-it3-backward2-2.npz``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from dnnstep.app.loading import LoadingPolicy
from dnnstep.app.messages import SessionReady
from dnnstep.engine.session import Session

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp


def free_path(directory: Path, stem: str, suffix: str) -> Path:
    """``directory/stem.suffix``, or ``stem-2``, ``stem-3``… if that file already exists."""
    path = directory / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}{suffix}"
        n += 1
    return path


class Files:
    """Mixed into ``DnnStepApp``: exports, screenshots, opening scenarios, the examples."""

    last_saved: Path | None = None
    """The last file the app wrote (an export or a screenshot)."""

    def _file_stem(self: "DnnStepApp") -> str:
        iteration, index = self.position
        return f"{self.session.scenario.name}-it{iteration}-{self._label(index).replace(' ', '')}"

    def export_path(self: "DnnStepApp") -> Path:
        """Where ``e`` writes the current step (a new file each time)."""
        return free_path(self.output_dir, self._file_stem(), ".npz")

    def action_export(self: "DnnStepApp") -> None:
        from dnnstep.export.formats import export_step_npz

        path = self.export_path()
        try:
            export_step_npz(self.step, path)
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error")
            return
        self.last_saved = path
        self.notify(f"Exported {self.step.label} of iteration {self.step.iteration} to {path}", title="Exported")

    def action_screenshot(self: "DnnStepApp") -> None:
        """Save the screen as an SVG, without the notifications on it."""
        path = free_path(self.output_dir, self._file_stem(), ".svg")
        self.clear_notifications()
        toasts = list(self.screen.query("ToastRack"))
        for rack in toasts:
            rack.display = False

        def save() -> None:
            try:
                saved = self.save_screenshot(path.name, str(path.parent))
            except OSError as exc:
                self.notify(f"Could not save the screen: {exc.strerror or exc}", severity="error")
                return
            finally:
                for rack in toasts:
                    rack.display = True
            self.last_saved = Path(saved)
            self.notify(f"Saved the screen to {saved}", title="Saved SVG")

        self.call_after_refresh(save)

    def action_examples(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.examples import ExamplesScreen

        if self.session.scenario.image_shape is not None:
            self.push_screen(ExamplesScreen(self.session, self.position[0]))

    # ------------------------------------------------------------------ another scenario
    def open_scenario(self: "DnnStepApp", name_or_path: str | Path) -> None:
        """Load a scenario (a shipped name or a path) in a worker and switch to it."""
        if self._busy:
            return
        self._busy = "open"
        self._show_run(f"opening {name_or_path}…", 0, None)
        self._refresh_bindings_if_changed()
        self._open_worker(str(name_or_path))

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self: "DnnStepApp", name_or_path: str) -> None:
        try:
            from dnnstep.scenario import load_scenario

            session = Session(load_scenario(name_or_path, data_dir=self.data_dir))
            session.current  # noqa: B018 - its first iteration, here rather than on the screen's thread
        except Exception as exc:  # ScenarioError: one clear message
            self.post_message(SessionReady(None, str(exc)))
            return
        self.post_message(SessionReady(session))

    def on_session_ready(self: "DnnStepApp", message: SessionReady) -> None:
        self._busy = None
        self._show_run(None)
        if message.session is None:
            self.notify(message.error, title="Cannot open the scenario", severity="error", timeout=10)
            self._refresh_bindings_if_changed()
            return
        had_student = self.student is not None
        self.set_session(message.session)
        if had_student:
            self.notify("The student's run belongs to the previous scenario: comparison is off.")

    def set_session(self: "DnnStepApp", session: Session) -> None:
        """Show ``session`` from its current step (drops a student's comparison)."""
        from dnnstep.app.widgets.about import AboutPanel
        from dnnstep.app.widgets.tensor_grid import TensorGrid

        for worker in self.workers:
            if worker.group in ("ahead", "accuracy"):
                worker.cancel()
        self._ahead = None
        self.session = session
        self.policy = LoadingPolicy(session)
        self._accuracy.clear()
        self._sizes.clear()
        if self.student is not None:
            self.student = None
            self._divergence = False
            self._grid.remove()
            self._grid = TensorGrid(id="tensors")
            self.query_one("#work").mount(self._grid)
        session.current  # noqa: B018 - computed in the worker that opened it
        self._refresh_costs()
        self._map.set_network(session.scenario.layer_dims, session.scenario.activations)
        self.query_one(AboutPanel).set_scenario(session.scenario)
        self._steps_list.set_labels(self._step_labels())
        self._fit(self.size.width, self.size.height)  # the formula pane's room for this session's steps
        self.refresh_bindings()  # the pictures of features this scenario has, or not
        self._moved()

    def ask_scenario_path(self: "DnnStepApp") -> None:
        def check(text: str) -> str:
            path = Path(text.strip()).expanduser()
            if not text.strip():
                raise ValueError("Type the path of a scenario .toml file.")
            if not path.is_file():
                raise ValueError(f"{path} is not a file.")
            return str(path)

        from dnnstep.app.screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen("Open a scenario file", check, placeholder="path/to/scenario.toml"),
            lambda path: path and self.open_scenario(path),
        )
