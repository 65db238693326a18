"""Key to paint: how long a key takes until the screen it changes is painted.

Headless, in one process: the time from posting a key to the end of the last
compositor refresh it causes (what the terminal is then sent; a refresh that
follows within `SETTLE` s of the one before counts as the same change), median
of `--runs` presses per key, on the bundled sample at 120x40. Focus changes
(Enter, l, h, Tab) restyle and repaint the list and the detail; `j` moves the
cursor (the detail follows after its 30 ms throttle, not counted here).

    python bench/focus.py [--runs 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.screen import Screen  # noqa: E402

KEYS = ("enter", "h", "l", "escape", "tab", "shift+tab", "j", "k")
SETTLE = 0.1
"""Seconds without a refresh after which a key's change counts as painted."""


async def measure(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from paper_tui.ui.app import PaperTuiApp

    painted: list[float] = []
    original = Screen._compositor_refresh

    def timed_refresh(self: Screen[Any]) -> None:
        original(self)
        painted.append(time.perf_counter())

    Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    app = PaperTuiApp([str(ROOT / "assets" / "sample-digest.md")], blink=False)
    times: dict[str, list[float]] = {key: [] for key in KEYS}
    firsts: dict[str, list[float]] = {key: [] for key in KEYS}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(500):
            if getattr(screen, "loaded", False) and screen.detail.paper is not None:  # type: ignore[attr-defined]
                break
            await pilot.pause(0.01)
        await pilot.pause(0.5)
        for _ in range(runs):
            for key in KEYS:
                await pilot.pause(0.05)
                painted.clear()
                start = time.perf_counter()
                await pilot.press(key)
                for _ in range(400):
                    now = time.perf_counter()
                    if painted and now - painted[-1] > SETTLE:
                        break
                    await asyncio.sleep(0.001)
                if painted:
                    times[key].append((painted[-1] - start) * 1000)
                    firsts[key].append((painted[0] - start) * 1000)
    Screen._compositor_refresh = original  # type: ignore[method-assign]
    return times, firsts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times, firsts = asyncio.run(measure(args.runs))
    print("key -> first paint / last paint it causes, ms (medians; p90 of the last)")
    print("on the sample at 120x40")
    for key, values in times.items():
        if not values:
            print(f"  {key:10}  no paint")
            continue
        values.sort()
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        first = statistics.median(firsts[key])
        print(f"  {key:10}  {first:6.1f}  {statistics.median(values):6.1f}  {p90:6.1f}")


if __name__ == "__main__":
    main()
