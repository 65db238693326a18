"""Patterns rewritten to run in linear time read what the slow ones read:
`markdown.atx_heading` as mistletoe's own `Heading` (its pattern took 5.6 s on a
heading of 12,000 spaces), the table family's delimiter row as its earlier
pattern (2.5 s on `|---` and 20,000 spaces), the arXiv listing's paper headings."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from hypothesis import example, given
from hypothesis import strategies as st
from mistletoe import block_token

from paper_tui.digest import parse_bytes
from paper_tui.digest.formats import arxiv_listing
from paper_tui.digest.formats.table import _DELIMITER_ROW
from paper_tui.digest.markdown import atx_heading, linear_heading

PIECES = st.sampled_from(
    [" ", "  ", "#", "##", "\t", "a", "bc", "\u3000", "\r", "\x0b", "\u00a0", "\\#", "*"]
)
lines = st.builds(
    lambda pieces, end: "".join(pieces) + end,
    st.lists(PIECES, max_size=12),
    st.sampled_from(["\n", ""]),
)


def mistletoe_reads(line: str) -> tuple[int, str, str] | None:
    """What mistletoe's own pattern makes of `line`."""
    if not block_token.Heading.start(line):
        return None
    return block_token.Heading.level, block_token.Heading.content, block_token.Heading.closing_sequence


@given(lines)
@example("### Title ###\n")
@example("# ##\n")
@example("#  ##\n")
@example("   ###### six\n")
@example("    # four spaces: code\n")
@example("####### seven\n")
@example("#hashtag\n")
@example("## a ## b ##  \n")
@example("# closing only at the end ##")
@example("#\n")
@example("#")
@example("#\t\n#")
def test_a_heading_line_reads_as_mistletoe_reads_it(line: str) -> None:
    assert atx_heading(line) == mistletoe_reads(line)


def test_the_heading_blocks_are_read_with_is_mistletoes_heading() -> None:
    heading = linear_heading()
    assert issubclass(heading, block_token.Heading) and heading.__name__ == "Heading"
    assert heading.start("## [T](https://arxiv.org/abs/2408.00001)\n")
    assert heading.content == "[T](https://arxiv.org/abs/2408.00001)" and heading.level == 2


EARLIER_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@given(st.text(alphabet="|-: \tx", max_size=16))
@example("|---|:--:|")
@example("| --- | --- |  ")
@example("|---  x")
def test_a_delimiter_row_is_told_as_before(line: str) -> None:
    assert bool(_DELIMITER_ROW.match(line)) == bool(EARLIER_DELIMITER_ROW.match(line))


def test_listing_headings_are_counted_as_written() -> None:
    head = (
        "\n### A Title (https://arxiv.org/abs/2412.00001)\n"
        "\n###\t\tTabbed (arxiv.org/abs/2412.00002)  \n"
        "\n###No space (https://arxiv.org/abs/2412.00003)\n"
        "\n### [Linked](https://arxiv.org/abs/2412.00004)\n"
    )
    assert arxiv_listing.detect(head) == 2


def _cpu(call: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best


def _grows_linearly(make: Callable[[int], object]) -> None:
    """CPU time at 16x the size is not far past 16x (quadratic would be 256x): a
    ratio, not a deadline."""
    _cpu(lambda: make(10))  # imports
    short = _cpu(lambda: make(1_500))
    long = _cpu(lambda: make(24_000))
    assert long < 16 * short + 0.05


def test_a_heading_of_spaces_parses_in_linear_time() -> None:
    _grows_linearly(
        lambda spaces: parse_bytes(
            ("# Daily Papers\n\n### " + " " * spaces + "\n").encode(), "2025-01-01.md"
        )
    )


def test_a_table_row_of_spaces_parses_in_linear_time() -> None:
    _grows_linearly(
        lambda spaces: parse_bytes(
            ("| Title | A |\n|---" + " " * spaces + "x\n").encode(), "2025-03-03.md"
        )
    )
