"""Fixes from the search review: hyphenated one-letter words, transposed letters,
backwards ranges, curly quotes, span mapping, hints."""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest

from paper_tui.model import Paper, Section
from paper_tui.search import segment as segment_module
from paper_tui.search.engine import SearchIndex
from paper_tui.search.postings import Postings, build_postings
from paper_tui.search.query import Range, Term, parse
from paper_tui.search.segment import Segment

BUILD_NAME = "build_postings"


def make(arxiv_id: str, title: str, summary: str = "", votes: int = 10) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        votes=votes,
        authors=("Ada Lovelace",),
        sections=(Section("Summary", summary),) if summary else (),
        date=date(2024, 8, 19),
    )


HYPHENATED = (
    make("2408.00001", "Medical Imaging at Scale", "x-ray imaging and k-means clustering", 5),
    make("2408.00002", "Ray Tracing for Rendering", "a ray tracer with imaging of x and means", 90),
    make("2408.00003", "Clustering Without Labels", "k-means is a baseline here", 20),
)


@pytest.fixture(scope="module")
def hyphenated() -> SearchIndex:
    return SearchIndex.build(HYPHENATED)


def found(index: SearchIndex, query: str) -> list[str]:
    return [index.papers[hit.index].arxiv_id for hit in index.search(query).hits]


# -- 1. words with a one-letter piece --------------------------------------------


def test_hyphenated_one_letter_word_is_found_in_sections(hyphenated: SearchIndex) -> None:
    assert found(hyphenated, "x-ray") == ["2408.00001"]


def test_hyphenated_word_with_another_word_ranks_its_paper_first(hyphenated: SearchIndex) -> None:
    assert found(hyphenated, "x-ray imaging") == ["2408.00001"]


def test_k_means_finds_both_papers_saying_it(hyphenated: SearchIndex) -> None:
    assert found(hyphenated, "k-means") == ["2408.00003", "2408.00001"]


def test_hyphenated_word_is_highlighted_in_the_section(hyphenated: SearchIndex) -> None:
    hit = hyphenated.search("x-ray").hits[0]
    text = HYPHENATED[0].sections[0].text
    assert [text[start:end] for start, end in hit.section_spans[0]] == ["x-ray"]


def test_one_letter_word_in_a_section_scope_does_not_drop_everything(
    hyphenated: SearchIndex,
) -> None:
    result = hyphenated.search("sec:summary x imaging")
    assert sorted(hyphenated.papers[hit.index].arxiv_id for hit in result.hits) == [
        "2408.00001",
        "2408.00002",
    ]
    assert any("one-letter" in hint for hint in result.hints)


def test_one_letter_word_alone_still_narrows_to_titles(hyphenated: SearchIndex) -> None:
    assert found(hyphenated, "x") == []


# -- 2. swapped letters are one typo ---------------------------------------------


TYPOS = (
    make("2408.00011", "Video Understanding with Long Context", votes=3),
    make("2408.00012", "Audio Tagging", "no pictures here", votes=50),
    make("2408.00013", "Sparse Transformers", votes=7),
)


@pytest.mark.parametrize("query", ["vidoe", "vdieo", "ivdeo"])
def test_swapped_letters_in_a_short_word_are_one_typo(query: str) -> None:
    assert found(SearchIndex.build(TYPOS), query) == ["2408.00011"]


def test_swapped_letters_are_highlighted() -> None:
    hit = SearchIndex.build(TYPOS).search("vidoe").hits[0]
    assert hit.title_spans == ((0, 5),)


def test_two_swaps_in_a_long_word_are_forgiven() -> None:
    assert found(SearchIndex.build(TYPOS), "tarnsfromers") == ["2408.00013"]


# -- 4. backwards ranges, 5. curly quotes, 10. section hints, 12. colons ------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("votes:10..5", 5, 10),
        ("date:2024-08-31..2024-08-01", 20240801, 20240831),
        ("date:2024-08..2024-06", 20240601, 20240831),
    ],
)
def test_backwards_range_is_swapped_with_a_hint(text: str, low: int, high: int) -> None:
    query = parse(text)
    assert [(f.low, f.high) for f in query.filters if isinstance(f, Range)] == [(low, high)]
    assert len(query.hints) == 1 and "backwards" in query.hints[0]


def test_backwards_votes_range_finds_the_papers_in_it() -> None:
    index = SearchIndex.build(TYPOS)
    assert found(index, "votes:8..2") == ["2408.00011", "2408.00013"]


@pytest.mark.parametrize("quoted", ["“sparse attention”", "„sparse attention“", "＂sparse attention＂"])
def test_curly_quotes_make_a_phrase(quoted: str) -> None:
    assert parse(quoted).terms == [Term("sparse attention", phrase=True)]


def test_section_hint_quotes_what_was_typed() -> None:
    result = SearchIndex.build(HYPHENATED).search('sec:"whats nwe" video')
    assert result.hints == ("no section named like \"whats nwe\"",)


def test_colon_after_a_title_word_is_silently_words() -> None:
    query = parse("mamba: video")
    assert query.terms == [Term("mamba"), Term("video")] and query.hints == []


@pytest.mark.parametrize("text", ["auther:kim", "titel:robot", "vots:>5", "dat:2024"])
def test_a_misspelt_filter_gets_a_hint_naming_the_filter(text: str) -> None:
    query = parse(text)
    assert len(query.hints) == 1 and "unknown filter" in query.hints[0]
    assert "did you mean" in query.hints[0]


# -- 7. spans map back through folding -------------------------------------------


@pytest.mark.parametrize(
    ("title", "query", "marked"),
    [
        ("Die Straße der Modelle", "strasse", "Straße"),
        ("ﬁne tuning at scale", "fine", "ﬁne"),
        ("eﬃcient transformers", "efficient", "eﬃcient"),
        ("oﬃce hours", "offi", "oﬃ"),
        ("ㄱㅏ나 모델", "가", "ㄱㅏ"),
        ("\uffa1\uffc2모델", "가모델", "\uffa1\uffc2모델"),
    ],
)
def test_spans_cover_the_original_characters(title: str, query: str, marked: str) -> None:
    index = SearchIndex.build([make("2408.00021", title)])
    hits = index.search(query).hits
    assert len(hits) == 1
    assert [title[start:end] for start, end in hits[0].title_spans] == [marked]


# -- 8. the garbage collector during builds --------------------------------------


def test_overlapping_builds_keep_the_collector_paused_until_the_last_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]
    numbers = iter(range(2))

    def waiting_build(papers: list[Paper]) -> Postings:
        number = next(numbers)
        started[number].set()
        release[number].wait(5)
        return build_postings(papers)

    monkeypatch.setattr(segment_module, BUILD_NAME, waiting_build)
    assert gc.isenabled()
    first = threading.Thread(target=Segment, args=([],))
    second = threading.Thread(target=Segment, args=([],))
    try:
        first.start()
        assert started[0].wait(5)
        second.start()
        assert started[1].wait(5)
        release[0].set()
        first.join(5)
        assert not gc.isenabled()  # the second build still runs
    finally:
        release[0].set()
        release[1].set()
        first.join(5)
        second.join(5)
    assert gc.isenabled()


# -- 11. many section names ---------------------------------------------------------


def test_each_of_hundreds_of_section_names_keeps_its_own_scope() -> None:
    papers = [
        Paper(
            arxiv_id=f"2408.{number:05d}",
            title=f"Paper {number}",
            url="https://arxiv.org/abs/x",
            votes=number,
            authors=(),
            sections=(Section(f"Heading {number:03d}", "kernel fusion"),),
            date=date(2024, 8, 19),
        )
        for number in range(300)
    ]
    index = SearchIndex.build(papers)
    for number in (0, 251, 252, 299):
        assert found(index, f'sec:"heading {number:03d}" kernel') == [f"2408.{number:05d}"]
    restored = SearchIndex.from_bytes(index.to_bytes(), papers)
    assert found(restored, 'sec:"heading 299" kernel') == ["2408.00299"]


# -- extend while a search runs -------------------------------------------------------


def test_extend_between_blocks_being_evaluated_leaves_the_search_consistent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import paper_tui.search.engine as search_module

    monkeypatch.setattr(SearchIndex, "MIN_SEGMENT", 1)
    index = SearchIndex()
    for low in range(0, 3):
        index.extend([make(f"2408.{low:05d}", f"Video model {low}", votes=low)])
    expected = [hit.index for hit in index.search("video").hits]
    evaluate = search_module._evaluate
    calls = []

    def evaluate_then_extend(segment: Segment, *rest: object) -> object:
        calls.append(segment)
        if len(calls) == 2:  # another thread adds papers mid-search
            index.extend([make("2408.00099", "Video model late", votes=1000)])
        return evaluate(segment, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(search_module, "_evaluate", evaluate_then_extend)
    result = index.search("video")
    assert [hit.index for hit in result.hits] == expected
    assert len(calls) == 3
    monkeypatch.setattr(search_module, "_evaluate", evaluate)
    assert index.search("video").hits[0].index == 3


def test_a_one_letter_word_scoped_to_titles_stays_required() -> None:
    index = SearchIndex.build(
        [make("2408.00031", "Ray X Tracing"), make("2408.00032", "Ray Tracing", votes=99)]
    )
    assert found(index, "t:x ray") == ["2408.00031"]
