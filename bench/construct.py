"""Rebuilding the model's frozen dataclasses: their constructors against
`store.columns.from_columns`, at the counts a warm start of two years of arXiv
listings rebuilds (issue 14: 448k appearances, 519k sections, 95k papers).

Medians of `--runs`, the collector paused as the snapshot's decoder pauses it;
prints seconds per class and the ratio. Figures only, no pass/fail.

    python bench/construct.py [--runs 7] [--scale 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paper_tui.model import Appearance, Paper, Section
from paper_tui.store.columns import from_columns

COUNTS = {Appearance: 448_150, Section: 518_592, Paper: 94_700}


def _columns(cls: type[Any], count: int) -> list[list[Any]]:
    """Columns of `count` plausible values, one per field (distinct strings)."""
    sample: dict[type[Any], Callable[[int], Any]] = {
        str: lambda number: f"value {number}",
        int: lambda number: number,
    }
    columns = []
    for field in dataclasses.fields(cls):
        kind = str(field.type)
        if "date" in kind:
            columns.append([date(2024, 1, 1 + number % 28) for number in range(count)])
        elif kind.startswith("tuple"):
            columns.append([()] * count)
        elif kind == "bool":
            columns.append([number % 2 == 0 for number in range(count)])
        elif "int" in kind:
            columns.append([sample[int](number) for number in range(count)])
        else:
            columns.append([sample[str](number) for number in range(count)])
    return columns


def _construct(cls: type[Any], columns: list[list[Any]]) -> list[Any]:
    return list(map(cls, *columns))


def _time(build: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.disable()
        started = time.perf_counter()
        built = build()
        times.append(time.perf_counter() - started)
        del built
        gc.enable()
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    total_before = total_after = 0.0
    for cls, full in COUNTS.items():
        count = int(full * args.scale)
        columns = _columns(cls, count)
        before = _time(partial(_construct, cls, columns), args.runs)
        after = _time(partial(from_columns, cls, *columns), args.runs)
        total_before += before
        total_after += after
        print(
            f"{cls.__name__:<11} {count:>8,}  constructor {before:.3f} s  "
            f"from_columns {after:.3f} s  {before / after:.1f}x"
        )
    print(
        f"{'all':<11} {'':>8}  constructor {total_before:.3f} s  "
        f"from_columns {total_after:.3f} s  {total_before / total_after:.1f}x"
    )


if __name__ == "__main__":
    main()
