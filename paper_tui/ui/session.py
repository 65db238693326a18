"""The reader's reading state as a plain object: read, starred, notes, settings,
the unread tally and the last position, over `paper_tui.store.reading_state.ReadingState`.

The screen owns one `ReadingSession` and does the Textual side (keys, timers,
notifications, workers); this holds no widget and never notifies, so what it
decides is testable alone. Saving raises `StateError`; the screen says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from paper_tui.model import Paper
from paper_tui.text import name_key
from paper_tui.ui.tally import UnreadTally, ids_of
from paper_tui.ui.widgets.paper_list import RowFlags

if TYPE_CHECKING:
    from paper_tui.store import ReadingState

OPENING = "the reading state is still opening"


def open_state() -> tuple[ReadingState | None, str | None]:
    """Open the reading state (in a worker thread): the state, or why it cannot open."""
    from paper_tui.store import ReadingState, StateError, paths

    try:
        return ReadingState.open(), None
    except StateError as error:
        return None, str(error)
    except Exception as error:  # the reader must work without its state, never crash
        return None, f"{paths.state_file()}: {error}"


class ReadingSession:
    """What the reader has read, starred and noted, and where they were."""

    def __init__(self) -> None:
        self.state: ReadingState | None = None
        self.problem: str | None = OPENING
        """Why state keys cannot work now (None once the state is open)."""
        self.tally: UnreadTally | None = None
        self.tally_version = 0
        """Bumped on every change of read papers, so a count started before is redone."""
        self._saved_position: tuple[str | None, str | None] | None = None
        self._followed_keys: frozenset[str] | None = None
        self._followed_papers: dict[str, bool] = {}

    def opened(self, state: ReadingState) -> None:
        self.state = state
        self.problem = None

    def failed(self, message: str) -> None:
        self.problem = f"reading state unavailable ({message})"

    # -- reads ------------------------------------------------------------------------

    def flags(self, paper: Paper) -> RowFlags:
        """How the list marks `paper` (read, starred, noted)."""
        state = self.state
        if state is None:
            return RowFlags()
        arxiv_id = paper.arxiv_id
        return RowFlags(
            state.is_read(arxiv_id),
            state.is_starred(arxiv_id),
            state.has_note(arxiv_id),
            state.is_queued(arxiv_id),
            self._by_followed(state, paper),
        )

    def _by_followed(self, state: ReadingState, paper: Paper) -> bool:
        """Whether an author of `paper` is followed (remembered per paper until the
        follows change: a row is drawn many times)."""
        if self._followed_keys is None:
            self._followed_keys = state.followed_keys()
            self._followed_papers.clear()
        if not self._followed_keys:
            return False
        known = self._followed_papers.get(paper.arxiv_id)
        if known is None:
            keys = self._followed_keys
            known = any(name_key(author) in keys for author in paper.authors)
            self._followed_papers[paper.arxiv_id] = known
        return known

    def follows_changed(self) -> None:
        """An author was followed or unfollowed: rows ask again."""
        self._followed_keys = None

    def note(self, paper: Paper | None) -> str:
        return self.state.note(paper.arxiv_id) if self.state and paper else ""

    def is_read(self, paper: Paper) -> bool:
        return self.state is not None and self.state.is_read(paper.arxiv_id)

    def setting(self, key: str) -> Any:
        """A saved setting, or None (raises `StateError` when it cannot be read)."""
        return self.state.get_setting(key) if self.state is not None else None

    def count_unread(
        self, rows: Sequence[int], papers: Sequence[Paper], same_papers: bool
    ) -> UnreadTally | None:
        """Count the unread papers among `rows` and all `papers` (slow at 90k: a thread);
        `same_papers` when the last tally was of these papers (their ids are kept)."""
        state = self.state
        if state is None:
            return None
        tally = self.tally
        if tally is not None and same_papers and len(tally.all_ids) > 0:
            all_ids = tally.all_ids
        else:
            all_ids = ids_of(papers, range(len(papers)))
        shown = None if len(rows) == len(papers) else ids_of(papers, rows)
        return UnreadTally.count(all_ids, shown, state.read_ids())

    def unread_label(self, has_papers: bool) -> str:
        """The status line's unread part: how many of the papers shown are unread
        (a fraction here would read like a fraction of the list)."""
        tally = self.tally
        if tally is None or not has_papers:
            return ""
        return f"{tally.total if tally.shown_ids is None else tally.shown:,} unread"

    # -- writes (raise StateError) ---------------------------------------------------------

    def set_read(self, paper: Paper, read: bool) -> bool:
        """Mark `paper` read or unread; True when that changed something."""
        state = self.state
        if state is None or state.is_read(paper.arxiv_id) == read:
            return False
        state.set_read(paper.arxiv_id, read)
        self.tally_version += 1
        if self.tally is not None:
            self.tally.marked(paper.arxiv_id, read)
        return True

    def toggle_star(self, paper: Paper) -> bool:
        """Star or unstar `paper`; True when it is starred now."""
        assert self.state is not None
        return self.state.toggle_star(paper.arxiv_id)

    def set_note(self, paper: Paper, text: str) -> tuple[bool, bool]:
        """Save `paper`'s note; (had a note, has one now)."""
        assert self.state is not None
        had_note = self.state.has_note(paper.arxiv_id)
        self.state.set_note(paper.arxiv_id, text)
        return had_note, self.state.has_note(paper.arxiv_id)

    def save_setting(self, key: str, value: object) -> None:
        if self.state is not None:
            self.state.set_setting(key, value)

    def save_position(self, paper: Paper) -> None:
        """Save `paper` (its day and id) as the last position, if it changed."""
        position = (paper.date.isoformat() if paper.date else None, paper.arxiv_id)
        if self.state is None or position == self._saved_position:
            return
        self.state.set_last_position(paper.date, paper.arxiv_id)
        self._saved_position = position

    def close(self) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None
            self.problem = "the reading state is closed"
