"""mistletoe, tuned to what digests use.

Digests are mostly prose; mistletoe spends about two thirds of its time on
inline (span) tokens, which only paper headings need. So block structure is
read with span parsing off, and headings alone are span-parsed afterwards.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_BARE_URL_HEADING = re.compile(r"^(?P<title>.*?)\s*\((?P<url>https?://[^\s)]+)\)\s*$", re.DOTALL)
_PLAIN_LINK_HEADING = re.compile(
    r"^\[(?P<title>[^\[\]*_`\\<>!&]*)\]\((?P<url>https?://[^\s()<>]+)\)$"
)
_MARKUP = re.compile(r"[\[\]*_`\\<>!&~]")
"""Characters that could start an inline token: a heading with none is plain text."""

_MISTLETOE = threading.RLock()
"""mistletoe keeps its token lists and the document being parsed in module
globals: one parse (or heading read) at a time, whichever thread asks. Parsing
holds the GIL anyway, so the lock costs no throughput; parallel loads use
processes."""


@contextmanager
def block_structure_only() -> Iterator[None]:
    """Run mistletoe with only the block tokens digests use and no span parsing.

    mistletoe keeps its token lists in module globals; they are swapped for
    the duration of one parse and restored after, even on error, under a lock
    that `heading_link` takes too (a heading read in one thread while another
    parses would otherwise see span parsing off and keep its `*`s).
    """
    from mistletoe import block_token
    from mistletoe import span_token as span_module

    span_token: Any = span_module
    with _MISTLETOE:
        saved_blocks = list(block_token._token_types)
        saved_inner = span_token.tokenize_inner
        raw_text = span_token.RawText
        block_token._token_types[:] = [
            block_token.CodeFence,
            block_token.Heading,
            block_token.Quote,
            block_token.ThematicBreak,
            block_token.List,
            block_token.Paragraph,
        ]
        # Leaf blocks look this up at call time: keep their text as one raw token.
        span_token.tokenize_inner = lambda content: [raw_text(content)]
        try:
            yield
        finally:
            block_token._token_types[:] = saved_blocks
            span_token.tokenize_inner = saved_inner


def raw_text(token: Any) -> str:
    """The unparsed inline text of a leaf block read with span parsing off."""
    children = getattr(token, "children", None) or ()
    return "".join(getattr(child, "content", "") for child in children)


def plain_text(tokens: Sequence[Any]) -> str:
    """Inline tokens to plain text: markup dropped, link and emphasis text kept."""
    parts: list[str] = []
    for token in tokens:
        name = type(token).__name__
        if name in ("LineBreak",):
            parts.append(" ")
        elif name == "Image":
            continue
        elif getattr(token, "children", None):
            parts.append(plain_text(list(token.children)))
        else:
            parts.append(getattr(token, "content", ""))
    return "".join(parts)


def heading_link(raw: str) -> tuple[str, str] | None:
    """(title, url) of a paper heading, `[Title](url)` or `Title (url)`."""
    plain = _PLAIN_LINK_HEADING.match(raw)
    if plain:
        # No markup characters at all: mistletoe would find exactly this link.
        return plain.group("title"), plain.group("url")
    if _MARKUP.search(raw) is None:
        # `Title (url)` with no markup (arXiv listings): mistletoe would find no
        # link and read the title as the plain text it is.
        bare = _BARE_URL_HEADING.match(raw)
        return (bare.group("title"), bare.group("url")) if bare else None
    with _MISTLETOE:
        return _tokenized_heading_link(raw)


def _tokenized_heading_link(raw: str) -> tuple[str, str] | None:
    from mistletoe import span_token

    tokenize_inner: Any = span_token.tokenize_inner
    tokens = list(tokenize_inner(raw))
    for index, token in enumerate(tokens):
        if type(token).__name__ == "Link":
            title = plain_text(list(token.children or ()))
            # Text around the link ("[Title](url) (ICLR 2025)") belongs to the title too.
            rest = plain_text(tokens[:index] + tokens[index + 1 :]).strip()
            if rest:
                title = f"{title} {rest}"
            return title, str(token.target)
    match = _BARE_URL_HEADING.match(raw)
    if match:
        return plain_text(list(tokenize_inner(match.group("title")))), match.group("url")
    return None
