"""What is kept on disk: where (paths), how (files, SQLite helpers, packing), the
parse cache, the reading state (read, starred, notes, settings, position) and
the config file (`settings`).

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.store import paths
    from paper_tui.store.files import (
        check_readable,
        file_kind,
        has_content,
        locked,
        move_to_free_name,
        numbered_names,
        size_in_words,
        stamped_names,
        unreadable_reason,
        write_new,
    )
    from paper_tui.store.packing import Packed, SharedSections, Texts, decode, encode, split_texts
    from paper_tui.store.parse_cache import RACY_SECONDS, FileKey, ParseCache, fingerprint
    from paper_tui.store.paths import debug_log_file
    from paper_tui.store.reading_state import (
        LIST_SHARE_KEY,
        SORT_KEY,
        THEME_KEY,
        ReadingState,
        StateError,
        saved_marks,
        saved_mutes,
        saved_theme,
    )
    from paper_tui.store.settings import (
        DEFAULT_SECTION_NAMES,
        SORTS,
        Settings,
        SettingsError,
        Source,
        canonical_section,
        load_settings,
        matching_section,
        save_sources,
        section_key,
        settings_toml,
    )
    from paper_tui.store.snapshot import SNAPSHOT_FORMAT, Snapshot, decode_snapshot, encode_snapshot
    from paper_tui.store.sync_state import SyncState, SyncStateError

_PUBLIC = {
    "DEFAULT_SECTION_NAMES": "settings",
    "SORTS": "settings",
    "SNAPSHOT_FORMAT": "snapshot",
    "Snapshot": "snapshot",
    "decode_snapshot": "snapshot",
    "encode_snapshot": "snapshot",
    "Settings": "settings",
    "SettingsError": "settings",
    "Source": "settings",
    "canonical_section": "settings",
    "load_settings": "settings",
    "matching_section": "settings",
    "save_sources": "settings",
    "section_key": "settings",
    "settings_toml": "settings",
    "LIST_SHARE_KEY": "reading_state",
    "FileKey": "parse_cache",
    "Packed": "packing",
    "SharedSections": "packing",
    "Texts": "packing",
    "ParseCache": "parse_cache",
    "RACY_SECONDS": "parse_cache",
    "ReadingState": "reading_state",
    "SORT_KEY": "reading_state",
    "StateError": "reading_state",
    "SyncState": "sync_state",
    "SyncStateError": "sync_state",
    "THEME_KEY": "reading_state",
    "check_readable": "files",
    "debug_log_file": "paths",
    "decode": "packing",
    "encode": "packing",
    "file_kind": "files",
    "fingerprint": "parse_cache",
    "has_content": "files",
    "locked": "files",
    "move_to_free_name": "files",
    "numbered_names": "files",
    "saved_marks": "reading_state",
    "saved_mutes": "reading_state",
    "saved_theme": "reading_state",
    "size_in_words": "files",
    "split_texts": "packing",
    "stamped_names": "files",
    "unreadable_reason": "files",
    "write_new": "files",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "DEFAULT_SECTION_NAMES",
    "LIST_SHARE_KEY",
    "RACY_SECONDS",
    "SNAPSHOT_FORMAT",
    "SORTS",
    "SORT_KEY",
    "THEME_KEY",
    "FileKey",
    "Packed",
    "ParseCache",
    "ReadingState",
    "Settings",
    "SettingsError",
    "SharedSections",
    "Snapshot",
    "Source",
    "StateError",
    "SyncState",
    "SyncStateError",
    "Texts",
    "canonical_section",
    "check_readable",
    "debug_log_file",
    "decode",
    "decode_snapshot",
    "encode",
    "encode_snapshot",
    "file_kind",
    "fingerprint",
    "has_content",
    "load_settings",
    "locked",
    "matching_section",
    "move_to_free_name",
    "numbered_names",
    "paths",
    "save_sources",
    "saved_marks",
    "saved_mutes",
    "saved_theme",
    "section_key",
    "settings_toml",
    "size_in_words",
    "split_texts",
    "stamped_names",
    "unreadable_reason",
    "write_new",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
