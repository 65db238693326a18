"""The reader: search bar, status, paper list, detail pane and footer.

The screen owns the loaded papers and the current query and order; widgets
get data through methods and report through messages. Everything that can
take more than a few milliseconds (loading, indexing, searching, sorting)
runs in a worker (loading and indexing: `PaperLoading` in ui/loading.py), and
the detail is refreshed off the key path so holding `j` never stalls the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from paper_tui.model import LoadResult, Paper
from paper_tui.ui.keys import READER_BINDINGS
from paper_tui.ui.links import copy_link, open_link
from paper_tui.ui.loading import Loader, PaperLoading, SearcherHolder
from paper_tui.ui.ordering import (
    SortOrder,
    days_label,
    distinct_days,
    next_day_row,
    previous_day_row,
    sort_rows,
)
from paper_tui.ui.screens.reading import ReadingScreen
from paper_tui.ui.searching import IndexMaker, Outcome, Searcher, TitleMatches
from paper_tui.ui.widgets.paper_detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar, SearchHints
from paper_tui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from paper_tui.search.engine import StateLookup

DETAIL_DELAY = 0.03
"""Seconds the detail waits after a cursor move, so key repeat never queues renders."""

NARROW_WIDTH = 100
"""Below this many columns the detail goes under the list."""


class MainScreen(ReadingScreen):
    """List on the left, detail on the right (below it when narrow); reading state
    (read, starred, notes, what is restored) in `ReadingScreen`."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    def __init__(
        self, loader: Loader, blink: bool = True, index_maker: IndexMaker | None = None
    ) -> None:
        super().__init__()
        self._blink = blink
        self.papers: Sequence[Paper] = ()
        self.days: list[date] = []
        self.search_text = ""
        self.order = SortOrder.DIGEST
        self.loaded = False
        self._loading = PaperLoading(self, loader, index_maker)
        self._sorted_cache: dict[SortOrder, Sequence[int]] = {}
        self._filtered = False
        self._outcome: Outcome | None = None
        self._pending_detail: int | None = None
        self._detail_timer: Timer | None = None
        self._status: tuple[str, int, int, str, str, str] | None = None
        self._search_origin: int | None = None
        """The paper under the cursor when typing started from an empty query: Esc
        in the bar goes back to it (the search moved the cursor to its hits)."""
        self.reading_state: StateLookup | None = None
        """Read/starred lookup handed to the search engine (`is:read` ...); set by its owner."""

    def compose(self) -> ComposeResult:
        # Kept as attributes: the cursor's path (highlight, status) must not query the DOM.
        self._search_bar = SearchBar(id="search", blink=self._blink)
        self._status_bar = StatusBar(id="status")
        self._hints = SearchHints(id="hints")
        self._paper_list = PaperList(id="papers")
        self._detail = PaperDetail(id="detail")
        with Horizontal(id="top"):
            yield self._search_bar
            yield self._status_bar
        yield self._hints
        with Horizontal(id="body"):
            yield self._paper_list
            yield self._detail
        yield Footer()

    @property
    def paper_list(self) -> PaperList:
        return self._paper_list

    @property
    def detail(self) -> PaperDetail:
        return self._detail

    @property
    def highlighted(self) -> Paper | None:
        """The paper under the list's cursor."""
        index = self.paper_list.highlighted_index
        return self.papers[index] if index is not None else None

    def on_mount(self) -> None:
        self._hints.display = False
        self.paper_list.empty_message = "Loading…"
        self.paper_list.focus()
        self._update_status()
        # After the first paint: a load started now competes with it for the interpreter.
        self.call_after_refresh(self._loading.start)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self._status_bar.fit()

    # -- loading ----------------------------------------------------------

    def loaded_papers(self, result: LoadResult) -> None:
        """Show the papers just loaded (called by the load worker, on the UI thread)."""
        self.papers = result.papers
        self.days = distinct_days(self.papers)
        self.loaded = True
        for error in result.errors:
            self.notify(
                f"{error.path}: {error.reason}",
                title="Could not load",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.paper_list.empty_message = (
            "No papers: every file failed to load." if result.errors else "No papers."
        )
        with_year = bool(self.days) and self.days[0].year != self.days[-1].year
        self.paper_list.set_papers(self.papers, len(self.days) > 1, with_year)
        if not self.papers:
            self.detail.show_paper(None, "Nothing to read. Open digests with: paper-tui PATH...")
        self._update_status()
        self.state_after_load()

    def searcher(self) -> Searcher:
        """The complete search index of the loaded papers, built once (thread-safe)."""
        return self._searchers.for_papers(self.papers)

    @property
    def _searchers(self) -> SearcherHolder:
        return self._loading.searchers

    @property
    def _searcher(self) -> Searcher | None:
        """The index completed last (maybe of earlier papers), or None."""
        return self._searchers.current

    # -- searching and sorting ---------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value == self.search_text:
            return  # set from code, which already refreshed the rows
        if not self.search_text.strip() and event.value.strip():
            self._search_origin = self.paper_list.highlighted_index
        self.search_text = event.value
        self._refresh_rows(keep=None)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self._search_origin = None  # a result is chosen: Esc keeps it from now on
        self.paper_list.focus()
        self.paper_list.move_cursor(0)

    def on_search_bar_cancelled(self) -> None:
        origin, self._search_origin = self._search_origin, None
        self.search_text = ""
        self._refresh_rows(keep=origin if origin is not None else self.paper_list.highlighted_index)
        self.paper_list.focus()

    def _refresh_rows(self, keep: int | None) -> None:
        """Recompute the rows for the query and order; keep the paper `keep` under the cursor."""
        if not self.loaded:
            return
        if not self.search_text.strip() and self.order is SortOrder.DIGEST:
            self.workers.cancel_group(self, "rows")
            self._show_rows(range(len(self.papers)), None, keep if keep is not None else 0)
            return
        self._compute_rows(self.search_text, self.order, keep)

    @work(thread=True, exclusive=True, group="rows")
    def _compute_rows(self, query: str, order: SortOrder, keep: int | None) -> None:
        searcher = self._searchers.growing_for(self.papers)
        if searcher is None:  # the index worker has not started: build it here
            hints = self._hints
            self.app.call_from_thread(hints.show_hints, ("indexing the papers for search…",))
        try:
            searcher = searcher or self.searcher()
            outcome = searcher.search(query, state=self.reading_state)
        except Exception as error:  # a broken search must not take the reader down
            self._loading.search_failed(error)
            return
        if outcome.filtered:
            rows = sort_rows(self.papers, outcome.rows, order)
        else:
            if order not in self._sorted_cache:
                self._sorted_cache[order] = sort_rows(self.papers, range(len(self.papers)), order)
            rows = self._sorted_cache[order]
        if get_current_worker().is_cancelled:
            return
        cursor = 0
        if keep is not None:
            try:
                cursor = rows.index(keep)
            except ValueError:
                cursor = 0
        self.app.call_from_thread(self._show_rows, rows, outcome, cursor)

    def _show_rows(self, rows: Sequence[int], outcome: Outcome | None, cursor: int = 0) -> None:
        self._outcome = outcome
        self._filtered = outcome is not None and outcome.filtered
        if self._filtered and not rows:
            self.paper_list.empty_message = "No papers match this search."
        self.paper_list.set_rows(rows, outcome.matches if outcome else None, cursor)
        self._hints.show_hints(outcome.hints if outcome else ())
        self.rows_changed(rows)
        self._update_status()

    def action_cycle_sort(self) -> None:
        self.order = self.order.next()
        self.remember_sort()
        self._refresh_rows(keep=self.paper_list.highlighted_index)
        self.notify(f"Sorted by {self.order.label(self._filtered)}", timeout=2)

    # -- the detail, off the key path ---------------------------------------

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self._pending_detail = message.paper_index
        self.highlight_moved()
        if self._detail_timer is None:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_pending_detail)
        self._update_status()

    def _show_pending_detail(self) -> None:
        self._detail_timer = None
        index = self._pending_detail
        paper = self.papers[index] if index is not None and index < len(self.papers) else None
        highlights = self._matched_words(index, paper)
        if paper is not self.detail.paper or highlights != self.detail.highlights:
            self.detail.show_paper(paper, self.paper_list.empty_message, highlights)
        self.detail_settled(paper)

    def _matched_words(self, index: int | None, paper: Paper | None) -> tuple[str, ...]:
        outcome = self._outcome
        if index is None or paper is None or outcome is None or not outcome.filtered:
            return ()
        if isinstance(outcome.matches, TitleMatches):
            return outcome.matches.matched_words(index, paper)
        return ()

    def flush_detail(self) -> None:
        """Show the highlighted paper now (before acting on its sections)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._show_pending_detail()

    def on_paper_list_selected(self) -> None:
        self.flush_detail()
        self.detail.focus()

    # -- actions --------------------------------------------------------------

    def action_focus_search(self) -> None:
        self._search_bar.focus()

    def action_clear_filter(self) -> None:
        if self.search_text:
            self.set_query("")

    def set_query(self, text: str) -> None:
        """Search for `text` as if typed, keeping the paper under the cursor."""
        self.search_text = text
        self._search_bar.value = text
        self._refresh_rows(keep=self.paper_list.highlighted_index)

    def action_focus_list(self) -> None:
        self.paper_list.focus()

    def action_jump_section(self, number: int) -> None:
        self.flush_detail()
        self.detail.go_to_section(number - 1)

    def action_next_section(self) -> None:
        self.flush_detail()
        self.detail.go_to_section(self.detail.current_section + 1)

    def action_previous_section(self) -> None:
        self.flush_detail()
        self.detail.go_to_section(self.detail.current_section - 1)

    def action_next_paper(self) -> None:
        self.paper_list.move_cursor(self.paper_list.cursor + 1)
        self.flush_detail()

    def action_previous_paper(self) -> None:
        self.paper_list.move_cursor(self.paper_list.cursor - 1)
        self.flush_detail()

    def action_next_day(self) -> None:
        row = next_day_row(self.papers, self.paper_list.rows, self.paper_list.cursor)
        if row is not None:
            self.paper_list.move_cursor(row)

    def action_previous_day(self) -> None:
        row = previous_day_row(self.papers, self.paper_list.rows, self.paper_list.cursor)
        if row is not None:
            self.paper_list.move_cursor(row)

    def go_to_paper(self, index: int) -> None:
        """Put the cursor on paper `index`, clearing a filter that hides it."""
        if index not in self.paper_list.rows:
            self.workers.cancel_group(self, "rows")
            self.search_text = ""
            self._search_bar.value = ""
            self.order = SortOrder.DIGEST
            self._show_rows(range(len(self.papers)), None)
        self.paper_list.move_cursor(self.paper_list.rows.index(index))
        self.paper_list.focus()

    def go_to_date(self, day: date) -> None:
        """Put the cursor on the first paper of `day`."""
        for index, paper in enumerate(self.papers):
            if paper.date == day:
                self.go_to_paper(index)
                return

    def action_open_paper(self) -> None:
        if self.highlighted is not None:
            self.open_link(self.highlighted.url)

    def action_open_pdf(self) -> None:
        if self.highlighted is not None:
            self.open_link(self.highlighted.pdf_url)

    def action_copy_link(self) -> None:
        if self.highlighted is not None:
            copy_link(self.app, self.highlighted.url)

    def on_paper_detail_link_clicked(self, message: PaperDetail.LinkClicked) -> None:
        self.open_link(message.url)

    def open_link(self, url: str) -> None:
        """Open an http(s) URL in a browser; when none can start, show it and copy it."""
        open_link(self.app, url)

    def action_help(self) -> None:
        from paper_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # -- status -------------------------------------------------------------

    def _update_status(self) -> None:
        paper = self.highlighted
        status = (
            days_label(self.days, paper.date if paper else None) if self.loaded else "loading…",
            len(self.paper_list.rows),
            len(self.papers),
            self.order.label(self._filtered),
            self.search_text.strip(),
            self.unread_label(),
        )
        if status != self._status:
            self._status = status
            self._status_bar.show_status(*status)
