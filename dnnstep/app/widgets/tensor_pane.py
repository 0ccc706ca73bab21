"""One tensor of the current step: its name and shape, a summary line and its values.

A pane is titled in course notation with the tensor's shape (``dW[3]  (4, 5)``). When
the debugger compares a student's run with the reference, the pane shows three windows
side by side: the student's value, the reference, and their difference, with the cells
that differ marked. A tensor the current step has not computed yet shows a sentence
saying so, never zeros or a value left over from another iteration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from dnnstep.app.widgets.line import Line

from dnnstep.app.values import Summary
from dnnstep.app.widgets.tensor_view import TensorView
from dnnstep.formulas import format_shape


@dataclass(frozen=True)
class PaneContent:
    """What a pane shows; built by the app from the Step (and the student's Step).

    Attributes:
        title: the tensor in course notation (``"dW[3]"``).
        value: the array to show (the student's when comparing), or ``None``.
        summary: its display statistics.
        missing: the sentence shown instead of values when there are none.
        reference: the reference's array when comparing with a student.
        reference_summary: its statistics.
        difference: student minus reference, when the shapes agree.
        mask: the cells that differ (reference-shaped), or ``None``.
        verdict: one line about the comparison (``"matches"``, ``"3 of 20 cells differ"``).
    """

    title: str
    value: np.ndarray | None = None
    summary: Summary | None = None
    missing: str = ""
    reference: np.ndarray | None = None
    reference_summary: Summary | None = None
    difference: np.ndarray | None = None
    mask: np.ndarray | None = None
    verdict: str = ""


class TensorPane(Vertical):
    """A pane for the tensor named ``tensor`` (a Step tensor name such as ``"dW"``)."""

    DEFAULT_CSS = """
    TensorPane { height: 1fr; }
    TensorPane > .summary { height: 2; }
    TensorPane > .missing { height: 1fr; }
    TensorPane .views { height: 1fr; }
    TensorPane .box { width: 1fr; height: 1fr; }
    TensorPane .caption { height: 1; }
    """

    def __init__(self, tensor: str, *, compare: bool = False) -> None:
        super().__init__(id=f"pane-{tensor}", classes="tensor-pane")
        self.tensor = tensor
        self.compare = compare
        self.content: PaneContent | None = None

    def compose(self) -> ComposeResult:
        yield Line("", classes="summary")
        yield Line("", classes="missing")
        with Horizontal(classes="views"):
            if self.compare:
                with Vertical(classes="box"):
                    yield Line("student", classes="caption")
                    yield TensorView(classes="value")
                with Vertical(classes="box"):
                    yield Line("reference", classes="caption")
                    yield TensorView(classes="reference")
                with Vertical(classes="box difference-box"):
                    yield Line("student - reference", classes="caption difference-caption")
                    yield TensorView(classes="difference")
            else:
                yield TensorView(classes="value")

    def on_mount(self) -> None:
        self._summary = self.query_one(".summary", Line)
        self._missing = self.query_one(".missing", Line)
        self._views = self.query_one(".views")
        self._value = self.query_one(".value", TensorView)
        if self.compare:
            self._reference = self.query_one(".reference", TensorView)
            self._difference = self.query_one(".difference", TensorView)
            self._difference_caption = self.query_one(".difference-caption", Line)
        if self.content is not None:
            self._apply(self.content, self._heat)

    _heat = False

    @property
    def view(self) -> TensorView:
        """The window onto the (student's) value."""
        return self.query_one(".value", TensorView)

    def show(self, content: PaneContent, heat: bool) -> None:
        """Show ``content``; ``heat`` chooses the heat map over numbers."""
        self.content, self._heat = content, heat
        if self.is_mounted and hasattr(self, "_value"):
            self._apply(content, heat)

    def set_heat(self, heat: bool) -> None:
        self._heat = heat
        if hasattr(self, "_value"):
            self._value.set_heat(heat)
            if self.compare:
                self._reference.set_heat(heat)
                self._difference.set_heat(heat)

    def _set_missing(self, missing: bool) -> None:
        if self._missing.display != missing:
            self._missing.display = missing
        if self._views.display == missing:
            self._views.display = not missing

    def _apply(self, content: PaneContent, heat: bool) -> None:
        shape = None if content.value is None else content.value.shape
        if content.value is None and content.reference is not None:
            shape = content.reference.shape
        self.border_title = f"{content.title}  {format_shape(shape)}" if shape is not None else content.title
        self.set_class(bool(content.mask is not None and content.mask.any()) or content.verdict.startswith("no "), "-differs")
        if content.value is None and content.reference is None:
            self._summary.update("")
            self._missing.update(content.missing)
            self._set_missing(True)
            self._value.show(None)
            return
        self._set_missing(False)
        line = content.summary.line() if content.summary is not None else content.missing
        if self.compare:
            line = f"{content.verdict}  ·  {line}" if content.verdict else line
        self._summary.update(line)
        mask = content.mask
        if content.value is not None and mask is not None and mask.shape != content.value.shape:
            mask = None
        self._value.show(content.value, content.summary, mask=mask, heat=heat)
        if self.compare:
            self._reference.show(content.reference, content.reference_summary, mask=content.mask, heat=heat)
            self._difference.show(content.difference, None, mask=mask, heat=heat)
            if content.difference is None and content.reference is not None:
                self._difference_caption.update("shapes differ: no difference to show")
            else:
                self._difference_caption.update("student - reference")
