"""Turning digest markdown into the model.

mistletoe finds the block structure (headings, lists, paragraphs, with line
numbers); the text of each section is then sliced from the source lines so it
keeps its markdown exactly. Span parsing is switched off for the bulk of the
file (digests are mostly prose, and inline tokens cost two thirds of
mistletoe's time) and run only on paper headings, where the link matters.

Nothing here raises on bad input: a file that cannot be decoded becomes a
`LoadError`, a paper that cannot be fully read keeps what it could and adds a
`ParseWarning` with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from paper_tui.digest.arxiv import canonical_url, parse_arxiv_id
from paper_tui.digest.decoding import MAX_FILE_BYTES, date_from_path, decode, read_file
from paper_tui.digest.markdown import block_structure_only, heading_link, raw_text
from paper_tui.model import Digest, LoadError, Paper, ParseWarning, Section
from paper_tui.text import clean

__all__ = [
    "MAX_FILE_BYTES",
    "PARSER_VERSION",
    "date_from_path",
    "decode",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

PARSER_VERSION = 1
"""Bumped whenever the parser's output changes, so caches are rebuilt."""

UNNAMED_SECTION = "Summary"
"""The section name given to early digests' plain bullets."""

_DIGEST_HEADER = re.compile(r"^\s*Daily Papers\s*\((\d{4}-\d{2}-\d{2})\)\s*$", re.IGNORECASE)
_ARXIV_LISTING = re.compile(r"^\s*New uploads on arXiv\s*\(([^)]*)\)\s*$", re.IGNORECASE)
_VOTE = re.compile(r"^Votes?\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_AUTHORS = re.compile(r"^Authors?\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_COMMENTS = re.compile(r"^Comments?\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_IMAGE = re.compile(r"^!\[[^\]]*\]\(\s*<?(?P<url>[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LIST_LEADER = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_SECTION_NAME = re.compile(
    r"^(?P<mark>\*{2,3}|_{2,3})(?P<name>[^*_\n]{1,80}?)(?P=mark)\s*[:：]?\s*"
)
_PYTHON_LIST = re.compile(r"^\[.*\]$", re.DOTALL)
_QUOTED_ITEM = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""")


# -- the parser -------------------------------------------------------------


class _PaperBuilder:
    """Collects one paper's fields as the blocks under its heading go by."""

    def __init__(self, arxiv_id: str, title: str, line: int) -> None:
        self.arxiv_id = arxiv_id
        self.title = title
        self.line = line
        self.votes: int | None = None
        self.authors: tuple[str, ...] = ()
        self.authors_truncated = False
        self.thumbnail: str | None = None
        self.comments: list[str] = []
        self.sections: list[list[str]] = []  # [name, text] pairs, mutable while building

    def build(self, digest_date: date | None, source: str) -> Paper:
        comments = "\n".join(self.comments).strip()
        return Paper(
            arxiv_id=self.arxiv_id,
            title=self.title,
            url=canonical_url(self.arxiv_id),
            votes=self.votes,
            authors=self.authors,
            authors_truncated=self.authors_truncated,
            thumbnail=self.thumbnail,
            comments=comments or None,
            sections=tuple(Section(name, text.strip()) for name, text in self.sections),
            date=digest_date,
            source=source,
            line=self.line,
        )


class _DigestBuilder:
    def __init__(self, title: str, digest_date: date | None, source: str) -> None:
        self.title = title
        self.date = digest_date
        self.source = source
        self.papers: list[Paper] = []
        self.warnings: list[ParseWarning] = []

    def build(self) -> Digest:
        return Digest(
            date=self.date,
            source=self.source,
            papers=tuple(self.papers),
            warnings=tuple(self.warnings),
            title=self.title,
        )


class _Parser:
    """One pass over a document's top-level blocks."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.split("\n")
        self.file_date = date_from_path(source)
        self.digests: list[_DigestBuilder] = []
        self.paper: _PaperBuilder | None = None
        self.in_comments = False

    # The current digest, opened on demand for files with no header.
    @property
    def digest(self) -> _DigestBuilder:
        if not self.digests:
            self.digests.append(_DigestBuilder("", self.file_date, self.source))
        return self.digests[-1]

    def warn(self, line: int, message: str) -> None:
        self.digest.warnings.append(ParseWarning(self.source, line, message))

    def run(self, blocks: Sequence[Any]) -> list[Digest]:
        for index, block in enumerate(blocks):
            end = blocks[index + 1].line_number - 1 if index + 1 < len(blocks) else len(self.lines)
            try:
                self.visit(block, end)
            except Exception as error:
                self.warn(_line_of(block), f"could not read this block ({type(error).__name__})")
        self.close_paper()
        return [builder.build() for builder in self.digests]

    def visit(self, block: Any, end: int) -> None:
        kind = type(block).__name__
        if kind == "Heading":
            self.visit_heading(block)
        elif kind == "Paragraph":
            self.visit_paragraph(block, end)
        elif kind == "List":
            self.visit_list(block, end)
        elif self.paper is not None and self.paper.sections:
            self.append_to_last_section(_line_of(block), end)

    def visit_heading(self, block: Any) -> None:
        raw = raw_text(block)
        line = _line_of(block)
        if block.level <= 2:
            header = _DIGEST_HEADER.match(raw)
            if header:
                self.open_digest(_fold(raw), _parse_date(header.group(1)) or self.file_date)
                return
            if _ARXIV_LISTING.match(raw):
                self.open_digest(_fold(raw), self.file_date)
                return
        if block.level == 3:
            link = heading_link(raw)
            arxiv_id = parse_arxiv_id(link[1]) if link else None
            if link and arxiv_id:
                self.close_paper()
                title = _fold(link[0]) or arxiv_id
                self.paper = _PaperBuilder(arxiv_id, title, line)
                return
            if link:
                self.warn(line, f"heading links to {link[1][:80]!r}, not an arXiv paper; skipped")
        # Any other heading ends the paper before it: what follows is not its summary.
        self.close_paper()

    def open_digest(self, title: str, digest_date: date | None) -> None:
        self.close_paper()
        current = self.digests[-1] if self.digests else None
        if current is not None and not current.papers and not current.title:
            # Text before the first header belongs to no digest of its own.
            current.title, current.date = title, digest_date
            return
        self.digests.append(_DigestBuilder(title, digest_date, self.source))

    def visit_paragraph(self, block: Any, end: int) -> None:
        raw = raw_text(block)
        if raw[:3].lower() == "new" and _ARXIV_LISTING.match(raw):
            self.open_digest(_fold(raw), self.file_date)
            return
        paper = self.paper
        if paper is None:
            return
        start = _line_of(block)
        if paper.sections:
            self.append_to_last_section(start, end)
            return
        self.in_comments = False
        for offset, raw_line in enumerate(self.lines[start - 1 : end]):
            self.read_field(paper, raw_line.strip(), start + offset)

    def read_field(self, paper: _PaperBuilder, line: str, number: int) -> None:
        """One line of the block between a paper's heading and its sections."""
        if not line:
            return
        first = line[0]
        if first in "Vv" and (match := _VOTE.match(line)):
            value = match.group("value").strip()
            try:
                paper.votes = int(value.replace(",", ""))
            except ValueError:
                self.warn(number, f"vote count {value[:20]!r} is not a number")
            self.in_comments = False
        elif first in "Aa" and (match := _AUTHORS.match(line)):
            paper.authors, paper.authors_truncated = parse_authors(match.group("value"))
            self.in_comments = False
        elif first in "Cc" and (match := _COMMENTS.match(line)):
            paper.comments.append(_fold(match.group("value")))
            self.in_comments = True
        elif first == "!" and (match := _IMAGE.match(line)):
            if paper.thumbnail is None:
                paper.thumbnail = match.group("url")
            self.in_comments = False
        elif self.in_comments:
            paper.comments.append(_fold(line))

    def visit_list(self, block: Any, end: int) -> None:
        paper = self.paper
        if paper is None:
            return
        items = list(block.children or ())
        for index, item in enumerate(items):
            start = _line_of(item)
            stop = _line_of(items[index + 1]) - 1 if index + 1 < len(items) else end
            self.add_item(paper, self.lines[start - 1 : stop])

    def add_item(self, paper: _PaperBuilder, item_lines: list[str]) -> None:
        text = _dedent_item(item_lines)
        named = _SECTION_NAME.match(text)
        if named:
            name = _fold(named.group("name")).rstrip(":：").strip().replace("’", "'")
            paper.sections.append([name or UNNAMED_SECTION, text[named.end() :]])
        elif paper.sections:
            # Plain bullets: early digests' whole summary, or sub-points of a named section.
            last = paper.sections[-1]
            if last[0] == UNNAMED_SECTION:
                last[1] = f"{last[1].rstrip()}\n- {text}"
            else:
                last[1] = f"{last[1].rstrip()}\n\n- {text}"
        else:
            paper.sections.append([UNNAMED_SECTION, f"- {text}"])

    def append_to_last_section(self, start: int, end: int) -> None:
        assert self.paper is not None
        chunk = "\n".join(self.lines[start - 1 : end]).strip()
        if chunk:
            last = self.paper.sections[-1]
            last[1] = f"{last[1].rstrip()}\n\n{chunk}"

    def close_paper(self) -> None:
        paper, self.paper = self.paper, None
        if paper is None:
            return
        if not paper.sections:
            self.warn(paper.line, f"paper {paper.arxiv_id} has no summary sections")
        self.digest.papers.append(paper.build(self.digest.date, self.source))


def _fold(text: str) -> str:
    """Runs of whitespace to one space (the text was cleaned once, up front)."""
    return " ".join(text.split())


def _line_of(token: Any) -> int:
    return int(getattr(token, "line_number", 0) or 0)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _dedent_item(lines: list[str]) -> str:
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
    cleaned = [_fold(name) for name in names]
    truncated = any(name in ("+", "...", "…") for name in cleaned)
    authors = tuple(name for name in cleaned if name and name not in ("+", "...", "…"))
    return authors, truncated


def parse_text(text: str, source: str = "<text>") -> tuple[Digest, ...]:
    """Parse decoded digest markdown into one digest per header (at least one)."""
    from mistletoe.block_token import Document

    text = clean(text)
    parser = _Parser(text, source)
    try:
        with block_structure_only():
            document = Document(text)
        digests = parser.run(list(document.children or ()))
    except RecursionError:
        return (
            Digest(
                parser.file_date,
                source,
                (),
                (ParseWarning(source, 1, "markdown nested too deeply to read"),),
            ),
        )
    if not digests:
        digests = [Digest(parser.file_date, source, ())]
    if not any(digest.papers for digest in digests):
        first = digests[0]
        digests[0] = Digest(
            first.date,
            first.source,
            first.papers,
            (
                *first.warnings,
                ParseWarning(source, 1, "no papers found (no ### heading links to arXiv)"),
            ),
            first.title,
        )
    return tuple(digests)


def parse_bytes(data: bytes, source: str) -> tuple[Digest, ...] | LoadError:
    """Decode and parse one file's bytes; decoding warnings go on the first digest."""
    decoded = decode(data, source)
    if isinstance(decoded, LoadError):
        return decoded
    text, decode_warnings = decoded
    digests = parse_text(text, source)
    if decode_warnings:
        first = digests[0]
        digests = (
            Digest(
                first.date,
                first.source,
                first.papers,
                decode_warnings + first.warnings,
                first.title,
            ),
            *digests[1:],
        )
    return digests


def parse_file(path: str | Path) -> tuple[Digest, ...] | LoadError:
    """Read and parse one file; any OS error becomes a `LoadError` naming it."""
    data = read_file(path)
    if isinstance(data, LoadError):
        return data
    return parse_bytes(data, str(path))
