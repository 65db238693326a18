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
from functools import cache
from typing import Any

_PLAIN_LINK_HEADING = re.compile(
    r"^\[(?P<title>[^\[\]*_`\\<>!&]*)\]\((?P<url>https?://[^\s()<>]+)\)$"
)
_MARKUP = re.compile(r"[\[\]*_`\\<>!&~]")
"""Characters that could start an inline token: a heading with none is plain text."""
_LINK = re.compile(r"\[(?P<title>[^\[\]]*+)\]\(\s*+<?(?P<url>[^\s()<>]++)>?\s*+\)")
"""A `[title](url)` link, read once from each `[` (a heading too long for mistletoe)."""
_MARKUP_OF_TITLE = re.compile(r"[*_`~\\]")
MAX_TOKENIZED_HEADING = 1000
"""A heading longer than this (real ones are under 200 characters) is not handed to
mistletoe, whose link and emphasis matching rescans the rest of the heading from each
bracket or star (`[a](` repeated 8,000 times took 15 s): its link is found by `_LINK`."""
MAX_TOKENIZED_MARKUP = 64
"""Nor is a heading with more markup characters than this (a real one has a handful)."""

MAX_NESTING = 16
"""Quote and list markers a line may open for mistletoe; more are dropped (flattened)."""
MAX_INDENT = 2 * MAX_NESTING
"""Columns of indentation a line may have for mistletoe (a list level takes two or more)."""
_DEEP_CANDIDATE = re.compile(r"^[ \t>*+\-0-9.)]{16,}", re.MULTILINE)
"""A line that starts with enough marker and space characters to be nested too deep."""
_PREFIX_UNIT = re.compile(r"[ \t]+|>[ \t]?|(?:[-+*]|\d{1,9}[.)])[ \t]+")
"""One piece of a line's container prefix: spaces, or a quote or list marker and the
space after it."""
_PREFIX = re.compile(r"(?:[ \t]+|>[ \t]?|(?:[-+*]|\d{1,9}[.)])[ \t]+)*+")
"""A whole container prefix, or what is left of one."""

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
            linear_heading(),
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


@cache
def linear_heading() -> type[Any]:
    """mistletoe's ATX `Heading`, read in linear time.

    Its pattern, `' {0,3}(#{1,6})(?:\\n|\\s+?(.*?)(\\n|\\s+?#+\\s*?$))'`, rescans
    the rest of a run of spaces from each of its characters, looking for a
    closing `#`: a heading line of 12,000 spaces took 5.6 s to parse. This finds
    the same level, content and closing sequence in one pass: the content runs
    from after the first space to the line's end, or to the spaces before a
    closing run of `#` at its end, whichever comes first (what the pattern's
    lazy groups settle on). Named `Heading`, as what reads blocks goes by names.
    """
    from mistletoe import block_token

    class Heading(block_token.Heading):
        @classmethod
        def start(cls, line: str) -> bool:
            found = atx_heading(line)
            if found is None:
                return False
            cls.level, cls.content, cls.closing_sequence = found
            return True

    return Heading


def atx_heading(line: str) -> tuple[int, str, str] | None:
    """(level, content, closing `#`s) of an ATX heading line, as mistletoe's
    `Heading.start` reads it; None when it is not one (see `linear_heading`)."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3:
        return None
    rest = body.lstrip("#")
    level = len(body) - len(rest)
    if not 1 <= level <= 6 or not rest or not rest[0].isspace():
        return None
    if rest[0] == "\n":
        return level, "", ""
    newline = rest.find("\n", 1)
    end = len(rest) if newline < 0 else newline
    closing = ""
    trimmed = rest.rstrip()
    unhashed = trimmed.rstrip("#")
    if len(unhashed) < len(trimmed) and unhashed[-1].isspace():
        spaces_from = max(len(unhashed.rstrip()), 1)
        if spaces_from < len(unhashed) and spaces_from < end:
            end, closing = spaces_from, trimmed[len(unhashed) :]
    if newline < 0 and not closing:
        return None  # no line end and no closing run: the pattern does not match
    content = rest[1:end].strip()
    if content and not content.strip("#"):
        content = ""
    return level, content, closing


def flatten_deep_nesting(text: str) -> str:
    """`text` with every line nested deeper than mistletoe should see flattened, line
    for line (so line numbers and the sections sliced from `text` stay the same).

    mistletoe re-reads a nested block's lines at every level, and recurses: lists
    nested 3,000 deep took 12 s and gigabytes, and one line of 1,000 `> ` raised
    RecursionError (which lost the file's papers). A line keeps at most `MAX_NESTING`
    quote or list markers and `MAX_INDENT` columns of indentation; what is beyond is
    dropped, so deeper levels become siblings at the deepest level kept. No real
    digest comes near either limit.
    """
    pieces: list[str] = []
    done = 0
    for candidate in _DEEP_CANDIDATE.finditer(text):
        line_end = text.find("\n", candidate.start())
        line = text[candidate.start() : len(text) if line_end < 0 else line_end]
        flattened = _flattened_line(line)
        if flattened is not line:
            pieces.append(text[done : candidate.start()])
            pieces.append(flattened)
            done = candidate.start() + len(line)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _flattened_line(line: str) -> str:
    """`line` with its container prefix cut to `MAX_NESTING` markers and `MAX_INDENT`
    columns (tabs count four), or `line` itself when it is within both."""
    kept: list[str] = []
    markers = indent = 0
    position = 0
    cut = False
    while (unit := _PREFIX_UNIT.match(line, position)) is not None:
        piece = unit.group()
        position = unit.end()
        if piece[0] in " \t":
            width = len(piece.expandtabs(4))
            room = MAX_INDENT - indent
            if width > room:
                piece, width, cut = " " * max(room, 0), max(room, 0), True
            indent += width
        elif markers < MAX_NESTING:
            markers += 1
        else:  # the rest of the prefix goes, in one step
            rest = _PREFIX.match(line, unit.start())
            position = rest.end() if rest is not None else position
            cut = True
            break
        kept.append(piece)
    if not cut:
        return line
    return "".join(kept) + line[position:]


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
        return bare_url_heading(raw)
    if len(raw) > MAX_TOKENIZED_HEADING or len(_MARKUP.findall(raw)) > MAX_TOKENIZED_MARKUP:
        return _scanned_heading_link(raw)
    with _MISTLETOE:
        return _tokenized_heading_link(raw)


def bare_url_heading(raw: str) -> tuple[str, str] | None:
    """(title, url) of `Title (https://...)`: the heading ends with a parenthesised
    http(s) URL (no space or `)` in it), the title is what comes before.

    What `^(.*?)\\s*\\((https?://[^\\s)]+)\\)\\s*$` matches, found in one pass: that
    pattern tried the URL from every `(` to the end (`(http://a` repeated: seconds).
    The URL can only start after the last space and the last `)` before the closing
    one, and the first `(` there that opens an http(s) URL is the one the pattern takes.
    """
    text = raw.rstrip()
    if not text.endswith(")"):
        return None
    body = text[:-1]
    if not body or body[-1].isspace():
        return None
    words = body.rsplit(None, 1)
    start = len(body) - len(words[-1])
    start = max(start, body.rfind(")") + 1)
    opening = body.find("(", start)
    while opening >= 0:
        url = body[opening + 1 :]
        for scheme in ("https://", "http://"):
            if url.startswith(scheme) and len(url) > len(scheme):
                return raw[:opening].rstrip(), url
        opening = body.find("(", opening + 1)
    return None


def _scanned_heading_link(raw: str) -> tuple[str, str] | None:
    """(title, url) of a heading too long or too marked up for mistletoe: its first
    `[title](url)` link (the text around it added to the title), else a bare URL at
    its end; markup characters are dropped from the title."""
    link = _LINK.search(raw)
    if link is None:
        bare = bare_url_heading(raw)
        return None if bare is None else (_MARKUP_OF_TITLE.sub("", bare[0]), bare[1])
    title = _MARKUP_OF_TITLE.sub("", link.group("title")).strip()
    rest = _MARKUP_OF_TITLE.sub("", f"{raw[: link.start()]} {raw[link.end() :]}").strip()
    return (f"{title} {rest}" if rest else title), link.group("url")


def _tokenized_heading_link(raw: str) -> tuple[str, str] | None:
    from mistletoe import span_token, token

    mistletoe_token: Any = token
    saved_root = mistletoe_token._root_node
    if saved_root is None:
        # No document is being parsed: a `[label]` that is no link looks its label up in
        # the document's link definitions, of which a heading alone has none.
        mistletoe_token._root_node = _NO_DOCUMENT
    try:
        return _tokens_link(raw, span_token.tokenize_inner)
    finally:
        mistletoe_token._root_node = saved_root


class _NoDocument:
    """What mistletoe reads link definitions from when a heading is read alone: none."""

    def __init__(self) -> None:
        self.footnotes: dict[str, Any] = {}


_NO_DOCUMENT = _NoDocument()


def _tokens_link(raw: str, tokenize_inner: Any) -> tuple[str, str] | None:
    tokens = list(tokenize_inner(raw))
    for index, token in enumerate(tokens):
        if type(token).__name__ == "Link":
            title = plain_text(list(token.children or ()))
            # Text around the link ("[Title](url) (ICLR 2025)") belongs to the title too.
            rest = plain_text(tokens[:index] + tokens[index + 1 :]).strip()
            if rest:
                title = f"{title} {rest}"
            return title, str(token.target)
    bare = bare_url_heading(raw)
    if bare:
        return plain_text(list(tokenize_inner(bare[0]))), bare[1]
    return None
