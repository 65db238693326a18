"""What the reader's load worker calls: the command line's paths (or the saved
library, or the bundled sample) through the parse cache, and then the search
index read back from that cache where it stands."""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from paper_tui.model import LoadResult, Paper

if TYPE_CHECKING:
    from paper_tui.search import SearchIndex

STDIN = "-"
"""The path that stands for standard input."""

QUICK_BYTES = 4 * 1024 * 1024
QUICK_FILES = 8
"""A load of at most this many named files of at most this many bytes in all is done
before the first frame (`DigestLoader.quick`): its first screen shows the titles
at once instead of "Loading…" and then a second frame."""

EARLY_MIN_FILES = 24
"""Loads of at least this many files show the newest day first, then the rest."""


def default_paths() -> list[str]:
    """What to open without arguments: the saved library if it has digests, else the sample.

    Called from the loading worker: it imports the storage modules, which the
    first paint does not need.
    """
    from paper_tui.library import library_files, sample_digest_path

    return library_files() or [str(sample_digest_path())]


@contextmanager
def _stderr_with_a_file_descriptor() -> Iterator[None]:
    """Let multiprocessing start its helpers while Textual captures stderr.

    The parallel parser's resource tracker passes `sys.stderr.fileno()` to
    its process; Textual's capture object answers -1 and the spawn fails
    ("bad value(s) in fds_to_keep"). For the load, stderr is /dev/null.
    """
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sys.stderr = sink
        try:
            yield
        finally:
            sys.stderr = saved


class DigestLoader:
    """Loads `paths` (reporting progress) when the worker calls it, through the parse
    cache; then `search_index` reads the index back from the cache where it stands."""

    def __init__(
        self, paths: Sequence[str], stdin_data: bytes | None = None, use_cache: bool = True
    ) -> None:
        self.paths = list(paths)
        self.stdin_data = stdin_data
        self.use_cache = use_cache
        self._cache_keys: dict[str, Any] | None = None
        self.warm = False
        """True when the last load read every file from the cache (its index is there too)."""
        """`ParseCache.last_keys` of the last load: which cached index blocks stand."""

    def __call__(self, progress: Callable[[int, int], None]) -> LoadResult:
        from paper_tui.library import load as load_paths

        stdin = io.BytesIO(self.stdin_data) if self.stdin_data is not None else None
        chosen = self.paths or default_paths()
        with _stderr_with_a_file_descriptor():
            if not self.use_cache:
                return load_paths(chosen, progress=progress, stdin=stdin)
            from paper_tui.store import ParseCache

            with ParseCache.open() as cache:
                # The reader shows merged papers only: a load unchanged since the
                # last is read back whole (`library.snapshots`), not file by file.
                result = load_paths(
                    chosen, progress=progress, stdin=stdin, cache=cache, keep_entries=False
                )
                self._cache_keys = dict(cache.last_keys)
                self.warm = cache.misses == 0 and cache.hits > 0
                return result

    def quick(self) -> bool:
        """Whether this load is small enough to do before the first frame: a few
        regular files (a day's digest) named on the command line, or the bundled
        sample before there is a library; not stdin nor a folder. Costs a stat per
        path; never raises."""
        chosen = self.paths
        if not chosen:  # the library, else the sample: quick only while there is no library
            from paper_tui.library import sample_digest_path
            from paper_tui.store import paths

            if paths.library_dir().exists():
                return False
            chosen = [str(sample_digest_path())]
        if self.stdin_data is not None or len(chosen) > QUICK_FILES:
            return False
        total = 0
        for path in chosen:
            try:
                status = os.stat(path)
            except (OSError, ValueError):
                return False
            if not stat.S_ISREG(status.st_mode):
                return False
            total += status.st_size
        return total <= QUICK_BYTES

    def newest_day(self) -> LoadResult | None:
        """The newest day's files alone, loaded (through the cache) before the rest, so
        a long load is readable at once; None for a load that is quick whole (fewer
        than `EARLY_MIN_FILES` files) or that reads stdin."""
        from paper_tui.digest import date_from_path
        from paper_tui.library import find_digest_files
        from paper_tui.library import load as load_paths

        chosen = self.paths or default_paths()
        if STDIN in chosen:
            return None
        files, _ = find_digest_files(chosen)
        if len(files) < EARLY_MIN_FILES:
            return None
        days = {name: date_from_path(name) for name in files}
        dated = [day for day in days.values() if day is not None]
        if not dated:
            return None
        newest = max(dated)
        first = [name for name, day in days.items() if day == newest]
        with _stderr_with_a_file_descriptor():
            if not self.use_cache:
                return load_paths(first)
            from paper_tui.store import ParseCache

            with ParseCache.open() as cache:
                return load_paths(first, cache=cache)

    def search_index(self, papers: Sequence[Paper], into: SearchIndex) -> None:
        """Fill the empty index `into` with the papers just loaded, block by block,
        each read back from the cache when it stands (a warm start reads them all
        instead of building for seconds); it is searchable while it fills."""
        from paper_tui.ui.searching import fill_in_blocks

        if self._cache_keys is None:
            fill_in_blocks(into, papers)
            return
        from paper_tui.library import cached_search_index
        from paper_tui.store import ParseCache

        with ParseCache.open() as cache:  # its own connection: this runs in another thread
            cache.last_keys = self._cache_keys
            cached_search_index(cache, papers, into=into)


def make_loader(
    paths: Sequence[str], stdin_data: bytes | None = None, use_cache: bool = True
) -> DigestLoader:
    """A loader of `paths` (reporting progress) for the worker to call."""
    return DigestLoader(paths, stdin_data, use_cache)
