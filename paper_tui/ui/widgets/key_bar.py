"""The key bar at the foot of each screen: the keys that matter where the focus is.

Textual's `Footer` recomposes a widget per key on every focus change (it cost
most of the 90-150 ms a focus change took); this draws one line of text, and
only when what it says changes, and as a repaint of its own line (a `Static`
update would lay the whole screen out again). A key can be clicked like the
Footer's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget


def _shown_bindings(active: Iterable[Any]) -> list[Binding]:
    """The bindings to show, one per action, in the order the screen gives."""
    seen: set[str] = set()
    shown: list[Binding] = []
    for _, binding, enabled, _ in active:
        if binding.show and enabled and binding.action not in seen:
            seen.add(binding.action)
            shown.append(binding)
    return shown


class KeyBar(Widget):
    """One line of `key description` pairs for the screen it is on, and the palette key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[tuple[str, str, str], ...] | None = None
        self._text = Text()

    def render(self) -> Text:
        return self._text

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # Asked again as the focus moves, the keys change in the frame the focus does
        # (the signal comes a frame later, and then finds nothing new).
        self.watch(self.screen, "focused", self._focus_moved, init=False)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def _focus_moved(self) -> None:
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._shown = None
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Any) -> None:
        if screen is not self.screen:
            return
        active = screen.active_bindings
        shown = tuple(
            (binding.key.split(",")[0], self.app.get_key_display(binding), binding.description)
            for binding in _shown_bindings(active.values())
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            binding = palette[1]
            shown += (("ctrl+p", self.app.get_key_display(binding), binding.description),)
        if shown != self._shown:
            self._shown = shown
            self._text = self._render_keys(shown)
            self.refresh()  # one line of fixed size: a repaint, never a new layout

    @property
    def keys(self) -> tuple[tuple[str, str, str], ...]:
        """(key, key as shown, description) of each key the bar shows."""
        return self._shown or ()

    def keys_in_view(self) -> list[str]:
        """The keys whose whole label fits in the bar's width."""
        from rich.cells import cell_len

        fitting: list[str] = []
        used = 0
        for key, display, description in self.keys:
            used += cell_len(f" {display} ") + cell_len(f" {description} ")
            if used > self.size.width:
                break
            fitting.append(key)
        return fitting

    def _render_keys(self, shown: tuple[tuple[str, str, str], ...]) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for key, display, description in shown:
            # The click presses the key (a key name, never digest text, is in the action).
            click = Style(meta={"@click": f"app.simulate_key({key!r})"})
            text.append(f" {display} ", style=key_style + click)
            text.append(f" {description} ", style=click)
        return text
