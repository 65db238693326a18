"""The reading workflow in search (issue 13): is:queued, is:followed, mutes and is:muted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.search import engine as engine_module
from paper_tui.search.engine import SearchIndex, SearchResult
from paper_tui.search.query import StateFilter, has_state_filter, mute_problem, parse
from paper_tui.search.query import toggle_state_filter as toggle
from paper_tui.store.reading_state import ReadingState
from tests.test_search import CORPUS, paper


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(CORPUS)


def ids(result: SearchResult) -> list[str]:
    return [CORPUS[hit.index].arxiv_id for hit in result.hits]


@dataclass
class State:
    """The least a state offers: no snapshots, `is_queued` and `followed()` names."""

    queued: set[str] = field(default_factory=set)
    authors: tuple[str, ...] = ()

    def is_starred(self, arxiv_id: str) -> bool:
        return False

    def is_read(self, arxiv_id: str) -> bool:
        return False

    def is_queued(self, arxiv_id: str) -> bool:
        return arxiv_id in self.queued

    def followed(self) -> tuple[str, ...]:
        return self.authors


# -- the query language ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag", "negated"),
    [
        ("is:queued", "queued", False),
        ("-is:queued", "queued", True),
        ("is:unqueued", "unqueued", False),
        ("IS:QUEUED", "queued", False),
        ("is:followed", "followed", False),
        ("-is:followed", "followed", True),
        ("is:muted", "muted", False),
        ("-is:muted", "muted", True),
    ],
)
def test_the_new_states_parse_as_state_filters(text: str, flag: str, negated: bool) -> None:
    parsed = parse(text)
    assert parsed.filters == [StateFilter(flag, negated)]  # type: ignore[arg-type]
    assert parsed.hints == [] and parsed.needs_reading_state


def test_an_unknown_state_names_the_new_ones() -> None:
    (hint,) = parse("is:later").hints
    assert "is:queued" in hint and "is:followed" in hint and "is:muted" in hint


def test_the_queue_filter_toggles_like_the_others() -> None:
    assert toggle("video", "queued") == "video is:queued"
    assert toggle("video is:queued", "queued") == "video"
    assert toggle("video -is:unqueued", "queued") == "video"
    assert has_state_filter("-is:unqueued", "queued")
    assert not has_state_filter("-is:followed", "followed")
    assert has_state_filter("is:followed", "followed")


# -- is:queued and is:followed --------------------------------------------------


def test_is_queued_narrows_to_the_queue(index: SearchIndex) -> None:
    state = State(queued={"2408.00003", "2407.00004"})
    assert ids(index.search("is:queued", state=state)) == ["2408.00003", "2407.00004"]
    assert "2408.00003" not in ids(index.search("-is:queued", state=state))
    assert ids(index.search("is:unqueued", state=state)) == ids(
        index.search("-is:queued", state=state)
    )
    assert ids(index.search("video is:queued", state=state)) == ["2408.00003"]


def test_is_queued_uses_the_real_state_s_snapshot(index: SearchIndex) -> None:
    with ReadingState.open() as state:
        state.set_queued("2409.00005")
        assert ids(index.search("is:queued", state=state)) == ["2409.00005"]


def test_a_state_that_knows_no_queue_has_nothing_queued(index: SearchIndex) -> None:
    class Plain:
        def is_starred(self, arxiv_id: str) -> bool:
            return False

        def is_read(self, arxiv_id: str) -> bool:
            return False

    assert ids(index.search("is:queued", state=Plain())) == []
    assert ids(index.search("is:followed", state=Plain())) == []


def test_is_followed_finds_the_papers_of_followed_authors_by_folded_name(
    index: SearchIndex,
) -> None:
    state = State(authors=("MIN-SEO  kim",))
    assert ids(index.search("is:followed", state=state)) == ["2408.00001", "2408.00003"]
    assert ids(index.search("video is:followed", state=state))[0] == "2408.00001"
    assert "2408.00001" not in ids(index.search("-is:followed", state=state))
    full_width = State(authors=("full width",))  # the paper has it in full-width letters
    assert ids(index.search("is:followed", state=full_width)) == ["2409.00005"]


def test_is_followed_wants_the_whole_name(index: SearchIndex) -> None:
    for name in ("Kim", "Min-seo", "Min-seo Kim Jr", "Seo Kim"):
        assert ids(index.search("is:followed", state=State(authors=(name,)))) == [], name


def test_is_followed_with_the_real_state(index: SearchIndex) -> None:
    with ReadingState.open() as state:
        state.follow("yuki tanaka")
        assert ids(index.search("is:followed", state=state)) == ["2408.00002"]
        state.follow("Omar Singh")
        assert ids(index.search("is:followed", state=state)) == ["2408.00002", "2407.00004"]


def test_followed_authors_are_found_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SearchIndex, "SEGMENT_PAPERS", 2)
    monkeypatch.setattr(SearchIndex, "MIN_SEGMENT", 1)
    index = SearchIndex.build(CORPUS)
    assert len(index.block_sizes) > 1
    state = State(authors=("Min-seo Kim", "Sara Chen"))
    assert ids(index.search("is:followed", state=state)) == [
        "2408.00001",
        "2408.00003",
        "2408.00006",
    ]


# -- mutes ------------------------------------------------------------------------


def test_a_mute_hides_its_papers_and_says_how_many(index: SearchIndex) -> None:
    everything = ids(index.search("transformer"))
    result = index.search("transformer", mutes=["survey"])
    assert "2407.00004" in everything
    assert ids(result) == [one for one in everything if one != "2407.00004"]
    assert result.muted == 1
    assert index.search("transformer").muted == 0


def test_mutes_hide_papers_from_the_whole_list(index: SearchIndex) -> None:
    result = index.search("", mutes=["a:kim", "survey"])
    assert ids(result) == ["2408.00002", "2409.00005", "2408.00006"]
    assert result.muted == 3
    assert len(index.search("", mutes=["a:kim"], limit=1).hits) == 1


def test_is_muted_shows_only_the_muted_papers(index: SearchIndex) -> None:
    mutes = ["a:kim", "survey"]
    assert ids(index.search("is:muted", mutes=mutes)) == ["2408.00001", "2408.00003", "2407.00004"]
    assert ids(index.search("video is:muted", mutes=mutes))[0] in {"2408.00001", "2408.00003"}
    assert index.search("is:muted", mutes=mutes).muted == 0
    assert ids(index.search("is:muted")) == []  # nothing is muted
    assert ids(index.search("-is:muted", mutes=mutes)) == ids(index.search("", mutes=mutes))


def test_a_mute_matches_strictly(index: SearchIndex) -> None:
    # No paper has both words: a search would show those with one; a mute hides none.
    assert index.search("survey robot").hits
    assert index.search("", mutes=["survey robot"]).muted == 0
    assert index.search("", mutes=['"language model"']).muted == 1


def test_a_mute_forgives_no_typo(index: SearchIndex) -> None:
    assert ids(index.search("surgicl")) == ["2408.00003"]  # a search forgives it
    assert index.search("", mutes=["surgicl"]).muted == 0
    assert index.search("", mutes=["surgical"]).muted == 1
    assert index.search("", mutes=["surg"]).muted == 1  # a word's start, as in a search


def test_a_mute_may_use_filters_and_sections(index: SearchIndex) -> None:
    assert index.search("", mutes=["votes:<10"]).muted == 1
    assert index.search("", mutes=["date:2024-09"]).muted == 1
    assert index.search("", mutes=["id:2408"]).muted == 4
    assert index.search("", mutes=["sec:performance"]).muted == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("is:read", "a mute cannot ask about reading state or notes (is:, note:)"),
        ("video -is:starred", "a mute cannot ask about reading state or notes (is:, note:)"),
        ("note:later", "a mute cannot ask about reading state or notes (is:, note:)"),
        ("-survey", "a mute of only -words would hide nearly every paper"),
        ("", "a mute needs words or a filter to match"),
        ("sort:votes", "a mute needs words or a filter to match"),
    ],
)
def test_a_mute_that_would_ask_the_state_or_hide_everything_hides_nothing(
    index: SearchIndex, text: str, problem: str
) -> None:
    assert mute_problem(text) == problem
    assert index.search("", mutes=[text]).muted == 0


@pytest.mark.parametrize("text", ["survey", "a:kim", "sec:performance", "date:7d", '"x-ray"'])
def test_a_plain_mute_has_no_problem(text: str) -> None:
    assert mute_problem(text) is None


def test_mutes_are_evaluated_once_until_they_change(monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex.build(CORPUS)
    parsed: list[str] = []
    real = engine_module.parse

    def counting(text: str, today: date | None = None):  # type: ignore[no-untyped-def]
        parsed.append(text)
        return real(text, today=today)

    monkeypatch.setattr(engine_module, "parse", counting)
    for query in ("", "video", "transformer", "is:muted", "video"):
        index.search(query, mutes=["survey"])
    assert parsed.count("survey") == 1
    index.search("", mutes=["survey", "a:kim"])  # the mutes changed
    assert parsed.count("survey") == 2 and parsed.count("a:kim") == 1
    index.search("", mutes=["survey", "a:kim"])
    assert parsed.count("survey") == 2


def test_mutes_see_papers_added_later() -> None:
    index = SearchIndex.build(CORPUS[:3])
    assert index.search("", mutes=["survey"]).muted == 0
    index.extend(CORPUS[3:])
    assert index.search("", mutes=["survey"]).muted == 1
    assert index.muted(["survey"]) == [3]


def test_a_relative_date_mute_follows_the_day() -> None:
    index = SearchIndex.build(CORPUS)
    assert index.search("", mutes=["date:1d"], today=date(2024, 9, 30)).muted == 1
    assert index.search("", mutes=["date:1d"], today=date(2024, 10, 1)).muted == 0


_WORDS = ["video", "diffusion", "모델", "transformer", "kim", "a:kim", "-survey", "t:video",
          "date:2024-08", "votes:>10", "수술", "ㅅㅅ", "attention", "robot", "sec:technical"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=3),
    st.lists(st.sampled_from([word for word in _WORDS if not word.startswith("-")]), max_size=3),
)
def test_mutes_split_a_result_into_what_is_shown_and_what_is_muted(
    words: list[str], mutes: list[str]
) -> None:
    index = SearchIndex.build(CORPUS)
    query = " ".join(words)
    plain = index.search(query).indices
    hidden = set(index.muted(mutes))
    shown = index.search(query, mutes=mutes)
    assert shown.indices == [position for position in plain if position not in hidden]
    assert shown.muted == len(plain) - len(shown.indices)
    only = index.search(f"{query} is:muted", mutes=mutes).indices
    assert set(only) == {position for position in plain if position in hidden}


def test_many_papers_by_a_followed_author_are_all_found() -> None:
    papers = [
        paper(f"2501.{number:05d}", f"Paper {number}", authors=("Jun Kim", f"Other {number}"))
        for number in range(50)
    ] + [paper("2501.99999", "Elsewhere", authors=("Jun Kimura",))]
    index = SearchIndex.build(papers)
    found = index.search("is:followed", state=State(authors=("jun kim",))).indices
    assert found == list(range(50))
