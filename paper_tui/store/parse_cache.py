"""The parse cache: unchanged digest files are not parsed again.

One SQLite row per file, keyed by its absolute path and valid while the file's
(size, mtime_ns, inode, ctime_ns) and `parse.PARSER_VERSION` match. The inode
and ctime catch what size and mtime miss: a same-size edit whose mtime was
put back (`cp -p`, `rsync -a`, `touch -r`), or another file moved over it;
nobody can set ctime. And, as git does for its index, a row whose file was
modified within `RACY_SECONDS` of being stored is not trusted: an edit in
the same clock tick as the read could keep every one of those values.
Parsing a 10-year library takes seconds; reading it back from here is meant
to take well under one.

Each row holds the file's digests as `packing.encode` packs them (see there
for why that shape).

The cache is disposable: a corrupt or old one is discarded and rebuilt, with
a warning in `ParseCache.warnings`, never an exception for the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paper_tui.collector import collector_paused
from paper_tui.digest import PARSER_VERSION
from paper_tui.model import Digest
from paper_tui.store import paths
from paper_tui.store.packing import Packed, decode, encode
from paper_tui.store.sqlite_file import is_corruption, side_files

if TYPE_CHECKING:
    pass

CACHE_FORMAT = 3
"""Bumped when the row encoding changes; a cache of another format is rebuilt."""

_LOOKUP_CHUNK = 500
RACY_SECONDS = 2.0
"""A file modified this close to when its parse was stored is parsed again."""
_LOCK_TIMEOUT_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    stored_ns INTEGER NOT NULL,
    parser_version INTEGER NOT NULL,
    meta BLOB NOT NULL,
    text BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
    name TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    data BLOB NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class FileKey:
    """What must not have changed for a cached parse to stand."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int

    def version(self) -> tuple[int, int, int, int]:
        """Everything but the path: equal when the file is (taken to be) unchanged."""
        return (self.size, self.mtime_ns, self.inode, self.ctime_ns)


def file_key(name: str) -> FileKey | None:
    """The key of a file on disk now, or None when it cannot be stat'ed."""
    try:
        status = os.stat(name)
    except OSError:
        return None
    return FileKey(
        os.path.abspath(name),
        status.st_size,
        status.st_mtime_ns,
        status.st_ino,
        status.st_ctime_ns,
    )


# -- the cache ----------------------------------------------------------------


class ParseCache:
    """Parsed digests by file, in a SQLite database under the cache dir.

    Use `ParseCache.open()`; pass it to `library.load(..., cache=...)`.
    Every problem becomes a line in `warnings` and a cache miss.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection | None) -> None:
        self.path = path
        self._connection = connection
        self.warnings: list[str] = []
        self.hits = 0
        self.misses = 0
        self.last_fingerprint: str | None = None
        """Identifies the set of files (and their versions) the last `library.load`
        read, in order; None when it cannot (stdin, files gone). Keys derived data."""
        self.last_keys: dict[str, FileKey] = {}
        """The key of every file the last `lookup` found, by the name it was given."""

    @classmethod
    def open(cls, path: Path | None = None) -> ParseCache:
        """Open (creating, or rebuilding when corrupt or old) the cache at `path`."""
        path = path if path is not None else paths.cache_file()
        cache = cls(path, None)
        cache._connection = cache._connect()
        return cache

    def _connect(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.warnings.append(f"parse cache disabled: {self.path.parent}: {error.strerror}")
            return None
        for attempt in range(2):
            try:
                return self._prepare(sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT_SECONDS))
            except sqlite3.DatabaseError as error:
                warning = f"parse cache unreadable ({error}); rebuilt"
                if is_corruption(error) and attempt == 0 and self._discard(warning):
                    continue
                self.warnings.append(f"parse cache disabled: {error}")
                break
        return None

    def _prepare(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if version != CACHE_FORMAT and tables:
                self.warnings.append(
                    f"parse cache was written in format {version}, not {CACHE_FORMAT}; rebuilt"
                )
                connection.execute("DROP TABLE IF EXISTS entries")
                connection.execute("DROP TABLE IF EXISTS blobs")
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version={CACHE_FORMAT}")
            connection.commit()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _discard(self, warning: str) -> bool:
        """Delete the cache files (it is only a cache); True if that worked."""
        self.warnings.append(warning)
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None
        try:
            for path in (self.path, *side_files(self.path)):
                path.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Rebuild a corrupt cache; for anything else (locked...) just say so."""
        if not is_corruption(error):
            self.warnings.append(f"parse cache not used: {error}")
        elif self._discard(f"parse cache corrupt ({error}); rebuilt"):
            self._connection = self._connect()

    @property
    def enabled(self) -> bool:
        """False when the cache could not be opened at all (loading still works)."""
        return self._connection is not None

    def lookup(
        self, names: Sequence[str]
    ) -> tuple[dict[str, tuple[Digest, ...]], dict[str, FileKey]]:
        """(digests of files whose cached parse stands, keys of every file that exists)."""
        keys: dict[str, FileKey] = {}
        for name in names:
            key = file_key(name)
            if key is not None:
                keys[name] = key
        self.last_keys = keys
        hits: dict[str, tuple[Digest, ...]] = {}
        if self._connection is None or not keys:
            self.misses += len(names)
            return hits, keys
        names_by_path: dict[str, list[str]] = {}
        for name, key in keys.items():
            names_by_path.setdefault(key.path, []).append(name)
        damaged: list[str] = []
        dates: dict[int, date] = {}
        racy_ns = int(RACY_SECONDS * 1e9)
        try:
            with collector_paused():
                for path, *stored, stored_ns, version, meta, text in self._rows(
                    list(names_by_path)
                ):
                    if version != PARSER_VERSION or stored[1] > stored_ns - racy_ns:
                        continue
                    for name in names_by_path[path]:
                        if keys[name].version() != tuple(stored):
                            continue
                        try:
                            hits[name] = decode(meta, text, name, dates)
                        except (ValueError, TypeError, EOFError, IndexError, StopIteration):
                            damaged.append(path)
        except sqlite3.DatabaseError as error:
            self._recover(error)
            hits = {}
        if damaged:
            self.warnings.append(f"parse cache: {len(damaged)} damaged entries dropped")
            self._delete(damaged)
        self.hits += len(hits)
        self.misses += len(names) - len(hits)
        return hits, keys

    def _rows(self, keys: list[str]) -> Iterator[tuple[Any, ...]]:
        assert self._connection is not None
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self._connection.execute(
                "SELECT path, size, mtime_ns, inode, ctime_ns, stored_ns, parser_version, "
                "meta, text FROM entries "
                f"WHERE path IN ({marks})",
                chunk,
            )

    def store(self, entries: Iterable[tuple[FileKey, Sequence[Digest] | Packed]]) -> int:
        """Remember these parses, as digests or already packed (one transaction);
        the number stored.

        Rows are encoded one at a time as SQLite takes them, so a cold load of
        a whole library never holds all its encoded text at once.
        """
        if self._connection is None:
            return 0
        stored = 0
        now_ns = time.time_ns()

        def rows() -> Iterator[tuple[object, ...]]:
            nonlocal stored
            for key, digests in entries:
                encoded = digests if isinstance(digests, Packed) else encode(digests)
                if encoded is not None:
                    stored += 1
                    yield (key.path, *key.version(), now_ns, PARSER_VERSION, *encoded)

        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows()
                )
        except sqlite3.OperationalError as error:
            # Locked by another instance for too long, read-only, disk full: skip this time.
            self.warnings.append(f"parse cache not updated: {error}")
            return 0
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return 0
        return stored

    def _delete(self, keys: Sequence[str]) -> None:
        if self._connection is None:
            return
        try:
            with self._connection:
                self._connection.executemany(
                    "DELETE FROM entries WHERE path = ?", [(key,) for key in keys]
                )
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"parse cache not updated: {error}")

    def prune(self) -> int:
        """Forget files that no longer exist; the number forgotten."""
        if self._connection is None:
            return 0
        try:
            stored = [row[0] for row in self._connection.execute("SELECT path FROM entries")]
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return 0
        gone = [path for path in stored if not os.path.exists(path)]
        self._delete(gone)
        return len(gone)

    def get_blob(self, name: str, fingerprint: str) -> bytes | None:
        """Derived data stored under `name`, if stored for this very `fingerprint`."""
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT data FROM blobs WHERE name = ? AND fingerprint = ?", (name, fingerprint)
            ).fetchone()
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return None
        return None if row is None else bytes(row[0])

    def put_blob(self, name: str, fingerprint: str, data: bytes) -> None:
        """Store derived data (one per `name`; the newest wins)."""
        if self._connection is None:
            return
        try:
            with self._connection:
                self._connection.execute(
                    "INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)", (name, fingerprint, data)
                )
        except sqlite3.OperationalError as error:
            self.warnings.append(f"parse cache not updated: {error}")
        except sqlite3.DatabaseError as error:
            self._recover(error)

    def forget_blobs(self, prefix: str, keep: Iterable[str]) -> None:
        """Delete the derived data whose name starts with `prefix`, but for `keep`."""
        if self._connection is None:
            return
        kept = set(keep)
        try:
            with self._connection:
                names = [
                    row[0]
                    for row in self._connection.execute(
                        "SELECT name FROM blobs WHERE substr(name, 1, ?) = ?", (len(prefix), prefix)
                    )
                ]
                self._connection.executemany(
                    "DELETE FROM blobs WHERE name = ?",
                    [(name,) for name in names if name not in kept],
                )
        except sqlite3.OperationalError as error:
            self.warnings.append(f"parse cache not updated: {error}")
        except sqlite3.DatabaseError as error:
            self._recover(error)

    def __len__(self) -> int:
        if self._connection is None:
            return 0
        try:
            return int(self._connection.execute("SELECT count(*) FROM entries").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0

    def close(self) -> None:
        """Close the database (further lookups miss)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> ParseCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def fingerprint(keys: Iterable[FileKey]) -> str:
    """One string for a sequence of file versions and the parser that read them."""
    digest = hashlib.sha256(f"parser {PARSER_VERSION}\n".encode())
    for key in keys:
        line = "\0".join(str(part) for part in (key.path, *key.version()))
        digest.update(f"{line}\n".encode("utf-8", "replace"))
    return digest.hexdigest()
