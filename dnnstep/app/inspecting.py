"""A closer look at numbers: the cell cursor, watches, the mark, and the number of decimals.

:class:`Inspecting` is mixed into the app.

- ``o`` puts a cell cursor in the focused pane (its keys then move the cursor); the line
  under the panes names the element in course notation, ``dW[3][2, 4]``, with its value at
  full precision; with ``--homework`` the student's value, the reference's and the difference.
- ``w`` watches the element under the cursor: the watch list under the panes shows its value
  at the same place of every iteration the cursor goes to; ``W`` clears the list.
- ``m`` marks the current step; then every pane shows the difference between its tensor here
  and the same tensor at the mark (when the shapes agree), until ``m`` clears the mark.
- ``.`` changes the number of decimals: 4 (the panes' own), 8 (as the course prints), 2.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

import numpy as np

from dnnstep.app.closer import Watch, cell_line, watch_lines, watch_of
from dnnstep.app.comparing import comparing_hint
from dnnstep.app.keys import look_closer_hint
from dnnstep.app.widgets.closer_look import CloserLook
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine.step import Step

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp

DECIMALS = (None, 8, 2)
"""The choices of ``.``: the panes' own (4, or 3 in scientific notation), the course's 8, 2."""
MAX_WATCHES = 4


class Inspecting:
    """Mixed into ``DnnStepApp``: the closer look (see the module docstring)."""

    decimals: int | None = None
    mark: Step | None = None
    _watches: tuple[Watch, ...] = ()

    @property
    def watches(self) -> tuple[Watch, ...]:
        return self._watches

    # ------------------------------------------------------------ keys
    def action_cell_cursor(self: "DnnStepApp") -> None:
        pane = self.focused
        if not isinstance(pane, TensorPane) or pane.content is None or pane.content.value is None:
            self.notify("Focus a pane with values first (tab), then press o for its cell cursor.")
            return
        pane.set_cursor(pane.cursor is None)

    def action_watch(self: "DnnStepApp") -> None:
        pane = self.focused
        if not isinstance(pane, TensorPane) or pane.cursor is None:
            self.notify("Put the cell cursor on an element first (o), then press w to watch it.")
            return
        if pane.tensor not in self.step.tensors:
            self.notify(f"{_short(pane.content.title)} is worked out for the screen, not a tensor of the step: "
                        "watch one of the step's own tensors.", severity="warning")
            return
        from dnnstep.app.contents import tensor_title

        index = _element_index(pane)
        watch = watch_of(self.step, pane.tensor, index, tensor_title(pane.tensor, self.step, self.session.L))
        if watch in self._watches:
            return
        self._watches = (*self._watches, watch)[-MAX_WATCHES:]
        self._show_closer()

    def action_clear_watches(self: "DnnStepApp") -> None:
        self._watches = ()
        self._show_closer()

    def action_mark(self: "DnnStepApp") -> None:
        if not self.loaded:
            return
        if self.mark is not None:
            self.mark = None
            self.notify("Mark cleared: the panes show the values again.")
        else:
            self.mark = self.step
            self.notify(f"Marked iteration {self.mark.iteration}, {self.mark.label}. Move elsewhere: the panes "
                        "show each tensor minus the same tensor at the mark. m clears the mark.", timeout=6)
        self._show()

    def action_precision(self: "DnnStepApp") -> None:
        self.decimals = DECIMALS[(DECIMALS.index(self.decimals) + 1) % len(DECIMALS)]
        self.notify(f"Numbers with {self.decimals if self.decimals is not None else 'the panes’ own 4'} decimals"
                    + (" (as the course prints them)" if self.decimals == 8 else "") + ".")
        if self.loaded:
            self._show()

    # ------------------------------------------------------------ what the line under the panes says
    def on_cell_cursor_cell_moved(self: "DnnStepApp", message) -> None:
        self._show_closer()

    def on_descendant_focus(self: "DnnStepApp", event) -> None:
        if self.is_running and self.loaded:
            self._show_closer()

    def _show_closer(self: "DnnStepApp") -> None:
        """The lines under the panes: the element under the cursor, the watches, the mark."""
        lines = []
        pane = self.focused
        if isinstance(pane, TensorPane) and pane.cursor is not None and pane.content is not None:
            lines.append(_cursor_line(pane))
        if self._watches and self.loaded:
            lines += watch_lines(self.session.cached, self.position[0], list(self._watches))
        if self.mark is not None:
            lines.append(f"compared with the mark: iteration {self.mark.iteration}, {self.mark.label} (m clears it)")
        self._grid.lend("closer", min(len(lines), CloserLook.MOST))  # the panes stay where they are: the grid scrolls
        self._closer.show(lines)
        self._show_legend()

    def _show_legend(self: "DnnStepApp") -> None:
        """With the heat map on, which shade is which value in the focused pane (or the first)."""
        legend = self._legend
        pane = self.focused if isinstance(self.focused, TensorPane) else None
        if pane is None or pane.content is None or pane.content.summary is None:
            pane = next((p for p in self._grid.slots if p.content is not None and p.content.summary is not None), None)
        if self.heat and pane is not None:
            legend.show(_short(pane.content.title), pane.content.summary.max_abs)
        else:
            legend.show_hint(comparing_hint if self.student is not None else self._look_closer_hint())


    _hint: tuple[object, Callable[[int], str]] | None = None

    def _look_closer_hint(self: "DnnStepApp") -> Callable[[int], str]:
        """The hint line of this session's keys (made once a session: the line repaints when it changes)."""
        if self._hint is None or self._hint[0] is not self.session:
            self._hint = (self.session, partial(look_closer_hint, available=self._offers))
        return self._hint[1]


def _element_index(pane: TensorPane) -> tuple[int, ...]:
    """The numpy index of the element under ``pane``'s cursor (the pane shows a vector as one
    row and a 0-d value as one cell)."""
    content = pane.content
    array = content.value if content.value is not None else content.reference
    r, c = pane.cursor
    shape = np.shape(array)
    if len(shape) == 0:
        return ()
    if len(shape) == 1:
        return (c,)
    if len(shape) == 2:
        return (r, c)
    return tuple(int(i) for i in np.unravel_index(r * int(np.prod(shape[1:])) + c, shape))


def _short(title: str) -> str:
    """A pane's title without its explanation: ``ΔW[2] = −α dW  ‖ΔW‖/‖W‖ 1e-02`` -> ``ΔW[2]``."""
    return title.split("  ")[0].split(" = ")[0]


def _cursor_line(pane: TensorPane) -> str:
    content = pane.content
    title = _short(content.title)
    index = _element_index(pane)
    if pane.compare and content.reference is not None and content.value is not None:
        return cell_line(title, content.value, index, reference=content.reference)
    array = content.value if content.value is not None else content.reference
    return cell_line(title, array, index)
