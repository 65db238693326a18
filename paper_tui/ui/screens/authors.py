"""Follow authors: a paper's authors with a ✓ on those followed; Enter follows or
stops following the one under the cursor, in place, so several can be picked;
Esc closes. The reading state keeps them (`is:followed`, the Following feed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paper_tui.text import clean_line
from paper_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from paper_tui.store import ReadingState

TITLE = "Follow authors"


class FollowAuthors(ModalScreen[bool]):
    """Dismissed with whether any author was followed or unfollowed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", key_display="esc", id="authors.close"),
        Binding("j", "cursor(1)", "Down", show=False, id="authors.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="authors.up"),
    ]

    def __init__(self, authors: Sequence[str], state: ReadingState) -> None:
        super().__init__()
        self._authors = list(authors)
        self._state = state
        self._changed = False

    def _line(self, author: str) -> Text:
        followed = self._state.is_followed(author)
        return Text("✓ " if followed else "  ").append(clean_line(author))

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            heading = Text(TITLE, style="bold")
            heading.append("   ✓ followed · Enter follows or stops · Esc closes", style="dim")
            yield Static(heading, id="picker-title")
            yield OptionList(*[Option(self._line(a)) for a in self._authors], id="picker-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from paper_tui.store import StateError

        author = self._authors[event.option_index]
        following = self._state.is_followed(author)
        try:
            (self._state.unfollow if following else self._state.follow)(author)
        except (StateError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self._changed = True
        name = clean_line(author)
        if following:
            self.notify(f"No longer following {name}", timeout=3, markup=False)
        else:
            self.notify(
                f"Following {name}: @ marks their papers; F lists the Following feed",
                timeout=5,
                markup=False,
            )
        event.option_list.replace_option_prompt_at_index(event.option_index, self._line(author))

    def action_close(self) -> None:
        self.dismiss(self._changed)
