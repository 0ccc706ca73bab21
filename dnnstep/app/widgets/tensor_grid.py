"""The grid of tensor panes: one pane per tensor of the current step, in the order they are read.

The grid keeps a pane for each tensor of a step (eight for a week-4 step, more when a
step holds more: Course 2's optimizer states) and refills them on every step, in
:func:`pane_order`. Each pane is sized by the grid's plan (``grid_plan``): the tensors that
can be shown whole are, and the others share the rest in proportion to what they hide.
The plan is made from what each tensor's pane is sized for over the whole run (its largest
shape over the phase's layers, a cell that holds any of its values: ``phase_sizes``), so
stepping through a phase, or to another iteration, never lays the grid out again: that
keeps a step within a frame, and a pane, its scroll position and its cell cursor where they
were. On a short screen the grid shows one pane at a time.
"""

from __future__ import annotations

from typing import Generic, Hashable, Iterable, Iterator, Mapping, TypeVar

import numpy as np
from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region, Size

from dnnstep.app.fast import Backdrop, KeptScrollbars, PlacedByPlan
from dnnstep.app.grid_plan import GridPlan, Need, larger, need, plan_grid, step_plan, wholes
from dnnstep.app.phase_sizes import PaneSize
from dnnstep.app.values import CellFormat
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.pane_layout import pane_title
from dnnstep.app.widgets.tensor_pane import FrameCache, PaneContent, TensorPane
from dnnstep.engine.vocabulary import DISPLAY_ORDER

_ALPHA_AT = DISPLAY_ORDER.index("dA_prev")
KNOWN_ORDER = (*DISPLAY_ORDER[:_ALPHA_AT], "alpha", *DISPLAY_ORDER[_ALPHA_AT:], "dW_change")
"""The tensor names whose place the vocabulary gives (and the update's learning rate after
db, and what the update changed, ΔW, after W after)."""
_RANK = {name: i for i, name in enumerate(KNOWN_ORDER)}

SLOTS = 8
"""Panes made at start: a week-4 step's most (more are made when a step holds more)."""
MIN_PANE_HEIGHT = 8
EMPTY = PaneContent("")
T = TypeVar("T")


def pane_order(names: Iterable[str]) -> list[str]:
    """``names`` (a step's tensors, in the step's order) in the order the panes show them:
    the names ``KNOWN_ORDER`` places in its order, and any other name right after the name
    it follows in the step (a Course 2 optimizer state ``v_dW`` after ``db``)."""
    keys, last = {}, -1.0
    for position, name in enumerate(names):
        if name in _RANK:
            last = _RANK[name]
            keys[name] = (last, 0, position)
        else:
            keys[name] = (last, 1, position)
    return sorted(keys, key=keys.__getitem__)


class _Kept(Generic[T]):
    """What the grid works out once and keeps, by what it depends on: emptied whole when it
    holds ``bound`` (a session shows a few phases at a few sizes; a bound only keeps a long
    run of resizes from growing it)."""

    def __init__(self, bound: int) -> None:
        self._items: dict[Hashable, T] = {}
        self._bound = bound

    def get(self, key: Hashable) -> T | None:
        return self._items.get(key)

    def put(self, key: Hashable, value: T) -> T:
        if len(self._items) >= self._bound:
            self._items.clear()
        self._items[key] = value
        return value


class TensorGrid(PlacedByPlan, KeptScrollbars, Backdrop, ScrollableContainer, can_focus=False):
    """Holds the panes; ``show(contents)`` fills them with the panes named in ``contents``."""

    DEFAULT_CSS = """
    TensorGrid {
        layout: vertical;
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    TensorGrid #pane-tabs { display: none; }
    TensorGrid.-single { scrollbar-gutter: auto; }
    TensorGrid.-single #pane-tabs { display: block; }
    TensorGrid.-single TensorPane { display: none; }
    TensorGrid.-single TensorPane.-current { display: block; height: 1fr; }
    """

    BINDINGS = [
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
    ]

    GUTTER = 1
    """Cells between panes side by side (rows follow each other: a title bar sets a pane apart)."""

    def __init__(self, *, compare: bool = False, id: str | None = None) -> None:
        self._frames = FrameCache()  # the panes' finished lines, shared: a tensor moves between slots
        self._slots = [TensorPane(slot, compare=compare, frames=self._frames) for slot in range(SLOTS)]
        super().__init__(Line("", id="pane-tabs"), *self._slots, id=id)
        self.compare = compare
        self.sides = False
        self.single = False
        """True on a short screen: one pane at a time, the whole height, tab moves to the next."""
        self._lent: dict[str, int] = {}
        """Lines of the grid's height that something beside it takes for a while (the closer
        look, the status bar's progress or message), by who took them: see ``lend``."""
        self._shown: tuple[str, ...] = ()
        self._current = 0
        self._needs: tuple[Need, ...] = ()
        self._own_needs: tuple[Need, ...] = ()
        self._layer_needs: tuple[tuple[Need, ...], ...] = ()
        self._showing: tuple[Mapping[str, PaneContent], Mapping[str, PaneSize] | None, int | None] = ({}, None, None)
        """show's contents, sizes and decimals."""
        self.plan: GridPlan | None = None
        """The plan applied: each pane's box."""
        # the plans, each made once and kept (each emptied alone when it grows past its bound):
        self._made_plans = _Kept[GridPlan](256)
        """``plan_grid``'s plan of some needs at a size."""
        self._phase_plans = _Kept[GridPlan](256)
        """Each phase's plan at a size (``_phase_plan``)."""
        self._step_plans = _Kept[GridPlan](256)
        """The plan a step shows at a size (``_plan_for``)."""
        self._need_kept = _Kept[Need](4096)

    @property
    def slots(self) -> list[TensorPane]:
        return list(self._slots)  # the grid's own, in order (a query per step cost a CSS match each)

    @property
    def panes(self) -> dict[str, TensorPane]:
        """The panes on show by tensor name."""
        return {pane.tensor: pane for pane in self._slots if pane.tensor}

    @property
    def shown(self) -> tuple[str, ...]:
        """The tensor names of the panes on show, in order."""
        return self._shown

    def show(self, contents: Mapping[str, PaneContent], heat: bool,
             sizes: Mapping[str, PaneSize] | None = None, decimals: int | None = None) -> None:
        """Fill the panes with ``contents`` in ``pane_order``; the rest are put away.

        ``sizes``: what each tensor's pane is sized for (see ``phase_sizes``); a tensor not
        in it is sized for what it holds now."""
        names = pane_order(contents)
        self._ensure_slots(len(names))
        self._shown = tuple(names)
        self._showing = (contents, sizes, decimals)
        self._needs, self._own_needs, self._layer_needs = self._all_needs(names, contents, sizes, decimals)
        boxes = self.sizes(self.plan) if self._apply_plan() else []  # a new plan: each pane's coming size
        for i, pane in enumerate(self._slots):
            if i < len(names):
                pane.show(contents[names[i]], heat, tensor=names[i], size=boxes[i] if i < len(boxes) else None,
                          cell=self._cell(i))
            elif pane.content is not EMPTY:  # put away once, not again on every step
                pane.show(EMPTY, heat, tensor="")
        if self.single:
            self._set_current(min(self._current, max(0, len(names) - 1)))

    def _cell(self, i: int) -> int:
        """The characters pane ``i``'s values take at least: what the plan sized it for."""
        return self._needs[i].cell_width if i < len(self._needs) else 0

    def make_slots(self, count: int) -> None:
        """Make panes, put away, until there are ``count``: the most a step of the run will
        show, made once at the start rather than on the key of the first step that needs them."""
        self._ensure_slots(count, ahead=True)

    def _ensure_slots(self, count: int, *, ahead: bool = False) -> None:
        """Make panes until there are ``count`` (a step that holds more tensors than any before).

        ``ahead``: for a step drawn ahead, not shown yet: the new panes are put away until a
        step shows them (the panes on show keep their places)."""
        if count <= len(self._slots):
            return
        new = [TensorPane(slot, compare=self.compare, frames=self._frames) for slot in range(len(self._slots), count)]
        for pane in new:
            pane.set_sides(self.sides)
            if ahead and not self.single:  # on a short screen the stylesheet shows the current pane only
                self._put_away(pane, True)
        self._slots.extend(new)
        if self.is_attached:
            self.mount(*new)
        if not ahead:
            self.plan = None

    def _all_needs(self, names, contents: Mapping[str, PaneContent], sizes: Mapping[str, PaneSize] | None,
                   decimals: int | None) -> tuple[tuple[Need, ...], tuple[Need, ...], tuple[tuple[Need, ...], ...]]:
        """What the panes of ``names`` need over the phase, at this step, and at each step of
        the phase: what ``_plan_for`` makes the plan from."""
        return (self._needs_for(names, contents, sizes, decimals),
                self._needs_for(names, contents, sizes, decimals, own=True),
                self._layers_for(names, contents, sizes, decimals))

    def _needs_for(self, names, contents: Mapping[str, PaneContent], sizes: Mapping[str, PaneSize] | None,
                   decimals: int | None, *, own: bool = False) -> tuple[Need, ...]:
        """What each pane needs: for the largest shape of its tensor over the phase's
        layers, or (``own``) for the shape it has in this step."""
        return tuple(self._need(contents[name], (sizes or {}).get(name), decimals, own) for name in names)

    def _layers_for(self, names, contents: Mapping[str, PaneContent], sizes: Mapping[str, PaneSize] | None,
                    decimals: int | None) -> tuple[tuple[Need, ...], ...]:
        """What each pane needs at each step of the phase (its shape there): the phase's plan
        is the one that serves them all when one does (``_phase_plan``)."""
        sizes = sizes or {}
        count = max((len(size.layers) for size in sizes.values()), default=0)
        return tuple(tuple(self._need(contents[name], sizes.get(name), decimals, layer=k) for name in names)
                     for k in range(count))

    def _need(self, content: PaneContent, size: PaneSize | None, decimals: int | None, own: bool = False,
              layer: int | None = None) -> Need:
        """What ``content``'s pane needs (kept by what it depends on: a step asks it of each
        pane several times over, once for each of its phase's layers, and so does the next
        step drawn ahead)."""
        shapes = tuple(np.shape(a) for a in (content.value, content.reference) if a is not None)
        # the title counts only where no kept size gives it (the size's axes are not the array's)
        title = content.title if size is None or not shapes or len(size.shape) != len(shapes[-1]) else None
        key = (shapes, title, size, decimals, own, layer, self.sides)
        found = self._need_kept.get(key)
        if found is None:
            found = self._need_kept.put(key, self._new_need(shapes, content.title, size, decimals, own, layer))
        return found

    def _new_need(self, arrays: tuple[tuple[int, ...], ...], title_text: str, size: PaneSize | None,
                  decimals: int | None, own: bool, layer: int | None) -> Need:
        windows = 3 if self.compare and self.sides else 1
        if not arrays:
            return need(None, title=len(title_text))
        shape = arrays[0]
        for other in arrays[1:]:  # a student's array of another shape: room for both (its axes: the last's)
            shape = larger(shape, other) if len(other) == len(shape) else other
        if size is None or len(size.shape) != len(shape):
            cell, title = CellFormat.widest(decimals).cell, len(pane_title(title_text, shape))
        elif layer is not None and layer < len(size.layers) and len(size.layers[layer]) == len(shape):
            shape, cell, title = size.layers[layer], size.cell(decimals), size.title
        else:
            shape, cell, title = (shape if own else larger(size.shape, shape)), size.cell(decimals), size.title
        return need(shape, cell_width=cell, windows=windows, title=title, compare=self.compare)

    def _apply_plan(self) -> bool:
        """Size the panes for ``self._needs`` at the grid's size: a new layout only when the
        plan changes (then True)."""
        width, height = self.size
        if width <= 0 or self.single:
            return False
        plan = self._plan_for(self._needs, self._own_needs, self._layer_needs)
        if plan == self.plan:
            return False
        self.plan = plan
        with self.app.batch_update():
            for i, pane in enumerate(self.slots):
                self._put_away(pane, i >= len(plan.boxes))
            self.place(self.regions(plan))
        return True

    @staticmethod
    def _put_away(pane: TensorPane, away: bool) -> None:
        """Hide a slot the plan has no place for (an inline style: a class would have
        Textual match the stylesheet against the pane again)."""
        if away != (pane.styles.get_rule("display") == "none"):
            pane.styles.display = "none" if away else None

    def predraw(self, contents: Mapping[str, PaneContent], heat: bool,
                sizes: Mapping[str, PaneSize] | None = None, decimals: int | None = None) -> None:
        """Draw what ``show(contents, heat, sizes, decimals)`` would show into the panes' frame
        cache only, at the sizes its plan will give the panes (a step of another phase)."""
        for _ in self.predrawing(contents, heat, sizes, decimals):
            pass

    def predrawing(self, contents: Mapping[str, PaneContent], heat: bool,
                   sizes: Mapping[str, PaneSize] | None = None, decimals: int | None = None) -> Iterator[None]:
        """``predraw``, a pane at a time: a step after the plan is made (the slowest part, the
        first time a phase comes), and after each pane drawn."""
        names = pane_order(contents)
        self._ensure_slots(len(names), ahead=True)  # a step with more tensors: its panes made now, not on its key
        boxes: list[Size | None] = [None] * len(self._slots)
        needs, own, layers = self._all_needs(names, contents, sizes, decimals)
        if not self.single and self.size.width > 0:
            plan = self._plan_for(needs, own, layers)
            if plan != self.plan:
                boxes = self.sizes(plan) + [None] * (len(self._slots) - len(names))
            yield
        for i, pane in enumerate(self._slots[: len(names)]):
            pane.predraw(contents[names[i]], heat, tensor=names[i], size=boxes[i], cell=needs[i].cell_width)
            yield

    def sizes(self, plan: GridPlan) -> list[Size]:
        """The size of each pane under ``plan``."""
        return [region.size for region in self.regions(plan)]

    @staticmethod
    def regions(plan: GridPlan) -> list[Region]:
        """Where each pane goes under ``plan``."""
        return [Region(*box) for box in plan.boxes]

    def _plan_for(self, needs: tuple[Need, ...], own: tuple[Need, ...] | None = None,
                  layers: tuple[tuple[Need, ...], ...] = ()) -> GridPlan:
        """The plan for panes that need ``needs`` over their phase, ``layers`` at each of its
        steps and ``own`` at this one: the phase's (``_phase_plan``), unless this step's own
        serves it better (``grid_plan.step_plan``). Made once for each and kept."""
        width, height = self.size
        height += self.below
        key = (needs, own, layers, width, height)
        plan = self._step_plans.get(key)
        if plan is None:
            plan = self._phase_plan(needs, layers, width, height)
            if own is not None and own != needs:
                plan = step_plan(plan, self._made(own, width, height), own, height)
            self._step_plans.put(key, plan)
        return plan

    def _phase_plan(self, needs: tuple[Need, ...], layers: tuple[tuple[Need, ...], ...], width: int,
                    height: int) -> GridPlan:
        """One plan for every step of a phase when one serves them all (stepping through the
        layers then only repaints): the plan for the largest shapes, or else the first step's
        own plan that serves every step. Else each step takes its own plan where that serves
        it better (``step_plan``), and the phase's is the one that lays the grid out again the
        fewest times while stepping through the layers: the plan for the largest shapes, or a
        step's own plan that gives every other step its own plan or all of its tensors whole
        (a gradient check's check 2 and check 3 share check 2's plan, check 1 has its own)."""
        key = (needs, layers, width, height)
        plan = self._phase_plans.get(key)
        if plan is None:
            owns = [self._made(layer, width, height) for layer in layers]
            largest = self._made(needs, width, height)

            def shown(candidate: GridPlan) -> list[GridPlan]:
                """The plan each step of the phase shows when ``candidate`` is the phase's."""
                return [step_plan(candidate, own, layer, height) for own, layer in zip(owns, layers)]

            def relayouts(candidate: GridPlan) -> int:
                steps = shown(candidate)
                return sum(a != b for a, b in zip(steps, steps[1:]))

            def loses_nothing(candidate: GridPlan) -> bool:
                return all(step == own or wholes(step, layer) == sum(n.kind != "note" for n in layer)
                           for step, own, layer in zip(shown(candidate), owns, layers))

            serving = next((candidate for candidate in (largest, *owns)
                            if all(step is candidate for step in shown(candidate))), None)
            plan = self._phase_plans.put(key, serving or min([largest, *filter(loses_nothing, owns)], key=relayouts))
        return plan

    def _made(self, needs: tuple[Need, ...], width: int, height: int) -> GridPlan:
        key = (needs, width, height)
        plan = self._made_plans.get(key)
        if plan is None:  # -1: the scrollbar's gutter
            plan = self._made_plans.put(key, plan_grid(needs, width - 1, height, gutter=self.GUTTER))
        return plan

    def set_sides(self, sides: bool) -> None:
        """When comparing: the student's and the reference's values beside the difference (wider panes)."""
        self.sides = sides
        for pane in self._slots:
            pane.set_sides(sides)
        # three windows need more room
        self._needs, self._own_needs, self._layer_needs = self._all_needs(self._shown, *self._showing)
        self._layout_grid()

    @property
    def below(self) -> int:
        """The lines of its height the grid has lent (see ``lend``)."""
        return sum(self._lent.values())

    def lend(self, borrower: str, lines: int) -> None:
        """``borrower`` (the closer look, the status bar) takes ``lines`` of the grid's height
        for a while: the grid keeps the plan made for its height with them, and scrolls
        meanwhile, its focused pane kept on show. Call it before the borrower takes them."""
        if lines != self._lent.get(borrower, 0):
            self._lent[borrower] = lines
            self.call_after_refresh(self._keep_focus_on_show)

    def _keep_focus_on_show(self, tries: int = 3) -> None:
        """Scroll so that the focused pane's box in the plan is on show (the box, not the
        widget's region: the layout that puts the widget there may not have run yet)."""
        focused = self.screen.focused if self.is_attached else None
        if focused not in self._slots or self.plan is None or self.single:
            return
        index = self._slots.index(focused)
        if index >= len(self.plan.boxes):
            return
        _, y, _, height = self.plan.boxes[index]
        viewport, target = self.scrollable_content_region.height, self.scroll_y
        if y < target:
            target = y
        elif y + height > target + viewport:
            target = min(y, y + height - viewport)  # the least scroll that shows it (its top first)
        if target > self.max_scroll_y and tries:  # the grid's new extent is not laid out yet
            self.call_after_refresh(self._keep_focus_on_show, tries - 1)
        elif target != self.scroll_y:
            self.scroll_to(y=target, animate=False)

    def place_again(self) -> None:
        """Place the panes where the plan says again (a pane maximized, or back: with the fast
        drawing off, a pane's place is in its styles, which a maximized pane must not keep)."""
        if self.plan is not None and not self.single:
            self.place(self.regions(self.plan))

    def set_heat(self, heat: bool) -> None:
        for pane in self._slots:
            pane.set_heat(heat)

    def on_resize(self, event: events.Resize) -> None:
        self._layout_grid()

    def on_mount(self) -> None:
        self._layout_grid()

    def _layout_grid(self) -> None:
        width, height = self.size
        if width <= 0:
            return
        single = height + self.below < 2 * MIN_PANE_HEIGHT + 1
        if single != self.single:
            self.single = single
            self.set_class(single, "-single")
            for pane in self.slots:
                self._put_away(pane, False)  # one at a time: the CSS shows the current one
            if single:
                self.place(None)  # the CSS's layout
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
                style = "reverse bold" if i == index else ("bold $error" if pane.content is not None and
                                                           pane.content.differs else "$foreground-muted")
                tabs.append((f" {title} ", style))
            self.query_one("#pane-tabs", Line).update(Content.assemble(*tabs, ("  tab: next pane", "italic $foreground-muted")))

    def show_pane(self, pane: TensorPane) -> None:
        """Bring ``pane`` on screen and focus it: the current one on a short screen, else
        the grid scrolled to it."""
        if pane not in self._slots:
            return
        if self.single:
            self._set_current(self._slots.index(pane))
        pane.focus()
        self.call_after_refresh(self._keep_focus_on_show)

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
