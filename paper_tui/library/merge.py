"""One paper per id: the entries of every digest merged into `Paper`s with appearances.

A reader follows papers, not file entries: the same arXiv paper is listed on
several days, in several categories and digests (and languages). Each entry
becomes an `Appearance`; the paper shows the richest title, the highest votes,
the first day it was seen and the sections of its richest summary. Entries
without an arXiv id carry an id of their own (source and heading) from the
parser, so they are never merged by title alone.

The papers keep the digests' order (newest day first), each at the place of its
first appearance: a paper listed again later is not new again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from paper_tui.model import Appearance, Digest, Paper, Section

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
LANGUAGE_SAMPLE = 2000
"""Characters of a summary looked at to tell its language."""


def language_of(sections: Sequence[Section]) -> str:
    """The language of a summary, roughly: "ko", "ja", "zh", "en", or "" without text."""
    text = " ".join(section.text for section in sections)[:LANGUAGE_SAMPLE]
    letters = len(_LETTER.findall(text))
    if not letters:
        return ""
    if len(_HANGUL.findall(text)) * 5 >= letters:
        return "ko"
    if _KANA.search(text):
        return "ja"
    if len(_HAN.findall(text)) * 5 >= letters:
        return "zh"
    return "en"


def appearance_of(entry: Paper, digest: Digest) -> Appearance:
    """The listing `entry` of `digest` stands for."""
    return Appearance(
        date=entry.date,
        source=entry.source,
        format=digest.format,
        category=digest.category,
        votes=entry.votes,
        title=entry.title,
        sections=entry.sections,
        language=language_of(entry.sections),
        line=entry.line,
    )


def _title_richness(title: str) -> tuple[bool, int]:
    """Titles with their math kept (`LLM$\\times$MapReduce`) beat flattened ones
    (`LLMtimesMapReduce`); then the longer one."""
    return ("$" in title or "\\" in title, len(title))


def _summary_size(entry: Paper) -> tuple[int, int]:
    return (len(entry.sections), sum(len(section.text) for section in entry.sections))


def merge_entries(entries: Sequence[Paper], appearances: Sequence[Appearance]) -> Paper:
    """One paper of `entries` (the same id, newest first) and their `appearances`."""
    if len(entries) == 1:
        entry = entries[0]
        return Paper(
            arxiv_id=entry.arxiv_id,
            title=entry.title,
            url=entry.url,
            votes=entry.votes,
            authors=entry.authors,
            authors_truncated=entry.authors_truncated,
            thumbnail=entry.thumbnail,
            comments=entry.comments,
            sections=entry.sections,
            date=entry.date,
            source=entry.source,
            line=entry.line,
            appearances=tuple(appearances),
        )
    main = max(entries, key=_summary_size)  # the first of the richest: the newest
    votes = [entry.votes for entry in entries if entry.votes is not None]
    days = [entry.date for entry in entries if entry.date is not None]
    authored = max(entries, key=lambda entry: len(entry.authors))
    return Paper(
        arxiv_id=main.arxiv_id,
        title=max((entry.title for entry in entries), key=_title_richness),
        url=main.url,
        votes=max(votes) if votes else None,
        authors=authored.authors,
        authors_truncated=authored.authors_truncated,
        thumbnail=main.thumbnail or next((e.thumbnail for e in entries if e.thumbnail), None),
        comments=main.comments or next((e.comments for e in entries if e.comments), None),
        sections=main.sections,
        date=min(days) if days else None,
        source=main.source,
        line=main.line,
        appearances=tuple(appearances),
    )


def merge_digests(digests: Iterable[Digest]) -> tuple[Paper, ...]:
    """One paper per id over `digests` (newest first), each where it was first seen."""
    entries: dict[str, list[Paper]] = {}
    listings: dict[str, list[Appearance]] = {}
    last_place: dict[str, int] = {}
    place = 0
    for digest in digests:
        for entry in digest.papers:
            key = entry.arxiv_id
            found = entries.get(key)
            if found is None:
                entries[key] = [entry]
                listings[key] = [appearance_of(entry, digest)]
            else:
                found.append(entry)
                listings[key].append(appearance_of(entry, digest))
            last_place[key] = place
            place += 1
    order = sorted(last_place, key=last_place.__getitem__)
    return tuple(merge_entries(entries[key], listings[key]) for key in order)


def appearance_days(paper: Paper) -> tuple[date, ...]:
    """Every day `paper` was listed (its own date for an unmerged entry), newest first."""
    days = {one.date for one in paper.appearances if one.date is not None}
    if not days and paper.date is not None:
        days = {paper.date}
    return tuple(sorted(days, reverse=True))
