"""The status line: dates in view, papers shown / total, sort order, filter."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from paper_tui.text import clean_line


class StatusBar(Static):
    """A one-line summary of what the list is showing."""

    def show_status(
        self, days: str, shown: int, total: int, sort: str, query: str, unread: str = ""
    ) -> None:
        """Redraw the status from plain values (digest text goes in as data)."""
        dim = Style(dim=True)
        text = Text(days, style=Style(bold=True))
        text.append(" · ", style=dim)
        text.append(f"{shown:,}/{total:,}")
        if unread:
            text.append(" · ", style=dim)
            text.append(unread)
        text.append(" · ", style=dim)
        text.append(sort)
        if query:
            text.append(" · ", style=dim)
            text.append("filter: ", style=dim)
            text.append(clean_line(query)[:40])
        self.update(text)
