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

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > VerticalScroll {
        width: auto; max-width: 100%; min-width: 40; height: auto; max-height: 90%;
        border: round $success; background: $surface; padding: 0 1;
    }
    ReportScreen.-failed > VerticalScroll { border: round $error; }
    ReportScreen Static { width: auto; }
    """

    def __init__(self, title: str, text: str, *, ok: bool = True) -> None:
        super().__init__(classes="" if ok else "-failed")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = self.title_text
            box.border_subtitle = "escape closes"
            yield Static(self.text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
