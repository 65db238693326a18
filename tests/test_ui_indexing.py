"""Search while the index is still growing (a cold start of a big library)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.pilot import Pilot

from paper_tui.model import Digest, LoadResult, Paper
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from paper_tui.search.engine import SearchIndex


def paper(number: int, title: str) -> Paper:
    arxiv_id = f"2408.{number:05d}"
    return Paper(
        arxiv_id, title, f"https://arxiv.org/abs/{arxiv_id}", votes=number, date=date(2024, 8, 19)
    )


class GatedLoader:
    """Loads at once; indexes the first half, then waits for `gate` to index the rest."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.result = LoadResult(digests=(Digest(date(2024, 8, 19), "<test>", tuple(papers)),))
        self.gate = threading.Event()
        self.finished = threading.Event()

    def __call__(self, progress: Callable[[int, int], None]) -> LoadResult:
        return self.result

    def search_index(self, papers: Sequence[Paper], into: SearchIndex) -> None:
        half = len(papers) // 2
        into.extend_block(papers[:half])
        if self.gate.wait(20):
            into.extend_block(papers[half:])
        self.finished.set()


async def until(pilot: Pilot[int], condition: Callable[[], bool], tries: int = 1000) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


def hint_text(screen: ReaderScreen) -> str:
    hints = screen.query_one("#hints")
    return str(hints.render()) if hints.display else ""


async def test_a_search_typed_while_indexing_finds_the_indexed_part_then_all() -> None:
    papers = [
        paper(1, "Diffusion transformers for video"),
        paper(2, "Graph networks"),
        paper(3, "Speech recognition at scale"),
        paper(4, "Sparse transformers revisited"),
    ]
    loader = GatedLoader(papers)
    app = PaperTuiApp(["<test>"], loader=loader, blink=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            screen = pilot.app.screen
            assert isinstance(screen, ReaderScreen)
            await until(pilot, lambda: screen.loaded)
            await until(pilot, lambda: screen.searchers.growing_for(screen.papers) is not None)
            await pilot.press("slash", *"transformer")
            # Only the first half is indexed: its match shows, with the progress hint.
            await until(pilot, lambda: list(screen.paper_list.rows) == [0])
            assert "indexing… 50%" in hint_text(screen)
            assert screen.searchers.current is None  # not complete yet
            loader.gate.set()
            # Indexing completes: the same search is run again and finds both.
            await until(pilot, lambda: sorted(screen.paper_list.rows) == [0, 3])
            await until(pilot, lambda: "indexing" not in hint_text(screen))
            assert screen.searchers.current is not None and screen.searchers.current.complete
            assert screen.search_text == "transformer"
    finally:
        loader.gate.set()
