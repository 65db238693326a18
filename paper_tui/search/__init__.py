"""The search engine: the query language, an index in blocks of postings, word
matching (prefixes, infixes, typos, chosung, syllables still being typed, the
2-set keyboard), phrases, notes, hits with their spans, mutes and followed
authors, and similar papers (tf-idf over the index).

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.search.engine import FORMAT_VERSION, SearchIndex
    from paper_tui.search.query import (
        Sort,
        StateFlag,
        has_state_filter,
        mute_problem,
        parse,
        sort_order,
        toggle_state_filter,
    )
    from paper_tui.search.similar import Similarity, model_of, similar_papers

_PUBLIC = {
    "FORMAT_VERSION": "engine",
    "SearchIndex": "engine",
    "Similarity": "similar",
    "Sort": "query",
    "StateFlag": "query",
    "has_state_filter": "query",
    "mute_problem": "query",
    "parse": "query",
    "model_of": "similar",
    "similar_papers": "similar",
    "sort_order": "query",
    "toggle_state_filter": "query",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "FORMAT_VERSION",
    "SearchIndex",
    "Similarity",
    "Sort",
    "StateFlag",
    "has_state_filter",
    "model_of",
    "mute_problem",
    "parse",
    "similar_papers",
    "sort_order",
    "toggle_state_filter",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
