"""Korean helpers for search: initial consonants (chosung) of Hangul syllables,
what a syllable still being typed may become, and the 2-set (dubeolsik)
keyboard: the Hangul that Latin keys type, composed as a Korean keyboard does.

Everything here works on NFKC-normalized text, where the compatibility jamo a
keyboard types ("ㄱ", U+3131) has become the conjoining choseong ("ᄀ",
U+1100). So a chosung query "ㅅㅅ" arrives as "ᄉᄉ", and the chosung of "수술"
is "ᄉᄉ" too: the two compare equal with no special case. The keyboard's own
functions (`compose`, `hangul_of_keys`) work on compatibility jamo, as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
CHOSEONG_FIRST = 0x1100
CHOSEONG_LAST = 0x1112
SYLLABLES_PER_CHOSEONG = 21 * 28
"""The syllables of one initial consonant, a run of code points."""

_CHOSUNG_TABLE: dict[int, int] = {
    code: CHOSEONG_FIRST + (code - SYLLABLE_FIRST) // SYLLABLES_PER_CHOSEONG
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


@lru_cache(maxsize=256)
def chosung_checker(word: str) -> re.Pattern[str]:
    """A pattern matching, in folded text, what a chosung word matches where
    `chosung_of` of the text equals `chosung_of(word)` and the word's other
    characters (full syllables) agree: each initial consonant stands for
    itself or any syllable starting with it, every other character for itself."""
    parts = []
    for char in word:
        if is_choseong(char):
            first = SYLLABLE_FIRST + (ord(char) - CHOSEONG_FIRST) * SYLLABLES_PER_CHOSEONG
            parts.append(f"[{char}{chr(first)}-{chr(first + SYLLABLES_PER_CHOSEONG - 1)}]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


# -- the jamo of a syllable ------------------------------------------------------

_MEDIALS = 21
_FINALS = 28
_INITIAL_JAMO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIAL_JAMO = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINAL_JAMO = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index 0: no final
_COMPOUND_MEDIALS = {
    ("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ", ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}  # fmt: skip
_COMPOUND_FINALS = {
    ("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ", ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ", ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ", ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ", ("ㅂ", "ㅅ"): "ㅄ",
}  # fmt: skip
_FINAL_PARTS = {compound: pair for pair, compound in _COMPOUND_FINALS.items()}
_MEDIAL_PARTS = {compound: pair for pair, compound in _COMPOUND_MEDIALS.items()}


def _syllable(initial: int, medial: int, final: int = 0) -> str:
    return chr(SYLLABLE_FIRST + (initial * _MEDIALS + medial) * _FINALS + final)


def jamo_of(syllable: str) -> tuple[int, int, int]:
    """(initial, medial, final) numbers of a precomposed syllable (final 0: none)."""
    code = ord(syllable) - SYLLABLE_FIRST
    return code // (_MEDIALS * _FINALS), code // _FINALS % _MEDIALS, code % _FINALS


@lru_cache(maxsize=256)
def unfinished_forms(word: str) -> tuple[tuple[str, str, str], ...]:
    """What `word` may become while its last syllable is still being typed on a
    Korean keyboard, as (head, low, high): text starting with `head` followed
    by a character in [low, high]. Empty unless the word ends in a syllable.

    - no final: any final, and a medial the next vowel key would combine with
      ("데" -> "델", "덴"; "고" -> "과", "괜");
    - a final: a double final it starts ("갈" -> "갉"), or the final moving to
      the next syllable when a vowel follows ("몯" -> "모델", "모듈");
    - a double final: its second part moving on ("핛" -> "학습").
    The word itself is always one of them.
    """
    if not word or not is_syllable(word[-1]):
        return ()
    head, last = word[:-1], word[-1]
    initial, medial, final = jamo_of(last)
    if final == 0:
        vowel = _MEDIAL_JAMO[medial]
        medials = [medial] + [
            _MEDIAL_JAMO.index(compound)
            for (first, _), compound in _COMPOUND_MEDIALS.items()
            if first == vowel
        ]
        return tuple(
            (head, _syllable(initial, one), _syllable(initial, one, _FINALS - 1))
            for one in medials
        )
    consonant = _FINAL_JAMO[final]
    if consonant in _FINAL_PARTS:  # a double final: its second part moves on
        kept, moving = _FINAL_PARTS[consonant]
        stem = _syllable(initial, medial, _FINAL_JAMO.index(kept))
        finals = [final]
    else:
        moving, stem = consonant, _syllable(initial, medial)
        finals = [final] + [
            _FINAL_JAMO.index(compound)
            for (first, _), compound in _COMPOUND_FINALS.items()
            if first == consonant
        ]
    forms = [
        (head, _syllable(initial, medial, low), _syllable(initial, medial, high))
        for low, high in _runs(sorted(finals))
    ]
    if moving in _INITIAL_JAMO:
        next_initial = _INITIAL_JAMO.index(moving)
        first, last = _syllable(next_initial, 0), _syllable(next_initial, _MEDIALS - 1, _FINALS - 1)
        forms.append((head + stem, first, last))
    return tuple(forms)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs of consecutive ones, (first, last) each."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


# -- the 2-set (dubeolsik) keyboard -----------------------------------------------

_KEYS = {
    "q": "ㅂ", "w": "ㅈ", "e": "ㄷ", "r": "ㄱ", "t": "ㅅ", "y": "ㅛ", "u": "ㅕ", "i": "ㅑ",
    "o": "ㅐ", "p": "ㅔ", "a": "ㅁ", "s": "ㄴ", "d": "ㅇ", "f": "ㄹ", "g": "ㅎ", "h": "ㅗ",
    "j": "ㅓ", "k": "ㅏ", "l": "ㅣ", "z": "ㅋ", "x": "ㅌ", "c": "ㅊ", "v": "ㅍ", "b": "ㅠ",
    "n": "ㅜ", "m": "ㅡ",
    "Q": "ㅃ", "W": "ㅉ", "E": "ㄸ", "R": "ㄲ", "T": "ㅆ", "O": "ㅒ", "P": "ㅖ",
}  # fmt: skip
"""Key -> compatibility jamo on the standard 2-set layout; a shifted key without
a jamo of its own types the unshifted one."""
_KEY_OF = {jamo: key for key, jamo in _KEYS.items()}


def jamo_of_keys(keys: str) -> str:
    """The jamo the keys type on a 2-set keyboard ("tntnf" -> "ㅅㅜㅅㅜㄹ"); a
    character that is no key is kept."""
    return "".join(_KEYS.get(key, _KEYS.get(key.lower(), key)) for key in keys)


def _may_follow(finals: list[str], char: str) -> bool:
    """Whether a consonant typed after a syllable's vowel (and `finals`) is its final too."""
    if not finals:
        return char in _FINAL_JAMO[1:] and char in _INITIAL_JAMO
    return len(finals) == 1 and (finals[0], char) in _COMPOUND_FINALS


def compose(jamo: str) -> str:
    """Jamo composed into syllables as a Korean keyboard does while they are typed:
    a vowel after a consonant makes a syllable, two vowels or two final
    consonants may join ("ㅗㅏ" -> "ㅘ", "ㄹㄱ" -> "ㄺ"), and a final consonant
    (or a double final's second part) moves to the next syllable when a vowel
    follows ("ㄱㅏㅇㅏ" -> "가아"). What cannot join stays a lone jamo."""
    out: list[str] = []
    initial: str | None = None
    medial: str | None = None
    finals: list[str] = []  # one final consonant, or the two parts of a double one

    def flush() -> None:
        nonlocal initial, medial
        if initial is not None and medial is not None:
            final = _COMPOUND_FINALS[finals[0], finals[1]] if len(finals) == 2 else "".join(finals)
            out.append(_syllable(
                _INITIAL_JAMO.index(initial),
                _MEDIAL_JAMO.index(medial),
                _FINAL_JAMO.index(final) if final else 0,
            ))  # fmt: skip
        elif initial is not None:
            out.append(initial)
        finals.clear()
        initial = medial = None

    for char in jamo:
        syllable_open = initial is not None and medial is not None
        if char in _MEDIAL_JAMO:
            if syllable_open and finals:
                moving = finals.pop()  # the last final consonant starts the next syllable
                flush()
                initial, medial = moving, char
            elif syllable_open and not finals and (medial, char) in _COMPOUND_MEDIALS:
                medial = _COMPOUND_MEDIALS[medial, char]  # type: ignore[index]
            elif initial is not None and medial is None:
                medial = char
            else:
                flush()
                out.append(char)  # a vowel with no consonant before it
        elif syllable_open and _may_follow(finals, char):
            finals.append(char)
        elif char in _INITIAL_JAMO:
            flush()
            initial = char
        else:
            flush()
            out.append(char)
    flush()
    return "".join(out)


def hangul_of_keys(keys: str) -> str | None:
    """The Hangul that Latin `keys` type on a 2-set keyboard, when they spell
    syllables ("tntnf" -> "수술", "dkssudgktpdy" -> "안녕하세요"; one lone
    consonant may end it, as typing goes on); None when they do not (a vowel
    without its consonant, consonants without a vowel)."""
    if not keys or not keys.isascii() or not keys.isalpha():
        return None
    text = compose(jamo_of_keys(keys))
    body = text[:-1] if text[-1] in _INITIAL_JAMO else text
    if not body or not all(is_syllable(char) for char in body):
        return None
    return text


def keys_of(text: str) -> str:
    """The 2-set keys that type `text` (the inverse of `hangul_of_keys`):
    each syllable as its jamo, a double vowel or final as its two keys."""
    keys: list[str] = []
    for char in text:
        if not is_syllable(char):
            keys.append(_KEY_OF.get(char, char))
            continue
        initial, medial, final = jamo_of(char)
        parts = [_INITIAL_JAMO[initial]]
        vowel = _MEDIAL_JAMO[medial]
        parts += _MEDIAL_PARTS.get(vowel, (vowel,))
        if final:
            consonant = _FINAL_JAMO[final]
            parts += _FINAL_PARTS.get(consonant, (consonant,))
        keys += [_KEY_OF[part] for part in parts]
    return "".join(keys)


_COMPATIBILITY = {CHOSEONG_FIRST + number: jamo for number, jamo in enumerate(_INITIAL_JAMO)}


def compatibility_jamo(text: str) -> str:
    """`text` with each initial consonant as the keyboard's jamo again ("ᄀ" ->
    "ㄱ"), for showing folded text back to the user."""
    return text.translate(_COMPATIBILITY)
