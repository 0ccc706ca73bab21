"""The debugger's keys: one table from which the footer, the help screen and the palette are built.

Each :class:`Key` names the keys that run an action, the word the footer shows, the
sentence the help screen shows, and the title of its palette command (``None``: not in the
palette). ``KEYS`` are the app's bindings; ``PANE_KEYS`` are handled by the focused
tensor pane; ``OTHER_KEYS`` are listed in the help but bound by Textual itself (focus
moves, the palette). To add a key, add a row here and an ``action_<name>`` to the app.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One binding and the words that describe it.

    Attributes:
        keys: Textual key names, comma separated (``"n,right"``).
        action: the action it runs (``"next"`` runs ``action_next``).
        footer: the footer's word for it (short).
        help: the help screen's sentence, also the palette command's help line.
        palette: the palette command's title, or ``None`` when it is not in the palette.
        show: False keeps it out of the footer (it stays in the help and the palette). The
            footer shows few keys, so that at 80 columns it still ends with ``? Help`` and ``q Quit``.
        display: how the footer and help write the key (``"]"`` for ``right_square_bracket``).
        feature: a Course 2 feature's key (``G``, ``D``, ``A``, ``B``, ``F``): in the help and the
            palette only where the app's ``check_action`` offers it, so a week-4 scenario's help
            stays as it was.
    """

    keys: str
    action: str
    footer: str
    help: str
    palette: str | None = None
    show: bool = True
    display: str | None = None
    feature: bool = False

    def binding(self, *, namespace: str = "", priority: bool = False) -> Binding:
        return Binding(self.keys, namespace + self.action, self.footer, show=self.show, key_display=self.display,
                       tooltip=self.help, priority=priority)


KEYS: tuple[Key, ...] = (
    Key("n,right", "next", "Next", "next step (after the last update: the next iteration)", "Next step"),
    Key("p,left", "previous", "Prev", "previous step (dimmed at the very first step)", "Previous step"),
    Key("c", "cost", "Cost", "the cost step of this iteration", "Go to the cost", show=False),
    Key("b", "backward", "Backward", "the first backward step (layer L)", "Go to the first backward step", show=False),
    Key("u", "update", "Update", "the first update step (layer 1)", "Go to the update", show=False),
    Key("right_square_bracket", "next_iteration", "Next it", "the same step in the next iteration",
        "Next iteration", display="]"),
    Key("left_square_bracket", "previous_iteration", "Prev it", "the same step in the previous iteration",
        "Previous iteration", show=False, display="["),
    Key("colon,ctrl+g", "goto", "Go to", "go to a step: 7, backward 2, or ITERATION:STEP such as 40:cost",
        "Go to step…", display=":"),
    Key("r", "run_until", "Run until", "run until a NaN or Inf, a dead ReLU layer, a gradient bound, or the cost rising",
        "Run until…"),
    Key("h", "heat", "Heat map", "heat map of the values on/off", "Toggle the heat map", show=False),
    Key("z", "maximize", "Maximize", "maximize the focused pane, or bring the grid back", "Maximize the focused pane",
        show=False),
    Key("a", "about", "About", "the scenario's story: all of it (or click it), hidden, its first lines again",
        "Show all of the scenario's story, hide it, or show its first lines",
        show=False),
    Key("g", "gradcheck", "Grad check", "gradient check of this layer's dW and db (finite differences)",
        "Gradient check of this layer", show=False),
    Key("e", "export", "Export step", "export this step's tensors to an .npz file", "Export this step (.npz)",
        show=False),
    Key("s,ctrl+s", "screenshot", "Save SVG", "save the screen as an SVG file", "Save the screen (SVG)",
        show=False),
    Key("d", "divergence", "Diverge", "where the student's run first departs (dnnstep --homework)",
        "Go to the first divergence"),
    Key("x", "compare_view", "Beside", "--homework: the student's and the reference's values beside the difference, "
        "or the difference alone", "Show the student's and the reference's values beside the difference",
        show=False),
    Key("i", "examples", "Examples", "the examples as pictures (image scenarios)", "Show the examples as pictures"),
    Key("question_mark", "help", "Help", "this help", "Keys", display="?"),
    Key("q", "quit", "Quit", "quit"),
    Key("escape", "cancel", "Cancel", "cancel a run-until or a long jump"),
    # the pictures: in the help, the palette and the README; not in the footer, which has no room at 80 columns
    Key("j", "cost_curve", "Cost curve", "the cost curve: J over every iteration computed so far, linear or log scale",
        "Show the cost curve", show=False),
    Key("f", "decision_boundary", "Boundary",
        "the decision boundary: the network's prediction over the input plane with the training points (2-D inputs)",
        "Show the decision boundary", show=False),
    Key("v", "gradient_health", "Grad health",
        "gradient health: ||dW[l]|| of every layer over the iterations (log scale) and the dead ReLU units",
        "Show the gradient health", show=False),
    Key("G", "gradient_check", "Check map",
        "the gradient check, parameter by parameter: which of W1 … bL disagree with the finite differences "
        "(scenarios with a check phase)", "Show the gradient check per parameter", show=False, feature=True),
    Key("D", "dropout_mask", "Masks", "dropout's masks D[l] as a picture: which units each example drops "
        "(scenarios with dropout)", "Show dropout's masks", show=False, feature=True),
    Key("A", "step_size", "Step size", "the optimizer's step per layer beside plain gradient descent's: "
        "||α v̂/(√ŝ+ε)|| (Adam) or ||α v|| (momentum) against ||α dW||", "Show the optimizer's step beside gd's",
        show=False, feature=True),
    Key("B", "beside", "Beside", "two runs side by side at the same iteration: this one and another scenario "
        "(--beside SCENARIO, or the palette's Beside…)", "Show another run beside this one", show=False, feature=True),
    Key("F", "formulas", "Formulas", "all of this step's formulas with their shapes, on a screen of their own "
        "(an Adam update has twelve)", "Show all of this step's formulas", show=False, feature=True),
    Key("o", "cell_cursor", "Cell", "a cell cursor in the focused pane (its keys move it): the element's index "
        "and full value under the panes", "Cell cursor in the focused pane", show=False),
    Key("w", "watch", "Watch", "watch the element under the cell cursor: its value in every iteration you go to",
        "Watch the element under the cursor", show=False),
    Key("W", "clear_watches", "Clear watches", "clear the watch list", "Clear the watch list", show=False),
    Key("m", "mark", "Mark", "mark this step; elsewhere the panes show the difference to it (m again clears)",
        "Mark this step to compare with", show=False),
    Key("full_stop", "precision", "Decimals", "decimals shown: 4, 8 (as the course prints), 2", "Change the decimals",
        show=False, display="."),
    Key("H", "histogram", "Histogram", "a histogram of the focused pane's values, in the heat map's colours",
        "Histogram of the focused pane", show=False),
)
"""The app's keys, in the order the footer and the help list them."""

PANE_KEYS: tuple[Key, ...] = (
    Key("up", "scroll_rows(-1)", "Scroll up", "scroll the focused pane up a row (the mouse wheel too)", show=False),
    Key("down", "scroll_rows(1)", "Scroll down", "scroll the focused pane down a row", show=False),
    Key("pageup", "page(-1)", "Page up", "scroll the focused pane up a page", show=False),
    Key("pagedown", "page(1)", "Page down", "scroll the focused pane down a page", show=False),
    Key("home", "home", "Top", "the focused pane's first row and column", show=False),
    Key("end", "end", "Bottom", "the focused pane's last rows", show=False),
    Key("shift+left", "scroll_columns(-1)", "Scroll left", "scroll the focused pane left", show=False),
    Key("shift+right", "scroll_columns(1)", "Scroll right", "scroll the focused pane right", show=False),
)
"""The keys of the focused tensor pane (its ``BINDINGS``)."""

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("tab, shift+tab", "move the focus between tensor panes"),
    ("ctrl+p", "the palette: these commands, runs, and opening a scenario"),
)
"""Keys Textual binds itself, listed in the help."""


LOOK_CLOSER = ("heat", "gradient_check", "dropout_mask", "step_size", "histogram", "cell_cursor", "watch", "mark",
               "precision", "maximize", "cost_curve", "decision_boundary", "gradient_health")
"""The keys that look closer at the panes, named on the line under them while the heat map is off
(Course 2's pictures near the front, where the scenario has their feature)."""


def look_closer_hint(width: int = 10_000, available: Callable[[str], bool] = lambda action: True) -> str:
    """``h heat map · H histogram · o cell · …``: the keys of ``LOOK_CLOSER`` whose action is
    ``available`` (no boundary for a network without 2-D inputs), with their footer words,
    as many whole ones as fit in ``width`` cells."""
    by_action = {key.action: key for key in KEYS}
    hint = ""
    for action in (action for action in LOOK_CLOSER if available(action)):
        key = by_action[action]
        item = f"{key.display or key.keys.split(',')[0]} {key.footer.lower()}"
        longer = f"{hint} · {item}" if hint else f" {item}"
        if len(longer) > width:
            break
        hint = longer
    return hint


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    """Textual bindings for ``keys``."""
    return [key.binding() for key in keys]


def first_bindings(keys: tuple[Key, ...], taken: set[str]) -> list[Binding]:
    """``keys`` as priority bindings of the app's actions (``app.next``), but for the keys
    in ``taken`` (those a widget binds for itself).

    A key the app binds travels, unless a priority binding takes it, to the focused tensor
    pane, then back up through its grid and the four containers above it, one message queue
    after another, before the app's binding runs: about a millisecond of every step. The
    main screen takes these as they arrive. The keys its widgets bind (arrows, pages,
    home, end, tab) are ``taken`` and go the usual way: ``right`` scrolls a grid that can
    scroll before it moves to the next step. On any other screen (the prompts, the help,
    the pictures) these bindings are not in the chain."""
    first = []
    for key in keys:
        names = [name for name in key.keys.split(",") if name not in taken]
        if names:
            first.append(replace(key, keys=",".join(names)).binding(namespace="app.", priority=True))
    return first


def key_names(key: Key, display) -> str:
    """How the help writes ``key``'s keys: ``"n, →"``; ``display(name)`` is the app's key display."""
    if key.display:
        rest = [display(k) for k in key.keys.split(",")[1:]]
        return ", ".join([key.display, *rest])
    return ", ".join(display(k) for k in key.keys.split(","))
