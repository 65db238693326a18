"""The user's notes, searched when a query runs: a free word also matches a
paper whose note holds it, and `note:word` only there.

Notes live in the reading state, not in the index: there are few (one per
paper at most, written by hand), and they change while the app runs, so they
are matched afresh on each search, by the same per-token rules as the index
(`paper_tui.search.match.token_quality`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from paper_tui.search.match import token_quality
from paper_tui.search.query import TOKEN, Term, fold
from paper_tui.search.segment import Segment

NOTES_WEIGHT = 2.0
"""A word in the paper's note weighs as much as one in its authors: less than
the title, more than its sections."""

NoteKey = tuple[Term, bool]
"""A term and whether typos are forgiven (not for exclusions), as the engine asks."""


def notes_of(state: object) -> Mapping[str, str]:
    """arXiv id -> note text of every noted paper, from a reading state that
    offers a `notes()` snapshot, or `noted_ids()` and `note(id)`; none from
    one that knows no notes."""
    snapshot = getattr(state, "notes", None)
    if callable(snapshot):
        found = snapshot()
        return found if isinstance(found, Mapping) else {}
    ids, note = getattr(state, "noted_ids", None), getattr(state, "note", None)
    if callable(ids) and callable(note):
        return {arxiv_id: str(note(arxiv_id)) for arxiv_id in ids()}
    return {}


def note_quality(term: Term, folded: str, tokens: Sequence[str], fuzzy: bool) -> float:
    """How well a term matches one folded note (0.0: not at all); a phrase literally."""
    if term.phrase:
        return 1.0 if " ".join(term.text.split()) in " ".join(folded.split()) else 0.0
    return max(
        (token_quality(term.text, token, fuzzy, term.unfinished) for token in tokens),
        default=0.0,
    )


class NoteMatches:
    """Which notes each asked term matches, and how well, for one search."""

    def __init__(self, notes: Mapping[str, str], keys: Sequence[NoteKey]) -> None:
        folded = {fold(arxiv_id): fold(text) for arxiv_id, text in notes.items() if text}
        tokens = {arxiv_id: TOKEN.findall(text) for arxiv_id, text in folded.items()}
        ids = list(folded)
        values: dict[NoteKey, npt.NDArray[np.float32]] = {}
        for key in dict.fromkeys(keys):
            term, fuzzy = key
            found = np.array(
                [NOTES_WEIGHT * note_quality(term, folded[one], tokens[one], fuzzy) for one in ids],
                dtype=np.float32,
            )
            if found.any():
                values[key] = found
        matched = np.zeros(len(ids), dtype=np.bool_)
        for found in values.values():
            matched |= found > 0
        kept = np.flatnonzero(matched)
        self._ids = [ids[number] for number in kept.tolist()]
        self._values = {key: found[kept] for key, found in values.items()}

    def __bool__(self) -> bool:
        return bool(self._values)

    def in_block(
        self, segment: Segment
    ) -> dict[NoteKey, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]:
        """Per term, (positions in the block, score) of the papers whose note it matches."""
        if not self._values:
            return {}
        numbers, positions = segment.positions_of_ids(self._ids)
        if not len(positions):
            return {}
        found = {}
        for key, values in self._values.items():
            scores = values[numbers]
            wanted = scores > 0
            if wanted.any():
                found[key] = (positions[wanted], scores[wanted])
        return found
