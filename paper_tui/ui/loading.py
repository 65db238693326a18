"""The reader's load and index workers (`PaperLoading`), the progress bar of a
long load and the search index holder (built once per load, from any thread,
searchable while it fills), so the screen module keeps to layout and keys."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widgets import ProgressBar

from paper_tui.model import LoadResult, Paper
from paper_tui.ui.searching import IndexMaker, Searcher

if TYPE_CHECKING:
    from paper_tui.ui.screens.main import MainScreen

Loader = Callable[[Callable[[int, int], None]], LoadResult]
"""Loads the papers, reporting progress (done, total) from its worker thread."""

INDEX_WATCH = 0.25
"""Seconds between looks at a growing index: a search typed meanwhile is re-run
on the papers indexed since, and once more when the index is complete."""

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


class PaperLoading:
    """The main screen's load and index workers: load off the first paint (a bar on
    long loads), then fill the search index at once, block by block, re-running a
    search typed meanwhile as more papers are indexed."""

    def __init__(self, screen: MainScreen, loader: Loader, index_maker: IndexMaker | None) -> None:
        self._screen = screen
        self._loader = loader
        self.searchers = SearcherHolder(index_maker)
        self._progress_bar: LoadProgress | None = None
        self._index_watch: Timer | None = None
        self._indexed_seen = 0

    def start(self) -> None:
        """Load in a worker thread (after the first paint: it competes for the interpreter)."""
        self._screen.run_worker(self._load, thread=True, exclusive=True, group="load")

    def _load(self) -> None:
        screen = self._screen
        screen.open_state_in_thread()
        result = self._loader(self._progress)
        screen.app.call_from_thread(self._loaded, result)

    def _progress(self, done: int, total: int) -> None:
        if worth_reporting(done, total):
            self._screen.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        """Show loading progress; the bar is made on first use (most loads never need it)."""
        screen = self._screen
        if not screen.loaded:
            if self._progress_bar is None:
                self._progress_bar = LoadProgress()
                screen.mount(self._progress_bar, after="#hints")
            self._progress_bar.report(done, total)

    def _loaded(self, result: LoadResult) -> None:
        if self._progress_bar is not None:
            self._progress_bar.display = False
        screen = self._screen
        screen.loaded_papers(result)
        # The index fills block by block (read back from the cache when warm); a
        # search typed meanwhile ranks the papers indexed so far.
        screen.call_after_refresh(self._start_index)
        self._index_watch = screen.set_interval(INDEX_WATCH, self._watch_index)

    def _start_index(self) -> None:
        self._screen.run_worker(self._build_index, thread=True, exclusive=True, group="index")

    def _build_index(self) -> None:
        try:
            self.searchers.for_papers(self._screen.papers)
        except Exception as error:  # a broken index must not take the reader down
            self.search_failed(error)

    def search_failed(self, error: Exception) -> None:
        """Say (from a worker thread) that search cannot work."""
        self._screen.app.call_from_thread(
            self._screen.notify,
            f"{type(error).__name__}: {error}",
            title="Search is unavailable",
            severity="error",
            markup=False,
        )

    def _watch_index(self) -> None:
        """Re-run the search when more papers are indexed; stop once all are."""
        screen = self._screen
        growing = self.searchers.growing_for(screen.papers)
        if growing is None:
            return
        indexed = growing.indexed
        if growing.complete and self._index_watch is not None:
            self._index_watch.stop()
            self._index_watch = None
        if indexed == self._indexed_seen:
            return
        self._indexed_seen = indexed
        if screen.search_text.strip():
            screen._refresh_rows(keep=screen.paper_list.highlighted_index)
