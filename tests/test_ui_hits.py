"""`n`/`N` in the detail: scroll from one search match to the next."""

from __future__ import annotations

from paper_tui.ui.widgets.paper_detail import PaperDetail
from tests.pilot import WIDE, make_app, started, until

SMALL_DETAIL = (100, 14)


async def test_n_scrolls_down_to_each_match_and_capital_n_back() -> None:
    async with make_app().run_test(size=SMALL_DETAIL) as pilot:
        screen = await started(pilot)
        # "모델" occurs in several sections of the seed's first paper.
        await pilot.press("slash", *"모델", "enter")
        await until(pilot, lambda: bool(screen.detail.highlights))
        await pilot.press("l")
        detail = screen.detail
        assert isinstance(pilot.app.focused, PaperDetail)
        await pilot.pause()
        lines = detail.hit_lines()
        assert len(lines) >= 3
        assert lines == sorted(lines)
        visited = []
        for _ in range(len(lines)):
            await pilot.press("n")
            await pilot.pause()
            visited.append(round(detail.scroll_y))
        reachable = [min(y - 1, round(detail.max_scroll_y)) for y in lines if y - 1 > 0]
        assert visited[: len(set(reachable))] == sorted(set(reachable))[: len(visited)]
        top_after_n = round(detail.scroll_y)
        await pilot.press("N")
        await pilot.pause()
        assert round(detail.scroll_y) < top_after_n


async def test_n_without_a_search_leaves_the_detail_where_it_is() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("l", "n")
        await pilot.pause()
        assert screen.detail.hit_lines() == []
        assert screen.detail.scroll_y == 0
