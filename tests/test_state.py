"""Reading state: every change survives reopening, crashes, a second instance, corruption."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.search.engine import StateLookup
from paper_tui.store import paths
from paper_tui.store import reading_state as state_module
from paper_tui.store.reading_state import Position, ReadingState, StateError
from paper_tui.store.sqlite_file import CorruptDatabase, is_corruption

REPO = Path(__file__).resolve().parent.parent


def reopen() -> ReadingState:
    return ReadingState.open()


def test_read_survives_reopening() -> None:
    with reopen() as state:
        state.set_read("2408.08872")
        state.set_read("2408.00001")
        state.set_read("2408.00001", False)
    with reopen() as state:
        assert state.is_read("2408.08872")
        assert not state.is_read("2408.00001")
        assert state.read_ids() == {"2408.08872"}


def test_toggle_star_returns_the_new_value_and_persists() -> None:
    with reopen() as state:
        assert state.toggle_star("2408.08872") is True
        assert state.toggle_star("2408.00001") is True
        assert state.toggle_star("2408.00001") is False
    with reopen() as state:
        assert state.starred_ids() == {"2408.08872"}
        assert state.is_starred("2408.08872")


def test_toggle_read_flips_what_this_instance_shows() -> None:
    with reopen() as state:
        assert state.toggle_read("2408.08872") is True
        assert state.toggle_read("2408.08872") is False
        assert not state.is_read("2408.08872")


def test_note_round_trips_and_blank_removes_it() -> None:
    with reopen() as state:
        state.set_note("2408.08872", "읽어볼 것: section 3\nand the appendix")
        state.set_note("2408.00001", "to delete")
        state.set_note("2408.00001", "   ")
    with reopen() as state:
        assert state.note("2408.08872") == "읽어볼 것: section 3\nand the appendix"
        assert state.note("2408.00001") == ""
        assert state.noted_ids() == {"2408.08872"}
        assert state.has_note("2408.08872")


def test_state_of_one_field_leaves_the_others_alone() -> None:
    with reopen() as state:
        state.set_note("2408.08872", "note")
        state.set_starred("2408.08872")
        state.set_read("2408.08872")
        state.set_read("2408.08872", False)
    with reopen() as state:
        assert state.note("2408.08872") == "note"
        assert state.is_starred("2408.08872")
        assert not state.is_read("2408.08872")


def test_unread_count_counts_distinct_unread_papers() -> None:
    with reopen() as state:
        state.set_read("a")
        assert state.unread_count(["a", "b", "b", "c"]) == 2


def test_last_position_sort_and_theme_round_trip() -> None:
    with reopen() as state:
        assert state.last_position() is None
        state.set_last_position(date(2024, 8, 19), "2408.08872")
        state.set_setting("sort", "votes")
        state.set_setting("theme", "gruvbox")
    with reopen() as state:
        assert state.last_position() == Position(date(2024, 8, 19), "2408.08872")
        assert state.get_setting("sort") == "votes"
        assert state.get_setting("theme") == "gruvbox"
        assert state.get_setting("missing", "default") == "default"


def test_a_malformed_position_reads_as_partial() -> None:
    with reopen() as state:
        state.set_setting("position", {"day": "not a date", "paper": 7})
        assert state.last_position() == Position(None, None)
        state.set_setting("position", "nonsense")
        assert state.last_position() is None


def test_the_state_is_a_search_state_lookup() -> None:
    with reopen() as state:
        lookup: StateLookup = state
        state.set_starred("x")
        assert lookup.is_starred("x") and not lookup.is_read("x")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.booleans(), st.booleans()), max_size=12))
def test_state_after_any_changes_matches_the_last_change_per_paper(
    changes: list[tuple[str, bool, bool]],
) -> None:
    with reopen() as state:
        for arxiv_id in "abc":
            state.set_read(arxiv_id, False)
            state.set_starred(arxiv_id, False)
        for arxiv_id, read, starred in changes:
            state.set_read(arxiv_id, read)
            state.set_starred(arxiv_id, starred)
    expected_read = {arxiv_id: read for arxiv_id, read, _ in changes}
    expected_starred = {arxiv_id: starred for arxiv_id, _, starred in changes}
    with reopen() as state:
        assert state.read_ids() == {key for key, value in expected_read.items() if value}
        assert state.starred_ids() == {key for key, value in expected_starred.items() if value}


def test_refresh_sees_another_instances_changes() -> None:
    with reopen() as first, reopen() as second:
        second.set_starred("2408.08872")
        assert not first.is_starred("2408.08872")
        first.refresh()
        assert first.is_starred("2408.08872")


def test_a_corrupt_state_file_is_moved_aside_and_reported(isolated_home: Path) -> None:
    with reopen() as state:
        state.set_read("2408.08872")
        path = state.path
    garbage = b"definitely not sqlite " * 200
    path.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with reopen() as state:
        assert state.moved_aside is not None
        assert state.moved_aside.read_bytes() == garbage
        assert ".corrupt-" in state.moved_aside.name
        assert any(state.moved_aside.name in warning for warning in state.warnings)
        assert state.read_ids() == frozenset()
        state.set_read("2408.00001")
    with reopen() as state:
        assert state.warnings == []
        assert state.is_read("2408.00001")


# -- other processes ---------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from paper_tui.store.reading_state import ReadingState
    prefix, count = sys.argv[1], int(sys.argv[2])
    state = ReadingState.open()
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(count):
        arxiv_id = f"{prefix}.{number:05d}"
        state.set_read(arxiv_id)
        state.set_note(arxiv_id, f"note {number} " * 20)
        print(arxiv_id, flush=True)
    """
)


def _writer(prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=os.environ.copy(),
    )


def test_two_processes_writing_at_once_keep_both_changes() -> None:
    writers = [_writer("1111", 150), _writer("2222", 150)]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:  # start both together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    with reopen() as state:
        read = state.read_ids()
        assert len(read) == 300
        assert {arxiv_id.split(".")[0] for arxiv_id in read} == {"1111", "2222"}
        assert all(state.note(arxiv_id).startswith("note ") for arxiv_id in read)


def test_kill_9_during_writes_loses_nothing_confirmed() -> None:
    writer = _writer("3333", 100_000)
    assert writer.stdout is not None and writer.stdin is not None
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    confirmed: list[str] = []
    while len(confirmed) < 100:
        line = writer.stdout.readline()
        assert line, "writer stopped early"
        confirmed.append(line.strip())
    writer.send_signal(signal.SIGKILL)
    remaining, _ = writer.communicate(timeout=30)
    confirmed.extend(line.strip() for line in remaining.splitlines() if line.strip())
    assert writer.returncode == -signal.SIGKILL
    with reopen() as state:
        assert state.warnings == []
        missing = [arxiv_id for arxiv_id in confirmed if not state.is_read(arxiv_id)]
        assert missing == []
        assert all(state.note(arxiv_id) for arxiv_id in confirmed)


def test_a_locked_state_is_not_mistaken_for_a_corrupt_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with reopen() as state:
        state.set_starred("2408.08872")
        path = state.path
    before = path.read_bytes()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file, really locked
    monkeypatch.setattr(state_module, "_BUSY_TIMEOUT_SECONDS", 0.2)
    try:
        with pytest.raises(StateError, match="locked"):
            reopen()
    finally:
        holder.close()
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.corrupt-*"))
    with reopen() as state:
        assert state.is_starred("2408.08872")


def test_garbage_is_corruption_and_our_own_failed_check_is_too() -> None:
    assert is_corruption(CorruptDatabase("integrity check failed"))
    assert not is_corruption(sqlite3.DatabaseError("some other check of ours"))
    assert not is_corruption(sqlite3.OperationalError("database is locked"))
    garbage = Path(reopen().path).with_name("garbage.sqlite3")
    garbage.write_bytes(b"garbage" * 100)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        sqlite3.connect(garbage).execute("SELECT 1 FROM sqlite_master")
    assert is_corruption(raised.value)


def test_a_state_from_a_newer_paper_tui_is_left_alone() -> None:
    with reopen() as state:
        state.set_starred("2408.08872")
        path = state.path
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version={state_module.STATE_FORMAT + 1}")
    with pytest.raises(StateError, match="newer paper-tui"):
        reopen()
    assert not list(path.parent.glob("*.corrupt-*"))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT arxiv_id FROM papers WHERE starred").fetchall() == [
            ("2408.08872",)
        ]


def test_a_state_folder_that_cannot_be_made_is_a_state_error(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "state").write_text("a file where the state folder should be")
    with pytest.raises(StateError) as raised:
        reopen()
    assert str(raised.value).startswith(f"{paths.state_file()}: ")


def test_two_instances_opening_a_corrupt_state_at_once_keep_both_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with reopen() as state:
        path = state.path
    path.write_bytes(b"definitely not sqlite " * 200)
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    real_connect = state_module._connect
    checked: set[str] = set()

    def slow_connect(target: Path) -> sqlite3.Connection:
        # "b" finds the file corrupt as "a" does, but takes its time to say so:
        # by then "a" has moved it aside, started afresh and saved a star.
        name = threading.current_thread().name
        try:
            return real_connect(target)
        finally:
            if name == "b" and name not in checked:
                checked.add(name)
                time.sleep(0.5)

    monkeypatch.setattr(state_module, "_connect", slow_connect)
    failures: list[BaseException] = []

    def open_and_write(arxiv_id: str) -> None:
        try:
            with reopen() as state:
                state.set_starred(arxiv_id)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [
        threading.Thread(target=open_and_write, args=(name,), name=name) for name in ("a", "b")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    monkeypatch.setattr(state_module, "_connect", real_connect)
    with reopen() as state:
        assert state.starred_ids() == {"a", "b"}
    assert len(list(path.parent.glob("*.corrupt-*"))) == 1


def test_the_cli_reports_a_moved_aside_state(capsys: pytest.CaptureFixture[str]) -> None:
    from paper_tui.cli.entry import main
    from tests.conftest import SEED

    with reopen() as state:
        path = state.path
    path.write_bytes(b"definitely not sqlite " * 200)
    assert main(["export", "--starred", str(SEED)]) == 0
    error = capsys.readouterr().err
    moved = next(path.parent.glob("*.corrupt-*"))
    assert error.startswith(f"paper-tui: {path}: ")
    assert moved.name in error


def test_the_cli_reports_a_state_it_cannot_open_in_one_line(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main
    from tests.conftest import SEED

    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "state").touch()
    assert main(["export", "--starred", str(SEED)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"paper-tui: {paths.state_file()}: ")
    assert "internal error" not in error and len(error.splitlines()) == 1


def test_search_is_starred_and_is_unread_follow_the_state() -> None:
    from paper_tui.library.loading import load
    from paper_tui.search.engine import SearchIndex
    from tests.conftest import SEED

    papers = load([str(SEED)]).papers
    index = SearchIndex.build(papers)
    with reopen() as state:
        state.set_starred(papers[1].arxiv_id)
        state.set_read(papers[0].arxiv_id)
        starred = [papers[hit.index].arxiv_id for hit in index.search("is:starred", state).hits]
        unread = {papers[hit.index].arxiv_id for hit in index.search("is:unread", state).hits}
    assert starred == [papers[1].arxiv_id]
    assert unread == {paper.arxiv_id for paper in papers[1:]}
