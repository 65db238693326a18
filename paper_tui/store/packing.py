"""Parsed digests packed into bytes, and back: what the parse cache stores.

Why this shape: decoding text is most of the cost of reopening a library,
and UTF-8 Korean decodes about four times slower than UTF-16. So a file's
long text (the section bodies) is one UTF-16 blob split on NUL (which
`parse.decode` refuses in digests, so it never occurs in their text), and
the short fields a `marshal`ed tuple (stdlib, fast, safe on data we wrote).
Worker processes use the same packing to send parses back: two byte strings
pickle far faster than thousands of frozen dataclasses.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from paper_tui.model import Digest, Paper, ParseWarning, Section

_SEPARATOR = "\x00"


class Packed(NamedTuple):
    """One file's digests as `encode` packs them: for the cache, and for
    worker processes to send parses back (bytes pickle far faster than dataclasses)."""

    meta: bytes
    text: bytes


def encode(digests: Sequence[Digest]) -> Packed | None:
    """(meta, text) for one file's digests, or None when they cannot be cached.

    The file's name (`source`) is not stored: it is given back on decoding,
    so a file opened by another spelling of its path still reads right.
    """
    texts: list[str] = []
    encoded_digests = []
    for digest in digests:
        papers = []
        for paper in digest.papers:
            names = []
            for section in paper.sections:
                # Interned, marshal writes each name once a file and shares it on loading.
                names.append(sys.intern(section.name))
                texts.append(section.text)
            papers.append(
                (
                    paper.arxiv_id,
                    paper.title,
                    paper.url,
                    paper.votes,
                    paper.authors,
                    paper.authors_truncated,
                    paper.thumbnail,
                    paper.comments,
                    tuple(names),
                    paper.date.toordinal() if paper.date else None,
                    paper.line,
                )
            )
        warnings = tuple((warning.line, warning.message) for warning in digest.warnings)
        day = digest.date.toordinal() if digest.date else None
        encoded_digests.append(
            (day, digest.title, tuple(papers), warnings, digest.format, digest.category)
        )
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):
        return None
    try:
        text = joined.encode("utf-16-le")
    except UnicodeEncodeError:
        return None
    return Packed(marshal.dumps((len(texts), tuple(encoded_digests))), text)


def decode(
    meta: bytes, text: bytes, source: str, dates: dict[int, date] | None = None
) -> tuple[Digest, ...]:
    """The digests `encode` stored, with `source` as their file's name.

    Raises ValueError (or the like) on a damaged entry; the cache treats that as a miss.
    `dates` shares one `date` object per day across calls.
    """
    count, encoded_digests = marshal.loads(meta)
    texts = text.decode("utf-16-le").split(_SEPARATOR) if count else []
    if len(texts) != count:
        raise ValueError("section count does not match the stored text")
    dates = {} if dates is None else dates
    next_text = iter(texts).__next__
    digests = []
    for day, title, encoded_papers, encoded_warnings, *family in encoded_digests:
        digest_format, category = family if len(family) == 2 else ("", "")
        papers = []
        for (
            arxiv_id,
            paper_title,
            url,
            votes,
            authors,
            authors_truncated,
            thumbnail,
            comments,
            names,
            paper_day,
            line,
        ) in encoded_papers:
            papers.append(
                Paper(
                    arxiv_id,
                    paper_title,
                    url,
                    votes,
                    authors,
                    authors_truncated,
                    thumbnail,
                    comments,
                    tuple([Section(name, next_text()) for name in names]),
                    _day(paper_day, dates),
                    source,
                    line,
                )
            )
        warnings = tuple(
            [ParseWarning(source, line, message) for line, message in encoded_warnings]
        )
        digests.append(
            Digest(_day(day, dates), source, tuple(papers), warnings, title, digest_format, category)
        )
    return tuple(digests)


def _day(ordinal: int | None, dates: dict[int, date]) -> date | None:
    if ordinal is None:
        return None
    day = dates.get(ordinal)
    if day is None:
        day = dates[ordinal] = date.fromordinal(ordinal)
    return day
