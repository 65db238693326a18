"""The parser: every form real digests use, and nothing it cannot survive."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.digest.parse import (
    UNNAMED_SECTION,
    date_from_path,
    decode,
    parse_bytes,
    parse_file,
    parse_text,
)
from paper_tui.model import Digest, LoadError
from tests.conftest import (
    ARXIV_DIGESTS,
    DIGESTS,
    FIXTURE_ARXIV_DIGESTS,
    FIXTURE_DIGESTS,
    FORMS,
    REAL_SEED,
    SAMPLE,
    SEED,
    every_digest_file,
    shared,
)

ARXIV_HEADING = re.compile(r"^### .*(arxiv\.org/(abs|pdf)/|huggingface\.co/papers/)", re.MULTILINE)


def papers_of(text: str, source: str = "2024-08-19.md") -> list:
    return [paper for digest in parse_text(text, source) for paper in digest.papers]


def only_paper(text: str):
    papers = papers_of(text)
    assert len(papers) == 1, papers
    return papers[0]


# -- the seed digest --------------------------------------------------------


def test_seed_digest_has_seven_papers_and_its_date() -> None:
    digests = parse_file(SEED)
    assert not isinstance(digests, LoadError)
    assert [digest.date for digest in digests] == [date(2024, 8, 19)]
    assert digests[0].title == "Daily Papers (2024-08-19)"
    assert len(digests[0].papers) == 7


def test_seed_first_paper_fields() -> None:
    digests = parse_file(SEED)
    assert not isinstance(digests, LoadError)
    first = digests[0].papers[0]
    assert first.arxiv_id == "2408.08872"
    assert first.url == "https://arxiv.org/abs/2408.08872"
    assert first.votes == 61
    assert first.title == "Lighthouse: Transcribing Nineteenth-Century Ship Logs with a Vision-Language Model"
    assert (
        first.thumbnail
        == "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2408.08872.png"
    )
    assert first.authors == authors_in_file_order(SEED)
    assert first.authors[:2] == ("Hana Seo", "Tomas Lindqvist")
    assert first.authors_truncated is True
    assert [section.name for section in first.sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert first.sections[0].text.startswith("새로운 전사 시스템 Lighthouse")
    assert first.line == 3


def authors_in_file_order(path: Path) -> tuple[str, ...]:
    """The first `Authors:` line of `path`, split as written, the `+` left out."""
    authors_line = next(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Authors:")
    )
    expected = [name.strip() for name in authors_line[len("Authors:") :].split(",")]
    return tuple(name for name in expected if name != "+")


@shared
def test_real_seed_digest_first_paper_fields() -> None:
    digests = parse_file(REAL_SEED)
    assert not isinstance(digests, LoadError)
    assert [digest.date for digest in digests] == [date(2024, 8, 19)]
    assert digests[0].title == "Daily Papers (2024-08-19)"
    assert len(digests[0].papers) == 7
    first = digests[0].papers[0]
    assert first.arxiv_id == "2408.08872"
    assert first.votes == 61
    assert first.title == "xGen-MM (BLIP-3): A Family of Open Large Multimodal Models"
    assert (
        first.thumbnail
        == "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2408.08872.png"
    )
    assert first.authors == authors_in_file_order(REAL_SEED)
    assert first.authors[:2] == ("An Yan", "Jieyu Zhang")
    assert first.authors_truncated is True
    assert [section.name for section in first.sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert first.sections[0].text.startswith("새로운 대규모 다중모달 모델")
    assert first.line == 3


# -- every digest: the synthetic ones, and the real ones where present -------


@pytest.mark.parametrize("path", every_digest_file())
def test_digest_paper_count_matches_headings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    papers = [paper for digest in digests for paper in digest.papers]
    assert len(papers) == len(ARXIV_HEADING.findall(text))
    assert all(re.fullmatch(r"\d{4}\.\d{4,5}", paper.arxiv_id) for paper in papers)
    assert all(paper.url == f"https://arxiv.org/abs/{paper.arxiv_id}" for paper in papers)
    assert all(paper.title for paper in papers)
    assert all(digest.date is not None for digest in digests)


@pytest.mark.parametrize("path", every_digest_file())
def test_digest_sections_found_where_the_file_has_them(path: Path) -> None:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    text = path.read_text(encoding="utf-8")
    named = "- **" in text
    for paper in (paper for digest in digests for paper in digest.papers):
        assert paper.sections, paper.arxiv_id
        if named:
            assert paper.sections[0].name != UNNAMED_SECTION, paper.arxiv_id
        assert all(section.text.strip() for section in paper.sections)


@pytest.mark.parametrize(
    ("path", "counts"),
    [
        pytest.param(FIXTURE_DIGESTS / "2024-10-18.md", [4, 2], id="fixtures"),
        pytest.param(DIGESTS / "2024-10-18.md", [7, 2], id="shared", marks=shared),
    ],
)
def test_same_date_twice_in_one_file_gives_two_digests(path: Path, counts: list[int]) -> None:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    assert [digest.date for digest in digests] == [date(2024, 10, 18)] * 2
    assert [len(digest.papers) for digest in digests] == counts


@pytest.mark.parametrize(
    ("path", "comments"),
    [
        pytest.param(
            FIXTURE_ARXIV_DIGESTS / "2024-12-24_cs.LG.md",
            "Camera-ready for RecSys'2025",
            id="fixtures",
        ),
        pytest.param(
            ARXIV_DIGESTS / "2024-12-24_cs.LG.md",
            "This paper is accepted by WSDM'2025",
            id="shared",
            marks=shared,
        ),
    ],
)
def test_arxiv_listing_headers_become_digest_titles(path: Path, comments: str) -> None:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    assert [digest.title for digest in digests] == [
        "New uploads on arXiv(cs.IR)",
        "New uploads on arXiv(cs.AI)",
    ]
    assert all(digest.date == date(2024, 12, 24) for digest in digests)
    assert digests[0].papers[0].comments == comments


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(FIXTURE_DIGESTS / "2023-11-20.md", id="fixtures"),
        pytest.param(DIGESTS / "2023-11-20.md", id="shared", marks=shared),
    ],
)
def test_early_digest_plain_bullets_become_one_summary_section(path: Path) -> None:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    first = digests[0].papers[0]
    assert [section.name for section in first.sections] == [UNNAMED_SECTION]
    assert first.sections[0].text.count("\n- ") == 6  # seven bullets, kept as a markdown list
    assert first.votes is None


# -- quirks the synthetic fixtures reproduce -----------------------------------------


def fixture_papers(path: Path) -> list:
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    assert not [warning for digest in digests for warning in digest.warnings]
    return [paper for digest in digests for paper in digest.papers]


def test_early_digest_nested_bullets_stay_in_the_summary() -> None:
    third = fixture_papers(FIXTURE_DIGESTS / "2023-11-20.md")[2]
    assert third.title == "Q&A-Bench: Measuring Tutoring Dialogues in Five Languages"
    assert [section.name for section in third.sections] == [UNNAMED_SECTION]
    # The nested list stays nested under its bullet (issue 10: it was flattened).
    assert "네 가지 특징을 갖습니다:\n  - (1) 한국어" in third.sections[0].text
    assert third.authors == () and third.thumbnail is None


def test_a_video_instead_of_a_thumbnail_is_no_thumbnail() -> None:
    papers = fixture_papers(FIXTURE_DIGESTS / "2023-12-04.md")
    assert [paper.thumbnail is not None for paper in papers] == [True, False, True]
    assert papers[1].title == "Lantern:Guiding Night-Time Drone Landings with Event Cameras"
    assert len(papers[1].authors) == 6
    assert papers[0].authors == ("Imogen Clarke", "Woo-jin Nam")  # trailing space dropped
    assert all(paper.votes is None for paper in papers)


def test_vote_zero_is_a_count_and_a_fourth_section_is_kept() -> None:
    papers = fixture_papers(FIXTURE_DIGESTS / "2024-06-12.md")
    quiet = next(paper for paper in papers if paper.title.startswith("Quiet Hours"))
    assert quiet.votes == 0
    assert [section.name for section in quiet.sections][-1] == "Related Work Summary"
    assert [paper.authors_truncated for paper in papers] == [False, True, False, False]
    assert "Patrick O'Hara" in papers[1].authors


def test_python_list_authors_in_a_digest_file() -> None:
    papers = fixture_papers(FIXTURE_DIGESTS / "2024-10-18.md")
    assert papers[1].authors == ("Pooja Nair", "Declan O'Neil", "Ga-young Moon", "Felipe Souza")
    assert [section.name for section in papers[0].sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]


def test_a_long_author_list_with_accents_keeps_every_name() -> None:
    first = fixture_papers(FIXTURE_DIGESTS / "2025-01-27.md")[0]
    assert len(first.authors) == 160 and not first.authors_truncated
    assert first.authors == authors_in_file_order(FIXTURE_DIGESTS / "2025-01-27.md")
    assert "Łucja Brückner" in first.authors


def test_an_arxiv_listing_without_a_header_is_dated_by_its_file_name() -> None:
    path = FIXTURE_ARXIV_DIGESTS / "2024-04-18_cs.IR.md"
    digests = parse_file(path)
    assert not isinstance(digests, LoadError)
    assert [(digest.title, digest.date) for digest in digests] == [("", date(2024, 4, 18))]
    papers = digests[0].papers
    assert papers[0].title == "Recommending Hiking Trails from Weather and Fitness Logs"
    assert [paper.comments for paper in papers][:3] == [
        None,
        "11 pages, 7 figures, accepted to an invented workshop",
        "Under review",
    ]
    assert all(paper.votes is None and not paper.authors for paper in papers)


def test_the_forms_fixture_reads_every_label_and_link_form() -> None:
    digests = parse_file(FORMS)
    assert not isinstance(digests, LoadError)
    (digest,) = digests
    assert [warning.line for warning in digest.warnings] == [26]  # the heading to example.com
    underscores, numbered, old_style = digest.papers
    assert (underscores.arxiv_id, underscores.votes) == ("2409.01105", 1234)
    assert [section.name for section in underscores.sections] == [
        "What's New",
        "Technical Details",
        "Performance Highlights",
    ]
    assert numbered.arxiv_id == "2409.01131"
    assert numbered.title == "Numbered Steps Inside a Section (ICLR 2025)"
    assert [section.name for section in numbered.sections] == [
        "What's New",
        "Technical Details",
        "새로운 점",
    ]
    assert numbered.sections[1].text == (
        "세 단계로 이루어집니다:\n1. 첫째 단계\n2. 둘째 단계\n   - 더 깊은 항목"
    )
    assert old_style.arxiv_id == "cs.CL/0101001"
    assert old_style.url == "https://arxiv.org/abs/cs.CL/0101001"


# -- headings ---------------------------------------------------------------


def test_bare_url_heading_form() -> None:
    paper = only_paper(
        "### Deep Pattern Network for Click-Through  Rate Prediction (https://arxiv.org/abs/2404.11456)\n"
        "- **What's New**: text\n"
    )
    assert paper.title == "Deep Pattern Network for Click-Through Rate Prediction"
    assert paper.arxiv_id == "2404.11456"


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "[[IDK] Cleaning up the mess](https://arxiv.org/abs/2401.00001)",
            "[IDK] Cleaning up the mess",
        ),
        ("[Scaling GPT-[n] models](https://arxiv.org/abs/2401.00001)", "Scaling GPT-[n] models"),
        (
            "[The *Sparse* `Attention`  Paper](https://arxiv.org/abs/2401.00001)",
            "The Sparse Attention Paper",
        ),
        ("[[bold red]x[/]](https://arxiv.org/abs/2401.00001)", "[bold red]x[/]"),
    ],
)
def test_heading_titles_keep_brackets_and_drop_markup(heading: str, title: str) -> None:
    assert only_paper(f"### {heading}\n- **What's New**: x\n").title == title


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2408.08872v2", "2408.08872"),
        ("https://arxiv.org/pdf/2408.08872v1.pdf", "2408.08872"),
        ("https://arxiv.org/pdf/2408.08872", "2408.08872"),
        ("https://huggingface.co/papers/2408.08872", "2408.08872"),
        ("http://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136v2", "math.GT/0309136"),
    ],
)
def test_arxiv_ids_from_every_link_form_and_canonical_url(url: str, arxiv_id: str) -> None:
    paper = only_paper(f"### [A title]({url})\n- **What's New**: x\n")
    assert paper.arxiv_id == arxiv_id
    assert paper.url == f"https://arxiv.org/abs/{arxiv_id}"


def test_headings_that_are_not_papers_are_skipped() -> None:
    text = (
        "### Installation\n\npip install it\n\n"
        "### [Docs](https://example.com/docs)\n\n"
        "### [Real](https://arxiv.org/abs/2401.00002)\n- **What's New**: x\n"
    )
    papers = papers_of(text)
    assert [paper.arxiv_id for paper in papers] == ["2401.00002"]


# -- fields -----------------------------------------------------------------


def test_python_list_authors() -> None:
    paper = only_paper(
        "### [T](https://arxiv.org/abs/2410.90342)\n\n"
        "Authors: ['Zihan Zhou', \"O'Brien Kim\", 'Xu Han']\n\n- **What's New**: x\n"
    )
    assert paper.authors == ("Zihan Zhou", "O'Brien Kim", "Xu Han")
    assert paper.authors_truncated is False


def test_very_long_author_line() -> None:
    names = [f"Author Number{index}" for index in range(2000)]
    paper = only_paper(
        f"### [T](https://arxiv.org/abs/2501.14249)\n\nAuthors: {', '.join(names)}\n\n- **A**: x\n"
    )
    assert paper.authors == tuple(names)


def test_bad_vote_keeps_the_paper_and_warns_with_line_number() -> None:
    digests = parse_text(
        "## Daily Papers (2024-01-02)\n\n### [T](https://arxiv.org/abs/2401.00001)\n\n"
        "Vote: lots\n\n- **What's New**: x\n"
    )
    assert digests[0].papers[0].votes is None
    assert [(warning.line, "vote" in warning.message) for warning in digests[0].warnings] == [
        (5, True)
    ]


def test_comments_inline_and_as_indented_block() -> None:
    inline = only_paper(
        "### T (https://arxiv.org/abs/2404.11456)\nComments: 12 pages, SIGIR2024\n\n- **What's New**: x\n"
    )
    assert inline.comments == "12 pages, SIGIR2024"
    block = only_paper(
        "### T (https://arxiv.org/abs/2412.13825)\nComments:\n          Accepted by WSDM\n\n- **A**: x\n"
    )
    assert block.comments == "Accepted by WSDM"


# -- sections ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bullet",
    [
        "- **What's New**: 새로운 방법",
        "- ***What's New***: 새로운 방법",
        "- **What’s New**: 새로운 방법",
        "- **What's New:** 새로운 방법",
        "* __What's New__: 새로운 방법",
    ],
)
def test_section_name_forms(bullet: str) -> None:
    paper = only_paper(f"### [T](https://arxiv.org/abs/2401.00001)\n\n{bullet}\n")
    assert [(section.name, section.text) for section in paper.sections] == [
        ("What's New", "새로운 방법")
    ]


def test_sections_in_any_language_keep_file_order() -> None:
    paper = only_paper(
        "### [T](https://arxiv.org/abs/2401.00001)\n\n"
        "- **새로운 점**: 가\n- **Zusammenfassung**: b\n- **Performance Highlights**: c\n"
    )
    assert [section.name for section in paper.sections] == [
        "새로운 점",
        "Zusammenfassung",
        "Performance Highlights",
    ]


def test_nested_and_numbered_lists_stay_inside_their_section() -> None:
    paper = only_paper(
        "### [T](https://arxiv.org/abs/2401.00001)\n\n"
        "- **Technical Details**: 네 가지:\n  1. 하나\n  2. 둘\n    - 깊이\n"
        "- **Performance Highlights**: 끝\n"
    )
    details = paper.section("technical details")
    assert details is not None
    assert details.text == "네 가지:\n1. 하나\n2. 둘\n  - 깊이"
    assert paper.sections[1].text == "끝"


def test_raw_html_is_kept_as_text() -> None:
    paper = only_paper(
        "### [T](https://arxiv.org/abs/2401.00001)\n\n"
        "- **What's New**: <script>alert(1)</script> <b>bold</b>\n"
    )
    assert paper.sections[0].text == "<script>alert(1)</script> <b>bold</b>"


def test_control_characters_are_stripped_from_everything() -> None:
    paper = only_paper(
        "### [Evil\x1b[31m title\x07](https://arxiv.org/abs/2401.00001)\n\n"
        "Authors: A\x1b]8;;http://x\x07B\n\n- **What's New**: x\x9b2Jy\n"
    )
    assert paper.title == "Evil title"
    assert paper.authors == ("AB",)
    assert paper.sections[0].text == "xy"


# -- decoding and dates -----------------------------------------------------


def test_bom_and_crlf() -> None:
    text = "## Daily Papers (2024-08-19)\r\n\r\n### [T](https://arxiv.org/abs/2401.00001)\r\n\r\nVote: 3\r\n"
    digests = parse_bytes(b"\xef\xbb\xbf" + text.encode(), "x.md")
    assert isinstance(digests, tuple)
    assert digests[0].date == date(2024, 8, 19)
    assert digests[0].papers[0].votes == 3


def test_cp949_file_decodes_with_a_warning() -> None:
    text = "## Daily Papers (2024-08-19)\n\n### [T](https://arxiv.org/abs/2401.00001)\n\n- **새로운 점**: 한국어\n"
    digests = parse_bytes(text.encode("cp949"), "x.md")
    assert isinstance(digests, tuple)
    assert digests[0].papers[0].sections[0].text == "한국어"
    assert any("CP949" in warning.message for warning in digests[0].warnings)


def test_undecodable_and_binary_files_are_errors_naming_the_file() -> None:
    garbage = parse_bytes(b"\xff\xfe\xfa\xfb" * 10, "bad.md")
    assert isinstance(garbage, LoadError)
    assert garbage.path == "bad.md" and "UTF-8" in garbage.reason
    binary = parse_bytes(b"PK\x03\x04\x00\x00", "archive.md")
    assert isinstance(binary, LoadError) and "binary" in binary.reason


def test_missing_file_is_an_error() -> None:
    outcome = parse_file("/no/such/digest.md")
    assert isinstance(outcome, LoadError) and outcome.reason == "no such file"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2024-08-19.md", date(2024, 8, 19)),
        ("dir/20240819.md", date(2024, 8, 19)),
        ("2024-04-18_cs.IR.md", date(2024, 4, 18)),
        ("archive/2024/08/19.md", date(2024, 8, 19)),
        ("daily/2024-12-27/cs.LG.md", date(2024, 12, 27)),
        ("daily/20241227/cs.LG.md", date(2024, 12, 27)),
        ("2024/12/2024-12-27.md", date(2024, 12, 27)),
        ("C:\\digests\\2024\\12\\27.md", date(2024, 12, 27)),
        ("backup-2023-01-01/digests/notes.md", None),
        ("notes.md", None),
        ("2024-13-45.md", None),
    ],
)
def test_date_from_file_name(source: str, expected: date | None) -> None:
    assert date_from_path(source) == expected


def test_file_name_date_wins_over_the_header_with_a_warning_naming_both() -> None:
    digests = parse_text("## Daily Papers (2024-01-05)\n", "2023-01-01.md")
    assert digests[0].date == date(2023, 1, 1)
    assert digests[0].warnings[0].message == (
        "the file name says 2023-01-01 but the header says 2024-01-05; using the file name"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "2024-12-27/2024-12-28.md",
            "the file name says 2024-12-28 but its folder says 2024-12-27; using the file name",
        ),
        (
            "2024/11/2024-12-27.md",
            "the file name says 2024-12-27 but its folders say 2024-11; using the file name",
        ),
    ],
)
def test_file_name_wins_over_its_folders_with_a_warning(source: str, message: str) -> None:
    digests = parse_text("### [T](https://arxiv.org/abs/2401.00001)\n- **A**: x\n", source)
    assert digests[0].date == date_from_path(source)
    assert [warning.message for warning in digests[0].warnings] == [message]


def test_front_matter_gives_the_date_when_the_path_has_none() -> None:
    text = "---\ntitle: x\ndate: 2025-02-26\n---\n### [T](https://arxiv.org/abs/2401.00001)\n- **A**: x\n"
    (digest,) = parse_text(text, "notes.md")
    assert digest.date == date(2025, 2, 26) and not digest.warnings
    assert digest.papers[0].line == 5
    (named,) = parse_text(text, "2025-02-27.md")
    assert named.date == date(2025, 2, 27)
    assert [warning.message for warning in named.warnings] == [
        "the file name says 2025-02-27 but the front matter says 2025-02-26; using the file name"
    ]


def test_a_thematic_break_over_prose_is_not_front_matter() -> None:
    text = "---\nJust a rule, then prose.\n---\n### [T](https://arxiv.org/abs/2401.00001)\n- **A**: x\n"
    (digest,) = parse_text(text, "2025-02-27.md")
    assert len(digest.papers) == 1 and not digest.warnings


def test_header_date_is_used_when_the_path_has_none() -> None:
    digests = parse_text("## Daily Papers (2024-01-05)\n", "notes.md")
    assert digests[0].date == date(2024, 1, 5)


def test_file_with_no_papers_warns() -> None:
    digests = parse_text("# My notes\n\nnothing here\n", "notes.md")
    assert len(digests) == 1 and not digests[0].papers
    assert any("no papers" in warning.message for warning in digests[0].warnings)


def test_sample_digest_is_a_good_first_impression() -> None:
    digests = parse_file(SAMPLE)
    assert isinstance(digests, tuple) and not digests[0].warnings
    papers = digests[0].papers
    assert len(papers) >= 6
    assert all(len(paper.sections) == 3 for paper in papers)
    hangul = re.compile("[가-힣]")
    assert any(hangul.search(paper.sections[0].text) for paper in papers)
    assert any(not hangul.search(paper.sections[0].text) for paper in papers)


# -- never raises -----------------------------------------------------------

_FRAGMENTS = [
    *"#[]()*_-+`>!:\n \t1.abc가ㄱ\x1b\r|<",
    "### [",
    "](https://arxiv.org/abs/2401.00001)",
    "## Daily Papers (2024-01-01)\n",
    "Vote: ",
    "Authors: ",
    "- **",
    "\n  1. ",
]
markdownish = st.lists(st.sampled_from(_FRAGMENTS), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_parse_text_never_raises_on_markdownish_text(text: str) -> None:
    digests = parse_text(text, "fuzz.md")
    assert digests and all(isinstance(digest, Digest) for digest in digests)
    for paper in (paper for digest in digests for paper in digest.papers):
        if paper.arxiv_id.startswith("local:"):  # no arXiv id: the digest's own http(s) link
            assert paper.url == "" or paper.url.startswith(("http://", "https://"))
        else:
            assert paper.url.startswith("https://arxiv.org/abs/")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    assert parse_text(text, "fuzz.md")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parse_bytes_never_raises_on_any_bytes(data: bytes) -> None:
    outcome = parse_bytes(data, "fuzz.md")
    assert isinstance(outcome, LoadError | tuple)


def test_deep_nesting_does_not_crash() -> None:
    digests = parse_text(
        "### [T](https://arxiv.org/abs/2401.00001)\n" + ">" * 5000 + " x\n", "deep.md"
    )
    assert digests


def test_decode_reports_cp949_only_when_needed() -> None:
    decoded = decode("한국어".encode(), "x.md")
    assert decoded == ("한국어", ())
