"""Feeds and mutes: the saved queries with their counts, the built-in feeds, the
mutes, and the current search to save as a feed or to mute.

Enter shows a feed (or, on a mute, every muted paper); `d` forgets a saved feed
or lifts a mute in place. The lines are counted by the reader in a worker
(`paper_tui.ui.feeds.feed_entries`); this screen only draws and picks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paper_tui.text import clean_line
from paper_tui.ui.feeds import FeedEntry, entry_line
from paper_tui.ui.widgets.key_bar import KeyBar

TITLE = "Feeds and mutes"

ChoiceAction = Literal["show", "save", "mute"]


@dataclass(frozen=True, slots=True)
class FeedChoice:
    """What the reader picked: show an entry's papers, or save / mute the search."""

    action: ChoiceAction
    entry: FeedEntry | None = None


class FeedsScreen(ModalScreen[FeedChoice | None]):
    """Dismissed with a `FeedChoice`, or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", key_display="esc", id="feeds.close"),
        Binding("j", "cursor(1)", "Down", show=False, id="feeds.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="feeds.up"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            key_display="d",
            id="feeds.remove",
            tooltip="Forget the saved feed, or lift the mute, under the cursor",
        ),
    ]

    def __init__(
        self,
        entries: Sequence[FeedEntry],
        query: str,
        mute_problem: str | None,
        remove: Callable[[FeedEntry], bool],
    ) -> None:
        super().__init__()
        self._entries = list(entries)
        self._query = query.strip()
        self._mute_problem = mute_problem
        self._remove = remove
        self._choices: dict[str, FeedChoice] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            heading = Text(TITLE, style="bold")
            heading.append("   Enter shows · d removes · Esc closes", style="dim")
            yield Static(heading, id="picker-title")
            yield OptionList(*self._options(), id="picker-list")
        yield KeyBar()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        if self._query:
            shown = clean_line(self._query)
            options.append(self._choice("save", Text(f"+ Save this search as a feed: /{shown}")))
            if self._mute_problem is None:
                options.append(self._choice("mute", Text(f"+ Mute this search: /{shown}")))
            else:
                line = Text(f"  cannot mute /{shown}: {self._mute_problem}", style="dim")
                options.append(Option(line, disabled=True))
        feeds = [entry for entry in self._entries if entry.kind != "mute"]
        mutes = [entry for entry in self._entries if entry.kind == "mute"]
        options.append(Option(Text("Feeds", style="bold underline"), disabled=True))
        if not feeds:
            hint = "  none yet: search, then save the search here"
            options.append(Option(Text(hint, style="dim"), disabled=True))
        options.extend(self._choice("show", entry_line(entry), entry) for entry in feeds)
        if mutes:
            options.append(Option(Text("Mutes", style="bold underline"), disabled=True))
            options.extend(self._choice("show", entry_line(entry), entry) for entry in mutes)
        return options

    def _choice(self, action: ChoiceAction, line: Text, entry: FeedEntry | None = None) -> Option:
        key = f"choice-{len(self._choices)}"
        self._choices[key] = FeedChoice(action, entry)
        return Option(line, id=key)

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

    def _highlighted(self) -> tuple[str, FeedChoice] | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        key = options.get_option_at_index(options.highlighted).id
        return (key, self._choices[key]) if key in self._choices else None

    def action_remove(self) -> None:
        found = self._highlighted()
        if found is None or found[1].entry is None or not found[1].entry.removable:
            self.notify("Only saved feeds and mutes can be removed.", timeout=3)
            return
        key, choice = found
        assert choice.entry is not None
        if self._remove(choice.entry):
            self.query_one(OptionList).remove_option(key)
            del self._choices[key]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key in self._choices:
            self.dismiss(self._choices[key])

    def action_close(self) -> None:
        self.dismiss(None)
