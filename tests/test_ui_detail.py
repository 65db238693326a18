"""Pilot tests of the detail pane: section jumps near the end, the current section
following the scroll, and huge sections shown capped until asked for in full."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot

from paper_tui.model import Paper, Section
from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.widgets.paper_detail import SECTION_CAP, DetailText, PaperDetail
from tests.pilot import app_with, until
from tests.pilot import started as pilot_started

WIDE = (120, 40)


@pytest.fixture(autouse=True)
def slow_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def paper_with(*sections: Section) -> Paper:
    return Paper(
        "2408.00010",
        "A paper of many parts",
        "https://arxiv.org/abs/2408.00010",
        votes=3,
        authors=("Ada", "Grace"),
        sections=sections,
        date=date(2024, 8, 19),
    )


async def started(pilot: Pilot[int]) -> ReaderScreen:
    """As `tests.pilot.started`, then a beat for the detail's layout to settle."""
    screen = await pilot_started(pilot)
    await pilot.pause(0.05)
    return screen


def short_sections(count: int) -> tuple[Section, ...]:
    return tuple(Section(f"Part {number}", f"Line of part {number}.") for number in range(count))


async def test_last_section_scrolls_to_the_top_of_the_detail() -> None:
    async with app_with(paper_with(*short_sections(6))).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("6")
        detail = screen.detail
        await until(pilot, lambda: detail.section_offset is not None and detail.scroll_y > 0)
        await until(pilot, lambda: round(detail.scroll_y) == detail.section_offset)
        assert detail.current_section == 5
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: round(detail.scroll_y) == detail.section_offset)
        assert detail.current_section == 4


async def test_current_section_follows_manual_scrolling() -> None:
    sections = tuple(
        Section(f"Part {number}", "\n\n".join(f"Paragraph {line}." for line in range(12)))
        for number in range(5)
    )
    async with app_with(paper_with(*sections)).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        detail = screen.detail
        await pilot.press("enter")
        third = detail._titles[2].virtual_region.y
        detail.scroll_to(y=third + 1, animate=False)
        await until(pilot, lambda: detail.current_section == 2)
        assert detail._titles[2].has_class("-current")
        assert not detail._titles[0].has_class("-current")
        await pilot.press("home")
        await until(pilot, lambda: detail.current_section == 0)


async def test_huge_section_is_capped_until_enter_shows_all() -> None:
    huge = "\n\n".join(f"Paragraph {number} " + "word " * 40 for number in range(1000))
    assert len(huge) > 200_000
    paper = paper_with(Section("Huge", huge), Section("After", "the end"))
    async with app_with(paper).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        detail: PaperDetail = screen.detail
        body = detail.query(".section-body").results(DetailText).__next__()
        assert len(body.text.plain) < SECTION_CAP + 200
        assert "KB more" in body.text.plain
        await pilot.press("enter", "enter")  # into the detail, then show everything
        await until(pilot, lambda: len(body.text.plain) > 200_000)
        assert "KB more" not in body.text.plain
