"""The reading workflow in the app: queue, triage, BibTeX, similar papers."""

from __future__ import annotations

import pytest

from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.picker import Picker
from tests.conftest import FIXTURE_DIGESTS
from tests.pilot import WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


async def test_Q_queues_the_paper_and_is_queued_finds_it() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        paper = screen.highlighted
        await pilot.press("Q")
        await until(pilot, lambda: screen.state.is_queued(paper.arxiv_id))
        await pilot.press("slash", *"is:queued")
        await until(pilot, lambda: screen.filtered and len(screen.paper_list.rows) == 1)
        assert screen.highlighted.arxiv_id == paper.arxiv_id


async def test_triage_moves_on_after_each_decision() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        first = screen.highlighted
        await pilot.press("T")
        await until(pilot, lambda: screen.zoomed)
        await pilot.press("b")
        await until(pilot, lambda: screen.highlighted is not first)
        second = screen.highlighted
        assert screen.state.is_starred(first.arxiv_id)
        await pilot.press("space")
        await until(pilot, lambda: screen.highlighted is not second)
        await pilot.press("T")
        await until(pilot, lambda: not screen.zoomed)


async def test_c_copies_the_bibtex_entry() -> None:
    app = make_app(FIXTURE_DIGESTS)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("c")
        await until(pilot, lambda: bool(app.clipboard))
        assert app.clipboard.startswith("@misc{") and screen.highlighted.arxiv_id in app.clipboard


async def test_equals_lists_similar_papers_and_enter_goes_to_one() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        first = screen.highlighted
        await pilot.press("equals_sign")
        await until(pilot, lambda: isinstance(pilot.app.screen, Picker), tries=2000)
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(pilot.app.screen, Picker))
        await until(pilot, lambda: screen.highlighted is not first)
