"""One section across papers, as plain data: which sections the listed papers have
(`section_choices`) and which of them have a given one (`SectionMatches`).

No Textual here (the section column draws what this finds). Names are compared as
`paper_tui.store.matching_section` compares them, so "새로운 점" counts as
"What's New"; each distinct tuple of section names is asked about once, which keeps
a scan of 100k papers in tens of milliseconds (digests repeat their names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter

from paper_tui.model import Paper
from paper_tui.store import canonical_section, matching_section, section_key

_NAME = attrgetter("name")


def section_choices(
    papers: Sequence[Paper], rows: Sequence[int], section_names: Mapping[str, str]
) -> list[tuple[str, int]]:
    """The sections the papers at `rows` have, by the name they count as, each with
    how many of those papers have it: most common first (then by name). A paper
    with a section twice counts once; a name no table maps is offered as first written."""
    papers_with: dict[tuple[str, ...], int] = {}
    """A paper's section names -> how many of the papers have just those."""
    for row in rows:
        names = tuple(map(_NAME, papers[row].sections))
        papers_with[names] = papers_with.get(names, 0) + 1
    shown: dict[str, str] = {}
    """Comparison key -> the name shown for it (the first seen)."""
    counts: dict[str, int] = {}
    for names, count in papers_with.items():
        keys: set[str] = set()
        for name in names:
            canonical = canonical_section(name, section_names)
            key = section_key(canonical)
            shown.setdefault(key, canonical)
            keys.add(key)
        for key in keys:
            counts[key] = counts.get(key, 0) + count
    ordered = sorted(counts.items(), key=lambda item: (-item[1], shown[item[0]].casefold()))
    return [(shown[key], count) for key, count in ordered]


class SectionMatches:
    """The papers at `rows` that have the section `wanted`, found as far as asked.

    `scan(count)` reads the next `count` rows; `ensure(found)` reads until that
    many papers are found (or the rows end). Found paper `n` is `row(n)` (an
    element of `rows`) with its section at `section(n)`. Nothing is read before
    it is asked for, so a column over 100k rows opens on the first few.
    """

    def __init__(
        self,
        papers: Sequence[Paper],
        rows: Sequence[int],
        wanted: str,
        section_names: Mapping[str, str],
    ) -> None:
        self._papers = papers
        self._rows = rows
        self._wanted = wanted
        self._section_names = section_names
        self._scanned = 0
        self._found_rows: list[int] = []
        self._found_sections: list[int] = []
        self._place_of: dict[tuple[str, ...], int | None] = {}
        """A paper's section names -> the place of the wanted one (None: not there)."""

    @property
    def total(self) -> int:
        """How many rows there are to read."""
        return len(self._rows)

    @property
    def scanned(self) -> int:
        """How many rows have been read."""
        return self._scanned

    @property
    def done(self) -> bool:
        """True once every row has been read."""
        return self._scanned >= len(self._rows)

    @property
    def found(self) -> int:
        """How many of the rows read have the section."""
        return len(self._found_rows)

    def row(self, number: int) -> int:
        """The row (an element of `rows`) of found paper `number`."""
        return self._found_rows[number]

    def section(self, number: int) -> int:
        """The place, in its paper's sections, of found paper `number`'s section."""
        return self._found_sections[number]

    def scan(self, count: int) -> int:
        """Read up to `count` more rows; how many of them have the section."""
        before = len(self._found_rows)
        end = min(len(self._rows), self._scanned + count)
        papers = self._papers
        place_of = self._place_of
        rows = self._rows
        for position in range(self._scanned, end):
            row = rows[position]
            names = tuple(map(_NAME, papers[row].sections))
            try:
                place = place_of[names]
            except KeyError:
                place = place_of[names] = matching_section(names, self._wanted, self._section_names)
            if place is not None:
                self._found_rows.append(row)
                self._found_sections.append(place)
        self._scanned = end
        return len(self._found_rows) - before

    def ensure(self, found: int, budget: int | None = None) -> bool:
        """Read until `found` papers are found, the rows end, or `budget` more rows
        are read; True when that many are found."""
        chunk = 256
        left = budget
        while len(self._found_rows) < found and not self.done:
            step = chunk if left is None else min(chunk, left)
            if step <= 0:
                break
            self.scan(step)
            if left is not None:
                left -= step
        return len(self._found_rows) >= found

    def finish(self) -> None:
        """Read every row left."""
        self.scan(len(self._rows) - self._scanned)
