"""The table family: `## Papers for DATE`, then one markdown table row per paper.

    | Title | Authors | Summary |
    |-------|---------|---------|
    | A Title (Read more on [arXiv](https://arxiv.org/abs/ID) or [HuggingFace](...)) | A, B | ... |

Early days add a `| Link |` column; columns are found by their header names, in
any order. A title cell may be broken over several physical lines (a hard break,
two trailing spaces and a newline), so a row is read until it closes with `|`.
Authors may be empty, HF user names or a few names; the summary cell becomes one
"Summary" section. Rows are read line by line: no markdown parser is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper_tui.digest.arxiv import parse_arxiv_id
from paper_tui.digest.assembly import DigestAssembly, PaperDraft, SourceFacts
from paper_tui.digest.dates import date_in_text
from paper_tui.digest.fields import fold, parse_authors
from paper_tui.digest.headings import atx_heading
from paper_tui.digest.sections import UNNAMED_SECTION
from paper_tui.model import Digest

NAME = "table"
NOTHING_FOUND = "no papers found (no table row under a | Title | header)"

_HEADER_ROW = re.compile(r"\n\|[ \t]*\**(?:Title|TITLE|title)\**[ \t]*\|")
_PAPER_ROW = re.compile(r"\n\|[^\n]*(?:arxiv\.org/(?:abs|pdf)/|huggingface\.co/papers/)")
_DELIMITER_ROW = re.compile(
    r"^\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+$"
)
"""`|---|:--:|`. Possessive throughout: nothing after a run can match what it took,
so nothing is given back; as plain `*`, the two runs of spaces at the end were tried
at every split (`|---` and 20,000 spaces took 2.5 s)."""
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^\s()<>]+)>?\s*\)")
_BARE_URL = re.compile(r"https?://[^\s()<>|]+")
_READ_MORE = re.compile(r"Read more on\b", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BOLD = re.compile(r"^(\*\*|__)(?P<inner>.+)\1$")
MAX_ROW_LINES = 50
"""A row still open after this many lines was never closed: it ends there."""


def detect(head: str) -> int:
    """How many table rows linking to a paper (and `| Title |` headers) `head` holds."""
    return len(_PAPER_ROW.findall(head)) + len(_HEADER_ROW.findall(head))


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each known column is in this table's rows (-1: absent)."""

    title: int
    authors: int
    summary: int
    link: int
    count: int


def _columns(header: list[str]) -> _Columns | None:
    names = [fold(cell).strip("*_ ").casefold() for cell in header]

    def where(*wanted: str) -> int:
        return next((index for index, name in enumerate(names) if name in wanted), -1)

    title = where("title", "paper", "papers")
    if title < 0:
        return None
    return _Columns(
        title,
        where("authors", "author"),
        where("summary", "abstract", "tl;dr", "tldr"),
        where("link", "links", "url", "arxiv"),
        len(header),
    )


def split_cells(row: str) -> list[str]:
    """A table row's cells (`\\|` is a `|` inside a cell), outer pipes dropped."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(row)]


class _TableReader:
    def __init__(self, text: str, facts: SourceFacts) -> None:
        self.lines = text.split("\n")
        self.out = DigestAssembly(facts, NAME)
        self.columns: _Columns | None = None

    def run(self) -> tuple[Digest, ...]:
        lines, index = self.lines, 0
        while index < len(lines):
            line = lines[index].strip()
            if line.startswith("#"):
                self.read_heading(line, index + 1)
                self.columns = None
                index += 1
            elif line.startswith("|"):
                index = self.read_row(index)
            else:
                index += 1
        return self.out.build(NOTHING_FOUND)

    def read_heading(self, line: str, number: int) -> None:
        heading = atx_heading(line)
        if heading is None or heading[0] > 2:
            return
        title = fold(heading[1])
        day = date_in_text(title)
        if day is not None or title.casefold().startswith("papers"):
            self.out.open_digest(title, number, day)

    def read_row(self, index: int) -> int:
        """Read the row starting at line `index` (0-based); the index after it."""
        first = index
        row = self.lines[index].strip()
        expected = self.columns.count if self.columns else 0
        index += 1
        # A hard break (two trailing spaces) inside a cell continues the row on the next line.
        while (
            index < len(self.lines)
            and index - first < MAX_ROW_LINES
            and self._row_open(row, self.lines[index - 1], expected)
        ):
            following = self.lines[index].strip()
            if not following or following.startswith("#"):
                break
            if following.startswith("|") and not self.lines[index - 1].endswith("  "):
                break
            row = f"{row} {following}"
            index += 1
        if _DELIMITER_ROW.match(row):
            return index
        if index < len(self.lines) and _DELIMITER_ROW.match(self.lines[index].strip()):
            # A header row (the delimiter row under it says so): this table's columns.
            self.columns = _columns(split_cells(row))
            return index + 1
        if self.columns is not None:
            self.read_paper(split_cells(row), first + 1)
        return index

    @staticmethod
    def _row_open(row: str, last_line: str, expected: int) -> bool:
        if last_line.endswith("  ") or not row.endswith("|"):
            return True
        return expected > 0 and len(split_cells(row)) < expected

    def read_paper(self, cells: list[str], line: int) -> None:
        columns = self.columns
        assert columns is not None
        if len(cells) > columns.count and columns.summary == columns.count - 1:
            # An unescaped `|` inside the summary: the surplus cells are the summary's.
            cells = [*cells[: columns.count - 1], " | ".join(cells[columns.count - 1 :])]

        def cell(position: int) -> str:
            return cells[position] if 0 <= position < len(cells) else ""

        title_cell = cell(columns.title)
        links = [(match.group("text"), match.group("url")) for match in _LINK.finditer(title_cell)]
        link_cell = cell(columns.link)
        links += [(match.group("text"), match.group("url")) for match in _LINK.finditer(link_cell)]
        links += [("", url) for url in _BARE_URL.findall(link_cell)]
        title = _title_of(title_cell)
        if not title and not links:
            return
        arxiv_id = next((found for _, url in links if (found := parse_arxiv_id(url))), None)
        url = next((url for _, url in links if url.startswith(("http://", "https://"))), "")
        draft = PaperDraft(arxiv_id, title or arxiv_id or url, line, url=url, heading=title)
        authors = cell(columns.authors)
        if authors and authors not in ("-", "—", "N/A", "n/a"):
            draft.authors, draft.authors_truncated = parse_authors(authors)
        summary = _BREAK.sub("\n", cell(columns.summary)).strip()
        if summary:
            draft.add_section(UNNAMED_SECTION, summary)
        paper = self.out.add(draft)
        if not summary:
            self.out.warn(line, f"paper {paper.arxiv_id} has no summary")


def _title_of(cell: str) -> str:
    """The title in a title cell: the `(Read more on ...)` links dropped, a link's text kept."""
    title = _without_read_more(cell)
    title = _LINK.sub(lambda match: match.group("text"), title)
    title = fold(_BREAK.sub(" ", title))
    bold = _BOLD.match(title)
    return fold(bold.group("inner")) if bold else title


def _without_read_more(cell: str) -> str:
    """`cell` without its `(Read more on ...)` tail: from the first `Read more on`, with
    the spaces and the one `(` before it, to the end. Found by one search and a walk
    back (a pattern starting `\\(?\\s*` would rescan a run of spaces from each space)."""
    found = _READ_MORE.search(cell)
    if found is None:
        return cell
    start = found.start()
    while start and cell[start - 1].isspace():
        start -= 1
    if start and cell[start - 1] == "(":
        start -= 1
    return cell[:start]


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every `## Papers for DATE` digest of the file, a paper per table row."""
    return _TableReader(text, facts).run()
