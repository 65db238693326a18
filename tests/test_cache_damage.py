"""A damaged parse cache never shows wrong text, never crashes, and is rebuilt (issue 15).

Every row carries a checksum; a row that fails it is parsed again. Any other error
reading the cache means it is corrupt: it is moved aside and rebuilt, in one line.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from paper_tui.library.loading import load
from paper_tui.model import LoadResult
from paper_tui.store import packing
from paper_tui.store.parse_cache import ParseCache
from tests.conftest import fixture_digest_files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every synthetic digest, copied (their mtimes set back past the racy window)."""
    folder = tmp_path / "digests"
    folder.mkdir()
    for path in fixture_digest_files():
        copy = folder / path.name
        shutil.copyfile(path, copy)
        os.utime(copy, (1_700_000_000, 1_700_000_000))
    return folder


def open_cache(tmp_path: Path) -> ParseCache:
    return ParseCache.open(tmp_path / "cache" / "parse-cache.sqlite3")


def filled_cache(tmp_path: Path, folder: Path) -> tuple[Path, LoadResult]:
    """A cache holding every file's parse, closed (no -wal left); its path and the parse."""
    with open_cache(tmp_path) as cache:
        expected = load([str(folder)], cache=cache)
        path = cache.path
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 0
    assert not Path(f"{path}-wal").exists()
    return path, expected


def assert_one_line_each(warnings: list[str]) -> None:
    assert all(warning and "\n" not in warning for warning in warnings)


# -- 4. a checksum per row ------------------------------------------------------------


def test_a_flipped_bit_in_a_cached_section_is_caught_and_parsed_again(
    tmp_path: Path, folder: Path
) -> None:
    path, expected = filled_cache(tmp_path, folder)
    with sqlite3.connect(path) as connection:
        row_path, text = connection.execute(
            "SELECT path, text FROM entries WHERE length(text) > 100 LIMIT 1"
        ).fetchone()
        flipped = bytearray(text)
        flipped[40] ^= 0x01  # one UTF-16 unit changes: still valid text, just wrong
        connection.execute("UPDATE entries SET text = ? WHERE path = ?", (bytes(flipped), row_path))
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 1
        assert len(cache.warnings) == 1 and "damaged" in cache.warnings[0]
    with open_cache(tmp_path) as cache:  # replaced by the fresh parse
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 0 and cache.warnings == []


# -- 6, 9. errors reading the cache: moved aside and rebuilt --------------------------


def test_text_that_is_not_utf8_in_the_cache_rebuilds_it_once(tmp_path: Path, folder: Path) -> None:
    path, expected = filled_cache(tmp_path, folder)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET meta = CAST(x'ff41ff41' AS TEXT)")
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert len(cache.warnings) == 1 and "corrupt" in cache.warnings[0]
    assert Path(f"{path}.corrupt").exists()
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 0 and cache.warnings == []


def test_a_value_of_the_wrong_type_in_the_cache_rebuilds_it(tmp_path: Path, folder: Path) -> None:
    path, expected = filled_cache(tmp_path, folder)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET mtime_ns = 'damaged'")
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert_one_line_each(cache.warnings)
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 0 and cache.warnings == []


def test_a_cache_of_the_right_version_and_the_wrong_columns_is_rebuilt(
    tmp_path: Path, folder: Path
) -> None:
    path, expected = filled_cache(tmp_path, folder)
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE entries RENAME COLUMN text TO body")
    with open_cache(tmp_path) as cache:
        assert cache.warnings == ["parse cache has the wrong columns for its format; rebuilt"]
        assert load([str(folder)], cache=cache) == expected
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.misses == 0 and cache.warnings == []


def test_a_file_name_that_is_not_utf8_is_loaded_not_cached(tmp_path: Path, folder: Path) -> None:
    odd = os.fsdecode(os.fsencode(str(folder)) + b"/bad\xff-2024-08-19.md")
    shutil.copyfile(folder / "2024-08-19.md", odd)
    with open_cache(tmp_path) as cache:
        fresh = load([str(folder)], cache=cache)
        assert not fresh.errors and cache.warnings == []
    with open_cache(tmp_path) as cache:
        assert load([str(folder)], cache=cache) == fresh
        assert cache.misses == 1


# -- 7. sizes bounded before decoding --------------------------------------------------


def test_a_damaged_count_never_allocates_more_than_a_few_megabytes(
    tmp_path: Path, folder: Path
) -> None:
    _, result = filled_cache(tmp_path, folder)
    largest = max({digest.source for digest in result.digests}, key=lambda source: sum(
        len(digest.papers) for digest in result.digests if digest.source == source
    ))
    packed = packing.encode([digest for digest in result.digests if digest.source == largest])
    assert packed is not None
    meta, text = packed.meta, packed.text  # as a row holds them, once decompressed
    rng = random.Random(15)
    tracemalloc.start()
    try:
        for position in [*range(min(len(meta), 160)), *rng.sample(range(len(meta)), 200)]:
            for value in (0x00, 0x7F, 0xFF):
                damaged = bytearray(meta)
                damaged[position] = value
                row = bytes(damaged)
                tracemalloc.reset_peak()
                before = tracemalloc.get_traced_memory()[0]
                with contextlib.suppress(ValueError):
                    packing.decode(row, text, "x.md")
                grown = tracemalloc.get_traced_memory()[1] - before
                # The row is a few KB; a count taken on trust would ask for gigabytes.
                assert grown < 64 * 2**20, (position, value, grown)
    finally:
        tracemalloc.stop()


def test_a_huge_count_is_refused_before_anything_is_built() -> None:
    from paper_tui.model import Digest, Paper

    paper = Paper("2401.00001", "T", "https://arxiv.org/abs/2401.00001")
    packed = packing.encode([Digest(None, "x.md", (paper,))])
    assert packed is not None
    header = packing._HEADER.size
    for field in range(4):  # texts, strings, digests, section names
        damaged = bytearray(packed.meta)
        damaged[header + 8 * field : header + 8 * field + 8] = (2**62).to_bytes(8, "little")
        with pytest.raises(ValueError):
            packing.decode(bytes(damaged), packed.text, "x.md")


# -- random damage, bounded --------------------------------------------------------------


def test_random_damage_to_the_cache_file_never_shows_wrong_text_or_raises(
    tmp_path: Path, folder: Path
) -> None:
    path, expected = filled_cache(tmp_path, folder)
    clean = path.read_bytes()
    rng = random.Random(20250219)
    for trial in range(50):
        damaged = bytearray(clean)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] ^= rng.randrange(1, 256)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        path.write_bytes(bytes(damaged))
        with open_cache(tmp_path) as cache:
            result = load([str(folder)], cache=cache)
            warnings = list(cache.warnings)
        assert result == expected, f"trial {trial}: wrong result"
        assert_one_line_each(warnings)
        assert len(warnings) <= 2, f"trial {trial}: {warnings}"


def test_the_cli_says_one_line_and_works_on_a_damaged_cache(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paper_tui.cli.entry import main
    from paper_tui.store import paths
    from tests.conftest import SEED

    assert main(["add", str(SEED)]) == 0
    capsys.readouterr()
    assert main(["library"]) == 0
    listing = capsys.readouterr().out
    with sqlite3.connect(paths.cache_file()) as connection:
        connection.execute("UPDATE entries SET mtime_ns = 'damaged'")
    for _ in range(2):  # the first run rebuilds it, the second finds it sound
        assert main(["library"]) == 0
        captured = capsys.readouterr()
        assert captured.out == listing
        assert "internal error" not in captured.err and len(captured.err.splitlines()) <= 1
    assert captured.err == ""
