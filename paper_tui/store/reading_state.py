"""Reading state: read/starred/note per paper, the reading queue, saved queries
(feeds), muted queries, followed authors, and settings like the last position.

Keyed by arXiv id, so the same paper on two days shares its state. Stored in
SQLite (stdlib) in WAL mode with `synchronous=FULL` and one transaction per
change: a change is on disk when its call returns, a `kill -9` loses nothing
already returned, and two app instances writing at once both keep their
changes (each write sets one paper's field; nothing is read-modify-written
across processes). A corrupt file (malformed, failing its integrity check,
holding text that is not UTF-8 or tables without their columns) is moved aside
with a timestamp and a fresh one started with every row that could still be
read from it (`_salvage`); `ReadingState.warnings` says so (the CLI prints it,
the app should show it). A file that is only locked, or written by a newer
paper-tui, is left alone: `StateError`. Opening (check, move aside, start
afresh) holds `state.lock`, so two instances opening a corrupt file at once
cannot move each other's fresh state aside.

Reads are served from sets held in memory, loaded on open (`refresh()` loads
them again), so the list can ask about thousands of rows per frame.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from paper_tui.store import paths
from paper_tui.store.files import locked, move_to_free_name, stamped_names
from paper_tui.store.sqlite_file import CorruptDatabase, is_corruption, move_side_files
from paper_tui.text import name_key

STATE_FORMAT = 2
"""2: the queue, feeds, mutes and follows tables (a format-1 file gains them on open)."""
_BUSY_TIMEOUT_SECONDS = 10.0

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS papers (
        arxiv_id TEXT PRIMARY KEY,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated REAL NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS queue (
        arxiv_id TEXT PRIMARY KEY,
        added REAL NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS feeds (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        added REAL NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS mutes (
        query TEXT PRIMARY KEY,
        added REAL NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS follows (
        author_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        added REAL NOT NULL DEFAULT 0
    )""",
    # When each paper was first seen (`added`), for "new since last time".
    """CREATE TABLE IF NOT EXISTS seen (
        arxiv_id TEXT PRIMARY KEY,
        added REAL NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX IF NOT EXISTS seen_by_time ON seen (added)",
)

POSITION_KEY = "position"
SORT_KEY = "sort"
THEME_KEY = "theme"
LIST_SHARE_KEY = "list_share"
SESSION_STARTS_KEY = "session_starts"
"""The app's last start times (a list, oldest first), for `begin_session`."""
_KEPT_STARTS = 20


class StateError(Exception):
    """The state could not be opened or a change saved (locked too long, no
    permission, disk full, a newer format). `str()` is `PATH: reason`, as the
    CLI prints it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader was: the day shown and the paper highlighted."""

    day: date | None
    arxiv_id: str | None


class ReadingState:
    """Per-paper read/starred/note, the queue, feeds, mutes, followed authors and app
    settings, safe across crashes and instances.

    Open with `ReadingState.open()`. `is_read`/`is_starred` make it a
    `StateLookup` for search's `is:unread`/`is:starred`; `queued_ids()` and
    `followed()` answer `is:queued` and `is:followed`. Every setter is durable
    when it returns, or raises `StateError`.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        # The app may write from worker threads; one connection, one writer at a time.
        self._lock = threading.Lock()
        self.warnings: list[str] = []
        self.moved_aside: Path | None = None
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._notes: dict[str, str] = {}
        self._queued: dict[str, None] = {}  # in the order queued
        self._feeds: dict[str, str] = {}
        self._mutes: dict[str, None] = {}
        self._follows: dict[str, str] = {}  # name_key -> the name as followed
        self._previous_start: float | None = None
        self._began = False
        self._new: dict[float | None, frozenset[str]] = {}  # since -> ids, until a mark

    @classmethod
    def open(cls, path: Path | None = None) -> ReadingState:
        """Open the state at `path` (default: under the state dir), repairing if corrupt.

        Raises `StateError` when it cannot be opened at all (locked too long,
        no permission, written by a newer paper-tui; the file is left as it
        is): the app then runs without saving state and says so. A corrupt
        file moved aside is in `warnings` and `moved_aside`, for the caller to show.
        """
        path = path if path is not None else paths.state_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StateError(path, f"cannot create its folder: {error.strerror}") from error
        lock = path.with_suffix(".lock")
        try:
            with locked(lock):
                connection, moved, warnings = _open_or_repair(path)
        except OSError as error:
            # Name the file that failed: the lock (a read-only folder), not only the state.
            failed = Path(error.filename) if error.filename else path
            raise StateError(failed, error.strerror or str(error)) from error
        state = cls(path, connection)
        state.warnings.extend(warnings)
        state.moved_aside = moved
        state.refresh()
        return state

    def refresh(self) -> None:
        """Reload the in-memory view, picking up other instances' changes."""
        try:
            with self._lock:
                execute = self._connection.execute
                rows = execute("SELECT arxiv_id, read, starred, note FROM papers").fetchall()
                queue = execute("SELECT arxiv_id FROM queue ORDER BY added, rowid").fetchall()
                feeds = execute("SELECT name, query FROM feeds ORDER BY added, rowid").fetchall()
                mutes = execute("SELECT query FROM mutes ORDER BY added, rowid").fetchall()
                follows = execute(
                    "SELECT author_key, name FROM follows ORDER BY added, rowid"
                ).fetchall()
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"cannot read: {error}") from error
        self._read = {arxiv_id for arxiv_id, read, _, _ in rows if read}
        self._starred = {arxiv_id for arxiv_id, _, starred, _ in rows if starred}
        self._notes = {arxiv_id: note for arxiv_id, _, _, note in rows if note}
        self._queued = dict.fromkeys(arxiv_id for (arxiv_id,) in queue)
        self._feeds = dict(feeds)
        self._mutes = dict.fromkeys(query for (query,) in mutes)
        self._follows = dict(follows)
        self._new = {}

    # -- reads (from memory) ---------------------------------------------------

    def is_read(self, arxiv_id: str) -> bool:
        """True once the paper has been read (shown 2 s, or marked with `m`)."""
        return arxiv_id in self._read

    def is_starred(self, arxiv_id: str) -> bool:
        """True while the paper is starred."""
        return arxiv_id in self._starred

    def note(self, arxiv_id: str) -> str:
        """The paper's note, "" when it has none."""
        return self._notes.get(arxiv_id, "")

    def has_note(self, arxiv_id: str) -> bool:
        """True when the paper has a non-empty note."""
        return arxiv_id in self._notes

    def read_ids(self) -> frozenset[str]:
        """Every read paper's id (a snapshot)."""
        return frozenset(self._read)

    def starred_ids(self) -> frozenset[str]:
        """Every starred paper's id (a snapshot)."""
        return frozenset(self._starred)

    def noted_ids(self) -> frozenset[str]:
        """Every id with a note (a snapshot)."""
        return frozenset(self._notes)

    def unread_count(self, arxiv_ids: Iterable[str]) -> int:
        """How many distinct papers among `arxiv_ids` are not read."""
        return len(set(arxiv_ids) - self._read)

    def is_queued(self, arxiv_id: str) -> bool:
        """True while the paper is in the reading queue."""
        return arxiv_id in self._queued

    def queued_ids(self) -> tuple[str, ...]:
        """The queue's ids, first queued first (a snapshot)."""
        return tuple(self._queued)

    def feeds(self) -> dict[str, str]:
        """Saved queries, name -> query, in the order first saved (a copy)."""
        return dict(self._feeds)

    def mutes(self) -> tuple[str, ...]:
        """The muted queries, in the order muted: papers matching any are hidden."""
        return tuple(self._mutes)

    def followed(self) -> tuple[str, ...]:
        """The followed authors, as first followed, in that order."""
        return tuple(self._follows.values())

    def is_followed(self, author: str) -> bool:
        """True when `author` (compared by `text.name_key`) is followed."""
        return name_key(author) in self._follows

    def followed_keys(self) -> frozenset[str]:
        """The followed authors as `text.name_key` gives them (a snapshot)."""
        return frozenset(self._follows)

    # -- writes (durable on return) ---------------------------------------------

    def set_read(self, arxiv_id: str, read: bool = True) -> None:
        """Mark a paper read or unread."""
        self._upsert(arxiv_id, "read", int(read))
        (self._read.add if read else self._read.discard)(arxiv_id)

    def toggle_read(self, arxiv_id: str) -> bool:
        """Flip read as this instance shows it; the new value."""
        read = not self.is_read(arxiv_id)
        self.set_read(arxiv_id, read)
        return read

    def set_starred(self, arxiv_id: str, starred: bool = True) -> None:
        """Star or unstar a paper."""
        self._upsert(arxiv_id, "starred", int(starred))
        (self._starred.add if starred else self._starred.discard)(arxiv_id)

    def toggle_star(self, arxiv_id: str) -> bool:
        """Flip starred as this instance shows it (`b` does what the row shows); the new value."""
        starred = not self.is_starred(arxiv_id)
        self.set_starred(arxiv_id, starred)
        return starred

    def set_note(self, arxiv_id: str, text: str) -> None:
        """Replace the paper's note; blank text removes it."""
        text = text if text.strip() else ""
        self._upsert(arxiv_id, "note", text)
        if text:
            self._notes[arxiv_id] = text
        else:
            self._notes.pop(arxiv_id, None)

    def set_queued(self, arxiv_id: str, queued: bool = True) -> None:
        """Put a paper in the reading queue (at the end; one already there keeps its
        place) or take it out."""
        if queued:
            self._execute(
                "INSERT INTO queue (arxiv_id, added) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (arxiv_id, time.time()),
            )
            self._queued.setdefault(arxiv_id, None)
        else:
            self._execute("DELETE FROM queue WHERE arxiv_id = ?", (arxiv_id,))
            self._queued.pop(arxiv_id, None)

    def toggle_queued(self, arxiv_id: str) -> bool:
        """Flip queued as this instance shows it; the new value."""
        queued = not self.is_queued(arxiv_id)
        self.set_queued(arxiv_id, queued)
        return queued

    def save_feed(self, name: str, query: str) -> None:
        """Save `query` under `name` (a feed), replacing the query of that name.
        Raises ValueError for a blank name or query."""
        name, query = " ".join(name.split()), query.strip()
        if not name or not query:
            raise ValueError("a feed needs a name and a query")
        self._execute(
            "INSERT INTO feeds (name, query, added) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            (name, query, time.time()),
        )
        self._feeds[name] = query

    def remove_feed(self, name: str) -> bool:
        """Forget the feed `name`; whether there was one."""
        name = " ".join(name.split())
        self._execute("DELETE FROM feeds WHERE name = ?", (name,))
        return self._feeds.pop(name, None) is not None

    def mute(self, query: str) -> None:
        """Hide the papers matching `query` from every list (`is:muted` shows them).
        Raises ValueError for a blank query."""
        query = query.strip()
        if not query:
            raise ValueError("a mute needs a query")
        self._execute(
            "INSERT INTO mutes (query, added) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (query, time.time()),
        )
        self._mutes.setdefault(query, None)

    def unmute(self, query: str) -> bool:
        """Stop muting `query` (as `mutes()` gives it); whether it was muted."""
        query = query.strip()
        self._execute("DELETE FROM mutes WHERE query = ?", (query,))
        return self._mutes.pop(query, "gone") is None

    def follow(self, author: str) -> None:
        """Follow an author (matched by `text.name_key`: case, width, spacing aside).
        Raises ValueError for a blank name."""
        key, name = name_key(author), " ".join(author.split())
        if not key:
            raise ValueError("an author to follow needs a name")
        self._execute(
            "INSERT INTO follows (author_key, name, added) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (key, name, time.time()),
        )
        self._follows.setdefault(key, name)

    def unfollow(self, author: str) -> bool:
        """Stop following `author` (however spelled); whether they were followed."""
        key = name_key(author)
        self._execute("DELETE FROM follows WHERE author_key = ?", (key,))
        return self._follows.pop(key, None) is not None

    # -- many papers at once ------------------------------------------------------

    def set_read_many(self, arxiv_ids: Iterable[str], read: bool = True) -> None:
        """Mark every paper read (or unread) in one transaction: all or none."""
        ids = list(dict.fromkeys(arxiv_ids))
        if not ids:
            return
        now = time.time()
        self._execute_many(
            "INSERT INTO papers (arxiv_id, read, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (arxiv_id) DO UPDATE SET read = excluded.read, "
            "updated = excluded.updated",
            [(arxiv_id, int(read), now) for arxiv_id in ids],
        )
        if read:
            self._read.update(ids)
        else:
            self._read.difference_update(ids)

    def mark_read(self, arxiv_ids: Iterable[str]) -> frozenset[str]:
        """Mark every paper read ("mark all shown read"); the ids among them that
        were read already, so undo is `set_read_many(ids - previous, False)`."""
        ids = list(dict.fromkeys(arxiv_ids))
        previous = frozenset(arxiv_id for arxiv_id in ids if arxiv_id in self._read)
        self.set_read_many([arxiv_id for arxiv_id in ids if arxiv_id not in previous])
        return previous

    # -- new since last time -------------------------------------------------------

    def begin_session(self, now: float) -> float | None:
        """Record that the app started at `now`; the start before it (None the first
        time). A paper first seen after that start is new (`new_ids`)."""
        previous: float | None = None
        try:
            with self._lock, _transaction(self._connection):
                row = self._connection.execute(
                    "SELECT value FROM settings WHERE key = ?", (SESSION_STARTS_KEY,)
                ).fetchone()
                starts = _starts(_json(row[0]) if row else None)
                previous = max((start for start in starts if start < now), default=None)
                kept = sorted([*starts, now])[-_KEPT_STARTS:]
                self._connection.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (SESSION_STARTS_KEY, json.dumps(kept)),
                )
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"could not save: {error}") from error
        self._previous_start = previous
        self._began = True
        self._new = {}
        return previous

    @property
    def previous_start(self) -> float | None:
        """The start before this one, as `begin_session` returned it; where no session
        began (the command line), the start before the app's last one, so that
        `is:new` finds what the app shows (or showed) as new."""
        if self._began:
            return self._previous_start
        starts = _starts(self.get_setting(SESSION_STARTS_KEY))
        return starts[-2] if len(starts) >= 2 else None

    def mark_seen(self, arxiv_ids: Iterable[str], now: float) -> int:
        """Remember `now` as when each id not known yet was first seen (a known id
        keeps its time); how many were not known. One statement for them all. The
        papers of the app's first load are seen at the session's start (the time
        given to `begin_session`), so that next time only later ones are new."""
        rows = [(arxiv_id, now) for arxiv_id in dict.fromkeys(arxiv_ids) if arxiv_id]
        if not rows:
            return 0
        try:
            with self._lock, _transaction(self._connection):
                before = self._connection.total_changes
                self._connection.executemany(
                    "INSERT OR IGNORE INTO seen (arxiv_id, added) VALUES (?, ?)", rows
                )
                added = self._connection.total_changes - before
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"could not save: {error}") from error
        if added:
            self._new = {}
        return added

    def new_ids(self, since: float | None = None) -> frozenset[str]:
        """The ids first seen after `since` (default: the previous start, as
        `begin_session` returned it; none when there was none). Kept until the
        next `mark_seen`, so `is:new` costs one set lookup per paper."""
        since = self.previous_start if since is None else since
        if since is None:
            return frozenset()
        cached = self._new.get(since)
        if cached is None:
            try:
                with self._lock:
                    rows = self._connection.execute(
                        "SELECT arxiv_id FROM seen WHERE added > ?", (since,)
                    ).fetchall()
            except sqlite3.DatabaseError as error:
                raise StateError(self.path, f"cannot read: {error}") from error
            cached = frozenset(arxiv_id for (arxiv_id,) in rows)
            self._new[since] = cached
        return cached

    def is_new(self, arxiv_id: str) -> bool:
        """True when the paper was first seen after the previous start (`is:new`)."""
        return arxiv_id in self.new_ids()

    def _execute_many(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self._lock, _transaction(self._connection):
                self._connection.executemany(statement, rows)
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"could not save: {error}") from error

    def _upsert(self, arxiv_id: str, column: str, value: object) -> None:
        assert column in ("read", "starred", "note")
        statement = (
            f"INSERT INTO papers (arxiv_id, {column}, updated) VALUES (?, ?, ?) "
            f"ON CONFLICT (arxiv_id) DO UPDATE SET {column} = excluded.{column}, "
            "updated = excluded.updated"
        )
        self._execute(statement, (arxiv_id, value, time.time()))

    def _execute(self, statement: str, parameters: tuple[Any, ...]) -> None:
        try:
            with self._lock:
                self._connection.execute(statement, parameters)
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"could not save: {error}") from error

    # -- settings ---------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's value as it was saved (any JSON value), or `default`."""
        try:
            with self._lock:
                row = self._connection.execute(
                    "SELECT value FROM settings WHERE key = ?", (key,)
                ).fetchone()
        except sqlite3.DatabaseError as error:
            raise StateError(self.path, f"cannot read: {error}") from error
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set_setting(self, key: str, value: Any) -> None:
        """Save a JSON-serializable setting (sort, theme, ...)."""
        encoded = json.dumps(value, ensure_ascii=False)
        self._execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, encoded),
        )

    def last_position(self) -> Position | None:
        """Where the reader was when last closed, if anywhere."""
        value = self.get_setting(POSITION_KEY)
        if not isinstance(value, dict):
            return None
        day_text, arxiv_id = value.get("day"), value.get("paper")
        try:
            day = date.fromisoformat(day_text) if isinstance(day_text, str) else None
        except ValueError:
            day = None
        return Position(day, arxiv_id if isinstance(arxiv_id, str) else None)

    def set_last_position(self, day: date | None, arxiv_id: str | None) -> None:
        """Remember the day shown and the paper highlighted."""
        value = {"day": day.isoformat() if day else None, "paper": arxiv_id}
        self.set_setting(POSITION_KEY, value)

    # -- lifetime ---------------------------------------------------------------

    def close(self) -> None:
        """Close the database (every change is already saved).

        Waits for a write in flight in another thread: closing a connection while a
        worker thread runs a statement on it crashes the interpreter. What is
        asked of it afterwards raises `StateError` (a closed database)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._connection.close()

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _open_or_repair(path: Path) -> tuple[sqlite3.Connection, Path | None, list[str]]:
    """(connection, where a corrupt file went, warnings); call holding the state lock.

    A corrupt file is moved aside and a fresh one started holding every row that
    could still be read from it. Raises StateError for a file that is not corrupt
    but cannot be used, and OSError when a corrupt one cannot be moved.
    """
    try:
        return _connect(path), None, []
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            raise StateError(path, f"cannot open: {error}") from error
        reason = " ".join(str(error).split())[:200]
    papers, settings, lists = _salvage(path)
    moved = move_to_free_name(path, stamped_names(path.parent, path.name, "corrupt"))
    move_side_files(path, moved)
    try:
        connection = _connect(path)
        _restore(connection, papers, settings, lists)
    except sqlite3.DatabaseError as error:
        raise StateError(path, f"cannot start a fresh one: {error}") from error
    listed = sum(map(len, lists.values()))
    kept = (
        f" with what could be read ({len(papers)} papers, {len(settings)} settings"
        + (f", {listed} queued, feeds, mutes and follows" if listed else "")
        + ")"
        if papers or settings or listed
        else ""
    )
    warning = f"{path}: unreadable ({reason}); moved aside to {moved.name}, starting fresh{kept}"
    return connection, moved, [warning]


_PAPER_COLUMNS = ("arxiv_id", "read", "starred", "note", "updated")
_SETTING_COLUMNS = ("key", "value")
_LIST_TABLES: dict[str, tuple[str, ...]] = {
    "queue": ("arxiv_id", "added"),
    "feeds": ("name", "query", "added"),
    "mutes": ("query", "added"),
    "follows": ("author_key", "name", "added"),
    "seen": ("arxiv_id", "added"),
}
"""The tables of format 2, their columns: text, then `added` (a time)."""


def _connect(path: Path) -> sqlite3.Connection:
    """Open and check the database.

    Raises sqlite3.DatabaseError when it cannot be read (`is_corruption`
    tells whether the file is to blame), StateError when it is sound but
    written by a newer paper-tui.
    """
    connection = sqlite3.connect(
        path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        check = connection.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise CorruptDatabase(f"integrity check failed: {check[0] if check else '?'}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > STATE_FORMAT:
            raise StateError(
                path,
                f"written by a newer paper-tui (format {version}, this one reads "
                f"{STATE_FORMAT}); left as it is",
            )
        for statement in _SCHEMA:
            connection.execute(statement)
        if version != STATE_FORMAT:
            connection.execute(f"PRAGMA user_version={STATE_FORMAT}")
        _check_readable(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _check_readable(connection: sqlite3.Connection) -> None:
    """Read every row once, as `refresh` and the settings will: a file that passes
    SQLite's own check can still hold text that is not UTF-8 (an OperationalError
    `is_corruption` counts), values of the wrong type, or tables without their
    columns, which would fail on every run. Raises CorruptDatabase for those."""
    tables = [("papers", _PAPER_COLUMNS), ("settings", _SETTING_COLUMNS), *_LIST_TABLES.items()]
    for table, wanted in tables:
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        missing = [column for column in wanted if column not in columns]
        if missing:
            raise CorruptDatabase(f"table {table} has no column {', '.join(missing)}")
    for arxiv_id, note in connection.execute("SELECT arxiv_id, note FROM papers"):
        if not isinstance(arxiv_id, str) or not isinstance(note, str):
            raise CorruptDatabase("a paper's id or note is not text")
    for key, value in connection.execute("SELECT key, value FROM settings"):
        if not isinstance(key, str) or not isinstance(value, str):
            raise CorruptDatabase("a setting is not text")
    for table, names in _LIST_TABLES.items():
        texts = ", ".join(names[:-1])
        for row in connection.execute(f"SELECT {texts} FROM {table}"):
            if not all(isinstance(value, str) for value in row):
                raise CorruptDatabase(f"a row of {table} is not text")


Row = tuple[object, ...]


def _salvage(path: Path) -> tuple[dict[str, Row], dict[str, str], dict[str, list[Row]]]:
    """Every paper's state, setting and row of the queue, feeds, mutes and follows
    still readable from a damaged file, best effort: text as UTF-8 with what is not
    replaced, rows past a bad page from the other end."""
    papers: dict[str, Row] = {}
    settings: dict[str, str] = {}
    lists: dict[str, dict[str, Row]] = {table: {} for table in _LIST_TABLES}
    for uri in (f"{path.as_uri()}?mode=ro", f"{path.as_uri()}?immutable=1"):
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=0.5)
        except sqlite3.Error:
            continue
        connection.text_factory = bytes
        try:
            for row in _readable_rows(connection, "papers", _PAPER_COLUMNS):
                arxiv_id = _text(row[0])
                if arxiv_id:
                    read, starred, note, updated = row[1:]
                    papers.setdefault(
                        arxiv_id,
                        (_flag(read), _flag(starred), _text(note), _number(updated)),
                    )
            for key, value in _readable_rows(connection, "settings", _SETTING_COLUMNS):
                if _text(key):
                    settings.setdefault(_text(key), _text(value))
            for table, columns in _LIST_TABLES.items():
                for row in _readable_rows(connection, table, columns):
                    texts = [_text(value) for value in row[:-1]]
                    if all(texts):
                        lists[table].setdefault(texts[0], (*texts, _number(row[-1])))
        finally:
            connection.close()
        if papers or settings or any(lists.values()):
            break
    return papers, settings, {table: list(rows.values()) for table, rows in lists.items()}


def _readable_rows(
    connection: sqlite3.Connection, table: str, columns: tuple[str, ...]
) -> list[Row]:
    """The rows of `table` that can be read, its missing columns as None: in rowid
    order until an error, then from the end backwards until one."""
    try:
        present = {
            row[1].decode() if isinstance(row[1], bytes) else row[1]
            for row in connection.execute(f"PRAGMA table_info({table})")
        }
    except sqlite3.Error:
        return []
    chosen = ", ".join(column if column in present else "NULL" for column in columns)
    rows: list[Row] = []
    for order in ("ASC", "DESC"):
        try:
            for row in connection.execute(f"SELECT {chosen} FROM {table} ORDER BY rowid {order}"):
                rows.append(tuple(row))
        except sqlite3.Error:
            continue
        break  # read to the end: nothing more to find from the other side
    return rows


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _flag(value: object) -> int:
    try:
        return 1 if int(value) else 0  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def _restore(
    connection: sqlite3.Connection,
    papers: dict[str, Row],
    settings: dict[str, str],
    lists: dict[str, list[Row]],
) -> None:
    """Write what `_salvage` found into the fresh file, in one transaction."""
    if not papers and not settings and not any(lists.values()):
        return
    with _transaction(connection):
        connection.executemany(
            "INSERT OR REPLACE INTO papers (arxiv_id, read, starred, note, updated) "
            "VALUES (?, ?, ?, ?, ?)",
            [(arxiv_id, *row) for arxiv_id, row in papers.items()],
        )
        connection.executemany(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", list(settings.items())
        )
        for table, rows in lists.items():
            columns = _LIST_TABLES[table]
            connection.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                rows,
            )


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _json(text: object) -> object:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _starts(value: object) -> list[float]:
    """The start times kept under `SESSION_STARTS_KEY`, oldest first (none when unreadable)."""
    if not isinstance(value, list):
        return []
    return sorted(float(start) for start in value if isinstance(start, int | float))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The state file opened read-only, without waiting. In a folder nobody can write
    (a read-only disk) SQLite cannot make the WAL index a read needs: the state is
    then read from a copy (`_read_from_a_copy`)."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.05)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            connection.close()
            raise
        return connection
    except sqlite3.Error:
        if os.access(path.parent, os.W_OK):
            raise
    return _read_from_a_copy(path)


def _read_from_a_copy(path: Path) -> sqlite3.Connection:
    """The state of a folder that cannot be written, in memory: the file and its WAL
    (marks not yet checkpointed, as on a disk snapshot taken while the app ran) are
    copied to a temporary folder, where SQLite can read them together, and backed up
    into memory. Opening the file `immutable` would silently miss the WAL's marks."""
    import shutil
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="paper-tui-state-") as folder:
            copy = Path(folder) / path.name
            shutil.copyfile(path, copy)
            wal = path.with_name(f"{path.name}-wal")
            if wal.is_file():
                shutil.copyfile(wal, copy.with_name(f"{copy.name}-wal"))
            source = sqlite3.connect(copy, timeout=0.05)
            try:
                memory = sqlite3.connect(":memory:")
                source.backup(memory)
            finally:
                source.close()
    except OSError as error:
        raise sqlite3.OperationalError(error.strerror or "cannot copy the state") from error
    return memory


def saved_mutes() -> tuple[str, ...]:
    """The muted queries, read-only and without waiting, for a command that would not
    otherwise open the state (`paper-tui search`): () when there are none or the
    file is busy, missing, broken or from before mutes."""
    path = paths.state_file()
    if not path.is_file():
        return ()
    try:
        connection = _connect_read_only(path)
        try:
            rows = connection.execute("SELECT query FROM mutes ORDER BY added, rowid").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return ()
    return tuple(query for (query,) in rows if isinstance(query, str) and query.strip())


Marked = tuple[bool, bool, bool, str]
"""(read, starred, queued, note) of one paper."""


def saved_marks() -> dict[str, Marked] | None:
    """Every paper with a mark, id -> (read, starred, queued, note), read-only and
    without waiting, for output that shows them where the state is not opened
    (`search --json`): {} without a state file, None when it cannot be read.
    The queued papers come first, in the queue's order (a brief lists them so)."""
    path = paths.state_file()
    if not path.is_file():
        return {}
    try:
        connection = _connect_read_only(path)
        try:
            rows = connection.execute("SELECT arxiv_id, read, starred, note FROM papers").fetchall()
            try:
                in_order = "SELECT arxiv_id FROM queue ORDER BY added, rowid"
                queue = dict.fromkeys(row[0] for row in connection.execute(in_order))
            except sqlite3.OperationalError:  # a state from before the queue
                queue = {}
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    marks: dict[str, Marked] = {
        arxiv_id: (False, False, True, "") for arxiv_id in queue if isinstance(arxiv_id, str)
    }
    for arxiv_id, read, starred, note in rows:
        if isinstance(arxiv_id, str):  # a queued paper keeps its place in the queue
            text = note if isinstance(note, str) else ""
            marks[arxiv_id] = (bool(read), bool(starred), arxiv_id in queue, text)
    return marks


def saved_theme() -> str | None:
    """The theme saved in the reading state, read-only and without waiting (~5 ms;
    None when there is none or the file is busy, missing or broken: the state,
    opened after the first paint, then decides as before)."""
    path = paths.state_file()
    if not path.is_file():
        return None
    try:
        connection = _connect_read_only(path)
        try:
            row = connection.execute(
                "SELECT value FROM settings WHERE key = ?", (THEME_KEY,)
            ).fetchone()
        finally:
            connection.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return value if isinstance(value, str) else None
