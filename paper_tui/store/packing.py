"""Parsed digests packed into bytes, and back: what the parse cache stores.

Why this shape: decoding text is most of the cost of reopening a library,
and UTF-8 Korean decodes about four times slower than UTF-16. So a file's
long text (the section bodies) is one UTF-16 blob split on NUL (which
`parse.decode` refuses in digests, so it never occurs in their text), and
the short fields are two flat streams in `meta`: every number (counts, votes,
days, lines) in one array of 64-bit integers, every short string (titles,
authors) in one more NUL-separated UTF-16 blob, the section names once a file
(numbered; shared by every paper on loading).

Why not `marshal`: a damaged row is read back too (the cache checks a checksum
first, but the decoder must not trust it), and `marshal.loads` allocates a
container of whatever length a damaged count says (15.7 GB for one row). Here
every count is checked against what is left in its stream before anything is
built, so a damaged row costs at most its own size and raises ValueError.
Worker processes use the same packing to send parses back: two byte strings
pickle far faster than thousands of frozen dataclasses.

Each section text also gets a key (`Packed.keys`, a 16-byte BLAKE2b of its
UTF-16): the same summary is listed ~4.7 times across a library's days and
categories, and the cache stores each text once, by its key (see
`store.text_packs`); decoding shares one `Section` tuple between the entries
whose sections are the same texts (`shared`), so memory holds each summary once.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Hashable, Sequence
from datetime import date
from hashlib import blake2b
from typing import NamedTuple

from paper_tui.model import Digest, Paper, ParseWarning, Section

_SEPARATOR = "\x00"
_MAGIC = b"PTP\x04"
"""Starts every `meta`: the packing's own version."""
_HEADER = struct.Struct("<4sI")
"""The magic, then how many integers follow."""
_NONE = -(2**63)
"""An integer field that is None (votes, day)."""
_DIGEST_INTS = 3
"""day, papers, warnings."""
_DIGEST_STRINGS = 3
"""title, format, category."""
_PAPER_INTS = 8
"""votes, authors, truncated, has thumbnail, has comments, sections, day, line
(then the number of each section's name)."""
_PAPER_STRINGS = 3
"""id, title, url (then the authors, thumbnail and comments)."""
_HEAD_INTS = 4
"""texts, strings, digests, section names."""
_MAX_ORDINAL = date.max.toordinal()
KEY_BYTES = 16
"""Bytes of a section text's key (`Packed.keys`)."""
_UTF16_SEPARATOR = _SEPARATOR.encode("utf-16-le")


class Packed(NamedTuple):
    """One file's digests as `encode` packs them: for the cache, and for
    worker processes to send parses back (bytes pickle far faster than dataclasses)."""

    meta: bytes
    text: bytes
    keys: bytes = b""
    """`KEY_BYTES` per section text, in order: a digest of its UTF-16 (`text_key`)."""


def text_key(encoded: bytes) -> bytes:
    """The key of a section text from its UTF-16-LE bytes."""
    return blake2b(encoded, digest_size=KEY_BYTES).digest()


def _ordinal(day: date | None) -> int:
    return _NONE if day is None else day.toordinal()


def encode(digests: Sequence[Digest]) -> Packed | None:
    """(meta, text) for one file's digests, or None when they cannot be cached
    (a NUL or a lone surrogate in a string, a number past 64 bits).

    The file's name (`source`) is not stored: it is given back on decoding,
    so a file opened by another spelling of its path still reads right.
    """
    numbers: list[int] = [0, 0, len(digests), 0]  # texts, strings, digests, names
    strings: list[str] = []
    texts: list[str] = []
    names: dict[str, int] = {}
    for digest in digests:
        numbers += (_ordinal(digest.date), len(digest.papers), len(digest.warnings))
        strings += (digest.title, digest.format, digest.category)
        for paper in digest.papers:
            numbers += (
                _NONE if paper.votes is None else paper.votes,
                len(paper.authors),
                int(paper.authors_truncated),
                int(paper.thumbnail is not None),
                int(paper.comments is not None),
                len(paper.sections),
                _ordinal(paper.date),
                paper.line,
            )
            strings += (paper.arxiv_id, paper.title, paper.url, *paper.authors)
            if paper.thumbnail is not None:
                strings.append(paper.thumbnail)
            if paper.comments is not None:
                strings.append(paper.comments)
            for section in paper.sections:
                numbers.append(names.setdefault(section.name, len(names)))
                texts.append(section.text)
        for warning in digest.warnings:
            numbers.append(warning.line)
            strings.append(warning.message)
    strings[:0] = names  # in the order of their numbers
    numbers[0], numbers[1], numbers[3] = len(texts), len(strings), len(names)
    string_blob = join_strings(strings)
    joined_texts = _join_texts(texts)
    if string_blob is None or joined_texts is None:
        return None
    try:
        packed_numbers = array("q", numbers)
    except OverflowError:
        return None
    if sys.byteorder != "little":  # pragma: no cover - stored little-endian everywhere
        packed_numbers.byteswap()
    header = _HEADER.pack(_MAGIC, len(packed_numbers))
    return Packed(header + packed_numbers.tobytes() + string_blob, *joined_texts)


def join_strings(strings: list[str]) -> bytes | None:
    """The strings as one NUL-separated UTF-16 blob, or None when one holds a NUL."""
    joined = _SEPARATOR.join(strings)
    if joined.count(_SEPARATOR) != max(len(strings) - 1, 0):
        return None
    try:
        return joined.encode("utf-16-le")
    except UnicodeEncodeError:
        return None


def _join_texts(texts: list[str]) -> tuple[bytes, bytes] | None:
    """(the texts as one NUL-separated UTF-16 blob, their keys), or None when one
    holds a NUL or cannot be encoded."""
    pieces = []
    keys = []
    for text in texts:
        if _SEPARATOR in text:
            return None
        try:
            piece = text.encode("utf-16-le")
        except UnicodeEncodeError:
            return None
        pieces.append(piece)
        keys.append(blake2b(piece, digest_size=KEY_BYTES).digest())
    return _UTF16_SEPARATOR.join(pieces), b"".join(keys)


class Texts(NamedTuple):
    """A packing's section texts split out, with their keys (`split_texts`)."""

    texts: list[str]
    keys: list[bytes]


def split_texts(packed: Packed) -> Texts:
    """(the section texts, their keys) of a packing; ValueError when they disagree."""
    count = len(packed.keys) // KEY_BYTES
    if len(packed.keys) % KEY_BYTES:
        raise ValueError("section keys of a packing are cut short")
    texts = split_strings(packed.text, count, "sections")
    keys = [packed.keys[at : at + KEY_BYTES] for at in range(0, len(packed.keys), KEY_BYTES)]
    return Texts(texts, keys)


def split_strings(blob: bytes, count: int, what: str) -> list[str]:
    """`count` strings out of a `join_strings` blob; ValueError unless exactly that many."""
    # Each string but the last ends in a 2-byte separator: a count past that is damage.
    if count < 0 or (count and count - 1 > len(blob) // 2):
        raise ValueError(f"{what}: {count} strings cannot fit in {len(blob)} bytes")
    parts = blob.decode("utf-16-le").split(_SEPARATOR) if count else []
    if len(parts) != count or (not count and blob):
        raise ValueError(f"{what}: {len(parts)} strings stored, {count} expected")
    return parts


SharedSections = dict[tuple[Hashable, ...], tuple[Section, ...]]
"""One tuple of sections per (names, text keys), shared across `decode` calls."""


def decode(
    meta: bytes,
    text: bytes | Sequence[str],
    source: str,
    dates: dict[int, date] | None = None,
    shared: SharedSections | None = None,
    keys: Sequence[Hashable] | None = None,
) -> tuple[Digest, ...]:
    """The digests `encode` stored, with `source` as their file's name.

    `text` is the packed text blob, or its texts already split (one per
    section, as the cache gives them back). Raises ValueError on a damaged
    entry, having allocated no more than the entry's own size; the cache
    treats that as a miss. `dates` shares one `date` object per day across
    calls; with `keys` (one per text: equal keys, equal texts) `shared` gives
    papers whose sections are the same texts one tuple of `Section`s.
    """
    if len(meta) < _HEADER.size:
        raise ValueError("packed parse too short")
    magic, number_count = _HEADER.unpack_from(meta)
    if magic != _MAGIC:
        raise ValueError("not a packed parse of this version")
    numbers_end = _HEADER.size + 8 * number_count
    if number_count < _HEAD_INTS or numbers_end > len(meta):
        raise ValueError(f"{number_count} numbers cannot fit in {len(meta)} bytes")
    packed_numbers = array("q")
    packed_numbers.frombytes(meta[_HEADER.size : numbers_end])
    if sys.byteorder != "little":  # pragma: no cover
        packed_numbers.byteswap()
    numbers = packed_numbers.tolist()
    text_count, string_count, digest_count, name_count = numbers[:_HEAD_INTS]
    strings = split_strings(meta[numbers_end:], string_count, "short fields")
    if isinstance(text, bytes):
        texts: Sequence[str] = split_strings(text, text_count, "sections")
    elif len(text) == text_count:
        texts = text
    else:
        raise ValueError(f"{len(text)} section texts given, {text_count} stored")
    if keys is not None and len(keys) != text_count:
        raise ValueError(f"{len(keys)} text keys given, {text_count} stored")
    if shared is None:
        keys = None
    if not 0 <= name_count <= string_count:
        raise ValueError(f"{name_count} section names cannot fit in the stored strings")
    names = [sys.intern(name) for name in strings[:name_count]]
    dates = {} if dates is None else dates
    number_total, string_total = len(numbers), len(strings)
    at_number, at_string, at_text = _HEAD_INTS, name_count, 0
    if not 0 <= digest_count <= (number_total - at_number) // _DIGEST_INTS:
        raise ValueError(f"{digest_count} digests cannot fit in the stored numbers")
    digests = []
    for _ in range(digest_count):
        if at_number + _DIGEST_INTS > number_total or at_string + _DIGEST_STRINGS > string_total:
            raise ValueError("a digest runs past the stored fields")
        day, paper_count, warning_count = numbers[at_number : at_number + _DIGEST_INTS]
        title, digest_format, category = strings[at_string : at_string + _DIGEST_STRINGS]
        at_number += _DIGEST_INTS
        at_string += _DIGEST_STRINGS
        if not 0 <= paper_count <= (number_total - at_number) // _PAPER_INTS:
            raise ValueError(f"{paper_count} papers cannot fit in the stored numbers")
        papers = []
        for _ in range(paper_count):
            (
                votes,
                author_count,
                truncated,
                has_thumbnail,
                has_comments,
                section_count,
                paper_day,
                line,
            ) = numbers[at_number : at_number + _PAPER_INTS]
            at_number += _PAPER_INTS
            # Flags are 0 or 1 (any other bit set, or a negative number, is damage).
            if (
                author_count < 0
                or section_count < 0
                or (truncated | has_thumbnail | has_comments) & ~1
            ):
                raise ValueError("a paper's counts are damaged")
            needed = _PAPER_STRINGS + author_count + has_thumbnail + has_comments
            if (
                at_string + needed > string_total
                or at_text + section_count > text_count
                or at_number + section_count > number_total
            ):
                raise ValueError("a paper runs past the stored fields")
            arxiv_id, paper_title, url = strings[at_string : at_string + _PAPER_STRINGS]
            at_string += _PAPER_STRINGS
            authors = tuple(strings[at_string : at_string + author_count])
            at_string += author_count
            thumbnail = strings[at_string] if has_thumbnail else None
            at_string += has_thumbnail
            comments = strings[at_string] if has_comments else None
            at_string += has_comments
            numbered = numbers[at_number : at_number + section_count]
            at_number += section_count
            if numbered and not 0 <= min(numbered) <= max(numbered) < name_count:
                raise ValueError("a section's name is damaged")
            bodies = texts[at_text : at_text + section_count]
            marker: tuple[Hashable, ...] = ()
            if keys is not None and shared is not None:
                marker = (*[names[n] for n in numbered], *keys[at_text : at_text + section_count])
            sections = shared.get(marker) if shared is not None and marker else None
            if sections is None:
                sections = tuple(
                    [
                        Section(names[number], body)
                        for number, body in zip(numbered, bodies, strict=True)
                    ]
                )
                if shared is not None and marker:
                    shared[marker] = sections
            at_text += section_count
            papers.append(
                Paper(
                    arxiv_id,
                    paper_title,
                    url,
                    None if votes == _NONE else votes,
                    authors,
                    bool(truncated),
                    thumbnail,
                    comments,
                    sections,
                    _day(paper_day, dates),
                    source,
                    line,
                )
            )
        if (
            warning_count < 0
            or at_number + warning_count > number_total
            or at_string + warning_count > string_total
        ):
            raise ValueError(f"{warning_count} warnings cannot fit in the stored fields")
        lines = numbers[at_number : at_number + warning_count]
        messages = strings[at_string : at_string + warning_count]
        at_number += warning_count
        at_string += warning_count
        warnings = tuple(
            [
                ParseWarning(source, line, message)
                for line, message in zip(lines, messages, strict=True)
            ]
        )
        digests.append(
            Digest(
                _day(day, dates), source, tuple(papers), warnings, title, digest_format, category
            )
        )
    if (at_number, at_string, at_text) != (number_total, string_total, text_count):
        raise ValueError("packed parse holds more than its digests")
    return tuple(digests)


def _day(ordinal: int, dates: dict[int, date]) -> date | None:
    if ordinal == _NONE:
        return None
    day = dates.get(ordinal)
    if day is None:
        if not 1 <= ordinal <= _MAX_ORDINAL:
            raise ValueError(f"day {ordinal} out of range")
        day = dates[ordinal] = date.fromordinal(ordinal)
    return day
