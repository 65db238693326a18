"""The parse cache: unchanged files come back from it, changed ones are parsed again."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.library.index_cache import cached_search_index
from paper_tui.library.loading import load
from paper_tui.model import Digest, Paper, ParseWarning, Section
from paper_tui.store import parse_cache as cache_module
from paper_tui.store.packing import decode, encode
from paper_tui.store.parse_cache import ParseCache
from tests.conftest import FIXTURE_DIGESTS, SEED


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the synthetic digests, so tests may touch and edit them."""
    target = tmp_path / "digests"
    shutil.copytree(FIXTURE_DIGESTS, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def open_cache() -> ParseCache:
    return ParseCache.open()


def test_second_load_comes_from_the_cache_and_equals_a_fresh_parse(folder: Path) -> None:
    fresh = load([str(folder)])
    with open_cache() as first:
        load([str(folder)], cache=first)
        assert first.hits == 0
    with open_cache() as second:
        cached = load([str(folder)], cache=second)
        assert second.hits == len(list(folder.iterdir()))
        assert second.misses == 0
    assert cached == fresh


def test_touching_a_file_makes_it_a_miss(folder: Path) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
    touched = folder / SEED.name
    status = touched.stat()
    os.utime(touched, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        assert cache.misses == 1
        assert cache.hits == len(list(folder.iterdir())) - 1


def age(path: Path, seconds: float = 60.0) -> None:
    """Set a file's mtime `seconds` back, as if it had been written then."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - int(seconds * 1e9)))


def test_an_edited_file_shows_its_new_content(folder: Path) -> None:
    edited = folder / SEED.name
    with open_cache() as cache:
        before = load([str(edited)], cache=cache)
    title = before.papers[0].title
    text = edited.read_text(encoding="utf-8").replace(title, "An Edited Title", 1)
    edited.write_text(text, encoding="utf-8")
    age(edited)
    with open_cache() as cache:
        after = load([str(edited)], cache=cache)
        assert cache.misses == 1
    assert after.papers[0].title == "An Edited Title"
    with open_cache() as cache:
        again = load([str(edited)], cache=cache)
        assert cache.hits == 1
    assert again == after


def test_a_same_size_edit_with_its_mtime_restored_is_a_miss(folder: Path) -> None:
    edited = folder / SEED.name
    with open_cache() as cache:
        before = load([str(edited)], cache=cache)
    title = before.papers[0].title
    status = edited.stat()
    text = edited.read_text(encoding="utf-8").replace(title, title.swapcase(), 1)
    assert len(text.encode()) == status.st_size and title.swapcase() != title
    edited.write_text(text, encoding="utf-8")
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns))  # cp -p, rsync -a, touch -r
    assert edited.stat().st_mtime_ns == status.st_mtime_ns
    with open_cache() as cache:
        after = load([str(edited)], cache=cache)
        assert cache.misses == 1
    assert after.papers[0].title == title.swapcase()


def test_a_file_replaced_by_another_of_the_same_size_and_mtime_is_a_miss(folder: Path) -> None:
    original = folder / SEED.name
    with open_cache() as cache:
        before = load([str(original)], cache=cache)
    title = before.papers[0].title
    status = original.stat()
    text = original.read_text(encoding="utf-8").replace(title, title.swapcase(), 1)
    replacement = folder / "replacement.tmp"
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(replacement, original)  # a new inode under the old name
    with open_cache() as cache:
        assert load([str(original)], cache=cache).papers[0].title == title.swapcase()


def test_a_file_written_just_before_it_was_cached_is_not_trusted(folder: Path) -> None:
    # Written within the same clock tick as the parse, a later edit could keep
    # size and times: the racy-git rule re-reads such files until they settle.
    fresh = folder / SEED.name
    fresh.write_bytes(fresh.read_bytes())
    with open_cache() as cache:
        load([str(fresh)], cache=cache)
    with open_cache() as cache:
        load([str(fresh)], cache=cache)
        assert cache.misses == 1
    age(fresh)
    with open_cache() as cache:
        load([str(fresh)], cache=cache)
    with open_cache() as cache:
        load([str(fresh)], cache=cache)
        assert cache.hits == 1


def test_another_spelling_of_the_path_keeps_its_own_source_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_cache() as cache:
        load([str(folder / SEED.name)], cache=cache)
    monkeypatch.chdir(folder)
    with open_cache() as cache:
        result = load([SEED.name], cache=cache)
        assert cache.hits == 1
    assert {paper.source for paper in result.papers} == {SEED.name}
    assert result == load([SEED.name])


def test_a_new_parser_version_is_a_miss(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
    monkeypatch.setattr(cache_module, "PARSER_VERSION", cache_module.PARSER_VERSION + 1)
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        assert cache.hits == 0


def test_a_corrupt_cache_is_rebuilt_with_a_warning(folder: Path) -> None:
    with open_cache() as cache:
        expected = load([str(folder)], cache=cache)
        path = cache.path
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_cache() as cache:
        assert cache.enabled
        assert any("rebuilt" in warning for warning in cache.warnings)
        assert load([str(folder)], cache=cache) == expected
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        assert cache.misses == 0
        assert cache.warnings == []


def test_a_cache_of_another_format_is_rebuilt_with_a_warning(folder: Path) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        path = cache.path
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version=99")
    with open_cache() as cache:
        assert any("format 99" in warning for warning in cache.warnings)
        load([str(folder)], cache=cache)
        assert cache.hits == 0


def test_a_damaged_entry_is_dropped_and_parsed_again(folder: Path) -> None:
    with open_cache() as cache:
        expected = load([str(folder)], cache=cache)
        path = cache.path
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET meta = x'00ff00ff'")
    with open_cache() as cache:
        assert load([str(folder)], cache=cache) == expected
        assert cache.hits == 0
        assert any("damaged" in warning for warning in cache.warnings)


def test_unreadable_files_are_not_cached(tmp_path: Path) -> None:
    binary = tmp_path / "2024-01-01.md"
    binary.write_bytes(b"\x00\x01binary")
    with open_cache() as cache:
        result = load([str(binary)], cache=cache)
        assert result.errors
        assert len(cache) == 0


def test_prune_forgets_files_that_are_gone(folder: Path) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        stored = len(cache)
        (folder / SEED.name).unlink()
        assert cache.prune() == 1
        assert len(cache) == stored - 1


def test_progress_reaches_the_total_on_a_warm_load(folder: Path) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
    calls: list[tuple[int, int]] = []
    with open_cache() as cache:
        load([str(folder)], cache=cache, progress=lambda done, total: calls.append((done, total)))
    total = len(list(folder.iterdir()))
    assert calls[-1] == (total, total)


def test_an_unwritable_cache_folder_disables_the_cache_without_failing(
    tmp_path: Path, folder: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    cache = ParseCache.open(blocker / "cache.sqlite3")
    assert not cache.enabled
    assert cache.warnings
    assert load([str(folder)], cache=cache) == load([str(folder)])


# -- the encoding, as a property -----------------------------------------------------

_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_days = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))
_papers = st.builds(
    Paper,
    arxiv_id=_text,
    title=_text,
    url=_text,
    votes=st.none() | st.integers(-(2**40), 2**40),
    authors=st.lists(_text, max_size=4).map(tuple),
    authors_truncated=st.booleans(),
    thumbnail=st.none() | _text,
    comments=st.none() | _text,
    sections=st.lists(st.builds(Section, _text, _text), max_size=4).map(tuple),
    date=_days,
    source=st.just("source.md"),
    line=st.integers(0, 10**6),
)
_digests = st.builds(
    Digest,
    date=_days,
    source=st.just("source.md"),
    papers=st.lists(_papers, max_size=4).map(tuple),
    warnings=st.lists(
        st.builds(ParseWarning, st.just("source.md"), st.integers(0, 10**6), _text), max_size=3
    ).map(tuple),
    title=_text,
)


@given(st.lists(_digests, max_size=3))
def test_encoding_round_trips_any_digests(digests: list[Digest]) -> None:
    encoded = encode(digests)
    assert encoded is not None
    assert decode(encoded.meta, encoded.text, "source.md") == tuple(digests)


def test_text_holding_the_separator_is_not_cached() -> None:
    paper = Paper("2401.00001", "t", "u", sections=(Section("a", "x\x00y"),))
    assert encode([Digest(None, "s", (paper,))]) is None


# -- the search index, cached beside the parses ---------------------------------------


def test_the_search_index_comes_back_from_the_cache_for_unchanged_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paper_tui.search.segment import Segment

    with open_cache() as cache:
        result = load([str(folder)], cache=cache)
        built = cached_search_index(cache, result.papers)
    expected = [hit.index for hit in built.search("diffusion").hits]
    assert expected

    def no_building(self: Segment, papers: object) -> None:
        raise AssertionError("a block of the index was built again")

    monkeypatch.setattr(Segment, "__init__", no_building)
    with open_cache() as cache:
        result = load([str(folder)], cache=cache)
        reread = cached_search_index(cache, result.papers)
    assert [hit.index for hit in reread.search("diffusion").hits] == expected
    assert len(reread) == len(result.papers)


def test_a_touched_file_changes_the_fingerprint(folder: Path) -> None:
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        before = cache.last_fingerprint
    touched = folder / SEED.name
    status = touched.stat()
    os.utime(touched, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    with open_cache() as cache:
        load([str(folder)], cache=cache)
        assert cache.last_fingerprint not in (None, before)


def test_a_load_with_stdin_has_no_fingerprint(folder: Path) -> None:
    import io

    with open_cache() as cache:
        load([str(folder), "-"], cache=cache, stdin=io.BytesIO(SEED.read_bytes()))
        assert cache.last_fingerprint is None


def test_parses_from_worker_processes_match_and_fill_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paper_tui.library import loading as library

    serial = load([str(folder)], workers=1)
    monkeypatch.setattr(library, "PARALLEL_MIN_BYTES", 0)
    assert load([str(folder)], workers=2) == serial
    with open_cache() as cache:
        assert load([str(folder)], workers=2, cache=cache) == serial
        assert cache.misses == len(list(folder.iterdir()))
    with open_cache() as cache:
        assert load([str(folder)], cache=cache) == serial
        assert cache.misses == 0


def test_a_damaged_cached_search_index_is_rebuilt_with_a_warning(folder: Path) -> None:
    with open_cache() as cache:
        result = load([str(folder)], cache=cache)
        expected = [
            hit.index for hit in cached_search_index(cache, result.papers).search("model").hits
        ]
        path = cache.path
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE blobs SET data = x'00'")
    with open_cache() as cache:
        result = load([str(folder)], cache=cache)
        index = cached_search_index(cache, result.papers)
        assert any("search index" in warning for warning in cache.warnings)
    assert [hit.index for hit in index.search("model").hits] == expected
    assert expected


def test_a_digest_s_format_and_category_come_back_from_the_cache() -> None:
    from paper_tui.model import Digest, Paper
    from paper_tui.store.packing import decode, encode

    paper = Paper("2401.00001", "T", "https://arxiv.org/abs/2401.00001")
    digest = Digest(None, "x.md", (paper,), (), "New uploads", "arxiv-listing", "cs.CL")
    packed = encode([digest])
    assert packed is not None
    (back,) = decode(packed.meta, packed.text, "x.md")
    assert (back.format, back.category, back.title) == ("arxiv-listing", "cs.CL", "New uploads")
