"""Moving files under fresh names without races: the library, its trash, the state.

Nothing here ever replaces a file. A name is claimed atomically (a hard link,
or an exclusive create where hard links are not supported), so two processes
picking names at once cannot both take one, and a dangling symlink counts as
taken. `locked` serializes a check-then-act sequence across processes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` (created if needed) across processes.

    `fcntl.flock` locks an open file description, so two opens in one process
    exclude each other too. Where there is no `fcntl` (Windows), no lock.
    Raises OSError when the lock file cannot be created.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def stamped_names(folder: Path, stem: str, tag: str, suffix: str = "") -> Iterator[Path]:
    """`STEM.TAG-20250219T101500Z<suffix>`, then `...Z-2<suffix>`, `-3`, ...: endless."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    yield folder / f"{stem}.{tag}-{stamp}{suffix}"
    number = 2
    while True:
        yield folder / f"{stem}.{tag}-{stamp}-{number}{suffix}"
        number += 1


def numbered_names(folder: Path, stem: str, suffix: str) -> Iterator[Path]:
    """`STEM<suffix>`, then `STEM-2<suffix>`, `STEM-3<suffix>`, ...: endless."""
    yield folder / f"{stem}{suffix}"
    number = 2
    while True:
        yield folder / f"{stem}-{number}{suffix}"
        number += 1


def move_to_free_name(source: Path, names: Iterable[Path]) -> Path:
    """Move `source` to the first of `names` nobody holds (same filesystem); that name.

    Raises OSError when the move fails; `source` is then left where it was.
    """
    for target in names:
        try:
            # Fails if the name is taken (even by a dangling symlink): nothing is replaced.
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (FAT, some network filesystems): claim the name
            # with an exclusive create, then move the complete file over the claim.
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                continue
            try:
                os.replace(source, target)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                raise
        else:
            os.unlink(source)
        sync_folder(target.parent)
        return target
    raise FileExistsError(f"no free name for {source}")


def write_new(folder: Path, names: Iterable[Path], data: bytes) -> Path:
    """Write `data` durably under the first of `names` (in `folder`) nobody holds; that name.

    The bytes are complete and fsync'ed before the name appears, so a reader
    (or a crash) never sees half a file. Raises OSError.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        return move_to_free_name(Path(temporary), names)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def has_content(path: Path, data: bytes) -> bool:
    """True when `path` is a readable file holding exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def sync_folder(folder: Path) -> None:
    """fsync a folder so a new name in it survives a crash (POSIX only)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
