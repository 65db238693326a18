"""Search over papers: the index, ranking, and the spans to highlight.

    index = SearchIndex.build(papers)            # once per load (~4 s per 100k papers)
    result = index.search("difusion a:kim")      # per keystroke, a few milliseconds
    result.indices                               # paper positions, best first
    for hit in result.hits: papers[hit.index], hit.score, hit.title_spans, ...

Modules: `query` parses what was typed, `postings` builds the vocabulary and
posting arrays of a block of the index, `segment` holds a block (its postings,
built under `collector`'s counted GC pause) and matches words against it,
`phrase` checks quoted phrases, `match` holds the per-token rules and computes
spans, `hits` the result types (re-exported here), `hangul` the Korean helpers.

The query language (words, "phrases", -exclusions, chosung, and the filters
author:/a:, title:/t:, id:, sec:, date:, votes:, is:) is documented in
`paper_tui.search.query`. Ranking: every word must match somewhere (AND, any order);
each word scores its best field (title 3 > authors 2 = id 2 > sections 1) times
how well it matched (exact 1.0, prefix 0.9, chosung 0.8-0.85, typo 0.5-0.7,
inside a word 0.6); two words next to each other in the query and found side by
side, in that order, in one text add half that field's weight (so "video
segmentation" in a title outranks both words apart); the sum ranks, votes break
ties, then the original order. Filters alone narrow the list and keep its order.

The index is a list of blocks of at most `SearchIndex.SEGMENT_PAPERS` papers,
each searched on its own: building one briefly holds a Python object per word
of its papers, so small blocks bound a build's peak memory, and a block can be
cached apart (`index_cache.cached_search_index` keys each by the files it holds).

Pure core: never imports Textual. Searching never raises for any query text.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from paper_tui.model import Paper
from paper_tui.search.hits import Hit, HitList, SearchResult, Spanner, StateLookup, section_wanted
from paper_tui.search.match import is_short
from paper_tui.search.phrase import phrase_scores
from paper_tui.search.postings import ARXIV_ID, AUTHORS, FIRST_SECTION, TITLE
from paper_tui.search.query import IdPrefix, Query, Range, StateFilter, Term, parse
from paper_tui.search.segment import Bools, Floats, IntArray, Segment

TITLE_WEIGHT = 3.0
AUTHORS_WEIGHT = 2.0
ID_WEIGHT = 2.0
SECTIONS_WEIGHT = 1.0
ADJACENCY_BONUS = 0.5
"""Times the field's weight, for two query words found side by side and in
order in one text: "video segmentation" in a title outranks both words apart."""

__all__ = ["Hit", "HitList", "SearchIndex", "SearchResult", "StateLookup"]

FORMAT_VERSION = 6
"""Bumped whenever the pickled layout of an index changes (cached indexes are rebuilt).
5: a block pickles as its `Postings` alone."""


class SearchIndex:
    """Papers prepared for searching: build once per load, search per keystroke.

    Papers are indexed by their position in the sequence given to `build`
    (then `extend`). The index is picklable; `to_bytes`/`from_bytes` store it
    without the papers themselves, which the library cache already keeps.
    """

    MIN_SEGMENT = 4096
    """`extend` merges blocks smaller than this, so many small extends stay cheap to search."""

    SEGMENT_PAPERS = 8192
    """Papers per block at most: the peak memory of a build grows with the biggest block,
    a search's time with the number of blocks."""

    def __init__(self) -> None:
        self._papers: list[Paper] = []
        self._segments: list[tuple[int, Segment]] = []  # (position of its first paper, block)

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> SearchIndex:
        """Index `papers` (about 4 s per 100k papers on one core; build it in a
        worker: it holds the GIL only in short steps)."""
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
        # Blocks of bounded size: building one holds a Python object per word of
        # its papers, so the peak memory of a build is set by the biggest block.
        end = len(self._papers)
        pieces = max(1, -(-(end - start) // self.SEGMENT_PAPERS))
        bounds = [start + (end - start) * piece // pieces for piece in range(pieces + 1)]
        for low, high in pairwise(bounds):
            segments.append((low, Segment(self._papers[low:high])))
        self._segments = segments

    def extend_block(self, papers: Sequence[Paper], stored: bytes | None = None) -> bytes | None:
        """Index more papers as one block of their own (never merged with others),
        so the block can be cached apart: by the files its papers come from.

        `stored` is what an earlier call returned for the same papers: it is
        read back instead of building when it is valid for them. Returns the
        block's bytes to store when it was built (None when it was read back or
        `papers` is empty).
        """
        if not papers:
            return None
        start = len(self._papers)
        block: Segment | None = None
        if stored is not None:
            block = _block_from_bytes(stored, papers)
        built = block is None
        if block is None:
            block = Segment(papers)
        self._papers.extend(papers)
        self._segments = [*self._segments, (start, block)]
        if not built:
            return None
        return pickle.dumps((FORMAT_VERSION, block), protocol=pickle.HIGHEST_PROTOCOL)

    @property
    def block_sizes(self) -> list[int]:
        """Papers per block, in order (tests and benchmarks look at the layout)."""
        return [segment.size for _, segment in self._segments]

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
        try:
            for start, segment in segments:
                segment.attach(index._papers[start : start + segment.size])
        except (TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not a search index for these papers: {error}") from error
        index._segments = segments
        return index

    # -- searching ------------------------------------------------------------

    def search(
        self, query: str, state: StateLookup | None = None, limit: int | None = None
    ) -> SearchResult:
        """Papers matching `query`, best first; never raises for any query text."""
        # One snapshot of the blocks for the whole search: `extend` may run in
        # another thread meanwhile and replace the list (never change a block
        # in it), so scores, votes and hints all come from the same blocks.
        segments = self._segments
        parsed = parse(query)
        hints = list(parsed.hints)
        is_filtered = bool(query.strip())
        count = len(self._papers) if limit is None else max(0, min(limit, len(self._papers)))
        if parsed.is_empty:
            everything = HitList(range(count), [0.0] * count, Spanner(self._papers, Query()))
            return SearchResult(query, everything, tuple(hints), is_filtered)
        for wanted, typed in zip(parsed.sections, parsed.typed_sections, strict=True):
            if not any(
                wanted in name for _, segment in segments for name in segment.postings.section_codes
            ):
                hints.append(f'no section named like "{typed}"')
        if parsed.sections and any(
            term.scope == "all" and not term.phrase and is_short(term.text) for term in parsed.terms
        ):
            hints.append('one-letter words are not searched in sections (quote one: "x")')
        if state is None and any(isinstance(f, StateFilter) for f in parsed.filters):
            hints.append("is: filters need reading state, which is not available here")
        alive_parts: list[Bools] = []
        score_parts: list[Floats] = []
        for _, segment in segments:
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
        if parsed.terms:
            candidates = _rank(segments, candidates, scores, count)
        else:
            candidates = candidates[:count]
        hits = HitList(
            candidates.tolist(), scores[candidates].tolist(), Spanner(self._papers, parsed)
        )
        return SearchResult(query, hits, tuple(hints), is_filtered)

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


def _rank(
    segments: Sequence[tuple[int, Segment]], candidates: np.ndarray, scores: Floats, limit: int
) -> np.ndarray:
    """Candidates by score, then votes, then position; only the best `limit`."""
    votes = np.concatenate([segment.postings.votes for _, segment in segments])[candidates]
    keys = np.rint(scores[candidates].astype(np.float64) * 1000).astype(np.int64)
    keys = -(keys * (1 << 21) + np.clip(votes, 0, (1 << 21) - 1))
    if limit < len(candidates):
        threshold = np.partition(keys, limit - 1)[limit - 1] if limit else keys.min() - 1
        chosen = np.flatnonzero(keys <= threshold)
        order = chosen[np.argsort(keys[chosen], kind="stable")][:limit]
    else:
        order = np.argsort(keys, kind="stable")
    return candidates[order]


def _block_from_bytes(data: bytes, papers: Sequence[Paper]) -> Segment | None:
    """A block stored by `extend_block`, given its papers back; None when it is
    unreadable, from another version, or for another number of papers."""
    try:
        version, block = pickle.loads(data)
    except Exception:  # a damaged cache entry is only a miss
        return None
    if version != FORMAT_VERSION or not isinstance(block, Segment) or block.size != len(papers):
        return None
    block.attach(list(papers))
    return block


def _weights(segment: Segment, term: Term, sections: Sequence[str]) -> Floats:
    """Field code -> weight for one term in one block (0 where it may not match)."""
    weights = np.zeros(segment.postings.field_codes, dtype=np.float32)
    if term.scope == "title":
        weights[TITLE] = TITLE_WEIGHT
        return weights
    if term.scope == "authors":
        weights[AUTHORS] = AUTHORS_WEIGHT
        return weights
    short = not term.phrase and is_short(term.text)
    if sections:
        if not short:
            for name, code in segment.postings.section_codes.items():
                if section_wanted(name, sections):
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
            return phrase_scores(segment, term.text, weights)
        return segment.word_scores(term.text, weights, fuzzy)

    return segment.cached((term, tuple(sections), fuzzy), compute)


def _adjacency(segment: Segment, query: Query) -> Floats:
    """Per paper, the summed field weights of each pair of query words (next to
    each other in the query) found next to each other, in order, in one text."""
    total = np.zeros(segment.size, dtype=np.float32)
    terms = query.terms
    for before, after in pairwise(terms):
        if before.phrase or after.phrase:
            continue

        def compute(before: Term = before, after: Term = after) -> Floats:
            weights = np.minimum(
                _weights(segment, before, query.sections), _weights(segment, after, query.sections)
            )
            return segment.adjacent(
                _first_places(segment, before, query.sections),
                _first_places(segment, after, query.sections),
                weights,
            )

        total += segment.cached(("adjacent", before, after, tuple(query.sections)), compute)
    return total


def _first_places(
    segment: Segment, term: Term, sections: Sequence[str]
) -> npt.NDArray[np.integer]:
    def compute() -> npt.NDArray[np.integer]:
        return segment.first_places(term.text, _weights(segment, term, sections))

    return segment.cached(("places", term, tuple(sections)), compute)


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
        codes = [code for name, code in segment.postings.section_codes.items()
                 if section_wanted(name, query.sections)]
        alive &= segment.has_sections(codes)
    scores = np.zeros(segment.size, dtype=np.float32)
    optional = _optional_terms(query)
    for term in query.terms:
        if not alive.any():
            break
        term_scores = _term_scores(segment, term, query.sections, fuzzy=True)
        if term not in optional:
            alive &= term_scores > 0
        scores += term_scores
    if alive.any():
        scores += ADJACENCY_BONUS * _adjacency(segment, query)
    for term in query.excluded:
        if not alive.any():
            break
        alive &= ~(_term_scores(segment, term, query.sections, fuzzy=False) > 0)
    return alive, scores


def _optional_terms(query: Query) -> set[Term]:
    """One-letter words that only add to the score: sections never match them
    (they would match nearly every paper), so requiring them would drop papers
    that say the rest. Alone in a query (no other word or filter), or scoped
    to titles or authors, they stay required."""
    short = {
        term
        for term in query.terms
        if term.scope == "all" and not term.phrase and is_short(term.text)
    }
    if len(short) < len(query.terms) or query.filters or query.sections:
        return short
    return set()


def _in_range(segment: Segment, filter_: Range) -> Bools:
    """The papers whose votes, or any day they were listed on, are in the range."""
    postings = segment.postings
    values = postings.votes if filter_.field == "votes" else postings.dates
    missing = -1 if filter_.field == "votes" else 0
    inside: Bools = _between(values, filter_) & (values != missing)
    if filter_.field == "date" and len(postings.listed_days):
        inside[postings.listed_owners[_between(postings.listed_days, filter_)]] = True
    return inside


def _between(values: IntArray, filter_: Range) -> Bools:
    inside: Bools = np.ones(len(values), dtype=np.bool_)
    if filter_.low is not None:
        inside &= values >= filter_.low
    if filter_.high is not None:
        inside &= values <= filter_.high
    return inside
