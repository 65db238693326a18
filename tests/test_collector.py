"""The counted pause of the garbage collector (`paper_tui.collector`), and what
`long_lived` pauses rest on: what they freeze (a library, its index) holds no
reference cycles, so refcounting alone frees it when the next load replaces it."""

from __future__ import annotations

import gc
import os
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.collector import collector_paused
from paper_tui.library import cached_search_index, load
from paper_tui.store import ParseCache
from tests.conftest import fixture_digest_files


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever a test freezes is handed back to the collector after it."""
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def test_a_long_lived_pause_freezes_what_is_alive_and_a_plain_one_does_not(
    collector_restored: None,
) -> None:
    gc.unfreeze()
    with collector_paused():
        kept = [[number] for number in range(1000)]
    assert gc.get_freeze_count() == 0
    with collector_paused(long_lived=True):
        kept += [[number] for number in range(1000)]
        assert not gc.isenabled()
    assert gc.get_freeze_count() >= 2000
    assert gc.isenabled()


def test_nested_pauses_enable_the_collector_once_the_outer_ends(
    collector_restored: None,
) -> None:
    with collector_paused():
        with collector_paused(long_lived=True):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_papers_from_a_snapshot_and_their_index_are_freed_without_the_collector(
    tmp_path: Path, collector_restored: None
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    for path in fixture_digest_files():
        shutil.copyfile(path, folder / path.name)
        os.utime(folder / path.name, (1_700_000_000, 1_700_000_000))  # settled
    with ParseCache.open(tmp_path / "cache.sqlite3") as cache:  # makes the snapshot, blocks
        cached_search_index(cache, load([str(folder)], cache=cache, keep_entries=False).papers)
    with ParseCache.open(tmp_path / "cache.sqlite3") as cache:
        result = load([str(folder)], cache=cache, keep_entries=False)
        assert cache.misses == 0 and cache.hits == len(list(folder.iterdir()))
        index = cached_search_index(cache, result.papers)
    assert result.outlined and len(result.papers) > 20
    assert index.search("model").hits
    assert gc.get_freeze_count() > len(result.papers)  # the load froze its papers
    gc.unfreeze()  # back in sight, or the collector could not tell a cycle among them
    gc.disable()  # from here only refcounting frees anything
    gc.collect()  # whatever else the load left unreachable
    watched = [weakref.ref(index), *(weakref.ref(block) for _, block in index.blocks)]
    del index, result
    assert [ref for ref in watched if ref() is not None] == []
    assert gc.collect() == 0  # no paper, appearance or section was left in a cycle
