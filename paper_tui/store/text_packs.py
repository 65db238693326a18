"""Section texts kept once in the parse cache, shared by every file that lists them.

A library of arXiv listings names each paper ~4.7 times (its category's file,
the files it is cross-listed in, later days) with the same summary, so the
cache keeps each distinct text once. The texts a store adds go into packs of
up to `PACK_TEXTS`: their UTF-16, NUL-separated, compressed as one zstd frame,
with a CRC-32 of the row. A text is known by its ref, `pack << POSITION_BITS |
position`; `text_keys` maps each text's key (`packing.text_key`) to its ref (with
a CRC-32 of the two: a row failing it is stored afresh), so a text met again in
another file is stored as that ref. A cached file lists
the packs it reads, so packs nobody reads any more are dropped
(`collect_garbage`), and a damaged pack is forgotten with everything read from it.

Reading is bounded like the rest of the cache: the CRC first, then a frame
that claims no more than `compression.MAX_RATIO` times its size, then exactly
the stored number of texts; anything else is damage (ValueError inside, a
damaged pack to the caller).
"""

from __future__ import annotations

import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Sequence

from paper_tui.store.compression import compress, decompress

POSITION_BITS = 16
PACK_TEXTS = 4096
"""Texts per pack at most (under 1 << POSITION_BITS): a pack is read whole, and a
load of one day reads the packs its texts are in, so packs stay a few MB."""
_CHUNK = 500
_SEPARATOR = "\x00"

SCHEMA = """
CREATE TABLE IF NOT EXISTS packs (
    pack INTEGER PRIMARY KEY,
    texts INTEGER NOT NULL,
    data BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS text_keys (
    key BLOB PRIMARY KEY,
    ref INTEGER NOT NULL,
    checksum INTEGER NOT NULL
) WITHOUT ROWID
"""
COLUMNS = {
    "packs": ("pack", "texts", "data", "checksum"),
    "text_keys": ("key", "ref", "checksum"),
}
TABLES = tuple(COLUMNS)


def pack_checksum(pack: int, texts: int, data: bytes) -> int:
    """The CRC-32 of a pack's row: its number, how many texts, the frame."""
    return zlib.crc32(data, zlib.crc32(f"{pack}\0{texts}".encode()))


def key_checksum(key: bytes, ref: int) -> int:
    """The CRC-32 of a `text_keys` row: a flipped bit in its ref would have every
    file stored later read another text (or none) for this one, on every run."""
    return zlib.crc32(ref.to_bytes(8, "little", signed=True), zlib.crc32(key))


def pack_of(ref: int) -> int:
    return ref >> POSITION_BITS


def refs_bytes(refs: Sequence[int]) -> bytes:
    """Refs (or pack numbers) as stored in a row: little-endian 64-bit integers."""
    numbers = array("q", refs)
    if numbers.itemsize != 8:  # pragma: no cover - every platform CPython runs on
        raise OverflowError("no 64-bit array type")
    return _little(numbers).tobytes()


def refs_of(data: bytes) -> list[int]:
    """The integers `refs_bytes` stored; ValueError when cut short."""
    if len(data) % 8:
        raise ValueError("stored refs are cut short")
    numbers = array("q")
    numbers.frombytes(data)
    return _little(numbers).tolist()


def _little(numbers: array[int]) -> array[int]:
    import sys

    if sys.byteorder != "little":  # pragma: no cover
        numbers.byteswap()
    return numbers


class PackWriter:
    """Gives section texts their refs during one write transaction of the cache,
    storing those it has not met (in this store or before) in new packs."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._known: dict[bytes, int] = {}
        row = connection.execute("SELECT coalesce(max(pack), 0) FROM packs").fetchone()
        self._next = int(row[0]) + 1
        self._stored_before = (
            connection.execute("SELECT 1 FROM text_keys LIMIT 1").fetchone() is not None
        )

    def refs(self, texts: Sequence[str], keys: Sequence[bytes]) -> list[int]:
        """The ref of each text (`keys[i]` is the key of `texts[i]`)."""
        known = self._known
        asked = [key for key in dict.fromkeys(keys) if key not in known]
        if asked and self._stored_before:
            # A row failing its checksum is not trusted: the text is stored again
            # in a new pack, and the row replaced.
            known.update(stored_refs(self._connection, asked))
        new: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in known:
                new.setdefault(key, text)
        pending = list(new.items())
        for start in range(0, len(pending), PACK_TEXTS):
            self._store_pack(pending[start : start + PACK_TEXTS])
        return [known[key] for key in keys]

    def _store_pack(self, texts: list[tuple[bytes, str]]) -> None:
        pack = self._next
        self._next += 1
        data = compress(_SEPARATOR.join(text for _, text in texts).encode("utf-16-le"))
        self._connection.execute(
            "INSERT INTO packs VALUES (?, ?, ?, ?)",
            (pack, len(texts), data, pack_checksum(pack, len(texts), data)),
        )
        rows = [(key, pack << POSITION_BITS | position) for position, (key, _) in enumerate(texts)]
        self._connection.executemany(
            "INSERT OR REPLACE INTO text_keys VALUES (?, ?, ?)",
            [(key, ref, key_checksum(key, ref)) for key, ref in rows],
        )
        self._known.update(rows)


def stored_refs(connection: sqlite3.Connection, keys: Sequence[bytes]) -> dict[bytes, int]:
    """The ref of each text key the cache holds (of rows that pass their checksum)."""
    found: dict[bytes, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for key, ref, checksum in connection.execute(
            f"SELECT key, ref, checksum FROM text_keys WHERE key IN ({marks})", chunk
        ):
            if (
                isinstance(key, bytes)
                and isinstance(ref, int)
                and checksum == key_checksum(key, ref)
            ):
                found[key] = ref
    return found


def pack_checksums(connection: sqlite3.Connection, packs: Iterable[int]) -> dict[int, int]:
    """The stored checksum of each of these packs that is there."""
    wanted = sorted(set(packs))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for pack, checksum in connection.execute(
            f"SELECT pack, checksum FROM packs WHERE pack IN ({marks})", chunk
        ):
            if isinstance(pack, int) and isinstance(checksum, int):
                found[pack] = checksum
    return found


def read_packs(
    connection: sqlite3.Connection,
    packs: Iterable[int],
    checksums: dict[int, int] | None = None,
) -> tuple[dict[int, list[str]], set[int]]:
    """(the texts of each pack asked for that reads back whole, the packs that do not:
    missing, failing their checksum, or damaged inside). `checksums`, if given, is
    filled with the checksum of each pack read whole, from the very row its texts
    came from (a second query could see a pack another process replaced since)."""
    wanted = sorted(set(packs))
    found: dict[int, list[str]] = {}
    bad: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for pack, count, data, checksum in connection.execute(
            f"SELECT pack, texts, data, checksum FROM packs WHERE pack IN ({marks})", chunk
        ):
            try:
                found[pack] = _texts_of(pack, count, data, checksum)
            except ValueError:
                bad.add(pack)
            else:
                if checksums is not None:
                    checksums[pack] = checksum
    bad.update(pack for pack in wanted if pack not in found)
    return found, bad


def _texts_of(pack: object, count: object, data: object, checksum: object) -> list[str]:
    if not (isinstance(pack, int) and isinstance(count, int) and isinstance(data, bytes)):
        raise ValueError("a pack of the wrong types")
    if checksum != pack_checksum(pack, count, data):
        raise ValueError("a pack fails its checksum")
    if not 0 < count <= PACK_TEXTS:
        raise ValueError(f"a pack of {count} texts")
    raw = decompress(data)
    if len(raw) % 2 or len(raw) + 2 < 2 * count:  # each text but the last ends in a NUL
        raise ValueError("a pack's texts cannot fit")
    try:
        texts = raw.decode("utf-16-le").split(_SEPARATOR)
    except UnicodeDecodeError as error:
        raise ValueError(f"a pack's text is not UTF-16: {error}") from error
    if len(texts) != count:
        raise ValueError(f"a pack holds {len(texts)} texts, not {count}")
    return texts


def forget_packs(connection: sqlite3.Connection, packs: Iterable[int]) -> None:
    """Drop these packs and the keys of their texts (inside the caller's transaction)."""
    dead = sorted(set(packs))
    if not dead:
        return
    connection.executemany("DELETE FROM packs WHERE pack = ?", [(pack,) for pack in dead])
    _forget_orphan_keys(connection)


def _forget_orphan_keys(connection: sqlite3.Connection) -> None:
    connection.execute(
        f"DELETE FROM text_keys WHERE (ref >> {POSITION_BITS}) NOT IN (SELECT pack FROM packs)"
    )


def collect_garbage(connection: sqlite3.Connection) -> int:
    """Drop the packs no cached file reads any more; how many (inside the caller's
    transaction). A file whose list of packs is damaged keeps nothing alive: it
    fails its own checksum when read, and is parsed again."""
    used: set[int] = set()
    for (data,) in connection.execute("SELECT packs FROM entries"):
        if isinstance(data, bytes) and len(data) % 8 == 0:
            used.update(refs_of(data))
    stored = [row[0] for row in connection.execute("SELECT pack FROM packs")]
    dead = [pack for pack in stored if pack not in used]
    if dead:
        forget_packs(connection, dead)
    return len(dead)
