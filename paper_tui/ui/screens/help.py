"""The help screen: every key, generated from the bindings so it cannot drift."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paper_tui.ui.keys import READER_BINDINGS
from paper_tui.ui.screens.note import NoteEditor
from paper_tui.ui.widgets.paper_detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar

EXTRA_KEYS = (
    ("", "tab / shift+tab", "Cycle focus"),
    ("", "ctrl+p", "Command palette: every action, go to paper…, go to date…"),
    ("Mouse", "click / wheel", "Select a row / scroll; links in the detail open"),
)


def _key_names(binding: Binding) -> str:
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "right_curly_bracket": "}",
        "left_curly_bracket": "{",
        "slash": "/",
        "question_mark": "?",
        "escape": "esc",
        "enter": "⏎",
        "down": "↓",
        "up": "↑",
        "pagedown": "pgdn",
        "pageup": "pgup",
    }
    shown = [names.get(key, key) for key in binding.key.split(",")]
    return " ".join(sorted(shown, key=lambda name: (not name.isascii(), len(name))))


def key_table() -> Table:
    """A table of (where, keys, what) for every binding of the reader."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    groups: list[tuple[str, list[BindingType]]] = [
        ("List", PaperList.BINDINGS),
        ("Detail", PaperDetail.BINDINGS),
        ("Search", SearchBar.BINDINGS),
        ("Everywhere", READER_BINDINGS),
        ("Note editor", NoteEditor.BINDINGS),
    ]
    for where, bindings in groups:
        section_keys_done = False
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            if binding.action.startswith("jump_section"):
                if not section_keys_done:
                    table.add_row(Text(where), "1 … 9", "Jump to section N")
                    section_keys_done = True
                continue
            table.add_row(Text(where), _key_names(binding), binding.tooltip or binding.description)
            where = ""
    for where, keys, description in EXTRA_KEYS:
        table.add_row(where, keys, description)
    return table


class HelpScreen(ModalScreen[None]):
    """Every key the reader knows; Esc, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("paper-tui keys", style="bold"), id="help-title")
            yield Static(key_table(), id="help-keys")
