"""Messages the reader's workers post to the screen (thread-safe: `post_message`).

Workers never call a screen's methods: they report what happened, and the
screen's handlers (`on_papers_loaded`, `on_index_grew`, ...) update its state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message
from textual.notifications import SeverityLevel

from paper_tui.model import LoadResult, Paper

if TYPE_CHECKING:
    from paper_tui.store import ReadingState
    from paper_tui.ui.feeds import FeedEntry
    from paper_tui.ui.searching import Outcome
    from paper_tui.ui.tally import UnreadTally


class StateOpened(Message):
    """The reading state is open (before the papers are loaded)."""

    def __init__(self, state: ReadingState) -> None:
        super().__init__()
        self.state = state


class StateUnavailable(Message):
    """The reading state cannot be opened; the reader works without it."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class StateRefreshed(Message):
    """The reading state was read again (another instance may have changed it)."""


class LoadProgressed(Message):
    """`done` of `total` files are loaded (only for loads worth a progress bar)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class PapersLoaded(Message):
    """The load finished: its papers and the files that failed; or (`partial`) the
    newest day of a long load, readable while the rest loads."""

    def __init__(self, result: LoadResult, partial: bool = False, reloaded: bool = False) -> None:
        super().__init__()
        self.result = result
        self.partial = partial
        self.reloaded = reloaded
        """Loaded again while the app runs (a sync, files changed): keep the reader's place."""


class IndexGrew(Message):
    """More of the loaded papers are searchable (`complete`: all of them)."""

    def __init__(self, indexed: int, complete: bool) -> None:
        super().__init__()
        self.indexed = indexed
        self.complete = complete


class RowsComputed(Message):
    """The rows for a query and sort order, and where the cursor goes."""

    def __init__(
        self, rows: Sequence[int], outcome: Outcome, cursor: int, ranked: bool, query: str
    ) -> None:
        super().__init__()
        self.rows = rows
        self.outcome = outcome
        self.cursor = cursor
        self.ranked = ranked
        """The rows are in the order of the query's words (relevance)."""
        self.query = query
        """The query they answer (a late answer to an older one is dropped)."""


class UnreadCounted(Message):
    """The unread papers of `rows` among `papers`, counted at tally `version`."""

    def __init__(
        self, tally: UnreadTally, rows: Sequence[int], papers: Sequence[Paper], version: int
    ) -> None:
        super().__init__()
        self.tally = tally
        self.rows = rows
        self.papers = papers
        self.version = version


class Notice(Message):
    """What a worker has to tell the reader (a failure, a summary), as a notification."""

    def __init__(
        self, title: str, message: str, severity: SeverityLevel = "error", timeout: float = 5
    ) -> None:
        super().__init__()
        self.title = title
        self.message = message
        self.severity: SeverityLevel = severity
        self.timeout = timeout


class LinkOpened(Message):
    """A browser was asked to open `url`: `opened` unless it failed."""

    def __init__(self, url: str, opened: bool) -> None:
        super().__init__()
        self.url = url
        self.opened = opened


class SaveProgressed(Message):
    """`S`: `done` of `total` files are in the library."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class SyncProgressed(Message):
    """ "Sync now": `done` of `total` days or files are asked of the sources."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class NewCounted(Message):
    """`count` of the loaded papers were first seen after the app's previous start."""

    def __init__(self, count: int, first: bool) -> None:
        super().__init__()
        self.count = count
        self.first = first
        """The count of the first load (said in a notification)."""


class MarkedAllRead(Message):
    """`A`: the shown papers `ids` are read now; `already` were read before (for undo)."""

    def __init__(self, ids: frozenset[str], already: frozenset[str]) -> None:
        super().__init__()
        self.ids = ids
        self.already = already


class ReadChanged(Message):
    """Many papers' read marks changed at once (`A`, its undo)."""


class CalendarReady(Message):
    """The days, weeks and months of the loaded papers, for the days panel."""

    def __init__(self, calendar: object, feeds: Sequence[FeedEntry] = ()) -> None:
        super().__init__()
        self.calendar = calendar
        self.feeds = feeds
        """The feeds (`paper_tui.ui.feeds.FeedEntry`), listed above the days."""


class FeedsCounted(Message):
    """The feeds and mutes with their counts, for the feeds screen; `query`: the
    search in force when asked (to save or mute)."""

    def __init__(
        self, entries: Sequence[FeedEntry], query: str, mute_problem: str | None = None
    ) -> None:
        super().__init__()
        self.entries = entries
        self.query = query
        self.mute_problem = mute_problem
        """Why `query` cannot be a mute (None: it can)."""


class FilesChanged(Message):
    """Digests were added to or changed in the folders being read."""


class Synced(Message):
    """A sync finished: its one-line summary and what failed."""

    def __init__(self, summary: str, problems: tuple[str, ...], added: bool) -> None:
        super().__init__()
        self.summary = summary
        self.problems = problems
        self.added = added


class SimilarFound(Message):
    """The papers most like paper `index`: (position, score), best first."""

    def __init__(self, index: int, found: list[tuple[int, float]]) -> None:
        super().__init__()
        self.index = index
        self.found = found


class SectionChoicesFound(Message):
    """The sections the listed papers have (name, how many), for the section column."""

    def __init__(self, choices: list[tuple[str, int]], rows: Sequence[int]) -> None:
        super().__init__()
        self.choices = choices
        self.rows = rows
