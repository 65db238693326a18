"""What a search returns: hits (paper positions, scores, lazily computed spans)
and the result around them. `paper_tui.search.engine` re-exports all of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

from paper_tui.model import Paper
from paper_tui.search.match import Span, spans_in
from paper_tui.search.query import Query, Sort, compact


class StateLookup(Protocol):
    """Reading state, as the state module provides it.

    Only these two are required. A state may also offer snapshots the engine
    uses when present: `starred_ids()`, `read_ids()`, `noted_ids()` and
    `queued_ids()` (collections of ids, for is: filters over many papers; without
    `queued_ids()` or `is_queued(id)` no paper is queued; likewise `new_ids()` or
    `is_new(id)` for `is:new`), `followed_keys()`
    (authors as `text.name_key` gives them) or `followed()` (names), for
    `is:followed`, and the notes, as `notes()` (a mapping id -> text) or
    `noted_ids()` with `note(id)`: free words and `note:` search them,
    `is:noted` asks for them (see `paper_tui.search.notes`).
    """

    def is_starred(self, arxiv_id: str) -> bool: ...

    def is_read(self, arxiv_id: str) -> bool: ...


class Hit:
    """One matching paper: its position in the indexed sequence, its score,
    and the matched spans as [start, end) offsets into the original strings
    (`paper.title`, `paper.sections[i].text`, `", ".join(paper.authors)`).

    Treat it as immutable. A search computes each hit's spans only when they
    are first read, so a result of 100k hits costs nothing until its rows are
    shown. For all positions at once use `SearchResult.indices`, which makes
    no Hit objects.
    """

    __slots__ = ("_authors", "_sections", "_spans", "_title", "index", "score")

    index: int
    score: float
    _title: tuple[Span, ...] | None
    _sections: tuple[tuple[Span, ...], ...] | None
    _authors: tuple[Span, ...] | None
    _spans: Spanner | None

    def __init__(
        self,
        index: int,
        score: float,
        title_spans: tuple[Span, ...] = (),
        section_spans: tuple[tuple[Span, ...], ...] = (),
        author_spans: tuple[Span, ...] = (),
        *,
        spans: Spanner | None = None,
    ) -> None:
        # Plain assignments: a search may make 100k hits, and they must be cheap.
        self.index = index
        self.score = score
        self._spans = spans
        self._title = None if spans else title_spans
        self._sections = None if spans else section_spans
        self._authors = None if spans else author_spans

    @property
    def title_spans(self) -> tuple[Span, ...]:
        """Matches in `paper.title`."""
        if self._title is None:
            assert self._spans is not None
            self._title = self._spans.title(self.index)
        assert self._title is not None
        return self._title

    @property
    def section_spans(self) -> tuple[tuple[Span, ...], ...]:
        """Per section i, the matches in `paper.sections[i].text`."""
        if self._sections is None:
            assert self._spans is not None
            self._sections = self._spans.sections(self.index)
        assert self._sections is not None
        return self._sections

    @property
    def author_spans(self) -> tuple[Span, ...]:
        """Matches in `", ".join(paper.authors)`."""
        if self._authors is None:
            assert self._spans is not None
            self._authors = self._spans.authors(self.index)
        assert self._authors is not None
        return self._authors

    def _key(self) -> tuple[Any, ...]:
        return (self.index, self.score, self.title_spans, self.section_spans, self.author_spans)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Hit(index={self.index}, score={self.score:g}, title_spans={self.title_spans}, "
            f"section_spans={self.section_spans}, author_spans={self.author_spans})"
        )


class HitList(Sequence[Hit]):
    """The hits of a search, best first: a read-only sequence that makes each
    `Hit` when it is first read. `indices` gives all paper positions at once."""

    __slots__ = ("_cache", "_indices", "_scores", "_spans")

    def __init__(
        self, indices: Sequence[int], scores: Sequence[float], spans: Spanner | None
    ) -> None:
        self._indices = indices
        self._scores = scores
        self._spans = spans
        self._cache: dict[int, Hit] = {}

    @property
    def indices(self) -> list[int]:
        """Positions of the hit papers, best first (as `[hit.index for hit in hits]`)."""
        return list(self._indices)

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, item: int) -> Hit: ...

    @overload
    def __getitem__(self, item: slice) -> tuple[Hit, ...]: ...

    def __getitem__(self, item: int | slice) -> Hit | tuple[Hit, ...]:
        if isinstance(item, slice):
            return tuple(self[number] for number in range(*item.indices(len(self))))
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError("hit index out of range")
        hit = self._cache.get(item)
        if hit is None:
            hit = Hit(int(self._indices[item]), float(self._scores[item]), spans=self._spans)
            self._cache[item] = hit
        return hit

    def __iter__(self) -> Iterator[Hit]:
        cache, spans = self._cache, self._spans
        for number, (index, score) in enumerate(zip(self._indices, self._scores, strict=True)):
            yield cache.get(number) or Hit(index, score, spans=spans)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"HitList({len(self)} hits)"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first (every paper in order, no spans, for an empty query),
    hints for the user (unknown filter, malformed value), whether the query
    was non-blank, and the `sort:` it asked for."""

    query: str
    hits: Sequence[Hit]
    hints: tuple[str, ...]
    is_filtered: bool
    sort: Sort | None = None
    """The order the query asked for (`sort:votes`), already applied to `hits`:
    a list showing them should keep it rather than sort them its own way."""
    muted: int = 0
    """How many papers the query matched that mutes hid (0 under `is:muted`)."""

    @property
    def indices(self) -> list[int]:
        """Positions of the hit papers, best first, without making Hit objects."""
        if isinstance(self.hits, HitList):
            return self.hits.indices
        return [hit.index for hit in self.hits]


class Spanner:
    """Computes one hit's spans from the query, on demand."""

    def __init__(self, papers: Sequence[Paper], query: Query) -> None:
        self._papers = papers
        self._sections = query.sections
        free = [term for term in query.terms if term.scope == "all"]
        scoped = bool(query.sections)
        self._title_terms = [t for t in query.terms if t.scope == "title"] + (
            [] if scoped else free
        )
        self._author_terms = [t for t in query.terms if t.scope == "authors"] + (
            [] if scoped else free
        )
        self._section_terms = free

    def title(self, index: int) -> tuple[Span, ...]:
        return spans_in(self._papers[index].title, self._title_terms)

    def authors(self, index: int) -> tuple[Span, ...]:
        return spans_in(", ".join(self._papers[index].authors), self._author_terms)

    def sections(self, index: int) -> tuple[tuple[Span, ...], ...]:
        return tuple(
            spans_in(section.text, self._section_terms, sections=True)
            if section_wanted(compact(section.name), self._sections)
            else ()
            for section in self._papers[index].sections
        )


def section_wanted(name: str, wanted: Sequence[str]) -> bool:
    return not wanted or any(part in name for part in wanted)
