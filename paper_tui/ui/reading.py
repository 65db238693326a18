"""Reading-state logic the screen needs, kept free of widgets so it is testable alone.

The `u`/`B` toggles edit the query text itself (`is:unread`, `is:starred`),
so a toggle and the same filter typed into the search bar are one thing: the
toggle combines with whatever else is typed, and the bar shows what is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from paper_tui.model import Paper

UNREAD_FILTER = "is:unread"
STARRED_FILTER = "is:starred"

_SAME_MEANING = {
    UNREAD_FILTER: ("is:unread", "-is:read"),
    STARRED_FILTER: ("is:starred", "-is:unstarred"),
}
"""Tokens that mean the same as a toggle's filter (typed either way, the toggle sees it)."""


def _token_pattern(tokens: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(token) for token in tokens)
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)", re.IGNORECASE)


def has_filter(query: str, filter_token: str) -> bool:
    """True when `query` holds `filter_token` (or a token meaning the same) as a word."""
    return bool(_token_pattern(_SAME_MEANING[filter_token]).search(query))


def toggle_filter(query: str, filter_token: str) -> str:
    """`query` with `filter_token` removed when present (however typed), else appended.

    The rest of the query is kept word for word, so the toggle combines with it.
    """
    pattern = _token_pattern(_SAME_MEANING[filter_token])
    if pattern.search(query):
        return " ".join(pattern.sub(" ", query).split())
    return f"{query.strip()} {filter_token}".strip()


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


@dataclass(slots=True)
class UnreadTally:
    """Unread papers (distinct arXiv ids) among those shown and among all loaded.

    Counted once per list change (off the UI thread at 90k papers), then
    kept right by one step per paper marked, so cursor moves cost nothing.
    """

    all_ids: frozenset[str]
    shown_ids: frozenset[str] | None
    """None when every loaded paper is shown."""
    total: int
    shown: int

    @classmethod
    def count(
        cls, all_ids: frozenset[str], shown_ids: frozenset[str] | None, read: frozenset[str]
    ) -> UnreadTally:
        """Count from scratch against the `read` ids."""
        total = len(all_ids - read)
        shown = total if shown_ids is None else len(shown_ids - read)
        return cls(all_ids, shown_ids, total, shown)

    def marked(self, arxiv_id: str, read: bool) -> None:
        """Paper `arxiv_id` changed to `read` (call only on a real change)."""
        step = -1 if read else 1
        if arxiv_id in self.all_ids:
            self.total += step
            if self.shown_ids is None or arxiv_id in self.shown_ids:
                self.shown += step


def ids_of(papers: Sequence[Paper], rows: Iterable[int]) -> frozenset[str]:
    """The distinct arXiv ids of the papers at `rows`."""
    return frozenset(papers[row].arxiv_id for row in rows)
