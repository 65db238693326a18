"""The saved library: digests copied (or downloaded) under the data dir, by date.

`add` files them as `YYYY/MM/YYYY-MM-DD.md`. Nothing is ever overwritten: an
identical file already there is skipped, a different one for the same day is
kept beside it (`YYYY-MM-DD-2.md`), and a file is only created under a name
nobody holds (`files.write_new`). Checking the day's files and writing happen
under the library's lock, so two processes adding the same bytes at once
keep one copy. `library_entries` lists the library; `trash.py` removes and
restores. Every problem the user can cause is an outcome with a reason,
never raised.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from paper_tui.digest import date_from_path, parse_bytes
from paper_tui.library.download import (
    DOWNLOAD_TIMEOUT_SECONDS,
    Downloaded,
    fetch_url,
    redacted,
)
from paper_tui.library.loading import STDIN, Progress, find_digest_files, load, read_source
from paper_tui.model import Digest, LoadError, LoadResult
from paper_tui.store import ParseCache, has_content, locked, numbered_names, paths, write_new

Status = Literal["added", "skipped", "refused"]

UNDATED_FOLDER = "undated"
LOCK_NAME = ".lock"
"""In the library folder; hidden, so never listed as a digest."""
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_TEMPORARY = re.compile(r"^\.adding-.*\.tmp$")
"""What `files.write_new` writes before the name appears (left behind by a `kill -9`)."""
STALE_SECONDS = 3600.0
"""A temporary file of `add` this old is left from a crash: no copy takes an hour."""


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
        return f"{len(self.added)} added, {len(self.skipped)} skipped, {len(self.refused)} refused"


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One file of the library, as `paper-tui library` lists it."""

    day: date | None
    path: Path
    papers: int
    size: int


@dataclass(frozen=True, slots=True)
class LibraryListing:
    """The library's files, and those that could not be read (never dropped silently)."""

    entries: list[LibraryEntry]
    errors: tuple[LoadError, ...]


Fetcher = Callable[[str], Downloaded | bytes | LoadError]


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
    follow_redirects: bool = False,
    progress: Progress | None = None,
    timeout: float = DOWNLOAD_TIMEOUT_SECONDS,
) -> AddReport:
    """Copy files, folders' digests, stdin (`-`) and http(s) URLs into the library.

    `force` adds digests with no papers (or no date, under `undated/`) too;
    `follow_redirects` downloads from another host, port or scheme a URL redirects
    to (and says which); `timeout` is each URL's deadline, the host's look-up included;
    `progress` hears (files done, files in all) as the local files are added.
    """
    library = library if library is not None else paths.library_dir()
    if fetch is None:

        def fetch(url: str) -> Downloaded | LoadError:
            return fetch_url(url, timeout, follow_redirects=follow_redirects)

    remove_stale_temporaries(library)
    report = AddReport()
    local: list[str] = []
    for source in sources:
        if is_url(source):
            label = redacted(source)  # a password in it is never shown
            got = fetch(source)
            if isinstance(got, LoadError):
                report.outcomes.append(AddOutcome(label, "refused", got.reason))
                continue
            data = got.data if isinstance(got, Downloaded) else got
            outcome = add_bytes(data, label, library, force)
            came_from = got.moved_from(source) if isinstance(got, Downloaded) else None
            if came_from is not None:
                outcome = replace(outcome, reason=f"{outcome.reason} (from {came_from})")
            report.outcomes.append(outcome)
        else:
            local.append(source)
    files, errors = find_digest_files(local)
    report.outcomes.extend(AddOutcome(error.path, "refused", error.reason) for error in errors)
    for done, name in enumerate(files, start=1):
        read = read_source(name, stdin)
        if isinstance(read, LoadError):
            report.outcomes.append(AddOutcome(read.path, "refused", read.reason))
        else:
            report.outcomes.append(add_bytes(read, name, library, force))
        if progress is not None:
            progress(done, len(files))
    return report


def add_bytes(
    data: bytes, source: str, library: Path, force: bool = False, day: date | None = None
) -> AddOutcome:
    """File one digest's bytes in the library (the check and naming `add` does);
    `day` files a digest that gives no date of its own (sync knows the day it asked for)."""
    label = "<stdin>" if source == STDIN else source
    parsed = parse_bytes(data, label)
    if isinstance(parsed, LoadError):
        return AddOutcome(label, "refused", parsed.reason)
    papers = sum(len(digest.papers) for digest in parsed)
    if papers == 0 and not force:
        return AddOutcome(
            label, "refused", "no papers found (no ### heading links to arXiv); --force adds it"
        )
    day = digest_day(parsed, label) or day
    if day is None:
        if not force:
            reason = "no date in the digest or its name; --force adds it"
            return AddOutcome(label, "refused", reason)
        folder, stem = library / UNDATED_FOLDER, _safe_stem(label)
    else:
        folder, stem = day_folder(library, day), day.isoformat()
    try:
        with library_lock(library):
            linked = _linked_folder(library, folder)
            if linked is not None:
                return AddOutcome(label, "refused", linked)
            for existing in day_files(folder, stem):
                if has_content(existing, data):
                    reason = f"identical to {relative(existing, library)}"
                    return AddOutcome(label, "skipped", reason, existing)
            target = write_new(folder, numbered_names(folder, stem, ".md"), data)
    except OSError as error:
        reason = f"cannot write to the library: {error.strerror or error}"
        return AddOutcome(label, "refused", reason)
    beside = "" if target.name == f"{stem}.md" else " (a different file for this day is kept too)"
    return AddOutcome(label, "added", f"{papers} papers{beside}", target)


def _linked_folder(library: Path, folder: Path) -> str | None:
    """Why nothing is written in `folder` when a folder on the way to it from the
    library (`2024`, `2024/08`) is a symlink, which would put the file wherever the
    link points; else None. The library folder itself may be a link (moved to
    another disk): only links inside it are refused, as `remove` refuses them."""
    here = library
    for part in folder.relative_to(library).parts:
        here = here / part
        if not here.is_symlink():
            continue
        try:
            target = os.readlink(here)
        except OSError:
            target = "?"
        return (
            f"cannot write to the library: {relative(here, library)} is a symlink "
            f"(to {target}); links in the library are never followed"
        )
    return None


def digest_day(digests: Sequence[Digest], source: str) -> date | None:
    """The day a file is filed under: its first dated digest's, else its name's."""
    for digest in digests:
        if digest.date is not None:
            return digest.date
    return date_from_path(source)


def day_folder(root: Path, day: date) -> Path:
    """`root/YYYY/MM`, the year with four digits as in the file's name (`0001/01`,
    where `%Y` would write `1`)."""
    return root / f"{day.year:04d}" / f"{day.month:02d}"


def remove_stale_temporaries(library: Path) -> int:
    """Delete the temporary files a killed `add` left in the library (older than
    `STALE_SECONDS`); how many. Hidden folders and symlinks are not entered."""
    removed = 0
    limit = time.time() - STALE_SECONDS
    for folder, folders, files in os.walk(library):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if not _TEMPORARY.match(name):
                continue
            path = os.path.join(folder, name)
            try:
                if os.lstat(path).st_mtime < limit:
                    os.unlink(path)
                    removed += 1
            except OSError:
                continue
    return removed


def _safe_stem(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _UNSAFE_NAME.sub("_", stem).strip("._") or "digest"


def day_files(folder: Path, stem: str) -> list[Path]:
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


@contextlib.contextmanager
def library_lock(library: Path) -> Iterator[None]:
    """Hold the library's lock: check-then-write (add, restore) is one step for other
    processes. Raises OSError when the library folder cannot be made."""
    library.mkdir(parents=True, exist_ok=True)
    with locked(library / LOCK_NAME):
        yield


def relative(path: Path, root: Path) -> str:
    """`path` as written under `root` (`2024/08/2024-08-19.md`), else in full."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# -- listing ----------------------------------------------------------------------


def library_files(library: Path | None = None) -> list[str]:
    """Every digest file in the library (empty when there is no library yet)."""
    return _walk_library(library)[0]


def _walk_library(library: Path | None) -> tuple[list[str], list[LoadError]]:
    """(the library's digest files, what the walk skipped and why: a FIFO...)."""
    library = library if library is not None else paths.library_dir()
    if not library.is_dir():
        return [], []
    files, errors = find_digest_files([str(library)])
    return files, [error for error in errors if error.path != str(library)]


def load_library(
    progress: Progress | None = None,
    cache: ParseCache | None = None,
    library: Path | None = None,
    keep_entries: bool = True,
) -> LoadResult:
    """Load the whole library, newest day first, through the parse cache (see
    `load` for `keep_entries`)."""
    files, skipped = _walk_library(library)
    result = _load_files(files, progress, cache, keep_entries)
    return replace(result, errors=(*skipped, *result.errors)) if skipped else result


def _load_files(
    files: list[str],
    progress: Progress | None = None,
    cache: ParseCache | None = None,
    keep_entries: bool = True,
) -> LoadResult:
    if not files:
        return LoadResult()
    own_cache = cache is None
    cache = ParseCache.open() if cache is None else cache
    try:
        return load(files, progress=progress, cache=cache, keep_entries=keep_entries)
    finally:
        if own_cache:
            cache.close()


def library_entries(cache: ParseCache | None = None, library: Path | None = None) -> LibraryListing:
    """One entry per library file, newest day first, and the files that failed to load."""
    library = library if library is not None else paths.library_dir()
    remove_stale_temporaries(library)
    files, skipped = _walk_library(library)
    result = _load_files(files, cache=cache)
    papers: dict[str, int] = {}
    days: dict[str, date | None] = {}
    for digest in result.digests:
        papers[digest.source] = papers.get(digest.source, 0) + len(digest.papers)
        days.setdefault(digest.source, digest.date)
    entries = []
    for name in files:
        path = Path(name)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        day = days.get(name) or date_from_path(name)
        entries.append(LibraryEntry(day, path, papers.get(name, 0), size))
    entries.sort(key=lambda entry: (entry.day or date.min, entry.path.name), reverse=True)
    return LibraryListing(entries, (*skipped, *result.errors))
