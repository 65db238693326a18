"""A paper's fields as digests write them: `Authors: ...`, `Votes: 12`, `Comments: ...`,
a thumbnail image, plain (`Vote: 3`) or bold (`**Votes**: 3`, `- **Authors:** ...`).

Every family reads its fields through these, so `A, B, +, C` or `['A', 'B']`
authors and `1,234` votes mean the same wherever they appear.
"""

from __future__ import annotations

import re

_FIELD = re.compile(
    r"^(?:[-*+][ \t]+)?(?:"
    r"(?:\*\*|__)(?P<bold>[A-Za-z][A-Za-z ]{0,20}?)"
    r"(?:(?:\*\*|__)[ \t]*[:：]|[ \t]*[:：][ \t]*(?:\*\*|__))"
    r"|(?P<plain>[A-Za-z][A-Za-z ]{0,20}?)[ \t]*[:：]"
    r")[ \t]*(?P<value>.*)$"
)
_PLAIN_FIELDS = {
    letter: (field, re.compile(rf"^{key}[ \t]*:[ \t]*(?P<value>.*)$", re.IGNORECASE))
    for letter, field, key in (
        ("v", "votes", "Votes?"),
        ("a", "authors", "Authors?"),
        ("c", "comments", "Comments?"),
    )
}
"""The HF daily fields by the first letter of their line (one dict look-up per line)."""
_IMAGE = re.compile(r"^!\[[^\]]*\]\(\s*<?(?P<url>[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_PYTHON_LIST = re.compile(r"^\[.*\]$", re.DOTALL)
_QUOTED_ITEM = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""")
_LEFT_OUT = ("+", "...", "…")

FIELD_NAMES = {
    "vote": "votes",
    "votes": "votes",
    "upvotes": "votes",
    "author": "authors",
    "authors": "authors",
    "comment": "comments",
    "comments": "comments",
    "link": "links",
    "links": "links",
    "url": "links",
    "paper": "links",
}
"""Field labels, as written (case-folded), to the field they fill."""


def fold(text: str) -> str:
    """Runs of whitespace to one space (the text was cleaned once, up front)."""
    return " ".join(text.split())


def plain_field(line: str) -> tuple[str, str] | None:
    """(field, value) of an HF-daily field line (`Vote: 3`, `Authors: A, B`), else None."""
    known = _PLAIN_FIELDS.get(line[:1].lower())
    if known is None:
        return None
    match = known[1].match(line)
    return None if match is None else (known[0], match.group("value"))


def labelled_field(line: str) -> tuple[str, str, str] | None:
    """(field or "", label, value) of a `Key: value` line, bold or not (`**Links**: ...`,
    `- **Authors:** A, B`); field is "" for a label that is no known field."""
    match = _FIELD.match(line)
    if match is None:
        return None
    label = (match.group("bold") or match.group("plain")).strip()
    return FIELD_NAMES.get(label.lower(), ""), label, match.group("value")


def image_url(line: str) -> str | None:
    """The URL of a markdown image line (a thumbnail), else None."""
    match = _IMAGE.match(line)
    return match.group("url") if match else None


def parse_votes(value: str) -> int | None:
    """A vote count (`12`, `1,234`), or None when it is no number."""
    try:
        return int(value.strip().replace(",", ""))
    except ValueError:
        return None


def parse_authors(value: str) -> tuple[tuple[str, ...], bool]:
    """Authors from `A, B, +, C` (the `+` marks names left out) or `['A', 'B']`.

    `value` is text already passed through `clean`, as the parser does first.
    """
    value = value.strip()
    names: list[str]
    if _PYTHON_LIST.match(value):
        names = [single or double for single, double in _QUOTED_ITEM.findall(value)]
        names = [name.replace("\\'", "'").replace('\\"', '"') for name in names]
    else:
        names = value.split(",")
    cleaned = [fold(name) for name in names]
    truncated = any(name in _LEFT_OUT for name in cleaned)
    authors = tuple(name for name in cleaned if name and name not in _LEFT_OUT)
    return authors, truncated
