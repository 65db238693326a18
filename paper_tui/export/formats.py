"""Papers out to other tools: JSON, CSV, BibTeX, RIS, and a Markdown brief.

Korean and other non-ASCII text is written as itself, never as \\u escapes; file
names (`source`) go through `text.printable`, as everywhere they are shown.
The reader's marks (read, starred, queued, note) come in as a `MarksOf`
callable, so this package never opens the reading state itself.

Each format is checked by parsing it back with a real parser (tests): a CSV
cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
starts with `'`; BibTeX keys are Better BibTeX's authorYearFirstTitleWord
(`xie2025Native`, then `xie2025Nativea`, ...), and only text outside `$...$`
math is escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from paper_tui.model import Paper
from paper_tui.text import clean, clean_line, printable, title_for_display

FORMATS = ("json", "csv", "bibtex", "ris", "brief")
LOCAL_ID_PREFIX = "local:"
"""Ids the parser gives papers without an arXiv id (no eprint for them)."""
CSV_COLUMNS = (
    "id",
    "date",
    "title",
    "url",
    "votes",
    "authors",
    "authors_truncated",
    "thumbnail",
    "comments",
    "sections",
    "source",
    "first_seen",
    "categories",
    "appearances",
    "read",
    "starred",
    "queued",
    "note",
)
"""`appearances` in CSV is how many digests listed the paper (JSON has them all)."""
EXCEL_BOM = "\ufeff"
"""What `excel=True` puts first: Excel reads a CSV as UTF-8 (Korean intact) only with it."""


@dataclass(frozen=True, slots=True)
class Marks:
    """What the reader has marked on one paper, as exports carry it."""

    read: bool = False
    starred: bool = False
    queued: bool = False
    note: str = ""


MarksOf = Callable[[str], Marks]
"""arXiv id -> the paper's marks (the CLI builds it from the reading state)."""

NO_MARKS = Marks()


def paper_record(paper: Paper, marks: Marks | None = None) -> dict[str, Any]:
    """A paper as the JSON object every export and `--json` output shares; the
    marks are null where nobody gave them (the state was not read)."""
    return {
        "id": paper.arxiv_id,
        "date": paper.date.isoformat() if paper.date else None,
        "title": paper.title,
        "url": paper.url,
        "votes": paper.votes,
        "authors": list(paper.authors),
        "authors_truncated": paper.authors_truncated,
        "thumbnail": paper.thumbnail,
        "comments": paper.comments,
        "sections": [{"name": section.name, "text": section.text} for section in paper.sections],
        "source": printable(paper.source),  # a file name may hold escape sequences
        "first_seen": paper.date.isoformat() if paper.date else None,
        "categories": list(paper.categories),
        "appearances": [
            {
                "date": one.date.isoformat() if one.date else None,
                "source": printable(one.source),
                "category": one.category or None,
                "votes": one.votes,
                "title": one.title,
            }
            for one in paper.appearances
        ],
        "read": None if marks is None else marks.read,
        "starred": None if marks is None else marks.starred,
        "queued": None if marks is None else marks.queued,
        "note": None if marks is None else marks.note,
    }


def to_json(
    papers: Iterable[Paper],
    extra: Sequence[dict[str, Any]] | None = None,
    marks: MarksOf | None = None,
) -> str:
    """A JSON array of paper objects; `extra[i]` is merged into the i-th one."""
    return "".join(json_chunks(papers, extra, marks))


def json_chunks(
    papers: Iterable[Paper],
    extra: Sequence[dict[str, Any]] | None = None,
    marks: MarksOf | None = None,
) -> Iterator[str]:
    """`to_json` a paper at a time, the same text in pieces.

    Why: the whole corpus of two years of listings (95k papers, 448k appearances)
    exported as one list of records and then one string held 2.3 GB at its peak;
    made and written piece by piece it holds one paper's record at a time. Each
    record is indented one level, as `json.dumps` of the list would (a newline in
    JSON text is always structure: inside strings it is escaped).
    """
    opening = "[\n  "
    for number, paper in enumerate(papers):
        record = paper_record(paper, _marks(marks, paper))
        if extra is not None and number < len(extra):
            record.update(extra[number])
        yield opening + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"


def _marks(marks: MarksOf | None, paper: Paper) -> Marks | None:
    return None if marks is None else marks(paper.arxiv_id)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a CSV cell: text a spreadsheet would run as a formula gets a
    leading `'` (OWASP's advice), a carriage return is a line break (the writer
    would leave it unquoted, breaking the row), None is empty, anything else is
    as it is."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(papers: Iterable[Paper], marks: MarksOf | None = None, *, excel: bool = False) -> str:
    """One row per paper; authors joined by '; ', sections as '## Name' blocks;
    `excel`: a UTF-8 byte order mark first."""
    buffer = io.StringIO()
    if excel:
        buffer.write(EXCEL_BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        record = paper_record(paper, _marks(marks, paper))
        record["authors"] = "; ".join(paper.authors)
        record["sections"] = "\n\n".join(
            f"## {section.name}\n{section.text}" for section in paper.sections
        )
        record["votes"] = "" if paper.votes is None else paper.votes
        record["date"] = record["date"] or ""
        record["categories"] = "; ".join(paper.categories)
        record["appearances"] = len(paper.appearances) or 1
        writer.writerow([csv_cell(record[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


# -- BibTeX --------------------------------------------------------------------------

_MATH = re.compile(r"(?<![\\$])(\${1,2})(?=\S)([^$\n]{1,400}?)(?<=[^\s\\])\1(?![\d$])")
"""`$...$` or `$$...$$` as `text.title_for_display` reads it: no space just inside,
no digit just after (`$5 and $10` is money)."""
_BIBTEX_TEXT = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL = re.compile(r"\\\$|[\\{}&%$#_^~]")


def _balanced(text: str) -> bool:
    depth = 0
    for character in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_escape(text: str) -> str:
    """`text` for a BibTeX field: `$...$` math kept as written (when its braces
    balance), everything else escaped so LaTeX prints it (`\\$` stays a dollar)."""
    text = clean_line(text)
    pieces: list[str] = []
    done = 0
    for match in _MATH.finditer(text):
        if not _balanced(match.group(2)):
            continue
        pieces.append(_escape_plain(text[done : match.start()]))
        pieces.append(match.group(0))
        done = match.end()
    pieces.append(_escape_plain(text[done:]))
    return "".join(pieces)


def _escape_plain(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(
        lambda match: r"\$" if match.group() == "\\$" else _BIBTEX_TEXT[match.group()], text
    )


_FUNCTION_TEXT = """a an the on of in for to and or with without towards toward is are
from by via at do does can how what why when where which who into over under as"""
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
"""Title words a key skips, as Better BibTeX's skip words do."""


def _ascii_word(text: str) -> str:
    """`text` in ASCII letters and digits only (accents dropped: Müller -> Muller)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if character.isascii() and
                   character.isalnum())


def _surname(name: str) -> str:
    """The family name of "Given Family" or "Family, Given"."""
    name = name.strip()
    if "," in name:
        return name.split(",", 1)[0]
    words = name.split()
    return words[-1] if words else ""


def key_stem(paper: Paper) -> str:
    """authorYearFirstTitleWord, as Better BibTeX makes it: the first author's
    family name in lower case (`anon` without one), the year, the first word of
    the title that is not a function word (math left out), capitalised."""
    surname = next(
        (word for word in (_ascii_word(_surname(name)).lower() for name in paper.authors) if word),
        "anon",
    )
    year = str(paper.date.year) if paper.date else ""
    title = _MATH.sub(" ", paper.title)
    first = ""
    for word in re.split(r"[\s\-–—:/]+", title):
        plain = _ascii_word(word)
        if plain and plain.casefold() not in _FUNCTION_WORDS:
            first = plain[0].upper() + plain[1:]
            break
    return f"{surname}{year}{first}"


def _suffix(number: int) -> str:
    """a, b, ..., z, aa, ab, ... for the 1st, 2nd, ... duplicate."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def bibtex_keys(papers: Sequence[Paper]) -> list[str]:
    """A key per paper (`key_stem`), a repeated one followed by a, b, c ... in order."""
    used: set[str] = set()
    keys = []
    for paper in papers:
        stem = key_stem(paper)
        key, number = stem, 0
        while key in used:
            number += 1
            key = stem + _suffix(number)
        used.add(key)
        keys.append(key)
    return keys


def bibtex_key(paper: Paper) -> str:
    """The key of one paper alone (`key_stem`): what the app copies with its entry."""
    return key_stem(paper)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One `@misc` entry, with eprint and archivePrefix for biblatex."""
    is_arxiv = not paper.arxiv_id.startswith(LOCAL_ID_PREFIX)
    authors = [
        f"{{{escaped}}}" if re.search(r"\sand\s", escaped, re.IGNORECASE) else escaped
        for escaped in map(bibtex_escape, paper.authors)
    ]
    category = next((one for one in paper.categories if "." in one), "")
    fields = [
        ("title", "{" + bibtex_escape(paper.title) + "}"),
        ("author", " and ".join(authors) + (" and others" if paper.authors_truncated else "")),
        ("year", str(paper.date.year) if paper.date else ""),
        ("eprint", paper.arxiv_id if is_arxiv else ""),
        ("archivePrefix", "arXiv" if is_arxiv else ""),
        ("primaryClass", category if is_arxiv else ""),
        ("url", _bibtex_url(paper.url)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}\n}}\n"


def _bibtex_url(url: str) -> str:
    """A URL as biblatex reads its `url` field (verbatim): only what would unbalance
    the entry, or break it, percent-encoded."""
    encoded = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}
    return "".join(encoded.get(character, character) for character in clean_line(url))


def to_bibtex(papers: Iterable[Paper]) -> str:
    """One `@misc` entry per paper, keys made unique across them."""
    listed = list(papers)
    return "\n".join(
        bibtex_entry(paper, key) for paper, key in zip(listed, bibtex_keys(listed), strict=True)
    )


# -- RIS -------------------------------------------------------------------------------


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {clean_line(value)}\n"


def ris_entry(paper: Paper, marks: Marks | None = None) -> str:
    """One RIS record (`TY  - UNPB`, a preprint) ending with `ER  - `."""
    is_arxiv = not paper.arxiv_id.startswith(LOCAL_ID_PREFIX)
    lines = [_ris_line("TY", "UNPB"), _ris_line("ID", paper.arxiv_id)]
    lines.append(_ris_line("TI", paper.title))
    lines.extend(_ris_line("AU", name) for name in paper.authors if clean_line(name))
    if paper.date:
        day = paper.date  # four-digit years, as RIS wants (strftime gives "1" for year 1)
        lines.append(_ris_line("PY", f"{day.year:04d}"))
        lines.append(_ris_line("DA", f"{day.year:04d}/{day.month:02d}/{day.day:02d}"))
    lines.append(_ris_line("UR", paper.url))
    if is_arxiv:
        lines.append(_ris_line("L1", paper.pdf_url))
        lines.append(_ris_line("DB", "arXiv"))
        lines.append(_ris_line("AN", f"arXiv:{paper.arxiv_id}"))
    summary = " ".join(f"{section.name}: {section.text}" for section in paper.sections)
    if clean_line(summary):
        lines.append(_ris_line("AB", summary))
    lines.extend(_ris_line("KW", category) for category in paper.categories)
    if marks is not None and clean_line(marks.note):
        lines.append(_ris_line("N1", marks.note))
    lines.append("ER  - \n")
    return "".join(lines)


def to_ris(papers: Iterable[Paper], marks: MarksOf | None = None) -> str:
    """One RIS record per paper, a blank line between them."""
    return "\n".join(ris_entry(paper, _marks(marks, paper)) for paper in papers)


# -- the brief ---------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")


def _markdown(text: str) -> str:
    """Digest text as literal Markdown: every ASCII punctuation mark that could
    format or link escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean_line(text))


def _brief_item(paper: Paper, marks: Marks) -> str:
    title = _markdown(title_for_display(paper.title))
    link = paper.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    facts = [paper.arxiv_id if not paper.arxiv_id.startswith(LOCAL_ID_PREFIX) else ""]
    facts.append(paper.date.isoformat() if paper.date else "")
    facts.append("" if paper.votes is None else f"▲ {paper.votes}")
    names = [clean_line(name) for name in paper.authors[:3]]
    more = len(paper.authors) - 3
    if names:
        facts.append(", ".join(names) + (f" and {more} more" if more > 0 else ""))
    if marks.starred:
        facts.append("★")
    shown = " · ".join(fact for fact in facts if fact)
    lines = [f"### [{title}](<{clean_line(link)}>)", "", _markdown(shown)]
    note = clean(marks.note).strip()
    if note:
        lines.append("")
        lines.extend(f"> {line}".rstrip() for line in note.splitlines())
    return "\n".join(lines) + "\n"


def to_brief(
    papers: Iterable[Paper], marks: MarksOf | None = None, *, today: date | None = None
) -> str:
    """A Markdown brief of the queued papers, then the starred ones not queued, each
    with its link, facts and note: what to read next, to share or keep."""
    day = today if today is not None else date.today()
    queued: list[tuple[Paper, Marks]] = []
    starred: list[tuple[Paper, Marks]] = []
    for paper in papers:
        mark = NO_MARKS if marks is None else marks(paper.arxiv_id)
        if mark.queued:
            queued.append((paper, mark))
        elif mark.starred:
            starred.append((paper, mark))
    counts = f"{len(queued)} queued · {len(starred)} starred (not queued)"
    parts = [f"# Reading brief, {day.isoformat()}\n", f"{counts}\n"]
    for heading, chosen in (("Queued", queued), ("Starred", starred)):
        if chosen:
            parts.append(f"## {heading}\n")
            parts.extend(_brief_item(paper, mark) for paper, mark in chosen)
    if not queued and not starred:
        parts.append("Nothing is queued or starred.\n")
    return "\n".join(parts)


def export_chunks(
    papers: Sequence[Paper], fmt: str, marks: MarksOf | None = None, *, excel: bool = False
) -> Iterator[str]:
    """`export` in pieces to write as they come (JSON a paper at a time; the
    other formats, far smaller, in one piece)."""
    if fmt == "json":
        yield from json_chunks(papers, marks=marks)
    else:
        yield export(papers, fmt, marks, excel=excel)


def export(
    papers: Sequence[Paper], fmt: str, marks: MarksOf | None = None, *, excel: bool = False
) -> str:
    """Render papers in one of `FORMATS`; `marks` gives each paper's read, starred,
    queued and note (JSON, CSV, RIS's note, the brief); `excel` only for CSV."""
    if fmt == "json":
        return to_json(papers, marks=marks)
    if fmt == "csv":
        return to_csv(papers, marks, excel=excel)
    if fmt == "bibtex":
        return to_bibtex(papers)
    if fmt == "ris":
        return to_ris(papers, marks)
    if fmt == "brief":
        return to_brief(papers, marks)
    raise ValueError(f"unknown export format {fmt!r}")
