"""Similar papers (`paper_tui.search.similar`) over 10k and 100k generated papers.

For each size it builds the search index (not timed here; see bench/search.py),
then the tf-idf model, and asks for the 10 papers most like each of `--queries`
papers spread over the corpus: it prints the model's build time and the median
and p95 latency per query, each the median over `--runs` runs (a run asks every
query once, in a fresh order). Target: p95 under 100 ms at 100k. One process,
one core.

    python bench/similar.py [--sizes 10000,100000] [--queries 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_papers

from paper_tui.search.engine import SearchIndex
from paper_tui.search.similar import Similarity

TARGET_P95_MS = 100.0


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(size: int, queries: int, runs: int) -> tuple[float, float, float, int]:
    """(build seconds, median ms, p95 ms, terms) for `size` papers."""
    papers = generate_papers(size)
    index = SearchIndex.build(papers)
    builds = []
    for _ in range(max(1, min(runs, 3))):
        start = time.perf_counter()
        model = Similarity.build(index)
        builds.append(time.perf_counter() - start)
    rng = random.Random(size)
    positions = [rng.randrange(size) for _ in range(queries)]
    medians, tails = [], []
    for _ in range(runs):
        rng.shuffle(positions)
        times = []
        for position in positions:
            start = time.perf_counter()
            model.similar(index.papers, position, 10)
            times.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(times))
        tails.append(percentile(times, 0.95))
    return statistics.median(builds), statistics.median(medians), statistics.median(tails), len(
        model.terms
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'papers':>8}  {'terms':>7}  {'build':>8}  {'median':>9}  {'p95':>9}")
    failed = False
    for size in (int(text) for text in args.sizes.split(",")):
        build, median, p95, terms = measure(size, args.queries, args.runs)
        print(f"{size:>8,}  {terms:>7,}  {build:>7.2f}s  {median:>7.1f}ms  {p95:>7.1f}ms")
        failed |= size >= 100_000 and p95 > TARGET_P95_MS
    verdict = "MISSED" if failed else "met"
    print(f"target: p95 under {TARGET_P95_MS:.0f} ms at 100k papers: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
