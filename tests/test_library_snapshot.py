"""A load of many files read back whole from the cache's snapshot (issue 14):
the same papers, errors and outlines as reading every file, and never a stale one."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from paper_tui.library import snapshots
from paper_tui.library.loading import load
from paper_tui.model import LoadResult
from paper_tui.store.compression import compress
from paper_tui.store.parse_cache import ParseCache
from tests.conftest import fixture_digest_files

SETTLED = (1_700_000_000, 1_700_000_000)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every synthetic digest and one broken file, copied, settled (mtimes set back)."""
    folder = tmp_path / "digests"
    folder.mkdir()
    for path in fixture_digest_files():
        shutil.copyfile(path, folder / path.name)
    (folder / "2024-01-01.md").write_bytes(b"\x00\x01\x02\x03" * 64)
    for path in folder.iterdir():
        os.utime(path, SETTLED)
    assert len(list(folder.iterdir())) >= snapshots.SNAPSHOT_MIN_FILES
    return folder


def cache_at(tmp_path: Path) -> ParseCache:
    return ParseCache.open(tmp_path / "cache" / "parse-cache.sqlite3")


def snapshot_rows(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "cache" / "parse-cache.sqlite3") as connection:
        return [
            row[0]
            for row in connection.execute("SELECT name FROM blobs ORDER BY rowid")
            if row[0].startswith(snapshots.SNAPSHOT_PREFIX)
        ]


def outlined(tmp_path: Path, *paths: Path) -> tuple[LoadResult, ParseCache]:
    with cache_at(tmp_path) as cache:
        return load([str(path) for path in paths], cache=cache, keep_entries=False), cache


def no_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any file is read back from its own row."""

    def refuse(*_: object) -> None:
        raise AssertionError("the files were read one by one")

    monkeypatch.setattr(ParseCache, "lookup", refuse)


def same_load(result: LoadResult, full: LoadResult) -> None:
    assert result.papers == full.papers
    assert result.errors == full.errors
    assert [
        (d.date, d.source, d.title, d.format, d.category, d.warnings) for d in result.digests
    ] == [(d.date, d.source, d.title, d.format, d.category, d.warnings) for d in full.digests]
    assert result.outlined and all(not digest.papers for digest in result.digests)


def test_a_second_load_comes_from_the_snapshot_and_equals_reading_every_file(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = load([str(folder)])
    assert full.errors and full.papers
    first, _ = outlined(tmp_path, folder)
    same_load(first, full)
    assert len(snapshot_rows(tmp_path)) == 1
    no_lookup(monkeypatch)
    second, cache = outlined(tmp_path, folder)
    same_load(second, full)
    assert (cache.hits, cache.misses, cache.warnings) == (len(list(folder.iterdir())), 0, [])
    assert cache.last_fingerprint is not None and len(cache.last_keys) == cache.hits


def test_an_edited_file_is_read_again_and_the_snapshot_replaced(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, _ = outlined(tmp_path, folder)
    edited = sorted(folder.glob("2024-08-19.md"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(
        text.replace("](https://arxiv.org/abs/", "](https://arxiv.org/abs/9", 1), encoding="utf-8"
    )
    os.utime(edited, (SETTLED[0] + 5, SETTLED[1] + 5))
    result, cache = outlined(tmp_path, folder)
    same_load(result, load([str(folder)]))
    assert cache.misses == 2  # the edited file, and the broken one (never cached)
    assert result.papers != before.papers
    assert len(snapshot_rows(tmp_path)) == 1  # the same paths: replaced, not added
    no_lookup(monkeypatch)
    same_load(outlined(tmp_path, folder)[0], load([str(folder)]))


def test_files_written_just_now_are_not_snapshotted(tmp_path: Path, folder: Path) -> None:
    os.utime(next(folder.iterdir()))  # now: it may change again within the clock tick
    outlined(tmp_path, folder)
    assert snapshot_rows(tmp_path) == []


def test_a_few_files_are_not_snapshotted(tmp_path: Path, folder: Path) -> None:
    few = sorted(folder.iterdir())[: snapshots.SNAPSHOT_MIN_FILES - 1]
    result, _ = outlined(tmp_path, *few)
    assert result.papers
    assert snapshot_rows(tmp_path) == []


def test_a_damaged_snapshot_is_one_warning_and_the_files_are_read(
    tmp_path: Path, folder: Path
) -> None:
    outlined(tmp_path, folder)
    with sqlite3.connect(tmp_path / "cache" / "parse-cache.sqlite3") as connection:
        (data,) = connection.execute(
            "SELECT data FROM blobs WHERE name LIKE 'library-snapshot:%'"
        ).fetchone()
        from paper_tui.store.compression import decompress

        raw = bytearray(decompress(data))
        raw[len(raw) // 2] ^= 1
        connection.execute(
            "UPDATE blobs SET data = ? WHERE name LIKE 'library-snapshot:%'",
            (compress(bytes(raw)),),
        )
    result, cache = outlined(tmp_path, folder)
    same_load(result, load([str(folder)]))
    assert cache.warnings == [snapshots.UNUSABLE]
    assert outlined(tmp_path, folder)[1].warnings == []  # stored afresh


def test_a_pack_gone_since_is_a_miss_not_another_text(tmp_path: Path, folder: Path) -> None:
    outlined(tmp_path, folder)
    with sqlite3.connect(tmp_path / "cache" / "parse-cache.sqlite3") as connection:
        connection.execute("DELETE FROM packs WHERE pack = (SELECT min(pack) FROM packs)")
    result, _ = outlined(tmp_path, folder)
    same_load(result, load([str(folder)]))


def test_only_the_most_recent_snapshots_are_kept(tmp_path: Path, folder: Path) -> None:
    files = sorted(folder.iterdir())
    sets = [files[:count] for count in range(len(files) - snapshots.SNAPSHOTS_KEPT, len(files) + 1)]
    assert len(sets) == snapshots.SNAPSHOTS_KEPT + 1
    names = []
    for chosen in sets:
        outlined(tmp_path, *chosen)
        names.append(snapshots.snapshot_name([str(path) for path in chosen]))
    assert snapshot_rows(tmp_path) == names[1:]


def test_stdin_and_a_full_load_never_use_a_snapshot(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outlined(tmp_path, folder)
    with cache_at(tmp_path) as cache:
        full = load([str(folder)], cache=cache)
    assert (
        not full.outlined
        and sum(len(digest.papers) for digest in full.digests) > len(full.papers) - 1
    )
    monkeypatch.setattr(snapshots, "decode_snapshot", lambda *_: pytest.fail("snapshot read"))
    import io

    with cache_at(tmp_path) as cache:
        piped = load([str(folder), "-"], stdin=io.BytesIO(b""), cache=cache, keep_entries=False)
    assert not piped.outlined


async def test_the_app_opens_an_unchanged_folder_from_its_snapshot(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pilot import WIDE, make_app, started, until

    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.loaded and len(screen.paper_list.rows) > 0)
        first = tuple(screen.papers)
    no_lookup(monkeypatch)  # the second start reads no file's row
    async with make_app(folder).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.loaded and len(screen.paper_list.rows) == len(first))
        assert tuple(screen.papers) == first
        await pilot.press("down")
        assert screen.paper_list.cursor == 1


def test_a_folder_spelled_otherwise_gets_sources_named_as_it_is_spelled_now(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same folder, relative then absolute: the second load's papers name their
    files as the second load found them (a snapshot of the first spelling would
    hand back the first's names), and its search index is then read back whole."""
    from paper_tui.library import cached_search_index
    from paper_tui.search import SearchIndex

    monkeypatch.chdir(folder.parent)
    relative, _ = outlined(tmp_path, Path(folder.name))
    assert relative.papers and not any(os.path.isabs(paper.source) for paper in relative.papers)
    monkeypatch.chdir(tmp_path.parent)  # elsewhere: the relative names mean nothing here
    absolute, cache = outlined(tmp_path, folder.resolve())
    same_load(absolute, load([str(folder.resolve())]))
    assert all(paper.source in cache.last_keys for paper in absolute.papers)

    built: list[bool] = []
    extend_block = SearchIndex.extend_block

    def counting(index: SearchIndex, block: object, stored: bytes | None) -> bytes | None:
        made = extend_block(index, block, stored)  # type: ignore[arg-type]
        built.append(made is not None)
        return made

    monkeypatch.setattr(SearchIndex, "extend_block", counting)
    for _ in range(2):
        with cache_at(tmp_path) as cache:
            again = load([str(folder.resolve())], cache=cache, keep_entries=False)
            cached_search_index(cache, again.papers)
    assert built and len(built) % 2 == 0
    first, second = built[: len(built) // 2], built[len(built) // 2 :]
    assert all(first) and not any(second)  # built and stored once, then read back
