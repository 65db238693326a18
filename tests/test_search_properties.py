"""Property tests: any query returns without raising, spans stay in bounds,
and the index agrees with matching the papers one by one."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paper_tui.model import Paper, Section
from paper_tui.search.engine import SearchIndex
from paper_tui.search.match import is_short, token_quality
from paper_tui.search.query import TOKEN, fold, parse

WORDS = ["diffusion", "transformer", "video", "비디오를", "비디오", "수술", "수술을", "대규모", "언어", "모델", "모델의", "sparse", "attention", "kim", "müller", "ｆｕｌｌ", "2408", "ㅅㅅ", "ㄷ규모", "x", "ab", "트랜스포머", "ㄱㅏ나", "가나", "straße", "strasse", "ﬁne", "eﬃcient", "x-ray"]
FILTER_BITS = ["a:", "t:", "id:", "sec:", "date:", "votes:", "is:", "-", '"', ":", "..", ">", "\x1b[", "\x00"]

text_strategy = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=8).map(" ".join)


def make_paper(number: int, title: str, authors: list[str], sections: list[str]) -> Paper:
    return Paper(
        arxiv_id=f"2408.{number:05d}",
        title=title,
        url="https://arxiv.org/abs/x",
        votes=number % 7,
        authors=tuple(authors),
        sections=tuple(
            Section(name, text)
            for name, text in zip(("What's New", "Technical Details", "Other"), sections, strict=False)
        ),
        date=date(2024, 8, 1 + number % 28),
    )


papers_strategy = st.lists(
    st.tuples(
        text_strategy,
        st.lists(text_strategy, max_size=3),
        st.lists(text_strategy, max_size=3),
    ),
    min_size=0,
    max_size=6,
).map(lambda rows: [make_paper(n, *row) for n, row in enumerate(rows)])

query_strategy = st.lists(
    st.sampled_from(WORDS) | st.sampled_from(FILTER_BITS) | st.text(max_size=5), max_size=6
).map(lambda parts: "".join(parts) if len(parts) % 2 else " ".join(parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers_strategy, query_strategy)
def test_any_query_returns_hits_with_spans_in_bounds(papers: list[Paper], query: str) -> None:
    result = SearchIndex.build(papers).search(query)
    assert len({hit.index for hit in result.hits}) == len(result.hits)
    for hit in result.hits:
        paper = papers[hit.index]
        _check_spans(hit.title_spans, paper.title)
        _check_spans(hit.author_spans, ", ".join(paper.authors))
        assert len(hit.section_spans) == len(paper.sections)
        for spans, section in zip(hit.section_spans, paper.sections, strict=True):
            _check_spans(spans, section.text)


@settings(max_examples=300, deadline=None)
@given(query_strategy)
def test_any_query_on_a_fixed_corpus_never_raises(query: str) -> None:
    papers = [make_paper(0, "Diffusion video", ["Min Kim"], ["비디오를 수술 대규모 언어 모델"])]
    SearchIndex.build(papers).search(query, limit=3)


def _check_spans(spans: tuple[tuple[int, int], ...], text: str) -> None:
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end  # sorted, merged
        previous_end = end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers_strategy, st.sampled_from(WORDS) | st.text(min_size=1, max_size=6))
@example([make_paper(0, "언어 모델의 수술", [], ["지시사항"])], "모데")
@example([make_paper(0, "언어 모델의 수술", [], ["지시사항"])], "tntnf")
@example([make_paper(0, "언어 모델의 수술", [], ["지시사항"])], "ㅅㅅ")
@example([make_paper(0, "언어 모델의 수술", [], ["지시사항"])], "몯")
def test_index_agrees_with_matching_each_paper(papers: list[Paper], raw: str) -> None:
    words = TOKEN.findall(fold(raw))
    if len(words) != 1:
        return
    word = words[0]
    found = {hit.index for hit in SearchIndex.build(papers).search(word).hits}
    (term,) = parse(word).terms
    tokens = {
        token
        for paper in papers
        for text in [paper.title, ", ".join(paper.authors), paper.arxiv_id, *(s.text for s in paper.sections)]
        for token in TOKEN.findall(fold(text))
    }
    spelled = parse(word).spelled.get(term)
    if (
        spelled is not None
        and not any(token.startswith(word) for token in tokens)
        and any(token_quality(spelled.text, token, True, spelled.unfinished) for token in tokens)
    ):
        term = spelled  # Latin typed on a 2-set keyboard: searched as its Hangul
    expected = set()
    for number, paper in enumerate(papers):
        texts = [paper.title, ", ".join(paper.authors), paper.arxiv_id]
        if not is_short(term.text):
            texts += [section.text for section in paper.sections]
        if any(
            token_quality(term.text, token, True, term.unfinished) > 0
            for text in texts
            for token in TOKEN.findall(fold(text))
        ):
            expected.add(number)
    assert found == expected


PHRASE_WORDS = ["a", "ab", "abc", "b", "bc", "모델", "모델을", "언어", "x-y", "(a)", "a.b"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(PHRASE_WORDS), max_size=6).map(" ".join), min_size=1, max_size=6
    ),
    st.lists(st.sampled_from(PHRASE_WORDS), min_size=1, max_size=3).map(" ".join),
)
def test_phrases_agree_with_a_literal_scan(texts: list[str], phrase: str) -> None:
    papers = [make_paper(n, text, [], [text[::-1], text]) for n, text in enumerate(texts)]
    found = {hit.index for hit in SearchIndex.build(papers).search(f'"{phrase}"').hits}
    wanted = " ".join(fold(phrase).split())
    expected = {
        number
        for number, paper in enumerate(papers)
        if any(
            wanted in " ".join(fold(text).split())
            for text in [paper.title, paper.arxiv_id, *(s.text for s in paper.sections)]
        )
    }
    assert found == expected


ADJACENT_WORDS = ["alpha", "robot", "kernel", "zebra", "비디오", "모델"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(ADJACENT_WORDS), max_size=7), min_size=1, max_size=5),
    st.lists(st.sampled_from(ADJACENT_WORDS), min_size=2, max_size=2, unique=True),
)
def test_the_adjacency_bonus_goes_to_words_first_met_side_by_side(
    titles: list[list[str]], words: list[str]
) -> None:
    from unittest import mock

    import paper_tui.search.engine as search_module

    papers = [make_paper(n, " ".join(title), [], []) for n, title in enumerate(titles)]
    query = " ".join(words)
    with_bonus = {hit.index: hit.score for hit in SearchIndex.build(papers).search(query).hits}
    with mock.patch.object(search_module, "ADJACENCY_BONUS", 0.0):
        without = {hit.index: hit.score for hit in SearchIndex.build(papers).search(query).hits}
    assert set(with_bonus) == set(without)  # the bonus only reorders
    for number, score in with_bonus.items():
        title = titles[number]
        side_by_side = (
            words[0] in title and words[1] in title  # else no paper has both: none gets it
            and title.index(words[0]) + 1 == title.index(words[1])
        )
        assert (score > without[number] + 1e-6) == side_by_side, (title, words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers_strategy, query_strategy)
@example([make_paper(0, "ㄱㅏ나 모델", [], [])], "가")
@example([make_paper(0, "Die Straße", [], [])], "strasse")
@example([make_paper(0, "언어 모델", [], ["모델을 지시사항"])], "언어 모데")
@example([make_paper(0, "언어 모델", [], ["모델을 지시사항"])], "ㅅㅅ ahep")
def test_every_title_match_is_highlighted_and_every_span_is_a_match(
    papers: list[Paper], query: str
) -> None:
    result = SearchIndex.build(papers).search(query)
    parsed = parse(query)
    respelled = any(hint.startswith("searched ") for hint in result.hints)
    terms = [
        parsed.spelled.get(term, term) if respelled else term
        for term in parsed.terms
        if term.scope in ("all", "title")
    ]
    words = [(term.text, term.unfinished) for term in terms if not term.phrase]
    if respelled:  # a Latin word may stand for its Hangul, or not: either may be marked
        words += [(term.text, term.unfinished) for term in parsed.terms if not term.phrase]
    phrases = [term.text for term in terms if term.phrase]
    for hit in result.hits:
        title = papers[hit.index].title
        tokens = TOKEN.findall(fold(title))
        matched = any(token_quality(word, token, True, end) > 0 for word, end in words for token in tokens)
        matched |= any(" ".join(phrase.split()) in " ".join(fold(title).split()) for phrase in phrases)
        if not respelled:
            assert bool(hit.title_spans) == matched, (title, query, hit.title_spans)
        for start, end in hit.title_spans:
            _assert_marks_a_match(fold(title[start:end]), words, phrases)
        section_words = [(word, end) for word, end in words if not is_short(word)]
        for spans, section in zip(hit.section_spans, papers[hit.index].sections, strict=True):
            for start, end in spans:
                _assert_marks_a_match(fold(section.text[start:end]), section_words, phrases)


def _assert_marks_a_match(
    marked: str, words: list[tuple[str, bool]], phrases: list[str]
) -> None:
    assert any(
        token_quality(word, token, True, unfinished) > 0
        for word, unfinished in words
        for token in TOKEN.findall(marked)
    ) or any(word in marked for phrase in phrases for word in TOKEN.findall(phrase)), marked
