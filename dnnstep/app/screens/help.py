"""The help screen: every key of the debugger, what the screen shows, and the mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "The panes show the tensors of the current step, titled in course notation with their shape. "
    "The formula pane gives the course formula with the shape under each operand. "
    "The map shows the layers n[0..L]; the list on the left, the steps of this iteration."
)

MOUSE = "Click a step in the list, or a layer in the map, to go there. Scroll a pane with the wheel."


class HelpScreen(ModalScreen[None]):
    """A modal list of the app's bindings, built from the app's ``BINDINGS``."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 92; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, keys: list[tuple[str, str]], extra: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.extra = extra or []

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.keys + self.extra)
        rows = [Content.assemble((key.ljust(width + 2), "bold $accent"), (text, "")) for key, text in self.keys]
        rows += [Content.assemble((key.ljust(width + 2), "bold $text-secondary"), (text, "")) for key, text in self.extra]
        with VerticalScroll() as scroll:
            scroll.border_title = "dnnstep keys"
            scroll.border_subtitle = "escape closes"
            yield Static(Content("\n").join(rows))
            yield Static(Content.styled("\n" + ABOUT + "\n\n" + MOUSE, "$foreground-muted"))

    def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
