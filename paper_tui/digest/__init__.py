"""Digests, bytes to papers: decoding, arXiv ids, the tuned mistletoe parse, and one
adapter per digest family (`formats/`) that turns a file's markdown into the model
(`paper_tui.model`), chosen by what the file holds.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.digest.arxiv import normalize_arxiv_id, parse_arxiv_id
    from paper_tui.digest.assembly import is_local_id
    from paper_tui.digest.decoding import MAX_FILE_BYTES, read_file
    from paper_tui.digest.formats import FORMAT_NAMES
    from paper_tui.digest.parse import (
        PARSER_VERSION,
        date_from_path,
        parse_bytes,
        parse_file,
        parse_text,
    )

_PUBLIC = {
    "FORMAT_NAMES": "formats",
    "MAX_FILE_BYTES": "decoding",
    "PARSER_VERSION": "parse",
    "date_from_path": "parse",
    "is_local_id": "assembly",
    "normalize_arxiv_id": "arxiv",
    "parse_arxiv_id": "arxiv",
    "parse_bytes": "parse",
    "parse_file": "parse",
    "parse_text": "parse",
    "read_file": "decoding",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "FORMAT_NAMES",
    "MAX_FILE_BYTES",
    "PARSER_VERSION",
    "date_from_path",
    "is_local_id",
    "normalize_arxiv_id",
    "parse_arxiv_id",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_file",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
