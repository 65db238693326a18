"""Quoted phrases: found literally, but only in texts that hold all their words.

The index knows which texts hold which words, not where: so a phrase's words
narrow the texts to check (inner words as whole tokens, the last as a prefix,
the first anywhere inside a token, since the phrase may start mid-word), and
a plain substring test on those texts decides. Whitespace width is ignored.
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np

from paper_tui.search.postings import ARXIV_ID, AUTHORS, FIRST_SECTION, TITLE, IntArray
from paper_tui.search.query import TOKEN
from paper_tui.search.segment import Bools, Floats, Segment


class Phrase:
    """A folded phrase, found literally but for the width of whitespace."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        self.pattern = re.compile(r"\s+".join(map(re.escape, self.text.split())))


def phrase_scores(segment: Segment, phrase: str, weights: Floats) -> Floats:
    """Per paper, the weight of the best field holding the phrase literally.

    Only texts holding each of its words are checked: inner words as whole
    tokens, the last as a prefix, the first anywhere inside a token (the
    phrase may start mid-word).
    """
    postings = segment.postings
    best = np.zeros(segment.size, dtype=np.float32)
    texts_mask: Bools | None = None
    for match in TOKEN.finditer(phrase):
        # A word with a separator before it in the phrase starts a token of
        # the text; with one after it too, it is a whole token.
        starts_token = match.start() > 0
        ends_token = match.end() < len(phrase)
        if starts_token:
            how = "exact" if ends_token else "prefix"
        elif len(match.group()) > 1 or match.end() == len(phrase):
            how = "inside"  # (one letter inside words narrows little: only if alone)
        else:
            continue
        found = segment.text_mask(match.group(), weights, how)
        texts_mask = found if texts_mask is None else texts_mask & found
    if texts_mask is None:  # no word to narrow by: every text in scope
        texts_mask = np.tile(weights[postings.code_of_slot] > 0, segment.size)
    keys = np.flatnonzero(texts_mask)
    if not len(keys):
        return best
    slots = len(postings.code_of_slot)
    papers, codes = keys // slots, postings.code_of_slot[keys % slots]
    if TOKEN.fullmatch(phrase):  # one word: found inside a token is found, no check
        np.maximum.at(best, papers, weights[codes])
        return best
    literal = Phrase(phrase)
    for code in (TITLE, AUTHORS, ARXIV_ID):
        chosen = papers[codes == code]
        if len(chosen):
            found = chosen[_found(literal, segment.folded(code, chosen), chosen)]
            best[found] = np.maximum(best[found], weights[code])
    section_papers = papers[codes >= FIRST_SECTION]  # ascending, since keys are
    if len(section_papers):
        first = np.ones(len(section_papers), dtype=np.bool_)
        first[1:] = section_papers[1:] != section_papers[:-1]
        section_papers = section_papers[first]
    if len(section_papers):
        starts = postings.section_starts[section_papers]
        lengths = postings.section_starts[section_papers + 1] - starts
        numbers = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(
            int(lengths.sum()), dtype=np.int64
        )
        owners = np.repeat(section_papers, lengths)
        fields = postings.section_fields[numbers]
        wanted = texts_mask[owners * slots + postings.slot_of_code[fields]]
        numbers, owners, fields = numbers[wanted], owners[wanted], fields[wanted]
        # In rounds (each paper's first candidate section, then its second...),
        # skipping papers already found in a field that weighs as much.
        first_of_owner = np.ones(len(owners), dtype=np.bool_)
        first_of_owner[1:] = owners[1:] != owners[:-1]
        run_starts = np.flatnonzero(first_of_owner)
        run_lengths = np.diff(np.append(run_starts, len(owners)))
        rank = np.arange(len(owners)) - np.repeat(run_starts, run_lengths)
        for round_ in range(int(rank.max()) + 1 if len(rank) else 0):
            chosen = (rank == round_) & (weights[fields] > best[owners])
            if not chosen.any():
                break
            found = _found(
                literal, segment.folded(FIRST_SECTION, numbers[chosen]), numbers[chosen]
            )
            hit_owners = owners[chosen][found]
            best[hit_owners] = np.maximum(best[hit_owners], weights[fields[chosen][found]])
    return best

def _found(phrase: Phrase, texts: list[str], numbers: IntArray) -> Bools:
    """Which of texts[numbers] hold the phrase (the hot loop, kept in C)."""
    listed = numbers.tolist()
    found = np.fromiter(
        map(str.__contains__, map(texts.__getitem__, listed), repeat(phrase.text)),
        dtype=np.bool_,
        count=len(listed),
    )
    if " " in phrase.text:
        # Where the literal failed, a line break or double space may sit inside it.
        first = phrase.text.split(" ", 1)[0]
        for index in np.flatnonzero(~found).tolist():
            text = texts[listed[index]]
            if first in text and phrase.pattern.search(text):
                found[index] = True
    return found
