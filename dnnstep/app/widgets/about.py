"""The scenario's story: its title and what to look at, shown when it opens.

Every shipped scenario has a ``title`` and a ``description`` ("Step to any update and
compare the rows of W…"). The panel shows both under the network map: its first lines,
ending in ``…`` when there is more (four lines; one on a short screen), or all of it
(``whole``: up to half the screen, scrolled with the mouse wheel). A click on it, or ``a``, shows it all; ``a`` again hides it, and again brings
back its first lines. A scenario without a description shows its name and shape.
"""

from __future__ import annotations

import textwrap

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from dnnstep.scenario.model import Scenario

LINES = 4
"""The story's lines on show before it is shown whole (one on a short screen)."""
MORE = " … (a: all of it)"
"""How the first lines end when there is more."""
STATES = ("cut", "whole", "hidden")
"""What ``a`` cycles through."""


def about_text(scenario: Scenario) -> tuple[str, str]:
    """The title and the description, one paragraph."""
    title = scenario.title or scenario.name
    description = " ".join(scenario.description.split()) or (
        f"A network of layers {list(scenario.layer_dims)} trained on {scenario.m} examples for "
        f"{scenario.num_iterations} iterations.")
    return title, description


def first_lines(title: str, description: str, width: int, most: int) -> tuple[str, bool]:
    """The story wrapped to ``width`` cells, at most ``most`` lines, the last ending in ``…``
    when there is more (then True)."""
    lines = textwrap.wrap(f"{title}  {description}", max(8, width))
    if len(lines) <= most:
        return "\n".join(lines), False
    more = MORE if width >= 3 * len(MORE) else " …"
    last = lines[most - 1]
    if len(last) + len(more) > width:
        last = last[: max(0, width - len(more))].rstrip()
    return "\n".join(lines[: most - 1] + [last + more]), True


class AboutPanel(VerticalScroll, can_focus=False):
    """The current scenario's story; ``set_scenario`` when another opens, ``cycle`` for ``a``."""

    DEFAULT_CSS = """
    AboutPanel { height: auto; max-height: 5; padding: 0 1; scrollbar-size-vertical: 1; }
    AboutPanel.-whole { max-height: 50vh; }
    AboutPanel > Static { height: auto; }
    """

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(Static("", markup=False), id=id)
        self.story = about_text(scenario)
        self.state = "cut"
        self.cut = False
        """True when the first lines on show are not all of it."""

    @property
    def text(self) -> str:
        return str(self.query_one(Static).content)

    def set_scenario(self, scenario: Scenario) -> None:
        self.story = about_text(scenario)
        self.show_state("cut")

    def cycle(self) -> None:
        """``a``: its first lines -> all of it -> hidden -> its first lines."""
        self.show_state(STATES[(STATES.index(self.state) + 1) % len(STATES)])

    def show_state(self, state: str) -> None:
        self.state = state
        self.display = state != "hidden"
        self.set_class(state == "whole", "-whole")
        self.scroll_home(animate=False)
        self._fit()

    def on_click(self, event: events.Click) -> None:
        if self.state == "cut" and self.cut:
            self.show_state("whole")
        elif self.state == "whole":
            self.show_state("cut")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.scrollable_content_region.width or (self.app.size.width - 2)
        title, description = self.story
        if self.state == "whole":
            text, self.cut = "\n".join(textwrap.wrap(f"{title}  {description}", max(8, width))), False
        else:
            most = 1 if self.screen.has_class("-short") else LINES
            text, self.cut = first_lines(title, description, width, most)
        content = Content(text)
        self.query_one(Static).update(content.stylize("bold $accent", 0, len(title)))
