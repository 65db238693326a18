"""What `sync` remembers between runs: per source the last day synced and when
its last sync ran (with what it added and what failed), per URL the ETag and
Last-Modified its server gave, per file of a folder source the (size, mtime_ns)
it had when added.

Bookkeeping, not user data: losing it costs one sync that asks for everything
again (and `add` skips what the library already holds), so a corrupt file is
moved aside (`sync.sqlite3.corrupt-TIMESTAMP`) and started afresh, with a
warning, and writes use `synchronous=NORMAL`. Kept apart from the settings
(which the user edits) and the reading state (which is precious). Two syncs at
once (the app's and the command's) share it through SQLite's WAL and locks.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from paper_tui.store import paths
from paper_tui.store.files import locked, move_to_free_name, stamped_names
from paper_tui.store.sqlite_file import CorruptDatabase, is_corruption, move_side_files

SYNC_FORMAT = 1
_BUSY_TIMEOUT_SECONDS = 10.0

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS sources (
        template TEXT PRIMARY KEY,
        synced_through TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS urls (
        url TEXT PRIMARY KEY,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        checked REAL NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL
    )""",
    # Added within format 1: a paper-tui that does not know it leaves it alone.
    """CREATE TABLE IF NOT EXISTS runs (
        template TEXT PRIMARY KEY,
        finished REAL NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0
    )""",
)

FileMark = tuple[int, int]
"""A file as it was when added: (size, mtime_ns)."""


@dataclass(frozen=True, slots=True)
class SyncRun:
    """The last sync of one source: when it ended, files it added, days or files failed."""

    finished: float
    """Seconds since the epoch."""
    added: int
    failed: int


class SyncStateError(Exception):
    """The bookkeeping could not be opened (locked too long, no permission, a
    newer format); `str()` is `PATH: reason`. A sync then runs without it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SyncState:
    """The sync bookkeeping; open with `SyncState.open()`, usable from any thread."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        self._lock = threading.Lock()
        self.warnings: list[str] = []

    @classmethod
    def open(cls, path: Path | None = None) -> SyncState:
        """Open (or create) the bookkeeping; a corrupt file is moved aside and
        started afresh (said in `warnings`). Raises `SyncStateError` otherwise."""
        path = path if path is not None else paths.sync_state_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with locked(path.with_suffix(".lock")):
                warnings: list[str] = []
                try:
                    connection = _connect(path)
                except sqlite3.DatabaseError as error:
                    if not is_corruption(error):
                        raise SyncStateError(path, f"cannot open: {error}") from error
                    moved = move_to_free_name(
                        path, stamped_names(path.parent, path.name, "corrupt")
                    )
                    move_side_files(path, moved)
                    warnings.append(
                        f"{path}: unreadable ({' '.join(str(error).split())[:200]}); moved "
                        f"aside to {moved.name}, every source is asked for afresh"
                    )
                    connection = _connect(path)
        except OSError as error:
            failed = Path(error.filename) if error.filename else path
            raise SyncStateError(failed, error.strerror or str(error)) from error
        except sqlite3.DatabaseError as error:
            raise SyncStateError(path, f"cannot start a fresh one: {error}") from error
        state = cls(path, connection)
        state.warnings.extend(warnings)
        return state

    # -- sources ------------------------------------------------------------------

    def synced_through(self, template: str) -> date | None:
        """The last day synced from `template` (every day up to it done), if any."""
        row = self._one("SELECT synced_through FROM sources WHERE template = ?", (template,))
        if row is None:
            return None
        try:
            return date.fromisoformat(str(row[0]))
        except ValueError:
            return None

    def set_synced_through(self, template: str, day: date) -> None:
        """Remember that every day of `template` up to `day` is synced."""
        self._write(
            "INSERT INTO sources (template, synced_through) VALUES (?, ?) "
            "ON CONFLICT (template) DO UPDATE SET synced_through = excluded.synced_through",
            [(template, day.isoformat())],
        )

    def record_run(self, template: str, finished: float, added: int, failed: int) -> None:
        """Remember that a sync of `template` ended at `finished`, adding `added`
        files, with `failed` days or files failed."""
        self._write(
            "INSERT OR REPLACE INTO runs (template, finished, added, failed) VALUES (?, ?, ?, ?)",
            [(template, finished, added, failed)],
        )

    def last_run(self, template: str) -> SyncRun | None:
        """The last sync of `template`, if one is remembered."""
        row = self._one("SELECT finished, added, failed FROM runs WHERE template = ?", (template,))
        if row is None:
            return None
        try:
            return SyncRun(float(row[0]), int(row[1]), int(row[2]))
        except (TypeError, ValueError):
            return None

    # -- urls ---------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str, str]:
        """(ETag, Last-Modified) remembered for `url`; ("", "") when none."""
        row = self._one("SELECT etag, last_modified FROM urls WHERE url = ?", (url,))
        return ("", "") if row is None else (str(row[0]), str(row[1]))

    def remember_validators(self, url: str, etag: str, last_modified: str) -> None:
        """Keep what the server said identifies `url`'s file (nothing kept: forgotten)."""
        if not etag and not last_modified:
            self._write("DELETE FROM urls WHERE url = ?", [(url,)])
            return
        self._write(
            "INSERT INTO urls (url, etag, last_modified, checked) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, checked = excluded.checked",
            [(url, etag, last_modified, time.time())],
        )

    # -- files of folder sources ---------------------------------------------------

    def file_marks(self, names: Iterable[str]) -> dict[str, FileMark]:
        """The (size, mtime_ns) remembered for each of `names` that has one."""
        wanted = list(names)
        found: dict[str, FileMark] = {}
        for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            statement = f"SELECT path, size, mtime_ns FROM files WHERE path IN ({marks})"
            rows = self._all(statement, chunk)
            found.update({str(name): (int(size), int(mtime)) for name, size, mtime in rows})
        return found

    def files_under(self, folder: str) -> list[str]:
        """Every file remembered under `folder` (a folder source's files, as listed)."""
        prefix = folder.rstrip(os.sep) + os.sep
        rows = self._all(
            "SELECT path FROM files WHERE substr(path, 1, ?) = ? ORDER BY path",
            (len(prefix), prefix),
        )
        return [str(row[0]) for row in rows]

    def remember_files(self, marks: dict[str, FileMark]) -> None:
        """Keep each file's (size, mtime_ns) as added, in one transaction."""
        self._write(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns) VALUES (?, ?, ?)",
            [(name, size, mtime) for name, (size, mtime) in marks.items()],
        )

    # -- plumbing -----------------------------------------------------------------

    def _one(self, statement: str, parameters: tuple[object, ...]) -> tuple[Any, ...] | None:
        rows = self._all(statement, parameters)
        return rows[0] if rows else None

    def _all(self, statement: str, parameters: Sequence[object]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return [tuple(row) for row in self._connection.execute(statement, parameters)]
        except sqlite3.DatabaseError as error:
            raise SyncStateError(self.path, f"cannot read: {error}") from error

    def _write(self, statement: str, rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        try:
            with self._lock:
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    self._connection.executemany(statement, rows)
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise SyncStateError(self.path, f"could not save: {error}") from error

    def close(self) -> None:
        """Close the database (every change is already saved), after any statement in
        flight in another thread (closing under one crashes the interpreter)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._connection.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    """Open and check the database; raises sqlite3.DatabaseError when it cannot be
    read, SyncStateError when it is written by a newer paper-tui."""
    connection = sqlite3.connect(
        path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        check = connection.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise CorruptDatabase(f"integrity check failed: {check[0] if check else '?'}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SYNC_FORMAT:
            raise SyncStateError(
                path, f"written by a newer paper-tui (format {version}); left as it is"
            )
        for statement in _SCHEMA:
            connection.execute(statement)
        if version != SYNC_FORMAT:
            connection.execute(f"PRAGMA user_version={SYNC_FORMAT}")
    except BaseException:
        connection.close()
        raise
    return connection
