"""A long load: the newest day is readable at once, and the whole load then keeps
the paper the reader moved to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest

from paper_tui.model import Digest, LoadResult, Paper
from paper_tui.store import settings as settings_module
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.screens.reader import ReaderScreen
from tests.pilot import WIDE, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def day_of_papers(day: date, count: int) -> Digest:
    papers = tuple(
        Paper(
            f"{day:%y%m}.{day.day:02d}{number:03d}",
            f"Paper {number} of {day}",
            f"https://arxiv.org/abs/{day:%y%m}.{day.day:02d}{number:03d}",
            date=day,
        )
        for number in range(count)
    )
    return Digest(day, f"{day}.md", papers)


class SlowLoader:
    """The newest day at once; everything once `gate` opens."""

    def __init__(self) -> None:
        newest = day_of_papers(date(2025, 2, 19), 5)
        older = [day_of_papers(date(2025, 2, day), 5) for day in range(18, 10, -1)]
        self.early = LoadResult(digests=(newest,))
        self.whole = LoadResult(digests=(newest, *older))
        self.gate = threading.Event()

    def newest_day(self) -> LoadResult:
        return self.early

    def __call__(self, progress: Callable[[int, int], None]) -> LoadResult:
        self.gate.wait(20)
        return self.whole


async def test_the_newest_day_reads_while_the_rest_loads_and_the_cursor_stays() -> None:
    loader = SlowLoader()
    app = PaperTuiApp(["<test>"], loader=loader, blink=False)
    try:
        async with app.run_test(size=WIDE) as pilot:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            await until(pilot, lambda: len(screen.papers) == 5)
            assert not screen.loaded
            await pilot.press("j", "j")
            await until(pilot, lambda: screen.detail.paper is screen.highlighted)
            reading = screen.highlighted
            assert reading is not None and reading.title == "Paper 2 of 2025-02-19"
            loader.gate.set()
            await until(pilot, lambda: screen.loaded and len(screen.papers) == 45)
            await pilot.pause(0.05)
            assert screen.highlighted is not None
            assert screen.highlighted.arxiv_id == reading.arxiv_id
    finally:
        loader.gate.set()


def test_the_digest_loader_loads_the_newest_day_first_only_for_long_loads(tmp_path) -> None:
    from paper_tui.ui.digest_loader import EARLY_MIN_FILES, DigestLoader

    block = "## Daily Papers ({day})\n\n### [Paper of {day}](https://arxiv.org/abs/2502.{n:05d})\n"
    for n in range(EARLY_MIN_FILES):
        day = date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + n)
        (tmp_path / f"{day}.md").write_text(block.format(day=day, n=n))
    early = DigestLoader([str(tmp_path)]).newest_day()
    assert early is not None
    assert [paper.title for paper in early.papers] == ["Paper of 2025-01-24"]
    (tmp_path / "2025-01-01.md").unlink()
    assert DigestLoader([str(tmp_path)]).newest_day() is None
