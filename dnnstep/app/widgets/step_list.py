"""The steps of the current iteration as a list that can be clicked.

The list shows ``3 L + 1`` steps (``0 forward 1`` .. ``15 update 5``), highlights the
current one, and marks the step where a student's run first departs from the reference
(``✗``). Clicking a step posts ``StepList.StepChosen``; the app decides what to do.
Moving the highlight repaints two lines, not the list.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from dnnstep.app.fast import KeptFrames


class StepList(KeptFrames, Widget):
    """The steps of one iteration; ``set_current(index)`` moves the highlight."""

    DEFAULT_CSS = """
    StepList { width: 20; height: 1fr; }
    """

    class StepChosen(Message):
        """The user chose step ``index`` of the iteration on show."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, labels: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = list(labels)
        self._marks: dict[int, str] = {}
        self.current = 0
        self.top = 0
        self._theme: str | None = None
        self._styles: dict[str, Style] = {}
        self._base_theme: str | None = None
        self._base_style: Style | None = None

    def frame_key(self) -> tuple:
        return (tuple(self._labels), self.current, self.top, tuple(self._marks.items()))

    def set_labels(self, labels: list[str]) -> None:
        self._labels = list(labels)
        self._marks = {}
        self.current = self.top = 0
        self.refresh()

    @property
    def marks(self) -> dict[int, str]:
        """The marks beside steps, by step index (``{7: "✗"}``)."""
        return dict(self._marks)

    def set_marks(self, marks: dict[int, str]) -> None:
        """Marks beside steps: ``{7: "✗"}`` for the first divergence."""
        if marks != self._marks:
            self._marks = dict(marks)
            self.refresh()

    def predraw(self, index: int) -> None:
        """Keep the frame ``set_current(index)`` will show, drawn now (``draw_ahead``)."""
        self.draw_ahead({"current": index, "top": self._top_for(index)})

    def _top_for(self, index: int) -> int:
        """The first row on show once ``index`` is the current step (it stays on show)."""
        height = max(1, self.size.height)
        if index < self.top:
            return index
        if index >= self.top + height:
            return index - height + 1
        return self.top

    def set_current(self, index: int) -> None:
        if index == self.current:
            return
        old, self.current = self.current, index
        top = self.top
        self.top = self._top_for(index)
        if self.top != top:
            self.refresh()
        else:
            width = self.size.width
            self.refresh(Region(0, old - top, width, 1), Region(0, index - top, width, 1))

    def on_resize(self) -> None:
        height = max(1, self.size.height)
        top = self.top
        if self.current >= self.top + height:
            self.top = self.current - height + 1
        self.top = max(0, min(self.top, len(self._labels) - height))
        if self.top != top:
            self.refresh()  # the lines drawn at the new size showed the old window

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # the row under the pointer, inside the border
        if offset is None:
            return
        index = self.top + offset.y
        if 0 <= index < len(self._labels):
            self.post_message(self.StepChosen(index))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.top = max(0, min(self.top + 2, len(self._labels) - self.size.height))
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.top = max(0, self.top - 2)
        self.refresh()

    def _palette(self) -> dict[str, Style]:
        if self.app.theme != self._theme:
            v = self.app.get_css_variables()
            self._styles = {
                "current": Style(bgcolor=Color.parse(v["primary"]).rich_color,
                                 color=Color.parse(v["primary"]).get_contrast_text().rich_color, bold=True),
                "mark": Style(color=Color.parse(v["error"]).rich_color, bold=True),
                "text": Style(color=Color.parse(v["foreground"]).rich_color),
                "number": Style(color=Color.parse(v.get("foreground-muted", v["foreground"])).rich_color),
            }
            self._theme = self.app.theme
        return self._styles

    def render_line(self, y: int) -> Strip:
        # Segments carry only their own colours; the widget's background and text
        # colour (from the theme) go underneath, so every theme reads well.
        if self.app.theme != self._base_theme:
            self._base_theme, self._base_style = self.app.theme, self.rich_style
        return self._render_line(y).apply_style(self._base_style)

    def _render_line(self, y: int) -> Strip:
        width = self.outer_size.width
        index = self.top + y
        if index >= len(self._labels):
            return Strip.blank(width)
        styles = self._palette()
        number = str(index).rjust(len(str(len(self._labels) - 1)))
        mark = self._marks.get(index, " ")
        if index == self.current:
            text = f"{mark}{number} {self._labels[index]}"
            return Strip([Segment(text[:width].ljust(width), styles["current"])], width)
        segments = [
            Segment(mark, styles["mark"]),
            Segment(number + " ", styles["number"]),
            Segment(self._labels[index], styles["text"]),
        ]
        return Strip(segments).crop_extend(0, width, None)
