"""The run-until menu: choose the condition the run stops at.

Keys 1 to 5 (or a click, or enter) choose one of the Session's conditions. The gradient
bounds are read from the input under them, so ``3`` with ``1e3`` typed runs until the
gradient norm goes above 1000; empty, it says the bound it stands for (the highlighted
condition's), and the run's messages name the bound used. While the input has the focus,
digits are typed into it and choose nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dnnstep.engine.conditions import CostRises, DeadRelu, GradientNormAbove, GradientNormBelow, NanOrInf

CHOICES = (
    ("nan", "a NaN or Inf appears"),
    ("dead", "every ReLU unit of a layer is dead"),
    ("above", "the gradient norm ||dW|| goes above the bound"),
    ("below", "the gradient norm ||dW|| goes below the bound"),
    ("rises", "the cost rises"),
)
DEFAULT_BOUNDS = {"above": "1e3", "below": "1e-7"}


def placeholder(choice: str) -> str:
    """What the empty bound says for the highlighted ``choice``: the bound it stands for."""
    if choice in DEFAULT_BOUNDS:
        return f"{DEFAULT_BOUNDS[choice]} unless you type one"
    return "for 3 and 4 only"


def make_condition(choice: str, bound_text: str = ""):
    """The condition for a menu choice; ``ValueError`` when the bound is not a number."""
    if choice == "nan":
        return NanOrInf()
    if choice == "dead":
        return DeadRelu()
    if choice == "rises":
        return CostRises()
    text = bound_text.strip() or DEFAULT_BOUNDS[choice]
    try:
        bound = float(text)
    except ValueError:
        raise ValueError(f"The bound {text!r} is not a number (try 1e3).") from None
    if not bound > 0:
        raise ValueError(f"The bound must be above 0, not {text}.")
    return GradientNormAbove(bound) if choice == "above" else GradientNormBelow(bound)


class RunUntilScreen(ModalScreen[object | None]):
    """Dismisses with a condition object, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(str(i), f"choose({i - 1})", show=False) for i in range(1, len(CHOICES) + 1)),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    RunUntilScreen > Vertical { width: 64; }
    RunUntilScreen OptionList { height: auto; border: none; }
    RunUntilScreen Horizontal { height: auto; }
    RunUntilScreen Horizontal Static { width: auto; padding: 1 1 0 0; }
    RunUntilScreen Input { width: 16; }
    """

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Run until"
            box.border_subtitle = "1-5 or enter chooses · escape cancels"
            yield OptionList(*(Option(f"{i}  {text}", id=key) for i, (key, text) in enumerate(CHOICES, 1)))
            with Horizontal():
                yield Static("gradient bound")
                yield Input(placeholder=placeholder("nan"), id="bound")
            yield Static("", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#bound", Input).placeholder = placeholder(event.option.id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and isinstance(self.focused, Input):
            return False  # a digit typed into the bound is the bound's
        return True

    def action_choose(self, number: int) -> None:
        self._finish(CHOICES[number][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._finish(event.option.id)

    def _finish(self, choice: str) -> None:
        try:
            condition = make_condition(choice, self.query_one("#bound", Input).value)
        except ValueError as exc:
            self.query_one(".error", Static).update(str(exc))
            return
        self.dismiss(condition)

    def action_cancel(self) -> None:
        self.dismiss(None)
