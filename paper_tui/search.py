"""Search over papers: ranking and match spans (first, simple version).

The query language is described in `paper_tui.query`. This module is pure
core: it never imports Textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from paper_tui.hangul import chosung_of, has_choseong
from paper_tui.model import Paper
from paper_tui.query import TOKEN, IdPrefix, Query, Range, StateFilter, Term, compact, fold, parse

Span = tuple[int, int]

TITLE_WEIGHT = 3.0
AUTHORS_WEIGHT = 2.0
ID_WEIGHT = 2.0
SECTIONS_WEIGHT = 1.0

EXACT = 1.0
PREFIX = 0.9
CHOSUNG_PREFIX = 0.8
INFIX = 0.6
CHOSUNG_INFIX = 0.5
FUZZY_ONE = 0.7
FUZZY_TWO = 0.5


class StateLookup(Protocol):
    """Reading state, as the state module provides it."""

    def is_starred(self, arxiv_id: str) -> bool: ...

    def is_read(self, arxiv_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching paper: its position in the indexed sequence, its score,
    and the matched spans as [start, end) offsets into the original strings."""

    index: int
    score: float
    title_spans: tuple[Span, ...] = ()
    section_spans: tuple[tuple[Span, ...], ...] = ()
    author_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first (all papers in order for an empty query) and hints."""

    query: str
    hits: tuple[Hit, ...]
    hints: tuple[str, ...]
    is_filtered: bool


# -- matching one term against one token -------------------------------------


def fuzzy_budget(term: str) -> int:
    """How many edits a word of this length may have and still match."""
    if len(term) < 4 or has_choseong(term):
        return 0
    return 1 if len(term) < 8 else 2


def token_quality(term: str, token: str) -> float:
    """How well a folded query word matches a folded token (0 = not at all)."""
    if term == token:
        return EXACT
    if has_choseong(term):
        key = chosung_of(term)
        position = chosung_of(token).find(key)
        best = 0.0
        while position >= 0:
            if _syllables_agree(term, token, position):
                best = max(best, CHOSUNG_PREFIX if position == 0 else CHOSUNG_INFIX)
            position = chosung_of(token).find(key, position + 1)
        return best
    if token.startswith(term):
        return PREFIX
    if len(term) > 1 and term in token:
        return INFIX
    budget = fuzzy_budget(term)
    if budget and abs(len(term) - len(token)) <= budget:
        distance = Levenshtein.distance(term, token, score_cutoff=budget)
        if distance <= budget:
            return FUZZY_ONE if distance <= 1 else FUZZY_TWO
    return 0.0


def _syllables_agree(term: str, token: str, position: int) -> bool:
    """Where the term has a full syllable (not a bare consonant), the token has it too."""
    return all(
        char == token[position + offset]
        for offset, char in enumerate(term)
        if not ("\u1100" <= char <= "\u1112")
    )


def token_spans(term: str, token: str) -> list[Span]:
    """Where in `token` the term matched (offsets into the token)."""
    quality = token_quality(term, token)
    if quality in (EXACT, FUZZY_ONE, FUZZY_TWO):
        return [(0, len(token))]
    if quality == 0.0:
        return []
    spans = []
    if has_choseong(term):
        haystack, needle = chosung_of(token), chosung_of(term)
    else:
        haystack, needle = token, term
    position = haystack.find(needle)
    while position >= 0:
        if needle is term or _syllables_agree(term, token, position):
            spans.append((position, position + len(term)))
        position = haystack.find(needle, position + 1)
    return spans


# -- folding with a map back to the original ---------------------------------


def _is_continuation(char: str) -> bool:
    code = ord(char)
    return (
        0x1160 <= code <= 0x11FF
        or 0xD7B0 <= code <= 0xD7FF
        or unicodedata.combining(char) != 0
    )


def fold_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """`fold(text)` plus, for each folded character, the [start, end) of the
    original characters it came from (None, None when offsets are identical)."""
    if text.isascii():
        return text.lower(), None, None
    folded = fold(text)
    if len(folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        return folded, None, None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster_start = 0
    for position in range(1, len(text) + 1):
        if position < len(text) and _is_continuation(text[position]):
            continue
        piece = fold(text[cluster_start:position])
        pieces.append(piece)
        starts.extend([cluster_start] * len(piece))
        ends.extend([position] * len(piece))
        cluster_start = position
    return "".join(pieces), starts, ends


def _spans_in(text: str, terms: Sequence[Term]) -> tuple[Span, ...]:
    """Offsets into `text` of every place one of `terms` matched."""
    if not text or not terms:
        return ()
    folded, starts, ends = fold_with_offsets(text)
    found: list[Span] = []
    words = [term.text for term in terms if not term.phrase]
    phrases = [term.text for term in terms if term.phrase]
    if words:
        for match in TOKEN.finditer(folded):
            token = match.group()
            for word in words:
                for start, end in token_spans(word, token):
                    found.append((match.start() + start, match.start() + end))
    for phrase in phrases:
        for start, end in _phrase_spans(folded, phrase):
            found.append((start, end))
    if starts is not None and ends is not None:
        found = [(starts[start], ends[end - 1]) for start, end in found if end > start]
    return _merge(found)


def _phrase_spans(folded: str, phrase: str) -> list[Span]:
    import re

    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    return [(match.start(), match.end()) for match in re.finditer(pattern, folded)]


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


# -- the index ---------------------------------------------------------------


@dataclass(slots=True)
class _Folded:
    title: str
    authors: str
    arxiv_id: str
    sections: tuple[tuple[str, str], ...]  # (compact name, folded text)


class SearchIndex:
    """Papers prepared for searching; build once per load, query per keystroke."""

    def __init__(self) -> None:
        self._papers: list[Paper] = []
        self._folded: list[_Folded] = []

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> SearchIndex:
        index = cls()
        index.extend(papers)
        return index

    def __len__(self) -> int:
        return len(self._papers)

    def extend(self, papers: Sequence[Paper]) -> None:
        """Index more papers; they get the next positions."""
        for paper in papers:
            self._papers.append(paper)
            self._folded.append(
                _Folded(
                    fold(paper.title),
                    fold(", ".join(paper.authors)),
                    fold(paper.arxiv_id),
                    tuple((compact(s.name), fold(s.text)) for s in paper.sections),
                )
            )

    def search(
        self, query: str, state: StateLookup | None = None, limit: int | None = None
    ) -> SearchResult:
        """Papers matching `query`, best first; never raises for any query text."""
        parsed = parse(query)
        hints = list(parsed.hints)
        if parsed.is_empty:
            count = len(self._papers) if limit is None else min(limit, len(self._papers))
            hits = tuple(Hit(i, 0.0) for i in range(count))
            return SearchResult(query, hits, tuple(hints), False)
        known = {name for folded in self._folded for name, _ in folded.sections}
        for wanted in parsed.sections:
            if not any(wanted in name for name in known):
                hints.append(f"no section named like '{wanted}'")
        needs_state = any(isinstance(f, StateFilter) for f in parsed.filters)
        if needs_state and state is None:
            hints.append("is: filters need reading state, which is not available here")
        scored: list[tuple[float, int, int]] = []
        for position, paper in enumerate(self._papers):
            score = self._score(parsed, position, paper, state)
            if score is not None:
                scored.append((-score, -(paper.votes or 0), position))
        if parsed.terms:
            scored.sort()
        if limit is not None:
            scored = scored[:limit]
        hits = tuple(self._hit(parsed, position, -score) for score, _, position in scored)
        return SearchResult(query, hits, tuple(hints), True)

    def _score(
        self, parsed: Query, position: int, paper: Paper, state: StateLookup | None
    ) -> float | None:
        folded = self._folded[position]
        for filter_ in parsed.filters:
            if not _passes(filter_, paper, folded, state):
                return None
        if parsed.sections and not any(
            any(wanted in name for wanted in parsed.sections) for name, _ in folded.sections
        ):
            return None
        for term in parsed.excluded:
            if self._term_score(term, folded, parsed.sections, fuzzy=False) > 0:
                return None
        total = 0.0
        for term in parsed.terms:
            score = self._term_score(term, folded, parsed.sections)
            if score <= 0:
                return None
            total += score
        return total

    def _term_score(
        self, term: Term, folded: _Folded, sections: list[str], fuzzy: bool = True
    ) -> float:
        def quality(text: str) -> float:
            if term.phrase:
                return EXACT if " ".join(term.text.split()) in " ".join(text.split()) else 0.0
            best = 0.0
            for token in TOKEN.findall(text):
                value = token_quality(term.text, token)
                if not fuzzy and value in (FUZZY_ONE, FUZZY_TWO):
                    value = 0.0
                best = max(best, value)
            return best

        if term.scope == "title":
            return TITLE_WEIGHT * quality(folded.title)
        if term.scope == "authors":
            return AUTHORS_WEIGHT * quality(folded.authors)
        if sections:
            texts = [t for name, t in folded.sections if any(w in name for w in sections)]
            return SECTIONS_WEIGHT * max((quality(t) for t in texts), default=0.0)
        return max(
            TITLE_WEIGHT * quality(folded.title),
            AUTHORS_WEIGHT * quality(folded.authors),
            ID_WEIGHT * quality(folded.arxiv_id),
            SECTIONS_WEIGHT * max((quality(t) for _, t in folded.sections), default=0.0),
        )

    def _hit(self, parsed: Query, position: int, score: float) -> Hit:
        paper = self._papers[position]
        folded = self._folded[position]
        title_terms = [t for t in parsed.terms if t.scope in ("all", "title")]
        author_terms = [t for t in parsed.terms if t.scope in ("all", "authors")]
        section_terms = [t for t in parsed.terms if t.scope == "all"]
        if parsed.sections:
            title_terms = [t for t in parsed.terms if t.scope == "title"]
            author_terms = [t for t in parsed.terms if t.scope == "authors"]
        section_spans = tuple(
            _spans_in(section.text, section_terms)
            if not parsed.sections or any(w in name for w in parsed.sections)
            else ()
            for section, (name, _) in zip(paper.sections, folded.sections, strict=True)
        )
        return Hit(
            position,
            score,
            _spans_in(paper.title, title_terms),
            section_spans,
            _spans_in(", ".join(paper.authors), author_terms),
        )


def _passes(
    filter_: Range | IdPrefix | StateFilter,
    paper: Paper,
    folded: _Folded,
    state: StateLookup | None,
) -> bool:
    if isinstance(filter_, IdPrefix):
        return folded.arxiv_id.startswith(filter_.prefix) != filter_.negated
    if isinstance(filter_, StateFilter):
        if state is None:
            return True
        if filter_.flag in ("starred", "unstarred"):
            value = state.is_starred(paper.arxiv_id) == (filter_.flag == "starred")
        else:
            value = state.is_read(paper.arxiv_id) == (filter_.flag == "read")
        return value != filter_.negated
    if filter_.field == "votes":
        number = paper.votes
    else:
        day = paper.date
        number = day.year * 10000 + day.month * 100 + day.day if day else None
    if number is None:
        return filter_.negated
    inside = (filter_.low is None or number >= filter_.low) and (
        filter_.high is None or number <= filter_.high
    )
    return inside != filter_.negated
