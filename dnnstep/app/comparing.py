"""The homework comparison (``dnnstep --homework``): the student's step beside the reference's.

:class:`Comparing` is mixed into the app. It finds the student's first divergence in a
worker, marks it in the step list, goes there on ``d``, and switches the panes between
the difference alone and student, reference and difference side by side (``x``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from dnnstep.app.messages import DivergenceFound
from dnnstep.app.widgets.tensor_pane import TensorPane

SHORT = 40
"""Below this height the screen shows one pane at a time: no toasts over it."""

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp


class Comparing:
    """Mixed into ``DnnStepApp``: what the student's run shows and where it departs."""

    _divergence: Any = False  # False: not asked yet; None: no divergence; else (iteration, index, what)

    def _student_at(self: "DnnStepApp", iteration: int, index: int) -> tuple[Any, str | None, dict]:
        """The student's step at ``(iteration, index)``, why there is none, and its mismatch masks."""
        if self.student is None:
            return None, None, {}
        return (self.student.step(iteration, index), self.student.failure(iteration, index),
                self.student.mismatches(iteration, index) or {})

    def _check_comparing(self: "DnnStepApp", action: str) -> bool | None:
        if self.student is None:
            return False
        if action == "divergence":
            return None if self._busy or self._first_divergence() is None else True
        return True

    def _marks(self: "DnnStepApp", iteration: int) -> dict[int, str]:
        first = self._first_divergence()
        if first and first[0] == iteration:
            return {first[1]: "✗"}
        return {}

    def _first_divergence(self: "DnnStepApp") -> tuple[int, int, str] | None:
        """The student's first divergence, once the worker has found it (else ``None``)."""
        if self.student is None or self._divergence is False:
            return None
        return self._divergence

    @work(thread=True, exclusive=True, group="divergence")
    def _find_divergence(self: "DnnStepApp") -> None:
        try:
            found = self.student.first_divergence()
        except Exception as exc:  # the homework floor's message, shown to the user
            self.post_message(DivergenceFound(None, f"could not compare: {exc}"))
            return
        self.post_message(DivergenceFound(found))

    def on_divergence_found(self: "DnnStepApp", message: DivergenceFound) -> None:
        self._divergence = message.found
        if message.error:
            self.notify(message.error, severity="error")
        elif message.found is None:
            self.notify("The student's run matches the reference.", title="Homework")
        else:
            iteration, index, what = message.found
            label = self._label(index)
            where = what if str(what).startswith(str(label)) else f"{label}: {what}"
            forms = [f"First divergence at iteration {iteration}, {where}. Press d to go there.",
                     f"First divergence at {iteration}:{where}; d goes there.",
                     f"Diverges at {iteration}:{where} (d)"]  # shorter, and the hint is kept
            if self.size.height < SHORT:  # a toast would cover the one pane on show: the status line says it
                self._message = forms[0]
                self._show_message(forms)
            else:
                self.notify(forms[0], title="Homework", severity="warning", timeout=10)
        self._steps_list.set_marks(self._marks(self.position[0]))
        self._refresh_bindings_if_changed()

    def action_compare_view(self: "DnnStepApp") -> None:
        """The student's and the reference's values beside the difference, or not; the pane
        that differs (the focused one, or the first) is brought on screen and focused."""
        self._grid.set_sides(not self._grid.sides)
        focused = self.focused if isinstance(self.focused, TensorPane) else None
        if focused is not None and focused.content is not None and focused.content.differs:
            self._grid.show_pane(focused)
        else:
            self._focus_pane("")

    def action_divergence(self: "DnnStepApp") -> None:
        first = self._first_divergence()
        if first is None:
            self.notify("The student's run matches the reference everywhere it was compared.")
            return
        iteration, index, what = first
        self.move(lambda: (iteration, index))
        self.call_after_refresh(self._focus_pane, what)

    def _focus_pane(self: "DnnStepApp", tensor: str) -> None:
        """Bring on screen and focus the pane of ``tensor``, or else the first pane whose values differ."""
        pane = self._grid.panes.get(tensor)
        if pane is None:
            pane = next((p for p in self._grid.slots if p.content is not None and p.content.differs), None)
        if pane is not None:
            self._grid.show_pane(pane)


def comparing_hint(width: int) -> str:
    """The line under the panes with a student's run: what a pane with a plain title means
    (said here once, not in every pane), and the keys that compare, as much as fits ``width``."""
    parts = (" student = reference in every pane with a plain title; a red title differs",
             " x: student, reference and their difference side by side", " d: the first divergence")
    hint = ""
    for part in parts:
        longer = hint + (" ·" if hint else "") + part
        if len(longer) > width:
            break
        hint = longer
    return hint or parts[0][: max(0, width)]
