"""Papers as `###` headings that link to them, read block by block with mistletoe:
the walk the HF daily and arXiv listing families share.

mistletoe finds the block structure (headings, lists, paragraphs, with line
numbers); the text of each section is then sliced from the source lines so it
keeps its markdown exactly. Span parsing is off for the bulk of the file
(digests are mostly prose, and inline tokens cost two thirds of mistletoe's
time) and run only on paper headings, where the link matters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from paper_tui.digest.arxiv import parse_arxiv_id
from paper_tui.digest.assembly import DigestAssembly, PaperDraft, SourceFacts
from paper_tui.digest.categories import category_of_header
from paper_tui.digest.dates import make_date
from paper_tui.digest.fields import fold, image_url, parse_authors, parse_votes, plain_field
from paper_tui.digest.markdown import (
    block_structure_only,
    flatten_deep_nesting,
    heading_link,
    raw_text,
)
from paper_tui.digest.sections import UNNAMED_SECTION, bold_label, dedent_item
from paper_tui.model import Digest

DAILY_HEADER = re.compile(r"^\s*Daily Papers\s*\((\d{4})-(\d{2})-(\d{2})\)\s*$", re.IGNORECASE)
LISTING_HEADER = re.compile(r"^\s*New uploads on arXiv\s*\(([^)]*)\)\s*$", re.IGNORECASE)
NOTHING_FOUND = "no papers found (no ### heading links to arXiv)"


class _Walk:
    """One pass over a document's top-level blocks."""

    def __init__(self, text: str, assembly: DigestAssembly) -> None:
        self.lines = text.split("\n")
        self.out = assembly
        self.paper: PaperDraft | None = None
        self.section_list_ordered: bool | None = None
        """Whether the list that opened the current paper's sections was numbered."""
        self.in_comments = False

    def run(self, blocks: Sequence[Any]) -> None:
        for index, block in enumerate(blocks):
            end = blocks[index + 1].line_number - 1 if index + 1 < len(blocks) else len(self.lines)
            try:
                self.visit(block, end)
            except Exception as error:
                name = type(error).__name__
                self.out.warn(_line_of(block), f"could not read this block ({name})")
        self.close_paper()

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
        if block.level <= 2 and self.read_header(raw, line):
            return
        # Any other heading ends the paper before it: what follows is not its summary.
        self.close_paper()
        if block.level != 3:
            return
        link = heading_link(raw)
        if link is None:
            return
        title, url = link
        arxiv_id = parse_arxiv_id(url)
        self.paper = PaperDraft(
            arxiv_id,
            fold(title) or arxiv_id or fold(raw),
            line,
            url=url,
            heading="" if arxiv_id else fold(raw),
        )
        self.section_list_ordered = None

    def read_header(self, raw: str, line: int) -> bool:
        """Open a digest when `raw` is a header (`Daily Papers (DATE)`, `New uploads ...`)."""
        daily = DAILY_HEADER.match(raw)
        if daily:
            self.close_paper()
            self.out.open_digest(fold(raw), line, make_date(*daily.groups()))
            return True
        listing = LISTING_HEADER.match(raw)
        if listing:
            self.close_paper()
            self.out.open_digest(fold(raw), line, None, category_of_header(listing.group(1)))
            return True
        return False

    def visit_paragraph(self, block: Any, end: int) -> None:
        raw = raw_text(block)
        start = _line_of(block)
        if raw[:3].lower() == "new" and self.read_header(raw, start):
            return
        paper = self.paper
        if paper is None:
            return
        if paper.sections:
            self.append_to_last_section(start, end)
            return
        self.in_comments = False
        for offset, raw_line in enumerate(self.lines[start - 1 : end]):
            self.read_field(paper, raw_line.strip(), start + offset)

    def read_field(self, paper: PaperDraft, line: str, number: int) -> None:
        """One line of the block between a paper's heading and its sections."""
        if not line:
            return
        if (found := plain_field(line)) is not None:
            key, value = found
            self.in_comments = key == "comments"
            if key == "votes":
                paper.votes = parse_votes(value)
                if paper.votes is None:
                    self.out.warn(number, f"vote count {value.strip()[:20]!r} is not a number")
            elif key == "authors":
                paper.authors, paper.authors_truncated = parse_authors(value)
            else:
                paper.comments.append(fold(value))
        elif line[0] == "!" and (url := image_url(line)):
            if paper.thumbnail is None:
                paper.thumbnail = url
            self.in_comments = False
        elif self.in_comments:
            paper.comments.append(fold(line))

    def visit_list(self, block: Any, end: int) -> None:
        paper = self.paper
        if paper is None:
            return
        ordered = getattr(block, "start", None) is not None
        if self.section_list_ordered is None:
            self.section_list_ordered = ordered
        elif paper.sections and ordered != self.section_list_ordered:
            # `- **Technical Details**: three parts:` then `1. **Tokenizer**: ...`: a list of
            # the other kind after the sections' own list is points of the last section.
            chunk = "\n".join(self.lines[_line_of(block) - 1 : end]).strip()
            introduced = paper.sections[-1].tail().endswith((":", "："))
            paper.extend_section(chunk, "\n" if introduced else "\n\n")
            return
        items = list(block.children or ())
        for index, item in enumerate(items):
            start = _line_of(item)
            stop = _line_of(items[index + 1]) - 1 if index + 1 < len(items) else end
            self.add_item(paper, self.lines[start - 1 : stop])

    def add_item(self, paper: PaperDraft, item_lines: list[str]) -> None:
        text = dedent_item(item_lines)
        named = bold_label(text)
        if named:
            paper.add_section(*named)
        elif paper.sections:
            # Plain bullets: early digests' whole summary, or sub-points of a named section.
            tight = paper.sections[-1].name == UNNAMED_SECTION
            paper.extend_section(_bullet(text), "\n" if tight else "\n\n")
        else:
            paper.add_section(UNNAMED_SECTION, _bullet(text))

    def append_to_last_section(self, start: int, end: int) -> None:
        assert self.paper is not None
        chunk = "\n".join(self.lines[start - 1 : end]).strip()
        if chunk:
            self.paper.extend_section(chunk)

    def close_paper(self) -> None:
        paper, self.paper = self.paper, None
        if paper is None:
            return
        if paper.arxiv_id is None and not paper.sections:
            self.out.warn(
                paper.line, f"heading links to {paper.url[:80]!r}, not an arXiv paper; skipped"
            )
            return
        added = self.out.add(paper)
        if not paper.sections:
            self.out.warn(paper.line, f"paper {added.arxiv_id} has no summary sections")


def _bullet(text: str) -> str:
    """A plain item as a bullet again, its later lines (a nested list) under its text,
    so nesting survives (`- a:` then `  - (1) ...`)."""
    return "- " + text.replace("\n", "\n  ")


def _line_of(token: Any) -> int:
    return int(getattr(token, "line_number", 0) or 0)


def read_linked_headings(text: str, facts: SourceFacts, format_name: str) -> tuple[Digest, ...]:
    """Every digest of `text` (cleaned markdown) whose papers are `###` linked headings."""
    from mistletoe.block_token import Document

    assembly = DigestAssembly(facts, format_name)
    try:
        with block_structure_only():
            # Structure from a flattened copy, sections sliced from the text as written.
            document = Document(flatten_deep_nesting(text))
        _Walk(text, assembly).run(list(document.children or ()))
    except RecursionError:
        fresh = DigestAssembly(facts, format_name)
        fresh.warn(1, "markdown nested too deeply to read")
        return fresh.build(NOTHING_FOUND)[:1]
    return assembly.build(NOTHING_FOUND)
