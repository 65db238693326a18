"""The data model: what a digest is once parsed.

Plain frozen dataclasses with slots, so papers are cheap to hold by the
hundred thousand, hashable, and safe to share between the UI and workers.
Nothing here knows about markdown, files or Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

LOCAL_ID_PREFIX = "local:"
"""How the ids the parser gives papers without an arXiv id begin."""


@dataclass(frozen=True, slots=True)
class Section:
    """One named summary section of a paper ("What's New", ...).

    `text` keeps the section's markdown as the digest wrote it (minus the
    bullet and the bold name), so the UI can render nested lists and inline
    code, and export can hand it on unchanged.
    """

    name: str
    text: str


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the parser could not fully read; the rest was kept."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Appearance:
    """One listing of a paper: a day, a digest file, a category, as that digest gave it.

    The same arXiv paper is listed on several days, in several categories and
    digests (and languages); each listing is one appearance of one `Paper`.
    """

    date: date | None
    source: str
    format: str = ""
    """The digest family it was read as ("hf-daily", "arxiv-listing", "table", ...)."""
    category: str = ""
    """The arXiv category of the listing ("cs.CL"), from the file name or header."""
    votes: int | None = None
    title: str = ""
    """The title as this digest wrote it."""
    sections: tuple[Section, ...] = ()
    line: int = 0

    @property
    def language(self) -> str:
        """The language of the summary ("ko", "ja", "zh", "en"; "" when there is none),
        told when asked: a load of 100k listings never pays for it."""
        return language_of(self.sections)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper: the heading and everything under it, in one digest entry or merged
    over every entry with the same id (`appearances`, newest first).

    A merged paper shows the richest title, the highest votes, the first day it
    was seen (`date`), and the sections of its main appearance; `appearances`
    keeps each listing with its own title, votes and summary.
    """

    arxiv_id: str
    title: str
    url: str
    votes: int | None = None
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    thumbnail: str | None = None
    comments: str | None = None
    sections: tuple[Section, ...] = ()
    date: date | None = None
    source: str = ""
    line: int = 0
    appearances: tuple[Appearance, ...] = ()
    """Every listing of this paper (empty for an entry fresh from the parser)."""

    @property
    def is_local(self) -> bool:
        """True for a paper without an arXiv id (the parser gave it an id of its own)."""
        return self.arxiv_id.startswith(LOCAL_ID_PREFIX)

    @property
    def pdf_url(self) -> str:
        """The arXiv PDF of this paper (derived from the canonical id); for a paper
        without an arXiv id, the link its digest gave."""
        return self.url if self.is_local else f"https://arxiv.org/pdf/{self.arxiv_id}"

    @property
    def summaries(self) -> tuple[Appearance, ...]:
        """The appearances whose summaries differ (each text once): the one this paper
        shows first, then the others newest first; more than one when digests
        summarised this paper differently."""
        seen: set[tuple[Section, ...]] = set()
        distinct = []
        shown_first = sorted(self.appearances, key=lambda one: one.sections != self.sections)
        for appearance in shown_first:
            if appearance.sections and appearance.sections not in seen:
                seen.add(appearance.sections)
                distinct.append(appearance)
        return tuple(distinct)

    @property
    def categories(self) -> tuple[str, ...]:
        """The arXiv categories it was listed under, sorted."""
        return tuple(sorted({one.category for one in self.appearances if one.category}))

    def section(self, name: str) -> Section | None:
        """The first section whose name matches `name`, case-insensitively."""
        wanted = name.casefold()
        for section in self.sections:
            if section.name.casefold() == wanted:
                return section
        return None


@dataclass(frozen=True, slots=True)
class Digest:
    """One day's digest: a `## Daily Papers (DATE)` block, or a whole file.

    A file with several such headers yields several digests, in file order.
    `title` is the digest's own heading text ("Daily Papers (2024-08-19)",
    "New uploads on arXiv(cs.CL)"), empty when the file has none.
    """

    date: date | None
    source: str
    papers: tuple[Paper, ...]
    warnings: tuple[ParseWarning, ...] = ()
    title: str = ""
    format: str = ""
    """The digest family the file was read as (see `Appearance.format`)."""
    category: str = ""
    """The arXiv category the digest lists ("cs.CL"), when it says or its name does."""


@dataclass(frozen=True, slots=True)
class LoadError:
    """A file that could not be read at all, and why, in words for the user."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading a set of paths produced: digests newest first, and errors.

    The loader merges the digests' entries into one `Paper` per id (`merged`);
    a result made by hand without them offers the entries as its papers. A
    load that asked for no entries (`outlined`) has digests whose `papers` are
    empty: their day, source, title and warnings are all it keeps of them.
    """

    digests: tuple[Digest, ...] = ()
    errors: tuple[LoadError, ...] = ()
    merged: tuple[Paper, ...] | None = None
    outlined: bool = False

    @property
    def entries(self) -> tuple[Paper, ...]:
        """Every entry of every digest, in digest order (newest day first); none
        when `outlined` (the loader let them go once merged)."""
        return tuple(paper for digest in self.digests for paper in digest.papers)

    @property
    def papers(self) -> tuple[Paper, ...]:
        """One paper per id when merged (see `merged`), else every entry."""
        return self.merged if self.merged is not None else self.entries


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
LANGUAGE_SAMPLE = 2000
"""Characters of a summary looked at to tell its language."""


def language_of(sections: tuple[Section, ...]) -> str:
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
