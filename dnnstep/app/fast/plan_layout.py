"""The grid's panes placed where its plan says, by a layout of its own.

Textual's layouts place widgets from their styles: a plan applied through them (an
offset, a width and a height for each pane) is some thirty style changes, each asking for
its own repaint, then the general placement of every pane. :class:`PlanLayout` reads the
regions and places the panes, and :class:`PlacedByPlan` gives a container that layout while
it has regions (``textual.layout.Layout``, ``WidgetPlacement`` and the arrangement cache
are Textual's own, not its public API: see ``fast/needs.py``).

A scrolling container learns its extent (its "virtual size") and whether it shows a
scrollbar only from the layout that places its children: when a new plan makes the grid
taller or shorter than its height (an Adam update's twenty-two panes, say), Textual lays the
whole screen out a second time to add or take away the scrollbar, and paints a second frame.
The regions say the extent before the layout, so :meth:`PlacedByPlan.place` sets it, and the
scrollbar, then: the one layout finds them as it would have left them.
"""

from __future__ import annotations

from typing import Sequence

from textual.geometry import NULL_OFFSET, NULL_SPACING, Region, Size
from textual.layout import ArrangeResult, Layout, WidgetPlacement
from textual.widget import Widget


class PlanLayout(Layout):
    """Places a container's shown children at its ``placed`` regions, in order."""

    name = "plan"

    def __init__(self, container: PlacedByPlan) -> None:
        self.container = container

    def arrange(self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True) -> ArrangeResult:
        regions = self.container.placed or ()
        return [WidgetPlacement(region, NULL_OFFSET, NULL_SPACING, widget, order, False, False, False)
                for order, (widget, region) in enumerate(zip(children, regions))]


class PlacedByPlan:
    """Mix in before a container class: ``place(regions)`` puts its shown children there
    (``None``: the layout its styles give)."""

    placed: tuple[Region, ...] | None = None
    _plan_layout: PlanLayout | None = None

    def place(self, regions: Sequence[Region] | None) -> None:
        self.placed = None if regions is None else tuple(regions)
        self._clear_arrangement_cache()  # type: ignore[attr-defined]
        self._foresee_extent()
        self.refresh(layout=True, repaint=False)  # type: ignore[attr-defined]  # the panes move; the blank stays

    def _foresee_extent(self) -> None:
        """Give a scrolling container the extent and the scrollbars its ``placed`` regions
        will give it in the coming layout (as the compositor reckons it: the content region
        joined with the regions), so that layout is the only one."""
        widget: Widget = self  # type: ignore[assignment]
        if self.placed is None or not widget.is_scrollable or not widget.container_size:
            return
        for _ in range(2):  # a scrollbar shown or hidden can change the content region once
            content = widget._get_scrollable_region(widget.container_size.region).reset_offset
            extent = Region.from_union([content, *self.placed]).size
            if extent == widget.virtual_size:
                return
            widget.set_reactive(Widget.virtual_size, extent)
            widget._scroll_update(extent)  # the scrollbars shown or not, and their thumbs

    @property
    def layout(self) -> Layout:
        if self.placed is None:
            return super().layout  # type: ignore[misc]
        if self._plan_layout is None:
            self._plan_layout = PlanLayout(self)
        return self._plan_layout
