"""Moving files under fresh names without races: the library, its trash, the state.

Nothing here ever replaces a file. A name is claimed atomically (a hard link,
or an exclusive create where hard links are not supported), so two processes
picking names at once cannot both take one, and a dangling symlink counts as
taken. `locked` serializes a check-then-act sequence across processes.
`check_readable` refuses, before anyone opens it, what would hang a reader
(a FIFO) or is too big to read.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from paper_tui.model import LoadError

_MIB = 1024 * 1024


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
    """True when `path` is a readable regular file holding exactly `data`."""
    if check_readable(path, len(data)) is not None:
        return False
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


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a FIFO", "a socket", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def unreadable_reason(error: OSError, path: str | Path) -> str:
    """Why `path` could not be stat'ed or opened, in words: a symlink loop and a
    broken symlink are named as such, not "no such file"."""
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT:
        return "broken symlink" if os.path.lexists(path) else "no such file or folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def size_in_words(size: int) -> str:
    """`190.7 MiB`, `32 MiB`, `12 KiB`: a file size for a message."""
    if size >= _MIB:
        return f"{size >> 20} MiB" if size % _MIB == 0 else f"{size / _MIB:.1f} MiB"
    if size >= 1024:
        return f"{size >> 10} KiB" if size % 1024 == 0 else f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def check_readable(path: str | Path, limit: int) -> LoadError | None:
    """None when `path` is a regular file of at most `limit` bytes; else why not.

    Checked before the file is opened: opening a FIFO waits for a writer and
    reading a device may never end, so nothing but a regular file is read, and
    a file too large is refused with its real size (a capped read cannot tell it).
    """
    try:
        status = os.stat(path)
    except OSError as error:
        return LoadError(str(path), unreadable_reason(error, path))
    except ValueError:  # a NUL in the name
        return LoadError(str(path), "not a valid file name")
    if stat.S_ISDIR(status.st_mode):
        return LoadError(str(path), "is a directory")
    if not stat.S_ISREG(status.st_mode):
        return LoadError(str(path), f"{file_kind(status.st_mode)}, not a regular file; skipped")
    if status.st_size > limit:
        sizes = f"{size_in_words(status.st_size)}; the limit is {size_in_words(limit)}"
        return LoadError(str(path), f"file too large ({sizes})")
    return None
