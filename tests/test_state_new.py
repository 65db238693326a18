"""Reading state for the daily flow: papers new since the app's last start, and
marking many papers read at once (with undo)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.store import ReadingState, paths

START_1, START_2, START_3 = 1_000.0, 2_000.0, 3_000.0


@pytest.fixture
def state() -> Iterator[ReadingState]:
    state = ReadingState.open()
    yield state
    state.close()


def test_the_first_start_has_no_previous_start_and_nothing_is_new(state: ReadingState) -> None:
    assert state.begin_session(START_1) is None
    state.mark_seen(["2502.00001", "2502.00002"], START_1)
    assert state.new_ids() == frozenset()


def test_papers_first_seen_after_the_previous_start_are_new(state: ReadingState) -> None:
    state.begin_session(START_1)
    state.mark_seen(["2502.00001", "2502.00002"], START_1)  # the first load
    assert state.begin_session(START_2) == START_1
    state.mark_seen(["2502.00001", "2502.00002", "2502.00003"], START_2)
    assert state.new_ids() == {"2502.00003"}
    state.mark_seen(["2502.00004"], START_2 + 60)  # synced while the app runs
    assert state.new_ids() == {"2502.00003", "2502.00004"}
    assert state.is_new("2502.00004") and not state.is_new("2502.00001")


def test_papers_of_the_last_load_are_not_new_at_the_next_start(state: ReadingState) -> None:
    state.begin_session(START_1)
    state.begin_session(START_2)
    state.mark_seen(["2502.00003"], START_2)
    state.mark_seen(["2502.00004"], START_2 + 60)  # came during session 2
    assert state.begin_session(START_3) == START_2
    assert state.new_ids() == {"2502.00004"}  # seen after session 2 started


def test_a_known_paper_keeps_the_time_it_was_first_seen(state: ReadingState) -> None:
    state.begin_session(START_1)
    assert state.mark_seen(["2502.00001"], START_1) == 1
    assert state.mark_seen(["2502.00001", "2502.00002"], START_3) == 1
    assert state.new_ids(since=START_2) == {"2502.00002"}


def test_the_first_seen_times_are_kept_across_opens(state: ReadingState) -> None:
    state.begin_session(START_1)
    state.mark_seen(["2502.00001"], START_1)
    state.close()
    with ReadingState.open() as again:
        assert again.begin_session(START_2) == START_1
        again.mark_seen(["2502.00001", "2502.00009"], START_2)
        assert again.new_ids() == {"2502.00009"}


def test_is_new_is_a_search_filter(state: ReadingState) -> None:
    from paper_tui.model import Paper
    from paper_tui.search import SearchIndex

    papers = [
        Paper(f"2502.0000{n}", f"Paper {n}", f"https://arxiv.org/abs/2502.0000{n}")
        for n in range(1, 4)
    ]
    state.begin_session(START_1)
    state.mark_seen(["2502.00001", "2502.00002"], START_1)
    state.begin_session(START_2)
    state.mark_seen(["2502.00003"], START_2)
    index = SearchIndex.build(papers)
    shown = [papers[i].arxiv_id for i in index.search("is:new", state=state).indices]
    assert shown == ["2502.00003"]
    hidden = [papers[i].arxiv_id for i in index.search("-is:new", state=state).indices]
    assert hidden == ["2502.00001", "2502.00002"]


def test_is_new_parses_and_negates() -> None:
    from paper_tui.search import parse
    from paper_tui.search.query import StateFilter

    assert parse("is:new").filters == [StateFilter("new")]
    assert parse("-is:new video").filters == [StateFilter("new", negated=True)]
    assert parse("is:nwe").hints[0].endswith("is:muted, is:new)")


def test_the_command_line_finds_what_the_app_shows_as_new(
    state: ReadingState, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from paper_tui.cli.entry import main
    from tests.daily_server import digest_text

    digest = tmp_path / "2025-02-03.md"
    digest.write_text(digest_text(date(2025, 2, 3)), encoding="utf-8")
    state.begin_session(START_1)
    state.mark_seen(["2502.03001", "2502.03002"], START_1)
    state.begin_session(START_2)  # the app's last start: 2502.03003 came in it
    state.mark_seen(["2502.03003"], START_2)
    state.close()
    assert main(["search", "is:new", str(digest)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3] for line in lines] == ["2502.03003"]


def test_marking_100k_papers_seen_is_one_quick_statement(state: ReadingState) -> None:
    ids = [f"2502.{number:05d}" for number in range(100_000)]
    state.begin_session(START_1)
    started = time.perf_counter()
    assert state.mark_seen(ids, START_1) == 100_000
    first = time.perf_counter() - started
    started = time.perf_counter()
    assert state.mark_seen(ids, START_2) == 0  # all known: nothing stored
    again = time.perf_counter() - started
    assert first < 3.0 and again < 3.0, (first, again)
    state.begin_session(START_2)
    assert state.new_ids() == frozenset()


def test_the_session_starts_kept_are_bounded(state: ReadingState) -> None:
    for start in range(100):
        state.begin_session(float(start))
    kept = state.get_setting("session_starts")
    assert len(kept) == 20 and kept[-1] == 99.0


def test_the_seen_times_survive_a_damaged_state(state: ReadingState) -> None:
    state.begin_session(START_1)
    state.mark_seen(["2502.00001"], START_1)
    state.close()
    path = paths.state_file()
    with sqlite3.connect(path) as connection:  # a column of the papers table lost
        connection.execute("ALTER TABLE papers DROP COLUMN note")
    with ReadingState.open() as repaired:
        assert repaired.moved_aside is not None
        assert repaired.begin_session(START_2) == START_1
        repaired.mark_seen(["2502.00001", "2502.00002"], START_2)
        assert repaired.new_ids() == {"2502.00002"}


# -- marking many read ---------------------------------------------------------------


def test_mark_read_marks_every_paper_and_returns_those_read_before(state: ReadingState) -> None:
    state.set_read("2502.00002")
    previous = state.mark_read(["2502.00001", "2502.00002", "2502.00003"])
    assert previous == {"2502.00002"}
    assert state.read_ids() == {"2502.00001", "2502.00002", "2502.00003"}


def test_mark_read_is_undone_by_unmarking_the_others(state: ReadingState) -> None:
    state.set_read("2502.00002")
    shown = ["2502.00001", "2502.00002", "2502.00003"]
    previous = state.mark_read(shown)
    state.set_read_many(set(shown) - previous, False)
    assert state.read_ids() == {"2502.00002"}
    state.close()
    with ReadingState.open() as again:  # durable
        assert again.read_ids() == {"2502.00002"}


def test_set_read_many_keeps_stars_and_notes(state: ReadingState) -> None:
    state.set_starred("2502.00001")
    state.set_note("2502.00001", "look at table 3")
    state.set_read_many(["2502.00001", "2502.00002"])
    state.set_read_many(["2502.00001"], False)
    state.close()
    with ReadingState.open() as again:
        assert again.is_starred("2502.00001") and again.note("2502.00001") == "look at table 3"
        assert again.read_ids() == {"2502.00002"}


def test_set_read_many_is_one_transaction(state: ReadingState, tmp_path: Path) -> None:
    ids = [f"2502.{number:05d}" for number in range(20_000)]
    started = time.perf_counter()
    state.set_read_many(ids)
    assert time.perf_counter() - started < 3.0
    assert len(state.read_ids()) == 20_000
