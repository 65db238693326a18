"""The days panel: months, their weeks and days, with paper and unread counts;
Enter shows that span (a `date:` search), Esc closes.

The periods come from `paper_tui.library.build_calendar`, made in a worker by
the reader screen; this screen only lists them, so a day of a library that has
run for years stays one keystroke and a few arrows away.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paper_tui.ui.widgets.key_bar import KeyBar

INDENT = {"month": "", "week": "  ", "day": "    "}


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


class DaysPanel(ModalScreen[str | None]):
    """Pick a month, week or day; dismissed with its search (None when closed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,D,q", "close", "Close", key_display="esc", id="days.close"),
        Binding("j", "cursor(1)", "Down", show=False, id="days.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="days.up"),
    ]

    def __init__(self, calendar: Any) -> None:
        super().__init__()
        self._queries: list[str] = []
        self._options: list[Option] = []
        for month in calendar.months:
            for period in (month, *self._weeks_and_days(calendar, month)):
                self._queries.append(period.query)
                self._options.append(Option(_line(period)))

    @staticmethod
    def _weeks_and_days(calendar: Any, month: Any) -> list[Any]:
        listed: list[Any] = []
        for week in calendar.weeks_in(month):
            listed.append(week)
            listed.extend(day for day in calendar.days_in(week) if month.holds(day.first))
        return listed

    def compose(self) -> ComposeResult:
        with Vertical(id="days-body"):
            yield Static(
                Text("Days, weeks and months", style="bold").append(
                    "   Enter shows the span · Esc closes", style="dim"
                ),
                id="days-title",
            )
            yield OptionList(*self._options, id="days-list")
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
        self.dismiss(self._queries[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
