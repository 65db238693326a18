"""The UI's pure logic: cell-width truncation, ordering, day jumps, markdown, browser."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from paper_tui.model import Paper
from paper_tui.ui.links import browser_available
from paper_tui.ui.markdown_text import render_markdown
from paper_tui.ui.ordering import (
    SortOrder,
    next_day_row,
    previous_day_row,
    sort_rows,
)
from paper_tui.ui.widgets.paper_list import ELLIPSIS, fit_cells
from paper_tui.ui.widgets.status_bar import Status, count_words, status_line

TITLE_TEXT = st.text(
    alphabet=st.sampled_from("abc XYZ-:가나다라마바사한국어日本語中文ｆｕｌｌ"), max_size=60
)


@given(TITLE_TEXT, st.integers(min_value=0, max_value=80))
def test_fit_cells_never_exceeds_the_width(text: str, width: int) -> None:
    assert cell_len(fit_cells(text, width)) <= width


@given(TITLE_TEXT, st.integers(min_value=1, max_value=80))
def test_fit_cells_keeps_text_that_fits_and_marks_a_cut(text: str, width: int) -> None:
    fitted = fit_cells(text, width)
    if cell_len(text) <= width:
        assert fitted == text
    else:
        kept = fitted.rstrip(" ")
        assert kept.endswith(ELLIPSIS)
        assert text.startswith(kept[: -len(ELLIPSIS)])
        assert cell_len(fitted) == width


def test_fit_cells_cuts_korean_by_cells_not_characters() -> None:
    assert fit_cells("한국어제목", 7) == "한국어…"
    assert fit_cells("한국어제목", 6) == "한국… "  # padded: a wide character would not fit
    assert fit_cells("한국어제목", 10) == "한국어제목"


def papers_from(days: list[int], votes: list[int | None]) -> list[Paper]:
    start = date(2024, 1, 1)
    return [
        Paper(
            f"2401.{number:05d}",
            f"title {chr(97 + number % 26)}{number}",
            "https://x.org",
            vote,
            date=start + timedelta(days=day),
        )
        for number, (day, vote) in enumerate(zip(days, votes, strict=False))
    ]


PAPER_SETS = st.integers(min_value=0, max_value=30).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(0, 4), min_size=size, max_size=size),
        st.lists(st.none() | st.integers(0, 100), min_size=size, max_size=size),
    )
)


@given(PAPER_SETS, st.sampled_from(list(SortOrder)))
def test_sort_rows_is_a_permutation(
    data: tuple[list[int], list[int | None]], order: SortOrder
) -> None:
    papers = papers_from(*data)
    rows = list(sort_rows(papers, range(len(papers)), order))
    assert sorted(rows) == list(range(len(papers)))


@given(PAPER_SETS)
def test_sort_by_votes_puts_highest_first_and_missing_last(
    data: tuple[list[int], list[int | None]],
) -> None:
    papers = papers_from(*data)
    votes = [papers[row].votes for row in sort_rows(papers, range(len(papers)), SortOrder.VOTES)]
    numbers = [-1 if vote is None else vote for vote in votes]
    assert numbers == sorted(numbers, reverse=True)


def test_sort_order_cycles_through_all_and_names_relevance_under_a_filter() -> None:
    order = SortOrder.DIGEST
    seen = []
    for _ in SortOrder:
        seen.append(order)
        order = order.next()
    assert order is SortOrder.DIGEST and set(seen) == set(SortOrder)
    assert SortOrder.DIGEST.label(ranked=True) == "relevance"
    assert SortOrder.DIGEST.label(ranked=False) == "digest order"
    assert SortOrder.VOTES.label(ranked=True) == "votes"


@given(PAPER_SETS, st.integers(0, 30))
def test_next_day_row_lands_on_the_first_paper_of_another_day(
    data: tuple[list[int], list[int | None]], cursor: int
) -> None:
    papers = papers_from(*data)
    rows = range(len(papers))
    found = next_day_row(papers, rows, cursor)
    if found is None:
        assert cursor >= len(rows) or all(p.date == papers[cursor].date for p in papers[cursor:])
    else:
        assert found > cursor
        assert papers[found].date != papers[cursor].date
        assert all(p.date == papers[cursor].date for p in papers[cursor:found])


@given(PAPER_SETS, st.integers(0, 30))
def test_previous_day_row_lands_on_the_start_of_a_day_run(
    data: tuple[list[int], list[int | None]], cursor: int
) -> None:
    papers = papers_from(*data)
    found = previous_day_row(papers, range(len(papers)), cursor)
    if found is None:
        assert cursor == 0 or cursor >= len(papers)
    else:
        assert found < cursor
        assert found == 0 or papers[found - 1].date != papers[found].date


def test_markdown_renders_bold_italic_code_and_links() -> None:
    rendered = render_markdown("**bold** *it* `code` [link](https://example.org) snake_case_name")
    assert rendered.text.plain == "bold it code link snake_case_name"
    styles = {
        rendered.text.plain[span.start : span.end]: span.style for span in rendered.text.spans
    }
    assert getattr(styles["bold"], "bold", False)
    assert getattr(styles["it"], "italic", False)
    assert rendered.links == ("https://example.org",)


def test_markdown_lists_get_bullets_and_numbers() -> None:
    rendered = render_markdown("intro\n- one\n  - nested\n1. first")
    assert rendered.text.plain.split("\n") == ["intro", "• one", "  ◦ nested", "1. first"]


@given(st.text(max_size=200))
def test_markdown_never_keeps_control_characters(source: str) -> None:
    plain = render_markdown(source).text.plain
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in plain)


def test_markdown_markup_is_literal() -> None:
    assert render_markdown("[bold]x[/bold]").text.plain == "[bold]x[/bold]"


def test_browser_is_unavailable_over_ssh_without_a_display() -> None:
    assert not browser_available({"SSH_CONNECTION": "a b c d"}, "linux")
    assert browser_available({"SSH_CONNECTION": "a b c d", "DISPLAY": ":0"}, "linux")
    assert browser_available({"SSH_CONNECTION": "a b c d", "BROWSER": "w3m"}, "linux")
    assert not browser_available({}, "linux")
    assert browser_available({}, "darwin")


def test_markdown_link_urls_keep_balanced_parentheses() -> None:
    url = "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)"
    rendered = render_markdown(f"see [Transformer]({url}) and {url}.")
    assert rendered.text.plain == f"see Transformer and {url}."
    assert rendered.links == (url, url)


def test_markdown_unsafe_link_is_plain_text_marked_blocked() -> None:
    rendered = render_markdown("run [here](javascript:alert(1)) now")
    assert rendered.text.plain == "run here (blocked link) now"
    assert rendered.links == ()
    for span in rendered.text.spans:
        assert not getattr(span.style, "underline", False)


def test_status_fits_80_columns_with_the_day_count_and_sort() -> None:
    status = Status("2024-08-19", 365, 18, 9125, "relevance", "difusion", "17 unread")
    text = status_line(status, 38)
    assert cell_len(text.plain) <= 38
    assert "18 of 9,125" in text.plain
    assert "2024-08-19" in text.plain or "08-19" in text.plain
    assert "relevance" in text.plain


def test_status_says_it_in_words_when_wide() -> None:
    status = Status("2024-08-19", 357, 5488, 5488, "digest order", "", "12 unread")
    assert status_line(status, 200).plain == (
        "2024-08-19 · 5,488 papers · 357 days · 12 unread · digest order"
    )
    searched = Status("2024-08-19", 2, 3, 50, "votes", '"sparse attention"', "2 unread")
    plain = status_line(searched, 200).plain
    assert "3 of 50 papers" in plain and '/"sparse attention"' in plain
    assert '""' not in plain


@given(
    st.text(max_size=30),
    st.integers(0, 5000),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["digest order", "votes", "date", "title", "relevance"]),
    st.text(max_size=80),
    st.text(max_size=15),
    st.integers(0, 200),
)
def test_status_never_passes_its_width(
    day: str, days: int, shown: int, total: int, sort: str, query: str, unread: str, width: int
) -> None:
    text = status_line(Status(day, days, shown, total, sort, query, unread), width)
    count = count_words(shown, total, long=False)
    assert cell_len(text.plain) <= max(width, cell_len(count))
    assert count in text.plain


def test_list_items_wrap_with_a_hanging_indent_at_any_width() -> None:
    from rich.console import Console

    from paper_tui.ui.markdown_text import wrap_hanging

    rendered = render_markdown(
        "- a first bullet with quite a lot of words in it\n  - a nested bullet that wraps as well"
    )
    lines = [line.plain for line in wrap_hanging(rendered.text, Console(width=30), 30)]
    assert lines[0].startswith("• a first") and lines[1].startswith("  ") and lines[1][2] != " "
    nested = next(n for n, line in enumerate(lines) if "◦" in line)
    assert lines[nested].startswith("  ◦ ") and lines[nested + 1].startswith("    ")
    assert all(len(line) <= 30 for line in lines)


def test_a_line_of_author_names_breaks_only_between_names() -> None:
    from rich.console import Console
    from rich.text import Text

    from paper_tui.ui.markdown_text import NAME_SEPARATOR, wrap_hanging

    names = ["Xinjie Zhang", "Mina Park", "Jean-Baptiste Longname Dupont", "Li Wei", "Ana Silva"]
    lines = wrap_hanging(Text(NAME_SEPARATOR.join(names)), Console(width=30), 30)
    shown = [name.strip(" ,") for line in lines for name in line.plain.split(", ")]
    assert [name for name in shown if name] == names  # each name whole, on one line
    assert all(len(line.plain) <= 30 and "\u2060" not in line.plain for line in lines)
