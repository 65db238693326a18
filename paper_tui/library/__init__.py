"""The papers a reader has: loading digests from anywhere, the saved library
(`add`, listing, trash), downloads, and the search index cached with the parses.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.library.index_cache import cached_search_index
    from paper_tui.library.loading import (
        find_digest_files,
        load,
        parse_files,
        read_stdin,
        sample_digest_path,
    )
    from paper_tui.library.saved import (
        add_to_library,
        library_entries,
        library_files,
        load_library,
        relative,
    )
    from paper_tui.library.trash import month_days, remove, restore, trashed_files

_PUBLIC = {
    "add_to_library": "saved",
    "cached_search_index": "index_cache",
    "find_digest_files": "loading",
    "library_entries": "saved",
    "library_files": "saved",
    "load": "loading",
    "load_library": "saved",
    "parse_files": "loading",
    "read_stdin": "loading",
    "relative": "saved",
    "month_days": "trash",
    "remove": "trash",
    "restore": "trash",
    "trashed_files": "trash",
    "sample_digest_path": "loading",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "add_to_library",
    "cached_search_index",
    "find_digest_files",
    "library_entries",
    "library_files",
    "load",
    "load_library",
    "month_days",
    "parse_files",
    "read_stdin",
    "relative",
    "remove",
    "restore",
    "sample_digest_path",
    "trashed_files",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
