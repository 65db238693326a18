"""The paper is the unit: one row per paper, its appearances in the detail, and a
switch between the different summaries digests wrote for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.store import settings as settings_module
from paper_tui.ui.screens import reader
from tests.conftest import FIXTURES
from tests.pilot import WIDE, make_app, started, until

MERGED = FIXTURES / "merged"


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def header_text(screen: reader.ReaderScreen) -> str:
    return str(screen.detail.query_one(".detail-header").render())


def body_text(screen: reader.ReaderScreen) -> str:
    return "\n".join(
        str(body.render()) for body in screen.detail.query(".section-body") if body.display
    )


async def test_a_paper_listed_on_two_days_is_one_row() -> None:
    app = make_app(MERGED)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        ids = [screen.papers[row].arxiv_id for row in screen.paper_list.rows]
        assert ids.count("2410.90342") == 1
        assert len(ids) == 3
        assert screen.status.total == 3


async def test_the_detail_says_where_the_paper_was_seen_and_v_switches_summaries() -> None:
    app = make_app(MERGED)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        row = [screen.papers[r].arxiv_id for r in screen.paper_list.rows].index("2410.90342")
        screen.paper_list.move_cursor(row)
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        header = header_text(screen)
        assert "first seen 2024-10-16" in header and "in 2 digests" in header
        assert "summary 1 of 2" in header
        first = body_text(screen)
        await pilot.press("v")
        await until(pilot, lambda: "summary 2 of 2" in header_text(screen))
        second = body_text(screen)
        assert first != second
        assert {"장부를" in first, "장부를" in second} == {True, False}
        await pilot.press("v")
        await until(pilot, lambda: "summary 1 of 2" in header_text(screen))
        assert body_text(screen) == first


async def test_v_on_a_paper_with_one_summary_says_so() -> None:
    app = make_app(MERGED)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        row = [screen.papers[r].arxiv_id for r in screen.paper_list.rows].index("2410.92222")
        screen.paper_list.move_cursor(row)
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        await pilot.press("v")
        await until(
            pilot,
            lambda: any("one summary" in str(n.message) for n in pilot.app._notifications),
        )
        assert "summary 1 of" not in header_text(screen)


def test_the_merged_fixture_has_the_same_paper_twice() -> None:
    texts = [path.read_text() for path in sorted(Path(MERGED).glob("*.md"))]
    assert all("2410.90342" in text for text in texts)


async def test_titles_show_their_latex_math_as_unicode() -> None:
    app = make_app(MERGED)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        rows = [screen.papers[r].arxiv_id for r in screen.paper_list.rows]
        row = rows.index("2410.90342")
        screen.paper_list.move_cursor(row)
        await until(pilot, lambda: screen.detail.paper is screen.highlighted)
        assert screen.highlighted.title.startswith("Tide$\\times$Ledger")  # kept raw
        lines = [screen.paper_list.render_line(y).text for y in range(len(rows) + 2)]
        assert any("Tide×Ledger" in line for line in lines)
        assert not any("$\\times$" in line for line in lines)
        assert header_text(screen).startswith("Tide×Ledger: Reading Long Harbour Ledgers")
