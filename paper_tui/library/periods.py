"""Days, ISO weeks and months of the loaded papers, with paper and unread counts,
for the days panel; and the search text that shows one of them.

A paper counts in every period it was listed in (its first day, `date`, and the
day of each appearance), once per period however often it was listed there,
which is what the query `date:...` finds. Pure: no I/O, about 0.1 s for 100k
papers, so the app recounts in a worker when papers load or are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from paper_tui.model import Paper

PeriodKind = Literal["day", "week", "month"]
Key = tuple[PeriodKind, date]


@dataclass(frozen=True, slots=True)
class Period:
    """One day, ISO week (Monday to Sunday) or month, and how many papers were listed in it."""

    kind: PeriodKind
    first: date
    last: date
    papers: int
    unread: int

    @property
    def label(self) -> str:
        """`2025-02-19`, `2025-W08`, `2025-02`."""
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return f"{self.first.year:04d}-{self.first.month:02d}"

    @property
    def query(self) -> str:
        """The search that shows this period's papers."""
        return period_query(self.kind, self.first)

    def holds(self, day: date) -> bool:
        """True when `day` is in this period."""
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Calendar:
    """Every period with papers, newest first, and the papers with no date at all."""

    days: tuple[Period, ...]
    weeks: tuple[Period, ...]
    months: tuple[Period, ...]
    undated: int = 0

    def days_in(self, period: Period) -> tuple[Period, ...]:
        """The days with papers in a week or month, newest first."""
        return tuple(day for day in self.days if period.holds(day.first))

    def weeks_in(self, month: Period) -> tuple[Period, ...]:
        """The weeks with papers on a day of `month`, newest first (a week across
        two months is in both; its counts are the whole week's)."""
        mondays = {day.first - timedelta(days=day.first.weekday()) for day in self.days_in(month)}
        return tuple(week for week in self.weeks if week.first in mondays)

    def period_of(self, kind: PeriodKind, day: date) -> Period | None:
        """The period of `kind` holding `day`, if it has papers."""
        periods = {"day": self.days, "week": self.weeks, "month": self.months}[kind]
        return next((period for period in periods if period.holds(day)), None)


def build_calendar(papers: Sequence[Paper], is_read: Callable[[str], bool]) -> Calendar:
    """Group the papers' days into days, ISO weeks and months, counting the papers
    listed in each and those of them not read (`is_read(arxiv_id)`)."""
    counts: dict[Key, list[int]] = {}
    periods_of: dict[date, frozenset[Key]] = {}
    undated = 0
    for paper in papers:
        listed = {appearance.date for appearance in paper.appearances if appearance.date}
        if paper.date is not None:
            listed.add(paper.date)
        if not listed:
            undated += 1
            continue
        unread = 0 if is_read(paper.arxiv_id) else 1
        if len(listed) == 1:
            starts = periods_of.get(day := next(iter(listed))) or _periods(day, periods_of)
        else:
            starts = frozenset().union(
                *(periods_of.get(day) or _periods(day, periods_of) for day in listed)
            )
        for key in starts:
            tally = counts.get(key)
            if tally is None:
                counts[key] = [1, unread]
            else:
                tally[0] += 1
                tally[1] += unread
    grouped: dict[PeriodKind, list[Period]] = {"day": [], "week": [], "month": []}
    for (kind, first), (total, unread_total) in counts.items():
        grouped[kind].append(Period(kind, first, period_end(kind, first), total, unread_total))
    for periods in grouped.values():
        periods.sort(key=lambda period: period.first, reverse=True)
    return Calendar(tuple(grouped["day"]), tuple(grouped["week"]), tuple(grouped["month"]), undated)


def _periods(day: date, known: dict[date, frozenset[Key]]) -> frozenset[Key]:
    """The day, week and month holding `day`, remembered in `known`."""
    week: Key = ("week", day - timedelta(days=day.weekday()))
    keys = frozenset((("day", day), week, ("month", day.replace(day=1))))
    known[day] = keys
    return keys


def period_end(kind: PeriodKind, first: date) -> date:
    """The last day of the period of `kind` starting on `first`."""
    if kind == "day":
        return first
    if kind == "week":
        return first + timedelta(days=6)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_query(kind: PeriodKind, day: date) -> str:
    """The search for the period of `kind` holding `day`: `date:2025-02-19`,
    `date:2025-02-17..2025-02-23` (Monday to Sunday), `date:2025-02`."""
    if kind == "day":
        return f"date:{day.isoformat()}"
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return span_query(monday, monday + timedelta(days=6))
    return f"date:{day.year:04d}-{day.month:02d}"


def span_query(first: date, last: date) -> str:
    """The search for the days from `first` to `last` (`date:A..B`, one day as `date:A`)."""
    if first > last:
        first, last = last, first
    if first == last:
        return f"date:{first.isoformat()}"
    return f"date:{first.isoformat()}..{last.isoformat()}"
