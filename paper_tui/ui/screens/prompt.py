"""A one-line question over the reader (a feed's name): Enter answers, Esc cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paper_tui.ui.widgets.key_bar import KeyBar


class Prompt(ModalScreen[str | None]):
    """Dismissed with the text typed (stripped, never blank), or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close, keep nothing"),
    ]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-body"):
            yield Static(Text(self._question, style="bold"), id="prompt-title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(Text("enter saves · esc cancels", style="dim"), id="prompt-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if text:
            self.dismiss(text)
        else:
            self.notify("A name is needed (Esc cancels).", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)
