"""The `u`/`B` toggles edit the query text itself (`is:unread`, `is:starred`),
so a toggle and the same filter typed into the search bar are one thing: the
toggle combines with whatever else is typed, and the bar shows what is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

UNREAD_FILTER = "is:unread"
STARRED_FILTER = "is:starred"

_SAME_MEANING = {
    UNREAD_FILTER: ("is:unread", "-is:read"),
    STARRED_FILTER: ("is:starred", "-is:unstarred"),
}
"""Tokens that mean the same as a toggle's filter (typed either way, the toggle sees it)."""


def _token_pattern(tokens: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(token) for token in tokens)
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)", re.IGNORECASE)


def has_filter(query: str, filter_token: str) -> bool:
    """True when `query` holds `filter_token` (or a token meaning the same) as a word."""
    return bool(_token_pattern(_SAME_MEANING[filter_token]).search(query))


def toggle_filter(query: str, filter_token: str) -> str:
    """`query` with `filter_token` removed when present (however typed), else appended.

    The rest of the query is kept word for word, so the toggle combines with it.
    """
    pattern = _token_pattern(_SAME_MEANING[filter_token])
    if pattern.search(query):
        return " ".join(pattern.sub(" ", query).split())
    return f"{query.strip()} {filter_token}".strip()
