"""A footer that dims and lights its keys where they are, instead of building itself again.

Textual's ``Footer`` answers every change of the bindings (a key that can no longer run,
say ``n`` at the last step of a gradient check, or a move of the focus) by removing all
its keys and mounting new ones, after the frame: two or three more frames and a layout of
the screen, 25-40 ms of a key. Between the debugger's steps the keys on show are the same
and only which of them are dimmed changes, so :class:`KeptFooter` sets the ``-disabled``
class of the keys it has, and their styles, in the key's own frame, and leaves the rebuilding to Textual
when anything else changed (other keys, other words, a group of keys). ``FooterKey`` and
the footer's ``_bindings_ready`` are Textual's own, not its public API: see ``fast/needs.py``.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class _KeptStyles:
    """The styles the stylesheet gave each key in each state it was in (its classes, its
    pseudo-classes such as ``:hover``), under one version of the stylesheet."""

    def __init__(self) -> None:
        self._styles: dict[tuple, tuple[dict, dict]] = {}
        self._version = -1

    BOUND = 64
    """States kept at most (a footer built again has new keys: the old ones' go in time)."""

    def restyle(self, key: FooterKey) -> None:
        """Give ``key`` the styles of its state now: the kept ones, or the stylesheet's (then kept)."""
        version = key.app._css_update_count
        if version != self._version or len(self._styles) >= self.BOUND:
            self._styles.clear()
            self._version = version
        state = (key, frozenset(key.classes), key._pseudo_classes_cache_key)
        kept = self._styles.get(state)
        if kept is None:
            key.update_node_styles(animate=False)
            self._styles[state] = (dict(key.styles.base._rules), dict(key._component_styles))
            return
        rules, parts = kept
        Stylesheet.replace_rules(key, rules, animate=False)
        key._component_styles.clear()
        key._component_styles.update(parts)
        key.refresh()


class KeptFooter(Footer):
    """Textual's footer, which keeps its keys when only their dimming changes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept_styles = _KeptStyles()

    def on_mount(self) -> None:
        self.call_later(self._hear_at_once)  # after Footer.on_mount has subscribed

    def _hear_at_once(self) -> None:
        """Answer a change of the bindings when it is published, not after the messages
        queued before it (as Textual's footer does): the keys are then dimmed or lit in the
        frame of the key that changed them."""
        signal = self.screen.bindings_updated_signal
        signal.unsubscribe(self)
        signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus and self._relight():
            self._bindings_ready = True
            return
        self.call_next(super().bindings_changed, screen)  # built again, as Textual does: in the footer's own turn

    def _relight(self) -> bool:
        """Dim and light the keys on show as the bindings say; False when the keys on show
        are not the ones ``compose`` would make now (the footer must be built again)."""
        wanted = self._wanted()
        keys = list(self.query_children(FooterKey))
        if wanted is None or not keys or len(keys) != len(wanted):
            return False
        if any((key.key, key.key_display, key.description, key.action) != want[:4] for key, want in zip(keys, wanted)):
            return False
        for key, (*_, enabled) in zip(keys, wanted):
            if key._disabled == enabled:
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled", update=False)
                self._kept_styles.restyle(key)  # now, not after this frame
        return True

    def _wanted(self) -> list[tuple[str, str, str, str, bool]] | None:
        """The keys ``compose`` would show, in its order, as (key, display, description,
        action, enabled); None where it would group keys (this footer does not redo that)."""
        active = self.screen.active_bindings
        first: dict[str, tuple[str, str, str, str, bool]] = {}
        for _, binding, enabled, _ in active.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            first.setdefault(binding.action, (binding.key, self.app.get_key_display(binding), binding.description,
                                              binding.action, enabled))
        wanted = list(first.values())
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                wanted.append((binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                               enabled))
        return wanted
