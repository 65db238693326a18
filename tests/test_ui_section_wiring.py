"""C in the reader: pick a section, read it across the papers shown, Enter opens one."""

from __future__ import annotations

import pytest

from paper_tui.store import matching_section
from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.picker import Picker
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.screens.section_column import SectionColumnScreen
from paper_tui.ui.sections_across import section_choices
from tests.pilot import WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def slow_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


async def test_c_picks_a_section_and_enter_in_the_column_opens_that_paper() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(pilot.app.screen, Picker))
        await pilot.press("enter")  # the most common section
        await until(pilot, lambda: isinstance(pilot.app.screen, SectionColumnScreen))
        await pilot.press("j", "j")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        name = section_choices(
            screen.papers, screen.paper_list.rows, screen.settings.section_names
        )[0][0]
        having = [
            row
            for row in screen.paper_list.rows
            if matching_section(
                [s.name for s in screen.papers[row].sections], name, screen.settings.section_names
            )
            is not None
        ]
        # the third paper having that section is under the cursor now
        await until(pilot, lambda: screen.paper_list.highlighted_index == having[2])


async def test_esc_in_the_column_leaves_the_cursor_where_it_was() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j")
        await until(pilot, lambda: screen.paper_list.highlighted_index == 1)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(pilot.app.screen, Picker))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, SectionColumnScreen))
        await pilot.press("G", "escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        await pilot.pause(0.1)
        assert screen.paper_list.highlighted_index == 1
