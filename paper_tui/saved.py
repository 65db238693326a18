"""The saved library: digests copied (or downloaded) under the data dir, by date.

`add` files them as `YYYY/MM/YYYY-MM-DD.md`. Nothing is ever overwritten: an
identical file already there is skipped, a different one for the same day is
kept beside it (`YYYY-MM-DD-2.md`), and a file is only created under a name
nobody holds (hard link from a temporary file: atomic, no clobbering).
`remove` moves files to a trash folder that `restore` brings them back from.
Every problem the user can cause is an outcome with a reason, never raised.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from paper_tui import paths
from paper_tui.cache import ParseCache
from paper_tui.download import download
from paper_tui.library import STDIN, Progress, find_digest_files, load
from paper_tui.model import Digest, LoadError, LoadResult
from paper_tui.parse import MAX_FILE_BYTES, date_from_path, parse_bytes

Status = Literal["added", "skipped", "refused"]

UNDATED_FOLDER = "undated"
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What became of one thing given to `add`: added, skipped or refused, and why."""

    source: str
    status: Status
    reason: str = ""
    target: Path | None = None


@dataclass(slots=True)
class AddReport:
    """Every outcome of one `add`, in the order the sources were given."""

    outcomes: list[AddOutcome] = field(default_factory=list)

    def with_status(self, status: Status) -> list[AddOutcome]:
        """The outcomes that ended `status`."""
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def added(self) -> list[AddOutcome]:
        """Files now in the library that were not before."""
        return self.with_status("added")

    @property
    def skipped(self) -> list[AddOutcome]:
        """Files already in the library, byte for byte."""
        return self.with_status("skipped")

    @property
    def refused(self) -> list[AddOutcome]:
        """Files not added, with the reason."""
        return self.with_status("refused")

    def summary(self) -> str:
        """One line for a status bar or the CLI: "2 added, 1 skipped, 0 refused"."""
        return (
            f"{len(self.added)} added, {len(self.skipped)} skipped, {len(self.refused)} refused"
        )


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One file of the library, as `paper-tui library` lists it."""

    day: date | None
    path: Path
    papers: int
    size: int


Fetcher = Callable[[str], bytes | LoadError]


# -- adding -------------------------------------------------------------------


def is_url(source: str) -> bool:
    """True for anything with a scheme (`https://`, `ftp://`): not a local path."""
    return bool(_URL.match(source))


def add_to_library(
    sources: Sequence[str],
    force: bool = False,
    stdin: BinaryIO | None = None,
    library: Path | None = None,
    fetch: Fetcher | None = None,
) -> AddReport:
    """Copy files, folders' digests, stdin (`-`) and http(s) URLs into the library.

    `force` adds digests with no papers (or no date, under `undated/`) too.
    """
    library = library if library is not None else paths.library_dir()
    fetch = fetch if fetch is not None else download
    report = AddReport()
    local: list[str] = []
    for source in sources:
        if is_url(source):
            data = fetch(source)
            if isinstance(data, LoadError):
                report.outcomes.append(AddOutcome(source, "refused", data.reason))
            else:
                report.outcomes.append(add_bytes(data, source, library, force))
        else:
            local.append(source)
    files, errors = find_digest_files(local)
    report.outcomes.extend(AddOutcome(error.path, "refused", error.reason) for error in errors)
    for name in files:
        data = _read(name, stdin)
        if isinstance(data, LoadError):
            report.outcomes.append(AddOutcome(name, "refused", data.reason))
        else:
            report.outcomes.append(add_bytes(data, name, library, force))
    return report


def _read(name: str, stdin: BinaryIO | None) -> bytes | LoadError:
    source = "<stdin>" if name == STDIN else name
    try:
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(MAX_FILE_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return LoadError(source, "is a directory")
    except PermissionError:
        return LoadError(source, "permission denied")
    except OSError as error:
        return LoadError(source, error.strerror or str(error))
    return data


def add_bytes(data: bytes, source: str, library: Path, force: bool = False) -> AddOutcome:
    """File one digest's bytes in the library (the check and naming `add` does)."""
    label = "<stdin>" if source == STDIN else source
    parsed = parse_bytes(data, label)
    if isinstance(parsed, LoadError):
        return AddOutcome(label, "refused", parsed.reason)
    papers = sum(len(digest.papers) for digest in parsed)
    if papers == 0 and not force:
        return AddOutcome(
            label, "refused", "no papers found (no ### heading links to arXiv); --force adds it"
        )
    day = digest_day(parsed, label)
    if day is None:
        if not force:
            reason = "no date in the digest or its name; --force adds it"
            return AddOutcome(label, "refused", reason)
        folder, stem = library / UNDATED_FOLDER, _safe_stem(label)
    else:
        folder, stem = library / f"{day:%Y}" / f"{day:%m}", day.isoformat()
    for existing in variants(folder, stem):
        if _same_content(existing, data):
            reason = f"identical to {_relative(existing, library)}"
            return AddOutcome(label, "skipped", reason, existing)
    try:
        target = _write_new(folder, stem, data)
    except OSError as error:
        reason = f"cannot write to the library: {error.strerror or error}"
        return AddOutcome(label, "refused", reason)
    beside = "" if target.name == f"{stem}.md" else " (a different file for this day is kept too)"
    return AddOutcome(label, "added", f"{papers} papers{beside}", target)


def digest_day(digests: Sequence[Digest], source: str) -> date | None:
    """The day a file is filed under: its first dated digest's, else its name's."""
    for digest in digests:
        if digest.date is not None:
            return digest.date
    return date_from_path(source)


def _safe_stem(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _UNSAFE_NAME.sub("_", stem).strip("._") or "digest"


def variants(folder: Path, stem: str) -> list[Path]:
    """The files a day may hold: `STEM.md`, then `STEM-2.md`, `STEM-3.md`, ..."""
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(stem)}(?:-(\d+))?\.md$")
    found = []
    for child in folder.iterdir():
        match = pattern.match(child.name)
        if match and child.is_file():
            found.append((int(match.group(1) or 1), child))
    return [child for _, child in sorted(found)]


def _same_content(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write `data` durably under the first free name; never replaces a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        return _link_free_name(Path(temporary), folder, stem)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _link_free_name(temporary: Path, folder: Path, stem: str) -> Path:
    number = 1
    while True:
        target = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        try:
            os.link(temporary, target)  # fails if the name is taken, so nothing is overwritten
        except FileExistsError:
            number += 1
            continue
        except OSError:
            # No hard links here (FAT, some network filesystems): claim the name
            # with an exclusive create, then move the complete file over the claim.
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                number += 1
                continue
            os.replace(temporary, target)
        _sync_folder(folder)
        return target


def _sync_folder(folder: Path) -> None:
    """fsync a folder so a new name in it survives a crash (POSIX only)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# -- listing, removing, restoring --------------------------------------------------


def library_files(library: Path | None = None) -> list[str]:
    """Every digest file in the library (empty when there is no library yet)."""
    library = library if library is not None else paths.library_dir()
    if not library.is_dir():
        return []
    files, _ = find_digest_files([str(library)])
    return files


def load_library(
    progress: Progress | None = None,
    cache: ParseCache | None = None,
    library: Path | None = None,
) -> LoadResult:
    """Load the whole library, newest day first, through the parse cache."""
    files = library_files(library)
    if not files:
        return LoadResult()
    own_cache = cache is None
    cache = ParseCache.open() if cache is None else cache
    try:
        return load(files, progress=progress, cache=cache)
    finally:
        if own_cache:
            cache.close()


def library_entries(
    cache: ParseCache | None = None, library: Path | None = None
) -> list[LibraryEntry]:
    """One entry per library file, newest day first."""
    library = library if library is not None else paths.library_dir()
    result = load_library(cache=cache, library=library)
    papers: dict[str, int] = {}
    days: dict[str, date | None] = {}
    for digest in result.digests:
        papers[digest.source] = papers.get(digest.source, 0) + len(digest.papers)
        days.setdefault(digest.source, digest.date)
    entries = []
    for name in library_files(library):
        path = Path(name)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        day = days.get(name) or date_from_path(name)
        entries.append(LibraryEntry(day, path, papers.get(name, 0), size))
    entries.sort(key=lambda entry: (entry.day or date.min, entry.path.name), reverse=True)
    return entries


@dataclass(frozen=True, slots=True)
class MoveOutcome:
    """One file moved to or from the trash, or a day with nothing to move."""

    day: date
    source: Path | None
    target: Path | None
    reason: str = ""


def remove_days(
    days: Iterable[date], library: Path | None = None, trash: Path | None = None
) -> list[MoveOutcome]:
    """Move every file of these days from the library to the trash."""
    library = library if library is not None else paths.library_dir()
    trash = trash if trash is not None else paths.trash_dir()
    outcomes = []
    for day in days:
        folder = library / f"{day:%Y}" / f"{day:%m}"
        files = variants(folder, day.isoformat())
        if not files:
            outcomes.append(MoveOutcome(day, None, None, "not in the library"))
            continue
        for path in files:
            target = _free_trash_name(trash / f"{day:%Y}" / f"{day:%m}", path.name)
            outcomes.append(_move(day, path, target))
    return outcomes


def _free_trash_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists():
        return target
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    stem = name.removesuffix(".md")
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        target = folder / f"{stem}.removed-{stamp}{suffix}.md"
        if not target.exists():
            return target
        number += 1


def _move(day: date, source: Path, target: Path) -> MoveOutcome:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)  # target is a fresh name, so nothing is replaced
    except OSError as error:
        return MoveOutcome(day, source, None, error.strerror or str(error))
    return MoveOutcome(day, source, target)


def restore_days(
    days: Iterable[date], library: Path | None = None, trash: Path | None = None
) -> list[MoveOutcome]:
    """Bring every trashed file of these days back, beside whatever is there now."""
    library = library if library is not None else paths.library_dir()
    trash = trash if trash is not None else paths.trash_dir()
    outcomes = []
    for day in days:
        folder = trash / f"{day:%Y}" / f"{day:%m}"
        stem = day.isoformat()
        trashed = sorted(folder.glob(f"{stem}*.md")) if folder.is_dir() else []
        if not trashed:
            outcomes.append(MoveOutcome(day, None, None, "not in the trash"))
            continue
        destination = library / f"{day:%Y}" / f"{day:%m}"
        for path in trashed:
            data = path.read_bytes()
            present = variants(destination, stem)
            duplicate = next((item for item in present if _same_content(item, data)), None)
            if duplicate is not None:
                path.unlink()
                outcomes.append(MoveOutcome(day, path, duplicate, "already in the library"))
                continue
            try:
                target = _write_new(destination, stem, data)
                path.unlink()
            except OSError as error:
                outcomes.append(MoveOutcome(day, path, None, error.strerror or str(error)))
                continue
            outcomes.append(MoveOutcome(day, path, target))
    return outcomes
