"""The cell cursor of a tensor pane: one element picked out, moved with the pane's keys.

Mixed into ``TensorPane``. ``set_cursor(True)`` puts the cursor on the first cell on show;
while it is on, the pane's keys (up, down, page up, page down, shift+left, shift+right)
move it instead of scrolling, and the pane scrolls to keep it on show. Each move posts
``CellMoved`` so the app can say which element it is and what it holds
(``dnnstep.app.closer``). ``cursor`` is (row, column) of the matrix the pane shows.
"""

from __future__ import annotations

from textual.message import Message

from dnnstep.app.closer import clamp_index


class CellCursor:
    """The cell cursor's state and moves (see the module docstring)."""

    cursor: tuple[int, int] | None = None

    class CellMoved(Message):
        """The cell cursor of ``pane`` moved, appeared or went away."""

        def __init__(self, pane: "CellCursor") -> None:
            super().__init__()
            self.pane = pane

    def set_cursor(self, on: bool) -> None:
        """Show the cell cursor (on the first cell on show) or hide it."""
        shape = self._main_shape()
        self.cursor = (self.row0, self.col0) if on and shape is not None else None
        self._repaint()
        self.post_message(self.CellMoved(self))

    def move_cursor(self, rows: int = 0, columns: int = 0) -> None:
        """Move the cell cursor, scrolling so that it stays on show."""
        shape = self._main_shape()
        if self.cursor is None or shape is None:
            return
        r, c = clamp_index((self.cursor[0] + rows, self.cursor[1] + columns), shape)
        self.cursor = (r, c)
        plan = self._layout()
        if plan.wrap:  # a row vector over several lines: scroll by lines to the cursor's line
            line = c // max(1, plan.ncols)
            self.row0 = min(max(self.row0, line - plan.nrows + 1), line)
        else:
            self.row0 = min(max(self.row0, r - plan.nrows + 1), r)
            self.col0 = min(max(self.col0, c - plan.columns + 1), c)
        self._clamp()
        self._repaint()
        self.post_message(self.CellMoved(self))

