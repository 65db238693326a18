"""The reader's reading-state half on screen: the keys (m, b, e, u, B, S), the 2 s
reading clock, notifications, and what is restored on the next start (position,
sort, theme). What is read, starred and noted is in `ReadingSession`.

`MainScreen` inherits this and calls its hooks (`open_state_in_thread` from the
load worker, `state_after_load`, `rows_changed`, `highlight_moved`,
`detail_settled`). The state (`paper_tui.store.reading_state.ReadingState`) is opened off the
first paint; when it cannot be opened the reader still works and the state
keys say why they cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from paper_tui.model import Paper
from paper_tui.ui.clock import ReadingClock
from paper_tui.ui.ordering import SortOrder
from paper_tui.ui.reading import (
    STARRED_FILTER,
    UNREAD_FILTER,
    UnreadTally,
    find_position,
    has_filter,
    toggle_filter,
)
from paper_tui.ui.session import ReadingSession, open_state

if TYPE_CHECKING:
    from paper_tui.search.engine import StateLookup
    from paper_tui.store.reading_state import ReadingState
    from paper_tui.ui.widgets.paper_detail import PaperDetail
    from paper_tui.ui.widgets.paper_list import PaperList

READ_DELAY = 2.0
"""Seconds a paper's detail stays shown before the paper counts as read."""

POSITION_SAVE_DELAY = 0.5
"""The position is saved once the cursor rests this long (and on exit), not per key."""


class ReadingScreen(Screen[None]):
    """Read, star and annotate papers; remember where the reader was."""

    papers: Sequence[Paper]
    loaded: bool
    order: SortOrder
    search_text: str
    reading_state: StateLookup | None

    if TYPE_CHECKING:

        @property
        def paper_list(self) -> PaperList: ...

        @property
        def detail(self) -> PaperDetail: ...

        @property
        def highlighted(self) -> Paper | None: ...

        def set_query(self, text: str) -> None: ...

        def _refresh_rows(self, keep: int | None) -> None: ...

        def _update_status(self) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self.session = ReadingSession()
        self._clock = ReadingClock(
            self.set_timer, lambda: READ_DELAY, self._reading, self._read_long_enough
        )
        self._position_timer: Timer | None = None
        self._restored = False
        self._tally_papers: Sequence[Paper] | None = None
        """The papers the session's tally counted (their ids are reused while they stay)."""
        self._settled_paper: Paper | None = None
        """The paper whose detail was shown last: the position to save (even on exit,
        when the widgets are gone)."""

    # -- opening ----------------------------------------------------------------

    @property
    def state(self) -> ReadingState | None:
        """The open reading state (None while opening or when it cannot open)."""
        return self.session.state

    @property
    def state_problem(self) -> str | None:
        """Why state keys cannot work now (None once the state is open)."""
        return self.session.problem

    def open_state_in_thread(self) -> None:
        """Open the reading state; called from the load worker, before the papers load."""
        state, problem = open_state()
        if state is None:
            self.app.call_from_thread(self._state_failed, problem or "unknown")
        else:
            self.app.call_from_thread(self._state_opened, state)

    def _state_failed(self, message: str) -> None:
        self.session.failed(message)
        self.notify(
            message,
            title="Reading state unavailable: nothing will be saved",
            severity="error",
            timeout=15,
            markup=False,
        )

    def _state_opened(self, state: ReadingState) -> None:
        from paper_tui.store.reading_state import SORT_KEY, THEME_KEY

        self.session.opened(state)
        self.reading_state = state
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
        sort = self._setting(SORT_KEY)
        if isinstance(sort, str) and sort in {order.value for order in SortOrder}:
            self.order = SortOrder(sort)

    def _app_focus_changed(self, focused: bool) -> None:
        """Back in this terminal: read the state again (another instance may have
        changed it meanwhile), in a thread."""
        if focused and self.state is not None:
            self._refresh_state(self.state)

    @work(thread=True, exclusive=True, group="state-refresh", description="refresh state")
    def _refresh_state(self, state: ReadingState) -> None:
        from paper_tui.store.reading_state import StateError

        try:
            state.refresh()
        except StateError as error:
            self.app.call_from_thread(self._save_failed, error)
            return
        self.app.call_from_thread(self._state_refreshed)

    def _state_refreshed(self) -> None:
        self.session.tally_version += 1
        self.paper_list.refresh()
        self.rows_changed(self.paper_list.rows)
        self.detail.show_note(self.session.note(self.detail.paper))

    def _setting(self, key: str) -> Any:
        from paper_tui.store.reading_state import StateError

        try:
            return self.session.setting(key)
        except StateError as error:
            self._save_failed(error)
            return None

    # -- after the load -----------------------------------------------------------

    def state_after_load(self) -> None:
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
            self._refresh_rows(keep=keep)
        else:
            self.rows_changed(self.paper_list.rows)

    def rows_changed(self, rows: Sequence[int]) -> None:
        """The list shows other rows: count their unread papers again (in a thread)."""
        if self.state is not None and self.loaded:
            tally = self.session.tally
            same = tally is not None and self._tally_papers is self.papers
            self._count_unread(rows, self.papers, same, self.session.tally_version)

    @work(thread=True, exclusive=True, group="unread", description="count unread")
    def _count_unread(
        self, rows: Sequence[int], papers: Sequence[Paper], same: bool, version: int
    ) -> None:
        counted = self.session.count_unread(rows, papers, same)
        if counted is not None:
            self.app.call_from_thread(self._unread_counted, counted, rows, papers, version)

    def _unread_counted(
        self, tally: UnreadTally, rows: Sequence[int], papers: Sequence[Paper], version: int
    ) -> None:
        if version != self.session.tally_version:
            self.rows_changed(rows)  # marked meanwhile: count again
            return
        self.session.tally = tally
        self._tally_papers = papers
        self._update_status()

    def unread_label(self) -> str:
        """The status line's unread part ("17 unread": of the papers shown)."""
        return self.session.unread_label(bool(self.papers))

    # -- the cursor and the detail ------------------------------------------------

    def highlight_moved(self) -> None:
        """The cursor moved: the 2 s reading clock starts again with the next detail."""
        self._clock.forget()

    def _reading(self) -> bool:
        """True while the reader can be reading the detail: the list or the detail has
        focus, on this screen, in a focused terminal (typing a search is not reading)."""
        from paper_tui.ui.widgets.paper_detail import PaperDetail
        from paper_tui.ui.widgets.paper_list import PaperList

        return (
            self.is_active
            and self.app.app_focus
            and isinstance(self.focused, (PaperList, PaperDetail))
        )

    def on_descendant_focus(self) -> None:
        self.call_later(self._clock.focus_changed)

    def on_descendant_blur(self) -> None:
        self.call_later(self._clock.focus_changed)

    def on_screen_resume(self) -> None:
        self.call_later(self._clock.focus_changed)

    def on_screen_suspend(self) -> None:
        self.call_later(self._clock.focus_changed)

    def detail_settled(self, paper: Paper | None) -> None:
        """The detail shows `paper`: show its note, start its reading clock (once per
        highlight: moving between sections does not restart it), remember it."""
        self._settled_paper = paper
        self.detail.show_note(self.session.note(paper))
        unread = paper is not None and self.state is not None and not self.session.is_read(paper)
        self._clock.start_for(paper, unread)
        self._schedule_position_save()

    def _read_long_enough(self, paper: Paper) -> None:
        if paper is self.detail.paper and paper is self.highlighted:
            self._set_read(paper, True)

    def _set_read(self, paper: Paper, read: bool) -> bool:
        """Mark `paper` read or unread; False (and a notification) when it cannot be saved."""
        from paper_tui.store.reading_state import StateError

        if self.state is None:
            return False
        try:
            changed = self.session.set_read(paper, read)
        except StateError as error:
            self._save_failed(error)
            return False
        if changed:
            self.paper_list.refresh()
            self._update_status()
        return True

    # -- keys -----------------------------------------------------------------------

    def _state_and_paper(self) -> tuple[ReadingState, Paper] | None:
        """The state and the highlighted paper, or None after saying why not."""
        if self.state is None:
            self.notify(f"Cannot: {self.state_problem}", severity="warning", markup=False)
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
        self._clock.stop()  # `m` decides: the clock must not mark it read again
        read = not state.is_read(paper.arxiv_id)
        if self._set_read(paper, read):
            self.notify("Marked read" if read else "Marked unread", timeout=2)

    def action_toggle_star(self) -> None:
        from paper_tui.store.reading_state import StateError

        found = self._state_and_paper()
        if found is None:
            return
        _, paper = found
        try:
            starred = self.session.toggle_star(paper)
        except StateError as error:
            self._save_failed(error)
            return
        self.paper_list.refresh()
        self.notify("Starred" if starred else "Unstarred", timeout=2)

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
        from paper_tui.store.reading_state import StateError

        if self.state is None:
            return
        try:
            had_note, has_note = self.session.set_note(paper, text)
        except StateError as error:
            self._save_failed(error)
            return
        if self.detail.paper is not None and self.detail.paper.arxiv_id == paper.arxiv_id:
            self.detail.show_note(self.session.note(paper))
        self.paper_list.refresh()
        if has_note:
            self.notify("Note saved", timeout=2)
        elif had_note:
            self.notify("Note removed", timeout=2)

    def action_filter_unread(self) -> None:
        self._toggle_filter(UNREAD_FILTER, "unread")

    def action_filter_starred(self) -> None:
        self._toggle_filter(STARRED_FILTER, "starred")

    def _toggle_filter(self, token: str, name: str) -> None:
        if self.state is None:
            self.notify(f"Cannot: {self.state_problem}", severity="warning", markup=False)
            return
        query = toggle_filter(self.search_text, token)
        self.set_query(query)
        shown = f"Only {name} papers" if has_filter(query, token) else f"{name.title()} or not"
        self.notify(shown, timeout=2)

    def action_save_to_library(self) -> None:
        from paper_tui.ui.saving import save_opened_digests

        save_opened_digests(self, self.papers)

    # -- remembering ----------------------------------------------------------------

    def remember_sort(self) -> None:
        """Save the sort order (the next start uses it)."""
        from paper_tui.store.reading_state import SORT_KEY

        self._save_setting(SORT_KEY, self.order.value)

    def _theme_changed(self, theme: Theme) -> None:
        from paper_tui.store.reading_state import THEME_KEY

        self._save_setting(THEME_KEY, theme.name)

    def _save_setting(self, key: str, value: object) -> None:
        from paper_tui.store.reading_state import StateError

        try:
            self.session.save_setting(key, value)
        except StateError as error:
            self._save_failed(error)

    def _schedule_position_save(self) -> None:
        if not self._restored or self.state is None:
            return
        if self._position_timer is None:
            self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self.save_position)
        else:
            self._position_timer.reset()

    def save_position(self) -> None:
        """Save the day and paper under the cursor, if they changed since the last save."""
        from paper_tui.store.reading_state import StateError

        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        paper = self._settled_paper
        if not self._restored or paper is None:
            return
        try:
            self.session.save_position(paper)
        except StateError as error:
            self._save_failed(error)

    def _save_failed(self, error: Exception) -> None:
        self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)

    def close_state(self) -> None:
        """Save the position and close the state (the app is quitting)."""
        self._clock.stop()
        self.save_position()
        self.session.close()

    def on_unmount(self) -> None:
        self.close_state()
