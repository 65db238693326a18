"""Pilot tests of reading state in the app: m, b, e, u, B, S, auto-read, restore, bad state."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from paper_tui.library.loading import load
from paper_tui.model import Paper
from paper_tui.store import paths
from paper_tui.store import settings as settings_module
from paper_tui.store.reading_state import STATE_FORMAT, ReadingState
from paper_tui.ui import ordering as reading
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.ordering import SortOrder
from paper_tui.ui.screens.note import NoteEditor
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.widgets.status_bar import StatusBar
from tests.conftest import FIXTURE_DIGESTS, SEED
from tests.pilot import WIDE, make_app, until


@pytest.fixture(autouse=True)
def slow_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers are not marked read by the 2 s clock unless a test says so."""
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


async def started(pilot: Pilot[int]) -> ReaderScreen:
    """The main screen once loaded, its state open and the first detail shown."""
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await until(
        pilot,
        lambda: (
            screen.loaded
            and screen.state is not None
            and screen.detail.paper is screen.highlighted
            and screen.status.unread != ""
        ),
    )
    return screen


def saved_state() -> ReadingState:
    return ReadingState.open(paths.state_file())


def messages(app: PaperTuiApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def row_text(screen: ReaderScreen, row: int) -> str:
    return screen.paper_list.render_line(row - round(screen.paper_list.scroll_y)).text


def status_text(screen: ReaderScreen) -> str:
    return str(screen.query_one(StatusBar).render())


# -- m, b -----------------------------------------------------------------------


async def test_m_marks_the_paper_read_then_unread() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await pilot.press("m")
        assert screen.state.is_read(paper.arxiv_id)
        assert screen.session.flags(paper).read
        with saved_state() as other:
            assert other.is_read(paper.arxiv_id)
        await pilot.press("m")
        assert not screen.state.is_read(paper.arxiv_id)
        with saved_state() as other:
            assert not other.is_read(paper.arxiv_id)


async def test_status_counts_unread_and_m_changes_it() -> None:
    total = len({paper.arxiv_id for paper in load([str(SEED)]).papers})
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert f"{total} unread" in status_text(screen)
        await pilot.press("m")
        assert f"{total - 1} unread" in status_text(screen)


async def test_b_stars_and_unstars_and_the_row_shows_a_star() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        assert "★" not in row_text(screen, 0)
        await pilot.press("b")
        assert screen.state.is_starred(paper.arxiv_id)
        assert "★" in row_text(screen, 0)
        with saved_state() as other:
            assert other.is_starred(paper.arxiv_id)
        await pilot.press("b")
        assert not screen.state.is_starred(paper.arxiv_id)
        assert "★" not in row_text(screen, 0)


# -- e ----------------------------------------------------------------------------


async def write_note(pilot: Pilot[int], text: str) -> None:
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
    editor = pilot.app.screen.query_one(TextArea)
    editor.text = ""
    await pilot.press(*text)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))


async def test_e_saves_a_note_shown_in_the_detail_and_kept_after_reopening() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None
        await write_note(pilot, "read 3.2 again")
        assert screen.detail.note == "read 3.2 again"
        assert screen.detail.query_one(".detail-note").display
        assert "✎" in row_text(screen, 0)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert screen.highlighted == paper
        assert screen.detail.note == "read 3.2 again"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
        assert pilot.app.screen.query_one(TextArea).text == "read 3.2 again"


async def test_escape_in_the_note_editor_keeps_the_old_note() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await write_note(pilot, "first")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
        await pilot.press(*"second")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        assert screen.state.note(paper.arxiv_id) == "first"
        assert screen.detail.note == "first"


async def test_emptying_the_note_removes_it() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await write_note(pilot, "x")
        await write_note(pilot, "")
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        assert not screen.state.has_note(paper.arxiv_id)
        assert not screen.detail.query_one(".detail-note").display


# -- u, B ---------------------------------------------------------------------------


async def test_u_shows_only_unread_papers_and_again_shows_all() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first = screen.paper_list.highlighted_index
        await pilot.press("m", "u")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers) - 1)
        assert screen.search_text == "is:unread"
        assert first not in screen.paper_list.rows
        await pilot.press("u")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        assert screen.search_text == ""


async def test_B_shows_only_starred_papers() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("b", "j", "j", "b")
        starred = {screen.papers[0].arxiv_id, screen.papers[2].arxiv_id}
        await pilot.press("B")
        await until(pilot, lambda: len(screen.paper_list.rows) == 2)
        assert screen.search_text == "is:starred"
        assert {screen.papers[row].arxiv_id for row in screen.paper_list.rows} == starred
        await pilot.press("B")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))


async def test_B_combines_with_the_query_typed() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        word = "date:2024-08"  # every paper of the seed digest
        await pilot.press("j", "j", "b", "slash", *word, "enter")
        await until(pilot, lambda: screen.search_text == word and screen.filtered)
        matching = set(screen.paper_list.rows)
        await pilot.press("B")
        await until(pilot, lambda: screen.search_text == f"{word} is:starred")
        await until(pilot, lambda: set(screen.paper_list.rows) != matching)
        starred = screen.papers[2].arxiv_id
        assert {screen.papers[row].arxiv_id for row in screen.paper_list.rows} == {starred}
        assert screen.query_one("#search").value == f"{word} is:starred"  # type: ignore[attr-defined]
        await pilot.press("B")
        await until(pilot, lambda: set(screen.paper_list.rows) == matching)
        assert screen.search_text == word


async def test_typed_is_unread_is_what_u_turns_off() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("m", "slash", *"is:unread", "enter")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers) - 1)
        await pilot.press("u")
        await until(pilot, lambda: len(screen.paper_list.rows) == len(screen.papers))
        assert screen.search_text == ""


async def test_unread_count_under_a_filter_counts_the_rows_shown() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        total = len({paper.arxiv_id for paper in screen.papers})
        await pilot.press("b", "m", "B")
        await until(pilot, lambda: len(screen.paper_list.rows) == 1)
        await until(pilot, lambda: "· 0 unread" in status_text(screen))
        assert f"{total - 1}" not in status_text(screen).split("unread")[0]


# -- S ------------------------------------------------------------------------------


async def test_S_saves_the_opened_digest_into_the_library() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: any("1 added" in message for message in messages(app)))
    saved = list(paths.library_dir().rglob("*.md"))
    assert [path.read_bytes() for path in saved] == [SEED.read_bytes()]


async def test_S_twice_skips_what_is_already_saved() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: any("1 added" in message for message in messages(app)))
        await pilot.press("S")
        await until(pilot, lambda: any("1 skipped" in message for message in messages(app)))
    assert len(list(paths.library_dir().rglob("*.md"))) == 1


async def test_S_on_the_library_itself_says_there_is_nothing_to_save() -> None:
    from paper_tui.library.saved import add_to_library

    assert add_to_library([str(SEED)]).summary().startswith("1 added")
    app = PaperTuiApp([], blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: any("library itself" in message for message in messages(app)))
    assert len(list(paths.library_dir().rglob("*.md"))) == 1


async def test_S_on_the_bundled_sample_says_there_is_nothing_to_save() -> None:
    app = PaperTuiApp([], blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: any("bundled sample" in message for message in messages(app)))
    assert not paths.library_dir().exists() or not list(paths.library_dir().rglob("*.md"))


async def test_palette_command_saves_opened_digests() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Save opened digests")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: any("1 added" in message for message in messages(app)))


# -- the reading clock ---------------------------------------------------------------


async def test_a_paper_shown_long_enough_becomes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 0.05)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(paper.arxiv_id)
        )
        assert screen.session.flags(paper).read


async def test_moving_on_before_the_delay_leaves_the_paper_unread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 1.0)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first = screen.papers[0]
        await pilot.press("j")
        second = screen.highlighted
        assert second is not None and screen.state is not None
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(second.arxiv_id)
        )
        assert not screen.state.is_read(first.arxiv_id)


async def test_marking_unread_stops_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 0.05)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(paper.arxiv_id)
        )
        await pilot.press("m")
        await pilot.pause(0.2)
        assert not screen.state.is_read(paper.arxiv_id)


# -- restored on the next start --------------------------------------------------------


async def test_position_sort_and_theme_are_restored_on_the_next_start() -> None:
    app = make_app(FIXTURE_DIGESTS)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("right_curly_bracket", "j", "j", "s")
        await until(pilot, lambda: screen.order is SortOrder.VOTES)
        paper = screen.highlighted
        app.theme = "nord"
        await pilot.pause(0.05)
    assert paper is not None
    app = make_app(FIXTURE_DIGESTS)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.highlighted == paper)
        assert screen.order is SortOrder.VOTES
        assert app.theme == "nord"


async def test_a_vanished_paper_restores_to_the_nearest_day() -> None:
    with saved_state() as state:
        state.set_last_position(date(2024, 8, 18), "2408.99999")
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(
            pilot,
            lambda: (
                screen.highlighted is not None and (screen.highlighted.date == date(2024, 8, 19))
            ),
        )
        assert screen.paper_list.highlighted_index == min(
            index for index, paper in enumerate(screen.papers) if paper.date == date(2024, 8, 19)
        )


# -- a state that cannot be used ----------------------------------------------------------


async def test_a_corrupt_state_file_is_reported_and_the_app_works() -> None:
    state_file = paths.state_file()
    state_file.parent.mkdir(parents=True)
    state_file.write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert any("moved aside" in message for message in messages(app))
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await pilot.press("b")
        assert screen.state.is_starred(paper.arxiv_id)
    assert list(state_file.parent.glob("state.sqlite3.corrupt-*"))


async def test_a_state_that_cannot_open_is_one_notification_and_keys_say_so() -> None:
    state_file = paths.state_file()
    state_file.parent.mkdir(parents=True)
    with sqlite3.connect(state_file) as connection:
        connection.execute(f"PRAGMA user_version={STATE_FORMAT + 1}")
    connection.close()
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(
            pilot,
            lambda: (
                screen.loaded and screen.session.problem != ("the reading state is still opening")
            ),
        )
        # the notification is a message to the app: wait for it, then for any second one
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        await pilot.pause(0.1)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert str(state_file) in errors[0].message and "\n" not in errors[0].message
        await pilot.press("m", "j", "b")
        assert any("unavailable" in message for message in messages(app))
        assert screen.paper_list.cursor == 1  # the reader still works


# -- pure logic -----------------------------------------------------------------------------


def test_find_position_prefers_the_same_paper_on_the_same_day() -> None:
    papers = load([str(FIXTURE_DIGESTS)]).papers
    target = papers[len(papers) // 2]
    assert papers[reading.find_position(papers, target.date, target.arxiv_id) or 0] == target


def paper_on(day: date, arxiv_id: str) -> Paper:
    return Paper(arxiv_id, arxiv_id, f"https://arxiv.org/abs/{arxiv_id}", date=day)


def test_find_position_falls_back_to_the_nearest_day() -> None:
    papers = [
        paper_on(date(2024, 1, 10), "a"),
        paper_on(date(2024, 1, 5), "b"),
        paper_on(date(2024, 1, 5), "c"),
        paper_on(date(2024, 1, 1), "d"),
    ]
    assert reading.find_position(papers, date(2024, 1, 6), "gone") == 1
    assert reading.find_position(papers, date(2024, 1, 9), None) == 0
    assert reading.find_position(papers, None, "d") == 3
    assert reading.find_position([], date(2024, 1, 9), "a") is None


# -- warm start ---------------------------------------------------------------------------------


async def test_a_warm_start_reads_the_search_index_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paper_tui.store.parse_cache import ParseCache

    folder = tmp_path / "digests"
    folder.mkdir()
    for source in sorted(FIXTURE_DIGESTS.glob("*.md")):
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        os.utime(target, (1_700_000_000, 1_700_000_000))  # not "just modified" for the cache

    async def searchable_run() -> ReaderScreen:
        async with make_app(folder).run_test(size=WIDE) as pilot:
            screen = await started(pilot)
            await until(pilot, lambda: screen.searchers.current is not None)
            return screen

    stored: list[str] = []
    original = ParseCache.put_blob

    def recording(cache: ParseCache, name: str, fingerprint: str, data: bytes) -> None:
        stored.append(name)
        original(cache, name, fingerprint, data)

    monkeypatch.setattr(ParseCache, "put_blob", recording)
    await searchable_run()
    assert stored, "the first start stores the index"
    stored.clear()
    screen = await searchable_run()
    assert stored == []
    assert screen.searchers.current is not None
    word = screen.papers[0].title.split()[0]
    assert 0 in screen.searchers.current.search(word).rows


async def test_marked_unread_stays_unread_when_moving_between_sections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 0.05)
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.highlighted
        assert paper is not None and screen.state is not None
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(paper.arxiv_id)
        )
        await pilot.press("m", "right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: screen.detail.current_section == 2)
        await pilot.pause(0.2)
        assert not screen.state.is_read(paper.arxiv_id)


async def test_typing_a_search_does_not_mark_papers_read(monkeypatch: pytest.MonkeyPatch) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)  # the first paper's clock runs for an hour
        monkeypatch.setattr(screen, "settings", replace(screen.settings, read_delay=0.2))
        await pilot.press("slash", *"image")
        await until(pilot, lambda: len(screen.paper_list.rows) < len(screen.papers))
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        await pilot.pause(0.5)
        assert screen.state is not None and not screen.state.read_ids()
        await pilot.press("enter")  # back in the list: reading (and the clock) resume
        top = screen.highlighted
        assert top is not None
        await until(pilot, lambda: screen.state is not None and screen.state.is_read(top.arxiv_id))


async def test_a_dialog_over_the_reader_pauses_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)  # the clock runs for an hour: nothing is read by chance
        await pilot.press("j")
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert screen.clock.timer is None  # paused while the help is open
        monkeypatch.setattr(screen, "settings", replace(screen.settings, read_delay=0.05))
        await pilot.pause(0.3)
        second = screen.papers[1]
        assert screen.state is not None and not screen.state.is_read(second.arxiv_id)
        await pilot.press("escape")  # the dialog closes: reading resumes, the clock starts over
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(second.arxiv_id)
        )


def test_the_saved_theme_is_set_before_the_first_paint() -> None:
    with ReadingState.open(paths.state_file()) as state:
        state.set_setting("theme", "nord")
    assert make_app().theme == "nord"


def test_a_bad_saved_theme_is_ignored() -> None:
    with ReadingState.open(paths.state_file()) as state:
        state.set_setting("theme", "no such theme")
    assert make_app().theme == PaperTuiApp().theme


async def test_coming_back_to_the_app_shows_other_instances_changes() -> None:
    async with make_app().run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        paper = screen.papers[3]
        with saved_state() as other:
            other.set_starred(paper.arxiv_id)
            other.set_read(paper.arxiv_id)
        pilot.app.app_focus = False
        await pilot.pause()
        pilot.app.app_focus = True
        await until(
            pilot, lambda: screen.state is not None and screen.state.is_read(paper.arxiv_id)
        )
        assert screen.session.flags(paper).starred
        total = len({paper.arxiv_id for paper in screen.papers})
        await until(pilot, lambda: f"{total - 1} unread" in status_text(screen))


async def test_S_on_many_digests_says_it_started_and_shows_progress() -> None:
    from paper_tui.ui.widgets.load_progress import LoadProgress

    app = make_app(FIXTURE_DIGESTS)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: any("Saving the digests" in m for m in messages(app)))
        await until(pilot, lambda: any("added" in message for message in messages(app)))
        bar = screen.query_one(LoadProgress)
        assert bar.total == len(list(FIXTURE_DIGESTS.glob("*.md")))
        assert bar.progress == bar.total and not bar.display
