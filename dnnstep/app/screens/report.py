"""A modal that shows a block of text: a gradient check's result, a run's outcome."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ReportScreen(ModalScreen[None]):
    """``title`` over ``text`` (plain text, shown as it is); ``ok`` colours the border."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    ReportScreen > VerticalScroll { width: auto; min-width: 40; }
    ReportScreen Static { width: auto; }
    """

    def __init__(self, title: str, text: str, *, ok: bool = True) -> None:
        super().__init__(classes="-ok" if ok else "-failed")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = self.title_text
            box.border_subtitle = "escape closes"
            yield Static(self.text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
