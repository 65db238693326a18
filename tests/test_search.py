"""Ranking: for each kind of query, the papers that should come first do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from paper_tui.model import Paper, Section
from paper_tui.search.engine import SearchIndex, SearchResult


def paper(
    arxiv_id: str,
    title: str,
    *,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    votes: int | None = 10,
    day: date | None = date(2024, 8, 19),
    new: str = "",
    details: str = "",
    results: str = "",
) -> Paper:
    sections = tuple(
        Section(name, text)
        for name, text in (
            ("What's New", new),
            ("Technical Details", details),
            ("Performance Highlights", results),
        )
        if text
    )
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        votes=votes,
        authors=authors,
        sections=sections,
        date=day,
    )


CORPUS = (
    paper(
        "2408.00001",
        "Diffusion Transformers for Video Generation",
        authors=("Min-seo Kim", "Wei Zhang"),
        votes=40,
        new="비디오를 생성하는 확산 모델을 제안합니다.",
        details="대규모 언어 모델과 결합한 트랜스포머 구조입니다.",
    ),
    paper(
        "2408.00002",
        "Sparse Attention at Scale",
        authors=("Yuki Tanaka",),
        votes=70,
        new="긴 문맥에서 sparse attention 연산을 줄입니다.",
        details="커널은 diffusion 과정과 무관합니다.",
    ),
    paper(
        "2408.00003",
        "Surgical Video Segmentation in Real Time",
        authors=("Anna Müller", "Min-seo Kim"),
        votes=12,
        new="수술 영상을 실시간으로 분할합니다.",
        results="수술 도구 분할에서 최고 성능을 보였습니다.",
    ),
    paper(
        "2407.00004",
        "A Survey of Language Model Agents",
        authors=("Omar Singh",),
        votes=5,
        day=date(2024, 7, 2),
        new="언어 모델 에이전트 연구를 정리한 서베이입니다.",
        details="Transformer 기반 planning 방법을 비교합니다.",
    ),
    paper(
        "2409.00005",
        "Reinforcement Learning for Robot Policies",
        authors=("Lukas Weber", "Ｆｕｌｌ Ｗｉｄｔｈ"),
        votes=None,
        day=date(2024, 9, 30),
        details="정책 경사 방법으로 로봇을 학습합니다. 대규모 언어 모델은 쓰지 않습니다.",
    ),
    paper(
        "2408.00006",
        "Efficient Transformer Inference",
        authors=("Sara Chen",),
        votes=40,
        new="트랜스포머 추론을 빠르게 합니다.",
    ),
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(CORPUS)


def ids(result: SearchResult) -> list[str]:
    return [CORPUS[hit.index].arxiv_id for hit in result.hits]


@dataclass
class State:
    starred: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)

    def is_starred(self, arxiv_id: str) -> bool:
        return arxiv_id in self.starred

    def is_read(self, arxiv_id: str) -> bool:
        return arxiv_id in self.read


# -- the empty query -----------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_lists_every_paper_in_order_without_spans(
    index: SearchIndex, query: str
) -> None:
    result = index.search(query)
    assert [hit.index for hit in result.hits] == list(range(len(CORPUS)))
    assert not result.is_filtered
    assert all(hit.title_spans == () and hit.author_spans == () for hit in result.hits)


def test_empty_query_respects_the_limit(index: SearchIndex) -> None:
    assert [hit.index for hit in index.search("", limit=2).hits] == [0, 1]


# -- words ---------------------------------------------------------------------


def test_title_match_outranks_section_match(index: SearchIndex) -> None:
    # 00002 has far more votes, but "diffusion" is only in its section text.
    assert ids(index.search("diffusion")) == ["2408.00001", "2408.00002"]


def test_typo_is_forgiven(index: SearchIndex) -> None:
    assert ids(index.search("difusion"))[0] == "2408.00001"
    assert "2408.00006" in ids(index.search("transfromer"))


def test_votes_break_ties(index: SearchIndex) -> None:
    # Both have "video" in the title; 00001 has 40 votes, 00003 has 12.
    assert ids(index.search("video")) == ["2408.00001", "2408.00003"]


def test_exact_word_outranks_prefix(index: SearchIndex) -> None:
    # "Transformer" (00006) is exact, "Transformers" (00001) a prefix match; same votes.
    assert ids(index.search("transformer"))[:2] == ["2408.00006", "2408.00001"]


def test_equal_score_and_votes_keep_original_order() -> None:
    twins = [paper(f"2401.0000{n}", "Robot Learning", votes=7) for n in range(3)]
    result = SearchIndex.build(twins).search("robot")
    assert [hit.index for hit in result.hits] == [0, 1, 2]


def test_all_words_must_match_in_any_order(index: SearchIndex) -> None:
    assert ids(index.search("video diffusion")) == ["2408.00001"]
    assert ids(index.search("diffusion video")) == ["2408.00001"]
    # A paper with every word comes alone: those with fewer are left out.
    assert ids(index.search("video diffusion transformers")) == ["2408.00001"]


def test_prefix_matches_while_typing(index: SearchIndex) -> None:
    assert ids(index.search("segm")) == ["2408.00003"]


def test_words_match_the_arxiv_id(index: SearchIndex) -> None:
    assert ids(index.search("2407.00004")) == ["2407.00004"]


def test_numbers_are_not_typo_matched(index: SearchIndex) -> None:
    assert ids(index.search("00009")) == []


def test_case_and_width_are_ignored(index: SearchIndex) -> None:
    assert ids(index.search("SPARSE ATTENTION")) == ids(index.search("sparse attention"))
    assert ids(index.search("ｓｐａｒｓｅ")) == ids(index.search("sparse"))
    assert ids(index.search("full width")) == ["2409.00005"]


def test_words_side_by_side_in_the_title_outrank_words_apart() -> None:
    apart = paper("2401.00001", "Segmentation Models See Video Anew", votes=90)
    together = paper("2401.00002", "A Video Segmentation Benchmark", votes=1)
    result = SearchIndex.build([apart, together]).search("video segmentation")
    assert [hit.index for hit in result.hits] == [1, 0]


def test_words_side_by_side_only_count_in_the_order_typed() -> None:
    reversed_ = paper("2401.00001", "Segmentation Video Benchmark", votes=90)
    together = paper("2401.00002", "A Video Segmentation Benchmark", votes=1)
    result = SearchIndex.build([reversed_, together]).search("video segmentation")
    assert [hit.index for hit in result.hits] == [1, 0]
    assert result.hits[0].score > result.hits[1].score


def test_words_in_two_fields_are_never_side_by_side() -> None:
    import paper_tui.search.engine as search_module

    filler = " ".join(f"w{number}" for number in range(63))
    ends_title = paper("2401.00001", f"{filler} alpha", authors=("Robot Smith",))
    index = SearchIndex.build([ends_title])
    (hit,) = index.search("alpha robot").hits
    bonus, search_module.ADJACENCY_BONUS = search_module.ADJACENCY_BONUS, 0.0
    try:
        (plain,) = SearchIndex.build([ends_title]).search("alpha robot").hits
    finally:
        search_module.ADJACENCY_BONUS = bonus
    assert hit.score == plain.score


def test_chosung_words_side_by_side_outrank_scattered_ones() -> None:
    scattered = paper(
        "2401.00001", "Scattered", votes=90, new="모델 학습은 대규모 데이터와 언어 처리를 씁니다."
    )
    together = paper("2401.00002", "Together", votes=1, new="대규모 언어 모델을 씁니다.")
    index = SearchIndex.build([scattered, together])
    for query in ("ㄷㄱㅁ ㅇㅇ ㅁㄷ", "대규모 언어 모델"):
        assert [hit.index for hit in index.search(query).hits] == [1, 0], query


# -- phrases and exclusions ---------------------------------------------------


def test_quoted_phrase_matches_literally(index: SearchIndex) -> None:
    assert ids(index.search('"sparse attention"')) == ["2408.00002"]
    assert ids(index.search('"attention sparse"')) == []


def test_korean_phrase(index: SearchIndex) -> None:
    assert set(ids(index.search('"대규모 언어 모델"'))) == {"2408.00001", "2409.00005"}


def test_minus_excludes(index: SearchIndex) -> None:
    assert ids(index.search("diffusion -sparse")) == ["2408.00001"]
    assert "2408.00001" not in ids(index.search("-diffusion"))
    assert len(ids(index.search("-diffusion"))) == len(CORPUS) - 2


def test_excluded_phrase(index: SearchIndex) -> None:
    assert "2408.00002" not in ids(index.search('-"sparse attention"'))


# -- Korean ---------------------------------------------------------------------


def test_korean_syllables_match_inside_words(index: SearchIndex) -> None:
    assert ids(index.search("비디오")) == ["2408.00001"]  # in "비디오를"
    assert ids(index.search("수술")) == ["2408.00003"]


def test_decomposed_hangul_query_matches_composed_text(index: SearchIndex) -> None:
    import unicodedata

    assert ids(index.search(unicodedata.normalize("NFD", "비디오"))) == ["2408.00001"]


def test_chosung_query(index: SearchIndex) -> None:
    assert ids(index.search("ㅅㅅ"))[0] == "2408.00003"  # 수술


def test_chosung_words_all_must_match(index: SearchIndex) -> None:
    assert set(ids(index.search("ㄷㄱㅁ ㅇㅇ ㅁㄷ"))) == {"2408.00001", "2409.00005"}


def test_chosung_mixed_with_syllables(index: SearchIndex) -> None:
    assert set(ids(index.search("ㄷ규모"))) == {"2408.00001", "2409.00005"}
    assert ids(index.search("ㄷ구모")) == []


def test_chosung_and_english_mix(index: SearchIndex) -> None:
    assert ids(index.search("ㅅㅅ surgical")) == ["2408.00003"]
    assert ids(index.search("ㅅㅅ video"))[0] == "2408.00003"  # 수술; 00001 has 생성하는


def test_korean_and_english_mix(index: SearchIndex) -> None:
    assert ids(index.search("트랜스포머 video")) == ["2408.00001"]


# -- filters ----------------------------------------------------------------------


def test_author_filter(index: SearchIndex) -> None:
    assert ids(index.search("author:kim")) == ["2408.00001", "2408.00003"]
    assert ids(index.search("a:kim video")) == ["2408.00001", "2408.00003"]
    assert ids(index.search('a:"anna müller"')) == ["2408.00003"]


def test_author_filter_does_not_look_at_titles(index: SearchIndex) -> None:
    assert ids(index.search("a:video")) == []


def test_title_filter(index: SearchIndex) -> None:
    assert ids(index.search("title:diffusion")) == ["2408.00001"]
    assert ids(index.search("t:survey")) == ["2407.00004"]


def test_id_filter_is_a_prefix(index: SearchIndex) -> None:
    assert ids(index.search("id:2408")) == ["2408.00001", "2408.00002", "2408.00003", "2408.00006"]
    assert ids(index.search("id:2407.00004")) == ["2407.00004"]
    assert "2407.00004" not in ids(index.search("-id:2407"))


def test_section_filter_searches_only_that_section(index: SearchIndex) -> None:
    # "diffusion" is in 00002's Technical Details, not in its What's New.
    assert ids(index.search("sec:technical diffusion")) == ["2408.00002"]
    assert ids(index.search('sec:"what\'s new" diffusion')) == []
    assert ids(index.search("sec:new 비디오")) == ["2408.00001"]


def test_section_filter_alone_keeps_papers_with_that_section(index: SearchIndex) -> None:
    assert ids(index.search("sec:performance")) == ["2408.00003"]


def test_unknown_section_gives_a_hint(index: SearchIndex) -> None:
    result = index.search("sec:conclusion video")
    assert result.hints and "conclusion" in result.hints[0]
    assert ids(result) == []


def test_date_prefix_filter(index: SearchIndex) -> None:
    assert ids(index.search("date:2024-07")) == ["2407.00004"]
    assert ids(index.search("date:2024-09-30")) == ["2409.00005"]
    assert len(ids(index.search("date:2024"))) == len(CORPUS)


def test_date_range_filter(index: SearchIndex) -> None:
    assert ids(index.search("date:2024-07-01..2024-07-31")) == ["2407.00004"]
    assert ids(index.search("date:2024-09..")) == ["2409.00005"]
    assert ids(index.search("date:..2024-07")) == ["2407.00004"]
    assert ids(index.search("date:>2024-08")) == ["2409.00005"]


def test_votes_filters(index: SearchIndex) -> None:
    assert ids(index.search("votes:>50")) == ["2408.00002"]
    assert ids(index.search("votes:10..40")) == ["2408.00001", "2408.00003", "2408.00006"]
    assert ids(index.search("votes:<10")) == ["2407.00004"]  # no votes is not "under 10"
    assert ids(index.search("votes:40")) == ["2408.00001", "2408.00006"]


def test_filters_alone_keep_the_original_order(index: SearchIndex) -> None:
    assert ids(index.search("votes:>=12")) == ["2408.00001", "2408.00002", "2408.00003", "2408.00006"]


def test_filters_combine_with_words(index: SearchIndex) -> None:
    assert ids(index.search("video votes:<20")) == ["2408.00003"]
    assert ids(index.search("date:2024-08 transformer -video")) == ["2408.00006"]


def test_state_filters(index: SearchIndex) -> None:
    state = State(starred={"2408.00002", "2408.00003"}, read={"2408.00003"})
    assert ids(index.search("is:starred", state=state)) == ["2408.00002", "2408.00003"]
    assert ids(index.search("is:starred is:unread", state=state)) == ["2408.00002"]
    assert ids(index.search("-is:starred video", state=state)) == ["2408.00001"]
    assert "2408.00003" not in ids(index.search("is:unread", state=state))


@dataclass
class SnapshotState(State):
    """Like the app's ReadingState: also offers whole-set snapshots."""

    def starred_ids(self) -> frozenset[str]:
        return frozenset(self.starred)

    def read_ids(self) -> frozenset[str]:
        return frozenset(self.read)


def test_state_snapshots_give_the_same_answers(index: SearchIndex) -> None:
    plain = State(starred={"2408.00002", "2408.00003"}, read={"2408.00003"})
    snapshot = SnapshotState(starred=plain.starred, read=plain.read)
    for query in ("is:starred", "is:unread video", "-is:read", "is:unstarred is:read"):
        assert ids(index.search(query, state=snapshot)) == ids(index.search(query, state=plain))


def test_state_filter_without_state_gives_a_hint(index: SearchIndex) -> None:
    result = index.search("is:starred")
    assert any("state" in hint for hint in result.hints)
    assert len(result.hits) == len(CORPUS)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("votes:many", "votes:many"),
        ("date:2024-13", "date:2024-13"),
        ("date:someday", "date:someday"),
        ("is:lovely", "is:lovely"),
        ("auther:red video", "author:"),
    ],
)
def test_malformed_filters_give_hints_not_errors(index: SearchIndex, query: str, word: str) -> None:
    result = index.search(query)
    assert any(word in hint for hint in result.hints)
    assert result.is_filtered


def test_unknown_filter_is_searched_as_words(index: SearchIndex) -> None:
    assert ids(index.search("colour:video")) == ids(index.search("colour video"))


# -- spans ------------------------------------------------------------------------


def test_title_spans_point_into_the_original_title(index: SearchIndex) -> None:
    hit = index.search("difusion video").hits[0]
    title = CORPUS[hit.index].title
    assert [title[start:end] for start, end in hit.title_spans] == ["Diffusion", "Video"]


def test_section_spans_cover_korean_prefix_match(index: SearchIndex) -> None:
    hit = index.search("비디오").hits[0]
    paper_ = CORPUS[hit.index]
    found = [
        paper_.sections[number].text[start:end]
        for number, spans in enumerate(hit.section_spans)
        for start, end in spans
    ]
    assert found == ["비디오"]
    assert len(hit.section_spans) == len(paper_.sections)


def test_chosung_spans(index: SearchIndex) -> None:
    hit = index.search("ㅅㅅ").hits[0]
    text = CORPUS[hit.index].sections[0].text
    assert text[slice(*hit.section_spans[0][0])] == "수술"


def test_author_spans_point_into_joined_authors(index: SearchIndex) -> None:
    hit = index.search("a:kim").hits[0]
    joined = ", ".join(CORPUS[hit.index].authors)
    assert [joined[start:end] for start, end in hit.author_spans] == ["Kim"]


def test_spans_map_back_through_full_width_text(index: SearchIndex) -> None:
    hit = index.search("width").hits[0]
    joined = ", ".join(CORPUS[hit.index].authors)
    assert [joined[start:end] for start, end in hit.author_spans] == ["Ｗｉｄｔｈ"]


def test_section_filter_limits_section_spans(index: SearchIndex) -> None:
    hit = index.search("sec:technical diffusion").hits[0]
    assert hit.title_spans == ()
    names = [section.name for section in CORPUS[hit.index].sections]
    for name, spans in zip(names, hit.section_spans, strict=True):
        assert bool(spans) == (name == "Technical Details")


def test_phrase_spans(index: SearchIndex) -> None:
    hit = index.search('"sparse attention"').hits[0]
    title = CORPUS[hit.index].title
    assert [title[start:end] for start, end in hit.title_spans] == ["Sparse Attention"]


# -- the result and the index -----------------------------------------------------


def test_limit_keeps_the_best(index: SearchIndex) -> None:
    full = ids(index.search("모델"))
    assert ids(index.search("모델", limit=2)) == full[:2]
    assert ids(index.search("모델", limit=0)) == []


def test_indices_match_hits(index: SearchIndex) -> None:
    result = index.search("transformer")
    assert result.indices == [hit.index for hit in result.hits]
    assert result.hits[-1] == list(result.hits)[-1]


def test_extend_indexes_more_papers(index: SearchIndex) -> None:
    grown = SearchIndex.build(CORPUS[:3])
    grown.extend(CORPUS[3:])
    assert len(grown) == len(CORPUS)
    for query in ("transformer", "ㅅㅅ", '"대규모 언어 모델"', "a:kim", "votes:>10"):
        assert ids(grown.search(query)) == ids(index.search(query))


def test_extend_across_large_blocks_keeps_positions() -> None:
    many = [paper(f"2401.{number:05d}", f"Filler paper {number}") for number in range(5000)]
    grown = SearchIndex.build(many)
    grown.extend(CORPUS)
    assert len(grown._segments) == 2  # the first block was big enough to keep
    hits = grown.search("diffusion").hits
    assert [hit.index for hit in hits] == [5000, 5001]
    assert hits[0].title_spans == ((0, 9),)


def test_index_round_trips_through_bytes(index: SearchIndex) -> None:
    again = SearchIndex.from_bytes(index.to_bytes(), CORPUS)
    for query in ("difusion", "ㅅㅅ", "sec:technical diffusion", '"sparse attention"'):
        assert ids(again.search(query)) == ids(index.search(query))


def test_from_bytes_refuses_other_papers(index: SearchIndex) -> None:
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(index.to_bytes(), CORPUS[:2])
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(b"not an index", CORPUS)


def test_empty_index_searches_quietly() -> None:
    empty = SearchIndex.build([])
    assert list(empty.search("anything").hits) == []
    assert list(empty.search("").hits) == []


def test_remembered_words_do_not_change_results() -> None:
    queries = ["vid", "video", "video dif", "video diffusion", '"sparse attention" x', "ㅅㅅ", "-video"]
    warm = SearchIndex.build(CORPUS)
    first = [ids(warm.search(query)) for query in queries]
    again = [ids(warm.search(query)) for query in reversed(queries)][::-1]
    cold = []
    for query in queries:
        warm.clear_cache()
        cold.append(ids(warm.search(query)))
    assert first == again == cold


def test_mixed_chosung_finds_overlapping_places() -> None:
    papers = [paper("2401.00001", "x", new="사수술 기록")]
    assert ids_of(SearchIndex.build(papers).search("ㅅ술"), papers) == ["2401.00001"]


def ids_of(result: SearchResult, papers: list[Paper]) -> list[str]:
    return [papers[hit.index].arxiv_id for hit in result.hits]


def test_quoted_word_is_literal_inside_words(index: SearchIndex) -> None:
    assert ids(index.search('"ransform"')) == ["2408.00001", "2408.00006", "2407.00004"]
    assert ids(index.search('"difusion"')) == []  # no typo forgiven inside quotes
