"""The saved library: add (files, folders, stdin, URLs), list, remove, restore."""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.cli.entry import main
from paper_tui.digest import decoding
from paper_tui.library import saved
from paper_tui.library.saved import add_to_library, library_entries
from paper_tui.library.trash import remove, restore
from paper_tui.store import files, paths
from paper_tui.store.reading_state import ReadingState
from tests.conftest import FIXTURE_DIGESTS, SEED

SEED_DAY = date(2024, 8, 19)


def library_file(day: date, suffix: str = "") -> Path:
    return paths.library_dir() / f"{day:%Y}" / f"{day:%m}" / f"{day.isoformat()}{suffix}.md"


def edited_seed(tmp_path: Path) -> Path:
    """The seed digest with one title changed: same day, different file."""
    text = SEED.read_text(encoding="utf-8")
    first_heading = text.index("### ")
    changed = tmp_path / "elsewhere" / SEED.name
    changed.parent.mkdir()
    changed.write_text(text[: first_heading + 4] + "Edited " + text[first_heading + 4 :])
    return changed


def test_a_new_digest_is_copied_under_its_date() -> None:
    report = add_to_library([str(SEED)])
    assert [outcome.status for outcome in report.outcomes] == ["added"]
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert report.added[0].target == library_file(SEED_DAY)


def test_an_identical_digest_is_skipped() -> None:
    add_to_library([str(SEED)])
    report = add_to_library([str(SEED)])
    assert [outcome.status for outcome in report.outcomes] == ["skipped"]
    assert "identical" in report.skipped[0].reason
    assert list(library_file(SEED_DAY).parent.iterdir()) == [library_file(SEED_DAY)]


def test_a_different_digest_for_the_same_day_is_kept_beside(tmp_path: Path) -> None:
    add_to_library([str(SEED)])
    changed = edited_seed(tmp_path)
    report = add_to_library([str(changed)])
    assert report.added[0].target == library_file(SEED_DAY, "-2")
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert library_file(SEED_DAY, "-2").read_bytes() == changed.read_bytes()
    assert add_to_library([str(changed)]).skipped[0].target == library_file(SEED_DAY, "-2")


def test_without_hard_links_a_same_day_file_is_still_kept_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object, **_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    add_to_library([str(SEED)])
    changed = edited_seed(tmp_path)
    assert add_to_library([str(changed)]).added[0].target == library_file(SEED_DAY, "-2")
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert library_file(SEED_DAY, "-2").read_bytes() == changed.read_bytes()
    assert not list(library_file(SEED_DAY).parent.glob(".adding-*"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=8))
def test_adding_any_sequence_keeps_each_distinct_file_exactly_once(words: list[str]) -> None:
    text = SEED.read_text(encoding="utf-8")
    heading = text.index("### ") + 4
    with tempfile.TemporaryDirectory() as scratch:
        library = Path(scratch) / "library"
        for word in words:
            content = (text[:heading] + word + " " + text[heading:]).encode()
            outcome = saved.add_bytes(content, SEED.name, library)
            assert outcome.status in ("added", "skipped")
        kept = [path.read_bytes() for path in library.rglob("*.md")]
    assert len(kept) == len(set(kept)) == len(set(words))


def test_a_digest_with_no_papers_is_refused_unless_forced(tmp_path: Path) -> None:
    empty = tmp_path / "2024-09-01.md"
    empty.write_text("# Nothing here\n\njust prose\n")
    refused = add_to_library([str(empty)])
    assert refused.refused[0].reason.startswith("no papers")
    assert not library_file(date(2024, 9, 1)).exists()
    forced = add_to_library([str(empty)], force=True)
    assert forced.added[0].target == library_file(date(2024, 9, 1))


def test_a_binary_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    binary = tmp_path / "2024-09-02.md"
    binary.write_bytes(b"\x89PNG\x00\x00")
    report = add_to_library([str(binary)], force=True)
    assert report.refused[0].reason.startswith("binary file")
    assert not paths.library_dir().exists() or not any(paths.library_dir().rglob("*.md"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "2024-09-03.md"
    locked.write_bytes(SEED.read_bytes())
    locked.chmod(0)
    assert add_to_library([str(locked)]).refused[0].reason == "permission denied"


def test_a_file_that_fails_to_read_is_refused_with_the_os_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "2024-09-04.md"
    broken.write_bytes(SEED.read_bytes())
    real_open = open

    def failing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(broken):
            raise OSError(5, "Input/output error")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(decoding, "open", failing_open, raising=False)
    report = add_to_library([str(broken), str(SEED)])
    assert [outcome.status for outcome in report.outcomes] == ["refused", "added"]
    assert report.refused[0].reason == "Input/output error"


def test_a_missing_path_is_refused_and_the_rest_still_added(tmp_path: Path) -> None:
    report = add_to_library([str(tmp_path / "missing.md"), str(SEED)])
    assert [outcome.status for outcome in report.outcomes] == ["refused", "added"]


def test_a_folder_adds_every_digest_in_it() -> None:
    report = add_to_library([str(FIXTURE_DIGESTS)])
    assert len(report.added) == len(list(FIXTURE_DIGESTS.glob("*.md")))
    for source in FIXTURE_DIGESTS.glob("*.md"):
        day = date.fromisoformat(source.stem)
        assert library_file(day).read_bytes() == source.read_bytes()


def test_stdin_is_added_under_the_date_in_its_header() -> None:
    report = add_to_library(["-"], stdin=io.BytesIO(SEED.read_bytes()))
    assert report.added[0].source == "<stdin>"
    assert library_file(SEED_DAY).exists()


def test_an_undated_digest_needs_force_and_goes_to_undated(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("Daily Papers (2024-08-19)", "Some papers")
    undated = tmp_path / "reading list.md"
    undated.write_text(text, encoding="utf-8")
    assert add_to_library([str(undated)]).refused[0].reason.startswith("no date")
    target = add_to_library([str(undated)], force=True).added[0].target
    assert target == paths.library_dir() / "undated" / "reading_list.md"


def test_remove_moves_a_day_to_the_trash_and_restore_brings_it_back() -> None:
    add_to_library([str(SEED)])
    removed = remove([SEED_DAY])
    assert removed[0].target is not None and removed[0].target.is_relative_to(paths.trash_dir())
    assert not library_file(SEED_DAY).exists()
    assert library_entries().entries == []
    restored = restore([SEED_DAY])
    assert restored[0].target == library_file(SEED_DAY)
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert not any(paths.trash_dir().rglob("*.md"))


def test_remove_of_a_day_not_in_the_library_says_so() -> None:
    outcome = remove([date(2001, 1, 1)])[0]
    assert outcome.target is None and outcome.reason == "not in the library"
    assert restore([date(2001, 1, 1)])[0].reason == "not in the trash"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_remove_of_a_day_held_by_a_fifo_says_what_it_is_and_leaves_it() -> None:
    day = date(2001, 1, 2)
    fifo = library_file(day)
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    for item in (day, f"2001/01/{day.isoformat()}.md"):
        (outcome,) = remove([item])
        assert outcome.target is None
        assert outcome.reason == f"{fifo}: a FIFO (named pipe), not a regular file; left where it is"
    assert fifo.exists() and not paths.trash_dir().exists()


def test_removing_twice_keeps_both_in_the_trash_and_restores_both(tmp_path: Path) -> None:
    add_to_library([str(SEED)])
    remove([SEED_DAY])
    changed = edited_seed(tmp_path)
    add_to_library([str(changed)])
    remove([SEED_DAY])
    assert len(list(paths.trash_dir().rglob("*.md"))) == 2
    restore([SEED_DAY])
    contents = {path.read_bytes() for path in library_file(SEED_DAY).parent.iterdir()}
    assert contents == {SEED.read_bytes(), changed.read_bytes()}


def test_restoring_a_day_added_again_meanwhile_keeps_one_copy() -> None:
    add_to_library([str(SEED)])
    remove([SEED_DAY])
    add_to_library([str(SEED)])
    outcome = restore([SEED_DAY])[0]
    assert outcome.reason == "already in the library"
    assert list(library_file(SEED_DAY).parent.iterdir()) == [library_file(SEED_DAY)]


def test_library_entries_list_days_papers_and_sizes_newest_first() -> None:
    add_to_library([str(FIXTURE_DIGESTS)])
    entries = library_entries().entries
    days = [entry.day for entry in entries]
    assert days == sorted(days, reverse=True)
    seed_entry = next(entry for entry in entries if entry.day == SEED_DAY)
    assert seed_entry.size == SEED.stat().st_size
    assert seed_entry.papers == SEED.read_text(encoding="utf-8").count("\n### ")


def test_load_library_uses_the_cache_the_second_time() -> None:
    add_to_library([str(FIXTURE_DIGESTS)])
    for path in paths.library_dir().rglob("*.md"):  # not just written (see the cache's racy rule)
        os.utime(path, (time.time() - 60, time.time() - 60))
    first = saved.load_library()
    cache = saved.ParseCache.open()
    second = saved.load_library(cache=cache)
    assert cache.hits == len(list(FIXTURE_DIGESTS.glob("*.md"))) and cache.misses == 0
    assert first == second
    cache.close()


# -- the commands --------------------------------------------------------------------


def test_add_and_library_commands_report_what_happened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing.md")
    assert main(["add", str(SEED), missing]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith(f"added\t{SEED}")
    assert "1 added, 0 skipped, 1 refused" in out
    assert err.strip() == f"paper-tui: {missing}: no such file or folder"
    assert main(["library"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2024-08-19\t")
    assert lines[-1].startswith("1 day, 7 papers")


def test_remove_and_restore_commands(capsys: pytest.CaptureFixture[str]) -> None:
    main(["add", str(SEED)])
    assert main(["remove", "2024-08-19"]) == 0
    assert not library_file(SEED_DAY).exists()
    assert main(["remove", "2024-08-19"]) == 1
    assert main(["restore", "2024-08-19"]) == 0
    assert library_file(SEED_DAY).exists()
    assert main(["remove", "yesterday"]) == 2


def test_remove_command_forgets_the_removed_files_parses() -> None:
    main(["add", str(FIXTURE_DIGESTS)])
    main(["library"])  # fills the cache
    with saved.ParseCache.open() as cache:
        before = len(cache)
    main(["remove", "2024-08-19"])
    with saved.ParseCache.open() as cache:
        assert len(cache) == before - 1


def test_export_starred_and_unread_select_by_state(capsys: pytest.CaptureFixture[str]) -> None:
    main(["add", str(SEED)])
    capsys.readouterr()
    main(["export"])
    every = [record["id"] for record in json.loads(capsys.readouterr().out)]
    with ReadingState.open() as state:
        state.set_starred(every[0])
        state.set_read(every[0])
        state.set_read(every[1])
    main(["export", "--starred"])
    assert [record["id"] for record in json.loads(capsys.readouterr().out)] == [every[0]]
    main(["export", "--unread", str(SEED)])
    assert [record["id"] for record in json.loads(capsys.readouterr().out)] == every[2:]
    main(["export", "--unread", "--starred"])
    assert json.loads(capsys.readouterr().out) == []


# -- review fixes: races, bad entries, errors that must show --------------------------


def test_concurrent_adds_of_the_same_bytes_keep_one_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_fsync = os.fsync

    def slow_fsync(descriptor: int) -> None:
        time.sleep(0.05)  # every adder has checked the folder before anyone has written
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    data = SEED.read_bytes()
    library = paths.library_dir()
    outcomes: list[saved.AddOutcome] = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(saved.add_bytes(data, SEED.name, library)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome.status for outcome in outcomes) == [
        "added",
        "skipped",
        "skipped",
        "skipped",
    ]
    assert list(library_file(SEED_DAY).parent.iterdir()) == [library_file(SEED_DAY)]


def test_restore_reports_each_file_past_a_bad_trash_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["add", str(SEED)])
    main(["remove", "2024-08-19"])
    folder = paths.trash_dir() / "2024" / "08"
    (folder / "2024-08-19-3.md").mkdir()
    capsys.readouterr()
    assert main(["restore", "2024-08-19"]) == 1
    out, err = capsys.readouterr()
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert out.startswith("restored\t2024-08-19\t")
    assert err.strip() == (
        f"paper-tui: 2024-08-19: {folder / '2024-08-19-3.md'}: not a regular file"
    )


def test_remove_never_replaces_a_dangling_symlink_in_the_trash() -> None:
    add_to_library([str(SEED)])
    folder = paths.trash_dir() / "2024" / "08"
    folder.mkdir(parents=True)
    dangling = folder / "2024-08-19.md"
    dangling.symlink_to(folder / "nowhere")
    assert main(["remove", "2024-08-19"]) == 0
    assert dangling.is_symlink()
    moved = [path for path in folder.iterdir() if not path.is_symlink()]
    assert [path.read_bytes() for path in moved] == [SEED.read_bytes()]


def test_an_undated_file_is_removed_and_restored_by_its_library_path(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("Daily Papers (2024-08-19)", "Some papers")
    undated = tmp_path / "reading list.md"
    undated.write_text(text, encoding="utf-8")
    add_to_library([str(undated)], force=True)
    kept = paths.library_dir() / "undated" / "reading_list.md"
    assert main(["remove", "undated/reading_list.md"]) == 0
    assert not kept.exists()
    assert [path.name for path in paths.trash_dir().rglob("*.md")] == ["reading_list.md"]
    assert main(["restore", "undated/reading_list.md"]) == 0
    assert kept.read_text(encoding="utf-8") == text


def test_remove_refuses_a_path_outside_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    add_to_library([str(SEED)])
    outside = paths.data_dir() / "2024-08-19.md"
    outside.write_bytes(SEED.read_bytes())
    assert main(["remove", "../2024-08-19.md", str(outside)]) == 1
    assert capsys.readouterr().err.count("not in the library") == 2
    assert outside.exists() and library_file(SEED_DAY).exists()


def test_library_reports_a_file_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    add_to_library([str(SEED)])
    binary = paths.library_dir() / "2024" / "09" / "2024-09-01.md"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"\x89PNG\x00\x00")
    capsys.readouterr()
    assert main(["library"]) == 1
    out, err = capsys.readouterr()
    assert err.strip().startswith(f"paper-tui: {binary}: binary file")
    assert out.splitlines()[-1].startswith("2 days")


def test_adding_a_folder_skips_symlinks_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "2024-08-19.md").symlink_to(SEED)
    report = add_to_library([str(folder)])
    assert report.added == []
    assert not library_file(SEED_DAY).exists()
    assert add_to_library([str(folder / "2024-08-19.md")]).added  # named explicitly: fine


def test_remove_by_path_takes_only_digest_files(capsys: pytest.CaptureFixture[str]) -> None:
    add_to_library([str(SEED)])
    assert main(["remove", "2024/08/", "./.lock"]) == 1
    said = capsys.readouterr().err
    assert said.count("not in the library") == 1  # .lock
    assert f"{paths.library_dir() / '2024' / '08'}: a folder, not a regular file" in said
    assert library_file(SEED_DAY).exists() and (paths.library_dir() / ".lock").exists()


def test_remove_of_a_month_and_the_trash_listing(capsys, tmp_path: Path) -> None:
    from paper_tui.cli import main

    for day in ("2024-08-19", "2024-08-20", "2024-09-01"):
        text = SEED.read_text().replace("2024-08-19", day)
        (tmp_path / f"{day}.md").write_text(text)
    assert main(["add", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["remove", "2024-08"]) == 0
    out = capsys.readouterr().out
    assert out.count("removed\t2024-08") == 2
    assert main(["trash"]) == 0
    out = capsys.readouterr().out
    assert "2024-08-19.md" in out and "2024-08-20.md" in out and "2024-09-01" not in out
    assert "2 files" in out.splitlines()[-1]
    assert main(["remove", "2024-07"]) == 1
    assert "no digest of that month" in capsys.readouterr().err
    assert main(["restore", "2024-08"]) == 0
    assert main(["trash"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 files")


# -- a symlinked folder inside the library is never written through --------------------


def test_add_refuses_to_write_through_a_symlinked_month_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (paths.library_dir() / "2024").mkdir(parents=True)
    (paths.library_dir() / "2024" / "08").symlink_to(outside, target_is_directory=True)
    report = add_to_library([str(SEED)])
    assert [outcome.reason for outcome in report.refused] == [
        f"cannot write to the library: 2024/08 is a symlink (to {outside}); "
        "links in the library are never followed"
    ]
    assert list(outside.iterdir()) == []


def test_add_refuses_to_write_through_a_symlinked_year_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "08").mkdir(parents=True)
    paths.library_dir().mkdir(parents=True)
    (paths.library_dir() / "2024").symlink_to(outside, target_is_directory=True)
    report = add_to_library([str(SEED)])
    assert report.refused[0].reason.startswith("cannot write to the library: 2024 is a symlink")
    assert list(outside.rglob("*")) == [outside / "08"]


def test_a_symlinked_day_folder_is_one_line_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (paths.library_dir() / "2024").mkdir(parents=True)
    (paths.library_dir() / "2024" / "08").symlink_to(outside, target_is_directory=True)
    assert main(["add", str(SEED)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"paper-tui: {SEED}: cannot write to the library: 2024/08 is a symlink (to {outside}); "
        "links in the library are never followed"
    ]


def test_a_library_that_is_itself_a_symlink_is_written_to(tmp_path: Path) -> None:
    real = tmp_path / "other-disk" / "library"
    real.mkdir(parents=True)
    linked = tmp_path / "linked-library"
    linked.symlink_to(real, target_is_directory=True)
    report = add_to_library([str(SEED)], library=linked)
    assert (
        report.added and (real / "2024" / "08" / "2024-08-19.md").read_bytes() == SEED.read_bytes()
    )


def test_a_sync_through_a_symlinked_day_folder_is_a_failure(tmp_path: Path) -> None:
    from paper_tui.library import sync_sources
    from paper_tui.store import Source

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / SEED.name).write_bytes(SEED.read_bytes())
    outside = tmp_path / "outside"
    outside.mkdir()
    (paths.library_dir() / "2024").mkdir(parents=True)
    (paths.library_dir() / "2024" / "08").symlink_to(outside, target_is_directory=True)
    report = sync_sources([Source("checkout", str(checkout))])
    assert [item.reason for item in report.failed] == [
        f"cannot write to the library: 2024/08 is a symlink (to {outside}); "
        "links in the library are never followed"
    ]
    assert list(outside.iterdir()) == []
