"""Help and the palette: scrolled with the reader's keys, one entry per action, and a
footer that follows the screen in front."""

from __future__ import annotations

from textual.containers import VerticalScroll

from paper_tui.ui.screens.help import HelpScreen
from paper_tui.ui.screens.note import NoteEditor
from tests.pilot import SMALL, make_app, started, until


def footer_keys(app) -> set[str]:
    """The bindings' descriptions the key bar of the screen in front shows."""
    from paper_tui.ui.widgets.key_bar import KeyBar

    return {description for _, _, description in app.screen.query_one(KeyBar).keys}


async def test_help_scrolls_with_j_k_and_g_and_says_how_to_close() -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        body = pilot.app.screen.query_one("#help-body", VerticalScroll)
        await until(pilot, lambda: body.max_scroll_y > 0)
        assert "closes this help" in str(pilot.app.screen.query_one("#help-title").render())
        await pilot.press("j", "j")
        await until(pilot, lambda: body.scroll_y == 2)
        await pilot.press("G")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y)
        await pilot.press("k")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y - 1)
        await pilot.press("g")
        await until(pilot, lambda: body.scroll_y == 0)
        await pilot.press("q")
        await until(pilot, lambda: not isinstance(pilot.app.screen, HelpScreen))


async def test_the_footer_follows_the_screen_in_front() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.pause(0.1)
        assert "Search" in footer_keys(pilot.app)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await until(pilot, lambda: "Close" in footer_keys(pilot.app))
        assert "Search" not in footer_keys(pilot.app)
        await pilot.press("escape")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
        await until(pilot, lambda: "Save" in footer_keys(pilot.app))
        assert "Search" not in footer_keys(pilot.app)


async def test_the_palette_lists_each_action_once_with_human_key_names() -> None:
    from paper_tui.ui.commands import ReaderCommands

    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        provider = ReaderCommands(screen)
        commands = provider._commands()
        names = [name for name, _, _ in commands]
        assert len(names) == len(set(names))
        assert not any(name.startswith("Section ") for name in names)
        helps = {name: help_text for name, help_text, _ in commands}
        assert helps["Next section"].startswith("key: ]")
        assert "right_square_bracket" not in " ".join(helps.values())
        system = [command.title for command in pilot.app.get_system_commands(screen)]
        assert "Quit" not in system and "Keys" not in system
        assert names.count("Quit") == 1
