"""Hostile digest text: nothing shifted, nothing lost (issue 15, items 3, 13 and 14).

A character mistletoe reads as a line break, nesting thousands deep, a heading made
to make a pattern backtrack: each must leave the papers and sections of the file as
they are without it. The time these take is in `test_linear_time.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.digest import parse_bytes, parse_text
from paper_tui.digest.formats import link_last
from paper_tui.digest.formats.table import _title_of
from paper_tui.digest.headings import atx_heading, numbered_heading
from paper_tui.digest.markdown import (
    MAX_NESTING,
    bare_url_heading,
    flatten_deep_nesting,
    heading_link,
)
from paper_tui.model import Digest
from paper_tui.ui.markdown_text import render_markdown
from tests.conftest import SEED

SEPARATORS = ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
"""What `str.splitlines` (and so mistletoe) breaks a line at, besides `\\n` and `\\r`."""


def papers_and_sections(digests: tuple[Digest, ...]) -> list[tuple[str, str, list[str], list[str]]]:
    """Each paper's id, title, section names and section texts (whitespace folded)."""
    return [
        (
            paper.arxiv_id,
            paper.title,
            [section.name for section in paper.sections],
            [" ".join(section.text.split()) for section in paper.sections],
        )
        for digest in digests
        for paper in digest.papers
    ]


def with_separator_in_every_summary(text: str, separator: str) -> str:
    """`text` with `separator` inside every summary bullet (after its first sentence)."""
    return re.sub(r"^(- \*\*[^*]+\*\*: [^.\n]*\.) ", rf"\1 {separator}", text, flags=re.MULTILINE)


def parsed(text: str, name: str = "2024-08-19.md") -> tuple[Digest, ...]:
    result = parse_bytes(text.encode("utf-8"), name)
    assert not isinstance(result, Exception) and isinstance(result, tuple), result
    return result


# -- 3. a line separator shifts no section ------------------------------------------


@pytest.mark.parametrize("separator", SEPARATORS, ids=lambda s: f"U+{ord(s):04X}")
def test_a_line_separator_in_summaries_shifts_no_section(separator: str) -> None:
    clean_text = SEED.read_text(encoding="utf-8")
    hostile = with_separator_in_every_summary(clean_text, separator)
    assert hostile.count(separator) >= 10  # one in each summary bullet with two sentences
    expected = papers_and_sections(parsed(clean_text))
    assert papers_and_sections(parsed(hostile)) == expected
    assert len(expected) == 7 and all(len(names) == 3 for _, _, names, _ in expected)


def test_a_paragraph_separator_before_a_heading_makes_no_paper() -> None:
    text = SEED.read_text(encoding="utf-8")
    first_bullet = text.index("- **What's New**:")
    hostile = (
        text[:first_bullet] + "- **Note**: a\u2029### [Extra](https://arxiv.org/abs/2408.00001)"
        "\u2028- **Fake**: b\n" + text[first_bullet:]
    )
    ids = [paper.arxiv_id for paper in parsed(hostile)[0].papers]
    assert ids == [paper.arxiv_id for paper in parsed(text)[0].papers]


def test_parse_text_unifies_line_breaks_too() -> None:
    text = with_separator_in_every_summary(SEED.read_text(encoding="utf-8"), "\u2028")
    clean_result = papers_and_sections(parse_text(SEED.read_text(encoding="utf-8"), "x.md"))
    assert papers_and_sections(parse_text(text, "x.md")) == clean_result
    lone_cr = SEED.read_text(encoding="utf-8").replace("\n", "\r")
    assert papers_and_sections(parse_text(lone_cr, "x.md")) == clean_result


def test_check_says_the_same_with_separators_in_summaries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_file = tmp_path / "clean" / SEED.name
    hostile_file = tmp_path / "hostile" / SEED.name
    for path in (clean_file, hostile_file):
        path.parent.mkdir()
    clean_file.write_bytes(SEED.read_bytes())
    hostile_file.write_text(
        with_separator_in_every_summary(SEED.read_text(encoding="utf-8"), "\u2028\u2029"),
        encoding="utf-8",
    )
    assert main(["check", str(clean_file)]) == 0
    clean_out = capsys.readouterr().out
    assert main(["check", str(hostile_file)]) == 0
    hostile_out = capsys.readouterr().out
    assert "7 papers" in clean_out
    assert hostile_out.replace("hostile", "clean") == clean_out


# -- 13, 14. nesting ------------------------------------------------------------------


def test_one_line_of_a_thousand_quote_markers_keeps_every_paper() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = papers_and_sections(parsed(text))
    for hostile in (text + "\n" + "> " * 1000 + "\n", "> " * 1000 + "\n\n" + text):
        digests = parsed(hostile)
        # The same papers and sections (the quote goes into the section it follows).
        assert [paper[:3] for paper in papers_and_sections(digests)] == [
            paper[:3] for paper in expected
        ]
        assert not any("nested" in warning.message for warning in digests[0].warnings)


def test_a_quote_line_between_papers_keeps_every_paper() -> None:
    text = SEED.read_text(encoding="utf-8")
    second = text.index("### [", text.index("### [") + 1)
    hostile = text[:second] + "> " * 1000 + "x\n\n" + text[second:]
    ids = [paper[0] for paper in papers_and_sections(parsed(hostile))]
    assert ids == [paper[0] for paper in papers_and_sections(parsed(text))]


@pytest.mark.parametrize(
    "nested",
    [
        "\n".join("  " * depth + "- x" for depth in range(1500)),
        "\n".join("> " * depth + "x" for depth in range(1000)),
        "- " * 2000 + "x",
        "\n".join("> - " * depth + "x" for depth in range(500)),
    ],
    ids=["list-staircase", "quote-staircase", "markers-on-one-line", "quoted-lists"],
)
def test_deep_nesting_keeps_every_paper_and_its_text(nested: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    digests = parsed(text + "\n" + nested + "\n")
    papers = papers_and_sections(digests)
    expected = papers_and_sections(parsed(text))
    assert [paper[:3] for paper in papers[:-1]] == [paper[:3] for paper in expected[:-1]]
    assert papers[-1][0] == expected[-1][0]
    # The nested text went to the last paper (not dropped), as written (not flattened).
    last_text = "\n".join(section.text for section in digests[0].papers[-1].sections)
    assert last_text.count("x") >= nested.count("x")
    assert max(map(len, last_text.splitlines())) >= max(map(len, nested.splitlines())) - 4


def test_flattening_keeps_lines_and_leaves_ordinary_nesting_alone() -> None:
    ordinary = "- a\n  - b\n    - c\n> q\n> > r\n1. one\n   * two\n---\n* * *\n"
    assert flatten_deep_nesting(ordinary) is ordinary
    deep = "> " * 40 + "x\n" + " " * 200 + "- y\n" + "- " * 40 + "z"
    flat = flatten_deep_nesting(deep)
    assert flat.count("\n") == deep.count("\n")
    quote, indented, markers = flat.split("\n")
    assert quote.count(">") == MAX_NESTING and quote.endswith("x")
    assert indented.lstrip() == "- y" and len(indented) < 50
    assert markers.count("-") == MAX_NESTING and markers.endswith("z")


# -- 12. the patterns that backtracked, as they read ordinary text ----------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## Title", (2, "Title")),
        ("### Title ###", (3, "Title")),
        ("# Title#", (1, "Title")),
        ("## a  #  b ##  ", (2, "a  #  b")),
        ("## ##", (2, "")),
        ("#\tTab", (1, "Tab")),
        ("####### seven", None),
        ("##NoSpace", None),
        ("## a" + " " * 5000 + "b", (2, "a" + " " * 5000 + "b")),
    ],
)
def test_atx_heading_reads_level_and_title(line: str, expected: tuple[int, str] | None) -> None:
    assert atx_heading(line) == expected


def test_numbered_heading_reads_number_and_title() -> None:
    assert numbered_heading("### 12. The Title ##") == ("12", "The Title")
    assert numbered_heading("### 1) T") == ("1", "T")
    assert numbered_heading("### 1. #") == ("1", "#")
    assert numbered_heading("### 1.") is None
    assert numbered_heading("### Title") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Title (https://arxiv.org/abs/2401.00001)", ("Title", "https://arxiv.org/abs/2401.00001")),
        ("A (b) c  (http://x.org/a(b) ", ("A (b) c", "http://x.org/a(b")),
        ("T (x(https://a.b)", ("T (x", "https://a.b")),
        ("T (https://)", None),
        ("T (https://a b)", None),
        ("T (https://a))", None),
        ("(http://a" * 2000, None),
    ],
)
def test_bare_url_heading_takes_the_url_at_the_end(
    raw: str, expected: tuple[str, str] | None
) -> None:
    assert bare_url_heading(raw) == expected


def test_a_label_in_a_heading_is_no_error() -> None:
    assert heading_link("[Oral] [The Title](https://arxiv.org/abs/2401.00001)") == (
        "The Title [Oral]",
        "https://arxiv.org/abs/2401.00001",
    )


def test_a_heading_too_long_for_mistletoe_still_gives_its_link() -> None:
    raw = "[The *Title*](https://arxiv.org/abs/2401.00001) " + "[a](" * 2000
    title, url = heading_link(raw) or ("", "")
    assert url == "https://arxiv.org/abs/2401.00001"
    assert title.startswith("The Title ")


def test_a_link_line_with_many_slashes_is_read_at_once() -> None:
    assert link_last._ONLY_LINKS.match("https://a/" * 40) is not None
    assert link_last._ONLY_LINKS.match("https://a/" * 40 + "<") is None
    assert link_last._ONLY_LINKS.match("[arXiv](https://arxiv.org/abs/1) | [PDF](x)") is not None


def test_read_more_tail_is_cut_from_the_first_read_more() -> None:
    assert _title_of("Title  (Read more on [arXiv](u) or [HF](v))") == "Title"
    assert _title_of("Title read MORE on x") == "Title"
    assert _title_of("Title" + " " * 5000 + "x") == "Title x"


def test_render_reads_code_spans_by_run_length() -> None:
    assert render_markdown("a `b` c").text.plain == "a b c"
    assert render_markdown("``a`b``").text.plain == "a`b"
    assert render_markdown("```x").text.plain == "```x"
    assert render_markdown("`" * 20 + "x" + "`" * 20).text.plain == "`" * 20 + "x" + "`" * 20
    assert render_markdown("[a [b](https://c.d)").links == ("https://c.d",)
