"""Pilot tests: every key of the debugger moves the one cursor where the course says."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from textual import events

from dnnstep.app import DnnStepApp
from dnnstep.app.screens.help import HelpScreen
from dnnstep.app.screens.prompt import PromptScreen
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.network_map import NetworkMap
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.step import step_index

from .conftest import fast_only, five_layer

SIZE = (120, 40)


async def test_next_and_previous_walk_the_steps_in_course_order(session):
    app = DnnStepApp(session)
    L = session.L
    async with app.run_test(size=SIZE) as pilot:
        assert app.position == (0, 0) and app.step.label == "forward 1"
        assert app.check_action("previous", ()) is None  # dimmed at the very first step
        labels = []
        keys = (["n", "right"] * (3 * L + 1))[: 3 * L + 1]
        for key in keys:
            labels.append(app.step.label)
            await pilot.press(key)
        expected = [f"forward {l}" for l in range(1, L + 1)] + ["cost"]
        expected += [f"backward {l}" for l in range(L, 0, -1)] + [f"update {l}" for l in range(1, L + 1)]
        assert labels == expected
        assert app.position == (1, 0)  # past the last update: the next iteration's forward 1
        await pilot.press("p")
        assert app.position == (0, 3 * L) and app.step.label == f"update {L}"
        await pilot.press("left", "left")
        assert app.position == (0, 3 * L - 2)


async def test_previous_at_the_first_step_stays_put(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "left")
        assert app.position == (0, 0)


async def test_jumps_to_cost_backward_update_and_iterations(session):
    app = DnnStepApp(session)
    L = session.L
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert app.position == (0, step_index(L, "cost")) and app.step.phase == "cost"
        await pilot.press("b")
        assert app.step.label == f"backward {L}"
        await pilot.press("u")
        assert app.step.label == "update 1"
        await pilot.press("right_square_bracket")
        assert app.position == (1, step_index(L, "update", 1))
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert app.position[0] == session.num_iterations - 1  # stays on the last iteration
        assert app.check_action("next_iteration", ()) is None
        await pilot.press("left_square_bracket")
        assert app.position[0] == session.num_iterations - 2
        # The iteration's cost J on screen is the step's own scalar.
        await pilot.press("c")
        assert f"J = {app.step.cost:.6g}" in app.query_one("#where", Line).text


@pytest.mark.parametrize("key", ["colon", "ctrl+g"])
async def test_go_to_a_step_by_number_or_label(session, key):
    app = DnnStepApp(session)
    L = session.L
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"2:backward 3", "enter")
        await pilot.pause()
        assert app.position == (2, step_index(L, "backward", 3))
        await pilot.press(key)
        await pilot.press(*"99", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # a wrong answer keeps the dialog open
        error = app.screen.query_one(".error").render()
        assert "Step 99 is outside 0..15" in str(error)
        await pilot.press("escape")
        await pilot.pause()
        assert app.position == (2, step_index(L, "backward", 3))


async def test_the_main_screen_takes_the_apps_keys_before_the_focused_pane(session):
    """A step key runs its action as it arrives: it does not travel to the focused pane and
    back up first. The keys the panes and the grid bind (arrows, pages, tab) still reach them."""
    from dnnstep.app.keys import KEYS
    from dnnstep.app.screens.main import MainScreen, bound_keys

    taken = bound_keys(TensorPane, TensorGrid)
    first = {name for binding in MainScreen.BINDINGS for name in binding.key.split(",")}
    assert first == {name for key in KEYS for name in key.keys.split(",")} - taken
    assert {"n", "p", "c", "b", "u", "right_square_bracket", "h"} <= first and not {"right", "left", "tab"} & first
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.focused
        assert isinstance(pane, TensorPane)
        reached: list[str] = []
        post = pane.post_message

        def record(message):
            if isinstance(message, events.Key):
                reached.append(message.key)
            return post(message)

        pane.post_message = record
        await pilot.press("n", "b", "down", "right")
        assert app.position == (0, step_index(session.L, "backward", session.L) + 1)  # right: next, after the grid
        assert reached == ["down", "right"]


async def test_the_step_list_is_drawn_again_when_a_new_size_moves_its_window():
    """The list's window moves when its size changes (a taller terminal shows the steps
    above the current one; a key typed as the app opens, before the list has a size, moves
    the cursor first). Every line is drawn again then: the lines kept from the old window
    showed steps from the current one on, and blank rows above the others."""
    from textual.app import App
    from textual.geometry import Region

    from dnnstep.app.widgets.step_list import StepList

    labels = [f"step {i}" for i in range(16)]

    class OneList(App):
        def compose(self):
            yield StepList(labels)

    app = OneList()
    async with app.run_test(size=(40, 10)) as pilot:
        steps = app.query_one(StepList)
        steps.set_current(15)
        await pilot.pause()
        assert steps.top == 16 - steps.size.height
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        await pilot.pause()
        assert steps.top == 0
        lines = steps.render_lines(Region(0, 0, steps.size.width, steps.size.height))
        assert [(line.text.split() or ["(blank)"])[0] for line in lines[:16]] == [str(i) for i in range(16)]


async def test_heat_map_toggles_every_pane(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        panes = [p for p in app.query(TensorPane) if p.display]
        assert app.heat and panes and all(p.heat for p in panes)
        await pilot.press("n")
        assert all(p.heat for p in app.query(TensorPane) if p.display)
        await pilot.press("h")
        assert not any(p.heat for p in app.query(TensorPane))


async def test_tab_moves_the_focus_between_panes(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.focused
        assert isinstance(first, TensorPane)
        await pilot.press("tab")
        second = app.focused
        assert isinstance(second, TensorPane) and second is not first
        await pilot.press("shift+tab")
        assert app.focused is first


async def test_panes_show_the_steps_tensors_and_say_what_is_not_computed(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # forward 2
        step = app.step
        panes = {p.tensor: p for p in app.query(TensorPane) if p.display}
        assert set(step.tensors) <= set(panes)
        assert panes["W"].title_text == f"W[2]  {step['W'].shape}".replace(",)", ")")
        assert panes["A_prev"].title_text.startswith("A[1]")
        # dW of this layer is not computed yet in this iteration: the pane says so, no numbers.
        dW = panes["dW"]
        assert dW.content.value is None
        assert "not computed yet in iteration 0" in dW.content.missing
        assert "backward 2" in dW.content.missing


async def test_help_screen_lists_every_key(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        for key in ("n, →", "q", "r", "h", "g", "e", "d", "i"):
            assert any(k.startswith(key) for k in keys), key
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(session):
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_clicking_a_step_and_a_layer(session):
    app = DnnStepApp(session)
    L = session.L
    async with app.run_test(size=SIZE) as pilot:
        # The list has a border: its first row of steps is the widget's row 1.
        await pilot.click("#steps", offset=(3, 1 + step_index(L, "cost")))
        await pilot.pause()
        assert app.step.phase == "cost"
        await pilot.click("#steps", offset=(3, 1))
        await pilot.pause()
        assert app.step.label == "forward 1"
        await pilot.click("#steps", offset=(3, 0))  # the border: no step
        await pilot.pause()
        assert app.step.label == "forward 1"
        await pilot.press("c")
        await pilot.press("b")
        spans = app.query_one(NetworkMap).spans
        x = (spans[2][0] + spans[2][1]) // 2 + 2  # layer 2, after the map's border and padding
        await pilot.click("#map", offset=(x, 1))
        await pilot.pause()
        assert app.step.label == "backward 2"


async def test_a_slow_iteration_loads_in_a_worker(session, monkeypatch):
    import dnnstep.app.loading as loading

    monkeypatch.setattr(loading, "SLOW_WORK", -1.0)  # every new iteration counts as slow
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # iteration 0 too: computed after the first frame
        await pilot.pause()
        assert app.position == (0, 0) and app.busy is None and app.step is session.steps(0)[0]
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.position == (1, 0) and app.busy is None
        assert (app.step.iteration, app.step.index) == (1, 0)
        fresh = Session(five_layer()).steps(1)[0]  # the same iteration, computed apart from the app
        assert set(app.step.tensors) == set(fresh.tensors)
        for name, array in fresh.tensors.items():
            np.testing.assert_array_equal(app.step[name], array)


async def test_too_small_a_terminal_says_so():
    app = DnnStepApp(Session(five_layer()))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        message = app.query_one("#too-small")
        assert message.display and not app.query_one("#main-area").display
        assert "at least 80 x 24" in str(message.render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not message.display and app.query_one("#main-area").display


async def test_a_slow_first_iteration_is_computed_after_the_first_frame(monkeypatch):
    import dnnstep.app.loading as loading

    monkeypatch.setattr(loading, "SLOW_WORK", -1.0)
    monkeypatch.setattr(loading, "FIRST_WORK", -1.0)  # in a worker
    session = Session(five_layer())
    app = DnnStepApp(session)
    assert session.iterations_computed == 0  # neither the Session nor the app computed it yet
    started = threading.Event()
    steps = session.steps

    def slow_steps(iteration, **kwargs):
        started.wait(5)  # held until the test has seen the first frame
        return steps(iteration, **kwargs)

    monkeypatch.setattr(session, "steps", slow_steps)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.busy == "load" and not app.loaded
        pane = app.query_one(TensorGrid).slots[0]
        assert pane.content.missing.startswith("Computing iteration 0 of tiny_five")
        assert app.check_action("next", ()) is True  # a step key is kept until the iteration is there
        assert app.check_action("export", ()) is not True
        assert "step 0 (0..15): forward 1" in app.query_one("#where", Line).text
        started.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.busy is None and app.step is session.steps(0)[0]
        assert app.query_one(TensorGrid).shown[:3] == ("A_prev", "W", "b")
        await pilot.press("n")
        assert app.position == (0, 1)


async def test_a_first_iteration_of_moderate_size_is_computed_once_the_first_frame_is_out(monkeypatch):
    import dnnstep.app.loading as loading

    monkeypatch.setattr(loading, "SLOW_WORK", -1.0)  # FIRST_WORK stays: on the screen's thread
    session = Session(five_layer())
    app = DnnStepApp(session)
    first_frame = []
    display = app._display

    def record(screen, renderable):
        if renderable is not None and not first_frame:
            first_frame.append((app.loaded, app.query_one(TensorGrid).slots[0].content.missing))
        return display(screen, renderable)

    app._display = record
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert first_frame[0] == (False, first_frame[0][1]) and first_frame[0][1].startswith("Computing iteration 0")
        assert app.loaded and app.busy is None and app.step is session.steps(0)[0]
        assert app.query_one(TensorGrid).shown[:3] == ("A_prev", "W", "b") and "J = " in app.query_one("#where", Line).text


async def test_the_footer_dims_the_step_keys_at_the_ends_of_the_run():
    """n is dimmed at the last step and p at the first, and lit again when the cursor leaves
    them: the footer shows what ``check_action`` says, as Textual's own footer would."""
    app = DnnStepApp(Session(five_layer(num_iterations=1)))
    last = app.session.steps_per_iteration - 1

    def dimmed(app) -> dict[str, bool]:
        keys = app.screen.query_one("Footer").query("FooterKey")
        return {key.action.split(".")[-1]: key.has_class("-disabled") for key in keys
                if key.action.split(".")[-1] in ("next", "previous")}

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert dimmed(app) == {"next": False, "previous": True}
        app.go(0, last - 1)
        await pilot.pause()
        assert dimmed(app) == {"next": False, "previous": False}
        for key, expected in (("n", {"next": True, "previous": False}), ("p", {"next": False, "previous": False}),
                              ("n", {"next": True, "previous": False})):
            await pilot.press(key)
            await pilot.pause()
            assert dimmed(app) == expected, key


@fast_only
async def test_a_step_that_dims_a_key_keeps_the_footers_keys_and_repaints_in_its_own_frame():
    """Textual's footer builds itself again when a key is dimmed (two or three more frames
    and a layout, 25-40 ms of the key); the debugger's sets the key's class where it is, in
    the frame of the step."""
    app = DnnStepApp(Session(five_layer(num_iterations=1)))
    last = app.session.steps_per_iteration - 1
    async with app.run_test(size=SIZE) as pilot:
        app.go(0, last - 1)
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        keys = list(footer.query("FooterKey"))
        frames = []
        display = app._display
        app._display = lambda screen, update: frames.append(app.position) or display(screen, update)
        for key in ("n", "p", "n"):
            frames.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause(0.05)
            assert list(footer.query("FooterKey")) == keys, key  # the same widgets: not built again
            assert len(frames) == 1, (key, frames)


@fast_only
async def test_a_key_dimmed_and_lit_again_looks_as_the_stylesheet_would_style_it():
    """The footer keeps the styles a key had lit and dimmed and puts them back the next time
    (the stylesheet matched again costs milliseconds): what it puts back is what the
    stylesheet gives, for the key and its two parts, in either state, and after a theme change."""
    app = DnnStepApp(Session(five_layer(num_iterations=1)))
    last = app.session.steps_per_iteration - 1

    def next_key(app):
        return next(key for key in app.screen.query_one("Footer").query("FooterKey") if key.action.endswith("next"))

    def looks(key) -> tuple:
        text = key.render()
        return (str(key.styles.text_style), text.markup, [span.style for span in text.spans],
                key.get_component_rich_style("footer-key--key"))

    async with app.run_test(size=SIZE) as pilot:
        app.go(0, last - 1)
        await pilot.pause()
        seen = []
        for press in ("n", "p", "n", "p", "n"):
            await pilot.press(press)
            await pilot.pause()
            key = next_key(app)
            kept = looks(key)
            key.update_node_styles(animate=False)  # the stylesheet's own styling of the same state
            assert kept == looks(key), press
            seen.append((key.has_class("-disabled"), "dim" in kept[0]))
        assert seen == [(True, True), (False, False), (True, True), (False, False), (True, True)]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        key = next_key(app)
        kept = looks(key)
        key.update_node_styles(animate=False)
        assert kept == looks(key) and "dim" not in kept[0]
