"""Exports parsed back with real parsers (issue 13): JSON and CSV with the reader's marks,
BibTeX (Better BibTeX keys, math kept, the rest escaped), RIS, the Markdown brief."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.export.formats import (
    CSV_COLUMNS,
    EXCEL_BOM,
    Marks,
    bibtex_escape,
    bibtex_keys,
    csv_cell,
    export,
    key_stem,
    to_brief,
    to_csv,
    to_json,
)
from paper_tui.model import Appearance, Paper, Section


def paper(
    arxiv_id: str = "2502.11089",
    title: str = "Native Sparse Attention: Hardware-Aligned Sparse Attention",
    authors: tuple[str, ...] = ("Zhenda Xie", "Lean Wang"),
    day: date | None = date(2025, 2, 19),
    **more: object,
) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        votes=71,
        authors=authors,
        sections=(
            Section("What's New", "희소 주의 메커니즘을 소개합니다.\n둘째 줄."),
            Section("Technical Details", "Kernels *and* `code`."),
        ),
        date=day,
        appearances=(Appearance(day, "2025-02-19.md", category="cs.CL"),),
        **more,  # type: ignore[arg-type]
    )


MARKS = {
    "2502.11089": Marks(read=True, starred=True, queued=False, note="읽을 것 · later"),
    "2502.00002": Marks(queued=True, note="=cmd|' /C calc'!A0"),
}


def marks_of(arxiv_id: str) -> Marks:
    return MARKS.get(arxiv_id, Marks())


def parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    return library


# -- JSON and CSV carry the marks ------------------------------------------------------


def test_json_carries_read_starred_queued_and_note() -> None:
    records = json.loads(to_json([paper(), paper("2502.00002"), paper("2502.00003")], marks=marks_of))
    assert [(r["read"], r["starred"], r["queued"], r["note"]) for r in records] == [
        (True, True, False, "읽을 것 · later"),
        (False, False, True, "=cmd|' /C calc'!A0"),
        (False, False, False, ""),
    ]
    assert list(records[0])[-4:] == ["read", "starred", "queued", "note"]


def test_json_without_marks_says_they_are_unknown() -> None:
    (record,) = json.loads(to_json([paper()]))
    assert (record["read"], record["starred"], record["queued"], record["note"]) == (
        None,
        None,
        None,
        None,
    )


def test_csv_carries_the_marks_and_parses_back() -> None:
    text = to_csv([paper(), paper("2502.00002")], marks_of)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert (rows[0]["read"], rows[0]["starred"], rows[0]["queued"]) == ("True", "True", "False")
    assert rows[0]["note"] == "읽을 것 · later"
    assert rows[1]["queued"] == "True"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_a_spreadsheet_would_run_gets_a_quote(start: str) -> None:
    hostile = paper(title=f"{start}HYPERLINK(\"http://x\")", authors=(f"{start}1+1",))
    (row,) = list(csv.DictReader(io.StringIO(to_csv([hostile], marks_of))))
    assert row["title"] == f"'{start}HYPERLINK(\"http://x\")".replace("\r", "\n")
    assert row["authors"].startswith(f"'{start}1+1".replace("\r", "\n"))


def test_csv_neutralises_a_note_that_is_a_formula() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv([paper("2502.00002")], marks_of))))
    assert rows[0]["note"] == "'=cmd|' /C calc'!A0"


@given(st.text(max_size=20))
def test_no_csv_cell_starts_like_a_formula_or_holds_a_carriage_return(text: str) -> None:
    cell = csv_cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\r" not in cell
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    assert cell in (plain, "'" + plain)


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_title_comes_back_from_csv_as_one_row(title: str) -> None:
    (row,) = list(csv.DictReader(io.StringIO(to_csv([paper(title=title)]))))
    quote = "'" if title.startswith(("=", "+", "-", "@", "\t", "\r")) else ""
    assert row["title"] == quote + title.replace("\r\n", "\n").replace("\r", "\n")


def test_excel_csv_starts_with_a_byte_order_mark_and_reads_as_utf8() -> None:
    text = export([paper()], "csv", marks_of, excel=True)
    assert text.startswith(EXCEL_BOM) and not export([paper()], "csv").startswith(EXCEL_BOM)
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0]["sections"].startswith("## What's New\n희소")


# -- BibTeX --------------------------------------------------------------------------------


def test_bibtex_keys_are_author_year_first_title_word() -> None:
    assert key_stem(paper()) == "xie2025Native"
    assert key_stem(paper(title="A Survey of Agents")) == "xie2025Survey"
    assert key_stem(paper(title="On the Limits of $\\nabla^2$DFT")) == "xie2025Limits"
    assert key_stem(paper(authors=("Anna Müller",))) == "muller2025Native"
    assert key_stem(paper(authors=("Kim, Min-seo",))) == "kim2025Native"
    assert key_stem(paper(authors=("김민서", "Wei Zhang"))) == "zhang2025Native"
    assert key_stem(paper(authors=(), day=None, title="비디오 생성")) == "anon"
    assert key_stem(paper(title="LLM$\\times$MapReduce: Simplified")) == "xie2025LLM"


def test_repeated_bibtex_keys_get_a_b_suffixes() -> None:
    papers = [paper(f"2502.0000{number}") for number in range(4)] + [paper(title="Other")]
    assert bibtex_keys(papers) == [
        "xie2025Native",
        "xie2025Nativea",
        "xie2025Nativeb",
        "xie2025Nativec",
        "xie2025Other",
    ]


def test_a_suffix_skips_a_key_already_taken() -> None:
    papers = [paper(title="Nativea Things"), paper(), paper()]
    assert bibtex_keys(papers) == ["xie2025Nativea", "xie2025Native", "xie2025Nativeb"]


def test_bibtex_keeps_math_and_escapes_the_text_around_it() -> None:
    title = "LLM$\\times$MapReduce: 50% of R&D_x #1 costs $5 and $10 {braces} ^~ \\cmd"
    entry = export([paper(title=title)], "bibtex")
    assert "$\\times$" in entry and "$\\\\times$" not in entry
    assert "\\^" not in entry.replace("\\textasciicircum{}", "")
    (parsed,) = parse_bibtex(entry).entries
    shown = parsed.fields_dict["title"].value.replace("ˆ", "^")  # pylatexenc's circumflex
    assert shown == title


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_any_title_makes_an_entry_bibtexparser_reads(title: str) -> None:
    entry = export([paper(title=title)], "bibtex")
    library = bibtexparser.parse_string(entry)
    assert library.failed_blocks == []
    (parsed,) = library.entries
    assert parsed.key == key_stem(paper(title=title))
    assert parsed.fields_dict["eprint"].value == "2502.11089"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab $\\{}&%#_^~1x", max_size=30))
def test_escaped_text_outside_math_decodes_to_itself(text: str) -> None:
    escaped = bibtex_escape(text)
    assert escaped.count("{") - escaped.count("\\{") == escaped.count("}") - escaped.count("\\}")
    if "$" not in text:  # no math: everything is text and comes back as written
        library = parse_bibtex(f"@misc{{k, title = {{{escaped}}}}}")
        decoded = library.entries[0].fields_dict["title"].value.replace("ˆ", "^")
        assert " ".join(decoded.split()) == " ".join(text.split())


def test_bibtex_authors_and_fields() -> None:
    entry = export(
        [paper(authors=("Jun Kim", "Research and Development Team"), authors_truncated=True)],
        "bibtex",
    )
    library = bibtexparser.parse_string(entry, append_middleware=[middlewares.SeparateCoAuthors()])
    (parsed,) = library.entries
    assert parsed.entry_type == "misc"
    assert parsed.fields_dict["author"].value == [
        "Jun Kim",
        "{Research and Development Team}",
        "others",
    ]
    assert parsed.fields_dict["archivePrefix"].value == "arXiv"
    assert parsed.fields_dict["primaryClass"].value == "cs.CL"
    assert parsed.fields_dict["url"].value == "https://arxiv.org/abs/2502.11089"


# -- RIS -------------------------------------------------------------------------------------


def test_ris_parses_back_with_rispy() -> None:
    text = export([paper(), paper("local:abc", title="Local one", day=None)], "ris", marks_of)
    first, second = rispy.loads(text)
    assert first["type_of_reference"] == "UNPB"
    assert first["title"] == "Native Sparse Attention: Hardware-Aligned Sparse Attention"
    assert first["authors"] == ["Zhenda Xie", "Lean Wang"]
    assert first["year"] == "2025" and first["date"] == "2025/02/19"
    assert first["urls"] == ["https://arxiv.org/abs/2502.11089"]
    assert first["file_attachments1"] == "https://arxiv.org/pdf/2502.11089"
    assert first["keywords"] == ["cs.CL"]
    assert first["notes"] == ["읽을 것 · later"]
    assert first["abstract"].startswith("What's New: 희소 주의 메커니즘을 소개합니다. 둘째 줄.")
    assert second["id"] == "local:abc" and "file_attachments1" not in second
    assert "year" not in second


def test_ris_values_stay_on_one_line() -> None:
    hostile = paper(title="Two\nlines\r\nER  - and\x1b[2J", authors=("A\nB",))
    text = export([hostile], "ris")
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line)
    (record,) = rispy.loads(text)
    assert record["title"] == "Two lines ER - and"


# -- the brief ---------------------------------------------------------------------------------


def test_the_brief_lists_the_queued_then_the_starred_with_their_notes() -> None:
    papers = [
        paper(),
        paper("2502.00002", title="Queued [one] *bold*"),
        paper("2502.00003", title="Neither"),
    ]
    brief = to_brief(papers, marks_of, today=date(2025, 2, 20))
    assert brief.startswith("# Reading brief, 2025-02-20\n\n1 queued · 1 starred (not queued)\n")
    queued, starred = brief.split("## Queued\n")[1].split("## Starred\n")
    assert "### [Queued \\[one\\] \\*bold\\*](<https://arxiv.org/abs/2502.00002>)" in queued
    assert "> =cmd|' /C calc'!A0" in queued
    assert "### [Native Sparse Attention" in starred and "> 읽을 것 · later" in starred
    assert "★" in starred
    assert "Neither" not in brief


def test_the_brief_shows_math_as_unicode_and_says_when_empty() -> None:
    brief = to_brief([paper(title="LLM$\\times$MapReduce")], lambda _: Marks(queued=True))
    assert "LLM×MapReduce" in brief
    assert "Nothing is queued or starred." in to_brief([paper()], None)


def test_the_brief_is_markdown_a_parser_reads_as_written() -> None:
    from mistletoe import Document
    from mistletoe.block_token import Heading
    from mistletoe.span_token import Link

    brief = to_brief([paper(title="x](javascript:alert(1)) [y")], lambda _: Marks(starred=True))
    document = Document(brief)
    headings = [token for token in document.children if isinstance(token, Heading)]
    links = [child for heading in headings for child in heading.children if isinstance(child, Link)]
    assert [link.target for link in links] == ["https://arxiv.org/abs/2502.11089"]


def test_export_knows_its_formats() -> None:
    with pytest.raises(ValueError):
        export([paper()], "docx")


def test_ris_years_have_four_digits_even_for_year_1() -> None:
    from datetime import date

    (record,) = rispy.loads(export([paper(day=date(1, 1, 1))], "ris", marks_of))
    assert record["year"] == "0001" and record["date"] == "0001/01/01"
