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
author:/a:, title:/t:, id:, sec:, date:, votes:, is:, note:, and sort:) is documented in
`paper_tui.search.query`. Ranking: every word must match somewhere (AND, any order);
each word scores its best field (title 3 > authors 2 = id 2 = the user's note 2 >
sections 1) times how well it matched (exact 1.0, prefix 0.9, an unfinished last
syllable 0.85, chosung 0.8-0.85, typo 0.5-0.7, inside a word 0.6); two words next
to each other in the query and found side by side, in that order, in one text add
half that field's weight (so "video segmentation" in a title outranks both words
apart); the sum ranks, votes break ties, then the original order. Filters alone
narrow the list and keep its order; `sort:` orders by votes, date or title instead.

Mutes (`search(..., mutes=[...])`, queries the reader muted) hide the papers
matching any of them, unless the query has `is:muted`, which shows only them.
Each mute is matched strictly (every word, no typo, no fewer-words fallback, no state),
once per index: the papers they hide are kept until the mutes, the index or
the day change. `is:followed` finds the papers of followed authors through
the authors' postings (`paper_tui.search.authors`), also kept per index.

When no paper has every free word, the search does not come back empty (as
Meilisearch's matching strategy): the papers with the most of them are shown,
those with the earlier-typed words first, with a hint; phrases, scoped words
and filters stay required. A Latin word that nothing in the index equals or
starts with, and that spells Hangul on a 2-set keyboard ("tntnf"), is searched
as that Hangul ("수술"), with a hint.

The index is a list of blocks of at most `SearchIndex.SEGMENT_PAPERS` papers,
each searched on its own: building one briefly holds a Python object per word
of its papers, so small blocks bound a build's peak memory, and a block can be
cached apart (`index_cache.cached_search_index` keys each by the files it holds).

Pure core: never imports Textual. Searching never raises for any query text.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from datetime import date
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from paper_tui.collector import collector_paused
from paper_tui.model import Paper
from paper_tui.search.authors import followed_in_block, followed_keys
from paper_tui.search.hangul import compatibility_jamo
from paper_tui.search.hits import Hit, HitList, SearchResult, Spanner, StateLookup, section_wanted
from paper_tui.search.match import is_short
from paper_tui.search.notes import NoteKey, NoteMatches, notes_of
from paper_tui.search.phrase import phrase_scores
from paper_tui.search.postings import ARXIV_ID, AUTHORS, FIRST_SECTION, TITLE
from paper_tui.search.query import (
    IdPrefix,
    Query,
    Range,
    Sort,
    StateFilter,
    Term,
    mute_problem,
    parse,
)
from paper_tui.search.segment import Bools, Floats, IntArray, Segment

BlockNotes = dict[NoteKey, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]
"""Per term, (positions in one block, score) of the papers whose note it matches."""

TITLE_WEIGHT = 3.0
AUTHORS_WEIGHT = 2.0
ID_WEIGHT = 2.0
SECTIONS_WEIGHT = 1.0
ADJACENCY_BONUS = 0.5
"""Times the field's weight, for two query words found side by side and in
order in one text: "video segmentation" in a title outranks both words apart."""

__all__ = ["Hit", "HitList", "SearchIndex", "SearchResult", "StateLookup"]

FORMAT_VERSION = 8
"""Bumped whenever the pickled layout of an index changes (cached indexes are rebuilt).
5: a block pickles as its `Postings` alone. 7: `Postings.by_length_masks`. 8: no
`chosung_joined`; `vocabulary` and `by_length` cut from `joined` when read back
(since as `postings.Words`, views of `joined`: the stored layout did not change)."""


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
        # name -> (the blocks, the key, the mask) of what `_kept_mask` remembers
        self._masks: dict[str, tuple[list[tuple[int, Segment]], object, Bools]] = {}

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
    def blocks(self) -> list[tuple[int, Segment]]:
        """Each block with the position of its first paper, as a snapshot (`extend`
        replaces the list, never changes a block), for `similar` to read postings."""
        return self._segments

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
        self,
        query: str,
        state: StateLookup | None = None,
        limit: int | None = None,
        *,
        today: date | None = None,
        sort: Sort | None = None,
        mutes: Sequence[str] = (),
    ) -> SearchResult:
        """Papers matching `query`, best first (or in its `sort:` order); never
        raises for any query text. `state` answers is: filters and holds the
        notes searched; `today` is what relative dates count from (the local
        date); `sort`, when given, is the order instead of the query's `sort:`;
        papers matching any of `mutes` (queries) are left out, or under
        `is:muted` are all that is shown (`SearchResult.muted` counts those left out)."""
        # One snapshot of the blocks for the whole search: `extend` may run in
        # another thread meanwhile and replace the list (never change a block
        # in it), so scores, votes and hints all come from the same blocks.
        segments = self._segments
        parsed = parse(query, today=today)
        if sort is not None:
            parsed.sort = sort
        hints = list(parsed.hints)
        is_filtered = bool(query.strip())
        count = len(self._papers) if limit is None else max(0, min(limit, len(self._papers)))
        muted = self._muted(segments, mutes, today) if mutes else None
        if parsed.is_empty and parsed.sort is None:
            if muted is not None and muted.any():
                shown = np.flatnonzero(~muted)
                kept = shown[:count].tolist()
                everything = HitList(kept, [0.0] * len(kept), Spanner(self._papers, Query()))
                hidden = int(muted.sum())
                return SearchResult(query, everything, tuple(hints), is_filtered, muted=hidden)
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
        if state is None and _needs_state(parsed):
            hints.append("is: and note: filters need reading state, which is not available here")
        parsed = _respelled(parsed, segments, hints)
        notes = _note_matches(parsed, state)
        block_notes = [notes.in_block(segment) if notes else {} for _, segment in segments]
        parts = [
            _evaluate(segment, parsed, (), noted)
            for (_, segment), noted in zip(segments, block_notes, strict=True)
        ]
        if not parts:
            nothing = HitList([], [], None)
            return SearchResult(query, nothing, tuple(hints), is_filtered, parsed.sort)
        candidates = np.flatnonzero(np.concatenate([part.alive for part in parts]))
        if state is not None:
            candidates = self._apply_state(candidates, parsed, state)
        fewer: IntArray | None = None  # which words each paper has, when none has them all
        words = _relaxable(parsed)
        if words and not len(candidates):
            # Again with the words optional: their scores come from each block's
            # cache, but for those the first pass skipped once none was left.
            parts = [
                _evaluate(segment, parsed, words, noted)
                for (_, segment), noted in zip(segments, block_notes, strict=True)
            ]
            candidates = np.flatnonzero(np.concatenate([part.alive for part in parts]))
            if state is not None:
                candidates = self._apply_state(candidates, parsed, state)
            held = np.concatenate([part.held for part in parts])[candidates]
            counts = np.bitwise_count(held)
            most = int(counts.max()) if len(counts) else 0
            best = counts == most if most else np.zeros(len(candidates), dtype=np.bool_)
            candidates, fewer = candidates[best], held[best]
            if most:
                found = int(np.bitwise_or.reduce(held))
                hints.append(_fewer_words_hint(parsed, words, most, found))
        hidden = 0
        if parsed.muted_only or muted is not None:
            if muted is None:
                keep = np.zeros(len(candidates), dtype=np.bool_)
            else:
                keep = muted[candidates] if parsed.muted_only else ~muted[candidates]
            hidden = 0 if parsed.muted_only else len(candidates) - int(keep.sum())
            candidates = candidates[keep]
            fewer = fewer[keep] if fewer is not None else None
        scores = np.concatenate([part.scores for part in parts])
        ranked = bool(parsed.terms)
        candidates = _order(
            segments, self._papers, candidates, scores, count, ranked, parsed.sort, fewer
        )
        hits = HitList(
            candidates.tolist(), scores[candidates].tolist(), Spanner(self._papers, parsed)
        )
        return SearchResult(query, hits, tuple(hints), is_filtered, parsed.sort, hidden)

    def muted(self, mutes: Sequence[str], *, today: date | None = None) -> list[int]:
        """Positions of the papers `mutes` hide, in index order (what `is:muted` shows)."""
        mask = self._muted(self._segments, mutes, today)
        return [] if mask is None else np.flatnonzero(mask).tolist()

    def _muted(
        self, segments: list[tuple[int, Segment]], mutes: Sequence[str], today: date | None
    ) -> Bools | None:
        """Per paper, whether a mute hides it (None when no mute can hide anything).
        Kept until the mutes, the blocks or the day change."""
        usable = tuple(dict.fromkeys(m for m in mutes if mute_problem(m) is None))
        if not usable:
            return None
        day = today if today is not None else date.today()

        def compute() -> Bools:
            hidden = np.zeros(sum(segment.size for _, segment in segments), dtype=np.bool_)
            for text in usable:
                parsed = parse(text, today=day)
                hidden |= np.concatenate(
                    [_evaluate(segment, parsed, (), {}, fuzzy=False).alive
                     for _, segment in segments]
                )
            return hidden

        return self._kept_mask("mutes", (usable, day), segments, compute)

    def _followed(self, segments: list[tuple[int, Segment]], keys: frozenset[str]) -> Bools:
        """Per paper, whether an author of it is followed (`keys`: `followed_keys`)."""

        def compute() -> Bools:
            if not keys:
                return np.zeros(len(self._papers), dtype=np.bool_)
            papers = self._papers
            return np.concatenate(
                [followed_in_block(segment.postings, papers, start, keys)
                 for start, segment in segments]
            )

        return self._kept_mask("followed", keys, segments, compute)

    def _kept_mask(
        self,
        name: str,
        key: object,
        segments: list[tuple[int, Segment]],
        compute: Callable[[], Bools],
    ) -> Bools:
        """`compute()`, remembered under `name` while `key` and the blocks stay the same
        (`extend` replaces the block list, so it is compared by identity)."""
        kept = self._masks.get(name)
        if kept is not None and kept[0] is segments and kept[1] == key:
            return kept[2]
        mask = compute()
        self._masks[name] = (segments, key, mask)
        return mask

    def _apply_state(
        self, candidates: np.ndarray, parsed: Query, state: StateLookup
    ) -> np.ndarray:
        """The candidates that pass every is: filter (one set lookup per paper
        when the state offers `starred_ids()`/`read_ids()`/`noted_ids()` snapshots)."""
        flags = [f for f in parsed.filters if isinstance(f, StateFilter) and f.flag != "muted"]
        if not flags or not len(candidates):
            return candidates
        papers = self._papers
        ids = [papers[position].arxiv_id for position in candidates.tolist()]
        keep = np.ones(len(ids), dtype=np.bool_)
        for flag in flags:
            kind = flag.flag.removeprefix("un")
            if kind == "followed":
                has = self._followed(self._segments, _followed_of(state))[candidates]
                keep &= has != flag.negated
                continue
            snapshot = getattr(state, f"{kind}_ids", None)
            test: Callable[[str], bool]
            if callable(snapshot):
                test = frozenset(snapshot()).__contains__
            elif kind == "noted":
                test = frozenset(notes_of(state)).__contains__
            else:
                test = getattr(state, f"is_{kind}", None) or _nothing
            has = np.fromiter(map(test, ids), dtype=np.bool_, count=len(ids))
            wanted = not flag.flag.startswith("un")
            keep &= (has == wanted) != flag.negated
        kept: np.ndarray = candidates[keep]
        return kept


def _nothing(arxiv_id: str) -> bool:
    """A state that cannot say (no `is_queued`): no paper is."""
    return False


def _followed_of(state: StateLookup) -> frozenset[str]:
    """The followed authors a state offers, as `text.name_key` folds them."""
    keys = getattr(state, "followed_keys", None)
    if callable(keys):
        return frozenset(keys())
    names = getattr(state, "followed", None)
    return followed_keys(names()) if callable(names) else frozenset()


def _needs_state(query: Query) -> bool:
    """Whether the query asks what only the reading state can say (`is:muted` asks
    the mutes, given apart)."""
    return any(
        isinstance(one, StateFilter) and one.flag != "muted" for one in query.filters
    ) or any(term.scope == "notes" for term in (*query.terms, *query.excluded))


def _respelled(parsed: Query, segments: Sequence[tuple[int, Segment]], hints: list[str]) -> Query:
    """`parsed` with each Latin word that nothing in the index equals or starts
    with, and that spells Hangul on a 2-set keyboard, searched as that Hangul
    when the Hangul matches something ("tntnf" -> "수술"), with a hint."""
    if not parsed.spelled or not segments:
        return parsed
    swapped: dict[Term, Term] = {}
    for latin, hangul in parsed.spelled.items():
        if latin not in parsed.terms:
            continue  # past the words searched
        if any(segment.has_prefix(latin.text) for _, segment in segments):
            continue
        if any(
            len(segment.match_word(hangul.text, True, hangul.unfinished)[0])
            for _, segment in segments
        ):
            swapped[latin] = hangul
    if not swapped:
        return parsed
    hints.append(
        "searched "
        + ", ".join(
            f"{compatibility_jamo(hangul.text)} for {latin.text}"
            for latin, hangul in swapped.items()
        )
    )
    return dataclasses.replace(parsed, terms=[swapped.get(term, term) for term in parsed.terms])


def _note_matches(parsed: Query, state: StateLookup | None) -> NoteMatches | None:
    """The notes the query's terms match, or None when there is nothing to look for."""
    if state is None:
        return None
    keys = [(term, True) for term in parsed.terms if _searches_notes(term, parsed)]
    keys += [(term, False) for term in parsed.excluded if _searches_notes(term, parsed)]
    if not keys:
        return None
    notes = notes_of(state)
    if not notes:
        return None
    matches = NoteMatches(notes, keys)
    return matches if matches else None


def _searches_notes(term: Term, query: Query) -> bool:
    """`note:` terms, and free words unless sec: narrows them (one-letter ones never)."""
    if term.scope == "notes":
        return True
    return term.scope == "all" and not query.sections and (term.phrase or not is_short(term.text))


def _relaxable(query: Query) -> list[int]:
    """Which terms (numbers in `query.terms`) may be missing from a paper when no
    paper has them all: free words, when there are two or more of them (phrases,
    scoped words and one-letter words are not among them)."""
    optional = _optional_terms(query)
    words = [
        number
        for number, term in enumerate(query.terms)
        if term.scope == "all" and not term.phrase and term not in optional
    ]
    return words if len(words) > 1 else []


def _fewer_words_hint(query: Query, words: Sequence[int], most: int, found: int) -> str:
    """ "no paper has all 3 words; showing those with 2", and the words no paper
    has at all (`found`: the bits of the words some paper has, the first highest)."""
    total = len(words)
    if total == 2:
        text = "no paper has both words; showing those with one"
    else:
        text = f"no paper has all {total} words; showing those with {most}"
    missing = [
        compatibility_jamo(query.terms[number].text)
        for place, number in enumerate(words)
        if not found >> (total - 1 - place) & 1
    ]
    if missing:
        text += "; none has " + ", ".join(f'"{word}"' for word in dict.fromkeys(missing))
    return text


def _order(
    segments: Sequence[tuple[int, Segment]],
    papers: Sequence[Paper],
    candidates: np.ndarray,
    scores: Floats,
    limit: int,
    ranked: bool,
    sort: Sort | None,
    fewer: IntArray | None,
) -> np.ndarray:
    """The best `limit` candidates: by score, then votes, then position (or kept
    in order when nothing `ranked` them); those with earlier words first when
    `fewer` says which words each has; by `sort` first when given."""
    plain = sort is None or (sort.key == "relevance" and not sort.reverse)
    if plain and fewer is None:
        return _rank(segments, candidates, scores, limit) if ranked else candidates[:limit]
    keys: list[npt.NDArray[np.integer]] = []  # the last one first, as np.lexsort reads them
    if ranked:
        keys.append(_relevance(segments, candidates, scores))
    if fewer is not None:
        keys.append(-fewer)
    if sort is not None and sort.key == "relevance" and sort.reverse:
        keys = [-key for key in keys]
    elif sort is not None and sort.key != "relevance":
        keys.append(_sort_key(segments, papers, candidates, sort))
    if not keys:
        return candidates[:limit]
    order = np.lexsort(keys)[:limit]
    chosen: np.ndarray = candidates[order]
    return chosen


def _relevance(
    segments: Sequence[tuple[int, Segment]], candidates: np.ndarray, scores: Floats
) -> IntArray:
    """Per candidate, a key that sorts by score, then votes (smaller first)."""
    votes = np.concatenate([segment.postings.votes for _, segment in segments])[candidates]
    keys = np.rint(scores[candidates].astype(np.float64) * 1000).astype(np.int64)
    relevance: IntArray = -(keys * (1 << 21) + np.clip(votes, 0, (1 << 21) - 1))
    return relevance


def _sort_key(
    segments: Sequence[tuple[int, Segment]],
    papers: Sequence[Paper],
    candidates: np.ndarray,
    sort: Sort,
) -> IntArray:
    """Per candidate, a key that sorts in `sort`'s order (smaller first): papers
    without votes or a date last, either way round."""
    if sort.key == "title":
        titles = [papers[position].title.casefold() for position in candidates.tolist()]
        rank = {title: number for number, title in enumerate(sorted(set(titles)))}
        keys = np.fromiter(map(rank.__getitem__, titles), dtype=np.int64, count=len(titles))
        return -keys if sort.reverse else keys
    field = "votes" if sort.key == "votes" else "dates"
    values = np.concatenate([getattr(segment.postings, field) for _, segment in segments])
    values = values[candidates]
    missing = values < 0 if sort.key == "votes" else values == 0
    wanted = values if sort.reverse else -values
    last = np.iinfo(np.int64).max
    keys_with_missing: IntArray = np.where(missing, last, wanted)
    return keys_with_missing


def _rank(
    segments: Sequence[tuple[int, Segment]], candidates: np.ndarray, scores: Floats, limit: int
) -> np.ndarray:
    """Candidates by score, then votes, then position; only the best `limit`."""
    keys = _relevance(segments, candidates, scores)
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
        with collector_paused(long_lived=True):  # a block lives as long as its papers
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
    if term.scope == "notes":  # notes are not in the index (see `paper_tui.search.notes`)
        return weights
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


def _term_scores(
    segment: Segment, term: Term, sections: Sequence[str], fuzzy: bool, notes: BlockNotes
) -> Floats:
    """Per paper of the block, the term's score: its best field, or its note."""

    def compute() -> Floats:
        if term.scope == "notes":
            return np.zeros(segment.size, dtype=np.float32)
        weights = _weights(segment, term, sections)
        if term.phrase:
            return phrase_scores(segment, term.text, weights)
        return segment.word_scores(term.text, weights, fuzzy, term.unfinished)

    scores = segment.cached((term, tuple(sections), fuzzy), compute)
    noted = notes.get((term, fuzzy))
    if noted is None:
        return scores
    with_notes = scores.copy()
    np.maximum.at(with_notes, noted[0], noted[1])
    return with_notes


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
        return segment.first_places(
            term.text, _weights(segment, term, sections), term.unfinished
        )

    return segment.cached(("places", term, tuple(sections)), compute)


class _Evaluated(NamedTuple):
    """What one block of the index says of a query, but for is: filters."""

    alive: Bools
    """The papers that pass what is required."""
    held: IntArray
    """Which of the words that may be missing each paper has, as bits, the first
    word highest (empty when none may be)."""
    scores: Floats
    """The papers' scores; with the adjacency bonus when every word is required
    (side by side words rank higher only among papers with all of them)."""


def _evaluate(
    segment: Segment,
    query: Query,
    words: Sequence[int],
    notes: BlockNotes,
    fuzzy: bool = True,
) -> _Evaluated:
    """For one block, everything but is: filters; `words` are the numbers in
    `query.terms` of the words that may be missing (none: every word is required);
    `fuzzy`: typos forgiven (not in mutes, which hide only what they say)."""
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
    held = np.zeros(segment.size if words else 0, dtype=np.int64)
    bits = {number: len(words) - 1 - place for place, number in enumerate(words)}
    optional = _optional_terms(query)
    for number, term in enumerate(query.terms):
        if not alive.any():
            break
        term_scores = _term_scores(segment, term, query.sections, fuzzy, notes)
        bit = bits.get(number)
        if bit is not None:
            held |= (term_scores > 0).astype(np.int64) << bit
        elif term not in optional:
            alive &= term_scores > 0
        scores += term_scores
    for term in query.excluded:
        if not alive.any():
            break
        alive &= ~(_term_scores(segment, term, query.sections, False, notes) > 0)
    if not words and alive.any():
        scores += ADJACENCY_BONUS * _adjacency(segment, query)
    return _Evaluated(alive, held, scores)


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
