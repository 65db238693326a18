"""Pilot tests: every key of the reader, asserting the state it changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from paper_tui.library.loading import load
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.ordering import SortOrder
from paper_tui.ui.screens.help import HelpScreen
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.widgets.paper_detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar
from tests.conftest import FIXTURE_DIGESTS, SEED
from tests.pilot import SMALL, WIDE, make_app, started, until


async def detail_follows(pilot: Pilot[int], screen: ReaderScreen) -> None:
    await until(pilot, lambda: screen.detail.paper is screen.highlighted)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment where a browser can start."""
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)


def capture_urls(app: PaperTuiApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs handed to the browser (which opens them all)."""
    from paper_tui.ui import links

    opened: list[str] = []

    def open_in_browser(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(links, "open_in_browser", open_in_browser)
    return opened


async def test_start_shows_first_paper_of_seed_digest() -> None:
    expected = load([str(SEED)]).papers
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert len(screen.papers) == len(expected)
        assert screen.highlighted == expected[0]
        assert isinstance(pilot.app.focused, PaperList)


@pytest.mark.parametrize("keys", [("j",), ("down",)])
async def test_down_and_j_move_to_next_paper(keys: tuple[str, ...]) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press(*keys)
        await detail_follows(pilot, screen)
        assert screen.highlighted == screen.papers[1]
        assert screen.detail.paper == screen.papers[1]


@pytest.mark.parametrize("key", ["k", "up"])
async def test_up_and_k_move_to_previous_paper(key: str) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "j", key)
        assert screen.highlighted == screen.papers[1]


@pytest.mark.parametrize(("last", "first"), [("G", "g"), ("end", "home")])
async def test_last_and_first_keys(last: str, first: str) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press(last)
        assert screen.highlighted == screen.papers[-1]
        await pilot.press(first)
        assert screen.highlighted == screen.papers[0]


async def test_page_down_and_up_move_by_a_screen() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        page = screen.paper_list.scrollable_content_region.height
        await pilot.press("j", "pagedown")
        assert screen.paper_list.cursor == page + 1
        assert screen.paper_list.scroll_y == page
        await pilot.press("pageup")
        assert screen.paper_list.cursor == 1
        assert screen.paper_list.scroll_y == 0


@pytest.mark.parametrize("key", ["enter", "l"])
async def test_enter_and_l_focus_the_detail(key: str) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", key)
        assert isinstance(pilot.app.focused, PaperDetail)
        assert screen.detail.paper == screen.papers[1]


@pytest.mark.parametrize("key", ["escape", "h"])
async def test_escape_and_h_go_back_to_the_list(key: str) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("enter", key)
        assert isinstance(pilot.app.focused, PaperList)


async def test_tab_and_shift_tab_cycle_focus() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, PaperDetail)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, SearchBar)
        await pilot.press("shift+tab")
        assert isinstance(pilot.app.focused, PaperDetail)


async def test_bracket_key_moves_to_next_section_and_scrolls_to_it() -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        detail = screen.detail
        assert detail.current_section == 1
        offset = detail.section_offset
        assert offset is not None and offset > 0
        assert detail.scroll_y == min(offset, detail.max_scroll_y)
        assert detail.scroll_y > 0


async def test_left_bracket_goes_back_a_section_from_the_detail() -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        assert screen.detail.current_section == 2
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.detail.current_section == 1
        assert isinstance(pilot.app.focused, PaperDetail)


async def test_bracket_stops_at_the_last_section() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        count = screen.detail.section_count
        await pilot.press(*["right_square_bracket"] * (count + 2))
        assert screen.detail.current_section == count - 1


@pytest.mark.parametrize("number", [1, 2, 3])
async def test_number_keys_jump_to_section(number: int) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press("3" if number != 3 else "1", str(number))
        await pilot.pause()
        assert screen.detail.current_section == number - 1


async def test_number_beyond_the_sections_changes_nothing() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("2", "9")
        assert screen.detail.current_section == 1


async def test_shift_j_and_k_change_paper_without_leaving_the_detail() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("enter", "J", "J")
        assert isinstance(pilot.app.focused, PaperDetail)
        assert screen.detail.paper == screen.papers[2]
        await pilot.press("K")
        assert screen.detail.paper == screen.papers[1]
        assert isinstance(pilot.app.focused, PaperDetail)


async def test_braces_jump_between_digest_days() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first_day = screen.highlighted.date if screen.highlighted else None
        await pilot.press("right_curly_bracket")
        paper = screen.highlighted
        assert paper is not None and paper.date != first_day
        row = screen.paper_list.cursor
        assert screen.papers[screen.paper_list.rows[row - 1]].date == first_day
        await pilot.press("j", "left_curly_bracket")
        assert screen.paper_list.cursor == row
        await pilot.press("left_curly_bracket")
        assert screen.paper_list.cursor == 0


async def test_slash_focuses_search_and_typing_filters_live() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, SearchBar)
        await pilot.press(*"JPEG")
        await until(
            pilot,
            lambda: (
                screen.search_text == "JPEG" and len(screen.paper_list.rows) < len(screen.papers)
            ),
        )
        titles = [screen.papers[row].title for row in screen.paper_list.rows]
        assert any("JPEG" in title for title in titles)
        assert screen.papers[screen.paper_list.rows[0]].title.startswith("Which JPEG Codec")


async def test_number_keys_type_into_the_search_bar() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("slash", "2", "0")
        search = pilot.app.screen.query_one(SearchBar)
        assert search.value == "20"


async def test_enter_in_search_moves_to_first_result() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "j", "slash", *"surgical", "enter")
        await until(pilot, lambda: len(screen.paper_list.rows) < len(screen.papers))
        assert isinstance(pilot.app.focused, PaperList)
        assert screen.paper_list.cursor == 0
        assert screen.highlighted is not None
        assert "Surgical" in screen.highlighted.title


async def test_escape_in_search_clears_and_returns_to_list() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press(*"jjj")
        reading = screen.highlighted
        await pilot.press("slash", *"jpeg")
        await until(pilot, lambda: len(screen.paper_list.rows) < len(screen.papers))
        assert screen.highlighted is not reading  # the search moved the cursor to its top hit
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        assert pilot.app.screen.query_one(Input).value == ""
        assert isinstance(pilot.app.focused, PaperList)
        assert screen.highlighted is reading


async def test_escape_after_a_search_without_results_keeps_the_paper() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press(*"jjjj")
        reading = screen.highlighted
        await pilot.press("slash", *"xyzzyq")
        await until(pilot, lambda: len(screen.paper_list.rows) == 0)
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        assert screen.highlighted is reading


async def test_o_opens_the_arxiv_page(browser: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    opened = capture_urls(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "o")
        await until(pilot, lambda: bool(opened))
        assert opened == [screen.papers[1].url]
        assert opened[0].startswith("https://arxiv.org/abs/")
        await until(
            pilot, lambda: any("Opened" in str(n.message) for n in app._notifications)
        )


async def test_p_opens_the_pdf(browser: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    opened = capture_urls(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("p")
        await until(pilot, lambda: bool(opened))
        assert opened == [f"https://arxiv.org/pdf/{screen.papers[0].arxiv_id}"]


async def test_a_browser_that_fails_falls_back_to_showing_and_copying(
    browser: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paper_tui.ui import links

    monkeypatch.setenv("BROWSER", "no-such-browser")
    monkeypatch.setattr(links, "open_in_browser", lambda url: False)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("o")
        url = screen.papers[0].url
        await until(pilot, lambda: app.clipboard == url)
        await until(pilot, lambda: any("did not open" in str(n.title) for n in app._notifications))
        titles = [str(n.title) for n in app._notifications]
        assert any("did not open it" in title and "no-such-browser" in title for title in titles)
        assert not any("Opened" in str(n.message) for n in app._notifications)


async def test_over_ssh_o_shows_and_copies_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)
    app = make_app()
    opened = capture_urls(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("o")
        url = screen.papers[0].url
        assert opened == []
        assert app.clipboard == url
        assert any(notification.message == url for notification in app._notifications)


async def test_y_copies_the_link_and_says_so() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "j", "y")
        url = screen.papers[2].url
        assert app.clipboard == url
        assert any(url in notification.message for notification in app._notifications)


async def test_s_cycles_the_sort_keeping_the_paper() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "j", "j")
        paper = screen.highlighted
        await pilot.press("s")
        await until(
            pilot,
            lambda: (
                screen.order is SortOrder.VOTES
                and screen.paper_list.rows != range(len(screen.papers))
            ),
        )
        votes = [screen.papers[row].votes or -1 for row in screen.paper_list.rows]
        assert votes == sorted(votes, reverse=True)
        assert screen.highlighted == paper
        await pilot.press("s")
        await until(pilot, lambda: screen.order is SortOrder.DATE)
        await pilot.press("s")
        await until(
            pilot,
            lambda: (
                screen.order is SortOrder.TITLE
                and screen.status.sort == "title"
            ),
        )
        titles = [screen.papers[row].title.casefold() for row in screen.paper_list.rows]
        assert titles == sorted(titles)
        await pilot.press("s")
        await until(pilot, lambda: screen.paper_list.rows == range(len(screen.papers)))
        assert screen.order is SortOrder.DIGEST


async def test_question_mark_opens_help_and_escape_closes_it() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReaderScreen)


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_expands_the_author_list() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        header = screen.detail.query_one(".detail-header")
        assert "more" in str(header.render())
        await pilot.press("enter", "a")
        assert screen.detail.authors_expanded
        assert screen.papers[0].authors[-1] in str(header.render())


async def test_clicking_a_row_selects_it() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.click(PaperList, offset=(10, 3))
        assert screen.paper_list.cursor == 3
        assert screen.highlighted == screen.papers[3]


async def test_wheel_scrolls_the_list() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        paper_list = screen.paper_list
        for _ in range(3):
            paper_list.post_message(
                events.MouseScrollDown(paper_list, 5, 1, 0, 1, 0, False, False, False)
            )
        await pilot.pause(0.2)
        assert paper_list.scroll_y > 0
        assert paper_list.cursor == 0


async def test_ctrl_p_opens_the_command_palette_with_go_to_commands() -> None:
    from textual.command import CommandPalette

    async with make_app().run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"go to date")
        await pilot.pause(0.3)
        assert "Go to date" in str(
            pilot.app.screen.query_one("CommandList").get_option_at_index(0).prompt
        )


async def test_go_to_paper_clears_a_filter_that_hides_it() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"jpeg", "enter")
        await until(pilot, lambda: len(screen.paper_list.rows) < len(screen.papers))
        screen.go_to_paper(len(screen.papers) - 1)
        assert screen.highlighted == screen.papers[-1]
        assert screen.search_text == ""


async def test_long_loads_show_a_progress_bar_until_done() -> None:
    import threading

    from textual.widgets import ProgressBar

    from paper_tui.model import LoadResult

    release = threading.Event()

    def slow_loader(progress: Callable[[int, int], None]) -> LoadResult:
        progress(50, 100)
        release.wait(5)
        progress(100, 100)
        return load([str(SEED)])

    app = PaperTuiApp(["slow"], loader=slow_loader, blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: bool(app.screen.query(ProgressBar)))
        bar = app.screen.query_one(ProgressBar)
        await until(pilot, lambda: bar.display and bar.progress == 50)
        assert bar.total == 100
        release.set()
        screen = await started(pilot)
        assert not bar.display
        assert len(screen.papers) > 0


async def test_escape_in_the_list_clears_the_filter_keeping_the_paper() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"surgical", "enter")
        await until(pilot, lambda: len(screen.paper_list.rows) < len(screen.papers))
        paper = screen.highlighted
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        assert screen.search_text == ""
        assert screen.highlighted == paper
        assert isinstance(pilot.app.focused, PaperList)


async def choose_in_palette(pilot: Pilot[int], text: str) -> None:
    """Type `text` into the open command palette and choose the first hit."""
    from textual.command import CommandPalette

    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*text)
    palette = pilot.app.screen
    await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
    await pilot.pause(0.2)
    await pilot.press("enter")


async def test_palette_go_to_paper_jumps_to_the_chosen_paper() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "Go to paper")
        await choose_in_palette(pilot, "QuickBrush")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        assert screen.highlighted is not None
        assert screen.highlighted.title.startswith("QuickBrush")


async def test_palette_go_to_date_jumps_to_that_day() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        day = screen.days[3]
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "Go to date")
        await choose_in_palette(pilot, day.isoformat())
        await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        assert screen.highlighted is not None
        assert screen.highlighted.date == day
        row = screen.paper_list.cursor
        assert row == 0 or screen.papers[screen.paper_list.rows[row - 1]].date != day


async def test_palette_runs_an_action_by_name() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "Cycle the sort")
        await until(pilot, lambda: screen.order is SortOrder.VOTES)


async def test_search_matches_are_emphasized_in_the_detail() -> None:
    from paper_tui.ui.widgets.paper_detail import MATCH_STYLE, DetailText

    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"codec", "enter")
        await until(pilot, lambda: bool(screen.detail.highlights))
        assert "codec" in screen.detail.highlights
        header = screen.detail.query_one(".detail-header", DetailText).text
        emphasized = [
            header.plain[span.start : span.end]
            for span in header.spans
            if span.style == MATCH_STYLE
        ]
        assert "codec" in [word.casefold() for word in emphasized]
        await pilot.press("escape")
        await until(pilot, lambda: not screen.detail.highlights)


async def test_rows_show_full_dates_when_days_span_several_years() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first = screen.highlighted
        assert first is not None and first.date is not None
        assert len({day.year for day in screen.days}) > 1
        assert first.date.isoformat() in screen.paper_list.render_line(0).text


async def test_single_day_rows_have_no_date_column() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert "08-19" not in screen.paper_list.render_line(0).text


@pytest.mark.parametrize("focus_detail", [False, True])
async def test_footer_at_80_columns_shows_help_and_quit(focus_detail: bool) -> None:
    from paper_tui.ui.widgets.key_bar import KeyBar

    async with make_app().run_test(size=SMALL) as pilot:
        await started(pilot)
        if focus_detail:
            await pilot.press("enter")
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        assert bar.size.width == SMALL[0]
        fits = set(bar.keys_in_view())
        assert {"question_mark", "q", "s", "slash"} <= fits


async def test_escape_after_no_results_shows_the_cursor_row() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press(*"j" * 11)
        reading = screen.highlighted
        await pilot.press("slash", *"xyzqq")
        await until(pilot, lambda: len(screen.paper_list.rows) == 0)
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        await pilot.pause(0.05)
        paper_list = screen.paper_list
        top = round(paper_list.scroll_y)
        assert screen.highlighted is reading
        assert top <= paper_list.cursor_line < top + paper_list.scrollable_content_region.height
