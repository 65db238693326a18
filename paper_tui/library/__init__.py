"""The papers a reader has: loading digests from anywhere, the saved library
(`add`, listing, trash), downloads, and the search index cached with the parses.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.library.download import redacted
    from paper_tui.library.index_cache import cached_search_index
    from paper_tui.library.loading import (
        find_digest_files,
        load,
        parse_files,
        read_stdin,
        sample_digest_path,
    )
    from paper_tui.library.periods import (
        Calendar,
        Period,
        build_calendar,
        period_query,
        span_query,
    )
    from paper_tui.library.saved import (
        add_to_library,
        library_entries,
        library_files,
        load_library,
        relative,
    )
    from paper_tui.library.sources import (
        FIELDS,
        add_source,
        is_folder_source,
        remove_source,
        template_problem,
        url_for,
    )
    from paper_tui.library.sync import (
        NO_SOURCES_HINT,
        SyncItem,
        SyncReport,
        source_key,
        sync_all,
        sync_sources,
    )
    from paper_tui.library.trash import month_days, remove, restore, trashed_files
    from paper_tui.library.watch import POLL_SECONDS, FolderChanges, FolderWatch

_PUBLIC = {
    "POLL_SECONDS": "watch",
    "FolderChanges": "watch",
    "FolderWatch": "watch",
    "Calendar": "periods",
    "Period": "periods",
    "build_calendar": "periods",
    "period_query": "periods",
    "span_query": "periods",
    "FIELDS": "sources",
    "NO_SOURCES_HINT": "sync",
    "SyncItem": "sync",
    "SyncReport": "sync",
    "add_source": "sources",
    "is_folder_source": "sources",
    "redacted": "download",
    "remove_source": "sources",
    "source_key": "sync",
    "sync_all": "sync",
    "sync_sources": "sync",
    "template_problem": "sources",
    "url_for": "sources",
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
    "FIELDS",
    "NO_SOURCES_HINT",
    "POLL_SECONDS",
    "Calendar",
    "FolderChanges",
    "FolderWatch",
    "Period",
    "SyncItem",
    "SyncReport",
    "add_source",
    "add_to_library",
    "build_calendar",
    "cached_search_index",
    "find_digest_files",
    "is_folder_source",
    "library_entries",
    "library_files",
    "load",
    "load_library",
    "month_days",
    "parse_files",
    "period_query",
    "read_stdin",
    "redacted",
    "relative",
    "remove",
    "remove_source",
    "restore",
    "sample_digest_path",
    "source_key",
    "span_query",
    "sync_all",
    "sync_sources",
    "template_problem",
    "trashed_files",
    "url_for",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
