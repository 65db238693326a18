"""The index in blocks: extending equals building, and cached blocks follow their files."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.library import index_cache as cache_module
from paper_tui.library.index_cache import SEARCH_BLOCK_PREFIX, cached_search_index
from paper_tui.library.loading import load
from paper_tui.model import Paper
from paper_tui.search.engine import SearchIndex
from paper_tui.search.segment import Segment
from paper_tui.store.parse_cache import ParseCache
from tests.conftest import DIGEST_FOLDERS, FIXTURE_DIGESTS
from tests.test_search import CORPUS

QUERIES = (
    "diffusion",
    "difusion",
    "video segmentation",
    "ㅅㅅ",
    "ㄷㄱㅁ ㅇㅇ ㅁㄷ",
    '"대규모 언어 모델"',
    "a:kim",
    "t:video -survey",
    "sec:technical 모델",
    "votes:>10 model",
    "id:2408",
)


def outcome(index: SearchIndex, query: str) -> list[tuple[int, float, object]]:
    """Everything a search shows: positions, scores and spans, in order."""
    return [
        (hit.index, round(hit.score, 4), (hit.title_spans, hit.section_spans, hit.author_spans))
        for hit in index.search(query).hits
    ]


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(CORPUS)), query=st.sampled_from(QUERIES))
def test_an_index_extended_by_more_papers_equals_one_built_at_once(cut: int, query: str) -> None:
    whole = SearchIndex.build(CORPUS)
    grown = SearchIndex.build(CORPUS[:cut])
    grown.extend(CORPUS[cut:])
    assert outcome(grown, query) == outcome(whole, query)


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_blocks_of_any_sizes_search_like_one_index(data: st.DataObject) -> None:
    papers = list(CORPUS) * 3
    cuts = sorted(data.draw(st.lists(st.integers(0, len(papers)), max_size=4)))
    blocks = SearchIndex()
    for low, high in zip([0, *cuts], [*cuts, len(papers)], strict=True):
        blocks.extend_block(papers[low:high])
    whole = SearchIndex.build(papers)
    for query in QUERIES:
        assert outcome(blocks, query) == outcome(whole, query), query


@pytest.mark.parametrize("folder", DIGEST_FOLDERS)
def test_digests_extended_day_by_day_equal_one_build(folder: Path) -> None:
    papers_of_folder = list(load([str(folder)]).papers)
    whole = SearchIndex.build(papers_of_folder)
    grown = SearchIndex()
    days: dict[object, list[Paper]] = {}
    for paper in papers_of_folder:
        days.setdefault(paper.source, []).append(paper)
    for papers in days.values():
        grown.extend(papers)
    for query in (*QUERIES, "agent", "ㅇㅇ ㅁㄷ", "강화학습"):
        assert outcome(grown, query) == outcome(whole, query), query


def test_a_big_extend_is_cut_into_bounded_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SearchIndex, "SEGMENT_PAPERS", 5)
    monkeypatch.setattr(SearchIndex, "MIN_SEGMENT", 1)
    index = SearchIndex.build(list(CORPUS) * 3)
    assert max(index.block_sizes) <= 5
    assert sum(index.block_sizes) == len(CORPUS) * 3
    assert outcome(index, "diffusion") == outcome(SearchIndex.build(list(CORPUS) * 3), "diffusion")


def test_a_stored_block_is_read_back_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = SearchIndex().extend_block(CORPUS)
    assert stored is not None
    built = 0
    original = Segment.__init__

    def counting(self: Segment, papers: object) -> None:
        nonlocal built
        built += 1
        original(self, papers)  # type: ignore[arg-type]

    monkeypatch.setattr(Segment, "__init__", counting)
    index = SearchIndex()
    assert index.extend_block(CORPUS, stored) is None
    assert built == 0
    assert outcome(index, "ㅅㅅ") == outcome(SearchIndex.build(CORPUS), "ㅅㅅ")


@pytest.mark.parametrize("stored", [b"", b"\x00garbage", None])
def test_a_bad_or_missing_stored_block_is_built(stored: bytes | None) -> None:
    index = SearchIndex()
    assert index.extend_block(CORPUS, stored) is not None
    assert outcome(index, "diffusion") == outcome(SearchIndex.build(CORPUS), "diffusion")


def test_a_stored_block_for_other_papers_is_built() -> None:
    stored = SearchIndex().extend_block(CORPUS[:2])
    index = SearchIndex()
    assert index.extend_block(CORPUS, stored) is not None
    assert len(index.search("transformer").hits) == 3


# -- cached per file ---------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the synthetic digests, so tests may edit them."""
    target = tmp_path / "digests"
    shutil.copytree(FIXTURE_DIGESTS, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """About one block per file, so the 8 synthetic digests make several blocks."""
    monkeypatch.setattr(cache_module, "BLOCK_FILES", 1)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The size of every block built (not read back) while the test runs."""
    sizes: list[int] = []
    original = Segment.__init__

    def counting(self: Segment, papers: list[Paper]) -> None:
        sizes.append(len(papers))
        original(self, papers)

    monkeypatch.setattr(Segment, "__init__", counting)
    yield sizes


def load_index(folder: Path) -> tuple[SearchIndex, list[Paper], list[str]]:
    """(index, papers, names of the stored blocks) after loading `folder` through the cache."""
    with ParseCache.open() as cache:
        result = load([str(folder)], cache=cache)
        index = cached_search_index(cache, result.papers)
        path = cache.path
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM blobs")]
    return index, list(result.papers), names


def age(path: Path) -> None:
    """Set the file's mtime a minute back, so the cache trusts its new content."""
    import os

    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - 60_000_000_000))


@pytest.mark.usefixtures("small_blocks")
def test_a_warm_load_builds_no_block(folder: Path, builds: list[int]) -> None:
    first, papers, names = load_index(folder)
    assert len(names) == len(first.block_sizes) > 1
    builds.clear()
    again, _, names_again = load_index(folder)
    assert builds == []
    assert sorted(names_again) == sorted(names)
    for query in QUERIES:
        assert outcome(again, query) == outcome(SearchIndex.build(papers), query)


@pytest.mark.usefixtures("small_blocks")
def test_an_edited_file_rebuilds_its_block_only_and_its_old_words_are_gone(
    folder: Path, builds: list[int]
) -> None:
    load_index(folder)
    edited = sorted(folder.glob("*.md"))[3]
    text = edited.read_text(encoding="utf-8")
    assert "### [" in text
    old_word = "Zqxoldword"
    edited.write_text(text.replace("### [", f"### [{old_word} ", 1), encoding="utf-8")
    age(edited)
    assert len(load_index(folder)[0].search(old_word).hits) == 1
    edited.write_text(text.replace("### [", "### [Zqxnewword ", 1), encoding="utf-8")
    age(edited)
    builds.clear()
    index, papers, names = load_index(folder)
    assert len(builds) == 1
    assert builds[0] < len(papers)
    assert index.search(old_word).hits == []
    (hit,) = index.search("zqxnewword").hits
    assert papers[hit.index].source == str(edited)
    assert len(names) == len(index.block_sizes)  # the edited file's old block is forgotten
    for query in QUERIES:
        assert outcome(index, query) == outcome(SearchIndex.build(papers), query)


@pytest.mark.usefixtures("small_blocks")
def test_a_removed_file_leaves_no_papers_in_the_index(folder: Path) -> None:
    load_index(folder)
    removed = sorted(folder.glob("*.md"))[0]
    removed.unlink()
    index, papers, names = load_index(folder)
    assert all(paper.source != str(removed) for paper in papers)
    assert len(index) == len(papers)
    assert len(names) == len(index.block_sizes)
    for query in QUERIES:
        assert outcome(index, query) == outcome(SearchIndex.build(papers), query)


def test_blocks_hold_whole_files_and_stay_under_the_cap(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "BLOCK_FILES", 3)
    monkeypatch.setattr(cache_module, "BLOCK_PAPERS", 40)
    index, papers, names = load_index(folder)
    assert max(index.block_sizes) <= 40
    assert sum(index.block_sizes) == len(papers)
    assert all(name.startswith(SEARCH_BLOCK_PREFIX) for name in names)


def test_papers_from_stdin_are_indexed_but_not_stored(folder: Path) -> None:
    import io

    seed = sorted(folder.glob("*.md"))[0]
    with ParseCache.open() as cache:
        result = load(["-"], cache=cache, stdin=io.BytesIO(seed.read_bytes()))
        index = cached_search_index(cache, result.papers)
        path = cache.path
    assert len(index) == len(result.papers) > 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0


@pytest.mark.usefixtures("small_blocks")
def test_an_index_filled_block_by_block_is_searchable_meanwhile(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    index = SearchIndex()
    original = SearchIndex.extend_block

    def watching(self: SearchIndex, papers: list[Paper], stored: bytes | None = None) -> object:
        seen.append(len(index.search("model").hits))  # what a search finds so far
        return original(self, papers, stored)

    monkeypatch.setattr(SearchIndex, "extend_block", watching)
    with ParseCache.open() as cache:
        result = load([str(folder)], cache=cache)
        filled = cached_search_index(cache, result.papers, into=index)
    assert filled is index
    assert len(index) == len(result.papers)
    assert seen[0] == 0
    assert seen == sorted(seen) and seen[-1] > 0


@pytest.mark.usefixtures("small_blocks")
def test_the_block_of_a_file_modified_just_now_is_not_stored(folder: Path) -> None:
    fresh = sorted(folder.glob("*.md"))[2]
    fresh.write_text(fresh.read_text(encoding="utf-8"), encoding="utf-8")  # mtime: now
    index, papers, names = load_index(folder)
    assert len(names) == len(index.block_sizes) - 1
    for query in QUERIES:
        assert outcome(index, query) == outcome(SearchIndex.build(papers), query)
