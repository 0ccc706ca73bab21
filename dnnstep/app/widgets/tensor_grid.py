"""The grid of tensor panes: eight slots that the current step's tensors fill in order.

A step holds at most eight tensors to show (backward: A_prev, W, Z, dA, dZ, dW, db,
dA_prev). The grid keeps eight panes and refills them in ``TENSOR_ORDER``. Each pane is
sized to what it holds (``grid_plan``): ``b[2] (7, 1)`` gets a narrow column and the
room it frees goes to the wide ``(n, m)`` panes, and the rows share the height so that the
grid fits the screen. The plan is made per phase from the largest shapes of its layers, so
stepping through a phase never changes the layout, only repaints: that is what keeps a
step change within a frame. On a short screen the grid shows one pane at a time.
"""

from __future__ import annotations

from typing import Mapping

from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual._resolve import resolve
from textual.content import Content
from textual.css.scalar import Scalar
from textual.geometry import NULL_OFFSET, NULL_SPACING, Region, Size
from textual.layout import ArrangeResult, Layout, WidgetPlacement
from textual.widget import Widget

from dnnstep.app.grid_plan import COLUMNS, GridPlan, Need, need, plan_grid
from dnnstep.app.widgets.backdrop import Backdrop
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.tensor_pane import FrameCache, PaneContent, TensorPane
from dnnstep.engine.vocabulary import EVERY_NAME

_ALPHA_AT = EVERY_NAME.index("dA_prev")
TENSOR_ORDER = (*EVERY_NAME[:_ALPHA_AT], "alpha", *EVERY_NAME[_ALPHA_AT:], "dW_change")
"""Every tensor name of a Step (and the update's learning rate after db, and what the update
changed, ΔW, after W after), in the order the panes appear: week 4's, then Course 2's."""

SLOTS = 8
MIN_PANE_HEIGHT = 8
EMPTY = PaneContent("")


class PlanLayout(Layout):
    """Places the panes of a grid where its plan puts them.

    Textual's grid layout could do it from CSS (column spans, the rows' heights), but a
    plan is then applied by setting nine styles, and each asks for its own repaint and the
    grid's general placement (auto rows, spans, limits) runs on every new plan: about a
    third of a step into another phase. This layout reads the plan and places the panes."""

    name = "plan"

    def __init__(self, grid: TensorGrid) -> None:
        self.grid = grid

    def arrange(self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True) -> ArrangeResult:
        plan = self.grid.plan
        assert plan is not None
        regions = self.grid.regions(plan, size)
        return [WidgetPlacement(region, NULL_OFFSET, NULL_SPACING, widget, order)
                for order, (widget, region) in enumerate(zip(children, regions))]


class TensorGrid(Backdrop, ScrollableContainer, can_focus=False):
    """Holds the panes; ``show(contents)`` fills them with the panes named in ``contents``."""

    DEFAULT_CSS = """
    TensorGrid {
        layout: grid;
        grid-gutter: 1 1;
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    TensorGrid #pane-tabs { display: none; }
    TensorGrid.-single { layout: vertical; scrollbar-gutter: auto; }
    TensorGrid.-single #pane-tabs { display: block; }
    TensorGrid.-single TensorPane { display: none; }
    TensorGrid.-single TensorPane.-current { display: block; height: 1fr; }
    """

    BINDINGS = [
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
    ]

    def __init__(self, *, compare: bool = False, id: str | None = None) -> None:
        frames = FrameCache()  # the panes' finished lines, shared: a tensor moves between slots
        self._slots = [TensorPane(slot, compare=compare, frames=frames) for slot in range(SLOTS)]
        super().__init__(Line("", id="pane-tabs"), *self._slots, id=id)
        self.compare = compare
        self.sides = False
        self.single = False
        """True on a short screen: one pane at a time, the whole height, tab moves to the next."""
        self._shown: tuple[str, ...] = ()
        self._current = 0
        self._needs: tuple[Need, ...] = ()
        self._showing: tuple[Mapping[str, PaneContent], Mapping | None, Mapping | None] = ({}, None, None)
        """show's contents, shapes and widths."""
        self.plan: GridPlan | None = None
        """The plan applied: each pane's column span and the rows' heights."""
        self._plans: dict[tuple, GridPlan] = {}  # by needs and size: one plan per phase, made once
        self._plan_layout = PlanLayout(self)
        self._regions: dict[tuple, tuple[Region, ...]] = {}  # by plan, area and gutters: see regions

    @property
    def slots(self) -> list[TensorPane]:
        return list(self._slots)  # the grid's own eight, in order (a query per step cost a CSS match each)

    @property
    def panes(self) -> dict[str, TensorPane]:
        """The panes on show by tensor name."""
        return {pane.tensor: pane for pane in self._slots if pane.tensor}

    @property
    def shown(self) -> tuple[str, ...]:
        """The tensor names of the panes on show, in order."""
        return self._shown

    def show(self, contents: Mapping[str, PaneContent], heat: bool,
             shapes: Mapping[str, tuple[int, ...]] | None = None, widths: Mapping[str, int] | None = None) -> None:
        """Fill the slots with ``contents`` in ``TENSOR_ORDER``; the rest are put away.

        ``shapes`` and ``widths``: the largest shape of each tensor over the phase's layers
        and the widest cell of its values (see ``phase_sizes``), which the panes are sized
        for (a tensor not in them is sized for the shape it has now, in 8-character cells)."""
        names = [name for name in TENSOR_ORDER if name in contents][:SLOTS]
        self._shown = tuple(names)
        self._showing = (contents, shapes, widths)
        self._needs = self._needs_for(names, contents, shapes, widths)
        resizing = self._apply_plan()
        for i, pane in enumerate(self._slots):
            if i < len(names):
                pane.show(contents[names[i]], heat, tensor=names[i], resizing=resizing)
            elif pane.content is not EMPTY:  # put away once, not again on every step
                pane.show(EMPTY, heat, tensor="", resizing=resizing)
        if self.single:
            self._set_current(min(self._current, max(0, len(names) - 1)))

    def _needs_for(self, names, contents: Mapping[str, PaneContent], shapes: Mapping[str, tuple[int, ...]] | None,
                   widths: Mapping[str, int] | None = None) -> tuple[Need, ...]:
        return tuple(self._need(contents[name], (shapes or {}).get(name), (widths or {}).get(name)) for name in names)

    def _need(self, content: PaneContent, shape: tuple[int, ...] | None, width: int | None = None) -> Need:
        array = next((a for a in (content.value, content.reference) if a is not None), None)
        if array is None:
            return need(None)
        if shape is None or len(shape) != array.ndim:
            shape = array.shape
        digits = 4 if content.decimals is None else content.decimals
        return need(shape, cell_width=width or digits + 4, windows=3 if self.compare and self.sides else 1,
                    captions=self.compare)

    def _apply_plan(self) -> bool:
        """Size the panes for ``self._needs`` at the grid's size: a new layout only when the
        plan changes (then True)."""
        width, height = self.size
        if width <= 0 or self.single:
            return False
        plan = self._plan_for(self._needs)
        if plan == self.plan:
            return False
        self.plan = plan
        with self.app.batch_update():
            for i, pane in enumerate(self.slots):
                self._put_away(pane, i >= len(plan.spans))
            self._clear_arrangement_cache()
            self.refresh(layout=True, repaint=False)  # the panes move; the grid's blank stays
        return True

    @staticmethod
    def _put_away(pane: TensorPane, away: bool) -> None:
        """Hide a slot the plan has no place for (an inline style: a class would have
        Textual match the stylesheet against the pane again)."""
        if away != (pane.styles.get_rule("display") == "none"):
            pane.styles.display = "none" if away else None

    @property
    def layout(self) -> Layout:
        # The panes are placed where the plan says (see PlanLayout); one pane at a time, or
        # before the first plan, by the CSS's layout.
        if self.plan is None or self.single:
            return super().layout
        return self._plan_layout

    def predraw(self, contents: Mapping[str, PaneContent], heat: bool,
                shapes: Mapping[str, tuple[int, ...]] | None = None, widths: Mapping[str, int] | None = None) -> None:
        """Draw what ``show(contents, heat, shapes, widths)`` would show into the panes' frame cache
        only, at the sizes its plan will give the panes (a step of another phase)."""
        names = [name for name in TENSOR_ORDER if name in contents][:SLOTS]
        sizes: list[Size | None] = [None] * SLOTS
        if not self.single and self.size.width > 0:
            plan = self._plan_for(self._needs_for(names, contents, shapes, widths))
            if plan != self.plan:
                sizes = self.sizes(plan) + [None] * (SLOTS - len(names))
        for i, pane in enumerate(self._slots):
            if i < len(names):
                pane.predraw(contents[names[i]], heat, tensor=names[i], size=sizes[i])

    def sizes(self, plan: GridPlan) -> list[Size]:
        """The size of each pane under ``plan``."""
        return [region.size for region in self.regions(plan, self.scrollable_content_region.size)]

    def regions(self, plan: GridPlan, area: Size) -> list[Region]:
        """Where each pane goes under ``plan`` in ``area``: ``COLUMNS`` equal columns, the
        plan's rows, the grid's gutters between them, and a pane that does not fit in what
        is left of a row starting the next."""
        styles = self.styles
        key = (plan, area, styles.grid_gutter_vertical, styles.grid_gutter_horizontal)
        if key in self._regions:  # a step into another phase places its panes as the last time
            return list(self._regions[key])
        columns = resolve([Scalar.parse("1fr")] * COLUMNS, area.width, styles.grid_gutter_vertical, area, self.app.size)
        rows = resolve([Scalar.parse(s) for s in plan.css_rows().split()], area.height,
                       styles.grid_gutter_horizontal, area, self.app.size)
        regions, column, row = [], 0, 0
        for span in plan.spans:
            if column + span > COLUMNS:
                column, row = 0, row + 1
            (x, _), (last, width) = columns[column], columns[column + span - 1]
            y, height = rows[min(row, len(rows) - 1)]
            regions.append(Region(x, y, last + width - x, height))
            column += span
        if len(self._regions) >= 64:
            self._regions.clear()
        self._regions[key] = tuple(regions)
        return regions

    def _plan_for(self, needs: tuple[Need, ...]) -> GridPlan:
        width, height = self.size
        key = (needs, width, height)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = plan_grid(needs, width - 1, height)  # -1: the scrollbar's gutter
        return plan

    def set_sides(self, sides: bool) -> None:
        """When comparing: the student's and the reference's values beside the difference (wider panes)."""
        self.sides = sides
        for pane in self._slots:
            pane.set_sides(sides)
        self._needs = self._needs_for(self._shown, *self._showing)  # three windows need more room
        self._layout_grid()

    def set_heat(self, heat: bool) -> None:
        for pane in self._slots:
            pane.set_heat(heat)

    def on_resize(self) -> None:
        self._layout_grid()

    def on_mount(self) -> None:
        self._layout_grid()

    def _layout_grid(self) -> None:
        width, height = self.size
        if width <= 0:
            return
        single = height < 2 * MIN_PANE_HEIGHT + 1
        if single != self.single:
            self.single = single
            self.set_class(single, "-single")
            for pane in self.slots:
                self._put_away(pane, False)  # one at a time: the CSS shows the current one
            self._clear_arrangement_cache()  # another layout (see the layout property)
            focused = self.screen.focused if self.is_attached else None
            slots = self.slots
            self._set_current(slots.index(focused) if focused in slots else 0)
        self.plan = None
        self._apply_plan()

    # ------------------------------------------------------------------ one pane at a time
    def _set_current(self, index: int) -> None:
        """Show slot ``index`` alone (on a short screen) and name every pane in the tab line."""
        self._current = index
        for i, pane in enumerate(self.slots):
            pane.set_class(i == index, "-current")
        if self.single:
            tabs = []
            for i, pane in enumerate(self.slots[: len(self._shown)]):
                title = pane.content.title.split(" = ")[0] if pane.content is not None else pane.tensor
                tabs.append((f" {title} ", "reverse bold" if i == index else "$foreground-muted"))
            self.query_one("#pane-tabs", Line).update(Content.assemble(*tabs, ("  tab: next pane", "italic $foreground-muted")))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        slots = self.slots
        if event.widget in slots and slots.index(event.widget) != self._current:
            self._set_current(slots.index(event.widget))

    def action_cycle(self, step: int) -> None:
        """tab: on a short screen the next pane replaces this one; else the focus moves on."""
        if not self.single:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        count = max(1, len(self._shown))
        self._set_current((self._current + step) % count)
        self.slots[self._current].focus()
