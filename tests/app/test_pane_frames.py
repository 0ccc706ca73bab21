"""The tensor panes' fast drawing draws what Textual's own path draws.

A pane hands the compositor its finished lines (``DirectLines``), keeps drawn frames in
a cache shared by the grid, and draws the next step into that cache ahead of time. Each
shortcut is checked here against the slow path it replaces, cell by cell and style by
style, on every step of an iteration, with the heat map, scrolled, and under a border.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from dnnstep.app import DnnStepApp
from dnnstep.app.contents import pane_contents
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session

from .conftest import fast_only, five_layer

SIZE = (120, 40)


def textual_lines(pane: TensorPane) -> list:
    """The pane's lines through Textual's styles cache (the path DirectLines skips)."""
    pane._styles_cache.clear()
    region = Region(0, 0, *pane.outer_size)
    return [list(strip) for strip in Widget.render_lines(pane, region)]


def direct_lines(pane: TensorPane) -> list:
    return [list(strip) for strip in pane.render_lines(Region(0, 0, *pane.outer_size))]


async def test_direct_lines_equal_textuals_lines_on_every_step():
    app = DnnStepApp(Session(five_layer()))
    async with app.run_test(size=SIZE) as pilot:
        for index in range(app.session.steps_per_iteration):
            for heat in (False, True):
                if app.heat != heat:
                    await pilot.press("h")
                await pilot.pause()
                for pane in app.query_one(TensorGrid).slots:
                    if pane.display:  # a slot the step does not need is put away
                        assert direct_lines(pane) == textual_lines(pane), (index, heat, pane.tensor)
            await pilot.press("n")
        pane = app.query_one(TensorGrid).slots[0]
        pane.focus()
        await pilot.pause()
        pane.scroll_cells(rows=2, columns=3)
        await pilot.pause()
        assert direct_lines(pane) == textual_lines(pane)
        pane.styles.border = ("round", "red")  # a border: Textual's path draws it
        await pilot.pause()
        lines = pane.render_lines(Region(0, 0, *pane.outer_size))
        assert lines[0].text.startswith("╭") and [list(s) for s in lines] == textual_lines(pane)


async def test_predraw_leaves_the_pane_alone_and_fills_the_cache_with_the_right_frame():
    session = Session(five_layer())
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for pane in app.query_one(TensorGrid).slots:
            pane._frames.clear()
        before = [(p.tensor, p.content, p.row0, p.col0, p.title_text, list(p._lines)) for p in app.query_one(TensorGrid).slots]
        step = session.steps(0)[1]
        app.query_one(TensorGrid).predraw(pane_contents(step, session.L, app._summaries), app.heat, app._pane_sizes(step), app.decimals)
        assert [(p.tensor, p.content, p.row0, p.col0, p.title_text, list(p._lines)) for p in app.query_one(TensorGrid).slots] == before
        predrawn = {key: value[1] for key, value in app.query_one(TensorGrid).slots[0]._frames._items.items() if key[0] == "lines"}
        assert predrawn  # the next step's frames are in the cache
        await pilot.press("n")
        await pilot.pause()
        for pane in app.query_one(TensorGrid).slots:
            assert pane._lines_key in predrawn and pane._lines is predrawn[pane._lines_key]
            # ... and that frame is the one drawing it afresh gives
            fresh = [pane._compose_line(y).apply_style(pane.rich_style) for y in range(pane.outer_size.height)]
            assert [list(s) for s in pane._lines] == [list(s) for s in fresh]


async def test_the_status_lines_direct_lines_equal_textuals():
    from dnnstep.app.widgets.line import Line

    app = DnnStepApp(Session(five_layer()))
    async with app.run_test(size=SIZE) as pilot:
        for key in ("n", "c", "b"):
            await pilot.press(key)
            await pilot.pause()
            for line in app.query(Line):
                if line.outer_size.area:
                    assert direct_lines(line) == textual_lines(line), line.id


def test_a_pane_asks_textual_to_repaint_its_changed_lines_as_runs():
    from textual.geometry import Region

    from dnnstep.app.widgets.tensor_pane import _runs

    assert _runs([0, 1, 2, 5, 7, 8], 10) == [Region(0, 0, 10, 3), Region(0, 5, 10, 1), Region(0, 7, 10, 2)]
    assert _runs([4], 6) == [Region(0, 4, 6, 1)]


async def test_the_panes_share_one_palette_per_theme_and_draw_a_new_theme_in_its_colours(monkeypatch):
    """Textual works a theme's variables out afresh on every call (a millisecond each): the
    grid's panes work their cell styles out once per theme, and a change of theme gives
    every pane the new theme's cell styles."""
    import dnnstep.app.widgets.pane_content as pane_content
    from dnnstep.app.widgets.array_window import palette

    made = []
    monkeypatch.setattr(pane_content, "palette", lambda variables: made.append(variables) or palette(variables))
    app = DnnStepApp(Session(five_layer(num_iterations=2)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panes = [pane for pane in app.query_one(TensorGrid).slots if pane.tensor]
        for theme in ("textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            styles = {id(pane._palette()) for pane in panes}
            assert len(styles) == 1 and panes[0]._palette() == palette(app.get_css_variables()), theme
        assert len(made) == 3  # the first theme's, then one for each new theme


@fast_only
async def test_the_grids_scrollbar_kept_frames_are_what_textual_draws():
    """The grid's scrollbar keeps its frames (``fast.kept_scrollbar``): at every extent an
    iteration gives the grid, scrolled to the top and further down, and under the mouse,
    the kept frame is the one Textual's styling pass draws."""
    from dnnstep.app.fast.kept_scrollbar import KeptScrollBar
    from dnnstep.scenario import load_scenario

    app = DnnStepApp(Session(load_scenario("moons_adam")))
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        bar = grid.vertical_scrollbar
        assert isinstance(bar, KeptScrollBar)
        seen = set()
        for _ in range(app.session.steps_per_iteration):
            await pilot.press("n")
            await pilot.pause()
            if not bar.display:
                continue
            for scroll, hover in ((0, False), (grid.max_scroll_y, False), (grid.max_scroll_y // 2, True)):
                grid.scroll_to(y=scroll, animate=False)
                bar.mouse_over = hover
                await pilot.pause()
                region = Region(0, 0, *bar.outer_size)
                kept = [list(strip) for strip in bar.render_lines(region)]
                bar._styles_cache.clear()
                assert kept == [list(strip) for strip in Widget.render_lines(bar, region)], (app.step.label, scroll)
                seen.add((bar.window_virtual_size, scroll > 0))
            bar.mouse_over = False
            grid.scroll_to(y=0, animate=False)
        assert len(seen) >= 3  # two extents at least (update 1 and update 2), scrolled and not
