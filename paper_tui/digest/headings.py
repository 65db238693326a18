"""ATX headings (`## Title ##`) as the line-by-line readers see them, read in linear time.

A pattern like `^#{1,6}[ \\t]+(.*?)[ \\t]*#*[ \\t]*$` retries its trailing part at every
character of the title, and that part scans a run of spaces or `#` to its end: a
heading with 20,000 spaces inside took seconds. Here the closing sequence is cut
off from the right once, which gives the same title.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"###[ \t]+(?P<number>\d{1,4})[.)][ \t]+")
"""The opening of a numbered paper heading (`### 1. `)."""


def heading_title(text: str) -> str:
    """`text` (what follows a heading's opening) without its closing sequence: the
    trailing spaces, `#`s and spaces (`Title ##` -> `Title`)."""
    return text.rstrip(" \t").rstrip("#").rstrip(" \t")


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, title) of `line` (stripped) when it is an ATX heading (`## Title`), else None."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or line[level : level + 1] not in (" ", "\t"):
        return None
    return level, heading_title(line[level:].lstrip(" \t"))


def numbered_heading(line: str) -> tuple[str, str] | None:
    """(number, title) of a numbered paper heading (`### 1. Title`, `line` stripped), else
    None; the title is never empty (`### 1. #` has the title `#`)."""
    opening = _NUMBERED.match(line)
    if opening is None:
        return None
    rest = line[opening.end() :]
    if not rest:
        return None
    return opening.group("number"), heading_title(rest) or rest[0]
