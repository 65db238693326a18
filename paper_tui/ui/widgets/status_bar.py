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
from paper_tui.ui.widgets.paper_list import fit_cells

SHORT_SORTS = {
    "digest order": "digest",
    "votes": "↓votes",
    "date": "↓date",
    "title": "a-z",
    "relevance": "rank",
}
"""Short names of the sort orders, for narrow screens."""

SEPARATOR = " · "
QUERY_MIN_CELLS = 6
"""A query cut shorter than this says nothing; it is dropped instead."""


def status_line(
    days: str, shown: int, total: int, sort: str, query: str, unread: str, width: int
) -> Text:
    """The richest status that fits in `width` cells (the count always stays)."""
    count = f"{shown:,}/{total:,}"
    query = clean_line(query).strip()
    short_days = days.split(SEPARATOR)[0]
    short_sort = SHORT_SORTS.get(sort, sort)
    # From the richest form to the barest; the first that fits wins.
    forms: list[tuple[str, str, str, str]] = [
        (days, unread, sort, query),
        (short_days, unread, short_sort, query),
        ("", unread, short_sort, query),
        ("", "", short_sort, query),
        (short_days, unread, short_sort, ""),
        ("", unread, short_sort, ""),
        ("", "", short_sort, ""),
        ("", "", "", ""),
    ]
    for form_days, form_unread, form_sort, form_query in forms:
        text = _compose(form_days, count, form_unread, form_sort, form_query)
        if cell_len(text.plain) <= width:
            return text
        if form_query and not form_days and not form_unread:  # the last form with the query
            room = width - cell_len(text.plain) + cell_len(form_query)
            if room >= QUERY_MIN_CELLS:
                cut = fit_cells(form_query, room).rstrip()
                return _compose("", count, "", form_sort, cut)
    return Text(count)


def _compose(days: str, count: str, unread: str, sort: str, query: str) -> Text:
    dim = Style(dim=True)
    text = Text(end="")
    if days:
        text.append(days, style=Style(bold=True))
        text.append(SEPARATOR, style=dim)
    text.append(count)
    for part in (unread, sort):
        if part:
            text.append(SEPARATOR, style=dim)
            text.append(part)
    if query:
        text.append(SEPARATOR, style=dim)
        text.append(f'"{query}"')
    return text


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line says, as plain values (digest text goes in as data)."""

    days: str = ""
    shown: int = 0
    total: int = 0
    sort: str = ""
    query: str = ""
    unread: str = ""


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
        status = self.status
        budget = max(16, self.app.size.width // 2 - 2)  # minus the padding
        self.update(
            status_line(
                status.days,
                status.shown,
                status.total,
                status.sort,
                status.query,
                status.unread,
                budget,
            )
        )
