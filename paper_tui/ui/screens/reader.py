"""The reader: search bar, status, paper list, detail pane and footer, one screen.

The screen owns the loaded papers, the query and the order (reactive: setting
`search_text` or `order` recomputes the rows; `status` is bound to the status
bar) and plain helpers it composes: `PaperLoading` (load and index workers),
`ReadingSession` (read, starred, notes, settings), `ReadingClock` (a paper
shown for 2 s is read). Workers report by message (`PapersLoaded`, `IndexGrew`,
`RowsComputed`, ...); widgets get data through methods and report by message.
Everything that can take more than a few milliseconds runs in a worker, and the
detail is refreshed off the key path so holding `j` never stalls the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from paper_tui.model import LoadResult, Paper
from paper_tui.text import clean_line, printable
from paper_tui.ui.clock import ReadingClock
from paper_tui.ui.keys import READER_BINDINGS
from paper_tui.ui.links import copy_link, open_link, say_opened
from paper_tui.ui.loading import Loader, PaperLoading, SearcherHolder, search_failure
from paper_tui.ui.messages import (
    CalendarReady,
    FeedsCounted,
    FilesChanged,
    IndexGrew,
    LinkOpened,
    LoadProgressed,
    MarkedAllRead,
    NewCounted,
    Notice,
    PapersLoaded,
    ReadChanged,
    RowsComputed,
    SaveProgressed,
    SectionChoicesFound,
    SimilarFound,
    StateOpened,
    StateRefreshed,
    StateUnavailable,
    Synced,
    SyncProgressed,
    UnreadCounted,
)
from paper_tui.ui.ordering import (
    SortOrder,
    distinct_days,
    find_position,
    next_day_row,
    previous_day_row,
    sort_rows,
)
from paper_tui.ui.searching import IndexMaker, Outcome, Searcher, TitleMatches
from paper_tui.ui.session import ReadingSession
from paper_tui.ui.titles import shown_title
from paper_tui.ui.widgets.key_bar import KeyBar
from paper_tui.ui.widgets.load_progress import LoadProgress
from paper_tui.ui.widgets.paper_detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar, SearchHints
from paper_tui.ui.widgets.status_bar import Status, StatusBar

if TYPE_CHECKING:
    from paper_tui.search import StateFlag
    from paper_tui.store import ReadingState, Settings
    from paper_tui.ui.feeds import FeedEntry

T = TypeVar("T")

DETAIL_DELAY = 0.03
"""Seconds the detail waits after a cursor move, so key repeat never queues renders."""

NARROW_WIDTH = 100
"""Below this many columns the detail goes under the list."""

DEFAULT_LIST_SHARE = 45
LIST_SHARES = (20, 80)
"""The narrowest and widest the list can be made, in percent."""

POSITION_SAVE_DELAY = 0.5
"""The position is saved once the cursor rests this long (and on exit), not per key."""


class ReaderScreen(Screen[None]):
    """List on the left, detail on the right (below it when narrow)."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    search_text: var[str] = var("", init=False, always_update=True)
    """The query in force; setting it searches again, keeping the paper in `_keep`."""
    order: var[SortOrder] = var(SortOrder.DIGEST, init=False)
    """The list's order; setting it sorts again, keeping the paper under the cursor."""
    loaded: var[bool] = var(False, init=False)
    filtered: var[bool] = var(False, init=False)
    """True while a query narrows or ranks the list."""
    ranked: var[bool] = var(False, init=False)
    """True while the list is in the order of a query's words (relevance)."""
    status: var[Status] = var(Status(day="loading…"), init=False)
    list_share: var[int] = var(DEFAULT_LIST_SHARE, init=False)
    """The list's share of the width (of the height below `NARROW_WIDTH`), in percent."""
    zoomed: var[bool] = var(False, init=False)
    """The detail fills the screen (the list is hidden)."""
    """What the status line says (bound to the status bar)."""

    def __init__(
        self,
        loader: Loader,
        *,
        blink: bool = True,
        index_maker: IndexMaker | None = None,
        sources: Sequence[str] = (),
        stdin_data: bytes | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        from paper_tui.store import Settings

        self.settings = settings if settings is not None else Settings()
        """The config file's settings: keymap, read delay, default sort, theme, sections."""
        self._blink = blink
        self._sources = list(sources)
        self._stdin_data = stdin_data
        self.papers: Sequence[Paper] = ()
        self.days: list[date] = []
        self.session = ReadingSession()
        self.clock = ReadingClock(
            self.set_timer, lambda: self.settings.read_delay, self._reading, self._read_long_enough
        )
        self._loading = PaperLoading(self, loader, index_maker)
        self._progress_bar: LoadProgress | None = None
        self._sorted_cache: dict[SortOrder, Sequence[int]] = {}
        self._outcome: Outcome | None = None
        self._keep: int | None = None
        """The paper the next search keeps under the cursor (None: the first row)."""
        self._offset: int | None = None
        """Where the next rows put the cursor on screen (lines below the top): the place
        the reader had before a search (Esc), a sort (`s`) or a toggle (`u`, `B`)."""
        self._origin_offset: int | None = None
        """The cursor's place on screen when typing started from an empty query."""
        self._place = ""
        """Where the next rows put the cursor's line ("center" for a restored position)."""
        self._pending_detail: int | None = None
        self._detail_timer: Timer | None = None
        self._position_timer: Timer | None = None
        self._restored = False
        self._tally_papers: Sequence[Paper] | None = None
        """The papers the session's tally counted (their ids are reused while they stay)."""
        self._settled_paper: Paper | None = None
        """The paper whose detail was shown last: the position to save (even on exit)."""
        self._session_start = 0.0
        """When this run began (papers first seen after the previous one are new)."""
        self._new_count = 0
        self._seen_once = False
        self._undo: tuple[frozenset[str], frozenset[str]] | None = None
        """The last `A`: (the ids it marked, those already read before)."""
        self._watch: Any = None
        self._watch_timer: Timer | None = None
        """Ticks while live reload runs (it runs once per screen; a failure stops it)."""
        self._watch_stopped = False
        """The folders being read, polled for new or changed digests (live reload)."""
        self._early_shown = False
        """The newest day of a long load was shown before the rest."""
        self._activity = ""
        """What runs in the background, for the status line ("syncing 3/10")."""
        self._mutes_in_force: tuple[str, ...] = ()
        """The mutes the rows were last computed with."""
        self._search_origin: int | None = None
        """The paper under the cursor when typing started from an empty query: Esc
        in the bar goes back to it (the search moved the cursor to its hits)."""

    def compose(self) -> ComposeResult:
        # Kept as attributes: the cursor's path (highlight, status) must not query the DOM.
        self._search_bar = SearchBar(id="search", blink=self._blink)
        self._hints = SearchHints(id="hints")
        self._paper_list = PaperList(id="papers")
        self._detail = PaperDetail(id="detail")
        with Horizontal(id="top"):
            yield self._search_bar
            yield StatusBar(id="status").data_bind(ReaderScreen.status)
        yield self._hints
        self._sticky_title = Static("", id="detail-title")
        with Horizontal(id="body"):
            yield self._paper_list
            with Vertical(id="reading"):
                yield self._sticky_title
                yield self._detail
        yield KeyBar()

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

    @property
    def state(self) -> ReadingState | None:
        """The open reading state (None while opening or when it cannot open)."""
        return self.session.state

    @property
    def searchers(self) -> SearcherHolder:
        """The search index of the loaded papers: complete (`current`) or growing."""
        return self._loading.searchers

    def searcher(self) -> Searcher:
        """The complete search index of the loaded papers, built once (thread-safe)."""
        return self._loading.searchers.for_papers(self.papers)

    def on_mount(self) -> None:
        self._hints.display = False
        self._sticky_title.display = False
        self.paper_list.empty_message = "Loading…"
        self.paper_list.focus()
        self._update_status()
        self._say_config_problems()
        # A few small files load now, so the first frame has their titles; anything
        # more loads after the first paint (a load started now would compete with it).
        loaded = self._loading.load_now()
        if loaded is None:
            self.call_after_refresh(self._loading.start)
            return
        self.on_papers_loaded(loaded)
        self.call_after_refresh(self._loading.start, False)  # the state, after the frame

    def _say_config_problems(self) -> None:
        """Each bad value of the config file, one line each (its default is in use)."""
        from paper_tui.ui.screens.help import unknown_binding_ids

        problems = list(self.settings.problems)
        problems += [
            f"config.toml: keymap.{printable(binding_id)}: no such binding; ignored "
            "(the help screen, ?, lists them)"
            for binding_id in unknown_binding_ids(self.settings.keymap)
        ]
        if problems:
            self.notify(
                "\n".join(problems[:6]),
                title="Config",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.query_one(StatusBar).fit()
        self.watch_list_share()

    def watch_list_share(self) -> None:
        share = f"{self.list_share}%"
        narrow = self.size.width < NARROW_WIDTH
        self._paper_list.styles.width = "1fr" if narrow else share
        self._paper_list.styles.height = share if narrow else "1fr"

    def watch_zoomed(self, zoomed: bool) -> None:
        self.set_class(zoomed, "-zoomed")
        if zoomed:
            self.flush_detail()
            self.detail.focus()
        else:
            self.paper_list.focus()

    def action_resize_list(self, step: int) -> None:
        low, high = LIST_SHARES
        share = max(low, min(high, self.list_share + step))
        if share == self.list_share:
            self.notify(f"The list is as {'wide' if step > 0 else 'narrow'} as it goes.", timeout=2)
            return
        if self.zoomed:
            self.zoomed = False
        self.list_share = share
        from paper_tui.store import LIST_SHARE_KEY

        self._save_setting(LIST_SHARE_KEY, share)

    def action_toggle_zoom(self) -> None:
        self.zoomed = not self.zoomed

    # -- what the workers report ------------------------------------------------

    def on_state_opened(self, message: StateOpened) -> None:
        from paper_tui.store import LIST_SHARE_KEY, SORT_KEY, THEME_KEY

        state = message.state
        self.session.opened(state)
        import time

        self._session_start = time.time()
        try:
            state.begin_session(self._session_start)
        except Exception:  # the reader works without the new marks
            self._session_start = 0.0
        for warning in state.warnings:
            self.notify(
                warning, title="Reading state", severity="warning", timeout=15, markup=False
            )
        self.paper_list.set_flags(self.session.flags)
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)
        theme = self._setting(THEME_KEY)
        if isinstance(theme, str) and theme in self.app.available_themes:
            self.app.theme = theme
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        share = self._setting(LIST_SHARE_KEY)
        if isinstance(share, int) and LIST_SHARES[0] <= share <= LIST_SHARES[1]:
            self.list_share = share
        sort = self._setting(SORT_KEY)
        if sort is None:
            sort = self.settings.sort  # the config's default until one is chosen with `s`
        if isinstance(sort, str) and sort in {order.value for order in SortOrder}:
            self.set_reactive(ReaderScreen.order, SortOrder(sort))  # rows come with the load
        if self.loaded:  # the papers came first (a quick load): what they waited for
            self._restore_position()
            if self.papers and not self._seen_once:
                self._note_new(self.papers, first=True)
                self._seen_once = True
            if self._settled_paper is not None:
                self.clock.forget()  # started while the state was closed: start it over
                self._detail_settled(self._settled_paper)  # its note and reading clock

    def on_state_unavailable(self, message: StateUnavailable) -> None:
        self.session.failed(message.problem)
        self.notify(
            message.problem,
            title="Reading state unavailable: nothing will be saved",
            severity="error",
            timeout=15,
            markup=False,
        )

    def on_load_progressed(self, message: LoadProgressed) -> None:
        """Show loading progress; the bar is made on first use (most loads never need it)."""
        if not self.loaded:
            self._show_progress(message.done, message.total)

    def on_save_progressed(self, message: SaveProgressed) -> None:
        """`S` on many digests: the same bar, as they go into the library."""
        self._show_progress(message.done, message.total)

    def _show_progress(self, done: int, total: int) -> None:
        if self._progress_bar is None:
            self._progress_bar = LoadProgress()
            self.mount(self._progress_bar, after="#hints")
        self._progress_bar.report(done, total)

    def on_papers_loaded(self, message: PapersLoaded) -> None:
        """Show the papers just loaded, where the reader was, then index them. The
        newest day of a long load comes first (`partial`): readable at once, with the
        rest of the load still under way (no search yet); the whole load then keeps
        the paper the reader moved to."""
        result = message.result
        if message.partial:
            self._show_newest_day(result)
            return
        moved = self._early_shown and self.paper_list.cursor
        reading = self.highlighted if moved or message.reloaded else None
        offset = self.paper_list.cursor_offset
        if self._progress_bar is not None:
            self._progress_bar.display = False
        self.papers = result.papers
        self.days = distinct_days(self.papers)
        self.set_reactive(ReaderScreen.loaded, True)
        for error in result.errors:
            self.notify(
                printable(f"{error.path}: {error.reason}"),  # a name may hold escapes
                title="Could not load",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.paper_list.empty_message = _empty_message(result)
        with_year = bool(self.days) and self.days[0].year != self.days[-1].year
        self.paper_list.set_papers(self.papers, len(self.days) > 1, with_year)
        if not self.papers:
            self.detail.show_paper(None, "Nothing to read. Open digests with: paper-tui PATH...")
        self._update_status()
        if self.search_text.strip():
            self._refresh_rows(keep=None)  # typed while the rest was loading
        elif reading is not None:
            self._keep_reading(reading, offset)
        else:
            self._restore_position()
        if not self._sources and self.papers:
            self._say_if_sample()
        # The index fills block by block (read back from the cache when warm); a
        # search typed meanwhile ranks the papers indexed so far.
        self.call_after_refresh(self._loading.index, self.papers)
        if self.state is not None and self.papers:
            self._note_new(self.papers, first=not self._seen_once)
            self._seen_once = True
        if not message.reloaded:
            self._start_watching()

    def _show_newest_day(self, result: LoadResult) -> None:
        """The newest day of a long load, while the rest loads."""
        if self.loaded:
            return  # the whole load won the race
        self._early_shown = True
        self.papers = result.papers
        self.days = distinct_days(self.papers)
        self.paper_list.set_papers(self.papers, show_dates=True)
        self._update_status()

    def _keep_reading(self, paper: Paper, offset: int) -> None:
        """After the whole load, the cursor stays on the paper read meanwhile."""
        self._restored = True
        found = next(
            (index for index, one in enumerate(self.papers) if one.arxiv_id == paper.arxiv_id),
            None,
        )
        if found is not None:
            self.paper_list.move_cursor(found, offset=offset)
        self._count_rows(self.paper_list.rows)

    def _say_if_sample(self) -> None:
        """On a first run (no paths, an empty library) the bundled sample shows: say so,
        and how to open one's own digests."""
        from paper_tui.library import sample_digest_path

        if self.papers[0].source == str(sample_digest_path()):
            self.notify(
                "Open your own digests with: paper-tui PATH... (files or folders); "
                "keep them in the library with: paper-tui add PATH",
                title="This is the sample digest bundled with paper-tui",
                timeout=12,
                markup=False,
            )

    def on_index_grew(self, message: IndexGrew) -> None:
        """More papers are searchable: a search typed meanwhile is run again (and the
        mutes hide their papers once every paper is indexed)."""
        if self.search_text.strip() or (message.complete and self.mutes()):
            self._refresh_rows(keep=self.paper_list.highlighted_index)

    def on_rows_computed(self, message: RowsComputed) -> None:
        if message.query != self.search_text:
            return  # a late answer to a query typed over since: never shown
        self._show_rows(message.rows, message.outcome, message.cursor, message.ranked)

    def on_unread_counted(self, message: UnreadCounted) -> None:
        if message.version != self.session.tally_version:
            self._count_rows(message.rows)  # marked meanwhile: count again
            return
        self.session.tally = message.tally
        self._tally_papers = message.papers
        self._update_status()

    def on_state_refreshed(self) -> None:
        """The state was read again (another instance or the CLI may have changed it):
        marks, follows and mutes as they are now."""
        self.session.tally_version += 1
        self.session.follows_changed()
        if self.mutes() != self._mutes_in_force:
            self._refresh_rows(keep=self.paper_list.highlighted_index)
        self.paper_list.refresh()
        self._count_rows(self.paper_list.rows)
        self.detail.show_note(self.session.note(self.detail.paper))

    def on_notice(self, message: Notice) -> None:
        self.notify(
            message.message,
            title=message.title,
            severity=message.severity,
            timeout=message.timeout,
            markup=False,
        )

    # -- searching and sorting ---------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_typed(self, event: Input.Changed) -> None:
        if event.value == self.search_text:
            return  # set from code, which already refreshed the rows
        if not self.search_text.strip() and event.value.strip():
            self._search_origin = self.paper_list.highlighted_index
            self._origin_offset = self.paper_list.cursor_offset
        self._keep = None
        self._offset = None
        self.search_text = event.value

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self._search_origin = None  # a result is chosen: Esc keeps it from now on
        self.paper_list.focus()
        self.paper_list.move_cursor(0)

    def on_search_bar_cancelled(self) -> None:
        origin, self._search_origin = self._search_origin, None
        self._keep = origin if origin is not None else self.paper_list.highlighted_index
        self._offset = self._origin_offset if origin is not None else None
        self.search_text = ""
        self.paper_list.focus()

    def set_query(self, text: str) -> None:
        """Search for `text` as if typed, keeping the paper under the cursor."""
        self._keep = self.paper_list.highlighted_index
        self._offset = self.paper_list.cursor_offset
        self._search_bar.value = text
        self.search_text = text

    def watch_search_text(self) -> None:
        self._refresh_rows(keep=self._keep)

    def watch_order(self) -> None:
        self._offset = self.paper_list.cursor_offset
        self._refresh_rows(keep=self.paper_list.highlighted_index)

    def _refresh_rows(self, keep: int | None) -> None:
        """Recompute the rows for the query and order; keep the paper `keep` under the cursor."""
        if not self.loaded:
            return
        self._mutes_in_force = self.mutes()
        if not self.search_text.strip() and self.order is SortOrder.DIGEST and not self.mutes():
            self.workers.cancel_group(self, "rows")
            self._show_rows(range(len(self.papers)), None, keep if keep is not None else 0)
            return
        self._compute_rows(self.search_text, self.order, keep)

    @work(thread=True, exclusive=True, group="rows", description="search")
    def _compute_rows(self, query: str, order: SortOrder, keep: int | None) -> None:
        searcher = self._loading.searchers.growing_for(self.papers)
        if searcher is None:  # the index worker has not started: build it here
            self.app.call_from_thread(self._hints.show_hints, ("indexing the papers for search…",))
        try:
            from paper_tui.search import parse

            searcher = searcher or self.searcher()
            outcome = searcher.search(query, state=self.session.state, mutes=self.mutes())
            ranked = outcome.filtered and bool(parse(query).terms)
        except Exception as error:  # a broken search must not take the reader down
            self.post_message(search_failure(error))
            return
        if outcome.filtered and outcome.sort is not None:
            rows = outcome.rows  # `sort:` in the query: the engine put them in its order
        elif outcome.filtered or outcome.hidden:
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
        self.post_message(RowsComputed(rows, outcome, cursor, ranked, query))

    def _show_rows(
        self, rows: Sequence[int], outcome: Outcome | None, cursor: int = 0, ranked: bool = False
    ) -> None:
        self._outcome = outcome
        self.filtered = outcome is not None and outcome.filtered
        self.ranked = ranked
        hidden = outcome.hidden if outcome is not None else 0
        if self.filtered and not rows:
            self.paper_list.empty_message = "No papers match this search." + (
                f" ({hidden:,} muted ones are hidden: is:muted shows them.)" if hidden else ""
            )
        elif not rows and hidden:
            self.paper_list.empty_message = (
                "Every paper is muted: F lifts mutes, is:muted shows them."
            )
        by_day = self.order is SortOrder.DATE or (self.order is SortOrder.DIGEST and not ranked)
        offset, place = self._offset, self._place
        self._offset, self._place = None, ""
        self.paper_list.set_rows(
            rows,
            outcome.matches if outcome else None,
            cursor,
            grouped=by_day,
            offset=offset,
            place=place,
        )
        self._hints.show_hints(outcome.hints if outcome else ())
        self._count_rows(rows)
        self._update_status()

    def action_cycle_sort(self) -> None:
        self.order = self.order.next()
        from paper_tui.store import SORT_KEY

        self._save_setting(SORT_KEY, self.order.value)
        self.notify(f"Sorted by {self.order.label(self.ranked)}", timeout=2)

    # -- the detail, off the key path ---------------------------------------------

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self._pending_detail = message.paper_index
        self.clock.forget()  # the reading clock starts again with the next detail
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
        self._detail_settled(paper)

    def _matched_words(self, index: int | None, paper: Paper | None) -> tuple[str, ...]:
        outcome = self._outcome
        if index is None or paper is None or outcome is None or not outcome.filtered:
            return ()
        if isinstance(outcome.matches, TitleMatches):
            return outcome.matches.matched_words(index, paper)
        return ()

    def _detail_settled(self, paper: Paper | None) -> None:
        """The detail shows `paper`: show its note, start its reading clock (once per
        highlight: moving between sections does not restart it), remember it."""
        self._settled_paper = paper
        self.detail.show_note(self.session.note(paper))
        unread = paper is not None and self.state is not None and not self.session.is_read(paper)
        self.clock.start_for(paper, unread)
        self._schedule_position_save()

    def flush_detail(self) -> None:
        """Show the highlighted paper now (before acting on its sections)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._show_pending_detail()

    def on_paper_list_selected(self) -> None:
        self.flush_detail()
        self.detail.focus()

    def on_paper_detail_title_hidden(self, message: PaperDetail.TitleHidden) -> None:
        """Keep a one-line title above a detail scrolled past its header."""
        self._sticky_title.update(Text(shown_title(message.title), style="bold"))
        self._sticky_title.display = message.hidden

    def on_paper_detail_link_clicked(self, message: PaperDetail.LinkClicked) -> None:
        self.open_link(message.url)

    # -- moving -------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self._search_bar.focus()

    def action_clear_filter(self) -> None:
        if self.search_text:
            self.set_query("")

    def action_focus_list(self) -> None:
        self.paper_list.focus()

    def action_jump_section(self, number: int) -> None:
        self.flush_detail()
        if self.detail.paper is not None and not self.detail.go_to_section(number - 1):
            count = self.detail.section_count
            has = f"{count} section{'s' if count != 1 else ''}" if count else "no sections"
            self.notify(f"This paper has {has}.", timeout=2)

    def action_next_section(self) -> None:
        self.flush_detail()
        self.detail.go_to_section(self.detail.current_section + 1)

    def action_previous_section(self) -> None:
        self.flush_detail()
        self.detail.go_to_section(self.detail.current_section - 1)

    def action_next_summary(self) -> None:
        self.flush_detail()
        if self.detail.paper is not None and self.detail.next_summary() == 1:
            self.notify("This paper has one summary.", timeout=2)

    def action_next_paper(self) -> None:
        self.paper_list.move_cursor(self.paper_list.cursor + 1)
        self.flush_detail()

    def action_previous_paper(self) -> None:
        self.paper_list.move_cursor(self.paper_list.cursor - 1)
        self.flush_detail()

    def action_next_day(self) -> None:
        row = next_day_row(self.papers, self.paper_list.rows, self.paper_list.cursor)
        if row is not None:
            self.paper_list.move_cursor(row, place="top")
        else:
            self.notify("This is the last day.", timeout=2)

    def action_previous_day(self) -> None:
        row = previous_day_row(self.papers, self.paper_list.rows, self.paper_list.cursor)
        if row is not None:
            self.paper_list.move_cursor(row, place="top")
        else:
            self.notify("This is the first day.", timeout=2)

    def go_to_paper(self, index: int, place: str = "center") -> None:
        """Put the cursor on paper `index` (its line at `place`: "center", or "top"
        for a day), clearing a filter that hides it."""
        hidden = self._hidden_by_mutes()
        if index in hidden:
            self.notify("That paper is muted (is:muted shows it).", timeout=3)
            return
        if index not in self.paper_list.rows:
            self.workers.cancel_group(self, "rows")
            self.set_reactive(ReaderScreen.search_text, "")
            self._search_bar.value = ""
            self.set_reactive(ReaderScreen.order, SortOrder.DIGEST)
            if hidden:
                rows = [row for row in range(len(self.papers)) if row not in hidden]
                self._show_rows(rows, Outcome(rows, hidden=len(hidden)))
            else:
                self._show_rows(range(len(self.papers)), None)
        self.paper_list.move_cursor(self.paper_list.rows.index(index), place=place)
        self.paper_list.focus()

    def go_to_date(self, day: date) -> None:
        """Put the cursor on the first paper of `day` that no mute hides."""
        hidden = self._hidden_by_mutes()
        for index, paper in enumerate(self.papers):
            if paper.date == day and index not in hidden:
                self.go_to_paper(index, place="top")
                return

    def _hidden_by_mutes(self) -> frozenset[int]:
        """The papers the mutes hide (none until the index is complete)."""
        mutes = self.mutes()
        searcher = self._loading.searchers.growing_for(self.papers) if mutes else None
        if searcher is None or not searcher.complete:
            return frozenset()
        return searcher.hidden_positions(mutes)

    def action_open_paper(self) -> None:
        if self.highlighted is not None:
            self.open_link(self.highlighted.url)

    def action_open_pdf(self) -> None:
        if self.highlighted is not None:
            self.open_link(self.highlighted.pdf_url)

    def action_copy_link(self) -> None:
        if self.highlighted is not None:
            copy_link(self.app, self.highlighted.url)

    def open_link(self, url: str) -> None:
        """Open an http(s) URL in a browser; when none can start, show it and copy it."""
        open_link(self, url)

    def on_link_opened(self, message: LinkOpened) -> None:
        say_opened(self.app, message)

    def action_help(self) -> None:
        from paper_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.settings.keymap))

    # -- the status line ------------------------------------------------------------

    def _unread_and_new(self) -> str:
        parts = [self.session.unread_label(bool(self.papers))]
        if self._new_count:
            parts.append(f"{self._new_count:,} new")
        hidden = self._outcome.hidden if self._outcome is not None else 0
        if hidden:
            parts.append(f"{hidden:,} muted")
        return " · ".join(part for part in parts if part)

    def mutes(self) -> tuple[str, ...]:
        """The reader's muted queries (none without a reading state)."""
        state = self.session.state
        return state.mutes() if state is not None else ()

    # -- the daily flow: what is new, all read, days, live reload, sync ------------------

    @work(thread=True, exclusive=True, group="new", description="count new papers")
    def _note_new(self, papers: Sequence[Paper], first: bool) -> None:
        """Remember the papers seen in this run; count those new since the last one."""
        import time

        state = self.state
        if state is None:
            return
        ids = {paper.arxiv_id for paper in papers}
        try:
            state.mark_seen(ids, self._session_start if first else time.time())
            count = len(state.new_ids() & ids)
        except Exception:
            return
        self.post_message(NewCounted(count, first))

    def on_new_counted(self, message: NewCounted) -> None:
        self._new_count = message.count
        self._update_status()
        if message.first and message.count:
            self.notify(
                f"{message.count:,} new since last time: w shows them",
                title="New papers",
                timeout=6,
            )
        if message.first:
            self._maybe_sync_on_start()

    def action_filter_new(self) -> None:
        self._toggle_filter("new")

    def action_mark_all_read(self) -> None:
        if self.state is None:
            self.notify(f"Cannot: {self.session.problem}", severity="warning", markup=False)
            return
        rows = self.paper_list.rows
        if not rows:
            self.notify("No papers shown.", timeout=2)
            return
        ids = frozenset(self.papers[row].arxiv_id for row in rows)
        self._mark_all(ids, self.state)

    @work(thread=True, exclusive=True, group="mark-all", description="mark all read")
    def _mark_all(self, ids: frozenset[str], state: ReadingState) -> None:
        from paper_tui.store import StateError

        try:
            already = state.mark_read(ids)
        except StateError as error:
            self.post_message(_not_saved(error))
            return
        self.post_message(MarkedAllRead(ids, frozenset(already)))

    def on_marked_all_read(self, message: MarkedAllRead) -> None:
        self._undo = (message.ids, message.already)
        marked = len(message.ids - message.already)
        self.notify(f"Marked {marked:,} papers read · ctrl+z undoes it", timeout=6)
        self.on_read_changed()

    def action_undo_mark_all(self) -> None:
        if self._undo is None or self.state is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        ids, already = self._undo
        self._undo = None
        self._unmark(ids - already, self.state)

    @work(thread=True, exclusive=True, group="mark-all", description="undo mark all read")
    def _unmark(self, ids: frozenset[str], state: ReadingState) -> None:
        from paper_tui.store import StateError

        try:
            state.set_read_many(ids, False)
        except StateError as error:
            self.post_message(_not_saved(error))
            return
        self.post_message(Notice("Undone", f"{len(ids):,} papers unread again", "information", 3))
        self.post_message(ReadChanged())

    def on_read_changed(self) -> None:
        self.session.tally_version += 1
        self.paper_list.refresh()
        self._count_rows(self.paper_list.rows)

    def action_days_panel(self) -> None:
        if not self.loaded or not self.papers:
            self.notify("No days to show yet.", timeout=2)
            return
        self._make_calendar(self.papers)

    @work(thread=True, exclusive=True, group="calendar", description="days, weeks, months")
    def _make_calendar(self, papers: Sequence[Paper]) -> None:
        from paper_tui.library import build_calendar

        state = self.state
        calendar = build_calendar(papers, state.is_read if state else lambda _: False)
        feeds: list[FeedEntry] = []
        if self._loading.searchers.ready_for(papers):  # else D would wait for the index
            feeds = [entry for entry in self._feed_entries(papers) if entry.kind != "mute"]
        self.post_message(CalendarReady(calendar, feeds))

    def on_calendar_ready(self, message: CalendarReady) -> None:
        from paper_tui.ui.feeds import entry_line
        from paper_tui.ui.screens.days import TITLE, calendar_lines
        from paper_tui.ui.screens.picker import Picker

        lines, queries = calendar_lines(message.calendar)
        lines[:0] = [entry_line(entry) for entry in message.feeds]
        queries[:0] = [entry.query for entry in message.feeds]

        def chosen(number: int | None) -> None:
            if number is not None:
                self.set_query(queries[number])

        self.app.push_screen(Picker(TITLE, lines), chosen)

    def _start_watching(self) -> None:
        """Poll the folders being read (or the library) for new or changed digests."""
        from paper_tui.library import POLL_SECONDS

        if self._watch_timer is not None or not self.papers:
            return  # watching already (a reload comes back here), or nothing to watch
        from paper_tui.store import paths

        watched = [path for path in self._sources if path != "-"] or [str(paths.library_dir())]
        self._begin_watch(watched)
        self._watch_timer = self.set_interval(POLL_SECONDS, self._poll_watch)

    @work(thread=True, exclusive=True, group="watch", description="watch folders")
    def _begin_watch(self, watched: list[str]) -> None:
        from paper_tui.library import FolderWatch

        watch = FolderWatch(watched)
        try:
            watch.baseline()
        except Exception as error:  # live reload must never take the reader down
            self._watch_failed(error)
            return
        self._watch = watch

    def _poll_watch(self) -> None:
        watch = self._watch  # read once: a failing poll clears it from its thread
        if watch is not None:
            self._poll(watch)
        elif self._watch_stopped and self._watch_timer is not None:
            self._watch_timer.stop()

    def _watch_failed(self, error: Exception) -> None:
        """From a watch worker: stop live reload (the next tick stops the timer) and say why."""
        self._watch, self._watch_stopped = None, True
        failure = printable(f"{type(error).__name__}: {error}")
        self.post_message(Notice("Live reload stopped", failure, "warning", 10))

    @work(thread=True, group="watch", description="watch folders")
    def _poll(self, watch: Any) -> None:
        """One tick of live reload. Not `exclusive`: a thread cannot be cancelled, and
        a tick that comes while the last still walks finds nothing (`FolderWatch`)."""
        try:
            changes = watch.poll()
        except Exception as error:  # live reload must never take the reader down
            self._watch_failed(error)
            return
        if changes:
            self.post_message(FilesChanged())

    def on_files_changed(self) -> None:
        self.notify("Digests changed on disk: loading them.", timeout=3)
        self._loading.reload()

    def action_sync_now(self) -> None:
        """Pull every missing day from the sources in the config file."""
        if self._activity.startswith("syncing"):
            self.notify("A sync is already running.", timeout=3)
            return
        self._activity = "syncing…"
        self._update_status()
        self._sync(frozenset(paper.arxiv_id for paper in self.papers))

    @work(thread=True, exclusive=True, group="sync", description="sync sources")
    def _sync(self, known: frozenset[str]) -> None:
        from paper_tui.library import sync_all

        def progress(done: int, total: int) -> None:
            self.post_message(SyncProgressed(done, total))

        try:
            report = sync_all(progress=progress, known_ids=lambda: known)
        except Exception as error:  # a broken source must not take the reader down
            failure = printable(f"{type(error).__name__}: {error}")
            self.post_message(Synced("sync failed", (failure,), False))
            return
        problems = tuple(
            printable(f"{item.what}: {item.reason}") for item in report.failed[:5]
        ) + tuple(printable(warning) for warning in report.warnings[:3])
        self.post_message(Synced(report.summary(), problems, bool(report.files)))

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        """Sync's progress goes in the status line (the list stays as it is)."""
        self._activity = f"syncing {message.done:,}/{message.total:,}"
        self._update_status()

    def on_synced(self, message: Synced) -> None:
        self._activity = ""
        self._update_status()
        self.notify(
            "\n".join((message.summary, *message.problems)),
            title="Synced",
            severity="warning" if message.problems else "information",
            timeout=8,
            markup=False,
        )
        if message.added:
            self._loading.reload()

    def _maybe_sync_on_start(self) -> None:
        from paper_tui.store import load_settings

        try:
            wanted = load_settings().sync_on_start
        except Exception:
            return
        if wanted:
            self.action_sync_now()

    # -- the reading workflow: queue, triage, BibTeX, similar papers --------------------

    triage: var[bool] = var(False, init=False)
    """One paper at a time: b, Q and m act on it and move on; space skips it."""

    def action_toggle_queue(self) -> None:
        found = self._state_and_paper()
        if found is None:
            return
        queued = self._saving(found[0].toggle_queued, found[1].arxiv_id)
        if queued is None:
            return
        self.paper_list.refresh()
        self.notify("Queued" if queued else "Out of the queue", timeout=2)
        self._triage_next()

    def action_toggle_triage(self) -> None:
        self.triage = not self.triage

    def watch_triage(self, triage: bool) -> None:
        self.zoomed = triage
        self.notify(
            "Triage: b star · Q queue · m read · space skip · T ends it"
            if triage
            else "Triage ended",
            timeout=4,
        )

    def action_skip(self) -> None:
        if self.triage:
            self.action_next_paper()

    def _triage_next(self) -> None:
        if self.triage:
            self.action_next_paper()

    def action_copy_bibtex(self) -> None:
        from paper_tui.export import bibtex_entry

        paper = self.highlighted
        if paper is None:
            return
        self.app.copy_to_clipboard(bibtex_entry(paper))
        self.notify(f"BibTeX of {paper.arxiv_id} copied", timeout=3, markup=False)

    def action_similar(self) -> None:
        index = self.paper_list.highlighted_index
        if index is None or not self.loaded:
            return
        self.notify("Finding similar papers…", timeout=2)
        self._find_similar(index)

    @work(thread=True, exclusive=True, group="similar", description="similar papers")
    def _find_similar(self, index: int) -> None:
        try:
            found = self.searcher().similar(index, limit=15, mutes=self.mutes())
        except Exception as error:
            self.post_message(search_failure(error))
            return
        self.post_message(SimilarFound(index, found))

    def on_similar_found(self, message: SimilarFound) -> None:
        from paper_tui.ui.screens.picker import Picker

        if not message.found:
            self.notify("Nothing similar found.", timeout=3)
            return
        lines = []
        for position, score in message.found:
            paper = self.papers[position]
            line = Text(f"{score:4.2f}  ", style="dim")
            line.append(shown_title(paper.title))
            day = paper.date.isoformat() if paper.date else ""
            line.append(f"  {day}", style="dim")
            lines.append(line)
        title = f"Like: {shown_title(self.papers[message.index].title)[:60]}"

        def picked(number: int | None) -> None:
            if number is not None:
                self.go_to_paper(message.found[number][0])

        self.app.push_screen(Picker(title, lines), picked)

    def action_section_column(self) -> None:
        """Pick a section name, then read that section of every listed paper in a column."""
        if not self.loaded or not self.papers:
            return
        self._find_section_choices(self.paper_list.rows, self.papers)

    @work(thread=True, exclusive=True, group="sections", description="section names")
    def _find_section_choices(self, rows: Sequence[int], papers: Sequence[Paper]) -> None:
        from paper_tui.ui.sections_across import section_choices

        choices = section_choices(papers, rows, self.settings.section_names)
        self.post_message(SectionChoicesFound(choices, rows))

    def on_section_choices_found(self, message: SectionChoicesFound) -> None:
        from paper_tui.ui.screens.picker import Picker
        from paper_tui.ui.screens.section_column import SectionColumnScreen

        if not message.choices:
            self.notify("No paper shown has sections.", timeout=3)
            return
        lines = [
            Text(clean_line(name)).append(f"  {count:,} papers", style="dim")
            for name, count in message.choices
        ]
        papers = self.papers

        def opened(row: int | None) -> None:
            if row is not None and papers is self.papers:
                self.go_to_paper(row)

        def picked(number: int | None) -> None:
            if number is None:
                return
            name = message.choices[number][0]
            column = SectionColumnScreen(name, papers, message.rows, self.settings.section_names)
            self.app.push_screen(column, opened)

        self.app.push_screen(Picker("Read one section across the papers shown", lines), picked)

    # -- feeds, mutes and followed authors ----------------------------------------------

    def _feed_entries(self, papers: Sequence[Paper]) -> list[FeedEntry]:
        """The feeds and mutes counted over `papers` (none without reading state).
        Runs every feed's query: call it in a worker."""
        from paper_tui.ui.feeds import feed_entries

        state = self.state
        if state is None or not papers:
            return []
        try:
            return feed_entries(state, self.searcher(), papers)
        except Exception as error:  # a broken feed must not take the reader down
            self.post_message(search_failure(error))
            return []

    def action_feeds(self) -> None:
        """The feeds and mutes, and the search to save as a feed or to mute."""
        if self.state is None:
            self.notify(f"Cannot: {self.session.problem}", severity="warning", markup=False)
            return
        if not self.loaded:
            self.notify("The papers are still loading.", timeout=2)
            return
        self._count_feeds(self.papers, self.search_text)

    @work(thread=True, exclusive=True, group="feeds", description="count feeds")
    def _count_feeds(self, papers: Sequence[Paper], query: str) -> None:
        from paper_tui.search import mute_problem

        entries = self._feed_entries(papers)
        problem = mute_problem(query) if query.strip() else None
        if problem is None and query.strip():
            try:
                if self.searcher().hidden_by(query.strip()) >= len(papers):
                    problem = "it would hide every paper"
            except Exception:  # counted as far as it could: the screen still opens
                pass
        if not get_current_worker().is_cancelled:
            self.post_message(FeedsCounted(entries, query, problem))

    def on_feeds_counted(self, message: FeedsCounted) -> None:
        from paper_tui.ui.screens.feeds import FeedsClosed, FeedsScreen

        if self.app.screen is not self:
            return  # F pressed again while counting, or another screen in front

        def closed(outcome: FeedsClosed | None) -> None:
            if outcome is None:
                return
            if outcome.show is not None:
                self.set_query(outcome.show)
            elif outcome.mutes_changed:
                self._refresh_rows(keep=self.paper_list.highlighted_index)

        if self.state is not None:
            screen = FeedsScreen(message.entries, message.query, message.mute_problem, self.state)
            self.app.push_screen(screen, closed)

    def action_follow_author(self) -> None:
        """Follow (or stop following) some of the paper's authors."""
        from paper_tui.ui.screens.authors import FollowAuthors

        found = self._state_and_paper()
        if found is None:
            return
        state, paper = found
        if not paper.authors:
            self.notify("This paper lists no authors.", timeout=3)
            return

        def closed(changed: bool | None) -> None:
            if not changed:
                return
            self.session.follows_changed()
            self.paper_list.refresh()
            if "followed" in self.search_text:
                self._refresh_rows(keep=self.paper_list.highlighted_index)

        self.app.push_screen(FollowAuthors(paper.authors, state), closed)

    def _sort_label(self) -> str:
        """The order shown: the query's `sort:` when it has one, else the list's."""
        asked = self._outcome.sort if self._outcome is not None else None
        if asked is not None and self.filtered:
            return str(asked)
        return self.order.label(self.ranked)

    def _update_status(self) -> None:
        paper = self.highlighted
        day = "loading…"
        if self.loaded:
            current = paper.date if paper is not None else (self.days[0] if self.days else None)
            day = current.isoformat() if current is not None else "no date"
        self.status = Status(
            day,
            len(self.days),
            len(self.paper_list.rows),
            len(self.papers),
            self._sort_label(),
            self.search_text.strip(),
            self._unread_and_new(),
            self._activity,
        )

    # -- reading state: read, starred, notes ----------------------------------------

    def _restore_position(self) -> None:
        """Put the cursor where the reader was, in the sort they had (after a load)."""
        keep: int | None = None
        if self.state is not None:
            try:
                position = self.state.last_position()
            except Exception:  # a bad setting only loses the position
                position = None
            if position is not None:
                keep = find_position(self.papers, position.day, position.arxiv_id)
        self._restored = True
        if keep is not None or self.order is not SortOrder.DIGEST:
            self._place = "center" if keep is not None else ""
            self._refresh_rows(keep=keep)
        else:
            self._count_rows(self.paper_list.rows)

    def _count_rows(self, rows: Sequence[int]) -> None:
        """The list shows other rows: count their unread papers again (in a thread)."""
        if self.state is not None and self.loaded:
            same = self.session.tally is not None and self._tally_papers is self.papers
            self._count_unread(rows, self.papers, same, self.session.tally_version)

    @work(thread=True, exclusive=True, group="unread", description="count unread")
    def _count_unread(
        self, rows: Sequence[int], papers: Sequence[Paper], same: bool, version: int
    ) -> None:
        counted = self.session.count_unread(rows, papers, same)
        if counted is not None:
            self.post_message(UnreadCounted(counted, rows, papers, version))

    def _app_focus_changed(self, focused: bool) -> None:
        """Back in this terminal: read the state again (another instance may have
        changed it meanwhile), in a thread."""
        if focused and self.state is not None:
            self._refresh_state(self.state)

    @work(thread=True, exclusive=True, group="state-refresh", description="refresh state")
    def _refresh_state(self, state: ReadingState) -> None:
        from paper_tui.store import StateError

        try:
            state.refresh()
        except StateError as error:
            self.post_message(_not_saved(error))
            return
        self.post_message(StateRefreshed())

    def _reading(self) -> bool:
        """True while the reader can be reading the detail: the list or the detail has
        focus, on this screen, in a focused terminal (typing a search is not reading)."""
        return (
            self.is_active
            and self.app.app_focus
            and isinstance(self.focused, (PaperList, PaperDetail))
        )

    def on_descendant_focus(self) -> None:
        self.call_later(self.clock.focus_changed)

    def on_descendant_blur(self) -> None:
        self.call_later(self.clock.focus_changed)

    def on_screen_resume(self) -> None:
        self.call_later(self.clock.focus_changed)

    def on_screen_suspend(self) -> None:
        self.call_later(self.clock.focus_changed)

    def _read_long_enough(self, paper: Paper) -> None:
        if paper is self.detail.paper and paper is self.highlighted:
            self._set_read(paper, True)

    def _set_read(self, paper: Paper, read: bool) -> bool:
        """Mark `paper` read or unread; False (and a notification) when it cannot be saved."""
        changed = self._saving(self.session.set_read, paper, read)
        if changed is None:
            return False
        if changed:
            self.paper_list.refresh()
            self._update_status()
        return True

    def _saving(self, change: Callable[..., T], *arguments: Any) -> T | None:
        """`change(*arguments)`, or None after saying why it could not be saved."""
        from paper_tui.store import StateError

        try:
            return change(*arguments)
        except StateError as error:
            self.on_notice(_not_saved(error))
            return None

    def _state_and_paper(self) -> tuple[ReadingState, Paper] | None:
        """The state and the highlighted paper, or None after saying why not."""
        if self.state is None:
            self.notify(f"Cannot: {self.session.problem}", severity="warning", markup=False)
            return None
        paper = self.highlighted
        if paper is None:
            self.notify("No paper is selected.", severity="warning")
            return None
        return self.state, paper

    def action_toggle_read(self) -> None:
        found = self._state_and_paper()
        if found is None:
            return
        state, paper = found
        self.clock.stop()  # `m` decides: the clock must not mark it read again
        read = not state.is_read(paper.arxiv_id)
        if self._set_read(paper, read):
            self.notify("Marked read" if read else "Marked unread", timeout=2)
            self._triage_next()

    def action_toggle_star(self) -> None:
        found = self._state_and_paper()
        if found is None:
            return
        starred = self._saving(self.session.toggle_star, found[1])
        if starred is None:
            return
        self.paper_list.refresh()
        self.notify("Starred" if starred else "Unstarred", timeout=2)
        self._triage_next()

    def action_edit_note(self) -> None:
        from paper_tui.ui.screens.note import NoteEditor

        found = self._state_and_paper()
        if found is None:
            return
        state, paper = found

        def save(text: str | None) -> None:
            if text is not None:
                self._save_note(paper, text)

        self.app.push_screen(NoteEditor(paper.title, state.note(paper.arxiv_id)), save)

    def _save_note(self, paper: Paper, text: str) -> None:
        if self.state is None:
            return
        noted = self._saving(self.session.set_note, paper, text)
        if noted is None:
            return
        had_note, has_note = noted
        if self.detail.paper is not None and self.detail.paper.arxiv_id == paper.arxiv_id:
            self.detail.show_note(self.session.note(paper))
        self.paper_list.refresh()
        if has_note:
            self.notify("Note saved", timeout=2)
        elif had_note:
            self.notify("Note removed", timeout=2)

    def action_filter_unread(self) -> None:
        self._toggle_filter("unread")

    def action_filter_starred(self) -> None:
        self._toggle_filter("starred")

    def _toggle_filter(self, flag: StateFlag) -> None:
        """Add or remove `is:FLAG` in the query (the bar shows what is on)."""
        from paper_tui.search import has_state_filter, toggle_state_filter

        if self.state is None:
            self.notify(f"Cannot: {self.session.problem}", severity="warning", markup=False)
            return
        query = toggle_state_filter(self.search_text, flag)
        self.set_query(query)
        on = has_state_filter(query, flag)
        self.notify(f"Only {flag} papers" if on else f"{flag.title()} or not", timeout=2)

    def action_save_to_library(self) -> None:
        from paper_tui.ui.saving import save_opened_digests

        if not self._sources:
            from paper_tui.library import sample_digest_path

            sample_path = str(sample_digest_path())
            sample = any(paper.source == sample_path for paper in self.papers[:1])
            what = "the bundled sample" if sample else "the library itself"
            self.notify(f"Nothing to save: this is {what}.", timeout=4)
            return
        self.notify("Saving the digests opened to the library…", timeout=3)
        save_opened_digests(self, self._sources, self._stdin_data)

    # -- remembering ------------------------------------------------------------------

    def _setting(self, key: str) -> Any:
        return self._saving(self.session.setting, key)

    def _save_setting(self, key: str, value: object) -> None:
        self._saving(self.session.save_setting, key, value)

    def _theme_changed(self, theme: Theme) -> None:
        from paper_tui.store import THEME_KEY

        self._save_setting(THEME_KEY, theme.name)

    def _schedule_position_save(self) -> None:
        if not self._restored or self.state is None:
            return
        if self._position_timer is None:
            self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self.save_position)
        else:
            self._position_timer.reset()

    def save_position(self) -> None:
        """Save the day and paper under the cursor, if they changed since the last save."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        paper = self._settled_paper
        if self._restored and paper is not None:
            self._saving(self.session.save_position, paper)

    def on_unmount(self) -> None:
        """Save the position and close the state (the app is quitting)."""
        self.clock.stop()
        self.save_position()
        self.session.close()


def _not_saved(error: Exception) -> Notice:
    return Notice("Not saved", str(error), severity="error", timeout=10)


def _empty_message(result: LoadResult) -> str:
    """Why the list is empty, in the words `paper-tui check` would use."""
    if result.errors and not result.digests:
        return "No papers: every file failed to load."
    reasons = [warning.message for digest in result.digests for warning in digest.warnings]
    if result.digests and reasons:
        source = result.digests[0].source.rsplit("/", 1)[-1]
        return f"No papers in {clean_line(source)}: {clean_line(reasons[0])}"
    if result.digests:
        return "No papers: no paper headings in these files."
    return "No papers: no digest files here."
