"""The note editor: a modal TextArea over the reader for one paper's note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from paper_tui.text import clean_line
from paper_tui.ui.widgets.key_bar import KeyBar


class NoteEditor(ModalScreen[str | None]):
    """Edit a paper's note: ctrl+s saves (dismissing with the text), Esc cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note"),
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body"):
            heading = Text("Note on ", style="bold")
            heading.append(clean_line(self._title))
            yield Static(heading, id="note-title")
            yield TextArea(self._note, id="note-text", soft_wrap=True)
            yield Static(Text("ctrl+s save · esc cancel", style="dim"), id="note-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """What the editor holds now."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        self.dismiss(None)
