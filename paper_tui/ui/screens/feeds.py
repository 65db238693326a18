"""Feeds and mutes: the saved queries with their counts, the built-in feeds, the
mutes, and the current search to save as a feed or to mute.

Enter shows a feed (or, on a mute, every muted paper); `d` forgets a saved feed
or lifts a mute in place. The lines are counted by the reader in a worker
(`paper_tui.ui.feeds.feed_entries`); this screen keeps the feeds and mutes in
the reading state it is given and tells the reader, when it closes, what to
show and whether the mutes changed (the list must be computed again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paper_tui.text import clean_line
from paper_tui.ui.feeds import FeedEntry, entry_line
from paper_tui.ui.screens.picker import ListScreen
from paper_tui.ui.screens.prompt import Prompt

if TYPE_CHECKING:
    from paper_tui.store import ReadingState

T = TypeVar("T")

Action = Literal["show", "save", "mute"]

TITLE = "Feeds and mutes"

@dataclass(frozen=True, slots=True)
class FeedsClosed:
    """What the reader does once the feeds screen closes."""

    show: str | None = None
    """The search to show (a feed's query; "" after muting the search in force)."""
    mutes_changed: bool = False


class FeedsScreen(ListScreen[FeedsClosed]):
    """Dismissed with what to show and whether the mutes changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d,delete",
            "remove",
            "Remove",
            key_display="d",
            id="feeds.remove",
            tooltip="Forget the saved feed, or lift the mute, under the cursor",
        ),
    ]

    TITLE_KEYS = "Enter shows · d removes · Esc closes"

    def __init__(
        self,
        entries: Sequence[FeedEntry],
        query: str,
        mute_problem: str | None,
        state: ReadingState,
    ) -> None:
        super().__init__(TITLE)
        self._entries = list(entries)
        self._query = query.strip()
        self._state = state
        self._mute_problem = mute_problem
        self._choices: dict[str, tuple[Action, FeedEntry | None]] = {}
        self._mutes_changed = False

    def options(self) -> list[Option]:
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

    def _choice(self, action: Action, line: Text, entry: FeedEntry | None = None) -> Option:
        key = f"choice-{len(self._choices)}"
        self._choices[key] = (action, entry)
        return Option(line, id=key)

    def _highlighted(self) -> tuple[str, FeedEntry] | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        key = options.get_option_at_index(options.highlighted).id
        entry = self._choices[key][1] if key in self._choices else None
        return (key, entry) if key is not None and entry is not None else None

    def _saved(self, change: Callable[..., T], *arguments: Any) -> T | None:
        """`change(*arguments)` on the state, or None after saying why it was not saved."""
        from paper_tui.store import StateError

        try:
            return change(*arguments)
        except (StateError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return None

    def action_remove(self) -> None:
        found = self._highlighted()
        if found is None or not found[1].removable:
            self.notify("Only saved feeds and mutes can be removed.", timeout=3)
            return
        key, entry = found
        state = self._state
        if entry.kind == "feed":
            removed = self._saved(state.remove_feed, entry.name)
            said = f"Feed removed: {clean_line(entry.name)}"
        else:
            removed = self._saved(state.unmute, entry.name)
            said = f"Unmuted: {clean_line(entry.name)}"
            self._mutes_changed = self._mutes_changed or bool(removed)
        if removed:
            self.notify(said, timeout=3, markup=False)
            self.query_one(OptionList).remove_option(key)
            del self._choices[key]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key not in self._choices:
            return
        action, entry = self._choices[key]
        if action == "save":
            self._ask_name()
        elif action == "mute":
            self._mute()
        elif entry is not None:
            self._close(entry.query)

    def _ask_name(self) -> None:
        query, state = self._query, self._state

        def named(name: str | None) -> None:
            if name is None:
                return
            before = state.feeds().get(name)
            self._saved(state.save_feed, name, query)
            if state.feeds().get(name) == query:
                verb = "saved" if before is None else "replaced"
                said = f"Feed {verb}: {clean_line(name)} (F lists the feeds)"
                self.notify(said, timeout=4, markup=False)
                self._close(None)

        question = f"Save /{clean_line(query)} as a feed named:"
        self.app.push_screen(Prompt(question, placeholder="a short name"), named)

    def _mute(self) -> None:
        query = self._query
        self._saved(self._state.mute, query)
        if query in self._state.mutes():
            self.notify(
                f"Muted: {clean_line(query)}. Its papers are hidden everywhere; "
                "is:muted shows them, F lifts the mute.",
                timeout=6,
                markup=False,
            )
            self._mutes_changed = True
            self._close("")

    def _close(self, show: str | None) -> None:
        self.dismiss(FeedsClosed(show, self._mutes_changed))

    def action_close(self) -> None:
        self._close(None)
