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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, pairwise
from typing import Protocol

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
    a number past 64 bits)."""
    strings: dict[str, int] = {}
    tuples: dict[tuple[Section, ...], int] = {}

    def string(value: str) -> int:
        number = strings.get(value)
        if number is None:
            number = strings[value] = len(strings)
        return number

    def optional(value: str | None) -> int:
        return _ABSENT if value is None else string(value)

    def sections(value: tuple[Section, ...]) -> int:
        if not value:
            return _ABSENT
        number = tuples.get(value)
        if number is None:
            number = tuples[value] = len(tuples)
        return number

    paper_columns: list[list[int]] = [[] for _ in range(11)]
    author_offsets, appearance_offsets = [0], [0]
    author_items: list[int] = []
    appearance_columns: list[list[int]] = [[] for _ in range(8)]
    for paper in papers:
        for column, value in zip(
            paper_columns,
            (
                string(paper.arxiv_id),
                string(paper.title),
                string(paper.url),
                _number(paper.votes),
                int(paper.authors_truncated),
                optional(paper.thumbnail),
                optional(paper.comments),
                sections(paper.sections),
                _ordinal(paper.date),
                string(paper.source),
                paper.line,
            ),
            strict=True,
        ):
            column.append(value)
        author_items.extend(map(string, paper.authors))
        author_offsets.append(len(author_items))
        for one in paper.appearances:
            for column, value in zip(
                appearance_columns,
                (
                    _ordinal(one.date),
                    string(one.source),
                    string(one.format),
                    string(one.category),
                    _number(one.votes),
                    string(one.title),
                    sections(one.sections),
                    one.line,
                ),
                strict=True,
            ):
                column.append(value)
        appearance_offsets.append(len(appearance_columns[0]))
    digest_columns: list[list[int]] = [[] for _ in range(5)]
    warning_offsets = [0]
    warning_columns: list[list[int]] = [[], [], []]
    for digest in digests:
        for column, value in zip(
            digest_columns,
            (
                _ordinal(digest.date),
                string(digest.source),
                string(digest.title),
                string(digest.format),
                string(digest.category),
            ),
            strict=True,
        ):
            column.append(value)
        for warning in digest.warnings:
            warning_columns[0].append(warning.line)
            warning_columns[1].append(string(warning.source))
            warning_columns[2].append(string(warning.message))
        warning_offsets.append(len(warning_columns[0]))
    error_columns = [[string(error.path) for error in errors], [string(e.reason) for e in errors]]
    texts = list(dict.fromkeys(section.text for group in tuples for section in group))
    refs = store.text_refs(texts)
    if refs is None or len(refs) < len(texts):
        return None
    tuple_offsets = [0]
    item_names: list[int] = []
    item_refs: list[int] = []
    for group in tuples:
        for section in group:
            item_names.append(string(section.name))
            item_refs.append(refs[section.text])
        tuple_offsets.append(len(item_names))
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
    try:
        numbers = array("q", [number for column in columns for number in column])
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
        len(appearance_columns[0]),
        len(digests),
        len(warning_columns[0]),
        len(errors),
    )
    head = _HEADER.pack(_MAGIC, 0, *counts)
    checksum = zlib.crc32(body, zlib.crc32(head[_COUNTS_AT:]))
    return _HEADER.pack(_MAGIC, checksum, *counts) + body


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
