"""Day headers in the list: the line <-> row mapping of `DayGroups`."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.ui.day_groups import DayGroups


@given(st.lists(st.integers(0, 5), max_size=60), st.randoms())
def test_every_line_is_one_header_or_one_row_and_back(days: list[int], random) -> None:
    rows = list(range(len(days)))
    random.shuffle(rows)
    groups = DayGroups.of(np.array(days, dtype=np.int64), rows)
    assert groups.line_count == len(rows) + groups.count
    seen_rows = []
    for line in range(groups.line_count):
        row, group = groups.at_line(line)
        assert (row is None) != (group is None)
        if row is not None:
            assert groups.line_of_row(row) == line
            seen_rows.append(row)
        else:
            assert groups.header_line(group) == line
            assert groups.rows_of(group).start == line - group
    assert seen_rows == list(range(len(rows)))
    assert groups.at_line(groups.line_count) == (None, None)


def test_runs_are_consecutive_rows_of_one_day() -> None:
    days = np.array([7, 7, 5, 5, 5, 7], dtype=np.int64)
    groups = DayGroups.of(days, [0, 1, 2, 3, 4, 5])
    assert [list(groups.rows_of(k)) for k in range(groups.count)] == [[0, 1], [2, 3, 4], [5]]
    assert groups.at_line(0) == (None, 0) and groups.at_line(1) == (0, None)
    assert groups.at_line(3) == (None, 1)
    assert groups.group_of_row(4) == 1


def test_no_headers_means_lines_are_rows() -> None:
    groups = DayGroups.none(3)
    assert [groups.at_line(line) for line in range(3)] == [(0, None), (1, None), (2, None)]
    assert groups.line_of_row(2) == 2


@given(st.lists(st.integers(0, 5), max_size=60), st.randoms())
def test_plain_lists_and_numpy_give_the_same_runs_and_lines(days: list[int], random) -> None:
    rows = list(range(len(days)))
    random.shuffle(rows)
    small = DayGroups.of(days, rows)
    large = DayGroups.of(np.array(days, dtype=np.int64), rows)
    assert isinstance(small.starts, list)
    assert not rows or not isinstance(large.starts, list)
    assert list(small.starts) == [int(v) for v in large.starts]
    assert [small.day_of(k) for k in range(small.count)] == [
        large.day_of(k) for k in range(large.count)
    ]
    for line in range(small.line_count + 1):
        assert small.at_line(line) == large.at_line(line)
    for row in range(len(rows)):
        assert small.line_of_row(row) == large.line_of_row(row)
        assert small.group_of_row(row) == large.group_of_row(row)


def test_a_small_library_finds_its_days_without_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from datetime import date; from paper_tui.model import Paper; "
        "from paper_tui.ui.day_groups import DayGroups, day_numbers; "
        "papers = [Paper(f'2408.{n:05d}', 't', 'https://arxiv.org/abs/x', date=date(2024, 8, 1 + n // 40)) "
        "for n in range(100)]; "
        "groups = DayGroups.of(day_numbers(papers), range(100)); "
        "assert groups.count == 3, groups.count; "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
