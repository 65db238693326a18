"""The fenced family: a `## ID` heading per paper (`## 2502.12345`), a Hugging Face link,
and the summary inside a fenced block, whose first `#` line is the title and whose
`## 1. Problem` lines open its sections.

    ## 2502.12345
    https://huggingface.co/papers/2502.12345
    ```markdown
    # The Title
    ## 1. Problem
    ...
    ```

Read line by line: the fence is what matters, and a markdown parser would make
its inside one opaque code block. A fence left open ends at the next `## ID`.
"""

from __future__ import annotations

import re

from paper_tui.digest.arxiv import normalize_arxiv_id, parse_arxiv_id
from paper_tui.digest.assembly import DigestAssembly, PaperDraft, SourceFacts
from paper_tui.digest.dates import date_in_text
from paper_tui.digest.fields import fold, image_url, labelled_field, parse_authors, parse_votes
from paper_tui.digest.headings import atx_heading
from paper_tui.digest.sections import UNNAMED_SECTION, section_name
from paper_tui.model import Digest

NAME = "fenced"
NOTHING_FOUND = "no papers found (no ## heading holds an arXiv id)"

_ID_HEADING = re.compile(r"\n##[ \t]+(?:arXiv:)?\d{4}\.\d{4,5}(?:v\d+)?[ \t]*(?=\n|$)", re.I)
_PAPER_HEADING = re.compile(r"^##[ \t]+(?P<id>(?:arXiv:)?\d{4}\.\d{4,5}(?:v\d+)?)[ \t]*$", re.I)
_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})")
_NUMBER = re.compile(r"^\d{1,2}[.)][ \t]*")
_URL = re.compile(r"https?://[^\s()<>\]]+")


def detect(head: str) -> int:
    """How many `## ID` paper headings `head` holds."""
    return len(_ID_HEADING.findall(head))


class _FencedReader:
    def __init__(self, text: str, facts: SourceFacts) -> None:
        self.lines = text.split("\n")
        self.out = DigestAssembly(facts, NAME)
        self.paper: PaperDraft | None = None
        self.fence = ""
        """The open fence's marker (```` ``` ````), "" outside one."""
        self.fence_line = 0
        self.body: list[str] = []

    def run(self) -> tuple[Digest, ...]:
        for number, line in enumerate(self.lines, start=1):
            if self.fence:
                self.inside_fence(line, number)
            else:
                self.outside_fence(line, number)
        if self.fence:
            self.out.warn(self.fence_line, "a fenced block is not closed")
        self.close_paper()
        return self.out.build(NOTHING_FOUND)

    def outside_fence(self, line: str, number: int) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if paper_heading := _PAPER_HEADING.match(stripped):
            self.open_paper(paper_heading.group("id"), stripped, number)
            return
        if fence := _FENCE.match(line):
            self.fence, self.fence_line = fence.group("fence"), number
            return
        heading = atx_heading(stripped)
        if heading is not None:
            level, title = heading
            if level <= 2:
                self.close_paper()
                day = date_in_text(title)
                if day is not None:
                    self.out.open_digest(fold(title), number, day)
            return
        if self.paper is not None:
            self.read_field(self.paper, stripped, number)

    def read_field(self, paper: PaperDraft, line: str, number: int) -> None:
        """A line between a paper's heading and its fence: its link, votes, authors."""
        if not paper.url and (url := _URL.search(line)):
            paper.url = url.group(0)
            return
        if line.startswith("!") and (thumbnail := image_url(line)):
            paper.thumbnail = paper.thumbnail or thumbnail
            return
        field = labelled_field(line)
        if field is None:
            return
        key, _, value = field
        if key == "votes":
            paper.votes = parse_votes(value)
            if paper.votes is None:
                self.out.warn(number, f"vote count {value.strip()[:20]!r} is not a number")
        elif key == "authors":
            paper.authors, paper.authors_truncated = parse_authors(value)
        elif key == "comments":
            paper.comments.append(fold(value))

    def inside_fence(self, line: str, number: int) -> None:
        stripped = line.strip()
        if stripped.startswith(self.fence[0] * len(self.fence)) and not stripped.strip(
            self.fence[0]
        ):
            self.fence = ""
            self.flush()
            return
        if _PAPER_HEADING.match(stripped):
            self.out.warn(self.fence_line, "a fenced block is not closed before the next paper")
            self.fence = ""
            self.outside_fence(line, number)
            return
        paper = self.paper
        if paper is None:
            return
        heading = atx_heading(stripped)
        if heading is not None and heading[0] == 1 and not paper.title:
            paper.title = fold(heading[1])
        elif heading is not None and heading[0] == 2:
            self.flush()
            name = section_name(_NUMBER.sub("", heading[1]))
            paper.add_section(name or UNNAMED_SECTION, "")
        else:
            self.body.append(line)

    def flush(self) -> None:
        """The lines gathered since the last section heading, to that section."""
        text = "\n".join(self.body).strip()
        self.body = []
        if text and self.paper is not None:
            self.paper.extend_section(text)

    def open_paper(self, written_id: str, heading: str, number: int) -> None:
        self.close_paper()
        arxiv_id = normalize_arxiv_id(written_id)
        self.paper = PaperDraft(arxiv_id, "", number, heading=heading)

    def close_paper(self) -> None:
        self.flush()
        paper, self.paper = self.paper, None
        if paper is None:
            return
        if paper.arxiv_id is None and paper.url:
            paper.arxiv_id = parse_arxiv_id(paper.url)
        paper.title = paper.title or paper.arxiv_id or paper.heading
        added = self.out.add(paper)
        if not paper.sections:
            self.out.warn(paper.line, f"paper {added.arxiv_id} has no summary sections")


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every digest of the file, a paper per `## ID` heading."""
    return _FencedReader(text, facts).run()
