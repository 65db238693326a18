"""Short lists over the reader (similar papers, days, feeds, authors): `ListScreen`
holds the look and the moving keys; `Picker` is dismissed with the line picked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paper_tui.ui.widgets.key_bar import KeyBar

R = TypeVar("R")


class ListScreen(ModalScreen[R]):
    """A titled list over the reader: j/k (and the arrows) move, Esc closes.
    Subclasses give the lines (`options`) and what Enter and Esc mean."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", key_display="esc", id="picker.close"),
        Binding("j", "cursor(1)", "Down", show=False, id="picker.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="picker.up"),
    ]

    TITLE_KEYS = "Enter picks · Esc closes"
    """What the keys do, said dim after the title."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def options(self) -> list[Option]:
        """The lines of the list, made when it is composed."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            heading = Text(self._title, style="bold")
            heading.append(f"   {self.TITLE_KEYS}", style="dim")
            yield Static(heading, id="picker-title")
            yield OptionList(*self.options(), id="picker-list")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        first = next((n for n, o in enumerate(options.options) if not o.disabled), None)
        options.highlighted = first

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close(self) -> None:
        raise NotImplementedError


class Picker(ListScreen[int | None]):
    """Dismissed with the number of the line picked, or None."""

    def __init__(self, title: str, lines: Sequence[Text]) -> None:
        super().__init__(title)
        self._lines = list(lines)

    def options(self) -> list[Option]:
        return [Option(line) for line in self._lines]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
