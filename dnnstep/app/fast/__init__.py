"""Fast drawing: the debugger's shortcuts through Textual's private machinery, behind one switch.

Textual draws every widget through its styling pass, composites the box around every
changed line, repaints on a fixed 60 Hz grid and lays a grid out from its styles. The
debugger redraws most of the screen on every key, and each of those costs a few
milliseconds it cannot spare (docs/app.md, "Speed"). The modules of this package take the
shorter ways, each through parts of Textual that are not its public API:

- ``span_compositor``: a partial update draws, on each changed line, only the widgets that
  reach a changed span;
- ``backdrop``: a container's lines are one kept blank line; the screens repaint from a
  ``frame_timer`` measured from the last frame;
- ``kept_frames``: the formula pane, the step list and the map keep the frames Textual drew;
- ``direct_lines`` and ``line_text``: the panes and the status lines hand the compositor
  finished lines;
- ``plan_layout``: the grid places its panes where the plan says, its extent known before the layout;
- ``kept_scrollbar``: the grid's scrollbar keeps the frames Textual drew of it;
- ``footer``: the footer dims and lights its keys where they are instead of building itself again.

At import, :func:`dnnstep.app.fast.needs.missing` looks for every private part they use,
by name and call signature. When one is missing (a Textual release renamed it), or the
environment variable ``DNNSTEP_PLAIN_DRAWING`` is set to anything but ``0``, the debugger
draws with Textual's own machinery (``plain``: the same classes, doing nothing of their
own), and ``dnnstep --version`` and the log say so in one line (:func:`status`). Nothing
outside this package touches those private parts; the rest of the app imports the names
below from here and never asks which way they draw.
"""

from __future__ import annotations

import os

ENV = "DNNSTEP_PLAIN_DRAWING"
"""Set (to anything but ``0``) to draw with Textual's own machinery (CI runs the app's tests so too)."""


def _decide() -> tuple[bool, str]:
    if os.environ.get(ENV, "") not in ("", "0"):
        return False, f"{ENV} is set"
    from dnnstep.app.fast.needs import missing

    lacking = missing()
    if lacking:
        from importlib.metadata import version

        more = f" and {len(lacking) - 1} more private part{'s' if len(lacking) > 2 else ''}" if len(lacking) > 1 else ""
        return False, f"Textual {version('textual')} lacks {lacking[0]}{more}"
    return True, ""


ON, WHY = _decide()
"""Whether the fast drawing is on, and if not, why not."""


def status() -> str:
    """One line saying how the debugger draws (for ``dnnstep --version`` and the log)."""
    if ON:
        return "drawing: fast (every private part of Textual it uses was found)"
    return f"drawing: Textual's own machinery, slower ({WHY})"


if ON:
    from dnnstep.app.fast.backdrop import Backdrop, BackdropHorizontal, BackdropScreen, BackdropVertical
    from dnnstep.app.fast.direct_lines import DirectLines
    from dnnstep.app.fast.footer import KeptFooter
    from dnnstep.app.fast.kept_frames import KeptFrames
    from dnnstep.app.fast.line_text import OneSegmentText
    from dnnstep.app.fast.kept_scrollbar import KeptScrollbars
    from dnnstep.app.fast.plan_layout import PlacedByPlan
else:
    from dnnstep.app.fast.plain import (  # type: ignore[assignment]
        Backdrop, BackdropHorizontal, BackdropScreen, BackdropVertical, DirectLines, KeptFooter, KeptFrames,
        KeptScrollbars, OneSegmentText, PlacedByPlan,
    )

__all__ = ["ENV", "ON", "WHY", "status", "Backdrop", "BackdropHorizontal", "BackdropScreen", "BackdropVertical",
           "DirectLines", "KeptFooter", "KeptFrames", "KeptScrollbars", "OneSegmentText", "PlacedByPlan"]
