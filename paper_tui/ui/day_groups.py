"""The list's day headers: where each day's run of rows starts, and the mapping
between list lines (headers and rows) and rows (papers), all in O(log n).

When the list is ordered by day, each run of rows of one day gets a header line
above it (date, weekday, how many papers, how many unread) instead of a date
repeated on every row, so titles get the width. Found from one day number per
paper: in plain Python for a small library (numpy's import would delay its first
screen), with numpy above `SMALL_LIST` papers, so replacing 90k rows costs about
a millisecond.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from paper_tui.model import Paper

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
else:
    IntArray = Any


SMALL_LIST = 20_000
"""Papers up to which the day runs are found in plain Python: numpy (~60 ms to
import) stays off the first screen of a small library; larger ones use it."""

Days = Sequence[int]
"""Each paper's day as an ordinal: a list for a small library, else an `IntArray`."""


def day_numbers(papers: Sequence[Paper]) -> Days:
    """Each paper's day as an ordinal (0 for none), once per load."""
    if len(papers) <= SMALL_LIST:
        return [paper.date.toordinal() if paper.date else 0 for paper in papers]
    import numpy as np

    array: IntArray = np.fromiter(
        (paper.date.toordinal() if paper.date else 0 for paper in papers),
        dtype=np.int64,
        count=len(papers),
    )
    return array  # type: ignore[return-value]


def _as_array(rows: Sequence[int]) -> IntArray:
    import numpy as np

    if isinstance(rows, range):
        return np.arange(rows.start, rows.stop, rows.step, dtype=np.int64)
    return np.asarray(rows, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class DayGroups:
    """Runs of rows of the same day; `starts[k]` is the first row of run k.

    Plain lists below `SMALL_LIST` rows, numpy arrays above: the same answers
    (bisect on a list, searchsorted on an array), both in O(log n)."""

    starts: Sequence[int]
    ordinals: Sequence[int]
    """The day of each run (an ordinal, 0 for papers without a date)."""
    row_count: int
    header_lines: Sequence[int] = ()
    """The line of each run's header (`starts[k] + k`)."""

    @classmethod
    def none(cls, row_count: int) -> DayGroups:
        """No headers: every line is a row."""
        return cls([], [], row_count, [])

    @classmethod
    def of(cls, days: Days, rows: Sequence[int]) -> DayGroups:
        """The runs of `rows` (positions into the papers whose `days` are given)."""
        if not len(rows):
            return cls.none(0)
        if isinstance(days, list) and len(rows) <= SMALL_LIST:
            row_days = [days[row] for row in rows]
            starts = [0] + [
                n for n in range(1, len(row_days)) if row_days[n] != row_days[n - 1]
            ]
            lines = [start + group for group, start in enumerate(starts)]
            return cls(starts, [row_days[start] for start in starts], len(rows), lines)
        import numpy as np

        every = np.asarray(days, dtype=np.int64)[_as_array(rows)]
        changes = np.flatnonzero(every[1:] != every[:-1]) + 1
        first = np.concatenate((np.zeros(1, dtype=np.int64), changes.astype(np.int64)))
        header_lines = first + np.arange(len(first), dtype=np.int64)
        return cls(first, every[first], len(rows), header_lines)  # type: ignore[arg-type]

    @property
    def count(self) -> int:
        """How many headers there are."""
        return len(self.starts)

    @property
    def line_count(self) -> int:
        """Lines in all: the rows and the headers."""
        return self.row_count + self.count

    def line_of_row(self, row: int) -> int:
        """The line that shows `row`."""
        return row + _after(self.starts, row)

    def header_line(self, group: int) -> int:
        """The line of run `group`'s header."""
        return int(self.starts[group]) + group

    def group_of_row(self, row: int) -> int:
        """The run `row` belongs to (-1 when there are no headers)."""
        return _after(self.starts, row) - 1

    def at_line(self, line: int) -> tuple[int | None, int | None]:
        """(row, None) for a row's line, (None, run) for a header's, (None, None) past the end."""
        if not 0 <= line < self.line_count:
            return None, None
        if not self.count:
            return line, None
        group = _after(self.header_lines, line) - 1
        if int(self.header_lines[group]) == line:
            return None, group
        return line - group - 1, None

    def rows_of(self, group: int) -> range:
        """The rows of run `group`."""
        end = int(self.starts[group + 1]) if group + 1 < self.count else self.row_count
        return range(int(self.starts[group]), end)

    def day_of(self, group: int) -> date | None:
        """The day of run `group`."""
        ordinal = int(self.ordinals[group])
        return date.fromordinal(ordinal) if ordinal > 0 else None


def _after(sorted_values: Sequence[int], value: int) -> int:
    """How many of `sorted_values` are at most `value` (bisect, or numpy's on an array)."""
    if isinstance(sorted_values, list):
        return bisect_right(sorted_values, value)
    import numpy as np

    return int(np.searchsorted(sorted_values, value, side="right"))
