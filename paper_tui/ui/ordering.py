"""Orders and positions in the paper list: sorting, day groups, date labels.

Plain functions over papers and row lists, so the screen stays thin and the
logic is testable without a terminal. Rows are positions into the loaded
papers sequence; a list of rows is what the paper list shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum

from paper_tui.model import Paper


class SortOrder(Enum):
    """How the list is ordered; `s` cycles through them in this order."""

    DIGEST = "digest order"
    VOTES = "votes"
    DATE = "date"
    TITLE = "title"

    def next(self) -> SortOrder:
        """The order after this one, wrapping around."""
        members = list(SortOrder)
        return members[(members.index(self) + 1) % len(members)]

    def label(self, ranked: bool) -> str:
        """What the status line calls this order; digest order is relevance while a
        query's words rank the list (filters alone keep the digest order)."""
        if self is SortOrder.DIGEST and ranked:
            return "relevance"
        return self.value


def sort_rows(papers: Sequence[Paper], rows: Sequence[int], order: SortOrder) -> Sequence[int]:
    """`rows` in `order`; the incoming order breaks ties, so sorting is stable.

    Votes and dates sort highest/newest first, papers without them last.
    """
    if order is SortOrder.DIGEST:
        return rows
    if order is SortOrder.VOTES:
        return sorted(rows, key=lambda row: -_votes(papers[row]))
    if order is SortOrder.DATE:
        return sorted(rows, key=lambda row: -_day_number(papers[row].date))
    return sorted(rows, key=lambda row: papers[row].title.casefold())


def _votes(paper: Paper) -> int:
    return -1 if paper.votes is None else paper.votes


def _day_number(day: date | None) -> int:
    return day.toordinal() if day is not None else 0


def next_day_row(papers: Sequence[Paper], rows: Sequence[int], cursor: int) -> int | None:
    """The first row after `cursor` whose paper is from another day, or None."""
    if not 0 <= cursor < len(rows):
        return None
    current = papers[rows[cursor]].date
    for row in range(cursor + 1, len(rows)):
        if papers[rows[row]].date != current:
            return row
    return None


def previous_day_row(papers: Sequence[Paper], rows: Sequence[int], cursor: int) -> int | None:
    """The start of the current day's run when the cursor is inside it, else the
    start of the previous day's run (like vim's `{`); None at the top."""
    if not 0 < cursor < len(rows):
        return None
    current = papers[rows[cursor]].date
    start = cursor
    while start > 0 and papers[rows[start - 1]].date == current:
        start -= 1
    if start < cursor:
        return start
    previous = papers[rows[cursor - 1]].date
    start = cursor - 1
    while start > 0 and papers[rows[start - 1]].date == previous:
        start -= 1
    return start


def distinct_days(papers: Sequence[Paper]) -> list[date]:
    """The days the papers come from, newest first."""
    return sorted({paper.date for paper in papers if paper.date is not None}, reverse=True)


def find_position(papers: Sequence[Paper], day: date | None, arxiv_id: str | None) -> int | None:
    """Where the reader was: the paper `arxiv_id` on `day`; else that paper on any day
    (when no day was saved); else the first paper of the day nearest to `day`."""
    if not papers:
        return None
    if arxiv_id:
        fallback: int | None = None
        for index, paper in enumerate(papers):
            if paper.arxiv_id == arxiv_id:
                if paper.date == day:
                    return index
                if fallback is None:
                    fallback = index
        if fallback is not None and day is None:
            return fallback
    if day is None:
        return None
    best: int | None = None
    best_distance = 0
    for index, paper in enumerate(papers):
        if paper.date is None:
            continue
        distance = abs((paper.date - day).days)
        if best is None or distance < best_distance:
            best, best_distance = index, distance
    return best
