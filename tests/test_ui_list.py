"""The list at any width: day headers instead of a date per row, a cursor that
always shows, and jumps that land where the reader looks."""

from __future__ import annotations

import pytest

from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.reader import ReaderScreen
from tests.conftest import FIXTURE_DIGESTS
from tests.pilot import SMALL, WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def line_text(screen: ReaderScreen, y: int) -> str:
    return screen.paper_list.render_line(y).text


def cursor_backgrounds(screen: ReaderScreen) -> set[object]:
    paper_list = screen.paper_list
    strip = paper_list.render_line(paper_list.cursor_line - round(paper_list.scroll_y))
    return {segment.style.bgcolor for segment in strip if segment.style is not None}


async def test_each_day_has_a_header_and_rows_carry_no_date() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first = screen.papers[screen.paper_list.rows[0]]
        assert first.date is not None
        header = line_text(screen, 0)
        assert first.date.strftime("%a %Y-%m-%d") in header
        assert "papers" in header and "unread" in header
        row = line_text(screen, 1)
        assert first.date.strftime("%m-%d") not in row
        assert screen.paper_list.grouped


async def test_the_cursor_row_keeps_its_highlight_on_a_read_paper() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        unread_backgrounds = cursor_backgrounds(screen)
        await pilot.press("m")
        await until(pilot, lambda: screen.session.is_read(screen.highlighted))
        await pilot.pause(0.05)
        assert cursor_backgrounds(screen) == unread_backgrounds
        assert len(unread_backgrounds) == 1 and None not in unread_backgrounds


async def test_a_day_jump_puts_the_day_header_at_the_top() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        for _ in range(3):
            await pilot.press("right_curly_bracket")
            await pilot.pause(0.05)
            paper_list = screen.paper_list
            header = paper_list.cursor_line - 1
            assert round(paper_list.scroll_y) == header
            assert "papers" in line_text(screen, 0)


async def test_escape_after_a_search_and_a_sort_keep_the_cursor_where_it_was_on_screen() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press(*"j" * 14)
        await pilot.pause(0.05)
        reading, offset = screen.highlighted, screen.paper_list.cursor_offset
        assert offset > 0
        await pilot.press("slash", *"the")
        await until(pilot, lambda: screen.search_text == "the" and screen.filtered)
        await pilot.press("escape")
        await until(pilot, lambda: not screen.filtered and screen.highlighted is reading)
        await pilot.pause(0.05)
        assert screen.paper_list.cursor_offset == offset
        await pilot.press("s")
        await until(pilot, lambda: screen.status.sort == "votes")
        await pilot.pause(0.05)
        assert screen.highlighted is reading
        assert screen.paper_list.cursor_offset == offset


async def test_filters_alone_keep_the_digest_order_and_say_so() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"votes:>0")
        await until(pilot, lambda: screen.filtered)
        assert not screen.ranked and screen.status.sort == "digest order"
        assert screen.paper_list.grouped
        await pilot.press(*" the")
        await until(pilot, lambda: screen.ranked)
        assert screen.status.sort == "relevance" and not screen.paper_list.grouped


async def test_the_restored_position_is_centred() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press(*"j" * 25)
        await pilot.pause(0.7)  # the position is saved once the cursor rests
        paper = screen.highlighted
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.highlighted == paper)

        def centred() -> bool:  # the scroll lands a frame or more after the cursor
            height = screen.paper_list.scrollable_content_region.height
            return abs(screen.paper_list.cursor_offset - height // 2) <= 1

        await until(pilot, centred)
        assert screen.paper_list.scroll_y > 0


async def test_greater_and_less_than_widen_and_narrow_the_list_and_it_is_kept() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        before = screen.paper_list.size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await until(pilot, lambda: screen.paper_list.size.width > before)
        assert screen.list_share == 55
        await pilot.press("less_than_sign")
        await until(pilot, lambda: screen.list_share == 50)
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.list_share == 50)


async def test_z_zooms_the_detail_to_the_whole_screen_and_back() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press("z")
        await until(
            pilot, lambda: not screen.paper_list.display or screen.paper_list.size.height == 0
        )
        await pilot.pause(0.05)
        assert screen.detail.size.height >= SMALL[1] - 4
        assert pilot.app.focused is screen.detail
        await pilot.press("z")
        await until(pilot, lambda: screen.paper_list.size.height > 0)
        assert pilot.app.focused is screen.paper_list


async def test_sort_in_the_query_orders_the_list_and_the_status_says_so() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"votes:>0 sort:votes")
        await until(pilot, lambda: screen.status.sort == "sort:votes")
        votes = [screen.papers[row].votes or 0 for row in screen.paper_list.rows]
        assert votes == sorted(votes, reverse=True) and len(votes) > 3
