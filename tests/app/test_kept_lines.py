"""Lines drawn once and kept: the containers behind the panes (one blank line, kept across
plans) and the frames of the formula pane, the step list and the map (kept per step)."""

from textual.geometry import Region
from textual.widget import Widget

from dnnstep.app import DnnStepApp
from dnnstep.app.fast import Backdrop
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.engine import Session
from dnnstep.scenario import make_scenario

from .conftest import fast_only

pytestmark = fast_only


def five_layer() -> DnnStepApp:
    return DnnStepApp(Session(make_scenario([2, 3, 5, 4, 2, 1], m=30, num_iterations=5, name="five_30")))


async def test_a_containers_lines_are_the_ones_textual_draws_for_it():
    app = five_layer()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        containers = [node for node in app.screen.walk_children(with_self=True) if isinstance(node, Backdrop)]
        assert {type(node).__name__ for node in containers} >= {"MainScreen", "BackdropVertical", "BackdropHorizontal", "TensorGrid"}
        for node in containers:
            crop = Region(0, 0, node.size.width, node.size.height)
            ours = node.render_lines(crop)
            node._styles_cache.clear()
            textuals = Widget.render_lines(node, crop)
            assert [list(line) for line in ours] == [list(line) for line in textuals], node


async def test_a_step_into_another_phase_keeps_the_grids_lines_so_their_cuts_are_not_made_again():
    app = five_layer()
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        await pilot.press("n")
        await pilot.pause()
        crop = Region(0, 0, grid.size.width, grid.size.height)
        before, plan = grid.render_lines(crop), grid.plan
        await pilot.press("c")  # forward -> cost: a new plan, the panes move
        await pilot.pause()
        assert grid.plan != plan
        after = grid.render_lines(crop)
        assert all(a is b for a, b in zip(before, after))
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"  # a new theme: drawn again
        await pilot.pause()
        assert grid.render_lines(crop)[0] is not after[0]


async def test_a_kept_frame_is_the_one_textual_draws_when_the_step_comes_round_again():
    from dnnstep.app.widgets.formula_pane import FormulaPane
    from dnnstep.app.widgets.network_map import NetworkMap
    from dnnstep.app.widgets.step_list import StepList

    app = five_layer()
    async with app.run_test(size=(160, 50)) as pilot:
        widgets = [app.query_one(kind) for kind in (FormulaPane, StepList, NetworkMap)]
        for key in ("n", "n", "p", "p", "n"):  # forward 2 and forward 1 come round again
            await pilot.press(key)
            await pilot.pause()
            for widget in widgets:
                crop = Region(0, 0, widget.size.width, widget.size.height)
                kept = widget.render_lines(crop)
                widget._styles_cache.clear()
                drawn = Widget.render_lines(widget, crop)
                assert [line.text for line in kept] == [line.text for line in drawn], (key, widget)
                assert [list(line) for line in kept] == [list(line) for line in drawn], (key, widget)
        formula = widgets[0]
        crop = Region(0, 0, formula.size.width, formula.size.height)
        before = formula.render_lines(crop)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = formula.render_lines(crop)
        assert [list(line) for line in after] != [list(line) for line in before]  # the new theme's colours


async def test_the_next_steps_formulas_list_and_map_are_drawn_ahead_as_textual_draws_them(monkeypatch):
    """On a first pass through an iteration every step is new to the formula pane, the step
    list and the map: their frames are drawn ahead, in idle time, so that showing the step
    takes no pass of Textual's for them; and each is the frame Textual would draw."""
    from textual._styles_cache import StylesCache

    from dnnstep.app.widgets.formula_pane import FormulaPane
    from dnnstep.app.widgets.network_map import NetworkMap
    from dnnstep.app.widgets.step_list import StepList

    app = five_layer()
    async with app.run_test(size=(160, 50)) as pilot:
        widgets = [app.query_one(kind) for kind in (FormulaPane, StepList, NetworkMap)]
        passes: list[str] = []
        render_widget = StylesCache.render_widget

        def counted(cache, widget, crop):
            if widget in widgets and cache is widget._styles_cache:
                passes.append(type(widget).__name__)
            return render_widget(cache, widget, crop)

        monkeypatch.setattr(StylesCache, "render_widget", counted)
        await pilot.press("right_square_bracket")  # iteration 1: every step a first visit
        for _ in range(app.session.steps_per_iteration):
            await pilot.pause(0.05)  # the user reads; the next step is drawn ahead
            passes.clear()
            await pilot.press("n")
            await pilot.pause()
            assert passes == [], app.step.label
            for widget in widgets:
                crop = Region(0, 0, *widget.outer_size)
                kept = widget.render_lines(crop)
                widget._styles_cache.clear()
                drawn = render_widget(widget._styles_cache, widget, crop)
                assert [list(line) for line in kept] == [list(line) for line in drawn], (app.step.label, widget)


async def test_a_plain_lines_text_is_drawn_as_textual_draws_it():
    """A one-line plain text that fits is drawn directly (the position line changes on every
    step); aligned, padded, styled, too long or several lines go Textual's way. Either way
    the line is the one Textual draws, in every theme."""
    from textual.app import App

    from dnnstep.app.widgets.line import Line

    class Lines(App):
        CSS = """
        #right { text-align: right; }
        #padded { padding: 0 1; }
        #bold { text-style: bold; color: $accent; background: $panel; }
        #two { height: 2; }
        """

        def compose(self):
            yield Line("five_layer · iteration 3 of 999 · step 7 of 15: backward 4", id="plain")
            yield Line("J over 2 iterations", id="right")
            yield Line("padded", id="padded")
            yield Line("bold ▶ ◀ σ", id="bold")
            yield Line("a line far too long for the forty columns it is given here", id="long")
            yield Line("one\ntwo", id="two")
            yield Line("", id="empty")

    app = Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            for line in app.query(Line):
                for text in (line.text, "x", "fits · ◀ ─▶"):
                    line.update(text)
                    ours = [line.render_line(y) for y in range(line.size.height)]
                    line._dirty_regions.add(line.size.region)  # Textual's own pass draws it again
                    theirs = [Widget.render_line(line, y) for y in range(line.size.height)]
                    assert [list(strip) for strip in ours] == [list(strip) for strip in theirs], (theme, line.id, text)
            assert app.query_one("#plain", Line)._look[1] is not None  # drawn directly, not Textual's way
            assert app.query_one("#right", Line)._look[1] is None
