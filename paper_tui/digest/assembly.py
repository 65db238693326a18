"""What every adapter builds with: a file's facts, paper drafts and the digests they go in.

An adapter reads its family's shapes; the rules that are the same for every
family live here once: which day and category a digest gets when the path and
the header disagree (the path wins, and a warning names both), the id of a
paper without an arXiv id (its own, from the file and its heading, so it is
never merged with another by title), and the format name every digest carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from paper_tui.digest.arxiv import canonical_url
from paper_tui.digest.categories import category_in_name
from paper_tui.digest.dates import PathDate, path_date
from paper_tui.digest.sections import UNNAMED_SECTION
from paper_tui.model import LOCAL_ID_PREFIX, Digest, Paper, ParseWarning, Section
from paper_tui.text import is_safe_url


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What is known of a file before an adapter reads it: its name, the day and
    category its path gives, and the day its front matter gives."""

    source: str
    path: PathDate = field(default_factory=PathDate)
    category: str = ""
    front_matter_date: date | None = None

    @classmethod
    def of(cls, source: str, front_matter_date: date | None = None) -> SourceFacts:
        return cls(source, path_date(source), category_in_name(source), front_matter_date)

    @property
    def date(self) -> date | None:
        """The day to use when the text names none."""
        return self.path.day or self.front_matter_date


def is_local_id(paper_id: str) -> bool:
    """True for the id of a paper with no arXiv id (it has no arXiv page or PDF)."""
    return paper_id.startswith(LOCAL_ID_PREFIX)


def local_id(source: str, heading: str, occurrence: int = 1) -> str:
    """A stable id for a paper with no arXiv id: its file and heading (and which
    time that heading came in the file), hashed."""
    import hashlib  # only files with such papers pay for it

    key = f"{source}\n{heading}" if occurrence == 1 else f"{source}\n{heading}\n{occurrence}"
    return LOCAL_ID_PREFIX + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class SectionDraft:
    """One section's name and markdown as it grows, kept in pieces (joined once, on
    building) so a section of many lines costs linear time, not quadratic."""

    __slots__ = ("has_text", "name", "parts")

    def __init__(self, name: str, text: str = "") -> None:
        self.name = name
        self.parts: list[str] = [text] if text else []
        self.has_text = bool(text.strip())

    def tail(self) -> str:
        """The text's last non-blank piece, trailing whitespace dropped."""
        for part in reversed(self.parts):
            if part.strip():
                return part.rstrip()
        return ""

    def extend(self, text: str, separator: str) -> None:
        """`text` after the section's text (trailing whitespace dropped) and `separator`;
        `text` alone when the section has none yet."""
        if not self.has_text:
            self.parts = [text] if text else []
        else:
            while not self.parts[-1].strip():
                self.parts.pop()
            self.parts[-1] = self.parts[-1].rstrip()
            self.parts.append(separator + text)
        self.has_text = self.has_text or bool(text.strip())

    def add_line(self, line: str) -> None:
        """One more line of markdown, as written."""
        if self.parts:
            self.parts.append("\n" + line)
        elif line:
            self.parts.append(line)
        self.has_text = self.has_text or bool(line.strip())

    def text(self) -> str:
        return "".join(self.parts).strip()


@dataclass(slots=True)
class PaperDraft:
    """One paper's fields as an adapter finds them, mutable until `DigestAssembly.add`."""

    arxiv_id: str | None
    title: str
    line: int
    url: str = ""
    """The link the digest gave, used only when there is no arXiv id."""
    heading: str = ""
    """The heading as written: with the file, the id of a paper without an arXiv id."""
    votes: int | None = None
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    thumbnail: str | None = None
    comments: list[str] = field(default_factory=list)
    sections: list[SectionDraft] = field(default_factory=list)
    """In file order."""

    def add_section(self, name: str, text: str) -> None:
        self.sections.append(SectionDraft(name, text))

    def extend_section(self, text: str, separator: str = "\n\n") -> None:
        """More text for the last section (a new one, unnamed, when there is none)."""
        if not self.sections:
            self.sections.append(SectionDraft(UNNAMED_SECTION, text))
        else:
            self.sections[-1].extend(text, separator)

    def add_line(self, line: str) -> None:
        """One more line of the last section (of a new, unnamed one when there is none)."""
        if not self.sections:
            self.sections.append(SectionDraft(UNNAMED_SECTION))
        self.sections[-1].add_line(line)

    @property
    def safe_url(self) -> str:
        """The digest's link when it is one the app may open (http(s)), else ""."""
        return self.url if is_safe_url(self.url) else ""

    def build(self, paper_id: str, digest_date: date | None, source: str) -> Paper:
        comments = "\n".join(self.comments).strip()
        return Paper(
            arxiv_id=paper_id,
            title=self.title,
            url=canonical_url(self.arxiv_id) if self.arxiv_id else self.safe_url,
            votes=self.votes,
            authors=self.authors,
            authors_truncated=self.authors_truncated,
            thumbnail=self.thumbnail,
            comments=comments or None,
            sections=tuple(Section(section.name, section.text()) for section in self.sections),
            date=digest_date,
            source=source,
            line=self.line,
        )


@dataclass(slots=True)
class _DigestDraft:
    title: str
    date: date | None
    category: str
    papers: list[Paper] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


class DigestAssembly:
    """One file's digests as an adapter reads it: headers open digests, papers go in
    the last one (a headerless digest is opened for papers before any header)."""

    def __init__(self, facts: SourceFacts, format_name: str) -> None:
        self.facts = facts
        self.format = format_name
        self._digests: list[_DigestDraft] = []
        self._headings: dict[str, int] = {}
        path, front = facts.path, facts.front_matter_date
        if path.conflict:
            self.warn(1, f"{path.conflict}; using the file name")
        if path.day is not None and front is not None and front != path.day:
            self.warn(
                1,
                f"the {path.origin} says {path.day} but the front matter says {front}; "
                f"using the {path.origin}",
            )

    @property
    def current(self) -> _DigestDraft:
        if not self._digests:
            self._digests.append(_DigestDraft("", self.facts.date, self.facts.category))
        return self._digests[-1]

    def warn(self, line: int, message: str) -> None:
        self.current.warnings.append(ParseWarning(self.facts.source, line, message))

    def open_digest(
        self, title: str, line: int, header_date: date | None = None, header_category: str = ""
    ) -> None:
        """A digest header: a new digest, dated and categorised by the path over the header."""
        current = self._digests[-1] if self._digests else None
        if current is None or current.papers or current.title:
            current = _DigestDraft(title, None, "")
            self._digests.append(current)
        else:
            current.title = title  # text before the first header belongs to no digest of its own
        current.date = self._settle_date(header_date, line)
        current.category = self._settle_category(header_category, line)

    def _settle_date(self, header_date: date | None, line: int) -> date | None:
        path, front = self.facts.path, self.facts.front_matter_date
        if path.day is not None:
            if header_date is not None and header_date != path.day:
                self.warn(
                    line,
                    f"the {path.origin} says {path.day} but the header says {header_date}; "
                    f"using the {path.origin}",
                )
            return path.day
        if header_date is not None and front is not None and front != header_date:
            self.warn(
                line,
                f"the header says {header_date} but the front matter says {front}; "
                "using the header",
            )
        return header_date or front

    def _settle_category(self, header_category: str, line: int) -> str:
        named = self.facts.category
        if named and header_category and header_category != named:
            self.warn(
                line,
                f"the file name says {named} but the header says {header_category}; "
                "using the file name",
            )
        return named or header_category

    def add(self, draft: PaperDraft) -> Paper:
        """The paper `draft` stands for, added to the current digest."""
        if draft.arxiv_id:
            paper_id = draft.arxiv_id
        else:
            heading = draft.heading or draft.title
            occurrence = self._headings[heading] = self._headings.get(heading, 0) + 1
            paper_id = local_id(self.facts.source, heading, occurrence)
        paper = draft.build(paper_id, self.current.date, self.facts.source)
        self.current.papers.append(paper)
        return paper

    def build(self, nothing_found: str) -> tuple[Digest, ...]:
        """The digests read (at least one); `nothing_found` warns when none has a paper."""
        drafts = self._digests or [self.current]
        if not any(draft.papers for draft in drafts):
            drafts[0].warnings.append(ParseWarning(self.facts.source, 1, nothing_found))
        return tuple(
            Digest(
                date=draft.date,
                source=self.facts.source,
                papers=tuple(draft.papers),
                warnings=tuple(draft.warnings),
                title=draft.title,
                format=self.format,
                category=draft.category,
            )
            for draft in drafts
        )
