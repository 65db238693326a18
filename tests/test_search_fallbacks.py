"""Issue 11: a search that never comes back empty for one word too many, Korean
typed the way people type it, notes, relative dates and sort: in the query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_tui.model import Paper, Section
from paper_tui.search.engine import SearchIndex, SearchResult
from paper_tui.search.query import Sort


def paper(
    arxiv_id: str,
    title: str,
    text: str = "",
    *,
    votes: int | None = 10,
    day: date | None = date(2024, 8, 19),
) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        votes=votes,
        authors=("Ada Lovelace",),
        sections=(Section("What's New", text),) if text else (),
        date=day,
    )


CORPUS = (
    paper("2408.00001", "Surgical Video Segmentation", "수술 영상을 분할합니다.", votes=12),
    paper("2408.00002", "Video Diffusion Models", "대규모 언어 모델로 비디오를 만듭니다.", votes=40),
    paper("2408.00003", "Robot Policies", "지시사항을 따르는 로봇입니다.", votes=70),
    paper("2408.00004", "Safety Evaluation", "안전한 모델의 시스템 설계입니다.", votes=5),
    paper("2408.00005", "Sparse Attention", "세션 스케줄러와 모듈을 씁니다.", votes=None),
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(CORPUS)


def ids(result: SearchResult, papers: tuple[Paper, ...] = CORPUS) -> list[str]:
    return [papers[hit.index].arxiv_id for hit in result.hits]


# -- a word with no match ----------------------------------------------------------


def test_a_word_without_a_match_no_longer_empties_the_result(index: SearchIndex) -> None:
    result = index.search("surgical sma")
    assert ids(result) == ["2408.00001"]
    assert any("no paper has both words; showing those with one" in hint for hint in result.hints)
    assert any('none has "sma"' in hint for hint in result.hints)


def test_the_papers_with_most_words_come_and_earlier_words_count_more(index: SearchIndex) -> None:
    # No paper has all three; two have two of them: "video" with "surgical"
    # (words 1 and 2) before "video" with "diffusion" (words 2 and 3).
    result = index.search("surgical video diffusion")
    assert ids(result) == ["2408.00001", "2408.00002"]
    assert "no paper has all 3 words; showing those with 2" in result.hints


def test_with_one_word_each_the_earlier_word_comes_first(index: SearchIndex) -> None:
    # "robot" (70 votes) would win on votes; "safety" was typed first.
    assert ids(index.search("safety robot")) == ["2408.00004", "2408.00003"]


def test_papers_with_every_word_come_alone_without_a_hint(index: SearchIndex) -> None:
    result = index.search("video diffusion")
    assert ids(result) == ["2408.00002"]
    assert result.hints == ()


def test_phrases_scoped_words_and_filters_stay_required(index: SearchIndex) -> None:
    assert ids(index.search('surgical "no such phrase"')) == []
    assert ids(index.search("surgical t:nothingness")) == []
    assert ids(index.search("surgical sma votes:>50")) == []
    assert ids(index.search("robot sma votes:>50")) == ["2408.00003"]
    assert ids(index.search("surgical sma -segmentation")) == []


def test_no_word_matching_anything_still_finds_nothing(index: SearchIndex) -> None:
    result = index.search("qqzx wwvy")
    assert ids(result) == [] and not any("showing" in hint for hint in result.hints)


def test_a_limit_keeps_the_best_of_the_papers_with_most_words(index: SearchIndex) -> None:
    assert ids(index.search("surgical video diffusion", limit=1)) == ["2408.00001"]


WORDS = ["surgical", "video", "diffusion", "robot", "모델", "수술", "segm", "ㅅㅅ", "safety"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.text(alphabet="qxzjv", min_size=5, max_size=8),
    st.integers(min_value=0, max_value=3),
)
def test_one_more_nonsense_word_keeps_what_the_query_found(
    words: list[str], nonsense: str, place: int
) -> None:
    index = SearchIndex.build(CORPUS)
    found = ids(index.search(" ".join(words)))
    if not found:
        return
    with_nonsense = [*words]
    with_nonsense.insert(min(place, len(words)), nonsense)
    assert set(ids(index.search(" ".join(with_nonsense)))) == set(found)


# -- Korean typed the way people type it ----------------------------------------------


def test_the_last_syllable_still_being_typed_matches_what_it_may_become(
    index: SearchIndex,
) -> None:
    assert ids(index.search("언어 모델")) == ["2408.00002"]
    assert ids(index.search("언어 모데")) == ["2408.00002"]  # 모데 -> 모델
    assert ids(index.search("언어 몯")) == ["2408.00002"]  # the ㄷ may become 델's initial
    assert ids(index.search("언어 모ㄷ")) == ["2408.00002"]  # a lone consonant, as before


def test_only_the_last_word_may_be_unfinished(index: SearchIndex) -> None:
    # "모데" is finished once something follows it: then no paper has both words.
    result = index.search("모데 언어")
    assert any('none has "모데"' in hint for hint in result.hints)


def test_an_unfinished_match_ranks_below_the_word_itself() -> None:
    papers = (paper("2408.00011", "A", "모델을 씁니다."), paper("2408.00012", "B", "모데 방식."))
    assert ids(SearchIndex.build(papers).search("모데"), papers) == ["2408.00012", "2408.00011"]


def test_an_unfinished_match_is_highlighted() -> None:
    papers = (paper("2408.00013", "모델 학습", ""),)
    hit = SearchIndex.build(papers).search("모데").hits[0]
    assert hit.title_spans == ((0, 2),)


@pytest.mark.parametrize(("keys", "hangul"), [("tntnf", "수술"), ("dkswjs", "안전")])
def test_hangul_typed_with_the_keyboard_in_english_is_found(
    index: SearchIndex, keys: str, hangul: str
) -> None:
    result = index.search(keys)
    assert ids(result) == ids(index.search(hangul)) != []
    assert f"searched {hangul} for {keys}" in result.hints


def test_a_latin_word_something_starts_with_is_not_respelled(index: SearchIndex) -> None:
    # "sparse" is in the index; it spells nothing searched in Hangul.
    result = index.search("sparse")
    assert ids(result) == ["2408.00005"] and result.hints == ()


def test_a_respelled_word_combines_with_others(index: SearchIndex) -> None:
    assert ids(index.search("tntnf video")) == ["2408.00001"]
    assert ids(index.search("djsdj ahep")) == ["2408.00002"]  # 언어 모데, still being typed


def test_keys_spelling_hangul_nobody_wrote_stay_as_they_are(index: SearchIndex) -> None:
    result = index.search("rkdghk")  # 강화: not in the corpus
    assert ids(result) == [] and result.hints == ()


def test_chosung_matches_only_at_a_word_start(index: SearchIndex) -> None:
    # 지시사항 holds ㅅㅅ inside (지[시사]항): not a match any more.
    found = ids(index.search("ㅅㅅ"))
    assert "2408.00003" not in found
    assert set(found) == {"2408.00001", "2408.00004", "2408.00005"}  # 수술, 시스템, 세션


def test_whole_word_chosung_and_title_matches_rank_first() -> None:
    papers = (
        paper("2408.00021", "A", "수술을 합니다."),  # a prefix of a word
        paper("2408.00022", "B", "수술 합니다."),  # the whole word
        paper("2408.00023", "수술실 로봇"),  # in the title
    )
    ranked = ids(SearchIndex.build(papers).search("ㅅㅅ"), papers)
    assert ranked == ["2408.00023", "2408.00022", "2408.00021"]


# -- notes ---------------------------------------------------------------------------


@dataclass
class Notes:
    notes: dict[str, str] = field(default_factory=dict)

    def is_starred(self, arxiv_id: str) -> bool:
        return False

    def is_read(self, arxiv_id: str) -> bool:
        return False

    def noted_ids(self) -> frozenset[str]:
        return frozenset(self.notes)

    def note(self, arxiv_id: str) -> str:
        return self.notes.get(arxiv_id, "")


@dataclass
class Snapshot:
    """A state offering the `notes()` snapshot instead."""

    found: dict[str, str]

    def is_starred(self, arxiv_id: str) -> bool:
        return False

    def is_read(self, arxiv_id: str) -> bool:
        return False

    def notes(self) -> dict[str, str]:
        return self.found


NOTED = Notes({"2408.00003": "reread the gripper ablation", "2408.00005": "compare with 수술 paper"})


def test_note_words_find_the_noted_papers(index: SearchIndex) -> None:
    assert ids(index.search("note:gripper", state=NOTED)) == ["2408.00003"]
    assert ids(index.search("note:griper", state=NOTED)) == ["2408.00003"]  # typos too
    assert ids(index.search('note:"gripper ablation"', state=NOTED)) == ["2408.00003"]
    assert ids(index.search("-note:gripper robot", state=NOTED)) == []


def test_free_words_search_notes_too(index: SearchIndex) -> None:
    assert ids(index.search("gripper", state=NOTED)) == ["2408.00003"]
    assert ids(index.search("robot ablation", state=NOTED)) == ["2408.00003"]
    # 수술 is in 00001's text and 00005's note: the text's title-less match and the note's.
    assert set(ids(index.search("수술", state=NOTED))) == {"2408.00001", "2408.00005"}
    assert ids(index.search("gripper")) == []  # without the state, no notes


def test_is_noted_keeps_the_papers_with_a_note(index: SearchIndex) -> None:
    assert ids(index.search("is:noted", state=NOTED)) == ["2408.00003", "2408.00005"]
    assert ids(index.search("-is:noted", state=NOTED)) == ["2408.00001", "2408.00002", "2408.00004"]
    assert ids(index.search("is:unnoted robot", state=NOTED)) == []


def test_a_notes_snapshot_serves_as_well(index: SearchIndex) -> None:
    state = Snapshot({"2408.00002": "the gripper one"})
    assert ids(index.search("note:gripper", state=state)) == ["2408.00002"]
    assert ids(index.search("is:noted", state=state)) == ["2408.00002"]


def test_note_filters_without_a_state_say_so(index: SearchIndex) -> None:
    result = index.search("note:gripper")
    assert ids(result) == [] and any("reading state" in hint for hint in result.hints)


def test_the_reading_state_offers_what_notes_need(tmp_path: object) -> None:
    from pathlib import Path

    from paper_tui.store import ReadingState

    assert isinstance(tmp_path, Path)
    with ReadingState.open(tmp_path / "state.db") as state:
        state.set_note("2408.00004", "check the safety appendix")
        index = SearchIndex.build(CORPUS)
        assert ids(index.search("note:appendix", state=state)) == ["2408.00004"]
        assert ids(index.search("is:noted", state=state)) == ["2408.00004"]


# -- dates ---------------------------------------------------------------------------

DATED = tuple(
    paper(f"2504.000{number:02d}", f"Paper {number}", day=day)
    for number, day in enumerate(
        [date(2025, 5, 1), date(2025, 4, 30), date(2025, 4, 25), date(2025, 4, 24), date(2025, 4, 1)]
    )
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:today", ["2504.00000"]),
        ("date:yesterday", ["2504.00001"]),
        ("date:7d", ["2504.00000", "2504.00001", "2504.00002"]),
        ("date:2w", ["2504.00000", "2504.00001", "2504.00002", "2504.00003"]),
        ("date:this-week", ["2504.00000", "2504.00001"]),  # Monday 28 April on
        ("date:2025-W17", ["2504.00002", "2504.00003"]),
        ("date:this-month", ["2504.00000"]),
        ("-date:this-month", ["2504.00001", "2504.00002", "2504.00003", "2504.00004"]),
    ],
)
def test_relative_dates_filter_from_an_injected_today(query: str, expected: list[str]) -> None:
    result = SearchIndex.build(DATED).search(query, today=date(2025, 5, 1))
    assert ids(result, DATED) == expected


# -- sort: ---------------------------------------------------------------------------


def test_sort_orders_the_matches_and_comes_back_on_the_result(index: SearchIndex) -> None:
    result = index.search("sort:votes")
    assert result.sort == Sort("votes")
    assert ids(result) == ["2408.00003", "2408.00002", "2408.00001", "2408.00004", "2408.00005"]
    assert ids(index.search("sort:-votes")) == [
        "2408.00004", "2408.00001", "2408.00002", "2408.00003", "2408.00005"  # no votes: last
    ]  # fmt: skip


def test_sort_by_title_and_by_relevance(index: SearchIndex) -> None:
    assert ids(index.search("video sort:title")) == ["2408.00001", "2408.00002"]
    assert ids(index.search("video sort:-title")) == ["2408.00002", "2408.00001"]
    assert ids(index.search("video sort:relevance")) == ids(index.search("video"))
    assert ids(index.search("video sort:-relevance")) == ids(index.search("video"))[::-1]


def test_sort_by_date_newest_first_papers_without_a_date_last() -> None:
    papers = (*DATED, paper("2504.00099", "Paper undated", day=None))
    result = SearchIndex.build(papers).search("paper sort:date")
    assert ids(result, papers)[-1] == "2504.00099"
    assert ids(result, papers)[:2] == ["2504.00000", "2504.00001"]
    assert ids(SearchIndex.build(papers).search("sort:-date"), papers)[:2] == [
        "2504.00004",
        "2504.00003",
    ]


def test_sort_applies_before_the_limit(index: SearchIndex) -> None:
    assert ids(index.search("sort:votes", limit=1)) == ["2408.00003"]


HANGUL_WORDS = ["수술", "지시사항", "시스템", "사수술", "모델", "스스로", "가나다", "세션을"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(HANGUL_WORDS), min_size=1, max_size=4).map(" ".join),
        min_size=1,
        max_size=5,
    ),
    st.text(alphabet="ㄱㄴㄷㅁㅅㅇㅈ", min_size=1, max_size=3),
)
def test_chosung_finds_exactly_the_papers_with_a_word_starting_so(
    texts: list[str], consonants: str
) -> None:
    import unicodedata

    from paper_tui.search.hangul import chosung_of

    papers = tuple(paper(f"2408.{n:05d}", "Title", text) for n, text in enumerate(texts))
    key = unicodedata.normalize("NFKC", consonants)
    expected = {
        number
        for number, text in enumerate(texts)
        if any(chosung_of(word).startswith(key) for word in text.split())
    }
    found = {hit.index for hit in SearchIndex.build(papers).search(consonants).hits}
    assert found == expected
