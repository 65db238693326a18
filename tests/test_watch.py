"""Live reload: polling folders for digests added, changed or removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from paper_tui.library.watch import FolderChanges, FolderWatch


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    (folder / "2025" / "02").mkdir(parents=True)
    for day in (17, 18):
        (folder / "2025" / "02" / f"2025-02-{day}.md").write_text(f"day {day}\n")
    return folder


def watching(*paths: Path) -> FolderWatch:
    watch = FolderWatch([str(path) for path in paths])
    assert watch.poll() == FolderChanges()  # the baseline
    return watch


def test_nothing_changed_is_nothing_reported(folder: Path) -> None:
    watch = watching(folder)
    assert not watch.poll()
    assert len(watch.files) == 2


def test_a_digest_added_is_reported_once(folder: Path) -> None:
    watch = watching(folder)
    new = folder / "2025" / "02" / "2025-02-19.md"
    new.write_text("day 19\n")
    assert watch.poll() == FolderChanges(added=(str(new),))
    assert watch.changes() == []


def test_a_digest_changed_is_reported_even_with_the_same_size(folder: Path) -> None:
    watch = watching(folder)
    day = folder / "2025" / "02" / "2025-02-17.md"
    day.write_text("day 71\n")  # same size
    stat = day.stat()
    os.utime(day, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert watch.changes() == [str(day)]


def test_a_digest_replaced_by_a_rename_is_reported(folder: Path) -> None:
    watch = watching(folder)
    day = folder / "2025" / "02" / "2025-02-17.md"
    replacement = folder / "replacement.tmp"
    replacement.write_text("day 17\n")  # same bytes, another inode (git checkout does this)
    stat = day.stat()
    os.replace(replacement, day)
    os.utime(day, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert watch.poll().changed == (str(day),)


def test_a_digest_removed_is_reported(folder: Path) -> None:
    watch = watching(folder)
    day = folder / "2025" / "02" / "2025-02-18.md"
    day.unlink()
    assert watch.poll() == FolderChanges(removed=(str(day),))


def test_hidden_files_folders_and_other_files_are_not_watched(folder: Path) -> None:
    watch = watching(folder)
    (folder / ".lock").write_text("")
    (folder / "2025" / ".adding-x.tmp").write_text("half a digest")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.md").write_text("not a digest of ours")
    (folder / "cover.png").write_bytes(b"\x89PNG")
    assert not watch.poll()


def test_a_single_file_and_a_missing_folder_can_be_watched(folder: Path, tmp_path: Path) -> None:
    single = folder / "2025" / "02" / "2025-02-17.md"
    later = tmp_path / "later"
    watch = watching(single, later)
    later.mkdir()
    (later / "2025-03-01.md").write_text("day\n")
    single.write_text("changed, longer\n")
    assert watch.poll() == FolderChanges(
        added=(str(later / "2025-03-01.md"),), changed=(str(single),)
    )


def test_a_big_tree_is_walked_a_bounded_slice_per_poll(tmp_path: Path) -> None:
    for number in range(30):
        (tmp_path / f"2025-01-{number + 1:02d}.md").write_text("x")
    watch = FolderWatch([str(tmp_path)], max_entries=10)
    polls = 1
    while not watch.files:
        assert not watch.poll()
        polls += 1
    assert polls == 5  # 31 entries (30 files and the folder), 10 at a time, then the end
    (tmp_path / "2025-02-01.md").write_text("x")
    found = [watch.poll() for _ in range(4)]
    assert [bool(changes) for changes in found] == [False, False, False, True]
    assert found[-1].added == (str(tmp_path / "2025-02-01.md"),)


def test_a_poll_of_5000_files_is_cheap(tmp_path: Path) -> None:
    for month in range(1, 13):
        folder = tmp_path / "2024" / f"{month:02d}"
        folder.mkdir(parents=True)
        for number in range(417):
            (folder / f"{number:04d}.md").write_text("x")
    watch = FolderWatch([str(tmp_path)], max_entries=10_000)
    watch.baseline()
    started = time.perf_counter()
    assert not watch.poll()
    elapsed = time.perf_counter() - started
    assert len(watch.files) == 12 * 417
    assert elapsed < 1.0, elapsed


def test_a_poll_while_another_runs_finds_nothing_and_leaves_the_walk_alone(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timer's tick on a busy machine starts a poll before the last has finished:
    the second must not step the same walk (it raised 'generator already executing'
    and took the app down)."""
    import threading

    from paper_tui.library import watch as watch_module

    inside, release = threading.Event(), threading.Event()
    walk = watch_module._entries

    def slow_walk(paths):  # type: ignore[no-untyped-def]
        for number, item in enumerate(walk(paths)):
            if number == 1:
                inside.set()
                release.wait(5)
            yield item

    watch = watching(folder)
    monkeypatch.setattr(watch_module, "_entries", slow_walk)
    (folder / "2025" / "02" / "2025-02-19.md").write_text("day 19\n")
    found: list[FolderChanges] = []
    first = threading.Thread(target=lambda: found.append(watch.poll()))
    first.start()
    assert inside.wait(5)
    assert watch.poll() == FolderChanges()  # the walk is the other poll's
    release.set()
    first.join(5)
    assert [changes.added for changes in found] == [(str(folder / "2025" / "02" / "2025-02-19.md"),)]


def test_a_walk_that_raised_starts_again_and_reports_no_false_removals(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finishing a dead walk from what it saw would call every file it never
    reached removed (and make that the baseline)."""
    from paper_tui.library import watch as watch_module

    for day in range(1, 6):
        (folder / f"2025-03-0{day}.md").write_text("x\n")
    watch = watching(folder)
    walk = watch_module._entries

    def failing_walk(paths):  # type: ignore[no-untyped-def]
        for number, item in enumerate(walk(paths)):
            if number == 3:
                raise OSError("the disk hiccuped")
            yield item

    monkeypatch.setattr(watch_module, "_entries", failing_walk)
    with pytest.raises(OSError):
        watch.poll()
    monkeypatch.setattr(watch_module, "_entries", walk)
    assert watch.poll() == FolderChanges()
