"""A digest file to the model: decode, clean, set front matter aside, and hand the text
to the adapter of its family (`paper_tui.digest.formats`), chosen by what it holds.

Nothing here raises on bad input: a file that cannot be decoded becomes a
`LoadError`; a paper that cannot be fully read keeps what it could and adds a
`ParseWarning` with its line number.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from paper_tui.digest.assembly import SourceFacts
from paper_tui.digest.dates import date_from_path
from paper_tui.digest.decoding import MAX_FILE_BYTES, decode, read_file, unify_line_breaks
from paper_tui.digest.front_matter import strip_front_matter
from paper_tui.digest.sections import UNNAMED_SECTION
from paper_tui.model import Digest, LoadError
from paper_tui.text import clean

__all__ = [
    "MAX_FILE_BYTES",
    "PARSER_VERSION",
    "UNNAMED_SECTION",
    "date_from_path",
    "decode",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_file",
]

PARSER_VERSION = 4
"""Bumped whenever the parser's output changes, so caches are rebuilt."""


def parse_text(text: str, source: str = "<text>") -> tuple[Digest, ...]:
    """Parse decoded digest markdown into one digest per header (at least one), each
    carrying the name of the family (`Digest.format`) it was read as."""
    from paper_tui.digest.formats import choose_adapter  # the adapters load on first parse

    # Line breaks first: `clean` would drop a lone CR, which joins two lines.
    front = strip_front_matter(clean(unify_line_breaks(text)))
    facts = SourceFacts.of(source, front.date)
    return choose_adapter(front.text).parse(front.text, facts)


def parse_bytes(data: bytes, source: str) -> tuple[Digest, ...] | LoadError:
    """Decode and parse one file's bytes; decoding warnings go on the first digest."""
    decoded = decode(data, source)
    if isinstance(decoded, LoadError):
        return decoded
    text, decode_warnings = decoded
    digests = parse_text(text, source)
    if decode_warnings:
        first = digests[0]
        digests = (replace(first, warnings=decode_warnings + first.warnings), *digests[1:])
    return digests


def parse_file(path: str | Path) -> tuple[Digest, ...] | LoadError:
    """Read and parse one file; any OS error becomes a `LoadError` naming it."""
    data = read_file(path)
    if isinstance(data, LoadError):
        return data
    return parse_bytes(data, str(path))
