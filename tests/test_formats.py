"""Every digest family, each read by its own adapter: chosen by what a file holds, with
the quirks of each family reproduced in tests/fixtures/formats/<family>/."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.digest.formats import ADAPTERS, adapter_named, choose_adapter
from paper_tui.digest.parse import UNNAMED_SECTION, parse_file, parse_text
from paper_tui.model import Digest, LoadError, Paper
from tests.conftest import FIXTURES, SHARED, shared

FORMATS = FIXTURES / "formats"
LOCAL_ID = re.compile(r"^local:[0-9a-f]{12}$")

PAPER_HEADINGS = {
    "hf-daily": re.compile(r"^### \[.*\]\(https?://", re.MULTILINE),
    "arxiv-listing": re.compile(r"^### .*\(https://arxiv\.org/abs/[^)]+\)$", re.MULTILINE),
    "table": re.compile(r"^\| (?!Title \|)(?!-)", re.MULTILINE),
    "fenced": re.compile(r"^## \d{4}\.\d{4,5}$", re.MULTILINE),
    "numbered": re.compile(r"^### \d+\. ", re.MULTILINE),
    "link-last": re.compile(r"^\*\*1\. ", re.MULTILINE),
}
"""What a paper's heading looks like in each family, written apart from the adapters."""
NOT_PAPERS = {"hf-daily": 1}
"""Headings of a family's fixture that are no paper (hf-daily: a link to a web page)."""


def fixture_files() -> list[pytest.ParameterSet]:
    return [
        pytest.param(path, path.relative_to(FORMATS).parts[0], id=str(path.relative_to(FORMATS)))
        for path in sorted(FORMATS.rglob("*.md"))
    ]


def digests_of(path: Path) -> tuple[Digest, ...]:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    return digests


def papers_of(path: Path) -> list[Paper]:
    return [paper for digest in digests_of(path) for paper in digest.papers]


def warnings_of(digests: tuple[Digest, ...]) -> list[str]:
    return [warning.message for digest in digests for warning in digest.warnings]


def real_files() -> list[pytest.ParameterSet]:
    """Every real digest under ../shared (in its folders: not its notes), marked shared."""
    found = sorted(path for path in SHARED.glob("*/**/*.md") if path.is_file())
    return [
        pytest.param(path, id=str(path.relative_to(SHARED)), marks=shared) for path in found
    ] or [pytest.param(SHARED, id="shared", marks=shared)]


# -- every family ------------------------------------------------------------


def test_every_family_has_an_adapter_with_its_own_name() -> None:
    assert [adapter.NAME for adapter in ADAPTERS] == list(PAPER_HEADINGS)
    assert all(adapter_named(name) is not None for name in PAPER_HEADINGS)
    assert adapter_named("nonsense") is None


@pytest.mark.parametrize(("path", "family"), fixture_files())
def test_each_fixture_is_read_by_its_familys_adapter(path: Path, family: str) -> None:
    digests = digests_of(path)
    assert {digest.format for digest in digests} == {family}


@pytest.mark.parametrize(("path", "family"), fixture_files())
def test_each_fixture_has_a_paper_per_heading_of_its_family(path: Path, family: str) -> None:
    text = path.read_text(encoding="utf-8")
    expected = len(PAPER_HEADINGS[family].findall(text)) - NOT_PAPERS.get(family, 0)
    papers = papers_of(path)
    assert len(papers) == expected
    assert all(paper.title for paper in papers)
    assert all(paper.date is not None for paper in papers)
    for paper in papers:
        if LOCAL_ID.match(paper.arxiv_id):
            assert paper.url.startswith(("http://", "https://")) or paper.url == ""
        else:
            assert paper.url == f"https://arxiv.org/abs/{paper.arxiv_id}"


@pytest.mark.parametrize("path", real_files())
def test_every_real_digest_has_a_paper_per_heading_of_its_family(path: Path) -> None:
    digests = digests_of(path)
    (family,) = {digest.format for digest in digests}
    expected = {"digests": "hf-daily", "digests-arxiv": "arxiv-listing"}.get(
        path.relative_to(SHARED).parts[0], family
    )
    assert family == expected
    text = path.read_text(encoding="utf-8")
    papers = [paper for digest in digests for paper in digest.papers]
    assert len(papers) == len(PAPER_HEADINGS[family].findall(text))
    assert all(paper.title and paper.sections for paper in papers)
    assert all(digest.date is not None for digest in digests)


def test_the_adapter_is_chosen_by_content_not_by_the_file_name(tmp_path: Path) -> None:
    table = (FORMATS / "table" / "2025-03-03.md").read_text(encoding="utf-8")
    disguised = tmp_path / "2025-03-03" / "cs.CL.md"
    disguised.parent.mkdir()
    disguised.write_text(table, encoding="utf-8")
    (digest,) = digests_of(disguised)
    assert digest.format == "table"
    assert (digest.date, digest.category) == (date(2025, 3, 3), "cs.CL")


def test_a_file_no_family_recognises_is_read_as_hf_daily_and_warns() -> None:
    assert choose_adapter("# Notes\n\nnothing here\n").NAME == "hf-daily"
    (digest,) = parse_text("# Notes\n\nnothing here\n", "notes.md")
    assert digest.format == "hf-daily" and not digest.papers
    assert "no papers found" in digest.warnings[-1].message


# -- HF daily ------------------------------------------------------------------


def test_numbered_bold_items_after_a_section_bullet_stay_in_that_section() -> None:
    first = papers_of(FORMATS / "hf-daily" / "2025-02-20.md")[0]
    assert [section.name for section in first.sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert first.sections[1].text == (
        "세 가지 구성 요소로 이루어집니다:\n"
        "1. **Tokenizer**: 원소 기호를 하나의 토큰으로 묶습니다.\n"
        "2. **Encoder**: 작은 트랜스포머가 토큰을 읽습니다.\n"
        "3. **Decoder**: 반응 생성물을 예측합니다."
    )


def test_an_unbalanced_bold_marker_keeps_the_section_name() -> None:
    second = papers_of(FORMATS / "hf-daily" / "2025-02-20.md")[1]
    assert [(section.name, section.text.split()[1]) for section in second.sections] == [
        ("What's New", "문서를"),
        ("Technical Details", "조각의"),
        ("Performance Highlights", "문맥"),
    ]
    assert second.title == "LLM$\\times$Atlas: Mapping Long Documents with Many Small Calls"


def test_a_paper_heading_linking_off_arxiv_is_kept_with_an_id_of_its_own() -> None:
    digests = digests_of(FORMATS / "hf-daily" / "2025-02-20.md")
    kit = digests[0].papers[2]
    assert LOCAL_ID.match(kit.arxiv_id)
    assert (kit.title, kit.url, kit.votes) == (
        "Kestrel: An Open Robot Arm Kit",
        "https://github.com/example-org/kestrel",
        5,
    )
    # The web page heading with nothing of a paper under it is still skipped, and said so.
    assert warnings_of(digests) == [
        "heading links to 'https://example.org/not-a-paper', not an arXiv paper; skipped"
    ]


def test_numbered_section_lists_still_name_their_sections() -> None:
    paper = parse_text(
        "### [T](https://arxiv.org/abs/2401.00001)\n\n"
        "1. **What's New**: a\n2. **Technical Details**: b\n",
        "2024-01-01.md",
    )[0].papers[0]
    assert [section.name for section in paper.sections] == ["What's New", "Technical Details"]


# -- arXiv listing -------------------------------------------------------------


def test_a_listing_in_a_dated_folder_takes_its_date_from_the_folder() -> None:
    (digest,) = digests_of(FORMATS / "arxiv-listing" / "2024-12-27" / "cs.CL.md")
    assert (digest.date, digest.category, digest.title) == (
        date(2024, 12, 27),
        "cs.CL",
        "New uploads on arXiv(cs.CL)",
    )
    assert digest.papers[1].title == "Footnote Finder: Linking Citations in Scanned Theses"
    assert digest.papers[0].comments == "9 pages, 4 figures"
    assert not digest.warnings


def test_an_empty_listing_is_one_digest_with_no_papers() -> None:
    (digest,) = digests_of(FORMATS / "arxiv-listing" / "2024-12-27" / "cs.IR.md")
    assert (digest.format, digest.category, digest.papers) == ("arxiv-listing", "cs.IR", ())
    assert warnings_of((digest,)) == ["no papers found (no ### heading links to arXiv)"]


def test_a_category_header_disagreeing_with_the_file_name_loses_with_a_warning() -> None:
    (digest,) = digests_of(FORMATS / "arxiv-listing" / "2024-12-28_cs.LG.md")
    assert digest.category == "cs.LG"
    assert warnings_of((digest,)) == [
        "the file name says cs.LG but the header says cs.AI; using the file name"
    ]


def test_the_category_comes_from_the_header_when_the_name_has_none() -> None:
    (digest,) = parse_text("New uploads on arXiv(stat.ML)\n", "2024-12-27.md")
    assert digest.category == "stat.ML"


# -- table ---------------------------------------------------------------------


def test_table_rows_become_papers_with_links_authors_and_a_summary() -> None:
    (digest,) = digests_of(FORMATS / "table" / "2025-03-03.md")
    assert (digest.title, digest.date) == ("Papers for 2025-03-03", date(2025, 3, 3))
    first = digest.papers[0]
    assert (first.arxiv_id, first.line) == ("2503.00101", 5)
    assert first.title == "Tidepool: Forecasting Coastal Algae Blooms from Satellite Mosaics"
    assert first.authors == ("Mira Castellanos", "Idris Okafor", "Wen-li Zhou")
    assert [section.name for section in first.sections] == [UNNAMED_SECTION]
    assert first.sections[0].text.startswith("Tidepool predicts algae blooms")
    assert not digest.warnings


def test_a_title_cell_broken_over_lines_is_one_title() -> None:
    papers = papers_of(FORMATS / "table" / "2025-03-03.md")
    assert papers[1].title == (
        "Ropewalk: Teaching Quadrupeds to Cross Slack Lines with Curriculum Reinforcement Learning"
    )
    assert papers[2].title == (
        "Ledger of Thoughts: Auditing Multi-Step Reasoning in Small Language Models"
    )
    assert (papers[2].line, papers[3].line) == (8, 11)


def test_table_authors_empty_user_names_or_names() -> None:
    papers = papers_of(FORMATS / "table" / "2025-03-03.md")
    assert [paper.authors for paper in papers] == [
        ("Mira Castellanos", "Idris Okafor", "Wen-li Zhou"),
        ("rope_lab", "quadbot-dev"),
        (),
        ("Sun-hee Park",),
        ("kettle-team",),
    ]


def test_an_escaped_pipe_and_a_br_stay_in_the_summary() -> None:
    pebble = papers_of(FORMATS / "table" / "2025-03-03.md")[3]
    assert "P(count | image)" in pebble.sections[0].text
    assert pebble.sections[0].text.endswith("detectors.\nCode and data are released.")


def test_a_row_without_an_arxiv_link_keeps_its_own_link_and_id() -> None:
    kettle = papers_of(FORMATS / "table" / "2025-03-03.md")[4]
    assert LOCAL_ID.match(kettle.arxiv_id)
    assert kettle.url == "https://github.com/example-org/open-kettle"
    assert kettle.title == "Open Kettle: A Recipe Corpus for Procedural Planning"


def test_early_tables_with_a_link_column() -> None:
    papers = papers_of(FORMATS / "table" / "2024-07-01.md")
    assert [paper.arxiv_id for paper in papers] == ["2407.00031", "2407.00048", "2407.00052"]
    assert papers[0].title == "Quillwork: Handwriting Synthesis in Twelve Scripts"
    assert papers[1].authors == ()


def test_table_columns_are_found_by_name_in_any_order() -> None:
    text = (
        "## Papers for 2025-03-04\n\n| Summary | Title |\n|---|---|\n"
        "| A summary. | T (Read more on [arXiv](https://arxiv.org/abs/2503.00999)) |\n"
    )
    (paper,) = parse_text(text, "x.md")[0].papers
    assert (paper.arxiv_id, paper.title, paper.sections[0].text) == (
        "2503.00999",
        "T",
        "A summary.",
    )


# -- fenced ----------------------------------------------------------------------


def test_fenced_papers_take_title_and_sections_from_the_fence() -> None:
    (digest,) = digests_of(FORMATS / "fenced" / "2025-02-21.md")
    first = digest.papers[0]
    assert (first.arxiv_id, first.title) == (
        "2502.14001",
        "Saltmarsh: Mapping Tidal Wetlands with Weak Labels",
    )
    assert [section.name for section in first.sections] == ["Problem", "Method", "Results"]
    assert first.sections[1].text.endswith("- A loss that ignores uncertain borders")
    assert [section.name for section in digest.papers[1].sections] == ["문제", "방법"]


def test_a_longer_fence_holds_a_code_block_and_an_overview() -> None:
    lanterns = papers_of(FORMATS / "fenced" / "2025-02-21.md")[2]
    assert [section.name for section in lanterns.sections] == [
        UNNAMED_SECTION,
        "Problem",
        "Results",
    ]
    assert "```python\nlight = estimate(photo)\n```" in lanterns.sections[1].text


def test_an_unclosed_fence_ends_at_the_next_paper_with_a_warning() -> None:
    digests = digests_of(FORMATS / "fenced" / "2025-02-21.md")
    papers = digests[0].papers
    assert [paper.arxiv_id for paper in papers[-2:]] == ["2502.14049", "2502.14050"]
    assert papers[-1].sections[0].text == "The paper after an unclosed fence is still read."
    assert warnings_of(digests) == ["a fenced block is not closed before the next paper"]


# -- numbered --------------------------------------------------------------------


def test_numbered_headings_bold_fields_and_emoji_sections() -> None:
    (digest,) = digests_of(FORMATS / "numbered" / "2025-02-24.md")
    first = digest.papers[0]
    assert (first.arxiv_id, first.title, first.votes) == (
        "2502.16001",
        "Fernwood: Growing Synthetic Forests for Lidar Pretraining",
        41,
    )
    assert first.authors == ("Elin Navarro", "Tobias Mwangi", "Hye-jin Cho")
    assert [section.name for section in first.sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert first.sections[1].text == (
        "Trees are grown with an L-system and scanned by a simulated sensor.\n"
        "Wind and occlusion are randomised per scene."
    )


def test_bulleted_bold_fields_and_an_unknown_label_as_a_section() -> None:
    tally = papers_of(FORMATS / "numbered" / "2025-02-24.md")[1]
    assert (tally.votes, tally.authors) == (1204, ("Maren Holt", "Dev Raman"))
    assert [section.name for section in tally.sections] == [
        "Affiliations",
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert tally.sections[1].text == "손으로 표시한 투표 용지를 읽는 데이터셋을 공개합니다."


def test_a_numbered_paper_without_arxiv_links_keeps_its_first_link() -> None:
    digests = digests_of(FORMATS / "numbered" / "2025-02-24.md")
    kiln = digests[0].papers[2]
    assert LOCAL_ID.match(kiln.arxiv_id)
    assert (kiln.url, kiln.votes) == ("https://example.org/kiln", None)
    assert warnings_of(digests) == ["vote count 'n/a' is not a number"]


# -- link last -------------------------------------------------------------------


def test_link_last_blocks_numbered_labels_and_the_closing_link() -> None:
    (digest,) = digests_of(FORMATS / "link-last" / "2025-02-26.md")
    wayfinder, marginalia, brine = digest.papers
    assert (wayfinder.arxiv_id, wayfinder.line) == ("2502.18001", 13)
    assert [section.name for section in wayfinder.sections] == ["Problem", "Method", "Results"]
    assert wayfinder.sections[1].text == (
        "A planner reads the floor plan as an image and aligns it\n"
        "with what the camera sees, corridor by corridor."
    )
    assert (marginalia.arxiv_id, marginalia.votes) == ("2502.18019", 7)
    assert marginalia.authors == ("Priya Sethuraman", "Jonah Weiss")
    assert marginalia.sections[0].text == "책의 여백에 남긴 메모는 버려지는 정보입니다."
    assert LOCAL_ID.match(brine.arxiv_id) and brine.url == "https://example.org/brine"
    assert not digest.warnings


def test_front_matter_is_skipped_and_line_numbers_still_match_the_file() -> None:
    (digest,) = digests_of(FORMATS / "link-last" / "2025-02-26.md")
    assert digest.title == "Papers of 2025-02-26"
    assert "Introduction" not in [paper.title for paper in digest.papers]
    text = (FORMATS / "link-last" / "2025-02-26.md").read_text(encoding="utf-8").split("\n")
    assert text[digest.papers[0].line - 1].startswith("## Wayfinder")


# -- ids of papers without an arXiv id ------------------------------------------------


def test_local_ids_are_stable_and_never_merge_by_title() -> None:
    text = (
        "## Same Name\n\n**1. Problem**: a\n\n[Site](https://example.org/a)\n\n"
        "## Same Name\n\n**1. Problem**: b\n\n[Site](https://example.org/b)\n"
    )
    first = parse_text(text, "2025-01-01.md")[0].papers
    again = parse_text(text, "2025-01-01.md")[0].papers
    elsewhere = parse_text(text, "2025-01-02.md")[0].papers
    assert [paper.arxiv_id for paper in first] == [paper.arxiv_id for paper in again]
    assert len({paper.arxiv_id for paper in (*first, *elsewhere)}) == 4
    assert all(LOCAL_ID.match(paper.arxiv_id) for paper in first)


def test_a_local_paper_never_gets_an_unsafe_link() -> None:
    text = "### [Kit](javascript:alert(1))\n\n- **What's New**: a kit\n"
    (paper,) = parse_text(text, "2025-01-01.md")[0].papers
    assert LOCAL_ID.match(paper.arxiv_id) and paper.url == ""


# -- properties ------------------------------------------------------------------------

_FRAGMENTS = [
    *"#[]()*_-+`>!:|\n \t1.abc가🔍\x1b\r<~",
    "## ",
    "### ",
    "### 1. ",
    "## 2502.12345\n",
    "```\n",
    "````markdown\n",
    "# T\n",
    "## 1. Problem\n",
    "| Title | Authors | Summary |\n",
    "|---|---|---|\n",
    "| T (Read more on [arXiv](https://arxiv.org/abs/2401.00001)) | A | S |\n",
    "  \n",
    "**Links**: [arXiv](https://arxiv.org/abs/2401.00001)\n",
    "**1. Problem**: ",
    "[arXiv](https://arxiv.org/abs/2401.00002)\n",
    "Link: https://example.org/x\n",
    "🔍 What's New: ",
    "---\ndate: 2025-01-01\n---\n",
    "## Papers for 2025-03-03\n",
    "New uploads on arXiv(cs.CL)\n",
    "- ***X*: ",
    "\n1. **Y**: ",
]
markdownish = st.lists(st.sampled_from(_FRAGMENTS), max_size=80).map("".join)
ARXIV_URL = re.compile(r"^https://arxiv\.org/abs/\S+$")


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_every_adapter_survives_any_mix_of_every_familys_shapes(text: str) -> None:
    from paper_tui.digest.assembly import SourceFacts

    for adapter in ADAPTERS:
        digests = adapter.parse(text, SourceFacts.of("2025-01-01/cs.CL.md"))
        assert digests and all(digest.format == adapter.NAME for digest in digests)
        for paper in (paper for digest in digests for paper in digest.papers):
            if LOCAL_ID.match(paper.arxiv_id):
                assert paper.url == "" or paper.url.startswith(("http://", "https://"))
            else:
                assert ARXIV_URL.match(paper.url), paper


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parse_text_never_raises_on_any_text_in_any_family(text: str) -> None:
    assert parse_text(text, "2025-01-01.md")


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz가나다", min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_WORD, min_size=1, max_size=8),
            st.sets(st.integers(min_value=1, max_value=7), max_size=3),
            st.lists(_WORD, max_size=3),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_every_table_row_is_one_paper_however_its_title_is_broken(
    rows: list[tuple[list[str], set[int], list[str]]],
) -> None:
    lines = ["## Papers for 2025-03-03", "", "| Title | Authors | Summary |", "|---|---|---|"]
    for number, (words, breaks, authors) in enumerate(rows):
        pieces = [
            word + ("  \n" if index + 1 in breaks and index + 1 < len(words) else " ")
            for index, word in enumerate(words)
        ]
        link = f"https://arxiv.org/abs/2503.{number:05d}"
        title = "".join(pieces).rstrip(" ")
        lines.append(
            f"| {title} (Read more on [arXiv]({link})) | {', '.join(authors)} | summary {number} |"
        )
    (digest,) = parse_text("\n".join(lines) + "\n", "2025-03-03.md")
    assert digest.format == "table"
    assert [paper.title for paper in digest.papers] == [" ".join(words) for words, _, _ in rows]
    assert [paper.arxiv_id for paper in digest.papers] == [
        f"2503.{number:05d}" for number in range(len(rows))
    ]
    assert [paper.authors for paper in digest.papers] == [tuple(authors) for _, _, authors in rows]


# -- dates and categories from the path --------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_every_path_layout_gives_the_day_it_names(day: date) -> None:
    from paper_tui.digest.parse import date_from_path

    for layout in (
        f"{day:%Y-%m-%d}.md",
        f"{day:%Y%m%d}.md",
        f"library/{day:%Y-%m-%d}/cs.CL.md",
        f"library/{day:%Y%m%d}/cs.CL.md",
        f"library/{day:%Y/%m/%d}.md",
        f"library/{day:%Y/%m}/{day:%Y-%m-%d}.md",
        f"{day:%Y-%m-%d}_cs.IR.md",
    ):
        assert date_from_path(layout) == day, layout


@pytest.mark.parametrize(
    ("source", "category"),
    [
        ("2024-12-27/cs.CL.md", "cs.CL"),
        ("2024-04-18_cs.IR.md", "cs.IR"),
        ("2024-04-18-q-bio.NC.md", "q-bio.NC"),
        ("physics.optics.md", "physics.optics"),
        ("2024-04-18.md", ""),
        ("paper.AI.md", ""),  # no arXiv archive is called "paper"
    ],
)
def test_the_category_a_file_name_ends_with(source: str, category: str) -> None:
    (digest,) = parse_text("", source)
    assert digest.category == category
