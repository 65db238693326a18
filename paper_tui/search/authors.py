"""Papers by followed authors (`is:followed`), found through the index.

An author is followed by name, compared as `text.name_key` folds it. Rather
than fold every author of every paper, each followed name's words are looked up
in a block's vocabulary, the papers holding all of them in their authors are
gathered from the postings, and only those few are checked name by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from paper_tui.model import Paper
from paper_tui.search.postings import AUTHORS, Postings
from paper_tui.search.query import TOKEN, fold
from paper_tui.text import name_key

Bools = npt.NDArray[np.bool_]


def followed_keys(names: Iterable[str]) -> frozenset[str]:
    """The names as `text.name_key` folds them (blank ones dropped)."""
    return frozenset(key for key in map(name_key, names) if key)


def _author_papers(postings: Postings, word: str) -> npt.NDArray[np.int64]:
    """Positions in the block of the papers whose authors hold `word` exactly."""
    vocabulary = postings.vocabulary
    number = vocabulary.bisect(word)
    if number == len(vocabulary) or vocabulary[number] != word:
        return np.zeros(0, dtype=np.int64)
    start, end = postings.entry_starts[number], postings.entry_starts[number + 1]
    fields = postings.entry_fields[start:end]
    found: npt.NDArray[np.int64] = postings.entry_papers[start:end][fields == AUTHORS].astype(
        np.int64
    )
    return found


def followed_in_block(
    postings: Postings, papers: Sequence[Paper], start: int, keys: frozenset[str]
) -> Bools:
    """Per paper of one block (its papers at `papers[start:]`), whether one of its
    authors is one of `keys` (`followed_keys`)."""
    mask = np.zeros(postings.size, dtype=np.bool_)
    candidates: set[int] = set()
    for key in keys:
        words = TOKEN.findall(fold(key))
        if not words:
            continue
        held = _author_papers(postings, words[0])
        for word in words[1:]:
            if not len(held):
                break
            held = np.intersect1d(held, _author_papers(postings, word), assume_unique=False)
        candidates.update(held.tolist())
    for position in candidates:
        if any(name_key(author) in keys for author in papers[start + position].authors):
            mask[position] = True
    return mask
