"""One paper per id: entries of many digests merged into papers with appearances."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from paper_tui.library.loading import load, sort_digests
from paper_tui.library.merge import merge_digests
from paper_tui.model import Digest, Paper, Section, language_of


def entry(arxiv_id: str, day: date, **fields: object) -> Paper:
    values: dict[str, object] = {
        "title": f"Paper {arxiv_id}",
        "url": f"https://arxiv.org/abs/{arxiv_id}",
        "date": day,
        "source": f"{day.isoformat()}.md",
    }
    values.update(fields)
    return Paper(arxiv_id=arxiv_id, **values)  # type: ignore[arg-type]


OCT16, OCT18 = date(2024, 10, 16), date(2024, 10, 18)


def test_the_same_paper_on_two_days_is_one_paper_with_two_appearances() -> None:
    newer = Digest(OCT18, "b.md", (entry("2410.90342", OCT18, title="TidetimesLedger", votes=3),))
    older = Digest(
        OCT16,
        "a.md",
        (
            entry("2410.90342", OCT16, title="Tide$\\times$Ledger", votes=9),
            entry("2410.00001", OCT16),
        ),
    )
    papers = merge_digests([newer, older])
    assert [paper.arxiv_id for paper in papers] == ["2410.90342", "2410.00001"]
    paper = papers[0]
    assert paper.title == "Tide$\\times$Ledger"  # the richest form
    assert paper.votes == 9
    assert paper.date == OCT16  # first seen
    assert [one.date for one in paper.appearances] == [OCT18, OCT16]
    assert [one.title for one in paper.appearances] == ["TidetimesLedger", "Tide$\\times$Ledger"]


def test_categories_and_different_summaries_are_kept_identical_ones_once() -> None:
    same = (Section("What's New", "같은 요약입니다."),)
    other = (Section("Summary", "A different summary in English."),)
    digests = [
        Digest(OCT16, "cs.CL.md", (entry("2410.1", OCT16, sections=same),), category="cs.CL"),
        Digest(OCT16, "cs.LG.md", (entry("2410.1", OCT16, sections=same),), category="cs.LG"),
        Digest(OCT16, "en.md", (entry("2410.1", OCT16, sections=other),), category=""),
    ]
    (paper,) = merge_digests(digests)
    assert paper.categories == ("cs.CL", "cs.LG")
    # The richest summary is the paper's own and comes first; each text once.
    assert paper.sections == other
    assert [one.sections for one in paper.summaries] == [other, same]
    assert [one.language for one in paper.summaries] == ["en", "ko"]


def test_the_paper_stands_where_it_was_first_seen() -> None:
    digests = [
        Digest(OCT18, "b.md", (entry("new", OCT18), entry("again", OCT18))),
        Digest(OCT16, "a.md", (entry("first", OCT16), entry("again", OCT16))),
    ]
    assert [paper.arxiv_id for paper in merge_digests(digests)] == ["new", "first", "again"]


def test_a_loaded_folder_gives_one_row_per_paper(tmp_path) -> None:
    block = "## Daily Papers (DAY)\n\n### [Same Paper](https://arxiv.org/abs/2410.90342)\n\nVote: VOTES\n\n- **What's New**: text.\n"
    (tmp_path / "2024-10-16.md").write_text(block.replace("DAY", "2024-10-16").replace("VOTES", "9"))
    (tmp_path / "2024-10-18.md").write_text(block.replace("DAY", "2024-10-18").replace("VOTES", "3"))
    result = load([str(tmp_path)])
    assert len(result.entries) == 2
    assert [paper.arxiv_id for paper in result.papers] == ["2410.90342"]
    assert result.papers[0].votes == 9 and len(result.papers[0].appearances) == 2


def test_language_of_a_summary() -> None:
    assert language_of((Section("A", "이 논문은 새로운 방법을 제안합니다. uses LLM"),)) == "ko"
    assert language_of((Section("A", "We propose a new method."),)) == "en"
    assert language_of((Section("A", "12 34 --"),)) == ""


ids = st.sampled_from(["2401.00001", "2401.00002", "2401.00003", "local:abc"])
days = st.sampled_from([date(2024, 1, day) for day in range(1, 6)])
digest_lists = st.lists(
    st.tuples(days, st.lists(st.tuples(ids, st.integers(0, 99)), max_size=4)), max_size=6
)


def _digests(spec: list[tuple[date, list[tuple[str, int]]]]) -> list[Digest]:
    return [
        Digest(day, f"{number}.md", tuple(entry(key, day, votes=votes) for key, votes in items))
        for number, (day, items) in enumerate(spec)
    ]


@given(digest_lists, st.randoms())
def test_any_order_of_files_gives_the_same_papers(spec, random) -> None:
    digests = _digests(spec)
    shuffled = list(digests)
    random.shuffle(shuffled)
    one = {paper.arxiv_id: paper for paper in merge_digests(sort_digests(digests))}
    two = {paper.arxiv_id: paper for paper in merge_digests(sort_digests(shuffled))}
    assert one.keys() == two.keys()
    for key, paper in one.items():
        other = two[key]
        assert (paper.votes, paper.date, paper.title) == (other.votes, other.date, other.title)
        assert sorted(map(repr, paper.appearances)) == sorted(map(repr, other.appearances))


@given(digest_lists)
def test_appearances_are_exactly_the_entries_with_the_id(spec) -> None:
    digests = _digests(spec)
    papers = merge_digests(digests)
    assert len({paper.arxiv_id for paper in papers}) == len(papers)
    for paper in papers:
        entries = [e for d in digests for e in d.papers if e.arxiv_id == paper.arxiv_id]
        assert [(a.date, a.votes, a.source) for a in paper.appearances] == [
            (e.date, e.votes, e.source) for e in entries
        ]
        assert paper.votes == max(e.votes for e in entries)


def test_date_filters_find_a_paper_under_every_day_it_was_listed(tmp_path) -> None:
    from paper_tui.search import SearchIndex

    block = "## Daily Papers (DAY)\n\n### [Same Paper](https://arxiv.org/abs/2410.90342)\n\n### [Other ID](https://arxiv.org/abs/OTHER)\n"
    (tmp_path / "2024-10-16.md").write_text(block.replace("DAY", "2024-10-16").replace("OTHER", "2410.00001"))
    (tmp_path / "2024-10-18.md").write_text(block.replace("DAY", "2024-10-18").replace("OTHER", "2410.00002"))
    papers = load([str(tmp_path)]).papers
    index = SearchIndex.build(papers)

    def found(query: str) -> set[str]:
        return {papers[row].arxiv_id for row in index.search(query).indices}

    assert found("date:2024-10-18") == {"2410.90342", "2410.00002"}
    assert found("date:2024-10-16") == {"2410.90342", "2410.00001"}
    assert found("-date:2024-10-18") == {"2410.00001"}
    assert found("date:2024-10-17") == set()


def test_a_paper_without_an_arxiv_id_opens_its_own_link_as_pdf() -> None:
    local = Paper("local:0123456789ab", "T", "https://huggingface.co/papers/x")
    assert local.is_local and local.pdf_url == "https://huggingface.co/papers/x"
    arxiv = Paper("2401.00001", "T", "https://arxiv.org/abs/2401.00001")
    assert not arxiv.is_local and arxiv.pdf_url == "https://arxiv.org/pdf/2401.00001"


_texts = st.sampled_from(["", "짧다", "A longer summary of the paper.", "x" * 40])
_section_tuples = st.lists(
    st.builds(Section, st.sampled_from(["What's New", "Summary"]), _texts), max_size=3
).map(tuple)
_entries = st.lists(
    st.builds(
        entry,
        st.just("2410.1"),
        st.sampled_from([OCT16, OCT18]),
        title=st.sampled_from(
            ["T", "Tide$\\times$Ledger", "Tidy$\\times$Ledger", "TidetimesLedger", "Tide\\Ledger"]
        ),
        votes=st.none() | st.integers(0, 20),
        authors=st.lists(st.sampled_from(["A", "B", "C"]), max_size=3).map(tuple),
        authors_truncated=st.booleans(),
        thumbnail=st.sampled_from([None, "", "https://t/1.png", "https://t/2.png"]),
        comments=st.sampled_from([None, "", "ICLR", "12 pages"]),
        sections=_section_tuples,
        line=st.integers(1, 99),
    ),
    min_size=2,
    max_size=6,
)


@given(_entries)
def test_a_paper_listed_many_times_is_the_first_of_the_best_of_each(entries) -> None:
    """What merge_entries's one pass chooses, as the definitions say it: the first
    richest summary, the first richest title, the most votes, the first day, the
    first longest author list, a thumbnail and comments from whichever has them."""
    from paper_tui.library.merge import merge_entries

    def size(one: Paper) -> tuple[int, int]:
        return (len(one.sections), sum(len(section.text) for section in one.sections))

    main = max(entries, key=size)
    authored = max(entries, key=lambda one: len(one.authors))
    votes = [one.votes for one in entries if one.votes is not None]
    paper = merge_entries(entries, ())
    assert paper.sections == main.sections and (paper.source, paper.line) == (main.source, main.line)
    assert paper.title == max((one.title for one in entries), key=lambda t: ("$" in t or "\\" in t, len(t)))
    assert paper.votes == (max(votes) if votes else None)
    assert paper.date == min(one.date for one in entries)
    assert (paper.authors, paper.authors_truncated) == (authored.authors, authored.authors_truncated)
    assert paper.thumbnail == (main.thumbnail or next((o.thumbnail for o in entries if o.thumbnail), None))
    assert paper.comments == (main.comments or next((o.comments for o in entries if o.comments), None))
