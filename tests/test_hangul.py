"""Korean helpers: initial consonants, the 2-set keyboard, syllables still being typed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.search.hangul import (
    chosung_of,
    compatibility_jamo,
    compose,
    hangul_of_keys,
    has_choseong,
    has_hangul,
    is_choseong,
    is_syllable,
    jamo_of_keys,
    keys_of,
    unfinished_forms,
)


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


# -- the 2-set keyboard ------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "hangul"),
    [
        ("dkssudgktpdy", "안녕하세요"),
        ("tntnf", "수술"),
        ("dkswjs", "안전"),
        ("rkdghk", "강화"),
        ("rkdghkgkrtmq", "강화학습"),
        ("dlTek", "있다"),  # a shifted key is its double consonant
        ("rhkgkr", "과학"),  # two vowel keys make one vowel
        ("dmlwk", "의자"),
        ("rkqt", "값"),  # two final consonants make one
        ("ekfrrhk", "닭과"),
        ("ahepf", "모델"),
        ("ahe", "몯"),  # typed halfway: the ㄷ is a final until a vowel comes
        ("tntnfr", "수숡"),
        ("Rkcl", "까치"),
    ],
)
def test_keys_on_a_2_set_keyboard_spell_hangul(keys: str, hangul: str) -> None:
    assert hangul_of_keys(keys) == hangul


def test_a_final_consonant_moves_to_the_next_syllable_before_a_vowel() -> None:
    assert compose("ㄱㅏㅇㅏ") == "가아"
    assert compose("ㄷㅏㄹㄱㅏ") == "달가"  # a double final gives its second part
    assert compose("ㄷㅏㄹㄱ") == "닭"


def test_keys_that_spell_no_syllables_are_not_hangul() -> None:
    assert hangul_of_keys("k") is None  # a vowel alone
    assert hangul_of_keys("rr") is None  # consonants alone
    assert hangul_of_keys("kr") is None  # a vowel before its consonant
    assert hangul_of_keys("tn2") is None and hangul_of_keys("") is None


def test_one_lone_consonant_may_end_the_keys_still_being_typed() -> None:
    assert hangul_of_keys("rkE") == "가ㄸ"  # ㄸ is never a final
    assert hangul_of_keys("rkqtr") == "값ㄱ"


def test_jamo_of_keys_keeps_what_is_no_key() -> None:
    assert jamo_of_keys("tn-1") == "ㅅㅜ-1"


syllables = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=8
)


@given(syllables)
def test_the_keys_of_any_syllables_spell_them_back(text: str) -> None:
    keys = keys_of(text)
    assert keys.isascii() and keys.isalpha()
    assert hangul_of_keys(keys) == text


# -- an unfinished last syllable ------------------------------------------------------


def matches_unfinished(word: str, text: str) -> bool:
    return any(
        text.startswith(head) and len(text) > len(head) and low <= text[len(head)] <= high
        for head, low, high in unfinished_forms(word)
    )


def test_a_syllable_without_a_final_may_take_any_final() -> None:
    assert all(matches_unfinished("모데", word) for word in ("모델", "모덴", "모뎀", "모데"))
    assert not matches_unfinished("모데", "모두")
    assert matches_unfinished("고", "과학")  # ㅗ may still become ㅘ


def test_a_final_may_move_on_or_double() -> None:
    assert matches_unfinished("몯", "모델") and matches_unfinished("몯", "모듈")
    assert not matches_unfinished("몯", "모릅")
    assert matches_unfinished("갈", "갉")
    assert matches_unfinished("핛", "학습")  # the second part of a double final moves on


def test_a_word_not_ending_in_a_syllable_has_no_unfinished_forms() -> None:
    assert unfinished_forms("video") == () and unfinished_forms(nfkc("모ㄷ")) == ()


@given(syllables)
def test_every_prefix_typed_on_the_way_matches_the_word(text: str) -> None:
    keys = keys_of(text)
    for length in range(1, len(keys) + 1):
        typed = hangul_of_keys(keys[:length])
        if typed is None or not is_syllable(typed[-1]):
            continue  # a vowel not yet typed, or a lone consonant (chosung covers it)
        assert text.startswith(typed) or matches_unfinished(typed, text), (typed, text)


def test_compatibility_jamo_undoes_nfkc_for_initial_consonants() -> None:
    assert compatibility_jamo(nfkc("값ㄱ")) == "값ㄱ"
