"""The help screen: every key, generated from the bindings so it cannot drift."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paper_tui.ui.keys import READER_BINDINGS, key_names
from paper_tui.ui.screens.note import NoteEditor
from paper_tui.ui.widgets.key_bar import KeyBar
from paper_tui.ui.widgets.paper_detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar

EXTRA_KEYS = (
    ("", "tab / shift+tab", "Cycle focus"),
    ("", "ctrl+p", "Command palette: every action, go to paper…, go to date…"),
    ("Mouse", "click / wheel", "Select a row / scroll; links in the detail open"),
)


def binding_groups() -> list[tuple[str, list[BindingType]]]:
    """The reader's bindings by where they work, as help lists them."""
    return [
        ("List", PaperList.BINDINGS),
        ("Detail", PaperDetail.BINDINGS),
        ("Search", SearchBar.BINDINGS),
        ("Everywhere", READER_BINDINGS),
        ("Note editor", NoteEditor.BINDINGS),
    ]


def unknown_binding_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids in a config's keymap that no binding of the reader has (a typo)."""
    known = {
        binding.id
        for _, bindings in binding_groups()
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    } | {"palette"}
    return [binding_id for binding_id in keymap if binding_id not in known]


def key_table(keymap: Mapping[str, str] | None = None) -> Table:
    """A table of (where, keys, what) for every binding of the reader, with the
    keys the config's `keymap` gave them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for where, bindings in binding_groups():
        section_keys_done = False
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            if binding.action.startswith("jump_section"):
                if not section_keys_done:
                    table.add_row(Text(where), "1 … 9", "Jump to section N")
                    section_keys_done = True
                continue
            table.add_row(
                Text(where), key_names(binding, keymap), binding.tooltip or binding.description
            )
            where = ""
    for where, keys, description in EXTRA_KEYS:
        table.add_row(where, keys, description)
    return table


CLOSING = "Esc, q or ? closes this help · j/k ↑/↓ PgUp/PgDn g/G scroll"


class HelpScreen(ModalScreen[None]):
    """Every key the reader knows; Esc, `q` or `?` closes it, the reader's keys scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc", id="help.close"),
        Binding("down,j", "scroll(1)", "Scroll", key_display="j/k", id="help.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("pagedown,space", "page(1)", "Page", key_display="pgdn", id="help.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("home,g", "top", "Top", show=False, id="help.top"),
        Binding("end,G", "bottom", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        """The config's keymap, for the keys shown."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            title = Text("paper-tui keys", style="bold")
            title.append(f"   {CLOSING}", style="dim")
            yield Static(title, id="help-title")
            yield Static(key_table(self.keymap), id="help-keys")
        yield KeyBar()

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.body.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        self.body.scroll_relative(y=pages * max(1, self.body.size.height - 1), animate=False)

    def action_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_end(animate=False)
