"""The debugger's main screen: the step list, the formulas and the panes of one step.

What it holds is composed by the app (``DnnStepApp.compose``). The screen takes the
app's keys first (``keys.first_bindings``): a key need not travel down to the focused
pane and bubble back up through five containers before it moves the cursor.
"""

from __future__ import annotations

from textual.binding import BindingsMap

from dnnstep.app.keys import KEYS, first_bindings
from dnnstep.app.fast import BackdropScreen
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane


def bound_keys(*classes: type) -> set[str]:
    """The keys the classes bind, their bases' bindings included (Textual merges them)."""
    return {key for cls in classes for base in cls.__mro__
            for key in BindingsMap(base.__dict__.get("BINDINGS", ())).key_to_bindings}


class MainScreen(BackdropScreen):
    """The app's default screen (see the module docstring)."""

    BINDINGS = first_bindings(KEYS, taken=bound_keys(TensorPane, TensorGrid))
