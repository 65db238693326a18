"""The numbered family: `### 1. Title` headings, bold fields under them and sections as
plain lines that start with an emoji.

    ### 1. The Title
    **Links**: [arXiv](https://arxiv.org/abs/ID) | [PDF](https://arxiv.org/pdf/ID)
    **Authors**: A, B
    **Votes**: 12

    🔍 What's New: ...
    ⚙️ Technical Details
    text on the lines after it ...

A bold label that is no known field (`**Affiliations**: ...`) is kept as a section
of that name. Read line by line.
"""

from __future__ import annotations

import re

from paper_tui.digest.assembly import DigestAssembly, PaperDraft, SourceFacts
from paper_tui.digest.dates import date_in_text
from paper_tui.digest.fields import fold, image_url, labelled_field, parse_authors, parse_votes
from paper_tui.digest.headings import atx_heading, numbered_heading
from paper_tui.digest.links import links_in, paper_link
from paper_tui.digest.markdown import heading_link
from paper_tui.digest.sections import emoji_label, section_name
from paper_tui.model import Digest

NAME = "numbered"
NOTHING_FOUND = "no papers found (no ### 1. Title heading)"

_NUMBERED_HEADING = re.compile(r"\n###[ \t]+\d{1,4}[.)][ \t]+\S")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_BULLET = re.compile(r"^[-*+][ \t]+")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")


def detect(head: str) -> int:
    """How many `### 1. Title` headings `head` holds."""
    return len(_NUMBERED_HEADING.findall(head))


class _NumberedReader:
    def __init__(self, text: str, facts: SourceFacts) -> None:
        self.lines = text.split("\n")
        self.out = DigestAssembly(facts, NAME)
        self.paper: PaperDraft | None = None
        self.urls: list[str] = []
        self.fence = ""

    def run(self) -> tuple[Digest, ...]:
        for number, line in enumerate(self.lines, start=1):
            self.read_line(line, number)
        self.close_paper()
        return self.out.build(NOTHING_FOUND)

    def read_line(self, line: str, number: int) -> None:
        stripped = line.strip()
        if self.fence or _FENCE.match(line):
            self.read_fenced(line)
            return
        if stripped.startswith("#"):
            self.read_heading(stripped, number)
            return
        paper = self.paper
        if paper is None or _RULE.match(stripped):
            return
        if not stripped:
            if paper.sections:
                paper.add_line("")
            return
        if label := emoji_label(stripped):
            paper.add_section(*label)
            return
        bold = _BULLET.sub("", stripped, count=1).startswith(("**", "__"))
        if bold and (field := labelled_field(stripped)):
            key, label_text, value = field
            if self.read_field(paper, key, value, number):
                return
            paper.add_section(section_name(label_text), value)
            return
        if not paper.sections and (thumbnail := image_url(stripped)):
            paper.thumbnail = paper.thumbnail or thumbnail
            return
        paper.add_line(line.rstrip())

    def read_fenced(self, line: str) -> None:
        """A fenced block is text of the section it is in, kept as it is."""
        marker = _FENCE.match(line)
        if self.fence == "" and marker:
            self.fence = marker.group(1)
        elif marker and line.strip().startswith(self.fence) and not line.strip().strip(
            self.fence[0]
        ):
            self.fence = ""
        if self.paper is not None:
            self.paper.add_line(line.rstrip())

    def read_field(self, paper: PaperDraft, key: str, value: str, number: int) -> bool:
        """Fill `key` from `value`; False when `key` is no known field."""
        if key == "links":
            self.urls.extend(links_in(value))
        elif key == "votes":
            paper.votes = parse_votes(value)
            if paper.votes is None:
                self.out.warn(number, f"vote count {value.strip()[:20]!r} is not a number")
        elif key == "authors":
            paper.authors, paper.authors_truncated = parse_authors(value)
        elif key == "comments":
            paper.comments.append(fold(value))
        else:
            return False
        return True

    def read_heading(self, stripped: str, number: int) -> None:
        paper_heading = numbered_heading(stripped)
        self.close_paper()
        if paper_heading is not None:
            raw_title = paper_heading[1]
            link = heading_link(raw_title) if "](" in raw_title or "://" in raw_title else None
            title, urls = (link[0], [link[1]]) if link else (raw_title, [])
            self.paper = PaperDraft(None, fold(title.replace("**", "")), number, heading=stripped)
            self.urls = urls
            return
        heading = atx_heading(stripped)
        if heading is not None and heading[0] <= 2:
            day = date_in_text(heading[1])
            if day is not None:
                self.out.open_digest(fold(heading[1]), number, day)

    def close_paper(self) -> None:
        paper, self.paper = self.paper, None
        if paper is None:
            return
        paper.arxiv_id, paper.url = paper_link(self.urls)
        paper.title = paper.title or paper.arxiv_id or paper.heading
        added = self.out.add(paper)
        if not paper.sections:
            self.out.warn(paper.line, f"paper {added.arxiv_id} has no summary sections")


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every digest of the file, a paper per `### N. Title` heading."""
    return _NumberedReader(text, facts).run()
