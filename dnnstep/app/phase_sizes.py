"""What each tensor's pane is sized for: its largest shape, a cell that holds any of its values, its title.

The grid makes one plan per phase (``grid_plan``), and a plan made from the step on show
alone would be wrong for the next layer (``W[3] (4, 5)`` after ``W[2] (5, 3)``) and for the
next iteration (``dAL`` written in scientific notation, 11 characters a value, in the
iterations where the sigmoid saturates, in 8 elsewhere): the grid would lay itself out again,
a tensor whole in one iteration would be cut in the next, and a cell cursor would find its
column somewhere else. So each tensor is sized, once for the run, for:

- its largest shape over the phase's layers (the first time the phase is seen; a larger
  one seen later, such as a full mini-batch after a short last one, grows it);
- a cell that holds any value it can take: the widest cell a number is written in at the
  decimals chosen (``CellFormat.widest``: scientific notation, or four digits before the
  point), unless the first time its phase is seen its values are whole numbers, not all
  zero (labels ``Y``, dropout masks ``D``): then the widest of those, written as integers;
- the longest of its titles over the phase's layers (``A[0] = X`` at layer 1, ``A[2]`` at 3),
  which a pane keeps whole.

Nothing here reads a tensor's name: what a step holds is its tensors, whatever they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from dnnstep.app.grid_plan import larger
from dnnstep.app.values import CellFormat, SummaryCache
from dnnstep.app.widgets.pane_layout import pane_title
from dnnstep.engine.session import Session
from dnnstep.engine.step import Step


@dataclass(frozen=True)
class PaneSize:
    """What one tensor's pane is sized for: ``shape``, ``integers`` (the cells of its widest
    whole number, when its values are whole numbers; else ``None``), ``title`` (the cells
    of its longest title with the shape)."""

    shape: tuple[int, ...]
    integers: int | None
    title: int
    layers: tuple[tuple[int, ...], ...] = ()
    """Its shape at each step of the phase, in order (the grid looks for one plan that serves them all)."""

    def cell(self, decimals: int | None) -> int:
        """The cells of one value, its separating space included, at ``decimals``."""
        return self.integers if self.integers is not None else CellFormat.widest(decimals).cell


class PhaseSizes:
    """The sizes of every tensor of each phase, worked out the first time the phase is seen
    whole (all its steps at hand) and kept for the run."""

    def __init__(self, summaries: SummaryCache, title: Callable[[str, Step], str]) -> None:
        self._summaries = summaries
        self._title = title
        self._sizes: dict[str, dict[str, PaneSize]] = {}
        self._seen: set[tuple[str, int]] = set()
        """The (phase, iteration) whose steps the kept sizes already serve (sizes only grow)."""

    def clear(self) -> None:
        """Another session: nothing kept holds."""
        self._sizes.clear()
        self._seen.clear()

    def sizes(self, session: Session, step: Step) -> dict[str, PaneSize]:
        """Each tensor of ``step``'s phase, and what its pane is sized for."""
        kept = self._sizes.get(step.phase)
        seen = (step.phase, step.iteration)
        if kept is not None and seen in self._seen:  # checked at an earlier step of this phase
            return kept
        cached = session.cached(step.iteration)
        steps = [s for s in cached if s.phase == step.phase] if cached is not None else [step]
        if cached is not None and (kept is not None or len(steps) > 1):
            self._seen.add(seen)  # kept below, if not already
        if kept is not None and all(name in kept and larger(kept[name].shape, a.shape) == kept[name].shape
                                    for s in steps for name, a in s.tensors.items()):
            return kept
        sizes = dict(kept or {})
        for s in steps:
            for name, array in s.tensors.items():
                old = sizes.get(name)
                shape = larger(old.shape if old else None, array.shape)
                title = len(pane_title(self._title(name, s), shape))
                integers = old.integers if old else self._integers(array)
                if old is not None and old.integers is not None and integers is not None:
                    integers = max(integers, self._integers(array) or 0)
                sizes[name] = PaneSize(shape, integers, max(title, old.title if old else 0),
                                       old.layers if old else ())
        if kept is None and len(steps) > 1:  # each step's own shapes, the first time the phase is seen
            for name, size in sizes.items():
                sizes[name] = replace(size, layers=tuple(tuple(np.shape(s.tensors[name])) if name in s.tensors
                                                         else size.shape for s in steps))
        if len(steps) > 1 or kept is not None:  # else the next call has the whole phase at hand
            self._sizes[step.phase] = sizes
        return sizes

    def _integers(self, array) -> int | None:
        """The cells of ``array``'s values written as integers when they are whole numbers
        and not all zero (an all-zero array is a start, not a kind: ``b = 0``)."""
        summary = self._summaries.get(array)
        if not summary.integral or summary.max_abs == 0:
            return None
        return CellFormat.for_summary(summary).cell
