"""What the parse cache and the reading state both need to know about SQLite files.

Chiefly: is a failure the file's fault (corrupt, not a database), so that
it may be moved aside or rebuilt, or is it the moment's (locked, no
permission, written by a newer paper-tui), so that the file must be left alone?
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SIDE_FILES = ("-wal", "-shm")
"""SQLite's companions of a WAL database, which move and go with it."""


class CorruptDatabase(sqlite3.DatabaseError):
    """Our own checks found the file bad (integrity check failed)."""


def is_corruption(error: sqlite3.DatabaseError) -> bool:
    """True only when the file itself is bad (not a database, malformed, failed our checks).

    Anything else (locked, unopenable, a check of ours that is not about
    corruption) is not: moving the file aside would take it from under
    another running instance, or throw away data a newer version can read.
    """
    if isinstance(error, CorruptDatabase):
        return True
    if isinstance(error, sqlite3.OperationalError):
        # Text that is not UTF-8 where SQLite promised text: damage, not the moment.
        return str(error).startswith("Could not decode to UTF-8")
    name = getattr(error, "sqlite_errorname", None)
    if name is None:
        return False
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or name.startswith("SQLITE_CORRUPT")


def side_files(path: Path) -> list[Path]:
    """The database's -wal and -shm files (whether or not they exist)."""
    return [Path(f"{path}{suffix}") for suffix in SIDE_FILES]


def move_side_files(path: Path, target: Path) -> None:
    """Move the -wal and -shm files after their database has moved to `target`."""
    for source in side_files(path):
        if source.exists():
            os.replace(source, Path(f"{target}{source.name.removeprefix(path.name)}"))
