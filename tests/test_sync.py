"""`paper-tui sync`: daily sources into the library, against a server on 127.0.0.1 only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.library import SyncReport, add_to_library, sync_all, sync_sources
from paper_tui.library.download import (
    Downloaded,
    Missing,
    NotModified,
    Validators,
    fetch_if_changed,
    fetch_url,
)
from paper_tui.library.sources import add_source, template_problem, url_for
from paper_tui.library.sync import SETTLE_DAYS
from paper_tui.model import LoadError
from paper_tui.store import Source, SyncState, paths
from tests.daily_server import DailyFiles, day_path, days, digest_text, ids_of, serving

FIRST = date(2025, 2, 1)
MONTH = days(FIRST, 30)
HOLES = {date(2025, 2, 8), date(2025, 2, 9), date(2025, 2, 15)}
"""Days without a digest (weekends): 404."""
LAST = MONTH[-1]


@pytest.fixture
def files() -> DailyFiles:
    files = DailyFiles()
    for day in MONTH:
        if day not in HOLES:
            files.put(day, digest_text(day))
    return files


@pytest.fixture
def template(files: DailyFiles) -> Iterator[str]:
    with serving(files) as url:
        yield url


def library_file(day: date, suffix: str = "") -> Path:
    return paths.library_dir() / f"{day:%Y}" / f"{day:%m}" / f"{day.isoformat()}{suffix}.md"


def sync_month(template: str) -> SyncReport:
    return sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)


# -- a month of days --------------------------------------------------------------


def test_a_month_with_holes_is_synced_and_a_hole_is_no_error(template: str) -> None:
    report = sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    assert not report.failed
    assert {item.day for item in report.added} == set(MONTH) - HOLES
    assert {item.day for item in report.with_status("missing")} == HOLES
    assert all(library_file(day).is_file() for day in set(MONTH) - HOLES)
    assert sorted(report.files) == sorted(library_file(day) for day in set(MONTH) - HOLES)
    assert not any(library_file(day).exists() for day in HOLES)
    assert report.new_papers == 3 * (30 - len(HOLES))
    assert report.summary() == (
        "sync: 27 files added (81 new papers), 0 unchanged, 3 days without a digest"
    )


def test_a_second_sync_downloads_nothing_that_did_not_change(
    template: str, files: DailyFiles
) -> None:
    sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    files.reset_counts()
    again = sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    assert files.sent == []
    assert sorted(files.conditional) == sorted(day_path(day) for day in set(MONTH) - HOLES)
    assert len(again.with_status("unchanged")) == 27 and not again.added
    assert again.summary().startswith("sync: 0 files added (0 new papers), 27 unchanged")


def test_last_modified_alone_makes_the_request_conditional(
    template: str, files: DailyFiles
) -> None:
    files.etags = False
    sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    files.reset_counts()
    again = sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    assert files.sent == [] and len(again.with_status("unchanged")) == 27


def test_a_changed_day_is_downloaded_again_and_kept_beside(
    template: str, files: DailyFiles
) -> None:
    sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    changed = date(2025, 2, 10)
    files.put(changed, digest_text(changed, papers=4))
    files.reset_counts()
    again = sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    assert files.sent == [day_path(changed)]
    assert [item.target for item in again.added] == [library_file(changed, "-2")]
    assert again.new_papers == 1  # the fourth paper; three were there already


def test_at_most_four_requests_run_at_once(template: str, files: DailyFiles) -> None:
    files.delay = 0.05
    started = time.monotonic()
    sync_sources([Source("daily", template)], since=FIRST, until=LAST, today=LAST)
    elapsed = time.monotonic() - started
    assert 2 <= files.most_active <= 4
    assert elapsed < 30 * 0.05  # faster than one at a time


def test_progress_counts_every_day_to_the_end(template: str) -> None:
    heard: list[tuple[int, int]] = []
    sync_sources(
        [Source("daily", template)],
        since=FIRST,
        until=LAST,
        today=LAST,
        progress=lambda done, total: heard.append((done, total)),
    )
    assert heard[0] == (0, 30) and heard[-1] == (30, 30)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_a_day_already_added_by_hand_is_skipped_not_doubled(template: str) -> None:
    add_to_library([url_for(template, FIRST)])
    report = sync_sources([Source("daily", template)], since=FIRST, until=FIRST, today=FIRST)
    assert [item.status for item in report.items] == ["skipped"]
    assert report.new_papers == 0
    assert not library_file(FIRST, "-2").exists()


def test_new_papers_are_those_not_in_the_library_before(
    template: str, files: DailyFiles, tmp_path: Path
) -> None:
    # The day before lists two of the papers again: they are not new.
    files.put(FIRST, digest_text(FIRST) + "\n" + digest_text(FIRST, papers=0))
    report = sync_sources(
        [Source("daily", template)],
        since=FIRST,
        until=FIRST + timedelta(days=1),
        today=LAST,
        known_ids=lambda: ids_of(FIRST, papers=2),
    )
    assert report.new_papers == 1 + 3
    assert report.new_ids == ids_of(FIRST, first=3, papers=1) | ids_of(FIRST + timedelta(days=1))


# -- failures ---------------------------------------------------------------------


def test_a_slow_day_fails_by_its_deadline_and_the_other_days_are_kept(
    template: str, files: DailyFiles
) -> None:
    slow = date(2025, 2, 5)
    files.slow.add(day_path(slow))
    started = time.monotonic()
    report = sync_sources(
        [Source("daily", template)], since=FIRST, until=LAST, today=LAST, timeout=0.5
    )
    assert time.monotonic() - started < 2.5
    assert [(item.day, item.what) for item in report.failed] == [(slow, url_for(template, slow))]
    assert "timed out" in report.failed[0].reason
    assert len(report.added) == 26 and not library_file(slow).exists()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("status", "HTTP 500"),
        ("truncated", "connection closed early"),
        ("garbage", "bad HTTP response"),
    ],
)
def test_a_broken_response_is_a_failure_naming_the_url(
    template: str, files: DailyFiles, kind: str, reason: str
) -> None:
    broken = date(2025, 2, 12)
    files.broken[day_path(broken)] = kind
    report = sync_month(template)
    assert [item.what for item in report.failed] == [url_for(template, broken)]
    assert report.failed[0].reason.startswith(reason)
    assert len(report.added) == 26


def test_a_page_that_is_not_a_digest_is_a_failure(template: str, files: DailyFiles) -> None:
    files.put(FIRST, "# Nothing here today\n")
    report = sync_sources([Source("daily", template)], since=FIRST, until=FIRST, today=FIRST)
    assert [item.reason for item in report.failed] == [
        "no papers found (no ### heading links to arXiv); --force adds it"
    ]


def test_a_server_that_refuses_connections_fails_every_day_quickly() -> None:
    template = "http://127.0.0.1:9/{date}.md"
    started = time.monotonic()
    report = sync_sources([Source("gone", template)], since=FIRST, until=FIRST + timedelta(2))
    assert time.monotonic() - started < 5
    assert len(report.failed) == 3
    assert all(item.reason.startswith("cannot download") for item in report.failed)


# -- where the next sync starts ----------------------------------------------------


def synced_through(template: str) -> date | None:
    with SyncState.open() as state:
        return state.synced_through(template)


def test_the_last_synced_day_stops_before_a_failure(template: str, files: DailyFiles) -> None:
    files.broken[day_path(date(2025, 2, 12))] = "status"
    sync_month(template)
    assert synced_through(template) == date(2025, 2, 11)


def test_a_recent_day_without_a_digest_is_asked_for_again(template: str, files: DailyFiles) -> None:
    today = LAST
    recent = today - timedelta(days=SETTLE_DAYS - 1)
    del files.bodies[day_path(recent)]
    sync_sources([Source("daily", template)], since=FIRST, today=today)
    assert synced_through(template) == recent - timedelta(days=1)
    files.put(recent, digest_text(recent))  # published late
    files.reset_counts()
    later = sync_sources([Source("daily", template)], today=today)
    assert [item.day for item in later.added] == [recent]
    assert synced_through(template) == today


def test_an_old_day_without_a_digest_is_settled(template: str) -> None:
    sync_month(template)  # the holes are weeks old
    assert synced_through(template) == LAST


def test_a_plain_sync_starts_the_day_after_the_last_synced(
    template: str, files: DailyFiles
) -> None:
    sync_sources([Source("daily", template)], since=FIRST, until=date(2025, 2, 20), today=LAST)
    files.reset_counts()
    report = sync_sources([Source("daily", template)], today=LAST)
    assert [item.day for item in report.items] == days(date(2025, 2, 21), 10)
    assert len(files.requests) == 10


def test_the_first_sync_of_a_source_asks_for_the_last_seven_days(
    template: str, files: DailyFiles
) -> None:
    report = sync_sources([Source("daily", template)], today=LAST)
    assert [item.day for item in report.items] == days(LAST - timedelta(days=6), 7)


def test_sync_all_syncs_the_configured_sources(template: str, tmp_path: Path) -> None:
    assert isinstance(add_source("daily", template), Source)
    report = sync_all(today=LAST)
    assert len(report.added) == 7 and not report.failed and not report.warnings


def test_sync_all_without_sources_says_how_to_add_one() -> None:
    report = sync_all()
    assert report.items == []
    assert report.warnings == [
        "no sources to sync: add one with 'paper-tui sources add NAME TEMPLATE'"
    ]


def test_a_corrupt_bookkeeping_file_is_moved_aside(template: str) -> None:
    state_file = paths.sync_state_file()
    state_file.parent.mkdir(parents=True)
    state_file.write_bytes(b"not a database at all" * 100)
    report = sync_month(template)
    assert len(report.added) == 27
    assert "moved aside" in report.warnings[0]
    assert list(state_file.parent.glob("sync.sqlite3.corrupt-*"))


# -- folder sources ---------------------------------------------------------------


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git checkout of digests, as the user pulls it (with a README)."""
    folder = tmp_path / "daily-papers"
    for day in MONTH[:5]:
        target = folder / f"{day:%Y}" / f"{day.isoformat()}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(digest_text(day), encoding="utf-8")
    (folder / "README.md").write_text("# Daily papers\n\nOne file a day.\n", encoding="utf-8")
    return folder


def test_a_folder_source_adds_its_digests_and_passes_over_the_rest(checkout: Path) -> None:
    report = sync_sources([Source("checkout", str(checkout))])
    assert {item.day for item in report.added} == set(MONTH[:5])
    assert [Path(item.what).name for item in report.with_status("ignored")] == ["README.md"]
    assert not report.failed and report.new_papers == 15


def test_a_folder_source_adds_only_new_and_changed_files(checkout: Path) -> None:
    sync_sources([Source("checkout", str(checkout))])
    new_day = MONTH[10]
    (checkout / "2025" / f"{new_day.isoformat()}.md").write_text(digest_text(new_day))
    changed = checkout / "2025" / f"{MONTH[0].isoformat()}.md"
    changed.write_text(digest_text(MONTH[0], papers=5), encoding="utf-8")
    report = sync_sources([Source("checkout", str(checkout))])
    assert sorted(item.day for item in report.added) == [MONTH[0], new_day]
    assert len(report.items) == 2  # the others are not even read again
    assert report.new_papers == 3 + 2


def test_a_folder_source_keeps_to_the_days_since_and_until(checkout: Path) -> None:
    source = Source("checkout", str(checkout))
    report = sync_sources([source], since=MONTH[1], until=MONTH[2], today=LAST)
    assert sorted(item.day for item in report.added) == [MONTH[1], MONTH[2]]
    assert report.items == report.added  # the other days' files and the README not looked at
    assert not library_file(MONTH[0]).exists() and not library_file(MONTH[3]).exists()


def test_a_folder_source_since_alone_leaves_the_end_open(checkout: Path) -> None:
    source = Source("checkout", str(checkout))
    report = sync_sources([source], since=MONTH[3], today=MONTH[3])
    assert sorted(item.day for item in report.added) == [MONTH[3], MONTH[4]]


def test_a_folder_file_left_out_of_a_span_comes_with_the_next_plain_sync(
    checkout: Path,
) -> None:
    source = Source("checkout", str(checkout))
    sync_sources([source], since=MONTH[1], until=MONTH[2], today=LAST)
    report = sync_sources([source], today=LAST)
    assert sorted(item.day for item in report.added) == [MONTH[0], MONTH[3], MONTH[4]]


def test_a_folder_file_named_without_a_day_is_kept_to_the_span_by_its_digest(
    checkout: Path,
) -> None:
    (checkout / "latest.md").write_text(digest_text(MONTH[20]), encoding="utf-8")
    source = Source("checkout", str(checkout))
    outside = sync_sources([source], since=MONTH[0], until=MONTH[0], today=LAST)
    assert [item.day for item in outside.added] == [MONTH[0]]
    inside = sync_sources([source], since=MONTH[20], until=MONTH[20], today=LAST)
    assert [(item.day, Path(item.what).name) for item in inside.added] == [(MONTH[20], "latest.md")]


def test_the_command_keeps_a_folder_to_since_and_until(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", str(checkout), "--since", "2025-02-02", "--until", "2025-02-03"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in out if line.startswith("added\t")] == [
        "2025-02-02",
        "2025-02-03",
    ]


def test_a_bad_source_in_the_config_is_a_failure_without_its_password() -> None:
    report = sync_sources([Source("secret", "https://me:hunter2@example.org/{date}.md")])
    assert [item.what for item in report.failed] == ["https://me:***@example.org/{date}.md"]


def test_a_missing_folder_is_a_failure() -> None:
    report = sync_sources([Source("gone", "/nonexistent/daily-papers")])
    assert report.failed[0].reason.startswith("no such folder")


# -- templates --------------------------------------------------------------------


def test_a_template_fills_in_the_day() -> None:
    template = "https://example.org/{yyyy}/{mm}/{dd}/{date}.md"
    assert url_for(template, date(2025, 2, 3)) == "https://example.org/2025/02/03/2025-02-03.md"


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("https://example.org/{day}.md", "unknown field {day}"),
        ("https://example.org/{yyyy}/{mm}.md", "no day in the template"),
        ("https://user:pw@example.org/{date}.md", "URLs with a user name or password"),
        ("ftp://example.org/{date}.md", "only http:// and https://"),
        ("https://example.org/{date.md", "an unmatched {"),
        ("/no/such/folder", "no such folder"),
    ],
)
def test_a_bad_template_is_refused(template: str, problem: str) -> None:
    assert (template_problem(template) or "").startswith(problem)


# -- the conditional request itself ---------------------------------------------------


def test_a_conditional_request_tells_304_404_and_a_body_apart(
    template: str, files: DailyFiles
) -> None:
    url = url_for(template, FIRST)
    first = fetch_if_changed(url)
    assert isinstance(first, Downloaded) and first.validators
    assert isinstance(fetch_if_changed(url, first.validators), NotModified)
    assert isinstance(fetch_if_changed(url_for(template, min(HOLES))), Missing)
    stale = fetch_if_changed(url, Validators(etag='"old"'))
    assert isinstance(stale, Downloaded) and stale.data == files.bodies[day_path(FIRST)]


def test_a_plain_fetch_still_calls_a_404_an_error(template: str) -> None:
    got = fetch_url(url_for(template, min(HOLES)))
    assert isinstance(got, LoadError) and got.reason.startswith("HTTP 404")


# -- the command line -----------------------------------------------------------------


def test_the_command_syncs_a_template_without_set_up(
    template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", template, "--since", "2025-02-01", "--until", "2025-02-07"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("added\t")]) == 7
    assert out[-1].startswith("sync: 7 files added (21 new papers), 0 unchanged")
    assert main(["sync", template, "--since", "2025-02-01", "--until", "2025-02-07"]) == 0
    assert capsys.readouterr().out.startswith("sync: 0 files added (0 new papers), 7 unchanged")


def test_the_command_exits_1_naming_each_failed_url(
    template: str, files: DailyFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    files.broken[day_path(date(2025, 2, 3))] = "status"
    assert main(["sync", template, "--since", "2025-02-01", "--until", "2025-02-04"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"paper-tui: {url_for(template, date(2025, 2, 3))}: HTTP 500 Internal Server Error"
    ]
    assert len([line for line in captured.out.splitlines() if line.startswith("added")]) == 3


def test_the_command_says_each_kind_of_failure_in_one_line_naming_its_url(
    template: str, files: DailyFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    files.broken[day_path(date(2025, 2, 2))] = "truncated"
    files.broken[day_path(date(2025, 2, 3))] = "garbage"
    files.slow.add(day_path(date(2025, 2, 4)))
    files.put(date(2025, 2, 5), "# Nothing here today\n")
    started = time.monotonic()
    code = main(
        ["sync", template, "--since", "2025-02-01", "--until", "2025-02-06", "--timeout", "1"]
    )
    assert time.monotonic() - started < 10  # the slow day ends by its 1 s deadline
    assert code == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    failed = [date(2025, 2, number) for number in (2, 3, 4, 5)]
    assert [line.split(": ", 2)[1] for line in lines] == [url_for(template, day) for day in failed]
    assert [line.split(": ", 2)[2].split(" ", 1)[0] for line in lines] == [
        "connection",
        "bad",
        "timed",
        "no",
    ]
    added = [line.split("\t")[1] for line in captured.out.splitlines() if line.startswith("added")]
    assert added == ["2025-02-01", "2025-02-06"]
    assert captured.out.splitlines()[-1].startswith(
        "sync: 2 files added (6 new papers), 0 unchanged, 4 failed"
    )


def test_on_a_terminal_the_bar_is_cleared_before_the_failures(
    template: str, files: DailyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    files.broken[day_path(date(2025, 2, 3))] = "status"
    assert main(["sync", template, "--since", "2025-02-01", "--until", "2025-02-04"]) == 1
    drawn, cleared, after = terminal.getvalue().rpartition("\r\x1b[K")
    assert cleared and drawn.endswith("\rsync [########################] 4/4")
    assert after.splitlines() == [
        f"paper-tui: {url_for(template, date(2025, 2, 3))}: HTTP 500 Internal Server Error"
    ]


def test_a_configured_folder_gone_since_is_a_failure_and_exit_1(
    template: str, checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    assert main(["sources", "add", "daily", template]) == 0
    assert main(["sources", "add", "checkout", str(checkout)]) == 0
    shutil.rmtree(checkout)
    capsys.readouterr()
    assert main(["sync", "--since", "2025-02-01", "--until", "2025-02-02"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"paper-tui: {checkout.resolve()}: no such folder "
        "(a source is a URL template with {date} or a folder)"
    ]
    assert len([line for line in captured.out.splitlines() if line.startswith("added")]) == 2


def test_the_command_refuses_a_bad_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "https://example.org/{day}.md"]) == 2
    assert "unknown field {day}" in capsys.readouterr().err


def test_sync_without_sources_says_how_to_add_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync"]) == 2
    assert "paper-tui sources add NAME TEMPLATE" in capsys.readouterr().err


def test_sources_are_added_listed_and_removed(
    template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "daily", template]) == 0
    assert main(["sources", "add", "daily", template]) == 1  # the name is taken
    assert main(["sources", "list"]) == 0
    capsys.readouterr()
    assert main(["sync", "--since", "2025-02-01", "--until", "2025-02-02"]) == 0
    assert main(["sources", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()[-1]
    assert listed.startswith(f"daily\t{template}\tsynced through 2025-02-02; last sync ")
    assert main(["sources", "remove", "daily"]) == 0
    assert main(["sources", "remove", "daily"]) == 1
    assert main(["sources", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("no sources")


def test_the_progress_bar_is_drawn_only_on_a_terminal() -> None:
    import io

    from paper_tui.cli.sync_commands import progress_bar

    assert progress_bar(io.StringIO()) is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    draw = progress_bar(terminal)
    assert draw is not None
    draw(3, 12)
    assert terminal.getvalue() == "\rsync [######------------------] 3/12"
