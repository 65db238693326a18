"""Similar papers, offline (issue 13): tf-idf over titles and summaries, from the index."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.model import Paper, Section
from paper_tui.search import similar as similar_module
from paper_tui.search.engine import SearchIndex
from paper_tui.search.query import fold_all, token_lists
from paper_tui.search.similar import (
    POSTINGS_BUDGET,
    QUERY_TERMS,
    TITLE_WEIGHT,
    Similarity,
    model_of,
    similar,
    term_of,
)
from tests.conftest import DIGESTS, shared


def paper(arxiv_id: str, title: str, *texts: str, authors: tuple[str, ...] = ("A B",)) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        authors=authors,
        sections=tuple(Section(f"Section {n}", text) for n, text in enumerate(texts)),
    )


CORPUS = [
    paper("2501.00001", "Sparse Attention Kernels", "희소 주의 커널을 GPU에서 빠르게 계산합니다."),
    paper("2501.00002", "Faster Sparse Attention", "희소 주의 연산을 줄이는 커널입니다."),
    paper("2501.00003", "Surgical Video Segmentation", "수술 영상을 실시간으로 분할합니다."),
    paper("2501.00004", "Real-Time Surgery Segmentation", "수술 영상 분할에서 최고 성능입니다."),
    paper("2501.00005", "Robot Policies", "로봇 정책을 강화학습으로 학습합니다.",
          authors=("Sparse Attention",)),  # authors are not compared
    paper("2501.00006", "Nothing", ""),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(CORPUS)


def ids(found: list[tuple[int, float]]) -> list[str]:
    return [CORPUS[position].arxiv_id for position, _ in found]


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("모델을", "모델"),
        ("모델의", "모델"),
        ("방법으로", "방법"),
        ("값으로", "값"),
        ("것으로", None),
        ("영상", "영상"),
        ("값이", "값이"),  # one syllable left: kept whole
        ("제안합니다", "제안"),
        ("models", "model"),
        ("policies", "policy"),
        ("analysis", "analysis"),
        ("gaussians", "gaussian"),
        ("bus", "bus"),
        ("the", None),
        ("2024", None),
        ("x", None),
        ("이", None),
        ("gpt4", "gpt4"),
    ],
)
def test_a_word_s_term(word: str, term: str | None) -> None:
    assert term_of(word) == term


def test_the_most_similar_paper_shares_title_and_summary_words(index: SearchIndex) -> None:
    assert ids(similar(index, 0, 1)) == ["2501.00002"]
    assert ids(similar(index, 2, 1)) == ["2501.00004"]
    assert ids(similar(index, 3, 1)) == ["2501.00003"]  # Korean particles aside


def test_a_paper_is_never_its_own_similar_paper(index: SearchIndex) -> None:
    for position in range(len(CORPUS)):
        assert position not in [found for found, _ in similar(index, position, 10)]


def test_scores_are_cosines_best_first(index: SearchIndex) -> None:
    found = similar(index, 0, 10)
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)


def test_authors_are_not_compared(index: SearchIndex) -> None:
    assert "2501.00005" not in ids(similar(index, 0, 10))


def test_nothing_to_compare_gives_nothing(index: SearchIndex) -> None:
    assert similar(index, 5, 10) == []
    assert similar(index, 0, 0) == []
    assert similar(index, 99, 3) == [] and similar(index, -1, 3) == []


def test_the_model_is_kept_until_the_index_grows() -> None:
    index = SearchIndex.build(CORPUS[:3])
    first = model_of(index)
    assert model_of(index) is first
    assert ids(similar(index, 2, 5)) == []
    index.extend(CORPUS[3:])
    assert model_of(index) is not first
    assert ids(similar(index, 2, 1)) == ["2501.00004"]


def test_papers_in_many_blocks_are_compared_across_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SearchIndex, "SEGMENT_PAPERS", 2)
    monkeypatch.setattr(SearchIndex, "MIN_SEGMENT", 1)
    index = SearchIndex.build(CORPUS)
    assert len(index.block_sizes) > 2
    assert ids(similar(index, 0, 1)) == ["2501.00002"]
    assert ids(similar(index, 3, 1)) == ["2501.00003"]
    plain = similar(SearchIndex.build(CORPUS), 0, 10)
    assert similar(index, 0, 10) == pytest.approx(plain)


def reference_scores(papers: list[Paper], position: int) -> dict[int, float]:
    """Cosine similarity of tf-idf vectors, computed from the papers' texts directly:
    each word once per text, its term counted (the title's twice)."""
    vectors = []
    for one in papers:
        texts = [one.title, *(section.text for section in one.sections)]
        weights = [TITLE_WEIGHT] + [1.0] * len(one.sections)
        counts: Counter[str] = Counter()
        for words, weight in zip(token_lists(fold_all(texts)), weights, strict=True):
            for word in {word.decode() for word in words}:
                term = term_of(word)
                if term is not None:
                    counts[term] += weight
        vectors.append(counts)
    df = Counter(term for counts in vectors for term in counts)
    total = len(papers)

    def weighted(counts: Counter[str]) -> dict[str, float]:
        return {
            term: count * (math.log((1 + total) / (1 + df[term])) + 1)
            for term, count in counts.items()
        }

    query = weighted(vectors[position])
    query_norm = math.sqrt(sum(value**2 for value in query.values()))
    scores = {}
    for other, counts in enumerate(vectors):
        document = weighted(counts)
        norm = math.sqrt(sum(value**2 for value in document.values()))
        shared = sum(query[term] * document.get(term, 0.0) for term in query)
        if other != position and shared > 0:
            scores[other] = shared / (norm * query_norm)
    return scores


_VOCABULARY = [
    "diffusion", "models", "video", "attention", "sparse", "robot", "policy", "language",
    "모델을", "모델", "영상을", "영상", "수술", "분할합니다", "확산", "학습", "the", "of",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=5),
            st.lists(st.lists(st.sampled_from(_VOCABULARY), max_size=8), max_size=3),
        ),
        min_size=2,
        max_size=12,
    ),
    st.data(),
)
def test_scores_are_the_cosines_of_tf_idf_vectors(drawn, data) -> None:  # type: ignore[no-untyped-def]
    papers = [
        paper(f"2501.{number:05d}", " ".join(title), *(" ".join(words) for words in sections))
        for number, (title, sections) in enumerate(drawn)
    ]
    position = data.draw(st.integers(0, len(papers) - 1))
    index = SearchIndex.build(papers)
    expected = reference_scores(papers, position)
    found = similar(index, position, len(papers))
    assert {place for place, _ in found} == set(expected)  # fewer than QUERY_TERMS terms each
    for place, score in found:
        assert score == pytest.approx(expected[place], rel=1e-6)
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)


def test_a_duplicate_is_the_most_similar_with_score_one() -> None:
    twin = paper("2501.09999", CORPUS[2].title, *(s.text for s in CORPUS[2].sections))
    index = SearchIndex.build([*CORPUS, twin])
    (best, score), *_ = similar(index, 2, 3)
    assert best == len(CORPUS) and score == pytest.approx(1.0)


def test_a_query_reads_only_its_heaviest_terms_within_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = [f"word{number}" for number in range(QUERY_TERMS + 20)]
    papers = [paper("2501.00001", "x", " ".join(words))] + [
        paper(f"2501.{number:05d}", "y", words[number % len(words)]) for number in range(2, 200)
    ]
    model = Similarity.build(SearchIndex.build(papers))
    read: list[int] = []
    real = np.concatenate

    def counting(arrays, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(sum(len(array) for array in arrays))
        return real(arrays, *args, **kwargs)

    monkeypatch.setattr(similar_module.np, "concatenate", counting)
    model.similar(papers, 0, 5)
    assert read and read[0] <= QUERY_TERMS * 10
    assert POSTINGS_BUDGET >= 100_000


@shared
def test_the_real_digests_find_papers_on_the_same_subject() -> None:
    from paper_tui.library import load

    papers = list(load([str(DIGESTS)]).papers)
    index = SearchIndex.build(papers)
    position = next(n for n, one in enumerate(papers) if one.arxiv_id == "2502.11089")
    titles = [papers[found].title for found, _ in similar(index, position, 5)]
    assert any("Attention" in title for title in titles), titles
