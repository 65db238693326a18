"""The link-last family: a `## Title` block per paper, numbered bold labels as its
sections, and the paper's link at the end of the block.

    ## The Title
    **1. Problem**: ...
    **2. Method**: ...
    [arXiv](https://arxiv.org/abs/ID)        (or `Link: https://arxiv.org/abs/ID`)

A block's link is the one on a line of its own (or a `Link:` field), the arXiv
one first; failing that, any arXiv link in the block. A `##` block with neither
a link nor a label is no paper (an introduction, a note). Read line by line.
"""

from __future__ import annotations

import re

from paper_tui.digest.assembly import DigestAssembly, PaperDraft, SourceFacts
from paper_tui.digest.dates import date_in_text
from paper_tui.digest.fields import fold, labelled_field, parse_authors, parse_votes
from paper_tui.digest.headings import atx_heading
from paper_tui.digest.links import links_in, paper_link
from paper_tui.digest.sections import UNNAMED_SECTION, numbered_label
from paper_tui.model import Digest

NAME = "link-last"
NOTHING_FOUND = "no papers found (no ## block with a link or **1. Label** sections)"

_FIRST_LABEL = re.compile(r"\n(?:\*\*|__)1[.)][ \t]*[^\n*_]{1,80}")
_LINK_LINE = re.compile(
    r"\n(?:(?:\*\*)?(?:Links?|URL|Paper)(?:\*\*)?[ \t]*[:：][ \t]*)?"
    r"(?:\[[^\]\n]{0,40}\]\()?<?https?://(?:www\.)?(?:arxiv\.org|huggingface\.co)/[^\s)>]*>?\)?"
    r"[ \t]*(?=\n|$)"
)
_ONLY_LINKS = re.compile(
    r"^(?:(?>\[[^\]\n]*+\]\(\s*+<?[^\s()<>]++>?\s*+\)|<?https?://[^\s<>]++>?)[ \t|,·•/]*+)++$"
)
"""A line of links and separators only. Each link is read once (atomic groups): a bare
URL can end at any `/`, and trying every split of `https://a/https://a/...` took
exponential time."""
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def detect(head: str) -> int:
    """How many papers `head` shows: its `**1. Label**` lines or its link-only lines."""
    return max(len(_FIRST_LABEL.findall(head)), len(_LINK_LINE.findall(head)))


class _LinkLastReader:
    def __init__(self, text: str, facts: SourceFacts) -> None:
        self.lines = text.split("\n")
        self.out = DigestAssembly(facts, NAME)
        self.paper: PaperDraft | None = None
        self.link_lines: list[str] = []
        self.other_links: list[str] = []
        self.fence = ""

    def run(self) -> tuple[Digest, ...]:
        for number, line in enumerate(self.lines, start=1):
            self.read_line(line, number)
        self.close_paper()
        return self.out.build(NOTHING_FOUND)

    def read_line(self, line: str, number: int) -> None:
        stripped = line.strip()
        marker = _FENCE.match(line)
        if self.fence or marker:
            if not self.fence and marker:
                self.fence = marker.group(1)
            elif stripped.startswith(self.fence) and not stripped.strip(self.fence[0]):
                self.fence = ""
            self.add_text(line.rstrip())
            return
        heading = atx_heading(stripped) if stripped.startswith("#") else None
        if heading is not None and heading[0] <= 2:
            self.read_heading("#" * heading[0], fold(heading[1]), number)
            return
        paper = self.paper
        if paper is None:
            return
        if label := numbered_label(stripped):
            paper.add_section(*label)
            return
        if _ONLY_LINKS.match(stripped):
            self.link_lines.extend(links_in(stripped))
            return
        if (":" in stripped or "：" in stripped) and (field := labelled_field(stripped)):
            key, _, value = field
            if self.read_field(paper, key, value, number):
                return
        if "arxiv.org/" in stripped:
            self.other_links.extend(url for url in links_in(stripped) if "arxiv.org/" in url)
        self.add_text(line.rstrip())

    def read_field(self, paper: PaperDraft, key: str, value: str, number: int) -> bool:
        """Fill `key` from `value`; False when `key` is no field this family has."""
        if key == "links":
            self.link_lines.extend(links_in(value))
        elif key == "votes":
            paper.votes = parse_votes(value)
            if paper.votes is None:
                self.out.warn(number, f"vote count {value.strip()[:20]!r} is not a number")
        elif key == "authors":
            paper.authors, paper.authors_truncated = parse_authors(value)
        else:
            return False
        return True

    def add_text(self, line: str) -> None:
        paper = self.paper
        if paper is None:
            return
        if paper.sections or line.strip():
            paper.add_line(line)

    def read_heading(self, level: str, text: str, number: int) -> None:
        self.close_paper()
        day = date_in_text(text)
        if level == "#" or (day is not None and len(text) <= 40):
            if day is not None:
                self.out.open_digest(text, number, day)
            return
        self.paper = PaperDraft(None, text.replace("**", ""), number, heading=text)
        self.link_lines, self.other_links = [], []

    def close_paper(self) -> None:
        paper, self.paper = self.paper, None
        if paper is None:
            return
        arxiv_id, url = paper_link(self.link_lines)
        if arxiv_id is None and not url:
            arxiv_id, url = paper_link(self.other_links)
        if arxiv_id is None and not url and not any(
            section.name != UNNAMED_SECTION for section in paper.sections
        ):
            return  # a `##` block with no link and no labels: an introduction, not a paper
        paper.arxiv_id, paper.url = arxiv_id, url
        added = self.out.add(paper)
        if not (arxiv_id or url):
            self.out.warn(paper.line, f"paper {added.arxiv_id} has no link")
        if not paper.sections:
            self.out.warn(paper.line, f"paper {added.arxiv_id} has no summary sections")


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every digest of the file, a paper per `## Title` block."""
    return _LinkLastReader(text, facts).run()
