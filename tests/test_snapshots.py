"""SVG snapshots of the reader at 80x24 and 120x40 (pytest-textual-snapshot).

Create or refresh them with `pytest tests/test_snapshots.py --snapshot-update`,
then look at the SVGs in tests/__snapshots__/ before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.screens.reader import ReaderScreen
from tests.conftest import FIXTURE_DIGESTS, SEED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No paper becomes read while a snapshot is being taken (the unread count stays)."""
    from paper_tui.store import settings as settings_module

    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def waiting_then(
    *keys: str,
    settle: Callable[[ReaderScreen], bool] | None = None,
    keep_notifications: bool = False,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the load, the reading state, its unread count and the first detail,
    press `keys`, wait for `settle`; then clear passing notifications ("Sorted by…",
    timed) unless the snapshot is about them."""

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(
            pilot,
            lambda: (
                screen.loaded
                and screen.detail.paper is screen.highlighted
                and screen.state is not None
                and (not screen.papers or screen.status.unread != "")
            ),
        )
        await pilot.press(*keys)
        if settle is not None:
            await until(pilot, lambda: settle(screen))
        if not keep_notifications:
            pilot.app.clear_notifications()
        await pilot.pause(0.1)

    return run_before


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never settled")


def app_on(*paths: str) -> PaperTuiApp:
    return PaperTuiApp(list(paths), blink=False)


@pytest.mark.parametrize("size", SIZES)
def test_seed_digest_at_start(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(str(SEED)), terminal_size=size, run_before=waiting_then())


@pytest.mark.parametrize("size", SIZES)
def test_paper_scrolled_to_second_section(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    run_before = waiting_then(
        "j",
        "enter",
        "right_square_bracket",
        settle=lambda screen: screen.detail.current_section == 1,
    )
    assert snap_compare(app_on(str(SEED)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_search_with_results(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    run_before = waiting_then(
        "slash",
        *"image",
        settle=lambda screen: (
            screen.search_text == "image" and len(screen.paper_list.rows) < len(screen.papers)
        ),
    )
    assert snap_compare(app_on(str(SEED)), terminal_size=size, run_before=run_before)


def test_search_sorted_by_votes_at_80_columns(snap_compare: SnapCompare) -> None:
    """The status keeps the count, the sort and the query on a small screen."""
    run_before = waiting_then(
        "slash",
        *"image",
        "enter",
        "s",
        settle=lambda screen: (
            screen.search_text == "image"
            and len(screen.paper_list.rows) < len(screen.papers)
            and screen.order.value == "votes"
            and screen.paper_list.cursor == 0
        ),
    )
    assert snap_compare(app_on(str(SEED)), terminal_size=(80, 24), run_before=run_before)


def help_laid_out(screen: ReaderScreen) -> bool:
    """The help screen is on top with its key table laid out (a fixed pause after `?`
    was not always enough on a loaded machine)."""
    from paper_tui.ui.screens.help import HelpScreen

    top = screen.app.screen
    if not isinstance(top, HelpScreen) or not top.is_mounted:
        return False
    keys = top.query("#help-keys")
    return bool(keys) and keys.first().region.height > 0


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    run_before = waiting_then("question_mark", settle=help_laid_out)
    assert snap_compare(app_on(str(SEED)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_empty_state(snap_compare: SnapCompare, size: tuple[int, int], tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    assert snap_compare(app_on(str(empty)), terminal_size=size, run_before=waiting_then())


@pytest.mark.parametrize("size", SIZES)
def test_load_error(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = app_on(str(SEED), "no/such/digest-2024-01-01.md")
    run_before = waiting_then(keep_notifications=True)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_reading_state_rows_and_note(
    snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read rows dimmed, starred rows with a star, a queued row with », a noted row
    with a pen, a followed author's row with @; the note in the detail."""
    from paper_tui.library.loading import load
    from paper_tui.store import settings as settings_module
    from paper_tui.store.reading_state import ReadingState

    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)
    papers = load([str(SEED)]).papers
    with ReadingState.open() as state:
        state.set_read(papers[0].arxiv_id)
        state.set_read(papers[1].arxiv_id)
        state.set_starred(papers[1].arxiv_id)
        state.set_starred(papers[3].arxiv_id)
        state.set_note(papers[2].arxiv_id, "Compare with the 2408 baseline.\nCheck table 3.")
        state.set_last_position(papers[2].date, papers[2].arxiv_id)
        state.set_queued(papers[4].arxiv_id)
        state.follow(papers[5].authors[0])
    run_before = waiting_then(settle=lambda screen: screen.detail.note != "")
    assert snap_compare(app_on(str(SEED)), terminal_size=(120, 40), run_before=run_before)


def test_merged_paper_with_its_second_summary(snap_compare: SnapCompare) -> None:
    """A paper listed in two digests: first seen, how many digests, which summary."""
    merged = SEED.parent.parent / "merged"
    run_before = waiting_then(
        "j",
        "v",
        settle=lambda screen: (
            screen.highlighted is not None
            and screen.highlighted.arxiv_id == "2410.90342"
            and screen.detail.summary == 1
        ),
    )
    assert snap_compare(app_on(str(merged)), terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_day_headers_and_a_read_paper_under_the_cursor(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """A header line per day; the cursor's highlight stays on a paper just marked read."""
    run_before = waiting_then(
        "j",
        "m",
        settle=lambda screen: (
            screen.highlighted is not None and screen.session.is_read(screen.highlighted)
        ),
    )
    assert snap_compare(app_on(str(FIXTURE_DIGESTS)), terminal_size=size, run_before=run_before)


def test_zoomed_detail_keeps_the_title_in_view(snap_compare: SnapCompare) -> None:
    """z: the detail on the whole screen; scrolled past the header, the title stays."""
    run_before = waiting_then(
        "z",
        *"j" * 12,
        settle=lambda screen: screen.zoomed and screen.query_one("#detail-title").display,
    )
    assert snap_compare(app_on(str(SEED)), terminal_size=(80, 24), run_before=run_before)


def test_nested_bullets_hang_under_their_text(snap_compare: SnapCompare) -> None:
    """An early digest's nested list, wrapped with hanging indents."""
    early = FIXTURE_DIGESTS / "2023-11-20.md"
    run_before = waiting_then(
        "j",
        "j",
        settle=lambda screen: (
            screen.highlighted is not None
            and screen.highlighted.title.startswith("Q&A-Bench")
            and screen.detail.paper is screen.highlighted
        ),
    )
    assert snap_compare(app_on(str(early)), terminal_size=(80, 24), run_before=run_before)


def test_triage_one_paper_at_a_time(snap_compare: SnapCompare) -> None:
    """T: the detail on the whole screen with the triage keys said; b starred the
    first paper and moved on to the second."""
    run_before = waiting_then(
        "T",
        "b",
        settle=lambda screen: (
            screen.triage
            and screen.highlighted is not None
            and screen.highlighted is screen.papers[1]
            and screen.detail.paper is screen.highlighted
        ),
        keep_notifications=True,
    )
    assert snap_compare(app_on(str(SEED)), terminal_size=(120, 40), run_before=run_before)


def test_feeds_and_mutes(snap_compare: SnapCompare) -> None:
    """F under a search: save or mute it; the Following and Queue feeds, a saved
    feed with its counts, a mute with what it hides."""
    from paper_tui.library.loading import load
    from paper_tui.store.reading_state import ReadingState

    papers = load([str(SEED)]).papers
    with ReadingState.open() as state:
        state.follow(papers[1].authors[0])
        state.set_queued(papers[2].arxiv_id)
        state.set_read(papers[2].arxiv_id)
        state.save_feed("agents", "agent")
        state.mute(f'a:"{papers[3].authors[0]}"')

    def settled(screen: ReaderScreen) -> bool:
        from paper_tui.ui.screens.feeds import FeedsScreen

        return isinstance(screen.app.screen, FeedsScreen)

    run_before = waiting_then("slash", *"model", "enter", "F", settle=settled)
    assert snap_compare(app_on(str(SEED)), terminal_size=(120, 40), run_before=run_before)


def test_similar_papers(snap_compare: SnapCompare) -> None:
    """=: the papers most like the one under the cursor, with their scores and days."""

    def settled(screen: ReaderScreen) -> bool:
        from paper_tui.ui.screens.picker import Picker

        return isinstance(screen.app.screen, Picker)

    run_before = waiting_then("equals_sign", settle=settled)
    assert snap_compare(
        app_on(str(FIXTURE_DIGESTS)), terminal_size=(120, 40), run_before=run_before
    )
