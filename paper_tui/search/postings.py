"""The arrays and tables of one block of the search index, and how they are built.

`Postings` holds them (frozen: built once, never changed, so a block can be
searched from several threads and pickled as it is); `build_postings` makes
them from a run of papers. `paper_tui.search.segment.Segment` searches them;
this module knows nothing of searching, so it does not import `segment`.

Built column by column, with the per-text work in C (map, join, split), since
a Python loop over 100k papers x 6 fields costs more than the work itself:
words are cut from whole columns, each distinct word is folded once, and the
postings are sorted by token with a linear counting sort.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TypeVar, overload

import numpy as np
import numpy.typing as npt

from paper_tui.model import Paper
from paper_tui.search.query import TOKEN, compact, fold, fold_all, raw_token_lists, token_lists

IntArray = npt.NDArray[np.int64]

TITLE, AUTHORS, ARXIV_ID = 0, 1, 2
FIRST_SECTION = 3
FIELD_CODES = 256
"""Field codes of a block with up to 253 distinct section names, one byte per
posting; a block with more section names widens its codes to two bytes
(`Postings.field_codes`), so every name keeps its own code."""

FAR = 255
"""`entry_places` value of a word first met this far into its text or farther
(not looked at for adjacency)."""

_DIGIT = re.compile(r"\d")

CHUNK = 4096
"""Texts handled per C-level call while building: each call holds the GIL, and
the app builds in a worker thread while the user types."""

T = TypeVar("T")


def in_chunks(function: Callable[[Sequence[str]], list[T]], texts: Sequence[str]) -> list[T]:
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


def _listed_days(papers: Sequence[Paper]) -> tuple[IntArray, IntArray]:
    """(days, owners) of the days papers were listed on besides their first."""
    days: list[int] = []
    owners: list[int] = []
    for position, paper in enumerate(papers):
        if len(paper.appearances) < 2:
            continue
        first = _date_number(paper)
        for day in {one.date for one in paper.appearances if one.date is not None}:
            number = day.year * 10000 + day.month * 100 + day.day
            if number != first:
                days.append(number)
                owners.append(position)
    return np.array(days, dtype=np.int64), np.array(owners, dtype=np.int64)


def _section_code(section_codes: dict[str, int], name: str) -> int:
    code = section_codes.get(name)
    if code is None:
        code = FIRST_SECTION + len(section_codes)
        section_codes[name] = code
    return code


def field_texts(
    papers: Sequence[Paper], section_starts: IntArray, field: int, numbers: list[int]
) -> list[str]:
    """The original texts of a field (TITLE, AUTHORS, ARXIV_ID, or FIRST_SECTION
    for every section, numbered flat in paper order) at `numbers`: the column
    a block was built from, read again for phrases."""
    if field == TITLE:
        return [papers[number].title for number in numbers]
    if field == AUTHORS:
        return [", ".join(papers[number].authors) for number in numbers]
    if field == ARXIV_ID:
        return [papers[number].arxiv_id for number in numbers]
    flat = np.array(numbers, dtype=np.int64)
    owners = np.searchsorted(section_starts, flat, side="right") - 1
    places = flat - section_starts[owners]
    return [
        papers[owner].sections[place].text
        for owner, place in zip(owners.tolist(), places.tolist(), strict=True)
    ]


class Words(Sequence[str]):
    """The words of a block's `joined` (one per line), in token order or at
    chosen token numbers, each cut from `joined` when asked.

    A block's vocabulary as a list would be a Python string per word: ~230 MB
    at 95k papers (2.6 million words over the blocks), most of the index's
    memory, and a split of every block on a warm start. Searching looks at a
    few dozen words per query word (bisect, the typo candidates), so they are
    cut as needed.
    """

    __slots__ = ("_joined", "_numbers", "_sample", "_starts")

    SAMPLE = 64
    """Every SAMPLE-th word is kept as a string, for `bisect`."""

    def __init__(
        self, joined: str, token_starts: IntArray, numbers: IntArray | None = None
    ) -> None:
        self._joined = joined
        self._starts = token_starts
        self._numbers = numbers
        """Token numbers of the words, in order (None: every token, 0..n-1)."""
        self._sample: list[str] | None = None
        """Every SAMPLE-th word, made by the first `bisect`."""

    def __len__(self) -> int:
        return len(self._starts) - 1 if self._numbers is None else len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return self.take(np.arange(len(self), dtype=np.int64)[index])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("word number out of range")
        number = index if self._numbers is None else int(self._numbers[index])
        return self._joined[int(self._starts[number]) : int(self._starts[number + 1]) - 1]

    def take(self, places: npt.NDArray[np.integer]) -> list[str]:
        """The words at `places` (numbers into this sequence), cut in one pass."""
        numbers = places if self._numbers is None else self._numbers[places]
        starts = self._starts[numbers].tolist()
        ends = (self._starts[numbers + 1] - 1).tolist()
        joined = self._joined
        return [joined[start:end] for start, end in zip(starts, ends, strict=True)]

    def bisect(self, word: str, low: int = 0) -> int:
        """`bisect.bisect_left(self, word, low)` of sorted words (the vocabulary):
        bisected among every SAMPLE-th word, then among the few between two of
        them, cut in one split, so no probe runs in Python."""
        sample = self._sample
        if sample is None:
            sample = self.take(np.arange(0, len(self), self.SAMPLE, dtype=np.int64))
            self._sample = sample  # two threads may both make it: the same list
        above = bisect_left(sample, word)  # words[SAMPLE * above] >= word, the one before not
        first = max(self.SAMPLE * (above - 1) + 1, 0)
        last = min(self.SAMPLE * above, len(self))
        found = last
        if last > first:
            found = first + bisect_left(self._between(first, last), word)
        return max(found, low)

    def _between(self, first: int, last: int) -> list[str]:
        """The words first..last-1 (last > first), consecutive tokens cut in one split."""
        if self._numbers is not None:
            return self.take(np.arange(first, last, dtype=np.int64))
        begin, end = int(self._starts[first]), int(self._starts[last]) - 1
        return self._joined[begin:end].split("\n")

    def __iter__(self) -> Iterator[str]:
        if self._numbers is None:
            joined = self._joined
            return iter(joined[1:-1].split("\n") if len(joined) > 2 else [])
        return iter(self.take(np.arange(len(self), dtype=np.int64)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Words | list):
            return len(self) == len(other) and all(
                mine == theirs for mine, theirs in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Words({len(self)} words)"


@dataclass(frozen=True, slots=True, eq=False)
class Postings:
    """Everything a block of the index knows of its papers (positions
    0..size-1 within the block), as built by `build_postings`.

    Postings are one entry per (token, paper, field) in token order:
    `entry_papers` (position in the block), `entry_fields` (field code) and
    `entry_places` (where the word is first met in its text), the entries of
    token number t at `entry_starts[t]:entry_starts[t + 1]`. Field codes are
    TITLE, AUTHORS, ARXIV_ID, then one per section name (FIRST_SECTION on).

    Frozen and compared by identity: the arrays are never written after
    building, so one block serves every search thread, and pickles (for the
    index cache) as exactly these fields.
    """

    size: int
    """Papers in the block."""
    section_codes: dict[str, int]
    """Compact section name -> field code."""
    field_codes: int
    """FIELD_CODES, or more for a block with many section names: the length of
    a field -> weight table."""
    vocabulary: Words
    """Sorted distinct folded words; a token's number is its place here."""
    entry_places: npt.NDArray[np.uint8]
    """Per entry, the place of the word's first occurrence in its text (FAR at most)."""
    entry_papers: npt.NDArray[np.integer]
    """Per entry, the paper's position in the block (uint16 up to 65,536 papers)."""
    entry_fields: npt.NDArray[np.integer]
    """Per entry, the field code (uint8, or uint16 past FIELD_CODES)."""
    entry_starts: IntArray
    """Token number -> its first entry; one more than the vocabulary."""
    code_of_slot: IntArray
    """The field codes this block uses, in order (a "slot" numbers them densely)."""
    slot_of_code: IntArray
    """Field code -> slot (0 for codes the block does not use)."""
    section_starts: IntArray
    """Paper -> its first section, sections numbered flat in paper order; one more
    than the papers."""
    section_fields: npt.NDArray[np.integer]
    """Per section (numbered flat), its field code."""
    votes: IntArray
    """Per paper, its votes (-1 for none)."""
    dates: IntArray
    """Per paper, its date as yyyymmdd (0 for none): the day it was first seen."""
    listed_days: IntArray
    """Every other day a paper was listed on (yyyymmdd), for `date:` filters: a
    paper appears under each day it was listed. Empty when none was listed twice."""
    listed_owners: IntArray
    """The paper (position in the block) of each of `listed_days`."""
    id_order: IntArray
    """Paper positions sorted by folded arXiv id."""
    sorted_ids: list[str]
    """The folded arXiv ids in that order, for bisecting id: prefixes."""
    joined: str
    """The vocabulary, one word per line (with a line break first and last), for
    infix scans."""
    token_starts: IntArray
    """Token number -> where it starts in `joined`; one more than the vocabulary."""
    by_length: Words
    """Words without digits, by length, among which typos are looked for."""
    by_length_ids: IntArray
    """Their token numbers."""
    length_starts: IntArray
    """Length -> the first of `by_length` at least that long (up to the longest + 2)."""
    by_length_masks: npt.NDArray[np.uint64]
    """Per word of `by_length`, the bits of its characters (`char_masks`): a word
    missing more of a query word's bits than its typo budget cannot be within it."""

    def __reduce__(self) -> tuple[Callable[..., Postings], tuple[object, ...]]:
        """Pickled without `vocabulary` and `by_length`, views of `joined`
        (`Words`), made again when read back."""
        fields = tuple(
            getattr(self, name) for name in self.__slots__ if name not in _FROM_JOINED
        )
        return _postings_from_stored, fields


_FROM_JOINED = ("vocabulary", "by_length")


def _postings_from_stored(*fields: object) -> Postings:
    """A `Postings` pickled by `Postings.__reduce__`."""
    names = [name for name in Postings.__slots__ if name not in _FROM_JOINED]
    values = dict(zip(names, fields, strict=True))
    joined = values["joined"]
    token_starts = values["token_starts"]
    by_length_ids = values["by_length_ids"]
    if (
        not isinstance(joined, str)
        or not isinstance(token_starts, np.ndarray)
        or not isinstance(by_length_ids, np.ndarray)
    ):
        raise TypeError("a stored block of the index is not of this layout")
    values["vocabulary"] = Words(joined, token_starts)
    values["by_length"] = Words(joined, token_starts, by_length_ids)
    return Postings(**values)  # type: ignore[arg-type]


def build_postings(papers: Sequence[Paper]) -> Postings:
    """The postings of `papers`, in their order (the caller pauses the cyclic
    garbage collector: this makes millions of small long-lived objects)."""
    # Column by column, with the per-text work in C (map, join, split), since
    # a Python loop over 100k papers x 6 fields costs more than the work itself.
    size = len(papers)
    section_codes: dict[str, int] = {}  # compact section name -> field code
    ids = in_chunks(fold_all, [paper.arxiv_id for paper in papers])
    section_counts = np.fromiter(
        (len(paper.sections) for paper in papers), dtype=np.int64, count=size
    )
    names = [section.name for paper in papers for section in paper.sections]
    code_of_name = {
        name: _section_code(section_codes, compact(name)) for name in dict.fromkeys(names)
    }
    field_codes = max(FIELD_CODES, FIRST_SECTION + len(section_codes))
    narrow_codes = np.uint8 if field_codes <= 1 << 8 else np.uint16
    section_fields: npt.NDArray[np.integer] = np.array(
        list(map(code_of_name.__getitem__, names)), dtype=narrow_codes
    )
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
        lists.extend(in_chunks(raw_token_lists, texts))
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
            lists.extend(in_chunks(token_lists, in_chunks(fold_all, texts)))
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
            np.full(size, TITLE, dtype=narrow_codes),
            np.full(size, AUTHORS, dtype=narrow_codes),
            np.full(size, ARXIV_ID, dtype=narrow_codes),
            section_fields,
        )
    )
    vocabulary = sorted(set(folded_of.values()))
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
    entry_places = np.minimum(places[order[keep]], FAR).astype(np.uint8)
    del order, keep, places
    # Positions within a block of up to 65,536 papers fit in 16 bits: half the
    # bytes of the biggest array.
    narrow = np.uint16 if size <= 1 << 16 else np.int32
    entry_papers: npt.NDArray[np.integer] = owners[texts_of_entries].astype(narrow)
    entry_fields = codes[texts_of_entries]
    entry_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(token_ids, minlength=len(vocabulary)), out=entry_starts[1:])

    used = [TITLE, AUTHORS, ARXIV_ID, *sorted(set(section_codes.values()))]
    code_of_slot = np.array(used, dtype=np.int64)
    slot_of_code = np.zeros(field_codes, dtype=np.int64)
    slot_of_code[code_of_slot] = np.arange(len(used))
    section_starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(section_counts, out=section_starts[1:])
    votes = np.array([-1 if p.votes is None else p.votes for p in papers], dtype=np.int64)
    dates = np.array([_date_number(p) for p in papers], dtype=np.int64)
    listed_days, listed_owners = _listed_days(papers)
    id_order = np.array(sorted(range(size), key=ids.__getitem__), dtype=np.int64)
    sorted_ids = [ids[number] for number in id_order.tolist()]

    joined = "\n" + "\n".join(vocabulary) + "\n"
    lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
    token_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=token_starts[1:])
    token_starts += 1  # each token starts after its "\n"
    # Typos are looked for among words without digits only: "2408" is no
    # typo of anything, and ids and numbers are most of a vocabulary.
    wordy = np.flatnonzero(
        np.fromiter(
            (match is None for match in map(_DIGIT.search, vocabulary)),
            dtype=np.bool_,
            count=len(vocabulary),
        )
    )
    by_length_ids = wordy[np.argsort(lengths[wordy], kind="stable")]
    by_length_masks = char_masks(joined, token_starts)[by_length_ids]
    longest = int(lengths.max()) if len(vocabulary) else 0
    length_starts = np.searchsorted(
        lengths[by_length_ids], np.arange(longest + 3), side="left"
    ).astype(np.int64)
    return Postings(
        size=size,
        section_codes=section_codes,
        field_codes=field_codes,
        vocabulary=Words(joined, token_starts),
        entry_places=entry_places,
        entry_papers=entry_papers,
        entry_fields=entry_fields,
        entry_starts=entry_starts,
        code_of_slot=code_of_slot,
        slot_of_code=slot_of_code,
        section_starts=section_starts,
        section_fields=section_fields,
        votes=votes,
        dates=dates,
        listed_days=listed_days,
        listed_owners=listed_owners,
        id_order=id_order,
        sorted_ids=sorted_ids,
        joined=joined,
        token_starts=token_starts,
        by_length=Words(joined, token_starts, by_length_ids),
        by_length_ids=by_length_ids,
        length_starts=length_starts,
        by_length_masks=by_length_masks,
    )


_OTHER_BITS = 38
"""Bits shared by every character but a-z (which have one each)."""


def char_masks(joined: str, token_starts: IntArray) -> npt.NDArray[np.uint64]:
    """Per token of `joined` (one per line, starting at `token_starts`), a 64-bit
    set of its characters: a-z one bit each, any other character one of the
    other 38 bits (by its code). Editing a word once (insert, delete, substitute,
    swap two letters) removes at most one of its characters, so a token within
    k edits of a word lacks at most k of the word's bits: the typo search skips
    the others before computing any distance."""
    count = len(token_starts) - 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lower = (codes >= 97) & (codes <= 122)
    bits = np.where(lower, codes - 97, 26 + codes % _OTHER_BITS).astype(np.uint64)
    ones = np.left_shift(np.uint64(1), bits)
    ones[codes == 10] = 0  # the line breaks between tokens
    masks: npt.NDArray[np.uint64] = np.bitwise_or.reduceat(ones, token_starts[:-1])
    return masks


def word_mask(word: str) -> int:
    """`char_masks` of one word."""
    return int(char_masks(word + "\n", np.array([0, len(word) + 1], dtype=np.int64))[0])
