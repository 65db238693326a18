"""The paper-tui App: the main screen, the stylesheet, the command palette.

`run_app` is what `paper-tui [PATH...]` calls. Startup paints first and
loads in a worker, so nothing heavy (the parser, mistletoe, the search
index) is imported before the first frame.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paper_tui.model import LoadResult, Paper
from paper_tui.ui.commands import ReaderCommands
from paper_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from paper_tui.search.engine import SearchIndex

STDIN = "-"


def default_paths() -> list[str]:
    """What to open without arguments: the saved library if it has digests, else the sample.

    Called from the loading worker: it imports the storage modules, which the
    first paint does not need.
    """
    from paper_tui.library.loading import sample_digest_path
    from paper_tui.library.saved import library_files

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
        from paper_tui.library.loading import load as load_paths

        stdin = io.BytesIO(self.stdin_data) if self.stdin_data is not None else None
        chosen = self.paths or default_paths()
        with _stderr_with_a_file_descriptor():
            if not self.use_cache:
                return load_paths(chosen, progress=progress, stdin=stdin)
            from paper_tui.store.parse_cache import ParseCache

            with ParseCache.open() as cache:
                result = load_paths(chosen, progress=progress, stdin=stdin, cache=cache)
                self._cache_keys = dict(cache.last_keys)
                self.warm = cache.misses == 0 and cache.hits > 0
                return result

    def search_index(self, papers: Sequence[Paper], into: SearchIndex) -> None:
        """Fill the empty index `into` with the papers just loaded, block by block,
        each read back from the cache when it stands (a warm start reads them all
        instead of building for seconds); it is searchable while it fills."""
        from paper_tui.ui.searching import fill_in_blocks

        if self._cache_keys is None:
            fill_in_blocks(into, papers)
            return
        from paper_tui.library.index_cache import cached_search_index
        from paper_tui.store.parse_cache import ParseCache

        with ParseCache.open() as cache:  # its own connection: this runs in another thread
            cache.last_keys = self._cache_keys
            cached_search_index(cache, papers, into=into)


def make_loader(
    paths: Sequence[str], stdin_data: bytes | None = None, use_cache: bool = True
) -> DigestLoader:
    """A loader of `paths` (reporting progress) for the worker to call."""
    return DigestLoader(paths, stdin_data, use_cache)


def saved_theme() -> str | None:
    """The theme saved in the reading state, read-only and without waiting (~5 ms;
    None when there is none or the file is busy, missing or broken: the state,
    opened after the first paint, then decides as before)."""
    import json
    import sqlite3

    from paper_tui.store import paths
    from paper_tui.store.reading_state import THEME_KEY

    path = paths.state_file()
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.05)
        try:
            row = connection.execute(
                "SELECT value FROM settings WHERE key = ?", (THEME_KEY,)
            ).fetchone()
        finally:
            connection.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return value if isinstance(value, str) else None


class PaperTuiApp(App[int]):
    """A keyboard-first reader for daily AI-paper digests."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "paper-tui"
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="palette"),
    ]

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        *,
        stdin_data: bytes | None = None,
        loader: Callable[[Callable[[int, int], None]], LoadResult] | None = None,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.paths = list(paths or ())
        self.stdin_data = stdin_data
        self._loader = loader or make_loader(self.paths, stdin_data)
        self._blink = blink
        theme = saved_theme()
        if theme in self.available_themes:
            self.theme = theme  # before the first paint, so the default never flashes

    def get_default_screen(self) -> Screen[None]:
        index_maker = getattr(self._loader, "search_index", None)
        return MainScreen(self._loader, blink=self._blink, index_maker=index_maker)


def _take_stdin(paths: Sequence[str]) -> bytes | None:
    """Read a piped digest before the app starts, then give the keyboard back to it."""
    if STDIN not in paths or sys.stdin.isatty():
        return None
    data = sys.stdin.buffer.read()
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return data
    os.dup2(terminal, 0)
    os.close(terminal)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - stdin lives as long as the process
    return data


def run_app(paths: list[str]) -> int:
    """Run the reader on `paths` (the saved library or the sample when empty)."""
    stdin_data = _take_stdin(paths)
    app = PaperTuiApp(paths, stdin_data=stdin_data)
    app.run()
    return app.return_code or 0
