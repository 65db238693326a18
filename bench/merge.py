"""What merging entries into papers costs in a load: `library.merge.merge_digests`
next to the rest of a warm load (parse cache filled), at 100k entries.

    python bench/merge.py [--days 4000] [--runs 5] [--relisted 0.2]

`--relisted`: the share of each day's papers that were listed on an earlier day
too (the same arXiv id again), so merging has real work to do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--relisted", type=float, default=0.2)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="paper-tui-bench-")
    os.environ["PAPER_TUI_HOME"] = home
    from corpus import write_corpus

    from paper_tui.library import load
    from paper_tui.library.merge import merge_digests
    from paper_tui.store import ParseCache

    folder = Path(home) / "corpus"
    files = write_corpus(folder, args.days)
    # Relist a share of each day's papers on the next day: the same ids again.
    previous = ""
    for path in sorted(files):
        text = path.read_text()
        blocks = text.split("\n### ")
        keep = int(len(blocks) * args.relisted)
        if previous:
            text = text + "\n### " + "\n### ".join(previous.split("\n### ")[1 : keep + 1])
        previous = path.read_text()
        path.write_text(text)
    with ParseCache.open() as cache:
        load([str(folder)], cache=cache)  # fills the cache: the runs below are warm
    loads, merges = [], []
    for _ in range(args.runs):
        with ParseCache.open() as cache:
            start = time.perf_counter()
            result = load([str(folder)], cache=cache)
            loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        papers = merge_digests(result.digests)
        merges.append(time.perf_counter() - start)
    entries = len(result.entries)
    load_time, merge_time = statistics.median(loads), statistics.median(merges)
    counts = f"{entries:,} entries, {len(papers):,} papers"
    print(f"{args.days} digests, {counts} (medians of {args.runs})")
    print(f"  warm load, merge included   {load_time:6.3f} s")
    share = merge_time / load_time
    print(f"  merge alone                 {merge_time:6.3f} s  ({share:.0%} of the load)")
    print(f"  load without the merge      {load_time - merge_time:6.3f} s")


if __name__ == "__main__":
    main()
