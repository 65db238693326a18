"""The config file at app start: keymap, read delay, default sort, theme, problems."""

from __future__ import annotations

from pathlib import Path

from paper_tui.store import paths
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.ordering import SortOrder
from paper_tui.ui.screens.help import HelpScreen
from tests.pilot import WIDE, make_app, started, until


def write_config(text: str) -> Path:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


def notices(app: PaperTuiApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_keymap_moves_a_binding_and_help_shows_the_new_key() -> None:
    write_config('read_delay = false\n[keymap]\n"paper.star" = "x"\n')
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await pilot.press("b")  # the old key does nothing now
        await pilot.pause(0.05)
        assert not screen.state.is_starred(paper.arxiv_id)
        await pilot.press("x")
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_starred(paper.arxiv_id)
        )
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen) and help_screen.keymap == {"paper.star": "x"}


async def test_the_help_table_names_remapped_keys() -> None:
    from rich.console import Console

    from paper_tui.ui.screens.help import key_table

    console = Console(width=160, record=True, color_system=None)
    console.print(key_table({"paper.star": "x"}))
    star = next(line for line in console.export_text().splitlines() if "Star / unstar" in line)
    assert " x " in star and " b " not in star


async def test_read_delay_false_never_marks_a_paper_read_by_itself() -> None:
    write_config("read_delay = false\n")
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j")
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        await pilot.pause(0.2)
        assert screen.clock.timer is None and not screen.clock.paused
        assert screen.state is not None and not screen.state.read_ids()


async def test_a_short_read_delay_marks_the_shown_paper_read() -> None:
    write_config("read_delay = 0.05\n")
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(paper.arxiv_id)
        )


async def test_the_default_sort_and_theme_apply_on_a_fresh_start() -> None:
    write_config('read_delay = false\nsort = "votes"\ntheme = "nord"\n')
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.order is SortOrder.VOTES)
        assert pilot.app.theme == "nord"
        votes = [screen.papers[row].votes or 0 for row in screen.paper_list.rows]
        assert votes == sorted(votes, reverse=True)


async def test_a_sort_chosen_in_the_app_wins_over_the_config_default() -> None:
    write_config('read_delay = false\nsort = "votes"\n')
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.order is SortOrder.VOTES)
        await pilot.press("s")  # votes -> date, remembered
        await until(pilot, lambda: screen.order is SortOrder.DATE)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        await pilot.pause(0.1)
        assert screen.order is SortOrder.DATE


async def test_bad_values_and_unknown_bindings_are_one_line_each() -> None:
    write_config('read_delay = "soon"\nsort = "random"\n[keymap]\n"paper.stra" = "x"\n')
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: any(n.startswith("Config") for n in notices(pilot.app)))
        said = "\n".join(notices(pilot.app))
        assert "read_delay" in said and "sort" in said and "keymap.paper.stra" in said
        assert screen.settings.read_delay == 2.0  # the default is used


async def test_a_config_that_is_not_toml_starts_with_the_defaults() -> None:
    config = write_config("this is [not toml\n")
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: any(n.startswith("Config") for n in notices(pilot.app)))
        assert any(config.name in n for n in notices(pilot.app))
        assert screen.order is SortOrder.DIGEST
