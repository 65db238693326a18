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

from collections.abc import Iterable, Sequence
from datetime import date

from paper_tui.collector import collector_paused
from paper_tui.model import Appearance, Digest, Paper


def appearance_of(entry: Paper, digest: Digest) -> Appearance:
    """The listing `entry` of `digest` stands for."""
    # Positional: this runs once per entry, 455k times for two years of listings.
    return Appearance(
        entry.date,
        entry.source,
        digest.format,
        digest.category,
        entry.votes,
        entry.title,
        entry.sections,
        entry.line,
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
            entry.arxiv_id,
            entry.title,
            entry.url,
            entry.votes,
            entry.authors,
            entry.authors_truncated,
            entry.thumbnail,
            entry.comments,
            entry.sections,
            entry.date,
            entry.source,
            entry.line,
            tuple(appearances),
        )
    # One pass, not five `max`/`min`s with key functions: this runs for every paper
    # listed more than once (70k of 95k in two years of listings). Each choice is
    # the first of the best, newest first, as `max` would make it.
    main = authored = entries[0]
    main_sections = main.sections
    main_size = _summary_size(main)
    title = main.title
    title_rank = _title_richness(title)
    votes = main.votes
    day = main.date
    thumbnail, comments = main.thumbnail, main.comments
    for entry in entries[1:]:
        sections = entry.sections
        if sections is not main_sections:  # texts shared across listings: same size
            size = _summary_size(entry)
            if size > main_size:
                main, main_sections, main_size = entry, sections, size
        if entry.title is not title and entry.title != title:
            rank = _title_richness(entry.title)
            if rank > title_rank:
                title, title_rank = entry.title, rank
        if entry.votes is not None and (votes is None or entry.votes > votes):
            votes = entry.votes
        if entry.date is not None and (day is None or entry.date < day):
            day = entry.date
        if len(entry.authors) > len(authored.authors):
            authored = entry
        thumbnail = thumbnail or entry.thumbnail
        comments = comments or entry.comments
    return Paper(
        arxiv_id=main.arxiv_id,
        title=title,
        url=main.url,
        votes=votes,
        authors=authored.authors,
        authors_truncated=authored.authors_truncated,
        thumbnail=main.thumbnail or thumbnail or None,
        comments=main.comments or comments or None,
        sections=main.sections,
        date=day,
        source=main.source,
        line=main.line,
        appearances=tuple(appearances),
    )


def merge_digests(digests: Iterable[Digest]) -> tuple[Paper, ...]:
    """One paper per id over `digests` (newest first), each where it was first seen."""
    # Walked oldest first, a dict keeps each id in the order of its first listing;
    # read backwards, that is newest first with each paper at its oldest listing.
    groups: dict[str, list[tuple[Paper, Digest]]] = {}
    with collector_paused(long_lived=True):  # 2 objects per entry, all kept
        for digest in reversed(list(digests)):
            for entry in reversed(digest.papers):
                found = groups.get(entry.arxiv_id)
                if found is None:
                    groups[entry.arxiv_id] = [(entry, digest)]
                else:
                    found.append((entry, digest))
        papers = []
        for listed in reversed(groups.values()):
            if len(listed) == 1:  # most papers: listed once
                entry, digest = listed[0]
                papers.append(merge_entries((entry,), (appearance_of(entry, digest),)))
                continue
            listed.reverse()  # newest first
            entries = [entry for entry, _ in listed]
            appearances = [appearance_of(entry, digest) for entry, digest in listed]
            papers.append(merge_entries(entries, appearances))
    return tuple(papers)


def appearance_days(paper: Paper) -> tuple[date, ...]:
    """Every day `paper` was listed (its own date for an unmerged entry), newest first."""
    days = {one.date for one in paper.appearances if one.date is not None}
    if not days and paper.date is not None:
        days = {paper.date}
    return tuple(sorted(days, reverse=True))
