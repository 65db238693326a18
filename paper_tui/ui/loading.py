"""The reader's load and index workers (`PaperLoading`) and the search index holder
(built once per load, from any thread, searchable while it fills).

The workers report by message to the screen that owns them (`StateOpened`,
`LoadProgressed`, `PapersLoaded`, `IndexGrew`, `Notice`): they never call
its methods, so the screen alone decides what the reader sees.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from textual.dom import DOMNode
from textual.timer import Timer

from paper_tui.model import LoadResult, Paper
from paper_tui.ui.messages import (
    IndexGrew,
    LoadProgressed,
    Notice,
    PapersLoaded,
    StateOpened,
    StateUnavailable,
)
from paper_tui.ui.searching import IndexMaker, Searcher
from paper_tui.ui.session import open_state

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


def _papers_fixed(result: LoadResult) -> LoadResult:
    """`result` with its papers made once (`merged`): a result made by hand offers
    its entries as a new tuple each time, and the index built early must be of
    the very papers the screen shows (indexes are matched to papers by identity)."""
    return result if result.merged is not None else replace(result, merged=result.papers)


def search_failure(error: Exception) -> Notice:
    """The message that says search cannot work."""
    return Notice("Search is unavailable", f"{type(error).__name__}: {error}")


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
    """Load off the first paint (the state first, then the papers), then fill the
    search index at once, block by block, saying as it grows.

    `owner` runs the workers and timers and receives every message.
    """

    def __init__(self, owner: DOMNode, loader: Loader, index_maker: IndexMaker | None) -> None:
        self._owner = owner
        self._loader = loader
        self.searchers = SearcherHolder(index_maker)
        self._index_watch: Timer | None = None
        self._indexed_seen = 0
        self._papers: Sequence[Paper] = ()

    def start(self, papers_too: bool = True) -> None:
        """Open the reading state and (`papers_too`) load, in a worker thread (after
        the first paint: it competes for the interpreter)."""
        self._owner.run_worker(
            partial(self._load, papers_too),
            thread=True,
            exclusive=True,
            group="load",
            description="load digests",
        )

    def load_now(self) -> PapersLoaded | None:
        """Load in this thread, before the first frame, when the loader says it is
        quick (a few small files), for the screen to show in its first frame; then
        `start(papers_too=False)` opens the state in a worker (a state held by
        another program must not keep the first frame waiting). None when the load
        is not quick or failed: `start` then loads in the worker (and says why)."""
        quick = getattr(self._loader, "quick", None)
        try:
            if not (callable(quick) and quick()):
                return None
            return PapersLoaded(self._loader(self._progress))
        except Exception:
            return None

    def _load(self, papers_too: bool = True) -> None:
        owner = self._owner
        state, problem = open_state()
        owner.post_message(
            StateOpened(state) if state is not None else StateUnavailable(problem or "unknown")
        )
        if not papers_too:
            return
        newest_day = getattr(self._loader, "newest_day", None)
        if callable(newest_day):
            early = newest_day()
            if early is not None and early.papers:
                owner.post_message(PapersLoaded(early, partial=True))
        result = _papers_fixed(self._loader(self._progress))
        owner.post_message(PapersLoaded(result))
        self._index_early(result.papers)

    def reload(self) -> None:
        """Load the same paths again (new or changed digests), the state as it is."""
        self._owner.run_worker(
            self._load_again, thread=True, exclusive=True, group="load", description="reload"
        )

    def _load_again(self) -> None:
        result = _papers_fixed(self._loader(self._progress))
        self._owner.post_message(PapersLoaded(result, reloaded=True))
        self._index_early(result.papers)

    def _index_early(self, papers: Sequence[Paper]) -> None:
        """Fill the index of papers just loaded in the load worker itself, at once:
        the screen's `index`, after it has shown them, finds the build under way
        and waits for it (a warm start's first search came ~0.2-0.5 s later when
        the build waited for that refresh). A failure is left for that call to
        say: it builds again and reports."""
        if not papers:
            return
        try:
            self.searchers.for_papers(papers)
        except Exception:
            return

    def _progress(self, done: int, total: int) -> None:
        if worth_reporting(done, total):
            self._owner.post_message(LoadProgressed(done, total))

    def index(self, papers: Sequence[Paper]) -> None:
        """Fill the search index of `papers` in a worker (read back from the cache when
        warm); `IndexGrew` says when more of them can be found."""
        self._papers = papers
        self._indexed_seen = 0
        self._owner.run_worker(
            self._build_index, thread=True, exclusive=True, group="index", description="index"
        )
        if self._index_watch is None:
            self._index_watch = self._owner.set_interval(INDEX_WATCH, self._watch_index)

    def _build_index(self) -> None:
        try:
            self.searchers.for_papers(self._papers)
        except Exception as error:  # a broken index must not take the reader down
            self._owner.post_message(search_failure(error))

    def _watch_index(self) -> None:
        """Say when more papers are indexed; stop looking once all are."""
        growing = self.searchers.growing_for(self._papers)
        if growing is None:
            return
        indexed, complete = growing.indexed, growing.complete
        if complete and self._index_watch is not None:
            self._index_watch.stop()
            self._index_watch = None
        if indexed != self._indexed_seen:
            self._indexed_seen = indexed
            self._owner.post_message(IndexGrew(indexed, complete))
