"""Papers out to other tools: JSON, CSV and BibTeX.

Korean and other non-ASCII text is written as itself, never as \\u escapes; file
names (`source`) go through `text.printable`, as everywhere they are shown.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from paper_tui.model import LOCAL_ID_PREFIX, Paper
from paper_tui.text import printable

FORMATS = ("json", "csv", "bibtex")
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
)
"""`appearances` in CSV is how many digests listed the paper (JSON has them all)."""


def paper_record(paper: Paper) -> dict[str, Any]:
    """A paper as the JSON object every export and `--json` output shares."""
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
    }


def to_json(papers: Iterable[Paper], extra: Sequence[dict[str, Any]] | None = None) -> str:
    """A JSON array of paper objects; `extra[i]` is merged into the i-th one."""
    records = [paper_record(paper) for paper in papers]
    if extra is not None:
        for record, more in zip(records, extra, strict=False):
            record.update(more)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_csv(papers: Iterable[Paper]) -> str:
    """One row per paper; authors joined by '; ', sections as '## Name' blocks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        record = paper_record(paper)
        record["authors"] = "; ".join(paper.authors)
        record["sections"] = "\n\n".join(
            f"## {section.name}\n{section.text}" for section in paper.sections
        )
        record["votes"] = "" if paper.votes is None else paper.votes
        record["date"] = record["date"] or ""
        record["categories"] = "; ".join(paper.categories)
        record["appearances"] = len(paper.appearances) or 1
        writer.writerow(
            ["" if record[column] is None else record[column] for column in CSV_COLUMNS]
        )
    return buffer.getvalue()


_BIBTEX_SPECIAL = re.compile(r"([{}\\&%$#_^~])")


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: "\\" + match.group(1), text)


def bibtex_key(paper: Paper) -> str:
    """`surname` + year + id, e.g. `yan2024_2408.08872`: unique and readable."""
    surname = paper.authors[0].split()[-1] if paper.authors else "arxiv"
    surname = re.sub(r"[^\w]", "", surname.casefold()) or "arxiv"
    year = paper.date.year if paper.date else ""
    return f"{surname}{year}_{paper.arxiv_id.replace('/', '_')}"


def to_bibtex(papers: Iterable[Paper]) -> str:
    """One `@misc` entry per paper, with eprint and archivePrefix for biblatex."""
    entries: list[str] = []
    for paper in papers:
        is_arxiv = not paper.arxiv_id.startswith(LOCAL_ID_PREFIX)
        fields = [
            ("title", "{" + _bibtex_escape(paper.title) + "}"),
            (
                "author",
                " and ".join(_bibtex_escape(name) for name in paper.authors)
                + (" and others" if paper.authors_truncated else ""),
            ),
            ("year", str(paper.date.year) if paper.date else ""),
            ("eprint", paper.arxiv_id if is_arxiv else ""),
            ("archivePrefix", "arXiv" if is_arxiv else ""),
            ("url", paper.url),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{bibtex_key(paper)},\n{body}\n}}\n")
    return "\n".join(entries)


def export(papers: Sequence[Paper], fmt: str) -> str:
    """Render papers in one of `FORMATS`."""
    if fmt == "json":
        return to_json(papers)
    if fmt == "csv":
        return to_csv(papers)
    if fmt == "bibtex":
        return to_bibtex(papers)
    raise ValueError(f"unknown export format {fmt!r}")
