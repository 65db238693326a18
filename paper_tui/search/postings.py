"""Building one block of the search index (`paper_tui.search.segment.Segment`).

Column by column, with the per-text work in C (map, join, split), since a
Python loop over 100k papers x 6 fields costs more than the work itself: words
are cut from whole columns, each distinct word is folded once, and the
postings are sorted by token with a linear counting sort. Kept apart from
`segment`, which holds the searching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

from paper_tui.model import Paper
from paper_tui.search.hangul import chosung_of
from paper_tui.search.query import TOKEN, compact, fold, fold_all, raw_token_lists, token_lists

if TYPE_CHECKING:
    from paper_tui.search.segment import Segment

IntArray = npt.NDArray[np.int64]

TITLE, AUTHORS, ARXIV_ID = 0, 1, 2
FIRST_SECTION = 3
FIELD_CODES = 256
"""Field codes of a block with up to 253 distinct section names, one byte per
posting; a block with more section names widens its codes to two bytes
(`Segment.field_codes`), so every name keeps its own code."""

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


def build_segment(segment: Segment, papers: Sequence[Paper]) -> None:
    """Fill `segment`'s arrays for `papers` (see `Segment` for what each holds)."""
    # Column by column, with the per-text work in C (map, join, split), since
    # a Python loop over 100k papers x 6 fields costs more than the work itself.
    size = segment.size = len(papers)
    segment.section_codes = {}  # compact section name -> field code
    ids = in_chunks(fold_all, [paper.arxiv_id for paper in papers])
    section_counts = np.fromiter(
        (len(paper.sections) for paper in papers), dtype=np.int64, count=size
    )
    names = [section.name for paper in papers for section in paper.sections]
    code_of_name = {
        name: _section_code(segment.section_codes, compact(name)) for name in dict.fromkeys(names)
    }
    segment.field_codes = max(FIELD_CODES, FIRST_SECTION + len(segment.section_codes))
    narrow_codes = np.uint8 if segment.field_codes <= 1 << 8 else np.uint16
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
    vocabulary = segment.vocabulary = sorted(set(folded_of.values()))
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
    segment.entry_places = np.minimum(places[order[keep]], FAR).astype(np.uint8)
    del order, keep, places
    # Positions within a block of up to 65,536 papers fit in 16 bits: half the
    # bytes of the biggest array.
    narrow = np.uint16 if size <= 1 << 16 else np.int32
    segment.entry_papers = owners[texts_of_entries].astype(narrow)
    segment.entry_fields = codes[texts_of_entries]
    segment.entry_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(token_ids, minlength=len(vocabulary)), out=segment.entry_starts[1:])

    used = [TITLE, AUTHORS, ARXIV_ID, *sorted(set(segment.section_codes.values()))]
    segment.code_of_slot = np.array(used, dtype=np.int64)
    segment.slot_of_code = np.zeros(segment.field_codes, dtype=np.int64)
    segment.slot_of_code[segment.code_of_slot] = np.arange(len(used))
    segment.section_starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(section_counts, out=segment.section_starts[1:])
    segment.section_fields = section_fields
    segment.votes = np.array([-1 if p.votes is None else p.votes for p in papers], dtype=np.int64)
    segment.dates = np.array([_date_number(p) for p in papers], dtype=np.int64)
    segment.id_order = np.array(sorted(range(size), key=ids.__getitem__), dtype=np.int64)
    segment.sorted_ids = [ids[number] for number in segment.id_order.tolist()]

    segment.joined = "\n" + "\n".join(vocabulary) + "\n"
    lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
    segment.token_starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=segment.token_starts[1:])
    segment.token_starts += 1  # each token starts after its "\n"
    segment.chosung_joined = chosung_of(segment.joined)
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
    segment.by_length = [vocabulary[number] for number in by_length.tolist()]
    segment.by_length_ids = by_length
    longest = int(lengths.max()) if len(vocabulary) else 0
    segment.length_starts = np.searchsorted(
        lengths[by_length], np.arange(longest + 3), side="left"
    ).astype(np.int64)
