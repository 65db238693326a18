"""The days panel's lines: months, their weeks and days, with paper and unread counts,
and the search that shows each (a `date:` span). The reader shows them in a `Picker`.

The periods come from `paper_tui.library.build_calendar`, made in a worker by
the reader screen, so a day of a library that has run for years stays one
keystroke and a few arrows away.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

INDENT = {"month": "", "week": "  ", "day": "    "}

TITLE = "Days, weeks and months"


def _line(period: Any) -> Text:
    """`2025-02  68 papers · 12 unread`, indented by kind."""
    text = Text(INDENT[period.kind])
    text.append(period.label, style="bold" if period.kind == "month" else "")
    if period.kind == "day":
        text.append(f" {period.first:%a}", style="dim")
    text.append(f"  {period.papers:,} paper{'s' if period.papers != 1 else ''}", style="dim")
    if period.unread:
        text.append(f" · {period.unread:,} unread")
    return text


def calendar_lines(calendar: Any) -> tuple[list[Text], list[str]]:
    """(a line per period, newest first and nested, the search of each)."""
    lines: list[Text] = []
    queries: list[str] = []
    for month in calendar.months:
        periods = [month]
        for week in calendar.weeks_in(month):
            periods.append(week)
            periods.extend(day for day in calendar.days_in(week) if month.holds(day.first))
        for period in periods:
            lines.append(_line(period))
            queries.append(period.query)
    return lines, queries
