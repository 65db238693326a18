"""Command palette providers: every action, "go to paper…" and "go to date…".

The actions are read from the screen's bindings, so the palette and the keys
never disagree. Going to a paper searches with the app's own index in a
thread, so the palette stays quick at 100k papers.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from paper_tui.ui.keys import READER_BINDINGS, key_names
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.titles import shown_title

PAPER_RESULTS = 20


def _reader_screen(provider: Provider) -> ReaderScreen | None:
    screen = provider.screen
    return screen if isinstance(screen, ReaderScreen) else None


class ReaderCommands(Provider):
    """Every reader action by name, plus the two "go to" pickers."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = _reader_screen(self)
        if screen is None:
            return []
        commands: list[tuple[str, str, object]] = [
            (
                "Go to paper…",
                "Find a paper by title, author or text and jump to it",
                partial(_pick_paper, screen),
            ),
            ("Go to date…", "Jump to the first paper of a digest day", partial(_pick_date, screen)),
            ("Sync now", "Pull the missing days from your sources", screen.action_sync_now),
            (
                "Top of this week",
                "This week's papers by votes (date:this-week sort:votes)",
                partial(screen.set_query, "date:this-week sort:votes"),
            ),
            (
                "Top of this month",
                "This month's papers by votes (date:this-month sort:votes)",
                partial(screen.set_query, "date:this-month sort:votes"),
            ),
        ]
        for binding in READER_BINDINGS:
            if not isinstance(binding, Binding) or binding.action.startswith("jump_section"):
                continue  # 1-9 are one key each: the help lists them, the palette would list nine
            name = binding.tooltip or binding.description
            help_text = f"key: {key_names(binding, screen.settings.keymap)}"
            if binding.action == "next_section":
                help_text += "  (1-9: section N)"
            commands.append((name, help_text, partial(screen.run_action, binding.action)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)  # type: ignore[arg-type]


class PaperPicker(Provider):
    """Papers matching what is typed, ranked by the search index."""

    async def search(self, query: str) -> Hits:
        screen = _reader_screen(self)
        if screen is None or not query.strip():
            return
        outcome = await asyncio.to_thread(
            lambda: screen.searcher().search(query, limit=PAPER_RESULTS, mutes=screen.mutes())
        )
        for rank, index in enumerate(list(outcome.rows)[:PAPER_RESULTS]):
            paper = screen.papers[index]
            title = shown_title(paper.title)
            day = paper.date.isoformat() if paper.date else ""
            yield Hit(
                1.0 - rank / (PAPER_RESULTS + 1),
                Text(title),
                partial(screen.go_to_paper, index),
                text=title,
                help=f"{paper.arxiv_id} · {day}",
            )


def _pick_paper(screen: ReaderScreen) -> None:
    screen.app.push_screen(CommandPalette(providers=[PaperPicker], placeholder="Go to paper…"))


def _pick_date(screen: ReaderScreen) -> None:
    commands = [(day.isoformat(), partial(screen.go_to_date, day)) for day in screen.days]
    screen.app.search_commands(commands, placeholder="Go to date… (YYYY-MM-DD)")
