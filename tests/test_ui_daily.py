"""The daily flow in the app: what is new since last time, all shown read with undo,
the days panel, new digests appearing by themselves, and Sync now."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.picker import Picker
from tests.conftest import FIXTURE_DIGESTS
from tests.pilot import WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def messages(app) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def copy_days(target: Path, names: list[str]) -> None:
    target.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURE_DIGESTS / name, target / name)


async def test_papers_first_seen_since_the_last_start_are_new(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    copy_days(folder, ["2024-08-19.md"])
    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        await pilot.pause(0.3)
        first = len(screen.papers)
    copy_days(folder, ["2024-10-18.md"])
    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: "new" in screen.status.unread)
        new = len(screen.papers) - first
        assert f"{new} new" in screen.status.unread
        await until(pilot, lambda: any("new since last time" in m for m in messages(pilot.app)))
        await pilot.press("w")
        await until(pilot, lambda: screen.filtered and len(screen.paper_list.rows) == new)
        assert "is:new" in screen.search_text


async def test_A_marks_every_shown_paper_read_and_ctrl_z_undoes_it() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        await pilot.press("A")
        await until(pilot, lambda: all(screen.session.is_read(p) for p in screen.papers))
        await until(pilot, lambda: screen.status.unread.startswith("0 unread"))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not any(screen.session.is_read(p) for p in screen.papers))


async def test_the_days_panel_lists_periods_and_enter_shows_one() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(pilot.app.screen, Picker))
        await pilot.press("enter")  # the newest month
        await until(pilot, lambda: screen.search_text.startswith("date:"))
        await until(pilot, lambda: screen.filtered)
        month = screen.search_text.removeprefix("date:")
        assert all(
            screen.papers[row].date.isoformat().startswith(month) for row in screen.paper_list.rows
        )


async def test_a_digest_added_while_the_app_runs_appears_and_the_cursor_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paper_tui.library.watch as watch_module

    monkeypatch.setattr(watch_module, "POLL_SECONDS", 0.2)
    folder = tmp_path / "digests"
    copy_days(folder, ["2024-08-19.md"])
    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("j", "j")
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        reading = screen.highlighted
        before = len(screen.papers)
        await pilot.pause(0.5)  # the watch takes its first look
        copy_days(folder, ["2024-10-18.md"])
        await until(pilot, lambda: len(screen.papers) > before, tries=1500)
        await pilot.pause(0.1)
        assert screen.highlighted is not None and screen.highlighted.arxiv_id == reading.arxiv_id


async def test_live_reload_that_fails_is_one_warning_and_the_reader_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paper_tui.library.watch as watch_module

    monkeypatch.setattr(watch_module, "POLL_SECONDS", 0.1)
    folder = tmp_path / "digests"
    copy_days(folder, ["2024-08-19.md"])

    calls: list[int] = []

    def broken(self: object) -> object:
        calls.append(1)
        raise OSError("the disk went away")

    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen._watch is not None)
        monkeypatch.setattr(watch_module.FolderWatch, "poll", broken)
        await until(pilot, lambda: any("Live reload stopped" in m for m in messages(pilot.app)))
        await pilot.pause(0.5)  # five ticks: the watch is not polled again
        (warning,) = [m for m in messages(pilot.app) if "Live reload" in m]
        assert "the disk went away" in warning and "\n" not in warning
        assert calls == [1]
        await pilot.press("j")
        assert screen.paper_list.cursor == 1  # the reader still works


async def test_a_first_walk_that_fails_is_one_warning_and_the_reader_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paper_tui.library.watch as watch_module

    folder = tmp_path / "digests"
    copy_days(folder, ["2024-08-19.md"])

    def broken(self: object) -> object:
        raise PermissionError("the folder went private")

    monkeypatch.setattr(watch_module.FolderWatch, "_step", broken)
    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: any("Live reload stopped" in m for m in messages(pilot.app)))
        (warning,) = [m for m in messages(pilot.app) if "Live reload" in m]
        assert "the folder went private" in warning
        await pilot.press("j")
        assert screen.paper_list.cursor == 1


async def test_sync_now_pulls_a_folder_source_into_the_library(tmp_path: Path) -> None:
    from paper_tui.store import Source, save_sources

    upstream = tmp_path / "upstream"
    copy_days(upstream, ["2024-08-19.md", "2024-10-18.md"])
    save_sources([Source("mine", str(upstream))])
    async with make_app(FIXTURE_DIGESTS / "2025-02-19.md").run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        screen.action_sync_now()
        await until(
            pilot, lambda: any(m.startswith("Synced") for m in messages(pilot.app)), tries=2000
        )
    from paper_tui.store import paths

    assert len(list(paths.library_dir().rglob("*.md"))) == 2


async def test_sync_progress_is_in_the_status_line_then_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import paper_tui.library as library
    from paper_tui.library.sync import SyncReport
    from paper_tui.ui.widgets.status_bar import StatusBar

    release = threading.Event()

    def slow_sync(progress, known_ids):  # type: ignore[no-untyped-def]
        progress(1, 3)
        release.wait(10)
        progress(3, 3)
        return SyncReport()

    monkeypatch.setattr(library, "sync_all", slow_sync)
    async with make_app(FIXTURE_DIGESTS / "2025-02-19.md").run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        bar = screen.query_one(StatusBar)
        screen.action_sync_now()
        await until(pilot, lambda: "syncing 1/3" in str(bar.render()))
        assert not screen.query("LoadProgress")  # no bar over the list: the status says it
        screen.action_sync_now()  # one at a time
        await until(pilot, lambda: any("already running" in m for m in messages(pilot.app)))
        release.set()
        await until(pilot, lambda: any(m.startswith("Synced") for m in messages(pilot.app)))
        await until(pilot, lambda: "syncing" not in str(bar.render()))
        assert any("new paper" in m for m in messages(pilot.app))
