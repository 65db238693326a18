"""Korean helpers for search: initial consonants (chosung) of Hangul syllables.

Everything here works on NFKC-normalized text, where the compatibility jamo a
keyboard types ("ㄱ", U+3131) has become the conjoining choseong ("ᄀ",
U+1100). So a chosung query "ㅅㅅ" arrives as "ᄉᄉ", and the chosung of "수술"
is "ᄉᄉ" too: the two compare equal with no special case.
"""

from __future__ import annotations

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
CHOSEONG_FIRST = 0x1100
CHOSEONG_LAST = 0x1112
_SYLLABLES_PER_CHOSEONG = 21 * 28

_CHOSUNG_TABLE: dict[int, int] = {
    code: CHOSEONG_FIRST + (code - SYLLABLE_FIRST) // _SYLLABLES_PER_CHOSEONG
    for code in range(SYLLABLE_FIRST, SYLLABLE_LAST + 1)
}


def is_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable (가..힣)."""
    return SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def is_choseong(char: str) -> bool:
    """True for an initial consonant as NFKC leaves it (ᄀ..ᄒ, from ㄱ..ㅎ)."""
    return CHOSEONG_FIRST <= ord(char) <= CHOSEONG_LAST


def has_choseong(text: str) -> bool:
    """True when `text` holds at least one initial consonant (a chosung query)."""
    return any(CHOSEONG_FIRST <= ord(char) <= CHOSEONG_LAST for char in text)


def has_hangul(text: str) -> bool:
    """True when `text` holds a Hangul syllable or an initial consonant."""
    return any(
        SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST or CHOSEONG_FIRST <= ord(char) <= CHOSEONG_LAST
        for char in text
    )


def chosung_of(text: str) -> str:
    """Each Hangul syllable replaced by its initial consonant; other characters
    kept, so the result has the same length and offsets as `text`.

    >>> chosung_of("대규모 언어 모델") == "\u1103\u1100\u1106 \u110b\u110b \u1106\u1103"
    True
    """
    return text.translate(_CHOSUNG_TABLE)
