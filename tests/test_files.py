"""Moving files under fresh names: nothing is ever replaced, nothing is lost."""

from __future__ import annotations

import itertools
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.store import files
from paper_tui.store.files import (
    locked,
    move_to_free_name,
    numbered_names,
    stamped_names,
    write_new,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=20), min_size=1, max_size=6), st.booleans())
def test_any_moves_to_the_same_names_keep_every_file_under_its_own_name(
    contents: list[bytes], hard_links: bool
) -> None:
    with tempfile.TemporaryDirectory() as scratch, pytest.MonkeyPatch.context() as patch:
        if not hard_links:
            patch.setattr(files.os, "link", _no_links)
        folder = Path(scratch)
        targets = []
        for number, data in enumerate(contents):
            source = folder / f"source-{number}"
            source.write_bytes(data)
            targets.append(move_to_free_name(source, numbered_names(folder, "day", ".md")))
            assert not source.exists()
        assert len(set(targets)) == len(contents)
        assert [target.read_bytes() for target in targets] == contents
        assert not list(folder.glob("source-*"))


def _no_links(source: object, target: object, **_: object) -> None:
    raise PermissionError(1, "Operation not permitted")


def test_a_dangling_symlink_holds_its_name(tmp_path: Path) -> None:
    taken = tmp_path / "day.md"
    taken.symlink_to(tmp_path / "nowhere")
    source = tmp_path / "source"
    source.write_bytes(b"data")
    assert (
        move_to_free_name(source, numbered_names(tmp_path, "day", ".md")) == tmp_path / "day-2.md"
    )
    assert taken.is_symlink()


def test_stamped_names_are_distinct_and_carry_the_tag(tmp_path: Path) -> None:
    names = list(itertools.islice(stamped_names(tmp_path, "state.sqlite3", "corrupt"), 3))
    assert len(set(names)) == 3
    assert all(name.name.startswith("state.sqlite3.corrupt-") for name in names)


def test_write_new_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = write_new(tmp_path / "day", numbered_names(tmp_path / "day", "x", ".md"), b"abc")
    assert target.read_bytes() == b"abc"
    assert [path.name for path in (tmp_path / "day").iterdir()] == ["x.md"]


def test_locked_excludes_a_second_holder_until_released(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    events: list[str] = []
    with locked(lock):
        thread = threading.Thread(target=lambda: _hold(lock, events))
        thread.start()
        thread.join(0.2)
        events.append("first done")
    thread.join()
    assert events == ["first done", "second in"]


def _hold(lock: Path, events: list[str]) -> None:
    with locked(lock):
        events.append("second in")
