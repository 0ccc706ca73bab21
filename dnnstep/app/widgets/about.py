"""The scenario's story: its title and what to look at, shown when it opens.

Every shipped scenario has a ``title`` and a ``description`` ("Step to any update and
compare the rows of W…"). The panel shows both under the network map; ``a`` hides it and
brings it back. A scenario without either shows its name and shape.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from dnnstep.scenario.model import Scenario


def about_text(scenario: Scenario) -> Content:
    """The title (bold) and the description, one paragraph."""
    title = scenario.title or scenario.name
    description = " ".join(scenario.description.split()) or (
        f"A network of layers {list(scenario.layer_dims)} trained on {scenario.m} examples for "
        f"{scenario.num_iterations} iterations.")
    return Content.assemble((title, "bold $accent"), ("  " + description, ""))


class AboutPanel(Static):
    """The current scenario's title and description; ``set_scenario`` when another opens."""

    DEFAULT_CSS = """
    AboutPanel { height: auto; max-height: 5; padding: 0 1; }
    """

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(about_text(scenario), id=id)
        self.border_subtitle = "a hides"

    @property
    def text(self) -> str:
        return str(self.content)

    def set_scenario(self, scenario: Scenario) -> None:
        self.update(about_text(scenario))
        self.display = True
