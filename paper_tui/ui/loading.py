"""What the reader's load and index workers share with the screen: the progress
bar of a long load and the search index holder (built once per load, from any
thread), so the screen module keeps to layout and keys."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from textual.widgets import ProgressBar

from paper_tui.model import Paper
from paper_tui.ui.searching import IndexMaker, Searcher

PROGRESS_MIN_FILES = 24
"""Loads of fewer files finish too fast for a progress bar to mean anything."""


def worth_reporting(done: int, total: int) -> bool:
    """Whether progress `done`/`total` is worth a repaint (about 50 steps per load)."""
    return total >= PROGRESS_MIN_FILES and (done % max(1, total // 50) == 0 or done == total)


class LoadProgress(ProgressBar):
    """The loading bar: mounted on a long load's first report, hidden when done."""

    def __init__(self) -> None:
        super().__init__(id="progress", show_eta=False)

    def report(self, done: int, total: int) -> None:
        self.display = done < total
        self.update(total=total, progress=done)


class SearcherHolder:
    """The search index of the papers loaded last, built at most once (thread-safe:
    the index worker, the search worker and the palette may all ask first), and
    searchable while it grows (`growing_for`)."""

    def __init__(self, index_maker: IndexMaker | None) -> None:
        self._index_maker = index_maker
        self._lock = threading.Lock()
        self._growing: Searcher | None = None
        self.current: Searcher | None = None
        """The last index filled completely."""

    def ready_for(self, papers: Sequence[Paper]) -> bool:
        """True when the index of `papers` is complete (a search finds every paper)."""
        return self.current is not None and self.current.papers is papers

    def growing_for(self, papers: Sequence[Paper]) -> Searcher | None:
        """The index of `papers`, complete or still being filled (a search finds the
        papers indexed so far), or None when its build has not started."""
        growing = self._growing
        return growing if growing is not None and growing.papers is papers else None

    def for_papers(self, papers: Sequence[Paper]) -> Searcher:
        """The complete index of `papers`, built now if it is not (seconds at 90k
        papers); searchable through `growing_for` while it is built."""
        with self._lock:
            if not self.ready_for(papers):
                searcher = Searcher(papers)
                self._growing = searcher
                try:
                    searcher.fill(self._index_maker)
                except BaseException:
                    self._growing = None  # a half index must not pass for a whole one
                    raise
                self.current = searcher
            assert self.current is not None
            return self.current
