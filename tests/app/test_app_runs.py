"""Pilot tests: run-until in a worker (found, never found, cancelled), and the features
the debugger takes from other floors (gradient check, export, SVG, student, examples)."""

from __future__ import annotations

import threading

import numpy as np

from dnnstep.app import DnnStepApp
from dnnstep.app.commands import debugger_commands
from dnnstep.app.screens.report import ReportScreen
from dnnstep.app.screens.run_until import RunUntilScreen
from dnnstep.app.widgets.formula_pane import FormulaPane
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.step_list import StepList
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.conditions import DeadRelu
from dnnstep.engine.step import step_index

from .conftest import FakeStudent, five_layer, notices

SIZE = (120, 40)


def first_dead_relu(session: Session, start: tuple[int, int]):
    """Where a dead ReLU layer first shows after ``start``, found by reading the steps."""
    for iteration in range(start[0], session.num_iterations):
        for step in session.steps(iteration):
            if (iteration, step.index) <= start:
                continue
            if step.phase == "forward" and step.activation == "relu" and not np.any(step["A"]):
                return iteration, step.index
    return None


async def wait_for_run(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_run_until_a_dead_relu_from_the_menu():
    session = Session(five_layer(init="zeros"))  # zeros: every ReLU outputs 0
    expected = first_dead_relu(Session(five_layer(init="zeros")), (0, 0))
    assert expected is not None
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RunUntilScreen)
        await pilot.press("2")  # every ReLU unit of a layer is dead
        await wait_for_run(app, pilot)
        assert app.position == expected
        result = app.last_result
        assert result.found and f"iteration {expected[0]}" in result.reason
        said = " ".join(app.query_one("#message", Line).text.split())
        assert said == "Stopped: " + result.reason[0].lower() + result.reason[1:]  # where and why, on screen


async def test_run_until_that_never_holds_names_the_condition_and_keeps_the_place(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("1")  # NaN or Inf: the tiny net stays finite
        await wait_for_run(app, pilot)
        assert not app.last_result.found and app.last_result.reached_end
        assert app.position == (0, step_index(session.L, "cost"))  # back where the run began
        assert " ".join(app.query_one("#message", Line).text.split()) == (
            "Run ended at iteration 3 without finding where a NaN or Inf appears; "
            "the cursor is back at iteration 0, cost.")


async def test_run_until_with_a_bound_and_a_bad_bound(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#bound").value = "lots"
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, RunUntilScreen)
        assert "'lots' is not a number" in str(app.screen.query_one(".error").render())
        app.screen.query_one("#bound").value = "1e-300"  # any gradient norm is above that
        await pilot.press("3")
        await wait_for_run(app, pilot)
        step = app.step
        assert app.last_result.found and step.phase == "backward"
        assert (step.iteration, step.index) == (0, step_index(session.L, "backward", session.L))


async def test_escape_cancels_a_run_and_stepping_waits_for_it(session):
    app = DnnStepApp(session)
    started, release = threading.Event(), threading.Event()

    def slow_condition(step) -> bool:
        started.set()
        release.wait(5)
        return False

    async with app.run_test(size=SIZE) as pilot:
        app.run_until(slow_condition)
        for _ in range(500):
            if started.is_set():
                break
            await pilot.pause(0.01)
        assert started.is_set()
        assert app.check_action("next", ()) is None  # dimmed while the run owns the session
        await pilot.press("n")
        assert app.position == (0, 0)
        await pilot.press("escape")
        release.set()
        await wait_for_run(app, pilot)
        assert app.last_result.cancelled and "Cancelled at iteration" in app.last_result.reason
        assert app.busy is None
        stopped = app.last_result.step
        assert app.position == (stopped.iteration, stopped.index)  # the cursor is where the run stopped
        await pilot.press("n")  # and steps on from there at once
        if stopped.index + 1 < session.steps_per_iteration:
            assert app.position == (stopped.iteration, stopped.index + 1)
        else:
            assert app.position == (stopped.iteration + 1, 0)


async def test_gradcheck_of_the_current_layer_shows_the_result(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "n")  # backward L-1
        layer = app.step.layer
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert f"layer {layer}" in app.screen.title_text
        assert f"gradient check of layer {layer} at iteration 0" in app.screen.text
        await pilot.press("escape")


async def test_export_writes_the_current_step(session, tmp_path):
    app = DnnStepApp(session, output_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.press("e")
        await pilot.pause()
        path = app.last_saved
        assert path.parent == tmp_path and path.suffix == ".npz"
        with np.load(path) as saved:
            for name, array in app.step.tensors.items():
                np.testing.assert_array_equal(saved[name], array)


async def test_s_saves_the_screen_as_svg(session, tmp_path):
    app = DnnStepApp(session, output_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        path = app.last_saved
        assert path.parent == tmp_path and path.suffix == ".svg"
        assert "<svg" in path.read_text() and "forward" in path.read_text()


async def test_student_panes_show_student_reference_and_difference(session):
    student = FakeStudent(session, layer=3)
    app = DnnStepApp(session, student=student)
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()  # the first divergence is found in a worker
        await pilot.pause()
        assert app.check_action("divergence", ()) is True
        await pilot.press("d")
        await pilot.pause()
        assert app.position == (0, step_index(session.L, "backward", 3))
        assert app.query_one(StepList).marks == {app.position[1]: "✗"}
        assert isinstance(app.focused, TensorPane) and app.focused.tensor == "dW"
        panes = {p.tensor: p for p in app.query(TensorPane) if p.display}
        dW, db, dZ = panes["dW"].content, panes["db"].content, panes["dZ"].content
        reference = app.step
        np.testing.assert_array_equal(dW.reference, reference["dW"])
        np.testing.assert_array_equal(dW.difference, reference["dW"])  # 2 dW - dW
        differing = int(np.count_nonzero(reference["dW"]))  # 2 x 0 == 0: zeros still match
        assert dW.verdict == f"{differing} of {reference['dW'].size} cells differ"
        assert db.difference is None and db.verdict.startswith("student (")
        assert dZ.verdict == "matches the reference" and not panes["dZ"].has_class("-differs")
        assert panes["dW"].has_class("-differs")
        # The formula pane derives shapes from the student's tensors: db lost a column.
        assert "db[3] should be (4, 1) but the step holds (4,)" in app.query_one(FormulaPane).text
        # Next iteration: the student has no step; the pane says why and shows the reference.
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()  # with a student, a new iteration loads in a worker
        await pilot.pause()
        assert app.position[0] == 1
        pane = next(p for p in app.query(TensorPane) if p.display)
        assert pane.content.value is None and "stopped after iteration 0" in pane.content.missing
        assert pane.content.reference is not None


async def test_divergence_key_is_hidden_without_a_student(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        assert app.check_action("divergence", ()) is False  # hidden from the footer
        await pilot.press("d")
        assert app.position == (0, 0)


async def test_examples_only_for_image_scenarios(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE):
        assert app.check_action("examples", ()) is False
    images = Session(make_image_scenario())
    app = DnnStepApp(images)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        from dnnstep.app.screens.examples import ExamplesScreen

        assert isinstance(app.screen, ExamplesScreen)


def make_image_scenario():
    from dnnstep.scenario import make_scenario

    rng = np.random.default_rng(4)
    X = rng.random((4 * 4 * 3, 6))
    Y = (rng.random((1, 6)) > 0.5).astype(float)
    return make_scenario([48, 3, 1], X=X, Y=Y, image_shape=(4, 4, 3), num_iterations=3, name="tiny_images")


async def test_palette_offers_jumps_runs_and_scenarios(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        commands = {title: callback for title, _, callback in debugger_commands(app)}
        assert "Go to the cost" in commands and "Open a scenario file…" in commands
        five_layer_title = "Open scenario five_layer: The five-layer network of the course notes"
        assert five_layer_title in commands
        assert "Run until every ReLU unit of a layer is dead" in commands
        assert "Previous step" not in commands  # cannot run at the first step
        commands["Go to the cost"]()
        await pilot.pause()
        assert app.step.phase == "cost"
        commands[five_layer_title]()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.scenario.name == "five_layer" and app.position == (0, 0)


async def test_opening_a_missing_file_says_why(session, tmp_path):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.open_scenario(tmp_path / "nope.toml")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is session and app.busy is None
        assert any("nope.toml" in text for text in notices(app))
