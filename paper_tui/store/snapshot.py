"""A whole library's merged papers packed into one blob, and back.

Why: a warm start of two years of arXiv listings (3,242 files, 448k entries,
94.7k papers) spent ~8 s decoding every file's entries and ~4 s merging them
into papers, to arrive at the same papers as the last run. The snapshot is
those papers as the merge left them (appearances included), with the outline
of each digest (its day, source, title, family, category and warnings, but not
its entries) and the files that failed to load: the loader keys it by the
fingerprint of every file's version (`parse_cache.fingerprint`), so any change
to any file (or to the parser) makes it a miss and the files are read as before.

Layout: a header of counts, then one array of 64-bit integers holding every
column in turn (strings as numbers into one table of distinct short strings;
sections as numbers into a table of distinct section tuples; each section's
text as its ref into the cache's text packs, which hold it already), then the
string table as NUL-separated UTF-16 (see `packing` for why UTF-16). Each pack
the texts are in is listed with its checksum: a pack dropped since (damaged,
or no file reads it) and its number reused must not hand back another text.
The cache compresses the whole (`ParseCache.put_blob`).

Reading is bounded as `packing` is: a CRC-32 of the whole blob first, then
every count against what is left, every column's numbers against the table
they index, before anything is built; anything else raises ValueError, which
the loader takes as a miss.
"""

from __future__ import annotations

import operator
import struct
import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, chain, count, pairwise
from operator import attrgetter
from typing import Any, Protocol

from paper_tui.model import Appearance, Digest, LoadError, Paper, ParseWarning, Section
from paper_tui.store.columns import from_columns
from paper_tui.store.packing import join_strings, split_strings
from paper_tui.store.text_packs import POSITION_BITS

POSITION_MASK = (1 << POSITION_BITS) - 1

SNAPSHOT_FORMAT = 1
"""Bumped when the layout, the model or the merge changes what a snapshot holds."""
_MAGIC = b"PTS" + bytes([SNAPSHOT_FORMAT])
_COUNTS = (
    "strings",
    "packs",
    "tuples",
    "items",
    "papers",
    "authors",
    "appearances",
    "digests",
    "warnings",
    "errors",
)
_HEADER = struct.Struct(f"<4sI{len(_COUNTS)}q")
"""The magic, the CRC-32 of all that follows (counts and body), then each of `_COUNTS`."""
_COUNTS_AT = 8
_NONE = -(2**63)
"""An optional number that is None (votes, a day)."""
_ABSENT = -1
"""An optional string or section tuple that is not there (None, or `()`)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a snapshot gives back: the papers, the digests' outlines, the files
    that failed to load (in the order the load met them)."""

    papers: tuple[Paper, ...]
    outlines: tuple[Digest, ...]
    errors: tuple[LoadError, ...]


class TextStore(Protocol):
    """Where a snapshot's section texts are kept (`ParseCache`): refs to texts
    out, texts of packs back in."""

    def text_refs(self, texts: Sequence[str]) -> Mapping[str, int] | None:
        """The ref of each of `texts` stored (None when the store cannot say)."""

    def pack_checksums(self, packs: Iterable[int]) -> Mapping[int, int] | None:
        """The checksum of each of `packs` stored (None when the store cannot say)."""

    def pack_texts(self, wanted: Mapping[int, int]) -> Mapping[int, Sequence[str]] | None:
        """The texts of each pack, when each has the checksum given; else None."""


def encode_snapshot(
    papers: Sequence[Paper],
    digests: Sequence[Digest],
    errors: Sequence[LoadError],
    store: TextStore,
) -> bytes | None:
    """The blob of these merged `papers`, the outlines of `digests` and `errors`;
    None when it cannot be made (a text `store` does not hold, a NUL in a string,
    a number past 64 bits).

    Built a column at a time, each mapped in C where it can be (a string's number
    from a dict that numbers what it has not met, days and votes from dicts that
    convert what they have not met): the day a new digest arrives, the load that
    misses the snapshot writes it for 95k papers and 448k appearances, ~5M numbers.
    """
    strings: defaultdict[str, int] = defaultdict(count().__next__)
    string = strings.__getitem__
    days = _Converted(_ordinal)
    numbers_of = _Converted(_number)
    tuples: dict[tuple[Section, ...], int] = {}
    seen: dict[int, int] = {}  # by id: merged papers share their tuples, hashing each is slow

    def optional(value: str | None) -> int:
        return _ABSENT if value is None else string(value)

    def sections(value: tuple[Section, ...]) -> int:
        number = seen.get(id(value))
        if number is None:
            number = tuples.setdefault(value, len(tuples)) if value else _ABSENT
            seen[id(value)] = number
        return number

    def column(name: str, rows: Sequence[object], convert: Callable[[Any], int]) -> list[int]:
        return list(map(convert, map(attrgetter(name), rows)))

    appearances = [one for paper in papers for one in paper.appearances]
    authors = [name for paper in papers for name in paper.authors]
    paper_columns = [
        column("arxiv_id", papers, string),
        column("title", papers, string),
        column("url", papers, string),
        column("votes", papers, numbers_of.__getitem__),
        column("authors_truncated", papers, int),
        column("thumbnail", papers, optional),
        column("comments", papers, optional),
        column("sections", papers, sections),
        column("date", papers, days.__getitem__),
        column("source", papers, string),
        column("line", papers, int),
    ]
    author_offsets = [0, *accumulate(len(paper.authors) for paper in papers)]
    author_items = list(map(string, authors))
    appearance_offsets = [0, *accumulate(len(paper.appearances) for paper in papers)]
    appearance_columns = [
        column("date", appearances, days.__getitem__),
        column("source", appearances, string),
        column("format", appearances, string),
        column("category", appearances, string),
        column("votes", appearances, numbers_of.__getitem__),
        column("title", appearances, string),
        column("sections", appearances, sections),
        column("line", appearances, int),
    ]
    digest_columns = [
        column("date", digests, days.__getitem__),
        column("source", digests, string),
        column("title", digests, string),
        column("format", digests, string),
        column("category", digests, string),
    ]
    warnings = [warning for digest in digests for warning in digest.warnings]
    warning_offsets = [0, *accumulate(len(digest.warnings) for digest in digests)]
    warning_columns = [
        column("line", warnings, int),
        column("source", warnings, string),
        column("message", warnings, string),
    ]
    error_columns = [column("path", errors, string), column("reason", errors, string)]
    texts = list(dict.fromkeys(section.text for group in tuples for section in group))
    refs = store.text_refs(texts)
    if refs is None or len(refs) < len(texts):
        return None
    items = [section for group in tuples for section in group]
    tuple_offsets = [0, *accumulate(map(len, tuples))]
    item_names = column("name", items, string)
    item_refs = [refs[section.text] for section in items]
    used_packs = sorted({ref >> POSITION_BITS for ref in item_refs})
    checksums = store.pack_checksums(used_packs)
    if checksums is None or len(checksums) < len(used_packs):
        return None
    pack_column = [number for pack in used_packs for number in (pack, checksums[pack])]
    string_blob = join_strings(list(strings))
    if string_blob is None:
        return None
    columns = [
        pack_column,
        tuple_offsets,
        item_names,
        item_refs,
        *paper_columns,
        author_offsets,
        author_items,
        appearance_offsets,
        *appearance_columns,
        *digest_columns,
        warning_offsets,
        *warning_columns,
        *error_columns,
    ]
    numbers = array("q")
    try:
        for one in columns:
            numbers.extend(one)
    except OverflowError:
        return None
    if sys.byteorder != "little":  # pragma: no cover - stored little-endian everywhere
        numbers.byteswap()
    body = numbers.tobytes() + string_blob
    counts = (
        len(strings),
        len(used_packs),
        len(tuples),
        len(item_names),
        len(papers),
        len(author_items),
        len(appearances),
        len(digests),
        len(warnings),
        len(errors),
    )
    head = _HEADER.pack(_MAGIC, 0, *counts)
    checksum = zlib.crc32(body, zlib.crc32(head[_COUNTS_AT:]))
    return _HEADER.pack(_MAGIC, checksum, *counts) + body


class _Converted(dict[Any, int]):
    """Values converted once each: a miss calls `convert` (Python), a hit is a
    dict lookup (C)."""

    def __init__(self, convert: Callable[[Any], int]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, value: Any) -> int:
        converted = self[value] = self._convert(value)
        return converted


def _number(value: int | None) -> int:
    return _NONE if value is None else value


def _ordinal(day: date | None) -> int:
    return _NONE if day is None else day.toordinal()


class _Columns:
    """Takes the columns out of a snapshot's numbers in turn, each checked."""

    def __init__(self, numbers: array[int]) -> None:
        self._numbers = memoryview(numbers)  # columns are views: no copy, no int objects
        self._at = 0

    def take(self, count: int) -> memoryview:
        if count < 0 or self._at + count > len(self._numbers):
            raise ValueError(f"a column of {count} runs past the stored numbers")
        column = self._numbers[self._at : self._at + count]
        self._at += count
        return column

    def indices(self, count: int, size: int, optional: bool = False) -> memoryview:
        """A column of numbers into a table of `size` (or `_ABSENT`, if `optional`)."""
        column = self.take(count)
        if column:
            low, high = _bounds(column)
            if not (_ABSENT if optional else 0) <= low <= high < size:
                raise ValueError("a column points past its table")
        return column

    def offsets(self, count: int, total: int) -> memoryview:
        """`count + 1` bounds of runs in a column of `total`, from 0 to `total`, in order."""
        column = self.take(count + 1)
        if column[0] != 0 or column[-1] != total or not _ascending(column):
            raise ValueError("runs out of order")
        return column

    def done(self) -> None:
        if self._at != len(self._numbers):
            raise ValueError("the snapshot holds more than its columns")


def decode_snapshot(blob: bytes, store: TextStore) -> Snapshot:
    """The papers, outlines and errors `encode_snapshot` packed, their texts read
    from `store`; ValueError on any damage, or a pack gone or changed (having
    allocated, before it knows, no more than the blob's size and the packs)."""
    if len(blob) < _HEADER.size:
        raise ValueError("snapshot too short")
    magic, checksum, *counts = _HEADER.unpack_from(blob)
    if magic != _MAGIC:
        raise ValueError("not a snapshot of this format")
    body = memoryview(blob)[_HEADER.size :]
    if zlib.crc32(body, zlib.crc32(blob[_COUNTS_AT : _HEADER.size])) != checksum:
        raise ValueError("snapshot fails its checksum")
    (
        string_count,
        pack_count,
        tuple_count,
        item_count,
        paper_count,
        author_count,
        appearance_count,
        digest_count,
        warning_count,
        error_count,
    ) = counts
    number_count = (
        2 * pack_count
        + tuple_count
        + 1
        + 2 * item_count
        + 11 * paper_count
        + paper_count
        + 1
        + author_count
        + paper_count
        + 1
        + 8 * appearance_count
        + 5 * digest_count
        + digest_count
        + 1
        + 3 * warning_count
        + 2 * error_count
    )
    if min(counts) < 0 or 8 * number_count > len(body):
        raise ValueError(f"{number_count} numbers cannot fit in {len(body)} bytes")
    packed = array("q")
    packed.frombytes(body[: 8 * number_count])
    if sys.byteorder != "little":  # pragma: no cover
        packed.byteswap()
    strings = split_strings(bytes(body[8 * number_count :]), string_count, "strings")
    columns = _Columns(packed)
    pack_column = columns.take(2 * pack_count)
    wanted = dict(zip(pack_column[::2], pack_column[1::2], strict=True))
    tuple_offsets = columns.offsets(tuple_count, item_count)
    item_names = columns.indices(item_count, string_count)
    item_refs = columns.take(item_count)
    ids, titles, urls = (columns.indices(paper_count, string_count) for _ in range(3))
    votes = columns.take(paper_count)
    truncated = columns.take(paper_count)
    thumbnails, comments = (columns.indices(paper_count, string_count, True) for _ in range(2))
    paper_sections = columns.indices(paper_count, tuple_count, True)
    paper_days = columns.take(paper_count)
    paper_sources = columns.indices(paper_count, string_count)
    paper_lines = columns.take(paper_count)
    author_offsets = columns.offsets(paper_count, author_count)
    author_items = columns.indices(author_count, string_count)
    appearance_offsets = columns.offsets(paper_count, appearance_count)
    days, sources, formats, categories = (
        columns.take(appearance_count),
        *(columns.indices(appearance_count, string_count) for _ in range(3)),
    )
    appearance_votes = columns.take(appearance_count)
    appearance_titles = columns.indices(appearance_count, string_count)
    appearance_sections = columns.indices(appearance_count, tuple_count, True)
    appearance_lines = columns.take(appearance_count)
    digest_days = columns.take(digest_count)
    digest_strings = [columns.indices(digest_count, string_count) for _ in range(4)]
    warning_offsets = columns.offsets(digest_count, warning_count)
    warning_lines = columns.take(warning_count)
    warning_sources = columns.indices(warning_count, string_count)
    warning_messages = columns.indices(warning_count, string_count)
    error_paths, error_reasons = (columns.indices(error_count, string_count) for _ in range(2))
    columns.done()
    if truncated and not 0 <= min(truncated) <= max(truncated) <= 1:
        raise ValueError("a paper's flag is damaged")

    texts_of = store.pack_texts(wanted)
    if texts_of is None:
        raise ValueError("a pack the snapshot reads is gone or changed")
    texts = _texts_at(item_refs, texts_of)
    names = [sys.intern(strings[number]) for number in item_names]
    items = from_columns(Section, names, texts)
    sections: list[tuple[Section, ...]] = [
        tuple(items[start:end]) for start, end in pairwise(tuple_offsets)
    ]
    sections.append(())  # what `_ABSENT` (-1) indexes
    optional: list[str | None] = [*strings, None]
    dates = _dates({*paper_days, *days, *digest_days})
    text = strings.__getitem__
    appearances = from_columns(
        Appearance,
        [*map(dates.__getitem__, days)],
        [*map(text, sources)],
        [*map(text, formats)],
        [*map(text, categories)],
        [*map(_votes, appearance_votes)],
        [*map(text, appearance_titles)],
        [*map(sections.__getitem__, appearance_sections)],
        appearance_lines,
    )
    papers = tuple(
        from_columns(
            Paper,
            [*map(text, ids)],
            [*map(text, titles)],
            [*map(text, urls)],
            [*map(_votes, votes)],
            [tuple(map(text, author_items[start:end])) for start, end in pairwise(author_offsets)],
            [*map(bool, truncated)],
            [*map(optional.__getitem__, thumbnails)],
            [*map(optional.__getitem__, comments)],
            [*map(sections.__getitem__, paper_sections)],
            [*map(dates.__getitem__, paper_days)],
            [*map(text, paper_sources)],
            paper_lines,
            [tuple(appearances[start:end]) for start, end in pairwise(appearance_offsets)],
        )
    )
    outlines = []
    for number, day in enumerate(digest_days):
        source, title, family, category = (strings[column[number]] for column in digest_strings)
        start, end = warning_offsets[number], warning_offsets[number + 1]
        warnings = tuple(
            ParseWarning(strings[where], line, strings[message])
            for line, where, message in zip(
                warning_lines[start:end],
                warning_sources[start:end],
                warning_messages[start:end],
                strict=True,
            )
        )
        outlines.append(Digest(dates[day], source, (), warnings, title, family, category))
    errors = tuple(
        LoadError(strings[path], strings[reason])
        for path, reason in zip(error_paths, error_reasons, strict=True)
    )
    return Snapshot(papers, tuple(outlines), errors)


VECTOR_AT = 1 << 15
"""Columns at least this long are checked, and texts looked up, with numpy
(imported then: a library this size is searched, and the search needs numpy
anyway), ~30x faster than a Python loop over a million numbers; shorter ones in
plain Python, so a small library's `list` or `export` never imports it. The
two give the same answers (tests/test_snapshot_blob.py runs both)."""


def _bounds(column: memoryview) -> tuple[int, int]:
    """The least and the greatest of a column."""
    if len(column) < VECTOR_AT:
        return min(column), max(column)
    import numpy as np

    values = np.frombuffer(column, dtype=np.int64)
    return int(values.min()), int(values.max())


def _ascending(column: memoryview) -> bool:
    """Whether no number of a column is less than the one before it."""
    if len(column) < VECTOR_AT:
        return all(map(operator.le, column, column[1:]))
    import numpy as np

    values = np.frombuffer(column, dtype=np.int64)
    return bool((values[1:] >= values[:-1]).all())


def _texts_at(refs: memoryview, texts_of: Mapping[int, Sequence[str]]) -> list[str]:
    """The text each of `refs` names (pack, then position in it); ValueError for a
    ref to a pack not in `texts_of` or past its end."""
    if not refs:
        return []
    if len(refs) < VECTOR_AT:
        texts = []
        for ref in refs:
            own = texts_of.get(ref >> POSITION_BITS) if ref >= 0 else None
            position = ref & POSITION_MASK
            if own is None or position >= len(own):
                raise ValueError("a section's text is not in its pack")
            texts.append(own[position])
        return texts
    import numpy as np

    values = np.frombuffer(refs, dtype=np.int64)
    packs = sorted(texts_of)
    numbers = np.array(packs, dtype=np.int64)
    sizes = np.array([len(texts_of[pack]) for pack in packs], dtype=np.int64)
    wanted = values >> POSITION_BITS
    places = np.searchsorted(numbers, wanted).clip(0, max(len(packs) - 1, 0))
    positions = values & POSITION_MASK
    if (
        not packs
        or (values < 0).any()
        or (numbers[places] != wanted).any()
        or (positions >= sizes[places]).any()
    ):
        raise ValueError("a section's text is not in its pack")
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    flat = list(chain.from_iterable(map(texts_of.__getitem__, packs)))
    return list(map(flat.__getitem__, (starts[places] + positions).tolist()))


def _votes(number: int) -> int | None:
    return None if number == _NONE else number


def _dates(ordinals: set[int]) -> dict[int, date | None]:
    """One `date` per distinct ordinal (and None for `_NONE`); ValueError out of range."""
    dates: dict[int, date | None] = {}
    for ordinal in ordinals:
        if ordinal == _NONE:
            dates[ordinal] = None
        elif 1 <= ordinal <= date.max.toordinal():
            dates[ordinal] = date.fromordinal(ordinal)
        else:
            raise ValueError(f"day {ordinal} out of range")
    return dates
