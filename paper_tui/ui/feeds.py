"""Feeds and mutes as the reader lists them: each saved query with how many papers
it finds and how many of those are unread, the built-in feeds (the queue, the
papers of followed authors), and each mute with how many papers it hides.

Counting runs every feed's query, so `feed_entries` is called from a worker;
the screens only draw what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text

from paper_tui.model import Paper
from paper_tui.text import clean_line

if TYPE_CHECKING:
    from paper_tui.store import ReadingState
    from paper_tui.ui.searching import Searcher

EntryKind = Literal["feed", "following", "queue", "mute"]

FOLLOWING_QUERY = "is:followed"
QUEUE_QUERY = "is:queued"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One line of the feeds list: a query to show, with its counts."""

    kind: EntryKind
    name: str
    """The feed's name; for a mute, its query."""
    query: str
    """What Enter searches for (`is:muted` for a mute: the papers mutes hide)."""
    papers: int
    unread: int = 0

    @property
    def removable(self) -> bool:
        """Saved feeds can be forgotten and mutes lifted; built-in feeds stay."""
        return self.kind in ("feed", "mute")


def feed_entries(
    state: ReadingState, searcher: Searcher, papers: Sequence[Paper]
) -> list[FeedEntry]:
    """The built-in feeds that hold something, the saved feeds, then the mutes,
    counted over `papers` (the searcher's). Slow at 100k papers: call in a worker."""
    mutes = state.mutes()
    entries: list[FeedEntry] = []

    def counted(kind: EntryKind, name: str, query: str) -> FeedEntry:
        rows = searcher.search(query, state=state, mutes=mutes).rows
        unread = sum(1 for row in rows if not state.is_read(papers[row].arxiv_id))
        return FeedEntry(kind, name, query, len(rows), unread)

    if state.followed():
        entries.append(counted("following", "Following", FOLLOWING_QUERY))
    if state.queued_ids():
        entries.append(counted("queue", "Queue", QUEUE_QUERY))
    for name, query in state.feeds().items():
        entries.append(counted("feed", name, query))
    for mute in mutes:
        entries.append(FeedEntry("mute", mute, "is:muted", searcher.hidden_by(mute)))
    return entries


def entry_line(entry: FeedEntry) -> Text:
    """`diffusion  12 papers · 3 unread   diffusion -survey`, digest text as data."""
    if entry.kind == "mute":
        line = Text("  muted  ", style="dim")
        line.append(clean_line(entry.name))
        line.append(f"  hides {entry.papers:,}", style="dim")
        return line
    line = Text("  ")
    line.append(clean_line(entry.name), style="bold")
    noun = "paper" if entry.papers == 1 else "papers"
    line.append(f"  {entry.papers:,} {noun}", style="dim")
    if entry.unread:
        line.append(f" · {entry.unread:,} unread")
    if entry.kind == "feed":
        line.append(f"   {clean_line(entry.query)}", style="dim")
    return line
