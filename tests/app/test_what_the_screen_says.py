"""Pilot tests for what a new user ran into (issue 10): each failed before its fix.

The status line keeps the accuracy across iterations; a run-until chosen during a long
jump runs; the messages say what happened in plain words; files are never replaced;
screenshots hold no toasts; z maximizes; the scenario's story is on screen.
"""

from __future__ import annotations

import html
import threading

import pytest

from dnnstep.app import DnnStepApp
from dnnstep.app.commands import debugger_commands
from dnnstep.app.widgets.about import AboutPanel
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.status_bar import fit_parts
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.conditions import NanOrInf
from dnnstep.engine.step import step_index

from .conftest import FakeStudent, five_layer, notices

SIZE = (120, 40)


def where(app) -> str:
    return app.query_one("#where", Line).text


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_the_train_accuracy_stays_after_changing_iteration(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        assert "train " in where(app)
        for keys in (["right_square_bracket"], ["left_square_bracket"], ["colon", *"2:cost", "enter"]):
            await pilot.press(*keys)
            await settle(app, pilot)
            assert "train " in where(app), keys


async def test_a_run_until_chosen_during_a_long_jump_runs_after_it(monkeypatch):
    import dnnstep.app.loading as loading

    monkeypatch.setattr(loading, "SLOW_WORK", -1.0)  # every new iteration in a worker
    session = Session(five_layer())
    session.current  # noqa: B018 - iteration 0 computed
    release = threading.Event()
    steps = session.steps

    def slow_steps(iteration, **kwargs):
        if iteration == 2:
            release.wait(5)
        return steps(iteration, **kwargs)

    monkeypatch.setattr(session, "steps", slow_steps)
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("colon", *"2:", "enter")
        await pilot.pause()
        assert app.busy == "load"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("1")  # until a NaN or Inf (never, on this net)
        await pilot.pause()
        assert any("starts once iteration 2 is computed" in text for text in notices(app))
        release.set()
        await settle(app, pilot)
        await settle(app, pilot)
        assert app.last_result is not None and app.last_result.reached_end
        assert app.position == (2, 0)  # the run started at the jump's target, found nothing, came back
        assert "Run ended at iteration 3 without finding where a NaN or Inf appears" in " ".join(
            app.query_one("#message", Line).text.split())


async def test_a_cancelled_run_says_so_once_and_where(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:

        def cancel_in_iteration_1(step) -> bool:
            if step.iteration == 1 and step.index == 0:
                app.call_from_thread(app.action_cancel)
            return False

        cancel_in_iteration_1.description = "never"
        app.run_until(cancel_in_iteration_1)
        await settle(app, pilot)
        message = " ".join(app.query_one("#message", Line).text.split())
        assert message.startswith("Run cancelled in iteration 1 without finding where never;")
        assert "Cancelled" not in message  # not "Cancelled: Cancelled at iteration 2."


async def test_the_gradient_check_notice_goes_when_the_result_comes(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b")
        await pilot.press("g")
        await pilot.pause()
        assert "checking the gradients of layer 5" in app.query_one("#run-label", Line).text
        await settle(app, pilot)
        assert app.screen.title_text.startswith("Gradient check · layer 5")
        assert not app.query_one("#status").has_class("-running")
        assert not any("Checking" in text for text in notices(app))


async def test_export_and_screenshot_never_replace_a_file(session, tmp_path):
    app = DnnStepApp(session, output_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        saved = []
        for key in ("e", "e", "s", "s"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            saved.append(app.last_saved.name)
        assert saved == ["tiny_five-it0-forward1.npz", "tiny_five-it0-forward1-2.npz",
                         "tiny_five-it0-forward1.svg", "tiny_five-it0-forward1-2.svg"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(saved)


async def test_a_screenshot_leaves_the_notifications_out(session, tmp_path):
    app = DnnStepApp(session, output_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("a toast that must not be in the picture")
        await pilot.pause()
        assert notices(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        svg = html.unescape(app.last_saved.read_text()).replace("\xa0", " ")
        assert "forward 1" in svg  # the screen itself is there
        assert "must not" not in svg


async def test_z_maximizes_the_focused_pane_and_brings_the_grid_back(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.focused
        assert isinstance(pane, TensorPane) and pane.tensor == "A_prev"
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is pane
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None
        assert app.active_bindings["z"].binding.action == "app.maximize"  # the main screen takes it first


async def test_the_scenario_story_shows_hides_and_is_in_the_palette(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        about = app.query_one(AboutPanel)
        assert about.display and about.text.startswith("five layers, 7 examples")
        assert "[2, 3, 5, 4, 2, 1]" in about.text  # no description: the shape says what it is
        await pilot.press("a")  # all of it (here its first lines are all of it)
        await pilot.pause()
        assert about.display and about.state == "whole"
        await pilot.press("a")
        await pilot.pause()
        assert not about.display
        commands = [title for title, _, _ in debugger_commands(app)]
        assert "Show all of the scenario's story, hide it, or show its first lines" in commands
        assert any(title.startswith("Open scenario five_layer: The five-layer network") for title in commands)


def test_the_position_line_shortens_before_it_drops_and_never_dangles():
    parts = ["five_layer", ("iteration 12 of 999", "it 12"), ("step 5 of 15: cost", "5: cost"), "J = 0.693", "train 50%"]
    assert fit_parts(parts, 200) == "five_layer · iteration 12 of 999 · step 5 of 15: cost · J = 0.693 · train 50%"
    assert fit_parts(parts, 60) == "five_layer · it 12 · 5: cost · J = 0.693 · train 50%"
    assert fit_parts(parts, 40) == "five_layer · it 12 · 5: cost · J = 0.693"
    assert fit_parts(parts, 5) == "five_layer"


@pytest.mark.parametrize("homework", [False, True])
async def test_at_80x24_the_status_line_keeps_j_and_the_footer_keeps_help_and_quit(homework):
    session = Session(five_layer())
    app = DnnStepApp(session, student=FakeStudent(session) if homework else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("c")
        await pilot.pause()
        text = where(app)
        assert "J = " in text and not text.rstrip().endswith("·")
        keys = list(app.screen.query_one("Footer").query("FooterKey"))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        clear = [k.description for k in keys if k is not palette and k.region.width and k.region.right <= palette.region.x]
        assert "Help" in clear and "Quit" in clear  # not under the palette key on the right


async def test_at_80x24_the_divergence_is_said_in_the_status_line_not_over_the_pane(session):
    app = DnnStepApp(session, student=FakeStudent(session))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        assert not notices(app)
        assert app.query_one("#message", Line).text.startswith("First divergence at iteration 0, backward 3")
        await pilot.press("d")
        await pilot.pause()
        assert app.query_one("#message", Line).text == ""  # said until the cursor moves


async def test_at_80x24_the_status_line_and_the_cost_sparkline_have_a_space_between_them():
    app = DnnStepApp(Session(five_layer(num_iterations=20)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        for _ in range(app.session.steps_per_iteration):  # every step's status line, long and short
            await pilot.press("n")
            await pilot.pause()
            line = app.screen._compositor.render_strips()[0].text
            spark = min(line.index(c) for c in "▁▂▃▄▅▆▇█" if c in line)
            assert line[spark - 1] == " ", line
