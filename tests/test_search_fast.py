"""The search's shortcuts find what the straightforward path finds (issue 14).

`Segment.fast` switches the shortcuts off (the typo search's character-set
filter before rapidfuzz; chosung words looked for in the runs of the vocabulary
starting with their first consonant, or from a literal run of their syllables,
checked by one pattern instead of syllable by syllable; words inside tokens
found by `str.find` instead of a regular expression). Over vocabularies of near-miss words drawn from
small alphabets (Latin, Hangul syllables, initial consonants), every word
matched, and every query searched, gives the same tokens and qualities, and
the same ranked ids and scores, both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paper_tui.model import Paper, Section
from paper_tui.search.engine import SearchIndex
from paper_tui.search.postings import char_masks, word_mask
from paper_tui.search.query import fold
from paper_tui.search.segment import Segment

LETTERS = "abcdeéß"
HANGUL = "가각나다대모델듈수술학습하핛ᄀᄃᄆᄉ"
OTHER = "1-ｆ"

word_strategy = st.text(alphabet=LETTERS + HANGUL + OTHER, min_size=1, max_size=9)
latin_word = st.text(alphabet=LETTERS, min_size=3, max_size=10)
hangul_word = st.text(alphabet=HANGUL, min_size=1, max_size=5)
chosung_word = st.text(alphabet="ᄀᄃᄆᄉㅅㅁ모수술학다a", min_size=1, max_size=4)
any_word = latin_word | hangul_word | chosung_word | word_strategy
text_strategy = st.lists(any_word, max_size=10).map(" ".join)


@contextmanager
def straightforward() -> Iterator[None]:
    """Every block matching without its shortcuts, for the time being."""
    Segment.fast = False
    try:
        yield
    finally:
        Segment.fast = True


def make_paper(number: int, title: str, authors: str, sections: list[str]) -> Paper:
    return Paper(
        arxiv_id=f"2408.{number:05d}",
        title=title,
        url="https://arxiv.org/abs/x",
        votes=number % 5,
        authors=tuple(authors.split()),
        sections=tuple(
            Section(name, text) for name, text in zip(("What's New", "Other"), sections, strict=False)
        ),
        date=date(2024, 8, 1 + number % 28),
    )


papers_strategy = st.lists(
    st.tuples(text_strategy, text_strategy, st.lists(text_strategy, max_size=2)),
    max_size=12,
).map(lambda rows: [make_paper(number, *row) for number, row in enumerate(rows)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_word, min_size=1, max_size=60), st.lists(any_word, min_size=1, max_size=8))
@example(["diffusion", "difusion", "diffuse", "fusion"], ["difusion", "diffsuion", "fusoin"])
@example(["강화학습", "강화", "학습을"], ["강화학습", "강회학습", "학숩"])
@example(["사수술", "수술을", "지시사항", "ᄉ술술", "수술술"], ["ᄉ술", "ᄉᄉ", "ㅅㅅ", "술ᄉ"])
@example(["대규모", "대구모", "ᄃ규모", "a수"], ["ᄃ규모", "모ᄃ", "ᄃᄀᄆ", "aᄉ", "ᄃ"])
@example(["aaaaa", "baaaa", "abaaab", "수수수수", "가수수수"], ["aaa", "aab", "수수", "수수수"])
def test_words_match_the_same_tokens_both_ways(vocabulary: list[str], words: list[str]) -> None:
    papers = [make_paper(0, " ".join(vocabulary), "", [])]
    segment = SearchIndex.build(papers).blocks[0][1]
    for word in map(fold, words):
        for fuzzy in (True, False):
            for unfinished in (True, False):
                fast = segment._match_word(word, fuzzy, unfinished)
                with straightforward():
                    plain = segment._match_word(word, fuzzy, unfinished)
                assert fast[0].tolist() == plain[0].tolist(), word
                assert fast[1].tolist() == plain[1].tolist(), word


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers_strategy, st.lists(any_word | st.sampled_from(["t:", "-", '"']), max_size=4))
def test_searches_rank_the_same_ids_both_ways(papers: list[Paper], parts: list[str]) -> None:
    query = " ".join(parts)
    index = SearchIndex.build(papers)
    fast = index.search(query)
    index.clear_cache()
    with straightforward():
        plain = index.search(query)
    assert fast.indices == plain.indices
    assert [hit.score for hit in fast.hits] == [hit.score for hit in plain.hits]
    assert fast.hints == plain.hints


@given(st.lists(word_strategy, min_size=1, max_size=20))
def test_a_token_mask_holds_the_bit_of_each_of_its_characters(words: list[str]) -> None:
    joined = "\n" + "\n".join(words) + "\n"
    starts = np.cumsum([1] + [len(word) + 1 for word in words])
    masks = char_masks(joined, starts)
    for word, mask in zip(words, masks.tolist(), strict=True):
        assert mask == word_mask(word)
        for char in word:
            assert word_mask(char) & mask == word_mask(char) != 0


@settings(max_examples=50, deadline=None)
@given(papers_strategy, st.lists(any_word, max_size=3))
def test_a_block_read_back_cuts_the_same_vocabulary_and_searches_the_same(
    papers: list[Paper], words: list[str]
) -> None:
    index = SearchIndex.build(papers)
    again = SearchIndex.from_bytes(index.to_bytes(), papers)
    for (_, block), (_, back) in zip(index.blocks, again.blocks, strict=True):
        assert back.postings.vocabulary == block.postings.vocabulary
        assert back.postings.by_length == block.postings.by_length
    query = " ".join(words)
    assert again.search(query).indices == index.search(query).indices
