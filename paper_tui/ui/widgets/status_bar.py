"""The status line: dates in view, papers shown / total, unread, sort order, filter.

It gets a budget of cells (about half the screen, so the search bar keeps its
placeholder) and drops parts by priority rather than letting the end be cut:
the count and the sort stay; the query, the unread count and the dates give
way first, in their short forms before they go.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from paper_tui.text import clean_line

SHORT_SORTS = {
    "digest order": "",  # the default says nothing on a narrow screen
    "votes": "↓votes",
    "date": "↓date",
    "title": "a-z",
    "relevance": "relevance",
}
"""Short names of the sort orders, for narrow screens."""

SEPARATOR = " · "
QUERY_MIN_CELLS = 6
"""A query cut shorter than this says nothing; it is dropped instead."""


def count_words(shown: int, total: int, long: bool = True) -> str:
    """ "5,488 papers", or "18 of 5,488 papers" under a filter (without "papers" when short)."""
    noun = (" paper" if total == 1 else " papers") if long else ""
    if shown == total:
        return f"{total:,}{noun}"
    return f"{shown:,} of {total:,}{noun}"


def status_line(status: Status, width: int) -> Text:
    """The richest status that fits in `width` cells, in words a newcomer reads
    ("2024-08-19 · 5,488 papers · 357 days · 12 unread · digest order"): the
    count and the day under the cursor stay longest, the query (shown in the bar
    anyway) goes first."""
    query = clean_line(status.query).strip()
    day, short_day = status.day, status.day[5:] if len(status.day) == 10 else status.day
    days = f"{status.days:,} days" if status.days > 1 else ""
    long_count = count_words(status.shown, status.total)
    short_count = count_words(status.shown, status.total, long=False)
    sort, short_sort = status.sort, SHORT_SORTS.get(status.sort, status.sort)
    unread = status.unread
    if status.activity:  # what runs now (a sync) stays longest after the count
        long_count = f"{long_count}{SEPARATOR}{status.activity}"
        short_count = f"{short_count}{SEPARATOR}{status.activity}"
    forms: list[tuple[str, ...]] = [
        (day, long_count, days, unread, sort, query),
        (day, long_count, days, unread, sort, ""),
        (day, long_count, unread, short_sort, ""),
        (day, long_count, short_sort, "", ""),
        (short_day, long_count, short_sort, "", ""),
        (short_day, short_count, short_sort, "", ""),
        (short_day, short_count, "", "", ""),
        ("", short_count, "", "", ""),
    ]
    for form in forms:
        text = _compose(*form)
        if cell_len(text.plain) <= width:
            return text
    return Text(short_count)


def _compose(day: str, count: str, *rest: str) -> Text:
    dim = Style(dim=True)
    text = Text(end="")
    if day:
        text.append(day, style=Style(bold=True))
        text.append(SEPARATOR, style=dim)
    text.append(count)
    *parts, query = rest
    for part in parts:
        if part:
            text.append(SEPARATOR, style=dim)
            text.append(part)
    if query:
        text.append(SEPARATOR, style=dim)
        text.append("/" + query)
    return text


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line says, as plain values (digest text goes in as data)."""

    day: str = ""
    """The day of the paper under the cursor ("2024-08-19"), or what the list is doing."""
    days: int = 0
    """How many days are loaded."""
    shown: int = 0
    total: int = 0
    sort: str = ""
    query: str = ""
    unread: str = ""
    activity: str = ""
    """What runs in the background now ("syncing 3/10"), shown next to the count."""


class StatusBar(Static):
    """A one-line summary of what the list is showing, fitted to the screen.

    Its `status` is bound to the screen's (`data_bind`): it redraws when that changes.
    """

    status: var[Status] = var(Status(), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)

    def watch_status(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Redraw for the current screen width (call when it changes)."""
        budget = max(16, self.app.size.width // 2 - 2)  # minus the padding
        self.update(status_line(self.status, budget))
