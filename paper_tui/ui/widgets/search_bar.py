"""The search bar: an Input that filters live, and the engine's hints under it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Static


class SearchBar(Input):
    """Typing filters the list; Enter goes to the first result; Esc clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Clear",
            key_display="esc",
            id="search.clear",
            tooltip="Clear the search and go back to the list",
        ),
        Binding(
            "down",
            "submit",
            "Results",
            show=False,
            id="search.results",
            tooltip="Go to the first result (also Enter)",
        ),
    ]

    class Cancelled(Message):
        """The user left the search with Esc: the filter is cleared."""

    def __init__(self, *, id: str | None = None, blink: bool = True) -> None:
        super().__init__(placeholder="/ search titles, authors, sections", id=id)
        self.cursor_blink = blink

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())  # first, so the screen clears with the cursor kept
        self.value = ""


class SearchHints(Static):
    """One line of hints from the search engine (syntax help, no results, ...)."""

    def show_hints(self, hints: tuple[str, ...]) -> None:
        """Show `hints` joined on one line, or hide when there are none."""
        self.display = bool(hints)
        self.update(Text(" · ".join(hints)))
