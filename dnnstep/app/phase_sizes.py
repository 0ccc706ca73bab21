"""What the panes of a phase are sized for: each tensor's largest shape and widest cell.

The grid makes one plan per phase (``grid_plan``), so that stepping through the layers of
a phase only repaints. A plan made from the step on show alone would be wrong for the
next layer: ``W[3] (4, 5)`` after ``W[2] (5, 3)``, or ``dW[3]`` written in scientific
notation (11 characters a value) after ``dW[2]`` in fixed (8). So the plan is made from
the largest shape of each tensor over the phase's layers (which never changes) and the
widest cell its values are written in over those layers (which can change from one
iteration to the next as the values grow or shrink: a new plan then comes with the
phase's first step, which gets one anyway).
"""

from __future__ import annotations

from dnnstep.app.grid_plan import phase_shapes, phase_widths
from dnnstep.app.values import CellFormat, SummaryCache
from dnnstep.engine.session import Session
from dnnstep.engine.step import Step

KEPT = 64
"""Widths are kept for this many (iteration, phase) pairs."""


class PhaseSizes:
    """Shapes and cell widths of the tensors of each phase, worked out once and kept."""

    def __init__(self, summaries: SummaryCache) -> None:
        self._summaries = summaries
        self._shapes: dict[str, dict[str, tuple[int, ...]]] = {}
        self._widths: dict[tuple, dict[str, int]] = {}

    def clear(self) -> None:
        """Another session: nothing kept holds."""
        self._shapes.clear()
        self._widths.clear()

    def shapes(self, session: Session, step: Step) -> dict[str, tuple[int, ...]]:
        """The largest shape of each tensor over the layers of ``step``'s phase."""
        shapes = self._shapes.get(step.phase)
        if shapes is None:
            steps, whole = self._phase(session, step)
            shapes = phase_shapes(s.tensors for s in steps)
            if "W" in shapes and step.phase == "update":
                shapes["dW_change"] = shapes["W"]  # ΔW, beside W after
            if whole:  # shapes never change: kept for good once the whole phase was seen
                self._shapes[step.phase] = shapes
        return shapes

    def widths(self, session: Session, step: Step, decimals: int | None, *, read_all: bool = True) -> dict[str, int]:
        """The widest cell (characters, the separating space included) of each tensor over
        the layers of ``step``'s phase in its iteration, written with ``decimals``.

        ``read_all``: read the summary of an array not yet read (a small network's arrays
        cost nothing to read); else only summaries at hand are used, and the step on show's
        own (a big network's are read by the worker that computed the iteration)."""
        key = (step.iteration, step.phase, decimals)
        widths = self._widths.get(key)
        if widths is None:
            summaries = self._summaries
            on_show = {id(array) for array in step.tensors.values()}  # always read

            def width(array) -> int | None:
                if not (read_all or summaries.has(array) or id(array) in on_show):
                    return None
                return CellFormat.for_summary(summaries.get(array), decimals).cell

            steps, whole = self._phase(session, step)
            widths = phase_widths((s.tensors for s in steps), width)
            if "dW" in widths and step.phase == "update":
                # ΔW = −α dW: smaller than dW, often written in scientific notation
                widths["dW_change"] = max(widths["dW"], CellFormat.widest(decimals).cell)
            if whole:  # else the next call may have the whole phase at hand
                if len(self._widths) >= KEPT:
                    self._widths.clear()
                self._widths[key] = widths
        return widths

    @staticmethod
    def _phase(session: Session, step: Step) -> tuple[list[Step], bool]:
        """The steps of ``step``'s phase in its iteration, and whether they are all at hand
        (else ``step`` alone)."""
        steps = session.cached(step.iteration)
        if steps is None:
            return [step], False
        return [s for s in steps if s.phase == step.phase], True
