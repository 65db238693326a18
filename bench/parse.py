"""Parse throughput on generated corpora of 1, 365 and 3,650 digests.

Side by side, on the same text: the floor of reading the bytes, a plain
line-regex extractor, mistletoe's own default `Document(text)`, mistletoe
tuned to digests' tokens (what the parser runs), paper-tui's single-core
`parse_text`, and `library.load` end to end on every core. Figures are
medians of several runs; ratios say what each step costs over the one below.

    python bench/parse.py [--runs 3] [--sizes 1,365,3650]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

from paper_tui.digest import parse
from paper_tui.digest.markdown import block_structure_only
from paper_tui.library import loading as library

LOAD_ROW = "paper-tui library.load, all cores"
_HEADING = re.compile(r"^### \[(.*)\]\((.*)\)\s*$")
_VOTE = re.compile(r"^Vote: (\d+)")


def regex_extract(text: str) -> int:
    """The simplest thing that could find papers: one regex per line."""
    papers = 0
    for line in text.split("\n"):
        if _HEADING.match(line):
            papers += 1
        elif _VOTE.match(line):
            pass
    return papers


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def import_cost(module: str, runs: int) -> float:
    """Median wall time of `python -c 'import MODULE'` minus a bare interpreter."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(run("pass") for _ in range(runs))
    return statistics.median(run(f"import {module}") for _ in range(runs)) - bare


def bench_size(days: int, runs: int, folder: Path) -> None:
    files = write_corpus(folder, days)
    texts = [path.read_text(encoding="utf-8") for path in files]
    size_mb = sum(len(text.encode()) for text in texts) / 1e6
    papers = sum(len(digest.papers) for text in texts[:1] for digest in parse.parse_text(text))
    papers *= len(texts)

    from mistletoe import Document

    # mistletoe's default parse is slow (~4 MB/s): time it on a slice of large corpora.
    sample = texts if len(texts) <= 365 else texts[:365]
    sample_share = len(sample) / len(texts)

    def read_bytes() -> None:
        for path in files:
            path.read_bytes()

    def mistletoe_default() -> None:
        for text in sample:
            Document(text)

    def mistletoe_tuned() -> None:
        with block_structure_only():
            for text in sample:
                Document(text)

    def paper_tui_parse() -> None:
        for text in sample:
            parse.parse_text(text)

    rows = [
        ("read bytes", median_seconds(read_bytes, runs), 1.0),
        ("line regex", median_seconds(lambda: [regex_extract(t) for t in texts], runs), 1.0),
        ("mistletoe Document (default)", median_seconds(mistletoe_default, runs), sample_share),
        ("mistletoe tuned to digests", median_seconds(mistletoe_tuned, runs), sample_share),
        ("paper-tui parse_text, 1 core", median_seconds(paper_tui_parse, runs), sample_share),
        (
            LOAD_ROW,
            median_seconds(lambda: library.load([str(folder)]), runs),
            1.0,
        ),
    ]
    print(f"\n{days} digest(s): {size_mb:.1f} MB, {papers:,} papers")
    print(f"  {'step':36} {'seconds':>9} {'MB/s':>8} {'papers/s':>10}")
    rate: dict[str, float] = {}
    for name, seconds, share in rows:
        full = seconds / share
        rate[name] = full
        print(f"  {name:36} {full:9.3f} {size_mb / full:8.1f} {papers / full:10,.0f}")
    default = rate["mistletoe Document (default)"]
    tuned = rate["mistletoe tuned to digests"]
    ours = rate["paper-tui parse_text, 1 core"]
    print(f"  ratio mistletoe default / line regex : {default / rate['line regex']:6.1f}x")
    print(f"  ratio parse_text / mistletoe default : {ours / default:6.2f}x (target: <= 1.15)")
    print(f"  ratio parse_text / mistletoe tuned   : {ours / tuned:6.2f}x (AST -> model overhead)")
    print(f"  ratio load (all cores) / parse_text  : {rate[LOAD_ROW] / ours:6.2f}x")
    if sample_share < 1:
        print(f"  (mistletoe and parse_text rows timed on the first {len(sample)} files, scaled)")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--sizes", default="1,365,3650")
    args = options.parse_args()
    print(
        f"import mistletoe: {import_cost('mistletoe', args.runs) * 1000:.0f} ms; "
        f"import paper_tui.library.loading (mistletoe stays unloaded): "
        f"{import_cost('paper_tui.library.loading', args.runs) * 1000:.0f} ms"
    )
    for days in (int(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            bench_size(days, args.runs, Path(folder))


if __name__ == "__main__":
    main()
