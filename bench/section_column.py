"""The section column (`paper_tui.ui.screens.section_column`) over 100k generated papers.

Papers from `corpus.generate_papers`, a third of them with the Korean names of the
sections ("새로운 점", ...) and one in ten without What's New; "Limitations" is on
one paper in a thousand (the rare case: the view must read far to fill itself).

It prints the median over `--runs` runs of:
  - the screen's constructor;
  - the column's own work before the first paint (finding the papers the view
    needs, rendering and wrapping their blocks, drawing every line), in a headless
    app at 100x30; target: well under 100 ms;
  - push_screen to the first line drawn (all of Textual's compose, layout and
    compositor work included);
  - `j` (next paper) and PgDn: the key's handler plus the repaint of the view;
  - reading every row (what the steps between frames do in all) and
    `section_choices` over all rows.

    python bench/section_column.py [--size 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_papers
from textual.app import App

from paper_tui.model import Paper, Section
from paper_tui.store import DEFAULT_SECTION_NAMES
from paper_tui.ui.screens import section_column
from paper_tui.ui.screens.section_column import SectionColumn, SectionColumnScreen
from paper_tui.ui.sections_across import SectionMatches, section_choices

KOREAN = {"What's New": "새로운 점", "Technical Details": "기술적 세부사항"}
KOREAN["Performance Highlights"] = "성능 하이라이트"
SIZE = (100, 30)


def papers_of(size: int) -> list[Paper]:
    """Generated papers in three digest forms, some without What's New, a few with
    Limitations."""
    papers = generate_papers(size)
    mixed = []
    for number, paper in enumerate(papers):
        sections = paper.sections
        if number % 3 == 1:
            sections = tuple(Section(KOREAN.get(one.name, one.name), one.text) for one in sections)
        if number % 10 == 7:
            sections = sections[1:]
        if number % 1000 == 500:
            sections = (*sections, Section("Limitations", "Only English is tried."))
        mixed.append(replace(paper, sections=sections))
    return mixed


def median_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


class Timed:
    """Wraps the column's drawing to add up the time spent in it until the first
    frame is out (the first call of `render_line` for the last line of the view)."""

    def __init__(self) -> None:
        self.work = 0.0
        self.first_line_at: float | None = None
        self.keys_work = 0.0

    def install(self) -> Callable[[], None]:
        original = SectionColumn.render_line
        timed = self

        def render_line(column: SectionColumn, y: int) -> Any:
            start = time.perf_counter()
            strip = original(column, y)
            end = time.perf_counter()
            timed.work += end - start
            if y == column.size.height - 1 and timed.first_line_at is None:
                timed.first_line_at = end
            return strip

        SectionColumn.render_line = render_line  # type: ignore[method-assign]

        def restore() -> None:
            SectionColumn.render_line = original  # type: ignore[method-assign]

        return restore


async def one_opening(
    papers: Sequence[Paper], rows: Sequence[int], section: str
) -> dict[str, float]:
    """Open the column once in a headless app; the times, in ms."""
    section_column.SCAN_PAUSE = 3600.0  # the steps between frames are timed apart
    timed = Timed()
    restore = timed.install()
    app: App[None] = App()
    try:
        async with app.run_test(size=SIZE) as pilot:
            start = time.perf_counter()
            screen = SectionColumnScreen(section, papers, rows, DEFAULT_SECTION_NAMES)
            built = time.perf_counter()
            app.push_screen(screen)
            while timed.first_line_at is None:
                await asyncio.sleep(0.0005)
            first_paint = (timed.first_line_at - start) * 1000
            work = timed.work * 1000 + (built - start) * 1000
            column = screen.column
            times = {
                "constructor": (built - start) * 1000,
                "work before the first paint": work,
                "push to first line drawn": first_paint,
            }
            for key in ("j", "pagedown"):
                drawing, action = [], []
                for _ in range(5):
                    timed.work = 0.0
                    start = time.perf_counter()
                    column.action_cursor(1) if key == "j" else column.action_page(1)
                    action.append((time.perf_counter() - start) * 1000)
                    await pilot.pause()
                    drawing.append(timed.work * 1000)
                times[f"{key}: the action"] = statistics.median(action)
                times[f"{key}: drawing the view"] = statistics.median(drawing)
            assert column.highlighted_row is not None
    finally:
        restore()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    papers = papers_of(options.size)
    rows = list(range(len(papers)))[::-1]  # the list's order, not the papers'
    print(f"{len(papers):,} papers, {len(rows):,} rows, terminal {SIZE[0]}x{SIZE[1]}")
    for section in ("What's New", "Limitations"):
        openings = [asyncio.run(one_opening(papers, rows, section)) for _ in range(options.runs)]
        print(f"\n{section}: median of {options.runs} openings")
        for name in openings[0]:
            value = statistics.median(opening[name] for opening in openings)
            print(f"  {name:<30} {value:8.2f} ms")

        def read_all(wanted: str = section) -> None:
            SectionMatches(papers, rows, wanted, DEFAULT_SECTION_NAMES).finish()

        found = SectionMatches(papers, rows, section, DEFAULT_SECTION_NAMES)
        found.finish()
        print(
            f"  {'reading every row':<30} {median_ms(read_all, options.runs):8.2f} ms"
            f"  ({found.found:,} have it)"
        )
    choices = section_choices(papers, rows, DEFAULT_SECTION_NAMES)
    elapsed = median_ms(lambda: section_choices(papers, rows, DEFAULT_SECTION_NAMES), options.runs)
    print(f"\nsection_choices over every row     {elapsed:8.2f} ms  {choices}")


if __name__ == "__main__":
    main()
