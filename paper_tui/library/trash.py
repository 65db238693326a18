"""Removing digests from the library to a trash folder, and restoring them.

A digest is named by its day (every file of that day) or by its path in the
library (`undated/reading_list.md`, `2024/08/2024-08-19-2.md`), so undated
files can be removed too. Files move under names nobody holds
(`files.move_to_free_name`): nothing in the trash or the library is ever
replaced, not even a dangling symlink. Links are never followed: a symlinked
file, or a file reached through a symlinked folder (whose real path is outside
the library), is left where it is, with the reason. Every file gets its own
outcome, and one bad entry (a folder, an unreadable file) never stops the others.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from paper_tui.library.saved import day_files, day_folder, library_lock
from paper_tui.store import (
    file_kind,
    has_content,
    move_to_free_name,
    numbered_names,
    paths,
    stamped_names,
)

Item = date | str
"""A day, or a file's path relative to the library (or to the trash, for restore)."""

_REMOVED_TAG = "removed"
_REMOVED = re.compile(r"\.removed-\d{8}T\d{6}Z(?:-\d+)?$")


@dataclass(frozen=True, slots=True)
class MoveOutcome:
    """One file moved to or from the trash, or an item with nothing to move and why."""

    item: str
    source: Path | None
    target: Path | None
    reason: str = ""


def remove(
    items: Iterable[Item], library: Path | None = None, trash: Path | None = None
) -> list[MoveOutcome]:
    """Move the files of these days, or these files, from the library to the trash."""
    library = library if library is not None else paths.library_dir()
    trash = trash if trash is not None else paths.trash_dir()
    outcomes = []
    for item in items:
        label = _label(item)
        named: Path | None
        if isinstance(item, date):
            named = day_folder(library, item) / f"{item.isoformat()}.md"
            files = day_files(named.parent, item.isoformat())
        else:
            named = _inside(library, item)
            digest = named is not None and named.suffix == ".md" and _is_regular(named)
            files = [named] if named is not None and digest else []
        if not files:
            outcomes.append(MoveOutcome(label, None, None, _not_a_digest(named)))
            continue
        for path in files:
            refusal = _not_really_inside(path, library, "the library")
            if refusal is not None:
                outcomes.append(MoveOutcome(label, path, None, f"{path}: {refusal}"))
                continue
            folder = trash / path.parent.relative_to(library)
            stem = path.name.removesuffix(".md")
            names = itertools.chain(
                [folder / path.name], stamped_names(folder, stem, _REMOVED_TAG, ".md")
            )
            outcomes.append(_move(label, path, folder, names, library))
    return outcomes


def trashed_files(trash: Path | None = None) -> list[Path]:
    """Every digest in the trash (regular files only; links are not followed), by path."""
    trash = trash if trash is not None else paths.trash_dir()
    if not trash.is_dir():
        return []
    found: list[Path] = []
    for folder, folders, files in os.walk(trash):  # os.walk never follows links into folders
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".md") and _is_regular(path):
                found.append(path)
    return found


def month_days(year: int, month: int) -> list[date]:
    """Every day of a month (for `remove 2024-08`)."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [date.fromordinal(day) for day in range(first.toordinal(), following.toordinal())]


def restore(
    items: Iterable[Item], library: Path | None = None, trash: Path | None = None
) -> list[MoveOutcome]:
    """Bring trashed files of these days (or this path) back, beside whatever is there now."""
    library = library if library is not None else paths.library_dir()
    trash = trash if trash is not None else paths.trash_dir()
    outcomes = []
    for item in items:
        label = _label(item)
        if isinstance(item, date):
            folder, stem = day_folder(trash, item), item.isoformat()
            trashed = _trashed(folder, stem, numbered=True)
        else:
            named = _inside(trash, item)
            folder, stem = (named.parent, _original_stem(named.name)) if named else (trash, "")
            trashed = _trashed(folder, stem, numbered=False) if named else []
        if not trashed:
            outcomes.append(MoveOutcome(label, None, None, "not in the trash"))
            continue
        destination = library / folder.relative_to(trash)
        outcomes.extend(
            _restore_one(label, path, destination, stem, library, trash) for path in trashed
        )
    return outcomes


def _restore_one(
    label: str, path: Path, destination: Path, stem: str, library: Path, trash: Path
) -> MoveOutcome:
    try:
        if not _is_regular(path):
            return MoveOutcome(label, path, None, f"{path}: not a regular file")
        refusal = _not_really_inside(path, trash, "the trash")
        if refusal is None and destination.exists():
            refusal = _not_really_inside(destination, library, "the library")
        if refusal is not None:
            return MoveOutcome(label, path, None, f"{path}: {refusal}")
        data = path.read_bytes()
        with library_lock(library):
            for present in day_files(destination, stem):
                if has_content(present, data):
                    path.unlink()
                    return MoveOutcome(label, path, present, "already in the library")
            destination.mkdir(parents=True, exist_ok=True)
            target = move_to_free_name(path, numbered_names(destination, stem, ".md"))
    except OSError as error:
        return MoveOutcome(label, path, None, f"{path}: {error.strerror or error}")
    return MoveOutcome(label, path, target)


def _move(
    label: str, source: Path, folder: Path, names: Iterable[Path], library: Path
) -> MoveOutcome:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with library_lock(library):  # not while an `add` is checking this day
            target = move_to_free_name(source, names)
    except OSError as error:
        return MoveOutcome(label, source, None, f"{source}: {error.strerror or error}")
    return MoveOutcome(label, source, target)


def _label(item: Item) -> str:
    return item.isoformat() if isinstance(item, date) else item


def _inside(root: Path, name: str) -> Path | None:
    """`root / name` when it stays inside `root` (no `..` escapes), else None."""
    candidate = Path(os.path.normpath(root / name))
    if candidate == root or not candidate.is_relative_to(root):
        return None
    return candidate


def _not_really_inside(path: Path, root: Path, where: str) -> str | None:
    """None when `path`, under `root` as written, is so for real too: neither it
    nor any folder between it and `root` is a symlink. Else why it is left alone."""
    try:
        is_link = path.is_symlink()
    except OSError as error:
        return error.strerror or "cannot read"
    if is_link:
        return "a symlink; links are never followed"
    real = Path(os.path.realpath(path))
    if real != Path(os.path.realpath(root)) / path.relative_to(root):
        return f"outside {where} (its real path is {real}); links are never followed"
    return None


def _not_a_digest(path: Path | None) -> str:
    """Why nothing is moved for `path`: not there, or there but not a plain file (a
    FIFO, a folder, a link), which is left where it is and said as what it is."""
    try:
        mode = path.lstat().st_mode if path is not None else None
    except OSError:
        mode = None
    if mode is None or stat.S_ISREG(mode):
        return "not in the library"
    kind = "a symlink" if stat.S_ISLNK(mode) else file_kind(mode)
    if kind == "not a regular file":  # a kind without a name of its own
        return f"{path}: not a regular file; left where it is"
    return f"{path}: {kind}, not a regular file; left where it is"


def _is_regular(path: Path) -> bool:
    """A plain file (not a folder, device or symlink) that exists."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _original_stem(name: str) -> str:
    """`2024-08-19.removed-20250219T101500Z-2.md` -> `2024-08-19`."""
    return _REMOVED.sub("", name.removesuffix(".md"))


def _trashed(folder: Path, stem: str, numbered: bool) -> list[Path]:
    """Trashed versions of `stem` in `folder`: `STEM.md`, `STEM.removed-...md`, and
    with `numbered` the other files of its day (`STEM-2.md`, ...)."""
    if not folder.is_dir():
        return []
    number = r"(?:-\d+)?" if numbered else ""
    pattern = re.compile(
        rf"^{re.escape(stem)}{number}(?:\.{_REMOVED_TAG}-\d{{8}}T\d{{6}}Z(?:-\d+)?)?\.md$"
    )
    return sorted(child for child in folder.iterdir() if pattern.match(child.name))
