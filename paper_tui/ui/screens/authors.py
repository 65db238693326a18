"""Follow authors: a paper's authors with a ✓ on those followed; Enter follows or
stops following the one under the cursor, in place, so several can be picked;
Esc closes. The reading state keeps them (`is:followed`, the Following feed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paper_tui.text import clean_line
from paper_tui.ui.screens.picker import ListScreen

if TYPE_CHECKING:
    from paper_tui.store import ReadingState

TITLE = "Follow authors"


class FollowAuthors(ListScreen[bool]):
    """Dismissed with whether any author was followed or unfollowed."""

    TITLE_KEYS = "✓ followed · Enter follows or stops · Esc closes"

    def __init__(self, authors: Sequence[str], state: ReadingState) -> None:
        super().__init__(TITLE)
        self._authors = list(authors)
        self._state = state
        self._changed = False

    def _line(self, author: str) -> Text:
        followed = self._state.is_followed(author)
        return Text("✓ " if followed else "  ").append(clean_line(author))

    def options(self) -> list[Option]:
        return [Option(self._line(author)) for author in self._authors]

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
