"""A section across papers: the column of one section of every listed paper, its keys,
what it gathers and skips, and the names it offers (`section_choices`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from paper_tui.model import Paper, Section
from paper_tui.store import DEFAULT_SECTION_NAMES
from paper_tui.ui.screens import section_column
from paper_tui.ui.screens.section_column import (
    SectionColumn,
    SectionColumnScreen,
)
from paper_tui.ui.sections_across import SectionMatches, section_choices
from tests.pilot import until

SIZE = (100, 30)
SnapCompare = Callable[..., bool]


def paper(number: int, *sections: Section, title: str = "") -> Paper:
    arxiv_id = f"2408.{number:05d}"
    return Paper(
        arxiv_id,
        title or f"Paper number {number}",
        f"https://arxiv.org/abs/{arxiv_id}",
        sections=sections,
    )


def new(text: str) -> Section:
    return Section("What's New", text)


def details(text: str) -> Section:
    return Section("Technical Details", text)


class ColumnApp(App[None]):
    """Nothing but the column, pushed over `papers` at `rows`; `results` holds what
    it was dismissed with."""

    def __init__(
        self,
        papers: Sequence[Paper],
        rows: Sequence[int] | None = None,
        section: str = "What's New",
        section_names: Mapping[str, str] = DEFAULT_SECTION_NAMES,
    ) -> None:
        super().__init__()
        self.papers = papers
        self.rows = rows if rows is not None else range(len(papers))
        self.section = section
        self.section_names = section_names
        self.results: list[int | None] = []

    def on_mount(self) -> None:
        screen = SectionColumnScreen(self.section, self.papers, self.rows, self.section_names)
        self.push_screen(screen, self.results.append)


async def opened(pilot: Pilot[Any]) -> SectionColumnScreen:
    """The column once every row is read and the view is drawn."""
    await until(pilot, lambda: isinstance(pilot.app.screen, SectionColumnScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SectionColumnScreen)
    await until(pilot, lambda: screen.matches.done)
    await pilot.pause(0.05)
    return screen


def drawn(column: SectionColumn) -> list[str]:
    """The column's lines as on screen."""
    return [column.render_line(y).text for y in range(column.size.height)]


def highlighted(column: SectionColumn) -> list[str]:
    """The lines of the highlighted block (those the bar marks)."""
    return [line[2:].rstrip() for line in drawn(column) if line.startswith("▌")]


async def test_j_and_k_move_the_highlighted_block() -> None:
    papers = [paper(number, new(f"Idea {number}.")) for number in range(3)]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        assert highlighted(column)[:2] == ["Paper number 0  2408.00000", "Idea 0."]
        await pilot.press("j")
        assert highlighted(column)[:2] == ["Paper number 1  2408.00001", "Idea 1."]
        await pilot.press("down", "down")
        assert highlighted(column)[:2] == ["Paper number 2  2408.00002", "Idea 2."]
        await pilot.press("k")
        assert column.highlighted_row == 1
        await pilot.press("up", "up")
        assert column.highlighted_row == 0


async def test_enter_dismisses_with_the_row_of_the_paper_shown() -> None:
    papers = [paper(number, new(f"Idea {number}.")) for number in range(3)]
    app = ColumnApp(papers, rows=[2, 0, 1])
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: app.results != [])
    assert app.results == [0]


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_dismiss_with_none(key: str) -> None:
    app = ColumnApp([paper(0, new("Idea."))])
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press(key)
        await until(pilot, lambda: app.results != [])
    assert app.results == [None]


async def test_papers_without_the_section_are_skipped() -> None:
    papers = [
        paper(0, new("First idea."), details("How.")),
        paper(1, details("Only how.")),
        paper(2, details("How again."), new("Second idea.")),
    ]
    app = ColumnApp(papers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        column = screen.column
        assert screen.matches.found == 2
        assert "Only how" not in "\n".join(drawn(column))
        assert screen.header.text.plain.startswith("What's New · 2 of 3 papers")
        await pilot.press("j")
        assert column.highlighted_row == 2
        assert highlighted(column)[1] == "Second idea."
        await pilot.press("j", "enter")  # no third paper: still the second
        await until(pilot, lambda: app.results != [])
    assert app.results == [2]


async def test_equivalent_names_of_other_digests_are_gathered() -> None:
    papers = [
        paper(0, new("English idea.")),
        paper(1, Section("새로운 점", "한국어로 쓴 새로운 점."), Section("Results", "Good.")),
    ]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        assert column.matches.found == 2
        assert column.block_text(1).splitlines()[1] == "한국어로 쓴 새로운 점."
        assert "Good." not in column.block_text(1)


async def test_hostile_text_is_shown_literally() -> None:
    hostile = paper(
        0,
        new("[bold red]not bold[/] \x1b[31mno colour\x1b[0m [link=file:///x]no link[/link]"),
        title="[b]Title[/b] \x1b]8;;https://evil\x07tricked",
    )
    async with ColumnApp([hostile]).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        column = screen.column
        lines = highlighted(column)
        assert lines[0] == "[b]Title[/b] tricked  2408.00000"
        assert lines[1] == "[bold red]not bold[/] no colour [link=file:///x]no link[/link]"
        assert not any("\x1b" in line for line in drawn(column))


async def test_a_hostile_section_name_is_shown_literally() -> None:
    name = "[b]Odd[/b]\x1b[2J"
    papers = [paper(0, Section(name, "Text."))]
    async with ColumnApp(papers, section=name).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.header.text.plain.startswith("[b]Odd[/b] · 1 of 1 papers")


async def test_no_paper_with_the_section_says_so_and_enter_does_nothing() -> None:
    app = ColumnApp([paper(0, details("How."))])
    async with app.run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        assert drawn(column)[0].strip() == "No paper in this list has a “What's New” section."
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert app.results == []
        assert column.highlighted_row is None


async def test_g_and_shift_g_go_to_the_first_and_last_paper() -> None:
    papers = [paper(number, new(f"Idea {number}.")) for number in range(40)]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        await pilot.press("G")
        await until(pilot, lambda: column.highlighted_row == 39)
        assert highlighted(column)[1] == "Idea 39."
        assert drawn(column)[-2].startswith("▌ Idea 39.")  # the last block ends the view
        await pilot.press("g")
        assert column.highlighted_row == 0
        assert column.top == (0, 0)


async def test_moving_past_the_foot_scrolls_the_block_into_view() -> None:
    papers = [paper(number, new(f"Idea {number}.\n\nMore of it.")) for number in range(20)]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        per_block = 4  # title, two paragraphs, the blank line
        in_view = column.size.height // per_block
        await pilot.press(*["j"] * in_view)
        assert column.top[0] > 0
        assert highlighted(column) == ["Paper number 7  2408.00007", "Idea 7.", "More of it.", ""]
        await pilot.press(*["k"] * in_view)
        assert column.top == (column.cursor, 0)


async def test_a_narrower_terminal_wraps_the_blocks_again() -> None:
    long = "word " * 30
    papers = [paper(number, new(long)) for number in range(20)]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        await pilot.press(*["j"] * 10)
        wide = len(column.block_lines(10))
        await pilot.resize_terminal(40, 20)
        await pilot.pause(0.05)
        assert len(column.block_lines(10)) > wide
        assert highlighted(column)[0] == "Paper number 10  2408.00010"
        assert all(len(line) <= 40 for line in drawn(column))


async def test_page_down_and_up_move_a_screenful() -> None:
    papers = [paper(number, new(f"Idea {number}.")) for number in range(60)]
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        column = (await opened(pilot)).column
        await pilot.press("pagedown")
        assert column.top[0] >= 8
        assert drawn(column)[0].startswith("▌") or drawn(column)[1].startswith("▌")
        await pilot.press("pageup")
        assert column.top == (0, 0)
        assert column.highlighted_row == 0


async def test_a_long_list_is_drawn_before_it_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(section_column, "SCAN_PAUSE", 3600.0)  # no step between frames
    papers = [paper(0, details("y")), paper(1, new("Idea."))] * 100_000
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, SectionColumnScreen))
        screen = pilot.app.screen
        assert isinstance(screen, SectionColumnScreen)
        await pilot.pause(0.05)
        assert highlighted(screen.column)[:2] == ["Paper number 1  2408.00001", "Idea."]
        assert screen.matches.scanned < 2_000
        assert "so far" in screen.header.text.plain


async def test_a_long_list_is_counted_in_steps() -> None:
    papers = [paper(0, details("y")), paper(1, new("Idea."))] * 100_000
    async with ColumnApp(papers).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        header = screen.header.text.plain
        assert header.startswith("What's New · 100,000 of 200,000 papers")
        assert header.endswith("1 / 100,000")


def test_the_column_reads_rows_only_as_far_as_asked() -> None:
    papers = [paper(number, new("x") if number % 2 else details("y")) for number in range(5000)]
    matches = SectionMatches(papers, range(5000), "What's New", DEFAULT_SECTION_NAMES)
    assert matches.scanned == 0
    assert matches.ensure(3)
    assert matches.scanned < 1000
    assert [matches.row(number) for number in range(3)] == [1, 3, 5]
    matches.finish()
    assert (matches.found, matches.done) == (2500, True)


def test_the_column_stops_at_its_budget() -> None:
    papers = [paper(number, details("y")) for number in range(1000)] + [paper(1000, new("x"))]
    matches = SectionMatches(papers, range(1001), "What's New", DEFAULT_SECTION_NAMES)
    assert not matches.ensure(1, budget=300)
    assert matches.scanned == 300
    assert matches.ensure(1)
    assert matches.row(0) == 1000


# -- section_choices ----------------------------------------------------------


def test_choices_count_papers_most_common_first() -> None:
    papers = [
        paper(0, new("a"), details("b")),
        paper(1, details("b")),
        paper(2, details("b"), Section("Limitations", "c")),
    ]
    assert section_choices(papers, range(3), DEFAULT_SECTION_NAMES) == [
        ("Technical Details", 3),
        ("Limitations", 1),
        ("What's New", 1),
    ]


def test_choices_gather_equivalent_names_under_the_canonical_one() -> None:
    papers = [
        paper(0, Section("새로운 점", "a"), Section("성능 하이라이트", "b")),
        paper(1, new("a"), Section("Results", "b")),
        paper(2, Section("what’s new:", "a")),
    ]
    assert section_choices(papers, range(3), DEFAULT_SECTION_NAMES) == [
        ("What's New", 3),
        ("Performance Highlights", 2),
    ]


def test_choices_count_only_the_rows_listed_and_a_paper_once() -> None:
    papers = [
        paper(0, new("a"), Section("새로운 점", "a again")),
        paper(1, details("b")),
        paper(2, details("b")),
    ]
    assert section_choices(papers, [0, 1], DEFAULT_SECTION_NAMES) == [
        ("Technical Details", 1),
        ("What's New", 1),
    ]
    assert section_choices(papers, [], DEFAULT_SECTION_NAMES) == []


def test_choices_follow_the_configured_names() -> None:
    papers = [paper(0, Section("Novelty", "a")), paper(1, new("b"))]
    assert section_choices(papers, range(2), {}) == [("Novelty", 1), ("What's New", 1)]
    names = {**DEFAULT_SECTION_NAMES, "novelty": "What's New"}
    assert section_choices(papers, range(2), names) == [("What's New", 2)]


# -- the snapshot ----------------------------------------------------------


def snapshot_papers() -> list[Paper]:
    return [
        paper(
            1,
            new(
                "A **sparse** attention that reads `1M` tokens:\n"
                "- keeps the *recent* window whole\n"
                "- samples the rest by a learned score, long enough to wrap onto a second"
                " line at a hundred columns"
            ),
            title="Sparse Attention for Million-Token Contexts",
        ),
        paper(2, details("Not the section asked for."), title="A Paper Without It"),
        paper(
            3,
            Section("새로운 점", "긴 문맥을 위한 새로운 **희소** 주의 메커니즘을 제안합니다."),
            title="A Korean Digest's Paper",
        ),
        paper(
            4,
            new("[bold]Not markup[/bold] and an escape \x1b[31mgone\x1b[0m."),
            title="Hostile $\\times$ Text",
        ),
    ]


def settled() -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        await pilot.press("j")
        await pilot.pause(0.1)

    return run_before


def test_snapshot_of_the_column(snap_compare: SnapCompare) -> None:
    assert snap_compare(ColumnApp(snapshot_papers()), terminal_size=SIZE, run_before=settled())


async def test_a_link_in_the_column_opens_when_clicked_and_only_http_links_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from paper_tui.ui import links

    monkeypatch.setattr(links, "browser_available", lambda environ, platform="": False)
    papers = [
        paper(1, new("Plain text first.")),
        paper(2, new("See [the code](https://example.org/code) and [bad](javascript:alert(1))")),
    ]
    app = ColumnApp(papers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        column = screen.column
        await until(pilot, lambda: len(column._layout()) > 3)

        def where(word: str) -> tuple[int, int]:
            for y in range(column.size.height):
                text = column.render_line(y).text
                if word in text:
                    return text.index(word), y
            raise AssertionError(f"{word!r} is not on screen")

        x, y = where("the code")
        await pilot.click(SectionColumn, offset=(x + 1, y))
        await until(pilot, lambda: app.clipboard == "https://example.org/code")
        assert any("example.org/code" in n.message for n in app._notifications)
        app.copy_to_clipboard("")
        x, y = where("bad")
        await pilot.click(SectionColumn, offset=(x + 1, y))
        await pilot.pause(0.2)
        assert app.clipboard == ""  # a javascript: link is text, not a link
