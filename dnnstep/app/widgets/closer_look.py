"""The closer look under the panes: the element under the cell cursor, the watch list, the mark.

``CloserLook.show(lines)`` shows a few lines (``dW[3][2, 4] = -0.0123…``, one per watch,
what the panes are compared with); with no lines it takes no room at all. The lines it
takes are the grid's: the panes keep their plan and the grid scrolls meanwhile
(``TensorGrid.lend``), so a watch never lays the panes out again.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class CloserLook(Static):
    MOST = 6
    """The lines it shows at most (the element, four watches, the mark)."""

    DEFAULT_CSS = f"""
    CloserLook {{ height: auto; max-height: {MOST}; padding: 0 1; background: $boost; display: none; }}
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.lines: tuple[str, ...] = ()

    def show(self, lines: list[str]) -> None:
        lines_ = tuple(lines)
        if lines_ == self.lines:
            return
        self.lines = lines_
        self.display = bool(lines_)
        self.update(Content("\n".join(lines_)))
