"""The days panel's logic: days, ISO weeks and months with paper and unread counts."""

from __future__ import annotations

import time
from datetime import date

from paper_tui.library.periods import Period, build_calendar, period_query, span_query
from paper_tui.model import Appearance, Paper
from paper_tui.search import SearchIndex, parse


def paper(arxiv_id: str, first: date | None, *listed: date) -> Paper:
    appearances = tuple(Appearance(day, f"{day}.md") for day in (first, *listed) if day)
    return Paper(
        arxiv_id,
        f"Paper {arxiv_id}",
        f"https://arxiv.org/abs/{arxiv_id}",
        date=first,
        appearances=appearances,
    )


# Sunday 2025-02-16 ends ISO week 7; Monday 2025-02-17 starts week 8; 2025-03-01 is a Saturday.
PAPERS = [
    paper("2502.00001", date(2025, 2, 16)),
    paper("2502.00002", date(2025, 2, 17), date(2025, 2, 19)),  # listed twice in week 8
    paper("2502.00003", date(2025, 2, 19)),
    paper("2502.00004", date(2025, 2, 28), date(2025, 3, 1)),  # across two months, one week
    paper("2502.00005", None),
]
READ = {"2502.00002", "2502.00004"}


def counts(periods: tuple[Period, ...]) -> list[tuple[str, int, int]]:
    return [(period.label, period.papers, period.unread) for period in periods]


def test_days_are_counted_newest_first_with_their_unread() -> None:
    calendar = build_calendar(PAPERS, READ.__contains__)
    assert counts(calendar.days) == [
        ("2025-03-01", 1, 0),
        ("2025-02-28", 1, 0),
        ("2025-02-19", 2, 1),
        ("2025-02-17", 1, 0),
        ("2025-02-16", 1, 1),
    ]
    assert calendar.undated == 1


def test_a_paper_listed_twice_in_a_week_counts_once_there() -> None:
    calendar = build_calendar(PAPERS, READ.__contains__)
    assert counts(calendar.weeks) == [("2025-W09", 1, 0), ("2025-W08", 2, 1), ("2025-W07", 1, 1)]
    week = calendar.weeks[1]
    assert (week.first, week.last) == (date(2025, 2, 17), date(2025, 2, 23))


def test_a_paper_listed_in_two_months_counts_in_both() -> None:
    calendar = build_calendar(PAPERS, READ.__contains__)
    assert counts(calendar.months) == [("2025-03", 1, 0), ("2025-02", 4, 2)]
    february = calendar.months[1]
    assert (february.first, february.last) == (date(2025, 2, 1), date(2025, 2, 28))


def test_a_month_holds_its_days_and_weeks() -> None:
    calendar = build_calendar(PAPERS, READ.__contains__)
    march, february = calendar.months
    assert [day.label for day in calendar.days_in(march)] == ["2025-03-01"]
    assert [week.label for week in calendar.weeks_in(february)] == [
        "2025-W09",
        "2025-W08",
        "2025-W07",
    ]
    assert [week.label for week in calendar.weeks_in(march)] == ["2025-W09"]
    assert calendar.period_of("week", date(2025, 2, 20)) == calendar.weeks[1]
    assert calendar.period_of("day", date(2025, 2, 20)) is None


def test_the_queries_of_days_weeks_and_months() -> None:
    assert period_query("day", date(2025, 2, 19)) == "date:2025-02-19"
    assert period_query("week", date(2025, 2, 19)) == "date:2025-02-17..2025-02-23"
    assert period_query("month", date(2025, 2, 19)) == "date:2025-02"
    assert span_query(date(2025, 2, 23), date(2025, 2, 17)) == "date:2025-02-17..2025-02-23"
    assert span_query(date(2025, 2, 17), date(2025, 2, 17)) == "date:2025-02-17"
    for query in ("date:2025-02-17..2025-02-23", "date:2025-02", "date:2025-02-19"):
        assert parse(query).hints == []


def test_each_period_query_finds_the_papers_it_counts() -> None:
    calendar = build_calendar(PAPERS, READ.__contains__)
    index = SearchIndex.build(PAPERS)
    for period in (*calendar.days, *calendar.weeks, *calendar.months):
        assert len(index.search(period.query).indices) == period.papers, period.label


def test_a_december_ends_on_the_31st() -> None:
    calendar = build_calendar([paper("2412.00001", date(2024, 12, 30))], lambda _: False)
    assert calendar.months[0].last == date(2024, 12, 31)
    assert calendar.weeks[0].label == "2025-W01"  # ISO: the week of Thursday 2025-01-02


def test_100k_papers_are_grouped_quickly() -> None:
    papers = [
        paper(f"24{number % 12 + 1:02d}.{number:05d}", date(2024, number % 12 + 1, number % 28 + 1))
        for number in range(100_000)
    ]
    started = time.perf_counter()
    calendar = build_calendar(papers, lambda arxiv_id: arxiv_id.endswith("7"))
    elapsed = time.perf_counter() - started
    assert sum(month.papers for month in calendar.months) == 100_000
    assert sum(month.unread for month in calendar.months) == 90_000
    assert elapsed < 2.0, elapsed
