"""Reading comfort: a title that stays in view, keys that say when they cannot act,
and a first screen that explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.store import settings as settings_module
from paper_tui.ui.app import PaperTuiApp
from tests.conftest import SAMPLE
from tests.pilot import SMALL, WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def messages(app: PaperTuiApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


async def test_the_title_stays_in_view_once_the_header_scrolls_away() -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        sticky = screen.query_one("#detail-title")
        assert not sticky.display
        await pilot.press("enter", *"j" * 12)
        await until(pilot, lambda: sticky.display)
        assert str(sticky.render()) == screen.highlighted.title
        await pilot.press("g")
        await until(pilot, lambda: not sticky.display)


async def test_a_section_number_past_the_last_says_how_many_there_are() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        count = screen.detail.section_count
        assert 0 < count < 9
        await pilot.press("9")
        await until(pilot, lambda: any(f"has {count} section" in m for m in messages(pilot.app)))
        assert screen.detail.current_section == 0


async def test_n_past_the_last_match_says_so() -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        word = max(screen.highlighted.title.split(), key=len).strip(":,.").casefold()
        await pilot.press("slash", *word, "enter")
        await until(pilot, lambda: bool(screen.detail.highlights))
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.detail.hit_lines()))
        for _ in range(len(screen.detail.hit_lines()) + 1):
            await pilot.press("n")
        await until(pilot, lambda: any("No match further down" in m for m in messages(pilot.app)))
        pilot.app.clear_notifications()
        await pilot.press("g", "N")
        await until(pilot, lambda: any("No match further up" in m for m in messages(pilot.app)))


async def test_the_bundled_sample_says_it_is_one_and_how_to_open_yours() -> None:
    app = PaperTuiApp([], blink=False)  # no paths and an empty library: the sample
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert screen.papers[0].source.endswith(SAMPLE.name)
        await until(pilot, lambda: any("sample digest" in m for m in messages(app)))
        assert any("paper-tui PATH" in m for m in messages(app))


async def test_an_empty_digest_says_why_it_shows_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "2024-08-19.md"
    empty.write_text("# Notes\n\nno papers today\n")
    async with make_app(empty).run_test(size=WIDE) as pilot:
        screen = pilot.app.screen
        await until(pilot, lambda: getattr(screen, "loaded", False))
        assert screen.paper_list.empty_message.startswith("No papers in 2024-08-19.md: ")
        assert "arXiv" in screen.paper_list.empty_message
