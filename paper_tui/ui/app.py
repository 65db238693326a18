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
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paper_tui.model import LoadResult
from paper_tui.ui.commands import ReaderCommands
from paper_tui.ui.screens.main import MainScreen

STDIN = "-"


def default_paths() -> list[str]:
    """What to open without arguments: the saved library if it has digests, else the sample.

    Called from the loading worker: it imports the storage modules, which the
    first paint does not need.
    """
    from paper_tui.library import sample_digest_path
    from paper_tui.saved import library_files

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


def make_loader(
    paths: Sequence[str], stdin_data: bytes | None = None, use_cache: bool = True
) -> Callable[[Callable[[int, int], None]], LoadResult]:
    """A function that loads `paths` (reporting progress) when the worker calls it."""

    def load(progress: Callable[[int, int], None]) -> LoadResult:
        from paper_tui.library import load as load_paths

        stdin = io.BytesIO(stdin_data) if stdin_data is not None else None
        chosen = list(paths) or default_paths()
        with _stderr_with_a_file_descriptor():
            if not use_cache:
                return load_paths(chosen, progress=progress, stdin=stdin)
            from paper_tui.cache import ParseCache

            with ParseCache.open() as cache:
                return load_paths(chosen, progress=progress, stdin=stdin, cache=cache)

    return load


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
        self._loader = loader or make_loader(self.paths, stdin_data)
        self._blink = blink

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self._loader, blink=self._blink)


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
