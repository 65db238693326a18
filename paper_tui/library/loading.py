"""Finding and loading digests: files, folders of years of them, or stdin.

Loading never raises for the user's input: every path that cannot be read
becomes a `LoadError` and the rest load. Large sets are parsed on every core.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from paper_tui.collector import collector_paused
from paper_tui.digest import MAX_FILE_BYTES, parse_bytes, parse_file, read_file
from paper_tui.library.merge import merge_digests
from paper_tui.library.snapshots import read_snapshot, store_snapshot
from paper_tui.model import Digest, LoadError, LoadResult
from paper_tui.store import (
    Packed,
    ParseCache,
    SharedSections,
    check_readable,
    decode,
    encode,
    file_kind,
    fingerprint,
    split_texts,
    unreadable_reason,
)

DIGEST_SUFFIXES = (".md", ".markdown", ".txt")
STDIN = "-"

PARALLEL_MIN_BYTES = 4 * 1024 * 1024
"""Below this much text, starting worker processes costs more than it saves."""
STORE_BATCH = 64
"""Fresh parses stored (one transaction) and unpacked together as they come."""

Progress = Callable[[int, int], None]
"""Called as (files done, files in all) while a load runs."""

ParseOutcome = tuple[Digest, ...] | LoadError


def sample_digest_path() -> Path:
    """The sample digest shipped with the app: inside the installed package,
    or in the source tree's `assets/` when running from a checkout."""
    packaged = resources.files("paper_tui").joinpath("assets", "sample-digest.md")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "assets" / "sample-digest.md"


def find_digest_files(paths: Iterable[str]) -> tuple[list[str], list[LoadError]]:
    """Expand folders (recursively, skipping hidden ones) into digest files.

    Files named explicitly are taken whatever their suffix; `-` stands for stdin.
    The order is stable: folders are walked in sorted order. An empty path is
    an error, not the current folder.
    """
    files: list[str] = []
    errors: list[LoadError] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if name not in seen:
            seen.add(name)
            files.append(name)

    for raw in paths:
        if raw == STDIN:
            add(STDIN)
            continue
        if not raw:
            errors.append(LoadError('""', "empty path"))
            continue
        try:
            path = Path(raw).expanduser()
        except RuntimeError:  # `~nouser/x.md`
            errors.append(LoadError(raw, f"no such user: {raw.split('/', 1)[0]}"))
            continue
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as error:
            errors.append(LoadError(raw, unreadable_reason(error, path)))
            continue
        except ValueError:  # a NUL in the name
            errors.append(LoadError(raw, "not a valid file name"))
            continue
        if is_folder:
            found = _walk_folder(path, errors)
            if not found:
                reason = "folder holds no digest files (*.md, *.markdown, *.txt)"
                errors.append(LoadError(raw, reason))
            for name in found:
                add(name)
        else:
            add(str(path))
    return files, errors


def _is_hidden_file(name: str) -> bool:
    """Whether a walk skips this file: its name starts with "." (`._2024-08-19.md`,
    `.notes.md`, `.md`), unless all before the digest suffix is dots (`..md` is a
    digest named ".", not a hidden file). Every folder starting with "." is hidden."""
    if not name.startswith("."):
        return False
    for suffix in DIGEST_SUFFIXES:
        if name.lower().endswith(suffix):
            stem = name[: -len(suffix)]
            return not stem or stem.strip(".") != ""
    return True


def _walk_folder(folder: Path, errors: list[LoadError]) -> list[str]:
    """Digest files under `folder`, in sorted order, skipping hidden names and symlinks.

    A symlink met while walking may point anywhere (`add DIR` would copy a
    file from elsewhere, a loop would never end); a path named explicitly is
    the user's choice and is followed.
    """
    found: list[str] = []
    try:
        with os.scandir(folder) as scan:
            children = sorted(scan, key=lambda child: child.name)
    except OSError as error:
        errors.append(LoadError(str(error.filename or folder), error.strerror or "cannot read"))
        return found
    for child in children:
        if child.is_symlink():
            continue
        try:
            is_folder = child.is_dir(follow_symlinks=False)
            is_file = child.is_file(follow_symlinks=False)
        except OSError:
            continue
        if child.name.startswith(".") if is_folder else _is_hidden_file(child.name):
            continue
        if is_folder:
            found.extend(_walk_folder(Path(child.path), errors))
        elif not child.name.lower().endswith(DIGEST_SUFFIXES):
            continue
        elif is_file:
            found.append(child.path)
        else:  # a FIFO would hang whoever opens it; a device, whoever reads it
            try:
                kind = file_kind(child.stat(follow_symlinks=False).st_mode)
            except OSError:
                kind = "not a regular file"
            errors.append(LoadError(child.path, f"{kind}, not a regular file; skipped"))
    return found


def read_source(name: str, stdin: BinaryIO | None = None) -> bytes | LoadError:
    """The bytes of a file, or of stdin for `-` (labelled `<stdin>`); errors as values."""
    if name != STDIN:
        refusal = check_readable(name, MAX_FILE_BYTES)
        return refusal if refusal is not None else read_file(name)
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        return stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return LoadError("<stdin>", error.strerror or "cannot read")


def read_stdin(stream: BinaryIO | None = None) -> ParseOutcome:
    """Parse a digest piped on standard input."""
    data = read_source(STDIN, stream)
    return data if isinstance(data, LoadError) else parse_bytes(data, "<stdin>")


def parse_one(name: str) -> ParseOutcome:
    """Parse one file on disk, refusing first what would hang the reader (a FIFO)
    or is too large, with the reason."""
    refusal = check_readable(name, MAX_FILE_BYTES)
    return refusal if refusal is not None else parse_file(name)


def _parse_many(files: Sequence[str]) -> list[ParseOutcome | Packed]:
    """Worker-process entry point: parse a batch of files, packed for the trip back.

    Pickling ~25 frozen dataclasses a file costs more than the parse saves
    on two cores; `cache.encode`'s two byte strings cross the pipe ~5x
    faster, and the parent stores them in the cache as they are.
    """
    results: list[ParseOutcome | Packed] = []
    for name in files:
        outcome = parse_one(name)
        packed = None if isinstance(outcome, LoadError) else encode(outcome)
        results.append(outcome if packed is None else packed)
    return results


def parse_files(
    files: Sequence[str],
    progress: Progress | None = None,
    workers: int | None = None,
    cache: ParseCache | None = None,
) -> list[ParseOutcome]:
    """Parse files in order, on every core when there is enough text to pay for it;
    with a `cache`, those unchanged since their last parse are read back from it."""
    if cache is not None:
        parsed = _load_cached(files, cache, progress, workers)
        return [parsed[name] for name in files]
    results = _parse_files_packed(files, progress, workers)
    dates: dict[int, date] = {}
    with collector_paused():
        return [_unpack(name, result, dates) for name, result in zip(files, results, strict=True)]


def _unpack(
    name: str, result: ParseOutcome | Packed, dates: dict[int, date] | None = None
) -> ParseOutcome:
    if isinstance(result, Packed):
        return decode(result.meta, result.text, name, dates)
    return result


def _parse_files_packed(
    files: Sequence[str], progress: Progress | None, workers: int | None
) -> list[ParseOutcome | Packed]:
    """`parse_files`, leaving what worker processes sent packed."""
    return [result for _, result in _parse_stream(files, progress, workers)]


def _parse_stream(
    files: Sequence[str], progress: Progress | None, workers: int | None
) -> Iterator[tuple[str, ParseOutcome | Packed]]:
    """Each file with its parse, in order, as they come (what worker processes
    sent left packed): the caller stores and unpacks them while the rest parse."""
    total = len(files)
    size = 0
    for name in files:
        with contextlib.suppress(OSError):
            size += os.path.getsize(name)
    cores = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if cores < 2 or size < PARALLEL_MIN_BYTES or total < 8:
        for done, name in enumerate(files, start=1):
            outcome = parse_one(name)
            if progress:
                progress(done, total)
            yield name, outcome
        return
    import multiprocessing  # here, not at the top: a day's digest never needs them, and
    from concurrent.futures import ProcessPoolExecutor  # they cost the first frame ~15 ms

    # forkserver, not fork: the app calls this from a worker thread, and
    # forking a threaded process can deadlock the child.
    context = multiprocessing.get_context("forkserver")
    batch = max(1, min(64, total // (cores * 4) or 1))
    batches = [files[start : start + batch] for start in range(0, total, batch)]
    done = 0
    with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        for names, results in zip(batches, pool.map(_parse_many, batches), strict=True):
            done += len(results)
            if progress:
                progress(done, total)
            yield from zip(names, results, strict=True)


def sort_digests(digests: Iterable[Digest]) -> tuple[Digest, ...]:
    """Newest day first; undated digests last; file order kept within a day."""
    digests = list(digests)
    dated = sorted(
        (digest for digest in digests if digest.date is not None),
        key=lambda digest: digest.date or date.min,
        reverse=True,
    )
    return (*dated, *(digest for digest in digests if digest.date is None))


def load(
    paths: Sequence[str],
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    workers: int | None = None,
    cache: ParseCache | None = None,
    keep_entries: bool = True,
) -> LoadResult:
    """Load digests from files, folders and `-` (stdin); errors per file, never raised.

    With a `cache`, files unchanged since their last parse are read back from
    it and only the others are parsed (and then remembered). A caller that
    reads only the merged papers passes `keep_entries=False`: the result is
    `outlined`, and when no file changed since the last such load of these
    paths it is read back whole from the cache's snapshot (`library.snapshots`).
    """
    files, errors = find_digest_files(paths)
    outlined = not keep_entries and cache is not None and STDIN not in files
    if outlined and cache is not None:
        snapshot = read_snapshot(paths, files, cache)
        if snapshot is not None:
            if progress:
                progress(len(files), len(files))
            merged = snapshot.papers
            return LoadResult(snapshot.outlines, (*errors, *snapshot.errors), merged, True)
    on_disk = [name for name in files if name != STDIN]
    if cache is None:
        parsed = dict(zip(on_disk, parse_files(on_disk, progress, workers), strict=True))
    else:
        parsed = _load_cached(on_disk, cache, progress, workers)
        if STDIN in files:
            cache.last_fingerprint = None
    digests: list[Digest] = []
    failed: list[LoadError] = []
    for name in files:
        outcome = read_stdin(stdin) if name == STDIN else parsed[name]
        if isinstance(outcome, LoadError):
            failed.append(outcome)
        else:
            digests.extend(outcome)
    ordered = sort_digests(digests)
    merged = merge_digests(ordered)
    if outlined and cache is not None:
        ordered = tuple(replace(digest, papers=()) for digest in ordered)
        store_snapshot(paths, cache, merged, ordered, failed)
    return LoadResult(ordered, (*errors, *failed), merged, outlined)


def _load_cached(
    files: Sequence[str], cache: ParseCache, progress: Progress | None, workers: int | None
) -> dict[str, ParseOutcome]:
    """Cached parses where they stand, fresh ones (stored back) for the rest."""
    hits, keys = cache.lookup(files)
    every_key = [keys[name] for name in files if name in keys]
    cache.last_fingerprint = fingerprint(every_key) if len(every_key) == len(files) else None
    missing = [name for name in files if name not in hits]
    total = len(files)
    if progress:
        progress(len(hits), total)

    def progress_of_missing(done: int, _: int) -> None:
        if progress:
            progress(len(hits) + done, total)

    parsed: dict[str, ParseOutcome] = dict(hits)
    dates: dict[int, date] = {}
    shared: SharedSections = {}
    pending: list[tuple[str, ParseOutcome | Packed]] = []

    def settle() -> None:
        """Store the parses that came, then unpack them (sharing their texts)."""
        split = {
            name: split_texts(result) for name, result in pending if isinstance(result, Packed)
        }
        cache.store(
            [
                (keys[name], result)
                for name, result in pending
                if name in keys and not isinstance(result, LoadError)
            ],
            {keys[name].path: texts for name, texts in split.items() if name in keys},
        )
        with collector_paused():
            for name, result in pending:
                if isinstance(result, Packed):
                    texts = split[name]
                    parsed[name] = decode(
                        result.meta, texts.texts, name, dates, shared, texts.keys
                    )
                else:
                    parsed[name] = result
        pending.clear()

    for name, result in _parse_stream(missing, progress_of_missing, workers):
        pending.append((name, result))
        if len(pending) >= STORE_BATCH:
            settle()
    settle()
    return parsed
