"""Search over papers: the index, ranking, and the spans to highlight.

    index = SearchIndex.build(papers)            # once per load (~1 s per 30k papers)
    result = index.search("difusion a:kim")      # per keystroke, a few milliseconds
    for hit in result.hits: papers[hit.index], hit.score, hit.title_spans, ...

The query language (words, "phrases", -exclusions, chosung, and the filters
author:/a:, title:/t:, id:, sec:, date:, votes:, is:) is documented in
`paper_tui.query`. Ranking: every word must match somewhere (AND, any order);
each word scores its best field (title 3 > authors 2 = id 2 > sections 1) times
how well it matched (exact 1.0, prefix 0.9, chosung 0.8-0.85, typo 0.5-0.7,
inside a word 0.6); the sum ranks, votes break ties, then the original order.
Filters alone narrow the list and keep its order.

Pure core: never imports Textual. Searching never raises for any query text.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

import numpy as np

from paper_tui.match import Span, is_short, spans_in
from paper_tui.model import Paper
from paper_tui.query import IdPrefix, Query, Range, StateFilter, Term, compact, parse
from paper_tui.segment import (
    ARXIV_ID,
    AUTHORS,
    FIELD_CODES,
    FIRST_SECTION,
    TITLE,
    Bools,
    Floats,
    Segment,
)

TITLE_WEIGHT = 3.0
AUTHORS_WEIGHT = 2.0
ID_WEIGHT = 2.0
SECTIONS_WEIGHT = 1.0

FORMAT_VERSION = 1
"""Bumped whenever the pickled layout of an index changes (cached indexes are rebuilt)."""


class StateLookup(Protocol):
    """Reading state, as the state module provides it."""

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
    _spans: _Spanner | None

    def __init__(
        self,
        index: int,
        score: float,
        title_spans: tuple[Span, ...] = (),
        section_spans: tuple[tuple[Span, ...], ...] = (),
        author_spans: tuple[Span, ...] = (),
        *,
        spans: _Spanner | None = None,
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
        self, indices: Sequence[int], scores: Sequence[float], spans: _Spanner | None
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
    hints for the user (unknown filter, malformed value), and whether the
    query was non-blank."""

    query: str
    hits: Sequence[Hit]
    hints: tuple[str, ...]
    is_filtered: bool

    @property
    def indices(self) -> list[int]:
        """Positions of the hit papers, best first, without making Hit objects."""
        if isinstance(self.hits, HitList):
            return self.hits.indices
        return [hit.index for hit in self.hits]


class _Spanner:
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
            if _section_wanted(compact(section.name), self._sections)
            else ()
            for section in self._papers[index].sections
        )


def _section_wanted(name: str, wanted: Sequence[str]) -> bool:
    return not wanted or any(part in name for part in wanted)


class SearchIndex:
    """Papers prepared for searching: build once per load, search per keystroke.

    Papers are indexed by their position in the sequence given to `build`
    (then `extend`). The index is picklable; `to_bytes`/`from_bytes` store it
    without the papers themselves, which the library cache already keeps.
    """

    MIN_SEGMENT = 4096
    """`extend` merges blocks smaller than this, so many small extends stay cheap to search."""

    def __init__(self) -> None:
        self._papers: list[Paper] = []
        self._segments: list[tuple[int, Segment]] = []  # (position of its first paper, block)

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> SearchIndex:
        """Index `papers` (about 1 s per 30k papers on one core)."""
        index = cls()
        index.extend(papers)
        return index

    def __len__(self) -> int:
        return len(self._papers)

    @property
    def papers(self) -> Sequence[Paper]:
        """The indexed papers, in index order."""
        return self._papers

    def extend(self, papers: Sequence[Paper]) -> None:
        """Index more papers; they take the next positions. Searches see them once
        this returns (call it from one thread at a time)."""
        if not papers:
            return
        start = len(self._papers)
        self._papers.extend(papers)
        segments = list(self._segments)
        if segments and segments[-1][1].size < self.MIN_SEGMENT:
            start = segments.pop()[0]  # a small last block is rebuilt with the new papers
        segments.append((start, Segment(self._papers[start:])))
        self._segments = segments

    def clear_cache(self) -> None:
        """Forget remembered word results (benchmarks measure searches cold)."""
        for _, segment in self._segments:
            segment.clear_cache()

    # -- serialization --------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The index without its papers, for a cache (see `from_bytes`)."""
        return pickle.dumps(
            (FORMAT_VERSION, len(self._papers), self._segments), protocol=pickle.HIGHEST_PROTOCOL
        )

    @classmethod
    def from_bytes(cls, data: bytes, papers: Sequence[Paper]) -> SearchIndex:
        """An index saved by `to_bytes`, reattached to the same papers in the same
        order. Raises ValueError when the data is from another version or another
        set of papers (then build a new one)."""
        try:
            version, count, segments = pickle.loads(data)
        except Exception as error:
            raise ValueError(f"not a search index: {error}") from error
        if version != FORMAT_VERSION or count != len(papers):
            raise ValueError("search index from another version or another set of papers")
        index = cls()
        index._papers = list(papers)
        index._segments = segments
        return index

    # -- searching ------------------------------------------------------------

    def search(
        self, query: str, state: StateLookup | None = None, limit: int | None = None
    ) -> SearchResult:
        """Papers matching `query`, best first; never raises for any query text."""
        parsed = parse(query)
        hints = list(parsed.hints)
        is_filtered = bool(query.strip())
        count = len(self._papers) if limit is None else max(0, min(limit, len(self._papers)))
        if parsed.is_empty:
            everything = HitList(range(count), [0.0] * count, _Spanner(self._papers, Query()))
            return SearchResult(query, everything, tuple(hints), is_filtered)
        for wanted in parsed.sections:
            if not any(
                wanted in name for _, segment in self._segments for name in segment.section_codes
            ):
                hints.append(f"no section named like '{wanted}'")
        if state is None and any(isinstance(f, StateFilter) for f in parsed.filters):
            hints.append("is: filters need reading state, which is not available here")
        alive_parts: list[Bools] = []
        score_parts: list[Floats] = []
        for _, segment in self._segments:
            alive, scores = _evaluate(segment, parsed)
            alive_parts.append(alive)
            score_parts.append(scores)
        if not alive_parts:
            return SearchResult(query, HitList([], [], None), tuple(hints), is_filtered)
        alive = np.concatenate(alive_parts)
        scores = np.concatenate(score_parts)
        candidates = np.flatnonzero(alive)
        if state is not None:
            candidates = self._apply_state(candidates, parsed, state)
        # Filters alone keep the papers' order; words rank them.
        candidates = self._rank(candidates, scores, count) if parsed.terms else candidates[:count]
        hits = HitList(
            candidates.tolist(), scores[candidates].tolist(), _Spanner(self._papers, parsed)
        )
        return SearchResult(query, hits, tuple(hints), is_filtered)

    def _rank(self, candidates: np.ndarray, scores: Floats, limit: int) -> np.ndarray:
        """Candidates by score, then votes, then position; only the best `limit`."""
        votes = np.concatenate([segment.votes for _, segment in self._segments])[candidates]
        keys = np.rint(scores[candidates].astype(np.float64) * 1000).astype(np.int64)
        keys = -(keys * (1 << 21) + np.clip(votes, 0, (1 << 21) - 1))
        if limit < len(candidates):
            threshold = np.partition(keys, limit - 1)[limit - 1] if limit else keys.min() - 1
            chosen = np.flatnonzero(keys <= threshold)
            order = chosen[np.argsort(keys[chosen], kind="stable")][:limit]
        else:
            order = np.argsort(keys, kind="stable")
        return candidates[order]

    def _apply_state(
        self, candidates: np.ndarray, parsed: Query, state: StateLookup
    ) -> np.ndarray:
        """The candidates that pass every is: filter (one set lookup per paper
        when the state offers `starred_ids()`/`read_ids()` snapshots)."""
        flags = [f for f in parsed.filters if isinstance(f, StateFilter)]
        if not flags or not len(candidates):
            return candidates
        papers = self._papers
        ids = [papers[position].arxiv_id for position in candidates.tolist()]
        keep = np.ones(len(ids), dtype=np.bool_)
        for flag in flags:
            starred = flag.flag in ("starred", "unstarred")
            snapshot = getattr(state, "starred_ids" if starred else "read_ids", None)
            test: Callable[[str], bool]
            if callable(snapshot):
                test = frozenset(snapshot()).__contains__
            else:
                test = state.is_starred if starred else state.is_read
            has = np.fromiter(map(test, ids), dtype=np.bool_, count=len(ids))
            wanted = flag.flag in ("starred", "read")
            keep &= (has == wanted) != flag.negated
        kept: np.ndarray = candidates[keep]
        return kept


def _weights(segment: Segment, term: Term, sections: Sequence[str]) -> Floats:
    """Field code -> weight for one term in one block (0 where it may not match)."""
    weights = np.zeros(FIELD_CODES, dtype=np.float32)
    if term.scope == "title":
        weights[TITLE] = TITLE_WEIGHT
        return weights
    if term.scope == "authors":
        weights[AUTHORS] = AUTHORS_WEIGHT
        return weights
    short = not term.phrase and is_short(term.text)
    if sections:
        if not short:
            for name, code in segment.section_codes.items():
                if _section_wanted(name, sections):
                    weights[code] = SECTIONS_WEIGHT
        return weights
    weights[TITLE] = TITLE_WEIGHT
    weights[AUTHORS] = AUTHORS_WEIGHT
    weights[ARXIV_ID] = ID_WEIGHT
    if not short:
        weights[FIRST_SECTION:] = SECTIONS_WEIGHT
    return weights


def _term_scores(segment: Segment, term: Term, sections: Sequence[str], fuzzy: bool) -> Floats:
    def compute() -> Floats:
        weights = _weights(segment, term, sections)
        if term.phrase:
            return segment.phrase_scores(term.text, weights)
        return segment.word_scores(term.text, weights, fuzzy)

    return segment.cached((term, tuple(sections), fuzzy), compute)


def _evaluate(segment: Segment, query: Query) -> tuple[Bools, Floats]:
    """(which papers of the block pass, their scores) for everything but is: filters."""
    alive = np.ones(segment.size, dtype=np.bool_)
    for filter_ in query.filters:
        if isinstance(filter_, StateFilter):
            continue
        if isinstance(filter_, IdPrefix):
            inside = segment.id_prefix(filter_.prefix)
        else:
            inside = _in_range(segment, filter_)
        alive &= inside != filter_.negated
    if query.sections:
        codes = [code for name, code in segment.section_codes.items()
                 if _section_wanted(name, query.sections)]
        alive &= segment.has_sections(codes)
    scores = np.zeros(segment.size, dtype=np.float32)
    for term in query.terms:
        if not alive.any():
            break
        term_scores = _term_scores(segment, term, query.sections, fuzzy=True)
        alive &= term_scores > 0
        scores += term_scores
    for term in query.excluded:
        if not alive.any():
            break
        alive &= ~(_term_scores(segment, term, query.sections, fuzzy=False) > 0)
    return alive, scores


def _in_range(segment: Segment, filter_: Range) -> Bools:
    values = segment.votes if filter_.field == "votes" else segment.dates
    missing = -1 if filter_.field == "votes" else 0
    inside: Bools = values != missing
    if filter_.low is not None:
        inside &= values >= filter_.low
    if filter_.high is not None:
        inside &= values <= filter_.high
    return inside
