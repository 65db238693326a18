"""Korean helpers: initial consonants of Hangul syllables."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from paper_tui.search.hangul import chosung_of, has_choseong, has_hangul, is_choseong, is_syllable


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_chosung_of_words_equals_the_typed_consonants() -> None:
    assert chosung_of("수술") == nfkc("ㅅㅅ")
    assert chosung_of("대규모 언어 모델") == nfkc("ㄷㄱㅁ ㅇㅇ ㅁㄷ")


def test_double_consonants_are_kept() -> None:
    assert chosung_of("까치") == nfkc("ㄲㅊ")


def test_other_characters_are_kept() -> None:
    assert chosung_of("GPT-4는 모델") == "GPT-4" + nfkc("ㄴ ㅁㄷ")


def test_typed_consonants_are_choseong_after_nfkc() -> None:
    assert has_choseong(nfkc("ㅅㅅ"))
    assert not has_choseong("수술")
    assert all(is_choseong(char) for char in nfkc("ㄱㄴㄷㅎ"))


def test_classifiers() -> None:
    assert is_syllable("가") and is_syllable("힣") and not is_syllable("a")
    assert has_hangul("a가") and has_hangul(nfkc("ㄱ")) and not has_hangul("abc")


@given(st.text())
def test_chosung_keeps_length(text: str) -> None:
    assert len(chosung_of(text)) == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1))
def test_every_syllable_has_a_choseong(text: str) -> None:
    assert all(is_choseong(char) for char in chosung_of(text))
    # and it is the same consonant Unicode decomposition starts with
    assert chosung_of(text) == "".join(unicodedata.normalize("NFD", char)[0] for char in text)


def test_the_module_examples_run() -> None:
    import doctest

    import paper_tui.search.hangul

    outcome = doctest.testmod(paper_tui.search.hangul)
    assert outcome.attempted > 0 and outcome.failed == 0
