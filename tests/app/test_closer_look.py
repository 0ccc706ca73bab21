"""A closer look at numbers in the app: ΔW, the cell cursor, watches, the mark, the decimals."""

from __future__ import annotations

import numpy as np

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.closer_look import CloserLook
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.step import step_index
from dnnstep.scenario import make_scenario

from .conftest import FakeStudent, five_layer

SIZE = (160, 50)


def learning():
    """A relu network on circles whose gradients are not zero (it learns)."""
    return Session(make_scenario([2, 8, 4, 1], m=50, data="circles", init="he", learning_rate=0.3,
                                 num_iterations=40, name="circles_relu"))


def panes(app) -> dict[str, TensorPane]:
    return {p.tensor: p for p in app.query(TensorPane) if p.tensor}


def closer(app) -> tuple[str, ...]:
    return app.query_one(CloserLook).lines


async def focus(pilot, app, tensor: str) -> TensorPane:
    for _ in range(10):
        if getattr(app.focused, "tensor", None) == tensor:
            return app.focused
        await pilot.press("tab")
    raise AssertionError(f"no pane of {tensor}")


async def test_an_update_step_shows_what_it_changed():
    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u", "n")  # update 2
        step = app.step
        content = panes(app)["dW_change"].content
        W, W_new, dW, alpha = step["W"], step["W_new"], step["dW"], step.scalars["learning_rate"]
        assert np.array_equal(content.value, W_new - W)  # ΔW = W after − W before ...
        assert np.all(np.abs(content.value + alpha * dW) <= np.spacing(np.abs(W_new)) / 2)  # ... = −α dW
        ratio = np.linalg.norm(W_new - W) / np.linalg.norm(W)
        assert (content.title, content.subtitle) == ("ΔW[2]", f"= −α dW  ‖ΔW‖/‖W‖ {ratio:.1e}")
        await pilot.press("c")
        assert "dW_change" not in panes(app)


async def test_the_cell_cursor_names_the_element_and_its_full_value():
    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "n")  # backward 2
        pane = await focus(pilot, app, "dW")
        await pilot.press("o", "down", "shift+right", "shift+right")
        assert pane.cursor == (1, 2)
        dW = app.step["dW"]
        assert closer(app)[0] == f"dW[2][1, 2] = {float(dW[1, 2])!r}"
        await pilot.press("n")  # backward 1: dW[1] is (8, 2), the cursor stays inside it
        assert panes(app)["dW"].cursor == (1, 1)
        assert closer(app)[0] == f"dW[1][1, 1] = {float(app.step['dW'][1, 1])!r}"
        await pilot.press("o")
        assert panes(app)["dW"].cursor is None and closer(app) == ()


async def test_with_homework_the_cell_line_shows_student_reference_and_difference():
    session = Session(five_layer())
    app = DnnStepApp(session, student=FakeStudent(session))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.go(0, step_index(session.L, "backward", 3))
        await pilot.pause()
        pane = await focus(pilot, app, "dW")
        await pilot.press("o", "down")
        reference = session.step(0, pane_index := step_index(session.L, "backward", 3))["dW"]
        assert pane_index == app.position[1]
        value = float(reference[1, 0])
        assert closer(app)[0] == (f"dW[3][1, 0]  student {2 * value!r}  reference {value!r}  "
                                  f"difference {float(np.float64(2 * value) - np.float64(value))!r}")


async def test_a_watch_follows_its_element_through_the_iterations():
    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "n")
        await focus(pilot, app, "dW")
        await pilot.press("o", "down", "w", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        index = step_index(app.session.L, "backward", 2)
        value = float(app.session.step(2, index)["dW"][1, 0])
        assert value != float(app.session.step(0, index)["dW"][1, 0])
        assert f"dW[2][1, 0] at backward 2, iteration 2 = {value!r}" in closer(app)
        await pilot.press("W")
        assert not any("at backward 2" in line for line in closer(app))


async def test_marked_step_panes_show_the_difference_to_it():
    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "n", "m", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        index = step_index(app.session.L, "backward", 2)
        then, now = app.session.step(0, index), app.session.step(2, index)
        content = panes(app)["dW"].content
        assert (content.title, content.subtitle) == ("dW[2]", "− mark")
        assert "− mark" in panes(app)["dW"].render_line(0).text  # the title bar says so, after the shape
        assert np.array_equal(content.value, now["dW"] - then["dW"])
        assert "compared with the mark: iteration 0, backward 2 (m clears it)" in closer(app)
        await pilot.press("m")
        assert np.array_equal(panes(app)["dW"].content.value, now["dW"])


async def test_the_decimals_key_shows_the_course_s_8_decimals():
    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        W = app.step["W"]
        pane = panes(app)["W"]
        text = "\n".join(line.text for line in pane.finished_lines())
        assert f"{W[0, 0]:.4f}" in text and f"{W[0, 0]:.8f}" not in text
        await pilot.press("full_stop")
        await pilot.pause()
        pane = panes(app)["W"]
        assert pane.content.decimals == 8
        text = "\n".join(line.text for line in pane.finished_lines())
        assert f"{W[0, 0]:.8f}" in text
        await pilot.press("full_stop", "full_stop")
        assert panes(app)["W"].content.decimals is None


def test_closer_look_snapshot(snap_compare):
    """The cell cursor, a watch and ΔW at the course's 8 decimals. The elements looked at hold
    exactly 0 (a dead unit's gradient, and the change it makes): a value's last bit depends on
    the order numpy's BLAS sums a product in, and the line under the panes writes every bit
    (that line's precision is tested on its own, above)."""
    app = DnnStepApp(learning())

    async def look(pilot):
        await pilot.press("u", "n", "full_stop")
        await focus(pilot, app, "dW")
        await pilot.press("o", "shift+right", "shift+right", "w")
        await focus(pilot, app, "dW_change")
        await pilot.press("o", "shift+right", "shift+right")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the next iteration, computed ahead, in the status line
        await pilot.pause()
        assert closer(app)[0] == "ΔW[2][0, 2] = 0.0" and closer(app)[1].endswith("= 0.0")  # every bit of 0

    assert snap_compare(app, run_before=look, terminal_size=SIZE)


async def test_the_heat_map_has_a_legend_for_the_focused_pane_in_a_row_that_h_does_not_move():
    from dnnstep.app.widgets.heat_legend import HeatLegend
    from dnnstep.app.widgets.tensor_grid import TensorGrid

    app = DnnStepApp(learning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        legend = app.query_one(HeatLegend)
        grid = app.query_one(TensorGrid)
        assert legend.name_scale is None
        whole = legend.hint(10_000).split(" · ")
        short = legend.hint(40)  # as many whole items as fit in 40 cells, the next one would not
        items = short.split(" · ")
        assert items == whole[: len(items)] and len(short) <= 40 < len(short) + len(" · " + whole[len(items)])
        await focus(pilot, app, "dW")
        size = grid.size
        await pilot.press("h")
        assert legend.name_scale == ("dW[3]", float(np.max(np.abs(app.step["dW"]))))
        assert grid.size == size  # the legend takes the hint's row: h lays nothing out again
        await pilot.press("h")
        assert legend.name_scale is None and grid.size == size


async def test_on_a_short_screen_the_legend_row_appears_only_with_the_heat_map():
    from dnnstep.app.widgets.heat_legend import HeatLegend

    app = DnnStepApp(learning())
    async with app.run_test(size=(80, 24)) as pilot:
        legend = app.query_one(HeatLegend)
        assert not legend.display  # the panes keep the row
        await pilot.press("h")
        await pilot.pause()
        assert legend.display and legend.name_scale is not None
        await pilot.press("h")
        await pilot.pause()
        assert not legend.display
