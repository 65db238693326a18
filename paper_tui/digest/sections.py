"""Section labels as digests write them, to one section name each.

`- **What's New**: ...` (and `***X***:`, `__X__`, `**X:**`, the unbalanced
`***X*:`), `**1. Problem**: ...`, `🔍 What's New: ...`: every family names its
summary sections one of these ways, and the name comes out the same.
"""

from __future__ import annotations

import re

UNNAMED_SECTION = "Summary"
"""The section name given to text under no label (early digests' plain bullets, table cells)."""

_BOLD_LABEL = re.compile(
    r"^(?P<mark>\*{2,3}|_{2,3})(?P<name>[^*_\n]{1,80}?)(?P=mark)\s*[:：]?\s*"
    # An unbalanced marker (`***Technical Details*:`) still names the section when a colon follows.
    r"|^(?:\*{1,3}|_{1,3})(?P<loose>[^*_\n:：]{1,80}?)(?:\*{1,3}|_{1,3})\s*[:：]\s*"
)
_NUMBERED_LABEL = re.compile(
    r"^(?:[-*+][ \t]+)?(?:\*\*|__)(?P<number>\d{1,2})[.)][ \t]*(?P<name>[^*_\n]{1,80}?)"
    r"(?:(?:\*\*|__)[ \t]*[:：]?|[ \t]*[:：][ \t]*(?:\*\*|__))[ \t]*"
)
_LIST_LEADER = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_EMOJI = re.compile(
    "^(?:[\U0001f000-\U0001faff\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf"
    "\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299][\ufe0e\ufe0f\u20e3\u200d"
    "\U0001f3fb-\U0001f3ff]*)+[ \t]*"
)
_EMOJI_NAME = re.compile(r"^(?:\*\*|__)?(?P<name>[^:：\n]{1,80}?)(?:\*\*|__)?[ \t]*[:：][ \t]*")
MAX_BARE_NAME = 60
"""An emoji line with no colon is a section name alone on its line only when this short."""


def section_name(raw: str) -> str:
    """A label as written to a section name: one space between words, no colon, straight `'`."""
    name = " ".join(raw.split()).rstrip(":：").strip()
    return name.replace("’", "'")


def bold_label(text: str) -> tuple[str, str] | None:
    """(name, text after it) of a bullet that starts with a bold label (`**What's New**: ...`)."""
    match = _BOLD_LABEL.match(text)
    if match is None:
        return None
    name = section_name(match.group("name") or match.group("loose") or "")
    return name or UNNAMED_SECTION, text[match.end() :]


def numbered_label(line: str) -> tuple[str, str] | None:
    """(name, text after it) of a numbered bold label (`**1. Problem**: ...`), else None."""
    match = _NUMBERED_LABEL.match(line)
    if match is None:
        return None
    name = section_name(match.group("name"))
    return (name, line[match.end() :]) if name else None


def emoji_label(line: str) -> tuple[str, str] | None:
    """(name, text after it) of a line that starts with an emoji (`🔍 What's New: ...`,
    `⚙️ Technical Details` alone on its line), else None."""
    lead = _EMOJI.match(line)
    if lead is None:
        return None
    rest = line[lead.end() :]
    named = _EMOJI_NAME.match(rest)
    if named is not None:
        name = section_name(named.group("name"))
        return (name, rest[named.end() :]) if name else None
    bare = section_name(rest.replace("**", "").replace("__", ""))
    if bare and len(bare) <= MAX_BARE_NAME:
        return bare, ""
    return None


def dedent_item(lines: list[str]) -> str:
    """A list item's markdown with its bullet removed and its body de-indented."""
    if not lines:
        return ""
    first = lines[0]
    leader = _LIST_LEADER.match(first)
    indent = leader.end() if leader else len(first) - len(first.lstrip())
    body = [first[indent:]]
    for line in lines[1:]:
        stripped = len(line) - len(line.lstrip(" "))
        body.append(line[min(indent, stripped) :])
    return "\n".join(body).strip()
