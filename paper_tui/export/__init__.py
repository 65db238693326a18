"""Papers for other tools: JSON, CSV, BibTeX, RIS and a Markdown brief.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.export.formats import (
        FORMATS,
        NO_MARKS,
        Marks,
        MarksOf,
        bibtex_entry,
        bibtex_key,
        bibtex_keys,
        export,
        export_chunks,
        ris_entry,
        to_json,
    )

_PUBLIC = {
    "FORMATS": "formats",
    "Marks": "formats",
    "MarksOf": "formats",
    "NO_MARKS": "formats",
    "bibtex_entry": "formats",
    "bibtex_key": "formats",
    "bibtex_keys": "formats",
    "export": "formats",
    "export_chunks": "formats",
    "ris_entry": "formats",
    "to_json": "formats",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "FORMATS",
    "NO_MARKS",
    "Marks",
    "MarksOf",
    "bibtex_entry",
    "bibtex_key",
    "bibtex_keys",
    "export",
    "export_chunks",
    "ris_entry",
    "to_json",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
