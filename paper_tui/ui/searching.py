"""The bridge between the screen and the search engine (`paper_tui.search.engine`).

The screen asks for rows, title match spans and hints; this module turns a
`SearchResult` into those. It runs in worker threads only, so the engine
(and numpy under it) is imported off the first-paint path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paper_tui.model import Paper

if TYPE_CHECKING:
    from paper_tui.search import SearchIndex, Sort

IndexMaker = Callable[[Sequence[Paper], "SearchIndex"], object]
"""Fills an empty index with the loaded papers, block by block (the app's reads the
blocks back from the parse cache); a search may run on it meanwhile."""

MUTED_SIMILAR_SLACK = 200
"""How many more similar papers are asked for when mutes may take some away."""

FILL_BLOCK = 4096
"""Papers indexed per step when an index is filled without the cache."""


def fill_in_blocks(index: SearchIndex, papers: Sequence[Paper]) -> None:
    """Index `papers` into `index` a block at a time: searches find each block once
    it is done (the first papers are searchable long before the last)."""
    for start in range(0, len(papers), FILL_BLOCK):
        index.extend_block(papers[start : start + FILL_BLOCK])


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a query means for the list: the rows in rank order, spans, hints,
    and the order the query asked for (`sort:votes`, `sort:-date`), if any:
    `rows` are already in it, so the list should keep them as they are."""

    rows: Sequence[int]
    matches: Mapping[int, Sequence[tuple[int, int]]] = field(default_factory=dict)
    hints: tuple[str, ...] = ()
    filtered: bool = False
    sort: Sort | None = None
    hidden: int = 0
    """Papers the reader's mutes left out of `rows` (`is:muted` shows them)."""


class TitleMatches(Mapping[int, Sequence[tuple[int, int]]]):
    """Title spans by paper position, read from the hits only for rows drawn.

    The engine makes a hit and its spans when first asked, so a filter that
    keeps 90k papers costs one dict here and nothing more until rows show.
    """

    def __init__(self, hits: Sequence[Any], indices: Sequence[int]) -> None:
        self._hits = hits
        self._positions = {index: position for position, index in enumerate(indices)}

    def __getitem__(self, index: int) -> Sequence[tuple[int, int]]:
        return _pairs(self._hits[self._positions[index]].title_spans)

    def matched_words(self, index: int, paper: Paper) -> tuple[str, ...]:
        """The distinct pieces of text the query matched in a paper, for the detail
        to emphasize (its sections are shown rendered, so offsets do not carry)."""
        position = self._positions.get(index)
        if position is None:
            return ()
        hit = self._hits[position]
        found: dict[str, None] = {}
        pieces = [(paper.title, hit.title_spans), (", ".join(paper.authors), hit.author_spans)]
        pieces += list(
            zip((section.text for section in paper.sections), hit.section_spans, strict=False)
        )
        for text, spans in pieces:
            for start, end in _pairs(spans):
                word = text[start:end].strip()
                if word:
                    found.setdefault(word.casefold(), None)
        return tuple(found)

    def __iter__(self) -> Iterator[int]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


class Searcher:
    """Holds the search index of the loaded papers, searchable while it is filled
    (`fill`): a search then ranks the papers indexed so far."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        from paper_tui.search import SearchIndex

        self._index = SearchIndex()
        self._hidden: tuple[tuple[str, ...], frozenset[int]] | None = None

    def fill(self, make_index: IndexMaker | None = None) -> None:
        """Index the papers, block by block (call once, from one thread)."""
        if make_index is not None:
            make_index(self.papers, self._index)
        else:
            fill_in_blocks(self._index, self.papers)

    def similar(
        self, position: int, limit: int = 10, mutes: Sequence[str] = ()
    ) -> list[tuple[int, float]]:
        """The papers most like the one at `position` (tf-idf over titles and summaries,
        built from this index on first use: run it in a worker), none that `mutes` hide."""
        from paper_tui.search import similar_papers

        hidden = set(self._index.muted(mutes)) if mutes else set()
        asked = limit + min(len(hidden), MUTED_SIMILAR_SLACK)
        found = similar_papers(self._index, position, asked)
        return [pair for pair in found if pair[0] not in hidden][:limit]

    def hidden_positions(self, mutes: Sequence[str]) -> frozenset[int]:
        """The positions of the papers `mutes` hide (kept until the mutes change)."""
        key = tuple(mutes)
        if self._hidden is None or self._hidden[0] != key:
            self._hidden = (key, frozenset(self._index.muted(mutes)))
        return self._hidden[1]

    def hidden_by(self, mute: str) -> int:
        """How many of the indexed papers the mute `mute` hides."""
        return len(self._index.muted([mute]))

    @property
    def indexed(self) -> int:
        """How many papers (the first ones) are indexed so far."""
        return len(self._index)

    @property
    def complete(self) -> bool:
        return len(self._index) >= len(self.papers)

    @property
    def progress_hint(self) -> str | None:
        """The hint "indexing… N%" while the index grows, else None."""
        if self.complete:
            return None
        return f"indexing… {100 * self.indexed // max(1, len(self.papers))}%"

    def search(
        self,
        query: str,
        state: Any = None,
        limit: int | None = None,
        mutes: Sequence[str] = (),
    ) -> Outcome:
        """Rank the papers for `query`; an empty query keeps every paper in order.

        Papers matching any of `mutes` are left out (unless the query says
        `is:muted`); with an empty query only once the index is complete, so a
        list is never cut to the papers indexed so far."""
        if not query.strip() and (not mutes or not self.complete):
            return Outcome(range(len(self.papers)))
        growing = self.progress_hint  # read first: the results cover at least this much
        result = self._index.search(query, state=state, limit=limit, mutes=mutes)
        hints = tuple(result.hints) + ((growing,) if growing else ())
        if not result.is_filtered:
            if result.muted:
                return Outcome(result.indices, hints=hints, hidden=result.muted)
            return Outcome(range(len(self.papers)), hints=hints)
        rows = result.indices
        matches = TitleMatches(result.hits, rows)
        return Outcome(rows, matches, hints, True, result.sort, result.muted)


def _pairs(spans: Any) -> list[tuple[int, int]]:
    """Spans as (start, end) pairs, whatever small shape the engine gives them."""
    pairs = []
    for span in spans:
        if isinstance(span, tuple) and len(span) >= 2:
            pairs.append((int(span[0]), int(span[1])))
        elif hasattr(span, "start") and hasattr(span, "end"):
            pairs.append((int(span.start), int(span.end)))
    return pairs
