"""Fixes from the search review: hyphenated one-letter words, transposed letters,
backwards ranges, curly quotes, span mapping, hints."""

from __future__ import annotations

from datetime import date

import pytest

from paper_tui.model import Paper, Section
from paper_tui.search import SearchIndex


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
