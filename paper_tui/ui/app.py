"""The paper-tui App: the reader screen, the stylesheet, the command palette.

`run_app` is what `paper-tui [PATH...]` calls. A few small files (a day's
digest, the sample) are loaded before the first frame, so it shows their
titles; anything more paints first and loads in a worker. Nothing heavy
(mistletoe on a warm start, numpy for a small library, the search index) is
imported before the first frame.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paper_tui.model import LoadResult
from paper_tui.store import Settings, load_settings, saved_theme
from paper_tui.ui.commands import ReaderCommands
from paper_tui.ui.digest_loader import STDIN, make_loader
from paper_tui.ui.screens.reader import ReaderScreen


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
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths or ())
        self.stdin_data = stdin_data
        self._loader = loader or make_loader(self.paths, stdin_data)
        self._blink = blink
        self.settings = settings if settings is not None else load_settings()
        """The config file's settings (read once: a small TOML file, before the first paint)."""
        self._clashes_said: set[frozenset[str]] = set()
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))
        # The theme last chosen in the app wins over the config's default; before the
        # first paint, so the default never flashes.
        for theme in (saved_theme(), self.settings.theme):
            if theme in self.available_themes:
                self.theme = theme
                break

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: Any) -> None:
        """A keymap gave a key that another binding has: say so once per clash."""
        ids = frozenset(binding.id or binding.action for binding in clashed_bindings)
        if ids in self._clashes_said:
            return
        self._clashes_said.add(ids)
        keys = ", ".join(sorted({binding.key for binding in clashed_bindings}))
        self.notify(
            f"keymap: {', '.join(sorted(ids))} now share {keys}; the keymap's binding wins",
            title="Config",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette entries but Quit and Keys: the reader's `q` and `?`
        are listed already (one entry per action)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command

    def get_default_screen(self) -> Screen[None]:
        index_maker = getattr(self._loader, "search_index", None)
        return ReaderScreen(
            self._loader,
            blink=self._blink,
            index_maker=index_maker,
            settings=self.settings,
            sources=self.paths,
            stdin_data=self.stdin_data,
        )


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


def run_app(paths: list[str], *, debug: bool = False) -> int:
    """Run the reader on `paths` (the saved library or the sample when empty);
    with `debug` (`paper-tui --debug`), an error that stopped the app is logged."""
    stdin_data = _take_stdin(paths)
    app = PaperTuiApp(paths, stdin_data=stdin_data)
    app.run()
    if debug and app._exception is not None:
        import logging

        logging.getLogger(__name__).error("the app stopped", exc_info=app._exception)
    return app.return_code or 0
