"""A damaged reading state is salvaged, never unusable on every run (issue 15).

Whatever SQLite can still read from a damaged file goes into the fresh one; the
damaged file is moved aside, and the next run is clean.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paper_tui.store import paths
from paper_tui.store.reading_state import ReadingState, StateError

IDS = [f"2408.{number:05d}" for number in range(300)]


def filled_state() -> Path:
    """A closed state with 300 papers read, every third starred, every tenth noted."""
    with ReadingState.open() as state:
        for position, arxiv_id in enumerate(IDS):
            state.set_read(arxiv_id)
            if position % 3 == 0:
                state.set_starred(arxiv_id)
            if position % 10 == 0:
                state.set_note(arxiv_id, f"note {position} · 메모")
        state.set_setting("sort", "votes")
        path = state.path
    assert not Path(f"{path}-wal").exists()
    return path


def assert_everything_but(state: ReadingState, damaged: str | None = None) -> None:
    assert state.read_ids() == frozenset(IDS)
    assert state.starred_ids() == frozenset(IDS[::3])
    for position in range(0, len(IDS), 10):
        if IDS[position] != damaged:
            assert state.note(IDS[position]) == f"note {position} · 메모"
    assert state.get_setting("sort") == "votes"


def test_a_note_that_is_not_utf8_is_salvaged_not_fatal() -> None:
    path = filled_state()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE papers SET note = CAST(x'6e6f7465ff21' AS TEXT) WHERE arxiv_id = ?", (IDS[20],)
        )
    with ReadingState.open() as state:
        assert state.moved_aside is not None and state.moved_aside.exists()
        (warning,) = state.warnings
        assert warning.startswith(f"{path}: unreadable (Could not decode to UTF-8 column 'note'")
        assert "(300 papers, 1 settings)" in warning
        assert_everything_but(state, damaged=IDS[20])
        assert state.note(IDS[20]) == "note\ufffd!"  # the readable part kept
    with ReadingState.open() as state:
        assert state.warnings == []
        assert_everything_but(state, damaged=IDS[20])


def test_a_table_without_its_columns_is_salvaged() -> None:
    path = filled_state()
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE papers DROP COLUMN note")
    with ReadingState.open() as state:
        assert "table papers has no column note" in state.warnings[0]
        assert state.read_ids() == frozenset(IDS)
        assert state.starred_ids() == frozenset(IDS[::3])
        assert state.get_setting("sort") == "votes"
    with ReadingState.open() as state:
        assert state.warnings == []


def test_a_corrupt_index_loses_no_paper_s_state() -> None:
    path = filled_state()
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_papers_1'"
        ).fetchone()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = b"\xa5" * (page_size - 8)  # the index page, garbled
    path.write_bytes(bytes(data))
    with ReadingState.open() as state:
        assert state.moved_aside is not None
        assert "(300 papers, 1 settings)" in state.warnings[0]
        assert_everything_but(state)


def test_a_lock_that_cannot_be_made_is_named_not_the_state(isolated_home: Path) -> None:
    filled_state()
    lock = paths.state_file().with_suffix(".lock")
    lock.unlink()
    lock.mkdir()  # a folder where the lock file goes: fails for root too
    with pytest.raises(StateError) as raised:
        ReadingState.open()
    assert str(raised.value).startswith(f"{lock}: ")
