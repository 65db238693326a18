"""The reading workflow's state (issue 13): the queue, feeds, mutes and followed authors
survive reopening, a second instance, the move from format 1, and a damaged file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.store import paths
from paper_tui.store import reading_state as state_module
from paper_tui.store.reading_state import ReadingState
from paper_tui.text import name_key


def reopen() -> ReadingState:
    return ReadingState.open()


def test_the_queue_keeps_its_order_and_survives_reopening() -> None:
    with reopen() as state:
        for arxiv_id in ("2408.00003", "2408.00001", "2408.00002"):
            state.set_queued(arxiv_id)
        state.set_queued("2408.00003")  # already queued: keeps its place
        state.set_queued("2408.00001", False)
        assert state.is_queued("2408.00003") and not state.is_queued("2408.00001")
    with reopen() as state:
        assert state.queued_ids() == ("2408.00003", "2408.00002")
        state.set_queued("2408.00001")
        assert state.queued_ids() == ("2408.00003", "2408.00002", "2408.00001")


def test_toggle_queued_returns_the_new_value() -> None:
    with reopen() as state:
        assert state.toggle_queued("2408.00001") is True
        assert state.toggle_queued("2408.00001") is False
        assert state.queued_ids() == ()


def test_feeds_are_saved_by_name_replaced_and_removed() -> None:
    with reopen() as state:
        state.save_feed("diffusion", "diffusion -survey")
        state.save_feed("  kim  lab ", "a:kim date:7d")
        state.save_feed("diffusion", "diffusion votes:>10")  # same name: new query, same place
    with reopen() as state:
        assert state.feeds() == {"diffusion": "diffusion votes:>10", "kim lab": "a:kim date:7d"}
        assert state.remove_feed("kim lab") is True
        assert state.remove_feed("kim lab") is False
    with reopen() as state:
        assert state.feeds() == {"diffusion": "diffusion votes:>10"}


@pytest.mark.parametrize(("name", "query"), [("", "x"), ("  ", "x"), ("name", " ")])
def test_a_feed_needs_a_name_and_a_query(name: str, query: str) -> None:
    with reopen() as state, pytest.raises(ValueError):
        state.save_feed(name, query)


def test_mutes_are_kept_in_order_once_each() -> None:
    with reopen() as state:
        state.mute("survey")
        state.mute(" a:spammer ")
        state.mute("survey")
        with pytest.raises(ValueError):
            state.mute("   ")
    with reopen() as state:
        assert state.mutes() == ("survey", "a:spammer")
        assert state.unmute("survey") is True
        assert state.unmute("survey") is False
    with reopen() as state:
        assert state.mutes() == ("a:spammer",)


def test_followed_authors_match_by_folded_name() -> None:
    with reopen() as state:
        state.follow("Jun  Kim")
        state.follow("JUN KIM")  # the same author: kept as first followed
        state.follow("Ｍüller, Anna")
        assert state.is_followed("jun kim") and state.is_followed(" Jun\tKim ")
        assert state.is_followed("müller, anna")
        assert not state.is_followed("Jun Kimura")
    with reopen() as state:
        assert state.followed() == ("Jun Kim", "Ｍüller, Anna")
        assert state.followed_keys() == {"jun kim", "müller, anna"}
        assert state.unfollow("jun KIM") is True
        assert state.unfollow("jun kim") is False
        assert state.followed() == ("Ｍüller, Anna",)
        with pytest.raises(ValueError):
            state.follow(" ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_name_key_is_folded_once_and_for_all(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert "  " not in key and key == key.strip()
    assert name_key(f" {name.casefold()}\t") == name_key(name.casefold())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(min_codepoint=65, max_codepoint=122), min_size=1,
                        max_size=8), min_size=1, max_size=4))
def test_a_name_key_ignores_case_and_spacing(words: list[str]) -> None:
    name = " ".join(words)
    assert name_key(name.upper()) == name_key("   ".join(words).lower()) == name_key(name)


def test_a_second_instance_sees_the_other_s_changes_after_refresh() -> None:
    with reopen() as first, reopen() as second:
        first.set_queued("2408.00001")
        first.save_feed("x", "video")
        first.mute("survey")
        first.follow("Jun Kim")
        second.set_queued("2408.00002")
        second.refresh()
        assert second.queued_ids() == ("2408.00001", "2408.00002")
        assert second.feeds() == {"x": "video"}
        assert second.mutes() == ("survey",)
        assert second.followed() == ("Jun Kim",)


def format_one_state(path: Path) -> None:
    """A state as paper-tui wrote it before the reading queue: format 1."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE papers (arxiv_id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0, "
            "starred INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '', "
            "updated REAL NOT NULL DEFAULT 0)"
        )
        connection.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "INSERT INTO papers VALUES ('2408.00001', 1, 1, 'kept · 메모', 1.0)"
        )
        connection.execute("INSERT INTO settings VALUES ('sort', '\"votes\"')")
        connection.execute("PRAGMA user_version=1")
    connection.close()


def test_a_format_one_state_gains_the_new_tables_and_keeps_everything() -> None:
    path = paths.state_file()
    format_one_state(path)
    with reopen() as state:
        assert state.warnings == [] and state.moved_aside is None
        assert state.is_read("2408.00001") and state.is_starred("2408.00001")
        assert state.note("2408.00001") == "kept · 메모"
        assert state.get_setting("sort") == "votes"
        assert state.queued_ids() == () and state.feeds() == {}
        state.set_queued("2408.00001")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    connection.close()
    assert state_module.STATE_FORMAT == 2
    with reopen() as state:
        assert state.queued_ids() == ("2408.00001",) and state.is_read("2408.00001")


def test_a_damaged_state_keeps_the_queue_feeds_mutes_and_follows() -> None:
    with reopen() as state:
        state.set_read("2408.00001")
        state.set_queued("2408.00002")
        state.set_queued("2408.00003")
        state.save_feed("mine", "a:kim")
        state.mute("survey")
        state.follow("Jun Kim")
        path = state.path
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE mutes SET query = CAST(x'73757276ff' AS TEXT)")
    connection.close()
    with reopen() as state:
        (warning,) = state.warnings
        assert "(1 papers, 0 settings, 5 queued, feeds, mutes and follows)" in warning
        assert state.queued_ids() == ("2408.00002", "2408.00003")
        assert state.feeds() == {"mine": "a:kim"}
        assert state.mutes() == ("surv\ufffd",)
        assert state.followed() == ("Jun Kim",) and state.is_read("2408.00001")
    with reopen() as state:
        assert state.warnings == []


def test_a_new_table_without_its_columns_is_salvaged() -> None:
    with reopen() as state:
        state.set_starred("2408.00001")
        state.follow("Jun Kim")
        path = state.path
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE follows DROP COLUMN name")
    connection.close()
    with reopen() as state:
        assert "table follows has no column name" in state.warnings[0]
        assert state.starred_ids() == {"2408.00001"}
    with reopen() as state:
        assert state.warnings == []
