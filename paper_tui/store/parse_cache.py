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
for why that shape), zstd-compressed (`compression`), with its section texts
as refs into packs of texts that every file shares (`text_packs`: a summary
listed in five files is stored once), and a checksum of the whole row (CRC-32:
the threat is a flipped bit on disk, not someone able to write the cache, who
could as well write the digests; it costs a fifth of a hash like BLAKE2 on
reopening). A row that fails it, or does not decode, or reads a pack that is
gone or damaged, is parsed again from its file and replaced, with one warning
line; a damaged pack is dropped. Derived blobs (the search index's blocks) are
zstd-compressed too: the whole cache is ~1/4 of the digests' size, not 1.3x.

The cache is disposable: a corrupt, old or wrongly shaped one (any error
reading it at all) is moved aside (`parse-cache.sqlite3.corrupt`, replacing
the one moved before) and rebuilt, with a warning in `ParseCache.warnings`,
never an exception for the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paper_tui.collector import collector_paused
from paper_tui.digest import PARSER_VERSION
from paper_tui.model import Digest
from paper_tui.store import paths, text_packs
from paper_tui.store.compression import compress, decompress
from paper_tui.store.packing import (
    Packed,
    SharedSections,
    Texts,
    decode,
    encode,
    split_texts,
    text_key,
)
from paper_tui.store.sqlite_file import CorruptDatabase, is_corruption, move_side_files, side_files
from paper_tui.store.text_packs import (
    POSITION_BITS,
    PackWriter,
    pack_of,
    read_packs,
    refs_bytes,
    refs_of,
)

if TYPE_CHECKING:
    pass

CACHE_FORMAT = 6
"""Bumped when the row encoding changes; a cache of another format is rebuilt."""

_LOOKUP_CHUNK = 500
POSITION_MASK = (1 << POSITION_BITS) - 1
BLOB_LEVEL = 1
"""zstd level of derived blobs: the search index's blocks are pickled numpy arrays,
written on every cold load (level 1 packs them to ~a third, at ~1 GB/s)."""
RACY_SECONDS = 2.0
"""A file modified this close to when its parse was stored is parsed again."""
_LOCK_TIMEOUT_SECONDS = 2.0

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS entries (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    stored_ns INTEGER NOT NULL,
    parser_version INTEGER NOT NULL,
    meta BLOB NOT NULL,
    text BLOB NOT NULL,
    packs BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
    name TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    data BLOB NOT NULL
);
"""
    + text_packs.SCHEMA
)
_COLUMNS = {
    "entries": (
        "path",
        "size",
        "mtime_ns",
        "inode",
        "ctime_ns",
        "stored_ns",
        "parser_version",
        "meta",
        "text",
        "packs",
        "checksum",
    ),
    "blobs": ("name", "fingerprint", "data"),
    **text_packs.COLUMNS,
}
"""What `_SCHEMA` makes: a cache whose tables have other columns is rebuilt."""
CORRUPT_SUFFIX = ".corrupt"
"""A corrupt cache is moved to its name plus this (one kept, for a bug report)."""


def row_checksum(
    path: str, version: tuple[int, ...], stored_ns: int, parser: int, *blobs: bytes
) -> int:
    """The CRC-32 of everything a row says: its key, when and by which parser, and the
    parse (meta, text refs and the packs they are in)."""
    head = "\0".join(map(str, (path, *version, stored_ns, parser)))
    check = zlib.crc32(head.encode("utf-8", "replace"))
    for blob in blobs:
        check = zlib.crc32(blob, check)
    return check


def _storable(path: str) -> bool:
    """False for a path SQLite cannot hold as text (a name that is not UTF-8)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
        self._refs_met: dict[str, int] = {}
        """The ref of each text the last `lookup` read from a pack or the `store`s
        since put in one: what `text_refs` answers first. The snapshot of a library
        whose files were read from the cache (the day a new digest arrives) would
        otherwise hash its 519k texts again and ask SQLite for each key: 7 of the
        load's 24 s at 95k papers. Emptied whenever this cache drops a pack (its
        number may then be reused for other texts)."""
        self._packs_met: dict[int, int] = {}
        """The checksum of each pack `_refs_met` points into, as it was met: a pack
        another process replaced since (same number, other texts) no longer matches."""

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
            except Exception as error:  # any error reading it: corrupt, unless only locked
                if _is_damage(error) and attempt == 0 and self._discard(error):
                    continue
                self.warnings.append(f"parse cache disabled: {_said(error)}")
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
            stale = None
            if version != CACHE_FORMAT and tables:
                stale = f"parse cache was written in format {version}, not {CACHE_FORMAT}; rebuilt"
            elif tables and self._columns(connection) != _COLUMNS:
                stale = "parse cache has the wrong columns for its format; rebuilt"
            if stale is not None:
                self.warnings.append(stale)
                for table in _COLUMNS:
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version={CACHE_FORMAT}")
            connection.commit()
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _columns(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
        """The columns of the cache's tables, as `_COLUMNS` lists them."""
        return {
            table: tuple(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
            for table in _COLUMNS
        }

    def _discard(self, error: BaseException) -> bool:
        """Move the corrupt cache aside (to `<name>.corrupt`, replacing an older one)
        or, failing that, delete it (it is only a cache); one warning; True if it went."""
        self._forget_refs_met()
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None
        aside = self.path.with_name(self.path.name + CORRUPT_SUFFIX)
        try:
            try:
                os.replace(self.path, aside)
                move_side_files(self.path, aside)
                where = f"moved aside to {aside.name}"
            except FileNotFoundError:
                raise
            except OSError:
                for path in (self.path, *side_files(self.path)):
                    path.unlink(missing_ok=True)
                where = "deleted"
        except FileNotFoundError:
            where = "gone"
        except OSError as failure:
            self.warnings.append(
                f"parse cache corrupt ({_said(error)}); cannot remove it: {failure}"
            )
            return False
        self.warnings.append(f"parse cache corrupt ({_said(error)}); {where}, rebuilt")
        return True

    def _recover(self, error: BaseException) -> None:
        """Rebuild a corrupt cache; for anything else (locked...) just say so."""
        if not _is_damage(error):
            self.warnings.append(f"parse cache not used: {_said(error)}")
        elif self._discard(error):
            self._connection = self._connect()

    @property
    def enabled(self) -> bool:
        """False when the cache could not be opened at all (loading still works)."""
        return self._connection is not None

    def keys_of(self, names: Sequence[str]) -> dict[str, FileKey]:
        """The key of every file of `names` that exists now (also kept as `last_keys`)."""
        keys: dict[str, FileKey] = {}
        for name in names:
            key = file_key(name)
            if key is not None:
                keys[name] = key
        self.last_keys = keys
        return keys

    def lookup(
        self, names: Sequence[str]
    ) -> tuple[dict[str, tuple[Digest, ...]], dict[str, FileKey]]:
        """(digests of files whose cached parse stands, keys of every file that exists).

        A row that fails its checksum or does not decode is a miss (parsed again and
        replaced); any other error reading the cache means it is corrupt: moved aside
        and rebuilt. Either is one line in `warnings`, never an exception.
        """
        keys = self.keys_of(names)
        self._forget_refs_met()
        refs_met = self._refs_met
        hits: dict[str, tuple[Digest, ...]] = {}
        names_by_path: dict[str, list[str]] = {}
        for name, key in keys.items():
            if _storable(key.path):
                names_by_path.setdefault(key.path, []).append(name)
        if self._connection is None or not names_by_path:
            self.misses += len(names)
            return hits, keys
        damaged: list[str] = []
        dates: dict[int, date] = {}
        shared: SharedSections = {}
        racy_ns = int(RACY_SECONDS * 1e9)
        bad_packs: set[int] = set()
        try:
            with collector_paused():
                standing: list[tuple[str, list[str], bytes, bytes, list[int]]] = []
                for row in self._rows(list(names_by_path)):
                    path, *stored, stored_ns, version, meta, text, packs, checksum = row
                    wanted = names_by_path.get(path)
                    if wanted is None:  # only a broken index returns a row not asked for
                        raise CorruptDatabase(f"a row for a path not asked for: {path!r:.80}")
                    if version != PARSER_VERSION or stored[1] > stored_ns - racy_ns:
                        continue
                    fresh = [name for name in wanted if keys[name].version() == tuple(stored)]
                    if not fresh:
                        continue
                    if not (
                        isinstance(meta, bytes)
                        and isinstance(text, bytes)
                        and isinstance(packs, bytes)
                        and checksum
                        == row_checksum(path, tuple(stored), stored_ns, version, meta, text, packs)
                        and len(packs) % 8 == 0
                    ):
                        damaged.append(path)
                        continue
                    standing.append((path, fresh, meta, text, refs_of(packs)))
                texts_of, bad_packs = read_packs(
                    self._connection,
                    (pack for *_, used in standing for pack in used),
                    self._packs_met,
                )
                for path, fresh, meta, text, used in standing:
                    try:
                        own = {pack: texts_of[pack] for pack in used}  # KeyError: bad pack
                        refs = refs_of(decompress(text))
                        texts = [own[ref >> POSITION_BITS][ref & POSITION_MASK] for ref in refs]
                        plain = decompress(meta)
                        for name in fresh:
                            hits[name] = decode(plain, texts, name, dates, shared, refs)
                        refs_met.update(zip(texts, refs, strict=True))
                    except Exception:  # bounded by packing; whatever it is, a miss
                        damaged.append(path)
                        for name in fresh:
                            hits.pop(name, None)
        except Exception as error:  # any error reading the cache: it is corrupt
            self._recover(
                error
                if isinstance(error, sqlite3.Error)
                else CorruptDatabase(f"{type(error).__name__}: {error}")
            )
            hits = {}
            damaged = []
            bad_packs = set()
        if damaged and not self._delete(damaged, bad_packs):  # else rebuilt, and said so
            self.warnings.append(
                f"parse cache: {len(damaged)} damaged entries (checksum or content) parsed again"
            )
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
                "meta, text, packs, checksum FROM entries "
                f"WHERE path IN ({marks})",
                chunk,
            )

    def store(
        self,
        entries: Iterable[tuple[FileKey, Sequence[Digest] | Packed]],
        split: Mapping[str, Texts] | None = None,
    ) -> int:
        """Remember these parses, as digests or already packed (one transaction);
        the number stored. `split` may give the texts of a `Packed` already split
        out (`packing.split_texts`), by its key's path, so they are not split twice.

        Each text not yet in the cache goes into a new pack; the rest are stored
        as refs to the packs that hold them. Rows are encoded one at a time, so a
        cold load of a whole library never holds all its encoded text at once.
        """
        if self._connection is None:
            return 0
        stored = 0
        now_ns = time.time_ns()
        connection = self._connection
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")  # pack numbers are taken under the lock
                writer = PackWriter(connection)
                met: dict[str, int] = {}  # trusted once the transaction commits
                met_packs: dict[int, int] = {}
                replaced = dropped = False
                for key, digests in entries:
                    packed = digests if isinstance(digests, Packed) else encode(digests)
                    if packed is None or not _storable(key.path):
                        continue
                    texts = split.get(key.path) if split is not None else None
                    texts = texts if texts is not None else split_texts(packed)
                    refs = writer.refs(texts.texts, texts.keys)
                    met.update(zip(texts.texts, refs, strict=True))
                    version = key.version()
                    blobs = (
                        compress(packed.meta),
                        compress(refs_bytes(refs)),
                        refs_bytes(sorted({pack_of(ref) for ref in refs})),
                    )
                    checksum = row_checksum(key.path, version, now_ns, PARSER_VERSION, *blobs)
                    replaced = replaced or _has_row(connection, key.path)
                    connection.execute(
                        "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (key.path, *version, now_ns, PARSER_VERSION, *blobs, checksum),
                    )
                    stored += 1
                if replaced:
                    dropped = text_packs.collect_garbage(connection) > 0
                # Read under this transaction's lock: the packs as these refs name them.
                met_packs = text_packs.pack_checksums(
                    connection, {ref >> POSITION_BITS for ref in met.values()}
                )
        except sqlite3.OperationalError as error:
            if _is_damage(error):
                self._recover(error)
                return 0
            # Locked by another instance for too long, read-only, disk full: skip this time.
            self.warnings.append(f"parse cache not updated: {error}")
            return 0
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return 0
        known = self._packs_met
        if dropped or any(known.get(pack, sum_) != sum_ for pack, sum_ in met_packs.items()):
            # A pack went, or one met before is not as it was met (another process
            # replaced it): what was met of it is stale, and which texts those were
            # is not kept, so all is forgotten (asked again by key).
            self._forget_refs_met()
        if len(met_packs) == len({ref >> POSITION_BITS for ref in met.values()}):
            self._packs_met.update(met_packs)
            self._refs_met.update(met)
        return stored

    def _forget_refs_met(self) -> None:
        self._refs_met.clear()
        self._packs_met.clear()

    def _delete(self, keys: Sequence[str], packs: Iterable[int] = ()) -> bool:
        """Forget these files' rows and these (damaged) packs, and the packs no row
        reads any more; True when the cache proved corrupt doing it (rebuilt, said
        in one line)."""
        self._forget_refs_met()
        if self._connection is None:
            return False
        try:
            with self._connection:
                self._connection.executemany(
                    "DELETE FROM entries WHERE path = ?", [(key,) for key in keys]
                )
                text_packs.forget_packs(self._connection, packs)
                text_packs.collect_garbage(self._connection)
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                self._recover(error)
                return True
            self.warnings.append(f"parse cache not updated: {error}")
        return False

    def prune(self) -> int:
        """Forget files that no longer exist; the number forgotten."""
        if self._connection is None:
            return 0
        try:
            stored = [row[0] for row in self._connection.execute("SELECT path FROM entries")]
            gone = [path for path in stored if not os.path.exists(path)]
        except Exception as error:  # any error reading the cache: it is corrupt
            self._recover(error)
            return 0
        self._delete(gone)
        return len(gone)

    def get_blob(self, name: str, fingerprint: str) -> bytes | None:
        """Derived data stored under `name`, if stored for this very `fingerprint`
        (None when it is not; empty when it is but does not decompress, so the
        caller's own check fails and says so)."""
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT data FROM blobs WHERE name = ? AND fingerprint = ?", (name, fingerprint)
            ).fetchone()
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        try:
            return decompress(row[0])
        except ValueError:
            return b""

    def put_blob(self, name: str, fingerprint: str, data: bytes) -> None:
        """Store derived data, compressed (one per `name`; the newest wins)."""
        if self._connection is None:
            return
        packed = compress(data, BLOB_LEVEL)
        try:
            with self._connection:
                self._connection.execute(
                    "INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)", (name, fingerprint, packed)
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

    def text_refs(self, texts: Sequence[str]) -> dict[str, int] | None:
        """The ref of each of these texts that the cache's packs hold (None when the
        cache cannot say): what a snapshot stores instead of the text."""
        if self._connection is None:
            return None
        try:
            known = self._met_refs_standing(texts)
            self._forget_refs_met()  # asked once per load: not kept alive with the library
            keys = {}
            for text in texts:
                if text in known:
                    continue
                try:
                    keys[text_key(text.encode("utf-16-le"))] = text
                except UnicodeEncodeError:  # a lone surrogate: never stored in a pack
                    continue
            refs = text_packs.stored_refs(self._connection, list(keys)) if keys else {}
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return None
        return known | {keys[key]: ref for key, ref in refs.items()}

    def _met_refs_standing(self, texts: Sequence[str]) -> dict[str, int]:
        """The refs of `texts` met this session whose packs stand as they were met."""
        met = self._refs_met
        known = {text: met[text] for text in texts if text in met}
        if not known or self._connection is None:
            return {}
        packs = {ref >> POSITION_BITS for ref in known.values()}
        now = text_packs.pack_checksums(self._connection, packs)
        met_packs = self._packs_met
        changed = {
            pack for pack in packs if pack not in met_packs or now.get(pack) != met_packs[pack]
        }
        if changed:
            known = {t: ref for t, ref in known.items() if ref >> POSITION_BITS not in changed}
        return known

    def pack_checksums(self, packs: Iterable[int]) -> dict[int, int] | None:
        """The checksum of each of these packs that is stored (None on an error)."""
        if self._connection is None:
            return None
        try:
            return text_packs.pack_checksums(self._connection, packs)
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return None

    def pack_texts(self, wanted: Mapping[int, int]) -> dict[int, list[str]] | None:
        """The texts of each pack of `wanted` when every one is there with the checksum
        given and reads back whole; None otherwise (the caller reads its files)."""
        if self._connection is None:
            return None
        try:
            if self.pack_checksums(wanted) != dict(wanted):
                return None
            with collector_paused():
                found, bad = read_packs(self._connection, wanted)
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return None
        return None if bad else found

    def keep_recent_blobs(self, prefix: str, count: int) -> None:
        """Delete the derived data whose name starts with `prefix`, but for the
        `count` stored most recently (a replaced blob counts as new)."""
        if self._connection is None:
            return
        try:
            names = [
                row[0]
                for row in self._connection.execute(
                    "SELECT name FROM blobs WHERE substr(name, 1, ?) = ? ORDER BY rowid DESC",
                    (len(prefix), prefix),
                )
            ]
        except sqlite3.DatabaseError as error:
            self._recover(error)
            return
        if len(names) > count:
            self.forget_blobs(prefix, names[:count])

    def __len__(self) -> int:
        if self._connection is None:
            return 0
        try:
            return int(self._connection.execute("SELECT count(*) FROM entries").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0

    def close(self) -> None:
        """Close the database (further lookups miss)."""
        self._forget_refs_met()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> ParseCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _has_row(connection: sqlite3.Connection, path: str) -> bool:
    found = connection.execute("SELECT 1 FROM entries WHERE path = ?", (path,)).fetchone()
    return found is not None


def _is_damage(error: BaseException) -> bool:
    """Whether an error reading the cache means the file is bad (rebuild it), not
    the moment (locked by another instance, read-only, disk full: leave it be)."""
    if isinstance(error, sqlite3.DatabaseError):
        return is_corruption(error)
    return isinstance(error, Exception) and not isinstance(error, OSError)


def _said(error: BaseException) -> str:
    """An error in one line (a damaged cache's message may quote anything)."""
    text = " ".join(str(error).split())[:200]
    return text or type(error).__name__


def fingerprint(keys: Iterable[FileKey]) -> str:
    """One string for a sequence of file versions and the parser that read them."""
    digest = hashlib.sha256(f"parser {PARSER_VERSION}\n".encode())
    for key in keys:
        line = "\0".join(str(part) for part in (key.path, *key.version()))
        digest.update(f"{line}\n".encode("utf-8", "replace"))
    return digest.hexdigest()
