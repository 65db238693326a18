"""The query language: words, phrases, exclusions and filters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.search.query import (
    TOKEN,
    IdPrefix,
    Range,
    Sort,
    StateFilter,
    Term,
    fold,
    fold_all,
    parse,
    raw_token_lists,
    token_lists,
)


def test_words_are_folded_terms() -> None:
    assert parse("Diffusion  ＶＩＤＥＯ").terms == [Term("diffusion"), Term("video")]


def test_hyphenated_word_is_several_terms() -> None:
    assert parse("chain-of-thought").terms == [Term("chain"), Term("of"), Term("thought")]


def test_quoted_phrase() -> None:
    assert parse('"Sparse   Attention" x').terms == [
        Term("sparse attention", phrase=True),
        Term("x"),
    ]


def test_unterminated_quote_runs_to_the_end() -> None:
    assert parse('"sparse atten').terms == [Term("sparse atten", phrase=True)]


def test_quoted_single_word_is_literal() -> None:
    assert parse('"video"').terms == [Term("video", phrase=True)]


def test_minus_excludes() -> None:
    query = parse("video -survey")
    assert query.terms == [Term("video")]
    assert query.excluded == [Term("survey")]


def test_lone_minus_is_ignored() -> None:
    assert parse("video - x").terms == [Term("video"), Term("x")]


@pytest.mark.parametrize(
    ("text", "scope"),
    [("author:kim", "authors"), ("a:kim", "authors"), ("title:kim", "title"), ("t:kim", "title")],
)
def test_field_filters_scope_their_words(text: str, scope: str) -> None:
    assert parse(text).terms == [Term("kim", scope)]  # type: ignore[arg-type]


def test_quoted_author() -> None:
    assert parse('a:"An Yan"').terms == [Term("an yan", "authors", phrase=True)]


def test_section_filter_takes_a_compact_name() -> None:
    assert parse("sec:\"What's New\" x").sections == ["whatsnew"]
    assert parse("sec:technical x").sections == ["technical"]


def test_negated_section_is_a_hint() -> None:
    query = parse("-sec:technical x")
    assert query.sections == [] and query.hints


def test_id_filter() -> None:
    assert parse("id:2408.08").filters == [IdPrefix("2408.08")]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("date:2024", 20240101, 20241231),
        ("date:2024-02", 20240201, 20240229),
        ("date:2024-08-05", 20240805, 20240805),
        ("date:2024-08-01..2024-08-31", 20240801, 20240831),
        ("date:2024-08..2024-09", 20240801, 20240930),
        ("date:2024-08..", 20240801, None),
        ("date:..2024-08", None, 20240831),
        ("date:>2024-08", 20240832, None),
        ("date:>=2024-08", 20240801, None),
        ("date:<2024-08", None, 20240800),
    ],
)
def test_date_filters(text: str, low: int | None, high: int | None) -> None:
    assert parse(text).filters == [Range("date", low, high)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("votes:50", 50, 50),
        ("votes:>50", 51, None),
        ("votes:>=50", 50, None),
        ("votes:<5", None, 4),
        ("votes:<=5", None, 5),
        ("votes:10..100", 10, 100),
        ("votes:10..", 10, None),
    ],
)
def test_votes_filters(text: str, low: int | None, high: int | None) -> None:
    assert parse(text).filters == [Range("votes", low, high)]


def test_state_filters() -> None:
    assert parse("is:starred -is:read").filters == [
        StateFilter("starred"),
        StateFilter("read", negated=True),
    ]


@pytest.mark.parametrize(
    "text",
    ["date:2024-13", "date:2023-02-29", "date:soon", "date:..", "votes:lots", "votes:>", "is:nice"],
)
def test_malformed_values_are_hints(text: str) -> None:
    query = parse(text)
    assert query.filters == [] and len(query.hints) == 1


def test_empty_filter_value_is_ignored_while_typing() -> None:
    query = parse("video date:")
    assert query.terms == [Term("video")] and query.filters == [] and query.hints == []


def test_unknown_filter_far_from_any_filter_is_words_without_a_hint() -> None:
    query = parse("colour:red")
    assert query.terms == [Term("colour"), Term("red")]
    assert query.hints == []


def test_unknown_filter_close_to_a_filter_is_a_hint_and_words() -> None:
    query = parse("auther:kim")
    assert query.terms == [Term("auther"), Term("kim")]
    assert "auther:" in query.hints[0] and "'author:'" in query.hints[0]


def test_full_width_colon_and_quotes_work() -> None:
    assert parse("ａ：ｋｉｍ").terms == [Term("kim", "authors")]


def test_is_empty() -> None:
    assert parse("  ").is_empty
    assert parse('""').is_empty
    assert not parse("x").is_empty


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    parse(text)


@given(st.lists(st.text()))
def test_fast_tokenizer_agrees_with_the_token_pattern(texts: list[str]) -> None:
    folded = fold_all(texts)
    assert folded == [fold(text) for text in texts]
    expected = [[word.encode("utf-8", "surrogatepass") for word in TOKEN.findall(f)] for f in folded]
    assert token_lists(folded) == expected


def test_a_pasted_essay_is_cut_to_the_first_words() -> None:
    query = parse(" ".join(f"word{n}" for n in range(100)) + " -last")
    assert len(query.terms) == 32 and query.excluded == []
    assert "32" in query.hints[0]


@given(st.lists(st.text()))
def test_raw_words_fold_to_the_words_of_the_folded_text(texts: list[str]) -> None:
    raw = raw_token_lists(texts)
    assert [[fold(word.decode("utf-8", "surrogatepass")) for word in words] for words in raw] == [
        TOKEN.findall(fold(text)) for text in texts
    ]


def test_raw_words_are_lowercased_in_ascii_only() -> None:
    # NFKC makes full-width letters ASCII; non-ASCII capitals wait for `fold`.
    assert raw_token_lists(["MÜLLER ＡＢＣ"]) == [["mÜller".encode(), b"abc"]]


@pytest.mark.parametrize(
    "query",
    ["is:read", "-is:read", "IS:Starred", "ｉｓ：ｕｎｒｅａｄ", "diffusion -is:unstarred a:kim"],
)
def test_a_state_filter_needs_the_reading_state(query: str) -> None:
    assert parse(query).needs_reading_state


@pytest.mark.parametrize(
    "query",
    [
        "diffusion",
        "title:is:x",  # the words "is" and "x" in titles
        '"is: a title"',  # a phrase
        "is: a title",  # an empty is: while typing, then words
        "this:read",  # a title's colon, not a filter
        "is:bogus",  # not a state: a hint, no filter
        "a:is:read",
        "",
    ],
)
def test_words_that_only_look_like_a_state_filter_do_not(query: str) -> None:
    assert not parse(query).needs_reading_state


# -- issue 11: relative dates, sort:, notes, the last word still being typed --------

TODAY = date(2025, 5, 1)  # a Thursday, in ISO week 18


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("date:today", 20250501, 20250501),
        ("date:yesterday", 20250430, 20250430),
        ("date:7d", 20250425, 20250501),  # today and the six days before
        ("date:1d", 20250501, 20250501),
        ("date:2w", 20250418, 20250501),
        ("date:this-week", 20250428, 20250504),  # Monday to Sunday
        ("date:this-month", 20250501, 20250531),
        ("date:2025-W18", 20250428, 20250504),
        ("date:2025-w01", 20241230, 20250105),  # an ISO week may start in the year before
        ("date:2020-W53", 20201228, 20210103),
        ("date:2025-W18..2025-W19", 20250428, 20250511),
        ("date:<7d", None, 20250424),  # older than the last seven days
        ("date:yesterday..", 20250430, None),
    ],
)
def test_relative_dates_count_from_today(text: str, low: int | None, high: int | None) -> None:
    assert parse(text, today=TODAY).filters == [Range("date", low, high)]


@pytest.mark.parametrize("text", ["date:0d", "date:2025-W53", "date:2025-W00", "date:3x"])
def test_malformed_relative_dates_are_hints(text: str) -> None:
    query = parse(text, today=TODAY)
    assert query.filters == [] and "date:" in query.hints[0] and "7d" in query.hints[0]


def test_relative_dates_default_to_the_local_date() -> None:
    today = date.today()
    number = today.year * 10000 + today.month * 100 + today.day
    assert parse("date:today").filters == [Range("date", number, number)]


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("sort:votes", Sort("votes")),
        ("sort:date video", Sort("date")),
        ("video sort:-date", Sort("date", reverse=True)),
        ("-sort:title", Sort("title", reverse=True)),
        ("sort:relevance", Sort("relevance")),
        ("sort:votes sort:title", Sort("title")),  # the last one wins
    ],
)
def test_sort_is_parsed_into_the_query(text: str, sort: Sort) -> None:
    query = parse(text)
    assert query.sort == sort
    assert all(term.text not in ("sort", "votes", "date", "title") for term in query.terms)


def test_an_unknown_sort_is_a_hint() -> None:
    query = parse("sort:best")
    assert query.sort is None and "sort:best" in query.hints[0]


def test_a_sort_alone_is_empty_but_still_orders() -> None:
    query = parse("sort:votes")
    assert query.is_empty and query.sort == Sort("votes")


def test_note_words_and_the_noted_state() -> None:
    query = parse('note:todo -note:"read later" is:noted -is:noted')
    assert query.terms == [Term("todo", "notes")]
    assert query.excluded == [Term("read later", "notes", phrase=True)]
    assert query.filters == [StateFilter("noted"), StateFilter("noted", negated=True)]
    assert query.needs_reading_state
    assert parse("note:todo").needs_reading_state


def test_the_last_hangul_word_typed_may_be_unfinished() -> None:
    assert parse("언어 모데").terms == [Term("언어"), Term("모데", unfinished=True)]
    assert parse("t:모데").terms == [Term("모데", "title", unfinished=True)]


@pytest.mark.parametrize("text", ["언어 모데 ", '"모데"', "-모데", "모데 video", "모데 date:2024"])
def test_a_word_followed_by_more_or_quoted_is_finished(text: str) -> None:
    assert not any(term.unfinished for term in (*parse(text).terms, *parse(text).excluded))


def test_latin_words_note_the_hangul_they_spell_on_a_2_set_keyboard() -> None:
    query = parse("tntnf dlTek")
    assert query.spelled == {
        Term("tntnf"): Term("수술"),
        Term("dltek"): Term("있다", unfinished=True),  # the shift key read from the query as typed
    }
    assert query.terms == [Term("tntnf"), Term("dltek")]


def test_words_that_spell_no_hangul_note_nothing() -> None:
    assert parse('rr "tntnf" a:tntnf -tntnf k2').spelled == {}
