"""What the fast drawing needs of Textual's private parts, and whether the installed Textual has it.

The fast drawing (``span_compositor``, ``backdrop``, ``frame_timer``, ``kept_frames``,
``direct_lines``, ``line_text``, ``plan_layout``, ``kept_scrollbar``, ``footer``) subclasses or calls parts of Textual that
are not its public API. A release may rename a method (the speed is then silently lost) or
drop one (the first repaint then crashes). :func:`missing` looks for every one of them, by
name and call signature, before anything of the fast drawing is imported; the switch in
``dnnstep.app.fast`` draws with Textual's own machinery when anything is missing.

Each :class:`Part` names a module, an attribute path in it, and, for a callable, the
parameters it must take (in order, as named); an instance attribute is looked for on an
instance made the way Textual makes one. This module imports no private name itself.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Part:
    """One private part: ``module:path`` (``"textual._compositor:Compositor._regions_to_spans"``),
    the parameters a callable takes (``None``: not called, only read or replaced), and for an
    attribute set in ``__init__``, how to make an instance to look for it on."""

    module: str
    path: str
    parameters: tuple[str, ...] | None = None
    instance: Callable[[type], object] | None = None

    @property
    def name(self) -> str:
        return f"{self.module}.{self.path}"

    def lacking(self) -> str | None:
        """Why the installed Textual does not have this part, or ``None`` when it has."""
        try:
            target: object = importlib.import_module(self.module)
        except ImportError:
            return f"{self.module} (no such module)"
        names = self.path.split(".")
        for i, name in enumerate(names):
            if self.instance is not None and i == len(names) - 1:
                try:
                    target = self.instance(target)  # type: ignore[arg-type]
                except Exception as error:  # a constructor that changed: the part cannot be relied on
                    return f"{self.name} (making a {names[i - 1] if i else 'value'} failed: {error})"
            if not hasattr(target, name):
                return self.name
            target = _attribute(target, name)
        if self.parameters is not None:
            try:
                found = tuple(inspect.signature(target).parameters)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return f"{self.name} (not callable)"
            if found[: len(self.parameters)] != self.parameters:
                return f"{self.name}({', '.join(found)}), not ({', '.join(self.parameters)})"
        return None


def _attribute(target: object, name: str) -> object:
    """``target.name`` as the code that uses it sees it: a property's getter (not what it
    returns), a static method's function, a class method bound to its class."""
    if not isinstance(target, type):
        return getattr(target, name)
    value = inspect.getattr_static(target, name)
    if isinstance(value, property):
        return value.fget
    if isinstance(value, staticmethod):
        return value.__func__
    return getattr(target, name) if isinstance(value, classmethod) else value


def _screen(_: object) -> object:
    from textual.screen import Screen

    return Screen()


def _timer(_: object) -> object:
    from textual.timer import Timer

    class Target:  # a timer holds its target by a weak reference
        pass

    return Timer(Target(), 1.0)


def _strip(_: object) -> object:
    from textual.strip import Strip

    return Strip([])


def _compositor(_: object) -> object:
    from textual._compositor import Compositor

    return Compositor()


def _footer_key(_: object) -> object:
    from textual.widgets._footer import FooterKey

    return FooterKey("n", "n", "Next", "next")


def _app(_: object) -> object:
    from textual.app import App

    return App()


def _base_styles(_: object) -> object:
    from textual.widget import Widget

    return Widget().styles.base


def _styles(_: object) -> object:
    from textual.widget import Widget

    return Widget().styles


PARTS: tuple[Part, ...] = (
    # span_compositor: the partial update drawn span by span
    Part("textual._compositor", "Compositor.render_partial_update", ("self",)),
    Part("textual._compositor", "Compositor._regions_to_spans", ("regions",)),
    Part("textual._compositor", "Compositor.cuts"),
    Part("textual._compositor", "Compositor.visible_widgets"),
    Part("textual._compositor", "Compositor._dirty_regions", instance=_compositor),
    Part("textual._compositor", "ChopsUpdate.__init__", ("self", "chops", "spans", "chop_ends")),
    Part("textual.screen", "Screen._compositor", instance=_screen),
    # backdrop: one kept line for a container's lines, and the screen's repaint timer
    Part("textual.strip", "Strip._divide_cache", instance=_strip),
    Part("textual.cache", "FIFOCache.__init__", ("self", "maxsize")),
    Part("textual.screen", "Screen._update_timer"),
    Part("textual.screen", "Screen._on_timer_update", ("self",)),
    Part("textual.screen", "UPDATE_PERIOD"),
    # frame_timer: a Timer whose ticks are measured from the last frame
    Part("textual.timer", "Timer.__init__", ("self", "event_target", "interval", "name", "callback", "repeat",
                                             "skip", "pause")),
    Part("textual.timer", "Timer._run", ("self",)),
    Part("textual.timer", "Timer._tick", ("self", "next_timer", "count")),
    Part("textual.timer", "Timer._start", ("self",)),
    Part("textual.timer", "Timer._active", instance=_timer),
    Part("textual.timer", "Timer._interval", instance=_timer),
    Part("textual.timer", "Timer._repeat", instance=_timer),
    Part("textual.timer", "Timer._reset", instance=_timer),
    Part("textual.timer", "EventTargetGone"),
    Part("textual.screen", "Screen._timers", instance=_screen),
    # kept_frames: a frame drawn ahead through Textual's own styling pass
    Part("textual._styles_cache", "StylesCache.render_widget", ("self", "widget", "crop")),
    Part("textual.widget", "Widget.set_reactive", ("self", "reactive", "value")),
    Part("textual.widget", "Widget.notify_style_update", ("self",)),
    # direct_lines and line_text: finished lines without the styling pass
    Part("textual.widget", "Widget._size_updated", ("self", "size", "virtual_size", "container_size", "layout")),
    Part("textual.css.styles", "RenderStyles._cache_key", instance=_styles),
    Part("textual.widget", "Widget.background_colors"),
    Part("textual.app", "App.get_line_filters", ("self",)),
    Part("textual.filter", "ANSIToTruecolor"),
    Part("textual.strip", "Strip.apply_filter", ("self", "filter", "background")),
    Part("textual.visual", "Visual.to_strips", ("widget", "visual", "width", "height", "style")),
    Part("textual.visual", "visualize", ("widget", "obj")),
    Part("textual.widget", "Widget.visual_style"),
    # plan_layout: the grid's panes placed where the plan says
    Part("textual.layout", "Layout.arrange", ("self", "parent", "children", "size", "greedy")),
    Part("textual.layout", "WidgetPlacement._fields"),
    Part("textual.widget", "Widget._clear_arrangement_cache", ("self",)),
    Part("textual.widget", "Widget.layout"),
    Part("textual.widget", "Widget._get_scrollable_region", ("self", "region")),
    Part("textual.widget", "Widget._scroll_update", ("self", "virtual_size")),
    # kept_scrollbar: the grid's scrollbar keeps its frames
    Part("textual.widget", "Widget.vertical_scrollbar"),
    Part("textual.widget", "Widget._vertical_scrollbar", instance=lambda cls: cls()),
    Part("textual.app", "App._start_widget", ("self", "parent", "widget")),
    Part("textual.scrollbar", "ScrollBar.__init__", ("self", "vertical", "name", "thickness")),
    # footer: the keys dimmed and lit where they are
    Part("textual.widgets._footer", "Footer.bindings_changed", ("self", "screen")),
    Part("textual.widgets._footer", "Footer._bindings_ready"),
    Part("textual.widgets._footer", "FooterKey.__init__", ("self", "key", "key_display", "description", "action",
                                                           "disabled")),
    Part("textual.widgets._footer", "FooterKey._disabled", instance=_footer_key),
    Part("textual.widgets._footer", "FooterKey._component_styles", instance=_footer_key),
    Part("textual.widgets._footer", "FooterKey._pseudo_classes_cache_key"),
    Part("textual.css.stylesheet", "Stylesheet.replace_rules", ("node", "rules", "animate")),
    Part("textual.css.styles", "Styles._rules", instance=_base_styles),
    Part("textual.app", "App._css_update_count", instance=_app),
)
"""Every private part the fast drawing uses, by the module that uses it."""

PLACEMENT_FIELDS = ("region", "offset", "margin", "widget", "order", "fixed", "overlay", "absolute")
"""The fields of ``textual.layout.WidgetPlacement`` that ``plan_layout`` fills, in order."""


def missing(parts: tuple[Part, ...] | None = None) -> list[str]:
    """The parts (``PARTS`` unless given) the installed Textual lacks (each as ``module.path``,
    with the signature it has when only that differs); ``[]`` when the fast drawing can run."""
    parts = PARTS if parts is None else parts
    lacking = [why for why in (part.lacking() for part in parts) if why is not None]
    if not lacking:
        from textual.layout import WidgetPlacement

        if tuple(WidgetPlacement._fields) != PLACEMENT_FIELDS:
            lacking.append(f"textual.layout.WidgetPlacement{tuple(WidgetPlacement._fields)}, not {PLACEMENT_FIELDS}")
    return lacking
