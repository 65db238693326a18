"""One block of the search index: matching words against its vocabulary and
gathering their postings.

Built once per load from a run of papers: `paper_tui.search.postings` builds
the arrays, and a `Segment` keeps them (as its `postings`) and searches them.
A query word is matched against the vocabulary only (bisect for prefixes, a
scan of one joined string for infixes and chosung, rapidfuzz `cdist` over
tokens of about the word's length for typos), and the postings of the
matching tokens are gathered with numpy: no paper is looked at one by one,
except to check a quoted phrase on the few papers that hold all of its words.

Postings are one entry per (token, paper, field) in token order: the paper's
position in the block and a field code (title, authors, id, or a section
name); see `Postings`.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from paper_tui.collector import collector_paused
from paper_tui.model import Paper
from paper_tui.search.hangul import (
    CHOSEONG_FIRST,
    SYLLABLE_FIRST,
    SYLLABLES_PER_CHOSEONG,
    chosung_checker,
    chosung_of,
    has_choseong,
    is_choseong,
    unfinished_forms,
)
from paper_tui.search.match import (
    CHOSUNG_EXACT,
    CHOSUNG_INFIX,
    CHOSUNG_PREFIX,
    EXACT,
    FUZZY_ONE,
    FUZZY_TWO,
    INFIX,
    PREFIX,
    UNFINISHED,
    allows_infix,
    fuzzy_budget,
    is_consonants,
    syllables_agree,
    unfinished_pattern,
)
from paper_tui.search.postings import (
    ARXIV_ID,
    AUTHORS,
    FAR,
    FIELD_CODES,
    FIRST_SECTION,
    TITLE,
    Postings,
    Words,
    build_postings,
    field_texts,
    in_chunks,
    word_mask,
)
from paper_tui.search.query import fold_all

IntArray = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]

__all__ = ["ARXIV_ID", "AUTHORS", "FAR", "FIELD_CODES", "FIRST_SECTION", "TITLE", "Segment"]

_WORD_BITS = 64
_MOST_FLAGS = 1 << 24
"""The biggest (text, place) flag table `adjacent` makes (16 MB)."""
_LAST_CHAR = "\U0010ffff"

Cached = TypeVar("Cached", bound=npt.NDArray[Any])


class Segment:
    """The index of a run of papers (positions 0..size-1 within the block):
    its `Postings`, built once, and the searching of them, with a small cache
    of per-word results and the folded texts phrases read.
    """

    postings: Postings
    """The block's vocabulary and posting arrays (read-only; all that is pickled)."""
    size: int
    """Papers in the block (`postings.size`, read on every search of it)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._cache: OrderedDict[Hashable, npt.NDArray[Any]] = OrderedDict()
        self._matches: OrderedDict[tuple[str, bool, bool], tuple[IntArray, Floats]] = (
            OrderedDict()
        )
        self._cache_lock = threading.Lock()
        self._folded: dict[int, tuple[list[str], Bools]] = {}  # see `folded`
        self._papers: Sequence[Paper] = papers
        # Building makes millions of small objects that all stay alive: the cyclic
        # garbage collector would scan them again and again, for nothing (~30%
        # of a build). The pause is counted: overlapping builds (and loads)
        # keep it until the last one ends; the block then lives as long as its papers.
        with collector_paused(long_lived=True):
            self.postings = build_postings(papers)
        self.size = self.postings.size

    @property
    def vocabulary(self) -> Words:
        """`postings.vocabulary`, for readers outside the search package (the
        benchmark's summary counts words)."""
        return self.postings.vocabulary

    @property
    def entry_papers(self) -> npt.NDArray[np.integer]:
        """`postings.entry_papers`, for readers outside the search package (the
        benchmark's summary counts postings)."""
        return self.postings.entry_papers

    # -- a small cache of per-word results ----------------------------------------

    fast: bool = True
    """Whether matching takes its shortcuts (tests compare them with the
    straightforward path, `fast` False, which must find the same)."""

    CACHE_SIZE = 64
    """Word results kept (scores, places, adjacency): while a query is typed, its
    earlier words come from here."""

    def cached(self, key: Hashable, compute: Callable[[], Cached]) -> Cached:
        """`compute()`, remembered under `key` (read-only arrays; thread-safe)."""
        with self._cache_lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return cast(Cached, found)  # stored by a call with the same key
        value = compute()
        value.flags.writeable = False
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._matches.clear()

    def __getstate__(self) -> dict[str, object]:
        """Only the postings: the caches are rebuilt as searches run, and the
        folded texts, most of the index's bytes, only phrases read; they are
        folded again from the papers (given back by `attach`) when first needed."""
        return {"postings": self.postings}

    def __setstate__(self, state: dict[str, object]) -> None:
        postings = state.get("postings")
        if not isinstance(postings, Postings):  # a block pickled in another layout
            raise TypeError("a stored block of the index holds no postings")
        self.postings = postings
        self.size = postings.size
        self._cache = OrderedDict()
        self._matches = OrderedDict()
        self._cache_lock = threading.Lock()
        self._folded = {}
        self._papers = ()

    def attach(self, papers: Sequence[Paper]) -> None:
        """Give an unpickled block its papers back (the same ones, in order)."""
        if len(papers) != self.size:
            raise ValueError("a block of the index got a different number of papers")
        self._papers = papers

    def folded(self, field: int, numbers: IntArray) -> list[str]:
        """The folded texts of a field (TITLE, AUTHORS, ARXIV_ID, or FIRST_SECTION
        for every section, numbered flat in paper order), with at least those
        of `numbers` filled in: phrases fold only the texts that may hold them,
        each once, so the first phrase costs its candidates, not the library."""
        section_starts = self.postings.section_starts
        with self._cache_lock:
            texts = self._folded.get(field)
            if texts is None:
                count = int(section_starts[-1]) if field == FIRST_SECTION else self.size
                texts = ([""] * count, np.zeros(count, dtype=np.bool_))
                self._folded[field] = texts
        values, done = texts
        missing = np.unique(numbers[~done[numbers]])
        if len(missing):
            listed = missing.tolist()
            originals = field_texts(self._papers, section_starts, field, listed)
            for number, text in zip(listed, in_chunks(fold_all, originals), strict=True):
                values[number] = text
            done[missing] = True  # after the values: another thread may be reading
        return values

    # -- words against the vocabulary ----------------------------------------

    def match_word(
        self, word: str, fuzzy: bool = True, unfinished: bool = False
    ) -> tuple[IntArray, Floats]:
        """(token numbers, match qualities) of the vocabulary tokens the folded
        word matches: the same rules as `paper_tui.search.match.token_quality`
        (remembered: scores and the adjacency bonus both ask)."""
        key = (word, fuzzy, unfinished)
        with self._cache_lock:
            found = self._matches.get(key)
            if found is not None:
                self._matches.move_to_end(key)
                return found
        found = self._match_word(word, fuzzy, unfinished)
        with self._cache_lock:
            self._matches[key] = found
            while len(self._matches) > self.CACHE_SIZE:
                self._matches.popitem(last=False)
        return found

    def has_prefix(self, word: str) -> bool:
        """Whether some token of the block equals or starts with the folded word."""
        vocabulary = self.postings.vocabulary
        low = vocabulary.bisect(word)
        return low < len(vocabulary) and vocabulary[low].startswith(word)

    def _match_word(self, word: str, fuzzy: bool, unfinished: bool) -> tuple[IntArray, Floats]:
        postings = self.postings
        vocabulary = postings.vocabulary
        if not word or not vocabulary:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if has_choseong(word):
            return self._match_chosung(word)
        found_ids: list[IntArray] = []
        found_quality: list[Floats] = []
        low = vocabulary.bisect(word)
        high = vocabulary.bisect(word + _LAST_CHAR, low)
        if high > low:
            prefix_ids = np.arange(low, high, dtype=np.int64)
            quality = np.full(high - low, PREFIX, dtype=np.float32)
            if vocabulary[low] == word:
                quality[0] = EXACT
            found_ids.append(prefix_ids)
            found_quality.append(quality)
        forms = unfinished_forms(word) if unfinished else []
        for head, first, last in forms:  # tokens starting with head + a char in [first, last]
            start = vocabulary.bisect(head + first)
            end = vocabulary.bisect(head + chr(ord(last) + 1), start)
            if end > start:
                found_ids.append(np.arange(start, end, dtype=np.int64))
                found_quality.append(np.full(end - start, UNFINISHED, dtype=np.float32))
        if allows_infix(word):
            pattern = unfinished_pattern(word) if forms else None
            if pattern is None and self.fast:
                positions = _literal_places(postings.joined, word)
            else:
                positions = self._positions(
                    postings.joined, re.escape(word) if pattern is None else pattern.pattern
                )
            if len(positions):
                ids = np.searchsorted(postings.token_starts, positions, side="right") - 1
                inside = positions != postings.token_starts[ids]
                found_ids.append(ids[inside])
                found_quality.append(np.full(int(inside.sum()), INFIX, dtype=np.float32))
        budget = fuzzy_budget(word) if fuzzy else 0
        if budget:
            shortest = max(len(word) - budget, 0)
            longest = min(len(word) + budget + 1, len(postings.length_starts) - 1)
            if longest > shortest:
                start = int(postings.length_starts[shortest])
                end = int(postings.length_starts[longest])
                if end > start:
                    close, distances = self._typos(word, budget, start, end)
                    if len(close):
                        found_ids.append(postings.by_length_ids[close])
                        found_quality.append(
                            np.where(distances <= 1, FUZZY_ONE, FUZZY_TWO).astype(np.float32)
                        )
        return _best_per_token(found_ids, found_quality)

    def _typos(self, word: str, budget: int, start: int, end: int) -> tuple[IntArray, IntArray]:
        """(places in `by_length`, distances) of the words of `by_length[start:end]`
        within `budget` typos of `word`. Only the words holding all but at most
        `budget` of the word's characters (`char_masks`) are compared: most of
        a vocabulary is skipped in one numpy pass, before rapidfuzz."""
        postings = self.postings
        if self.fast:
            wanted = np.uint64(word_mask(word))
            lacking = np.bitwise_and(~postings.by_length_masks[start:end], wanted)
            near = np.flatnonzero(np.bitwise_count(lacking) <= budget) + start
            choices = postings.by_length.take(near)
        else:
            near = np.arange(start, end, dtype=np.int64)
            choices = postings.by_length[start:end]
        if not choices:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        distances = process.cdist(
            [word], choices, scorer=OSA.distance, score_cutoff=budget, dtype=np.int32, workers=1
        )[0]
        close = np.flatnonzero(distances <= budget)
        return near[close], distances[close].astype(np.int64)

    def _match_chosung(self, word: str) -> tuple[IntArray, Floats]:
        postings = self.postings
        key = chosung_of(word)
        consonants = is_consonants(word)
        if self.fast:
            positions = (
                self._consonant_places(key) if consonants else self._chosung_places(word)
            )
        else:
            # Consonants alone match at a token's start only. Where syllables are
            # given they must agree, so every place counts, overlapping ones too
            # ("ᄉ술" in "사수술": not at 0, but at 1).
            pattern = "\n" + re.escape(key) if consonants else f"(?={re.escape(key)})"
            positions = self._positions(chosung_of(postings.joined), pattern)
            if consonants:
                positions += 1
        if not len(positions):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        ids = np.searchsorted(postings.token_starts, positions, side="right") - 1
        offsets = positions - postings.token_starts[ids]
        token_lengths = postings.token_starts[ids + 1] - postings.token_starts[ids] - 1
        quality = np.where(
            offsets == 0,
            np.where(token_lengths == len(word), CHOSUNG_EXACT, CHOSUNG_PREFIX),
            CHOSUNG_INFIX,
        ).astype(np.float32)
        if key != word and not self.fast:  # some full syllables: they must agree exactly
            vocabulary = postings.vocabulary
            keep = np.array(
                [
                    syllables_agree(word, vocabulary[number], offset)
                    for number, offset in zip(ids.tolist(), offsets.tolist(), strict=True)
                ],
                dtype=np.bool_,
            )
            ids, quality = ids[keep], quality[keep]
        return _best_per_token([ids], [quality])

    def _consonant_places(self, key: str) -> IntArray:
        """Where in `joined` the tokens start whose initial consonants start with
        `key` (no full syllable): looked for only among the tokens whose first
        character is key's first or a syllable starting with that consonant,
        two runs of the sorted vocabulary, each a stretch of `joined`."""
        postings = self.postings
        vocabulary, starts = postings.vocabulary, postings.token_starts
        pattern = re.compile("\n" + chosung_checker(key).pattern)
        first = ord(key[0])
        syllables = SYLLABLE_FIRST + (first - CHOSEONG_FIRST) * SYLLABLES_PER_CHOSEONG
        runs = [(key[0], chr(first + 1))]
        if is_choseong(key[0]):
            runs.append((chr(syllables), chr(syllables + SYLLABLES_PER_CHOSEONG)))
        found: list[int] = []
        for low_char, end_char in runs:
            low = vocabulary.bisect(low_char)
            high = vocabulary.bisect(end_char, low)
            if high > low:  # from the line break before the run's first token
                begin, end = int(starts[low]) - 1, int(starts[high])
                found += [
                    match.start() + 1
                    for match in pattern.finditer(postings.joined, begin, end)
                ]
        return np.array(found, dtype=np.int64)

    def _chosung_places(self, word: str) -> IntArray:
        """Every place in `joined` where the chosung word (consonants and other
        characters mixed) matches: each consonant any syllable starting with it
        (or itself), the rest itself. Looked for where the word's first run of
        other characters is found literally (few places), each then checked."""
        joined = self.postings.joined
        checker = chosung_checker(word)
        head = next(place for place, char in enumerate(word) if not is_choseong(char))
        tail = head
        while tail < len(word) and not is_choseong(word[tail]):
            tail += 1
        literal = word[head:tail]
        found: list[int] = []
        at = joined.find(literal, head)
        while at >= 0:  # every place, overlapping ones too
            if checker.match(joined, at - head):
                found.append(at - head)
            at = joined.find(literal, at + 1)
        return np.array(found, dtype=np.int64)

    @staticmethod
    def _positions(haystack: str, pattern: str) -> IntArray:
        return np.fromiter(
            (match.start() for match in re.finditer(pattern, haystack)), dtype=np.int64
        )

    # -- postings ---------------------------------------------------------------

    def _entries(
        self, word: str, fuzzy: bool, how: str = "any", unfinished: bool = False
    ) -> tuple[slice | IntArray, Floats] | None:
        """The postings of every token the word matches (`how`: "any" way, or
        only "exact"ly, as a "prefix", or anywhere "inside"): (where they sit
        in the entry arrays, the match quality of each), or None when none."""
        postings = self.postings
        if how == "any":
            ids, quality = self.match_word(word, fuzzy, unfinished)
        elif how == "inside":
            positions = self._positions(postings.joined, re.escape(word))
            ids = np.unique(np.searchsorted(postings.token_starts, positions, side="right") - 1)
            quality = np.full(len(ids), INFIX, dtype=np.float32)
        else:
            vocabulary = postings.vocabulary
            low = vocabulary.bisect(word)
            if how == "exact":
                high = low + int(low < len(vocabulary) and vocabulary[low] == word)
            else:
                high = vocabulary.bisect(word + _LAST_CHAR, low)
            ids = np.arange(low, high, dtype=np.int64)
            quality = np.full(high - low, PREFIX, dtype=np.float32)
        if not len(ids):
            return None
        starts = postings.entry_starts[ids]
        lengths = postings.entry_starts[ids + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return None
        if len(ids) == 1 or (np.all(np.diff(ids) == 1) and np.all(quality == quality[0])):
            qualities = np.full(total, quality[0], dtype=np.float32)
            if len(ids) == 1 or np.all(quality == quality[0]):
                return slice(int(starts[0]), int(starts[0]) + total), qualities
        shifts = starts - (np.cumsum(lengths) - lengths)
        gather = np.repeat(shifts, lengths) + np.arange(total, dtype=np.int64)
        return gather, np.repeat(quality, lengths)

    def word_scores(
        self, word: str, weights: Floats, fuzzy: bool = True, unfinished: bool = False
    ) -> Floats:
        """Per paper of the block, the best field weight x match quality of the word."""
        postings = self.postings
        best = np.zeros(self.size, dtype=np.float32)
        entries = self._entries(word, fuzzy, unfinished=unfinished)
        if entries is not None:
            gather, quality = entries
            values = weights[postings.entry_fields[gather]] * quality
            np.maximum.at(best, postings.entry_papers[gather], values)
        return best

    def text_mask(self, word: str, weights: Floats, how: str) -> Bools:
        """Over paper x slots + slot of field: the texts the word matches in
        (fields of weight 0 left out), where a phrase holding it may be."""
        postings = self.postings
        slots = len(postings.code_of_slot)
        mask = np.zeros(self.size * slots, dtype=np.bool_)
        entries = self._entries(word, fuzzy=False, how=how)
        if entries is not None:
            gather = entries[0]
            fields = postings.entry_fields[gather]
            keys = postings.entry_papers[gather].astype(np.int64) * slots
            keys += postings.slot_of_code[fields]
            mask[keys[weights[fields] > 0]] = True
        return mask

    def first_places(
        self, word: str, weights: Floats, unfinished: bool = False
    ) -> npt.NDArray[np.integer]:
        """Where the word is first met in each text it matches (fields of weight 0
        and places past the first 64 words left out), as text key x 64 + place:
        `adjacent` compares two of these."""
        postings = self.postings
        entries = self._entries(word, fuzzy=True, unfinished=unfinished)
        slots = len(postings.code_of_slot)
        wide = np.int32 if self.size * slots * _WORD_BITS < 1 << 31 else np.int64
        if entries is None:
            return np.zeros(0, dtype=wide)
        gather = entries[0]
        fields = postings.entry_fields[gather]
        places = postings.entry_places[gather]
        wanted = (weights[fields] > 0) & (places < _WORD_BITS)
        fields, places = fields[wanted], places[wanted]
        texts: npt.NDArray[Any] = postings.entry_papers[gather][wanted].astype(wide) * slots
        texts += postings.slot_of_code[fields].astype(wide)
        texts *= _WORD_BITS
        texts += places
        return texts

    def adjacent(
        self, before: npt.NDArray[np.integer], after: npt.NDArray[np.integer], weights: Floats
    ) -> Floats:
        """Per paper, the weight of the best field where a word of `before` is
        directly followed by one of `after` (both from `first_places`)."""
        postings = self.postings
        best = np.zeros(self.size, dtype=np.float32)
        if not len(before) or not len(after):
            return best
        # A flag for each (text, place) right after a word of `before`: plain
        # numpy stores and loads, with no sort (keys span 64 per text).
        slots = len(postings.code_of_slot)
        shifted = before[before % _WORD_BITS < _WORD_BITS - 1] + 1  # never into the next text
        keys = self.size * slots * _WORD_BITS
        if keys <= _MOST_FLAGS:
            following = np.zeros(keys, dtype=np.bool_)
            following[shifted] = True
            found = after[following[after]] // _WORD_BITS
        else:  # many section names: a table that big would cost more than sorting
            found = after[np.isin(after, shifted)] // _WORD_BITS
        np.maximum.at(best, found // slots, weights[postings.code_of_slot[found % slots]])
        return best

    # -- filters ----------------------------------------------------------------

    def id_prefix(self, prefix: str) -> Bools:
        """Papers whose folded arXiv id starts with `prefix`."""
        postings = self.postings
        low = bisect_left(postings.sorted_ids, prefix)
        high = bisect_left(postings.sorted_ids, prefix + _LAST_CHAR, low)
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[postings.id_order[low:high]] = True
        return mask

    def positions_of_ids(self, folded_ids: Sequence[str]) -> tuple[IntArray, IntArray]:
        """(number in `folded_ids`, position in the block) of each paper whose
        folded arXiv id is one of them (an id may be held by several papers)."""
        postings = self.postings
        numbers: list[int] = []
        positions: list[int] = []
        for number, folded in enumerate(folded_ids):
            low = bisect_left(postings.sorted_ids, folded)
            high = low
            while high < len(postings.sorted_ids) and postings.sorted_ids[high] == folded:
                high += 1
            numbers += [number] * (high - low)
            positions += postings.id_order[low:high].tolist()
        return np.array(numbers, dtype=np.int64), np.array(positions, dtype=np.int64)

    def has_sections(self, codes: Sequence[int]) -> Bools:
        """Papers with at least one section of these field codes."""
        if not codes:
            return np.zeros(self.size, dtype=np.bool_)
        section_fields, starts = self.postings.section_fields, self.postings.section_starts
        wanted = np.isin(section_fields, np.array(codes, dtype=section_fields.dtype))
        counts = np.concatenate(([0], np.cumsum(wanted, dtype=np.int64)))
        found: Bools = counts[starts[1:]] > counts[starts[:-1]]
        return found


def _literal_places(haystack: str, word: str) -> IntArray:
    """The places `re.finditer(re.escape(word), haystack)` finds (each search
    going on after the last match), by `str.find`, which scans faster."""
    found: list[int] = []
    at = haystack.find(word) if word else -1
    while at >= 0:
        found.append(at)
        at = haystack.find(word, at + len(word))
    return np.array(found, dtype=np.int64)


def _best_per_token(ids: list[IntArray], quality: list[Floats]) -> tuple[IntArray, Floats]:
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    all_ids = np.concatenate(ids)
    all_quality = np.concatenate(quality)
    if len(ids) == 1 and len(all_ids) < 2:
        return all_ids, all_quality
    order = np.lexsort((-all_quality, all_ids))
    all_ids, all_quality = all_ids[order], all_quality[order]
    first = np.ones(len(all_ids), dtype=np.bool_)
    first[1:] = all_ids[1:] != all_ids[:-1]
    return all_ids[first], all_quality[first]
