"""Live reload: digests added to, changed in or removed from some folders while
the app runs (a sync, a `git pull`, another instance's `add`).

Cheap polling, no dependency: each `poll()` walks the folders with
`os.scandir`, comparing each digest file's (size, mtime_ns, inode) with the
previous complete walk. A walk looks at no more than `max_entries` files and
folders per call and goes on where it stopped at the next, so a huge tree
costs a bounded slice of each tick and its changes come after a few ticks. The
first complete walk is the baseline and reports nothing. Polling (rather than
inotify through `watchfiles`) works the same on every platform and on network
and container file systems, needs no thread of its own, and costs ~3 ms a
tick for 1,000 files. Hidden files and folders (the library's `.lock`, the
`.adding-*.tmp` a write goes through, `.git`) are not looked at; symlinked
folders are not followed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from paper_tui.library.loading import DIGEST_SUFFIXES

Stamp = tuple[int, int, int]
"""A file as last seen: (size, mtime_ns, inode)."""
MAX_ENTRIES_PER_POLL = 5_000
"""Files and folders one `poll` looks at, at most (~17 ms)."""
POLL_SECONDS = 2.0
"""How often the app should poll: a change shows within about this long."""


@dataclass(frozen=True, slots=True)
class FolderChanges:
    """What one complete walk found different from the one before, each sorted."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def files(self) -> list[str]:
        """The files to load again: added or changed."""
        return sorted((*self.added, *self.changed))


@dataclass(slots=True)
class FolderWatch:
    """Polls `paths` (folders, walked recursively, and single files) for digests
    that were added, changed or removed. Call `poll()` (or `changes()`) from a
    timer or a worker. A poll called while another still runs (a timer's next tick
    on a machine too busy to finish the last in time) finds nothing and leaves the
    walk to the one running: two threads cannot step one walk."""

    paths: Sequence[str]
    max_entries: int = MAX_ENTRIES_PER_POLL
    _known: dict[str, Stamp] | None = None
    _seen: dict[str, Stamp] = field(default_factory=dict)
    _walk: Iterator[tuple[str, Stamp | None]] | None = None
    _busy: threading.Lock = field(default_factory=threading.Lock)

    def poll(self) -> FolderChanges:
        """Go on with the walk for up to `max_entries`; when it is complete, what is
        different from the last complete walk (nothing for the first, the baseline)."""
        if not self._busy.acquire(blocking=False):
            return FolderChanges()
        try:
            return self._step()
        finally:
            self._busy.release()

    def _step(self) -> FolderChanges:
        if self._walk is None:
            self._walk = _entries(self.paths)
            self._seen = {}
        try:
            for _ in range(max(1, self.max_entries)):
                entry = next(self._walk, None)
                if entry is None:
                    return self._complete()
                name, stamp = entry
                if stamp is not None:
                    self._seen[name] = stamp
        except BaseException:
            # A walk that raised is over: finishing it later from what it saw would
            # report every file it never reached as removed. The next poll starts again.
            self._walk, self._seen = None, {}
            raise
        return FolderChanges()

    def changes(self) -> list[str]:
        """The digest files added or changed since the last complete walk (`poll().files`)."""
        return self.poll().files

    def baseline(self) -> None:
        """Walk everything now (however many entries) as the state to compare with."""
        with self._busy:  # waits for a poll running now, and keeps others out
            self._walk = None
            self._known = None
            while self._known is None:
                self._step()

    @property
    def files(self) -> frozenset[str]:
        """The digest files the last complete walk found."""
        return frozenset(self._known or ())

    def _complete(self) -> FolderChanges:
        known, seen = self._known, self._seen
        self._known, self._walk, self._seen = seen, None, {}
        if known is None:
            return FolderChanges()
        added = tuple(sorted(name for name in seen if name not in known))
        changed = tuple(
            sorted(name for name, stamp in seen.items() if name in known and known[name] != stamp)
        )
        removed = tuple(sorted(name for name in known if name not in seen))
        return FolderChanges(added, changed, removed)


def _entries(paths: Sequence[str]) -> Iterator[tuple[str, Stamp | None]]:
    """Every digest file under `paths` with its stamp; folders as (name, None),
    so that they count as work too. Unreadable ones are passed over."""
    for raw in paths:
        root = str(Path(raw).expanduser())
        try:
            status = os.stat(root)
        except OSError:
            continue
        if not os.path.isdir(root):
            yield root, (status.st_size, status.st_mtime_ns, status.st_ino)
            continue
        folders = [root]
        while folders:
            folder = folders.pop()
            yield folder, None
            try:
                with os.scandir(folder) as listing:
                    children = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in children:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                        continue
                    if not entry.name.lower().endswith(DIGEST_SUFFIXES) or not entry.is_file():
                        continue
                    stat = entry.stat()
                except OSError:
                    continue
                yield entry.path, (stat.st_size, stat.st_mtime_ns, stat.st_ino)
