"""The list's day headers: where each day's run of rows starts, and the mapping
between list lines (headers and rows) and rows (papers), all in O(log n).

When the list is ordered by day, each run of rows of one day gets a header line
above it (date, weekday, how many papers, how many unread) instead of a date
repeated on every row, so titles get the width. Found with numpy from one day
number per paper, so replacing 90k rows costs about a millisecond. numpy is
imported on first use: the first paint does not wait for it.
"""

from __future__ import annotations

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


def day_numbers(papers: Sequence[Paper]) -> IntArray:
    """Each paper's day as an ordinal (0 for none), once per load."""
    import numpy as np

    return np.fromiter(
        (paper.date.toordinal() if paper.date else 0 for paper in papers),
        dtype=np.int64,
        count=len(papers),
    )


def _as_array(rows: Sequence[int]) -> IntArray:
    import numpy as np

    if isinstance(rows, range):
        return np.arange(rows.start, rows.stop, rows.step, dtype=np.int64)
    return np.asarray(rows, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class DayGroups:
    """Runs of rows of the same day; `starts[k]` is the first row of run k."""

    starts: IntArray
    ordinals: IntArray
    """The day of each run (an ordinal, 0 for papers without a date)."""
    row_count: int

    @classmethod
    def none(cls, row_count: int) -> DayGroups:
        """No headers: every line is a row."""
        import numpy as np

        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, row_count)

    @classmethod
    def of(cls, days: IntArray, rows: Sequence[int]) -> DayGroups:
        """The runs of `rows` (positions into the papers whose `days` are given)."""
        import numpy as np

        if not len(rows):
            return cls.none(0)
        row_days = days[_as_array(rows)]
        changes = np.flatnonzero(row_days[1:] != row_days[:-1]) + 1
        starts = np.concatenate((np.zeros(1, dtype=np.int64), changes.astype(np.int64)))
        return cls(starts, row_days[starts], len(rows))

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
        import numpy as np

        return row + int(np.searchsorted(self.starts, row, side="right"))

    def header_line(self, group: int) -> int:
        """The line of run `group`'s header."""
        return int(self.starts[group]) + group

    def group_of_row(self, row: int) -> int:
        """The run `row` belongs to (-1 when there are no headers)."""
        import numpy as np

        return int(np.searchsorted(self.starts, row, side="right")) - 1

    def at_line(self, line: int) -> tuple[int | None, int | None]:
        """(row, None) for a row's line, (None, run) for a header's, (None, None) past the end."""
        import numpy as np

        if not 0 <= line < self.line_count:
            return None, None
        if not self.count:
            return line, None
        header_lines = self.starts + np.arange(self.count, dtype=np.int64)
        group = int(np.searchsorted(header_lines, line, side="right")) - 1
        if int(header_lines[group]) == line:
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
