"""The unread count of the list: counted once per list change, then kept right
by one step per paper marked, so cursor moves cost nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paper_tui.model import Paper


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
