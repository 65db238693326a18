"""The search bar while typing: every keystroke is kept and the list ends on the
rows of the whole query (never a stale result of an earlier prefix), and the
engine's new hints show under the bar."""

from __future__ import annotations

import random
from datetime import date

from paper_tui.model import Paper, Section
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.searching import Searcher
from tests.pilot import WIDE, app_with, started, until

WORDS = [
    "video", "diffusion", "robot", "policy", "surgical", "segmentation", "language", "model",
    "agents", "sparse", "attention", "graph", "neural", "reasoning", "benchmark", "efficient",
    "transformer", "vision", "speech",
]  # fmt: skip
KOREAN = ("수술 영상을 분할합니다.", "대규모 언어 모델을 씁니다.", "로봇 정책을 학습합니다.")


def papers(count: int) -> list[Paper]:
    """`count` papers with titles from a few words, so most queries match many."""
    rng = random.Random(11)
    return [
        Paper(
            arxiv_id=f"2408.{number:05d}",
            title=" ".join(rng.sample(WORDS, 5)).title(),
            url=f"https://arxiv.org/abs/2408.{number:05d}",
            votes=rng.randint(0, 99),
            authors=("Ada Lovelace",),
            sections=(Section("What's New", rng.choice(KOREAN)),),
            date=date(2024, 8, 19),
        )
        for number in range(count)
    ]


def keys(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def hint_text(screen: ReaderScreen) -> str:
    hints = screen.query_one("#hints")
    return str(hints.render()) if hints.display else ""


def expected_rows(screen: ReaderScreen, query: str) -> list[int]:
    searcher = Searcher(screen.papers)
    searcher.fill()
    return list(searcher.search(query, state=screen.session.state).rows)


async def test_typing_fast_ends_on_the_rows_of_the_whole_query() -> None:
    async with app_with(*papers(3000)).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.searchers.current is not None)  # indexed
        query = "video segm robot"
        await pilot.press("slash", *keys(query))  # no pause between the keys
        assert screen.query_one("#search").value == query  # type: ignore[attr-defined]
        wanted = expected_rows(screen, query)
        assert 0 < len(wanted) < len(screen.papers)
        await until(pilot, lambda: list(screen.paper_list.rows) == wanted)
        await pilot.pause(0.3)  # a search of an earlier prefix finishing late would show now
        assert screen.search_text == query
        assert list(screen.paper_list.rows) == wanted


async def test_each_prefix_shows_its_own_rows_when_typed_slowly() -> None:
    async with app_with(*papers(500)).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.searchers.current is not None)
        await pilot.press("slash")
        typed = ""
        for key, char in zip(keys("robot vid"), "robot vid", strict=True):
            await pilot.press(key)
            typed += char
            if not typed.strip() or typed.endswith(" "):
                continue
            wanted = expected_rows(screen, typed)
            await until(pilot, lambda wanted=wanted: list(screen.paper_list.rows) == wanted)


async def test_the_fallback_hints_show_under_the_bar() -> None:
    async with app_with(*papers(200)).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.searchers.current is not None)
        await pilot.press("slash", *keys("surgical qqzx"))
        await until(pilot, lambda: "no paper has both words" in hint_text(screen))
        assert "showing those with one" in hint_text(screen)
        assert list(screen.paper_list.rows) == expected_rows(screen, "surgical")
        await pilot.press("escape", "slash", *"tntnf")
        await until(pilot, lambda: "searched 수술 for tntnf" in hint_text(screen))
        assert list(screen.paper_list.rows) == expected_rows(screen, "수술")
