"""A compositor that draws, on each changed line, only what is written there.

After a step, the lines that changed are scattered over the screen: the status line, two
lines of the step list, the formula pane, some lines of some panes. Textual's partial
update takes the box around all of them (most of the screen) and, for every widget in
that box, draws its lines and cuts every changed line of it at the edges of every other
widget, although only the changed spans of each line are written to the terminal. The
panes beside a changed one, the footer, the description panel and the cost sparkline
were drawn and cut on every step for nothing.

:class:`SpanCompositor` gives each changed line only the widgets that reach into one of
its changed spans, and draws no widget that reaches none. The spans written, and what is
written in them, are the same: a widget that reaches a span is cut as before (front to
back, the first widget at a cut wins, so one in front still hides the ones behind), and
a widget that reaches none could only have filled cuts outside every span, which the
update leaves unwritten. ``tests/app/test_span_compositor.py`` checks the writes equal
Textual's own, frame after frame.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class SpanCompositor(Compositor):
    """Textual's compositor, with a partial update drawn span by span (module docstring)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        cuts = self.cuts
        spans = [span for span in self._regions_to_spans(update_regions) if 0 <= span[0] < len(cuts)]
        if not spans:
            return None
        chops = self._span_chops(spans, cuts)
        return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])

    def _span_chops(self, spans: list[tuple[int, int, int]], cuts: list[list[int]]) -> Sequence[Mapping[int, Strip]]:
        line_spans: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in spans:
            line_spans.setdefault(y, []).append((x1, x2))
        reach = {y: (min(x1 for x1, _ in s), max(x2 for _, x2 in s), s) for y, s in line_spans.items()}
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        open_cuts = {y: len(cuts[y]) - 1 for y in reach}  # a line all filled takes nothing from behind
        for widget, (region, clip) in self.visible_widgets.items():
            x0, y0, width, rows = region.intersection(clip)
            if not (width and rows):
                continue
            x_end = x0 + width
            lines = []
            for y in range(y0, y0 + rows):
                line = reach.get(y)
                if line is not None and open_cuts[y] and line[0] < x_end and x0 < line[1] and (
                        len(line[2]) == 1 or any(x1 < x_end and x0 < x2 for x1, x2 in line[2])):
                    lines.append(y)
            if not lines:
                continue  # reaches no changed span: not drawn
            if clip.contains_region(region):
                strips = widget.render_lines(Region(0, 0, region.width, region.height))
            else:
                strips = widget.render_lines(Region(x0 - region.x, y0 - region.y, width, rows))
            for y in lines:
                chops_line = chops[y]
                final_cuts = [cut for cut in cuts[y] if x_end >= cut >= x0]
                strip = strips[y - y0]
                # A line with no cut inside goes whole. (Strip.divide would keep ``[strip]`` in
                # the strip's own cache: a reference cycle, garbage only the collector frees.)
                pieces = (strip,) if len(final_cuts) == 2 else strip.divide([cut - x0 for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces):
                    if chops_line.get(cut) is None:
                        chops_line[cut] = piece
                        open_cuts[y] -= 1
        return chops  # type: ignore[return-value]
