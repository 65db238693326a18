"""One block of the search index: a token vocabulary with posting arrays.

Built once per load from a run of papers. A query word is matched against the
vocabulary only (bisect for prefixes, a scan of one joined string for infixes
and chosung, rapidfuzz `cdist` over tokens of about the word's length for
typos), and the postings of the matching tokens are gathered with numpy: no
paper is looked at one by one, except to check a quoted phrase on the few
papers that hold all of its words.

Postings are one entry per (token, paper, field) in token order: the paper's
position in the block and a field code (title, authors, id, or a section name).
"""

from __future__ import annotations

import gc
import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from itertools import chain
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from paper_tui.hangul import chosung_of, has_choseong
from paper_tui.match import (
    CHOSUNG_EXACT,
    CHOSUNG_INFIX,
    CHOSUNG_PREFIX,
    EXACT,
    FUZZY_ONE,
    FUZZY_TWO,
    INFIX,
    PREFIX,
    allows_infix,
    fuzzy_budget,
    syllables_agree,
)
from paper_tui.model import Paper
from paper_tui.query import TOKEN, compact, fold, fold_all, raw_token_lists, token_lists

IntArray = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]

TITLE, AUTHORS, ARXIV_ID = 0, 1, 2
FIRST_SECTION = 3
FIELD_CODES = 256
OTHER_SECTION = FIELD_CODES - 1
"""Section names past the first 252 distinct ones share this code."""

FAR = 255
"""`entry_places` value of a word first met this far into its text or farther
(not looked at for adjacency)."""

_WORD_BITS = 64
_MOST_FLAGS = 1 << 24
"""The biggest (text, place) flag table `adjacent` makes (16 MB)."""
_LAST_CHAR = "\U0010ffff"
_DIGIT = re.compile(r"\d")


CHUNK = 4096
"""Texts handled per C-level call while building: each call holds the GIL, and
the app builds in a worker thread while the user types."""

T = TypeVar("T")
Cached = TypeVar("Cached", bound=npt.NDArray[Any])


def _in_chunks(function: Callable[[Sequence[str]], list[T]], texts: Sequence[str]) -> list[T]:
    """`function(texts)`, CHUNK texts at a time, so no single call runs for long."""
    result: list[T] = []
    for start in range(0, len(texts), CHUNK):
        result.extend(function(texts[start : start + CHUNK]))
    return result


def _counting_order(keys: npt.NDArray[np.int32]) -> IntArray:
    """A stable argsort of non-negative int32 keys in linear time: numpy sorts
    16-bit keys by counting, so split by the high bits (a vocabulary of n words
    has n / 65536 such parts), then count-sort each part by the low 16 bits."""
    if not len(keys) or int(keys.max()) <= 0xFFFF:
        low: IntArray = np.argsort(keys.astype(np.uint16), kind="stable")
        return low
    high = keys >> 16
    parts = []
    for part in range(int(high.max()) + 1):
        members = np.flatnonzero(high == part)
        parts.append(members[np.argsort(keys[members].astype(np.uint16), kind="stable")])
    ordered: IntArray = np.concatenate(parts)
    return ordered


def _date_number(paper: Paper) -> int:
    day = paper.date
    return day.year * 10000 + day.month * 100 + day.day if day else 0


class Segment:
    """The index of a run of papers (positions 0..size-1 within the block)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        # Building makes millions of small objects that all stay alive: the cyclic
        # garbage collector would scan them again and again, for nothing.
        self._cache: OrderedDict[Hashable, npt.NDArray[Any]] = OrderedDict()
        self._matches: OrderedDict[tuple[str, bool], tuple[IntArray, Floats]] = OrderedDict()
        self._cache_lock = threading.Lock()
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(papers)
        finally:
            if collecting:
                gc.enable()

    def _build(self, papers: Sequence[Paper]) -> None:
        # Column by column, with the per-text work in C (map, join, split), since
        # a Python loop over 100k papers x 6 fields costs more than the work itself.
        size = self.size = len(papers)
        self.section_codes: dict[str, int] = {}  # compact section name -> field code
        ids = _in_chunks(fold_all, [paper.arxiv_id for paper in papers])
        section_counts = np.fromiter(
            (len(paper.sections) for paper in papers), dtype=np.int64, count=size
        )
        names = [section.name for paper in papers for section in paper.sections]
        code_of_name = {name: self._section_code(compact(name)) for name in dict.fromkeys(names)}
        section_fields = np.array(list(map(code_of_name.__getitem__, names)), dtype=np.uint8)
        columns = (
            [paper.title for paper in papers],
            [", ".join(paper.authors) for paper in papers],
            [paper.arxiv_id for paper in papers],
            [section.text for paper in papers for section in paper.sections],
        )
        # Words are cut from NFKC text lowercased in ASCII only; each distinct
        # word is then folded (casefold), which costs far less than folding the
        # text. Should a folded word not be one word, fold everything instead.
        lists: list[list[bytes]] = []
        for texts in columns:
            lists.extend(_in_chunks(raw_token_lists, texts))
        distinct: set[bytes] = set()
        for start in range(0, len(lists), CHUNK):
            distinct.update(chain.from_iterable(lists[start : start + CHUNK]))
        folded_of = {
            raw: raw.decode() if raw.isascii() else fold(raw.decode("utf-8", "surrogatepass"))
            for raw in distinct
        }
        del distinct
        if not all(map(TOKEN.fullmatch, folded_of.values())):
            lists = []
            for texts in columns:
                lists.extend(_in_chunks(token_lists, _in_chunks(fold_all, texts)))
            folded_of = {
                raw: raw.decode("utf-8", "surrogatepass") for raw in chain.from_iterable(lists)
            }
        del columns
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        positions = np.arange(size, dtype=np.int32)
        owners = np.concatenate(
            (positions, positions, positions, np.repeat(positions, section_counts))
        )
        codes = np.concatenate(
            (
                np.full(size, TITLE, dtype=np.uint8),
                np.full(size, AUTHORS, dtype=np.uint8),
                np.full(size, ARXIV_ID, dtype=np.uint8),
                section_fields,
            )
        )
        vocabulary = self.vocabulary = sorted(set(folded_of.values()))
        number_of = {word: number for number, word in enumerate(vocabulary)}
        lookup = {raw: number_of[word] for raw, word in folded_of.items()}
        del folded_of, number_of
        token_ids = np.empty(int(counts.sum()), dtype=np.int32)
        filled = 0
        for start in range(0, len(lists), CHUNK):
            chunk = lists[start : start + CHUNK]
            length = int(counts[start : start + CHUNK].sum())
            token_ids[filled : filled + length] = np.fromiter(
                map(lookup.__getitem__, chain.from_iterable(chunk)), dtype=np.int32, count=length
            )
            filled += length
        del lists, lookup
        # Sorted stably by token, the entries of one text stay together: a word
        # repeated in a text is an entry repeated next to itself, dropped here.
        # The first place of each word in its text, for the adjacency bonus: the
        # entry kept for a repeated word is its first, so that is what is stored.
        text_starts = np.cumsum(counts) - counts
        places = np.arange(len(token_ids), dtype=np.int64) - np.repeat(text_starts, counts)
        del text_starts
        order = _counting_order(token_ids)
        token_ids = token_ids[order]
        texts_of_entries = np.repeat(np.arange(len(counts), dtype=np.int32), counts)[order]
        keep = np.ones(len(order), dtype=np.bool_)
        keep[1:] = (token_ids[1:] != token_ids[:-1]) | (
            texts_of_entries[1:] != texts_of_entries[:-1]
        )
        token_ids, texts_of_entries = token_ids[keep], texts_of_entries[keep]
        self.entry_places = np.minimum(places[order[keep]], FAR).astype(np.uint8)
        del order, keep, places
        # Positions within a block of up to 65,536 papers fit in 16 bits: half the
        # bytes of the biggest array.
        narrow = np.uint16 if size <= 1 << 16 else np.int32
        self.entry_papers: npt.NDArray[np.integer] = owners[texts_of_entries].astype(narrow)
        self.entry_fields = codes[texts_of_entries]
        self.entry_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(token_ids, minlength=len(vocabulary)), out=self.entry_starts[1:])

        used = [TITLE, AUTHORS, ARXIV_ID, *sorted(set(self.section_codes.values()))]
        self.code_of_slot = np.array(used, dtype=np.int64)
        self.slot_of_code = np.zeros(FIELD_CODES, dtype=np.int64)
        self.slot_of_code[self.code_of_slot] = np.arange(len(used))
        self.section_starts = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(section_counts, out=self.section_starts[1:])
        self.section_fields = section_fields
        self._folded: dict[int, tuple[list[str], Bools]] = {}  # see `folded`
        self._papers: Sequence[Paper] = papers
        self.votes = np.array([-1 if p.votes is None else p.votes for p in papers], dtype=np.int64)
        self.dates = np.array([_date_number(p) for p in papers], dtype=np.int64)
        self.id_order = np.array(sorted(range(size), key=ids.__getitem__), dtype=np.int64)
        self.sorted_ids = [ids[number] for number in self.id_order.tolist()]

        self.joined = "\n" + "\n".join(vocabulary) + "\n"
        lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
        self.token_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(lengths + 1, out=self.token_starts[1:])
        self.token_starts += 1  # each token starts after its "\n"
        self.chosung_joined = chosung_of(self.joined)
        # Typos are looked for among words without digits only: "2408" is no
        # typo of anything, and ids and numbers are most of a vocabulary.
        wordy = np.flatnonzero(
            np.fromiter(
                (match is None for match in map(_DIGIT.search, vocabulary)),
                dtype=np.bool_,
                count=len(vocabulary),
            )
        )
        by_length = wordy[np.argsort(lengths[wordy], kind="stable")]
        self.by_length = [vocabulary[number] for number in by_length.tolist()]
        self.by_length_ids = by_length
        longest = int(lengths.max()) if len(vocabulary) else 0
        self.length_starts = np.searchsorted(
            lengths[by_length], np.arange(longest + 3), side="left"
        ).astype(np.int64)

    # -- a small cache of per-word results ----------------------------------------

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
        # The folded texts are most of the index's bytes and only phrases read
        # them: they are folded again from the papers when first needed.
        state = dict(self.__dict__)
        for name in ("_cache", "_matches", "_cache_lock", "_folded", "_papers"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
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
        with self._cache_lock:
            texts = self._folded.get(field)
            if texts is None:
                count = int(self.section_starts[-1]) if field == FIRST_SECTION else self.size
                texts = ([""] * count, np.zeros(count, dtype=np.bool_))
                self._folded[field] = texts
        values, done = texts
        missing = np.unique(numbers[~done[numbers]])
        if len(missing):
            listed = missing.tolist()
            for number, text in zip(
                listed, _in_chunks(fold_all, self._originals(field, listed)), strict=True
            ):
                values[number] = text
            done[missing] = True  # after the values: another thread may be reading
        return values

    def _originals(self, field: int, numbers: list[int]) -> list[str]:
        papers = self._papers
        if field == TITLE:
            return [papers[number].title for number in numbers]
        if field == AUTHORS:
            return [", ".join(papers[number].authors) for number in numbers]
        if field == ARXIV_ID:
            return [papers[number].arxiv_id for number in numbers]
        flat = np.array(numbers, dtype=np.int64)
        owners = np.searchsorted(self.section_starts, flat, side="right") - 1
        places = flat - self.section_starts[owners]
        return [
            papers[owner].sections[place].text
            for owner, place in zip(owners.tolist(), places.tolist(), strict=True)
        ]

    def _section_code(self, name: str) -> int:
        code = self.section_codes.get(name)
        if code is None:
            code = FIRST_SECTION + len(self.section_codes)
            code = min(code, OTHER_SECTION)
            self.section_codes[name] = code
        return code

    # -- words against the vocabulary ----------------------------------------

    def match_word(self, word: str, fuzzy: bool = True) -> tuple[IntArray, Floats]:
        """(token numbers, match qualities) of the vocabulary tokens the folded
        word matches: the same rules as `paper_tui.match.token_quality`
        (remembered: scores and the adjacency bonus both ask)."""
        key = (word, fuzzy)
        with self._cache_lock:
            found = self._matches.get(key)
            if found is not None:
                self._matches.move_to_end(key)
                return found
        found = self._match_word(word, fuzzy)
        with self._cache_lock:
            self._matches[key] = found
            while len(self._matches) > self.CACHE_SIZE:
                self._matches.popitem(last=False)
        return found

    def _match_word(self, word: str, fuzzy: bool) -> tuple[IntArray, Floats]:
        if not word or not self.vocabulary:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if has_choseong(word):
            return self._match_chosung(word)
        found_ids: list[IntArray] = []
        found_quality: list[Floats] = []
        low = bisect_left(self.vocabulary, word)
        high = bisect_left(self.vocabulary, word + _LAST_CHAR, low)
        if high > low:
            prefix_ids = np.arange(low, high, dtype=np.int64)
            quality = np.full(high - low, PREFIX, dtype=np.float32)
            if self.vocabulary[low] == word:
                quality[0] = EXACT
            found_ids.append(prefix_ids)
            found_quality.append(quality)
        if allows_infix(word):
            positions = self._positions(self.joined, re.escape(word))
            if len(positions):
                ids = np.searchsorted(self.token_starts, positions, side="right") - 1
                inside = positions != self.token_starts[ids]
                found_ids.append(ids[inside])
                found_quality.append(np.full(int(inside.sum()), INFIX, dtype=np.float32))
        budget = fuzzy_budget(word) if fuzzy else 0
        if budget:
            shortest = max(len(word) - budget, 0)
            longest = min(len(word) + budget + 1, len(self.length_starts) - 1)
            if longest > shortest:
                start = int(self.length_starts[shortest])
                end = int(self.length_starts[longest])
                if end > start:
                    distances = process.cdist(
                        [word],
                        self.by_length[start:end],
                        scorer=OSA.distance,
                        score_cutoff=budget,
                        dtype=np.int32,
                        workers=1,
                    )[0]
                    close = np.flatnonzero(distances <= budget)
                    if len(close):
                        found_ids.append(self.by_length_ids[start + close])
                        found_quality.append(
                            np.where(distances[close] <= 1, FUZZY_ONE, FUZZY_TWO).astype(
                                np.float32
                            )
                        )
        return _best_per_token(found_ids, found_quality)

    def _match_chosung(self, word: str) -> tuple[IntArray, Floats]:
        key = chosung_of(word)
        pattern = re.escape(key)
        if len(key) == 1:
            pattern = "\n" + pattern
        elif key != word:
            # Syllables must agree where they are given, so every place counts,
            # overlapping ones too ("ᄉ술" in "사수술": not at 0, but at 1).
            pattern = f"(?={pattern})"
        positions = self._positions(self.chosung_joined, pattern)
        if len(key) == 1:
            positions += 1
        if not len(positions):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        ids = np.searchsorted(self.token_starts, positions, side="right") - 1
        offsets = positions - self.token_starts[ids]
        token_lengths = self.token_starts[ids + 1] - self.token_starts[ids] - 1
        quality = np.where(
            offsets == 0,
            np.where(token_lengths == len(word), CHOSUNG_EXACT, CHOSUNG_PREFIX),
            CHOSUNG_INFIX,
        ).astype(np.float32)
        if key != word:  # some full syllables: they must agree exactly
            keep = np.array(
                [
                    syllables_agree(word, self.vocabulary[number], offset)
                    for number, offset in zip(ids.tolist(), offsets.tolist(), strict=True)
                ],
                dtype=np.bool_,
            )
            ids, quality = ids[keep], quality[keep]
        return _best_per_token([ids], [quality])

    @staticmethod
    def _positions(haystack: str, pattern: str) -> IntArray:
        return np.fromiter(
            (match.start() for match in re.finditer(pattern, haystack)), dtype=np.int64
        )

    # -- postings ---------------------------------------------------------------

    def _entries(
        self, word: str, fuzzy: bool, how: str = "any"
    ) -> tuple[slice | IntArray, Floats] | None:
        """The postings of every token the word matches (`how`: "any" way, or
        only "exact"ly, as a "prefix", or anywhere "inside"): (where they sit
        in the entry arrays, the match quality of each), or None when none."""
        if how == "any":
            ids, quality = self.match_word(word, fuzzy)
        elif how == "inside":
            positions = self._positions(self.joined, re.escape(word))
            ids = np.unique(np.searchsorted(self.token_starts, positions, side="right") - 1)
            quality = np.full(len(ids), INFIX, dtype=np.float32)
        else:
            low = bisect_left(self.vocabulary, word)
            if how == "exact":
                high = low + int(low < len(self.vocabulary) and self.vocabulary[low] == word)
            else:
                high = bisect_left(self.vocabulary, word + _LAST_CHAR, low)
            ids = np.arange(low, high, dtype=np.int64)
            quality = np.full(high - low, PREFIX, dtype=np.float32)
        if not len(ids):
            return None
        starts = self.entry_starts[ids]
        lengths = self.entry_starts[ids + 1] - starts
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

    def word_scores(self, word: str, weights: Floats, fuzzy: bool = True) -> Floats:
        """Per paper of the block, the best field weight x match quality of the word."""
        best = np.zeros(self.size, dtype=np.float32)
        entries = self._entries(word, fuzzy)
        if entries is not None:
            gather, quality = entries
            values = weights[self.entry_fields[gather]] * quality
            np.maximum.at(best, self.entry_papers[gather], values)
        return best

    def text_mask(self, word: str, weights: Floats, how: str) -> Bools:
        """Over paper x slots + slot of field: the texts the word matches in
        (fields of weight 0 left out), where a phrase holding it may be."""
        slots = len(self.code_of_slot)
        mask = np.zeros(self.size * slots, dtype=np.bool_)
        entries = self._entries(word, fuzzy=False, how=how)
        if entries is not None:
            gather = entries[0]
            fields = self.entry_fields[gather]
            keys = self.entry_papers[gather].astype(np.int64) * slots + self.slot_of_code[fields]
            mask[keys[weights[fields] > 0]] = True
        return mask

    def first_places(self, word: str, weights: Floats) -> npt.NDArray[np.integer]:
        """Where the word is first met in each text it matches (fields of weight 0
        and places past the first 64 words left out), as text key x 64 + place:
        `adjacent` compares two of these."""
        entries = self._entries(word, fuzzy=True)
        slots = len(self.code_of_slot)
        wide = np.int32 if self.size * slots * _WORD_BITS < 1 << 31 else np.int64
        if entries is None:
            return np.zeros(0, dtype=wide)
        gather = entries[0]
        fields = self.entry_fields[gather]
        places = self.entry_places[gather]
        wanted = (weights[fields] > 0) & (places < _WORD_BITS)
        fields, places = fields[wanted], places[wanted]
        texts: npt.NDArray[Any] = self.entry_papers[gather][wanted].astype(wide) * slots
        texts += self.slot_of_code[fields].astype(wide)
        texts *= _WORD_BITS
        texts += places
        return texts

    def adjacent(
        self, before: npt.NDArray[np.integer], after: npt.NDArray[np.integer], weights: Floats
    ) -> Floats:
        """Per paper, the weight of the best field where a word of `before` is
        directly followed by one of `after` (both from `first_places`)."""
        best = np.zeros(self.size, dtype=np.float32)
        if not len(before) or not len(after):
            return best
        # A flag for each (text, place) right after a word of `before`: plain
        # numpy stores and loads, with no sort (keys span 64 per text).
        slots = len(self.code_of_slot)
        shifted = before[before % _WORD_BITS < _WORD_BITS - 1] + 1  # never into the next text
        keys = self.size * slots * _WORD_BITS
        if keys <= _MOST_FLAGS:
            following = np.zeros(keys, dtype=np.bool_)
            following[shifted] = True
            found = after[following[after]] // _WORD_BITS
        else:  # many section names: a table that big would cost more than sorting
            found = after[np.isin(after, shifted)] // _WORD_BITS
        np.maximum.at(best, found // slots, weights[self.code_of_slot[found % slots]])
        return best

    # -- filters ----------------------------------------------------------------

    def id_prefix(self, prefix: str) -> Bools:
        """Papers whose folded arXiv id starts with `prefix`."""
        low = bisect_left(self.sorted_ids, prefix)
        high = bisect_left(self.sorted_ids, prefix + _LAST_CHAR, low)
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[self.id_order[low:high]] = True
        return mask

    def has_sections(self, codes: Sequence[int]) -> Bools:
        """Papers with at least one section of these field codes."""
        if not codes:
            return np.zeros(self.size, dtype=np.bool_)
        wanted = np.isin(self.section_fields, np.array(codes, dtype=np.uint8))
        counts = np.concatenate(([0], np.cumsum(wanted, dtype=np.int64)))
        found: Bools = counts[self.section_starts[1:]] > counts[self.section_starts[:-1]]
        return found


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
