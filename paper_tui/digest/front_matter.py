"""YAML front matter (`---` ... `---` on the first lines), which some digests start with.

It is metadata, not digest text: it is blanked out (line for line, so line
numbers still match the file) before any adapter sees the text, and a `date:`
in it may give the digest's day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from paper_tui.digest.dates import date_in_text

_OPENING = re.compile(r"^---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_DATE_KEY = re.compile(r"^date[ \t]*:[ \t]*(?P<value>.*)$", re.MULTILINE | re.IGNORECASE)
MAX_FRONT_MATTER = 64 * 1024
"""Front matter is a few lines; a `---` rule with no closing one near is not front matter."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the front matter said, and the text with it blanked out."""

    text: str
    date: date | None = None
    lines: int = 0
    """How many lines the front matter took (0: there was none)."""


def strip_front_matter(text: str) -> FrontMatter:
    """`text` with its front matter (if any) turned into as many empty lines."""
    if not text.startswith("---") or _OPENING.match(text) is None:
        return FrontMatter(text)
    body_start = text.index("\n") + 1
    closing = _CLOSING.search(text, body_start, body_start + MAX_FRONT_MATTER)
    if closing is None:
        return FrontMatter(text)
    block = text[body_start : closing.start()]
    if block.strip() and ":" not in block:
        return FrontMatter(text)  # a thematic break over prose, not metadata
    end = closing.end()
    lines = text.count("\n", 0, end) + 1
    day = None
    if found := _DATE_KEY.search(block):
        day = date_in_text(found.group("value"))
    return FrontMatter("\n" * (lines - 1) + text[end:], day, lines)
