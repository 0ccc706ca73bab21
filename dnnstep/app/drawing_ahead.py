"""Drawing ahead of the keys: the steps a key is likely to show, drawn while the user reads.

Once a step is on screen, :class:`DrawingAhead` draws into the panes' frame cache (and the
formula pane's, the step list's and the map's kept frames) what the keys would show next,
so that showing it is mostly cache hits:

- first, at once, the step the cursor reads on to (``n``; after ``p``, the step before; at
  an end of the run, the only neighbour there is): ``_predraw_next``;
- then, while the user reads, the step the other way (``p``), this step with the heat map
  turned on or off (``h``), and the cost, the first backward and the first update step of
  the iteration (``c``, ``b``, ``u``): ``_while_reading``.

The second part is drawn one pane per turn of the event loop, so that a key that comes
meanwhile waits for one pane at most; a key (or a click, a wheel turn), a step shown, or
anything that makes the app busy stops it, and the next step on screen starts it again.
Only data at hand is drawn: never an iteration computed, or a big array's summary read.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp

PREDRAW_SIZE = 200_000
"""Arrays above this many elements are drawn ahead only once their summary is cached."""

READ_AHEAD_PHASES = ("cost", "backward", "update")
"""The phases whose first step a key jumps to (``c``, ``b``, ``u``: ``update`` is a gradient
check's check 1), drawn while the user reads."""


class DrawingAhead:
    """Mixed into ``DnnStepApp``: what the keys would show, drawn before they are pressed."""

    _heading = 1
    """The way the user reads on: -1 after ``p``, 1 after any other move."""
    _reading: Iterator[None] | None = None
    """What is left to draw while the user reads (``_while_reading``), one pane a turn."""

    def _predraw_next(self: "DnnStepApp") -> None:
        """Draw the step the cursor reads on to (see the module's docstring), all of it now,
        then start drawing the rest while the user reads."""
        self._reading = None
        if not self._may_draw_ahead():
            return
        ahead = self._neighbours()
        if ahead:
            for _ in self._drawing(ahead[0], self.heat):
                pass
        self._reading = self._while_reading(ahead[1:])
        self._next_turn(self._reading)

    def _may_draw_ahead(self: "DnnStepApp") -> bool:
        return not self._busy and self.student is None and self.loaded and self.is_running

    def _neighbours(self: "DnnStepApp") -> list[tuple[int, int]]:
        """The steps next to the cursor, the one it reads on to first (at an end of the run, one)."""
        return [place for place in (self.session.neighbour(self._heading), self.session.neighbour(-self._heading))
                if place != self.position]

    def _while_reading(self: "DnnStepApp", others: list[tuple[int, int]]) -> Iterator[None]:
        """The steps the other keys show, one pane at a time: ``p`` (or ``n`` after ``p``), this
        step as ``h`` would show it, the first cost, backward and update step of the iteration."""
        here = self.position
        for place in others:
            yield from self._drawing(place, self.heat)
        yield from self._drawing(here, not self.heat)
        for phase in READ_AHEAD_PHASES:
            place = (here[0], self._index(phase))  # "update": a gradient check's check 1
            if place != here:
                yield from self._drawing(place, self.heat)

    def _drawing(self: "DnnStepApp", place: tuple[int, int], heat: bool) -> Iterator[None]:
        """Draw what showing the step at ``place`` (with the heat map or not) shows, a pane a turn."""
        iteration, index = place
        steps = self.session.cached(iteration)
        if steps is None:
            return
        step = steps[index]
        if any(a.size > PREDRAW_SIZE and not self._summaries.has(a) for a in step.tensors.values()):
            return
        yield from self._grid.predrawing(self._contents(step), heat, self._pane_sizes(step), self.decimals)
        self._formula.predraw(self.formula_title(step), self.formula_lines(step))
        self._steps_list.predraw(index)
        self._map.predraw((step.phase, step.layer))

    def _read_on(self: "DnnStepApp", reading: Iterator[None]) -> None:
        """One turn of drawing while the user reads: one pane, then the next turn is asked for
        (a key posted meanwhile comes first). Stops when another step is shown or the app is busy."""
        if reading is not self._reading or not self._may_draw_ahead():
            return
        if next(reading, StopIteration) is StopIteration:
            self._reading = None
            return
        self._next_turn(reading)

    def _next_turn(self: "DnnStepApp", reading: Iterator[None]) -> None:
        """Ask for the next turn a moment from now (``PAUSE``), the screen's thread idle in
        between. Without the pause a key would wait for the drawing: the app's queue is
        drawn from without a break while it holds messages (a turn asked for with
        ``call_later`` alone comes before a key the terminal sent meanwhile), and the
        terminal's reader thread needs the interpreter's lock to hand a key over, which a
        thread that never waits gives up only every few milliseconds."""
        asyncio.get_running_loop().call_later(self.PAUSE, self.call_later, self._read_on, reading)

    PAUSE = 0.001
    """Seconds between two turns of drawing while the user reads."""
