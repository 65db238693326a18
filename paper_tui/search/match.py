"""How one query word matches one token, and where: the rules the search index
applies over its whole vocabulary at once, applied here to a single paper's
text to find the spans to highlight.

A word matches a token exactly, as a prefix ("diffus" in "diffusion"), inside it
("비디오" in "고화질비디오를", for words of three letters or two Hangul syllables
and more), by initial consonants at a token's start ("ᄉᄉ" for "수술을", not
"지시사항"; consonants mixed with syllables may match inside: "ᄉ술" in "사수술"),
for the query's last word, by what its last syllable may still become ("모데"
for "모델", see `Term.unfinished`), or within one or two typos
(words of four letters and more; a swap of two neighbouring letters is one
typo, "vidoe" for "video": optimal string alignment distance). Spans are
offsets into the ORIGINAL text: folding keeps a map back from each folded
character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from paper_tui.search.hangul import (
    chosung_of,
    has_choseong,
    has_hangul,
    is_choseong,
    unfinished_forms,
)
from paper_tui.search.query import TOKEN, Term, fold

Span = tuple[int, int]

_DIGIT = re.compile(r"\d")

EXACT = 1.0
PREFIX = 0.9
UNFINISHED = 0.85
"""A word whose last syllable is still being typed, at a token's start ("모데" in "모델")."""
CHOSUNG_EXACT = 0.85
CHOSUNG_PREFIX = 0.8
FUZZY_ONE = 0.7
INFIX = 0.6
CHOSUNG_INFIX = 0.5
FUZZY_TWO = 0.5


def fuzzy_budget(word: str) -> int:
    """How many typos a word of this length may have and still match a token
    (never one with a digit, in the word or in the token)."""
    if len(word) < 4 or has_choseong(word) or any(char.isdigit() for char in word):
        return 0  # "2408" is not a typo of "2409"
    return 1 if len(word) < 8 else 2


def allows_infix(word: str) -> bool:
    """Whether the word may match inside a token, not only at its start:
    shorter words would match nearly everything."""
    return len(word) >= 3 or (len(word) == 2 and has_hangul(word))


def is_short(word: str) -> bool:
    """A one-letter Latin word or digit: matched only in titles, authors and ids,
    since in a kilobyte of section text it would match every paper."""
    return len(word) == 1 and not has_hangul(word)


def is_consonants(word: str) -> bool:
    """A chosung word of initial consonants only ("ᄉᄉ", not "ᄉ술"): it matches
    only at a token's start (inside one, two consonants match nearly anything)."""
    return has_choseong(word) and chosung_of(word) == word


@lru_cache(maxsize=256)
def unfinished_pattern(word: str) -> re.Pattern[str] | None:
    """What an unfinished word matches (itself included), as a pattern; None for
    a word that does not end in a syllable."""
    forms = unfinished_forms(word)
    if not forms:
        return None
    # Every form starts with the word but its last syllable: written first, it
    # lets the regular expression engine look for that literal text quickly.
    common = word[:-1]
    endings = "|".join(
        re.escape(head[len(common) :])
        + (re.escape(low) if low == high else f"[{re.escape(low)}-{re.escape(high)}]")
        for head, low, high in forms
    )
    return re.compile(f"{re.escape(common)}(?:{endings})")


def syllables_agree(word: str, token: str, position: int) -> bool:
    """Where a chosung word has a full syllable, the token has that syllable too
    ("ᄃ규모" matches "대규모" but not "대구모")."""
    return all(
        char == token[position + offset]
        for offset, char in enumerate(word)
        if not is_choseong(char)
    )


def chosung_quality(word: str, token: str, position: int) -> float:
    """The quality of a chosung match found at `position` of the token."""
    if position == 0:
        return CHOSUNG_EXACT if len(token) == len(word) else CHOSUNG_PREFIX
    return CHOSUNG_INFIX


def token_quality(
    word: str, token: str, fuzzy: bool = True, unfinished: bool = False
) -> float:
    """How well a folded query word matches a folded token (0.0: not at all);
    `unfinished`: the word's last syllable may still be being typed."""
    if word == token:
        return EXACT
    if has_choseong(word):
        return max((quality for _, quality in _chosung_matches(word, token)), default=0.0)
    if token.startswith(word):
        return PREFIX
    pattern = unfinished_pattern(word) if unfinished else None
    if pattern is not None and pattern.match(token):
        return UNFINISHED
    if allows_infix(word) and (word in token if pattern is None else pattern.search(token)):
        return INFIX
    budget = fuzzy_budget(word) if fuzzy else 0
    if budget and abs(len(word) - len(token)) <= budget and not _DIGIT.search(token):
        distance = OSA.distance(word, token, score_cutoff=budget)
        if distance <= budget:
            return FUZZY_ONE if distance <= 1 else FUZZY_TWO
    return 0.0


def _chosung_matches(word: str, token: str) -> list[tuple[int, float]]:
    """(position, quality) of each place the chosung word matches the token;
    consonants alone match only at the token's start."""
    key, haystack = chosung_of(word), chosung_of(token)
    positions: list[int] = []
    if key == word:
        positions = [0] if haystack.startswith(key) else []
    else:
        position = haystack.find(key)
        while position >= 0:
            positions.append(position)
            position = haystack.find(key, position + 1)
    return [
        (position, chosung_quality(word, token, position))
        for position in positions
        if syllables_agree(word, token, position)
    ]


def token_spans(word: str, token: str, unfinished: bool = False) -> list[Span]:
    """Where in `token` the word matched (offsets into the token)."""
    quality = token_quality(word, token, unfinished=unfinished)
    if quality == 0.0:
        return []
    if quality in (EXACT, FUZZY_ONE, FUZZY_TWO) and not has_choseong(word):
        return [(0, len(token))]
    if has_choseong(word):
        return [(position, position + len(word)) for position, _ in _chosung_matches(word, token)]
    if quality == PREFIX:
        return [(0, len(word))]
    pattern = unfinished_pattern(word) if unfinished else None
    if pattern is not None:
        inside = allows_infix(word)
        return [match.span() for match in pattern.finditer(token) if inside or match.start() == 0]
    spans = []
    position = token.find(word)
    while position >= 0:
        spans.append((position, position + len(word)))
        position = token.find(word, position + 1)
    return spans


# -- folding with a map back to the original ---------------------------------


def _is_continuation(char: str) -> bool:
    """Whether the character may fold together with the one before it, so both
    belong to one piece: combining marks, conjoining vowels and finals, and the
    compatibility and halfwidth jamo a keyboard types ("ㄱㅏ" folds to "가", as
    in the index)."""
    code = ord(char)
    return (
        0x1160 <= code <= 0x11FF
        or 0xD7B0 <= code <= 0xD7FF
        or 0x3131 <= code <= 0x318E
        or 0xFFA0 <= code <= 0xFFDC
        or unicodedata.combining(char) != 0
    )


def fold_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """`fold(text)` and, for each folded character, the [start, end) of the
    original characters it came from (None, None when offsets are unchanged)."""
    if text.isascii():
        return text.lower(), None, None
    folded = fold(text)
    if len(folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        return folded, None, None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster_start = 0
    for position in range(1, len(text) + 1):
        if position < len(text) and _is_continuation(text[position]):
            continue
        piece = fold(text[cluster_start:position])
        pieces.append(piece)
        starts.extend([cluster_start] * len(piece))
        ends.extend([position] * len(piece))
        cluster_start = position
    return "".join(pieces), starts, ends


def spans_in(text: str, terms: Sequence[Term], sections: bool = False) -> tuple[Span, ...]:
    """Sorted, merged [start, end) offsets into `text` of every match of `terms`;
    `sections` drops one-letter words, which the index does not match there."""
    if not text or not terms:
        return ()
    folded, starts, ends = fold_with_offsets(text)
    found: list[Span] = []
    words = [
        (term.text, term.unfinished)
        for term in terms
        if not term.phrase and not (sections and is_short(term.text))
    ]
    if words:
        for match in TOKEN.finditer(folded):
            token = match.group()
            for word, unfinished in words:
                found.extend(
                    (match.start() + start, match.start() + end)
                    for start, end in token_spans(word, token, unfinished)
                )
    for term in terms:
        if term.phrase:
            pattern = r"\s+".join(re.escape(word) for word in term.text.split())
            found.extend(match.span() for match in re.finditer(pattern, folded))
    if starts is not None and ends is not None:
        found = [(starts[start], ends[end - 1]) for start, end in found if end > start]
    return merge_spans(found)


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted spans with overlapping and touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
