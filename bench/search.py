"""Search latency over 10k and 100k generated papers, next to a plain substring scan.

For each of ~20 realistic queries (English words, typos, several words, phrases,
Korean, chosung, filters) it prints the median and p95 wall-clock latency of
`SearchIndex.search` with no limit (the app ranks every match) and its word
cache cleared before each run, the p95 of its CPU time (what the search costs
when other processes share the machine), the median of the floor (a plain
case-insensitive substring scan of every paper's pre-lowercased text for the
query's words, which forgives no typo and knows no filter), their ratio, and
overall figures; per-keystroke times while typing two queries (with the cache,
as in the app); then index build time, the memory the index holds (RSS growth)
and its serialized size, and the peak memory while building (RSS sampled).
Targets: p95 under 16 ms at 10k and 50 ms at 100k; build under 5 s at 100k. One process, one core.

    python bench/search.py [--sizes 10000,100000] [--runs 25]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_papers

from paper_tui.model import Paper
from paper_tui.search.engine import SearchIndex
from paper_tui.search.query import fold, parse

QUERIES = (
    "diffusion",
    "transformer",
    "difusion",
    "transfromer",
    "reinforcement learning",
    "video segmentation benchmark",
    "multimodal reasoning agents",
    '"diffusion model"',
    '"대규모 언어 모델"',
    "비디오",
    "수술 영상",
    "ㅅㅅ",
    "ㄷㄱㅁ ㅇㅇ ㅁㄷ",
    "ㅎㅅ diffusion",
    "강화학습 robot",
    "a:kim diffusion",
    "t:video -survey",
    "sec:technical 양자화",
    "date:2024-08 votes:>30",
    "date:2024-01-01..2024-06-30 attention",
    "votes:10..100 graph",
    "-diffusion model",
    "d",
    # issue 11: fallbacks (each next to the plain query it falls back from, in FALLBACKS)
    "surgical",
    "surgical sma",
    "video segmentation",
    "video segmentation qqzx",
    "언어 모델",
    "언어 모데",
    "모ㄷ",
    "수술",
    "tntnf",
    "강화학습",
    "rkdghkgkrtmq",
    "date:7d diffusion",
    "date:2025-W05 sort:-votes",
)
FALLBACKS = (
    ("surgical sma", "surgical", 2.0),
    ("video segmentation qqzx", "video segmentation", 2.0),
    ("언어 모데", "언어 모델", 1.2),
    ("tntnf", "수술", 1.2),
    ("rkdghkgkrtmq", "강화학습", 1.2),
)
"""(fallback query, the plain query it stands for, the most its median may cost
relative to the plain one): a query with one word matching nothing, a last
syllable still being typed, Hangul typed on an English keyboard."""
TYPED = ("reinforcement learning for video", '"diffusion model" 비디오 ㅅㅅ')
TARGET_P95_MS = {10_000: 16.0, 100_000: 50.0}
TARGET_BUILD_S = 5.0


def rss_bytes() -> int:
    """Resident memory of this process (Linux), or 0 where it cannot be read."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class PeakMemory:
    """The highest RSS seen while the `with` block runs (sampled every 5 ms)."""

    def __init__(self) -> None:
        self.highest = rss_bytes()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(0.005):
            self.highest = max(self.highest, rss_bytes())

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()
        self.highest = max(self.highest, rss_bytes())


def padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (Hangul takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_runs(function: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of `runs` calls, after a warm-up
    call. On a busy machine the CPU time shows what the search itself costs."""
    function()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def cold_search(index: SearchIndex, query: str) -> object:
    """A search with nothing remembered from the previous one."""
    index.clear_cache()
    return index.search(query)


def typing(index: SearchIndex, text: str) -> list[float]:
    """Milliseconds per keystroke while `text` is typed one character at a time,
    as the app searches it (earlier words come from the index's small cache)."""
    index.clear_cache()
    samples = []
    for length in range(1, len(text) + 1):
        start = time.perf_counter()
        index.search(text[:length])
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def floor_scan(haystacks: Sequence[str], query: str) -> Callable[[], int]:
    """The floor: every paper's lowercased text scanned for every plain word."""
    parsed = parse(query)
    words = [term.text for term in parsed.terms] or [""]

    def scan() -> int:
        return sum(1 for text in haystacks if all(word in text for word in words))

    return scan


def haystack(paper: Paper) -> str:
    parts = [paper.title, ", ".join(paper.authors), paper.arxiv_id]
    parts += [section.text for section in paper.sections]
    return fold("\n".join(parts))


def bench_size(size: int, runs: int) -> None:
    print(f"\n== {size:,} papers ==")
    start = time.perf_counter()
    papers = generate_papers(size)
    print(f"corpus generated in {time.perf_counter() - start:.1f} s")
    gc.collect()
    before = rss_bytes()
    peak = PeakMemory()
    start, start_cpu = time.perf_counter(), time.process_time()
    with peak:
        index = SearchIndex.build(papers)
    build, build_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    gc.collect()
    held = rss_bytes() - before
    start = time.perf_counter()
    data = index.to_bytes()
    dumped = time.perf_counter() - start
    start = time.perf_counter()
    SearchIndex.from_bytes(data, papers)
    loaded = time.perf_counter() - start
    serialized = len(data)
    del data
    vocabulary = sum(len(segment.vocabulary) for _, segment in index._segments)
    entries = sum(len(segment.entry_papers) for _, segment in index._segments)
    print(
        f"index build {build:.2f} s, cpu {build_cpu:.2f} s (target < {TARGET_BUILD_S:.0f} s "
        "at 100k); "
        f"holds {held / 2**20:.0f} MiB (RSS growth); serialized {serialized / 2**20:.0f} MiB; "
        f"{vocabulary:,} distinct words, {entries:,} postings"
    )
    print(
        f"build peak: +{(peak.highest - before) / 2**20:.0f} MiB over the papers "
        f"({peak.highest / 2**20:.0f} MiB in all); {len(index.block_sizes)} blocks of at most "
        f"{max(index.block_sizes):,} papers"
    )
    print(f"to_bytes {dumped:.2f} s, from_bytes {loaded:.2f} s (a warm start instead of a build)")
    start = time.perf_counter()
    index.search('"diffusion model"')  # a phrase that 64% of the papers may hold
    print(
        f"first phrase search {time.perf_counter() - start:.2f} s "
        "(folds the texts that may hold it, once)"
    )
    haystacks = [haystack(paper) for paper in papers]
    floor_runs = max(3, runs // 5)
    header = (
        f"{'query':<40} {'hits':>7} {'median':>8} {'p95':>8} {'cpu p95':>8} "
        f"{'floor':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    everything: list[float] = []
    everything_cpu: list[float] = []
    per_query: dict[str, list[float]] = {}
    for query in QUERIES:
        hits = len(index.search(query).hits)
        samples, cpu = time_runs(lambda query=query: cold_search(index, query), runs)
        floor = statistics.median(time_runs(floor_scan(haystacks, query), floor_runs)[0])
        everything_cpu += cpu
        median = statistics.median(samples)
        everything += samples
        per_query[query] = samples
        print(
            f"{padded(query, 40)} {hits:>7,} {median:>7.2f}m {percentile(samples, 0.95):>7.2f}m "
            f"{percentile(cpu, 0.95):>7.2f}m {floor:>7.1f}m {median / floor:>6.2f}"
        )
    p95 = percentile(everything, 0.95)
    overall = (
        f"{'all queries':<40} {'':>7} {statistics.median(everything):>7.2f}m {p95:>7.2f}m "
        f"{percentile(everything_cpu, 0.95):>7.2f}m"
    )
    target = TARGET_P95_MS.get(size)
    if target is not None:
        overall += f"   target p95 < {target:.0f} ms: {'met' if p95 < target else 'MISSED'}"
    print(overall)
    for text in TYPED:
        keystrokes = typing(index, text)
        print(
            f"typing {text!r} key by key: median {statistics.median(keystrokes):.2f} ms, "
            f"p95 {percentile(keystrokes, 0.95):.2f} ms, slowest {max(keystrokes):.2f} ms"
        )
    for fallback, plain, allowed in FALLBACKS:
        ratio = statistics.median(per_query[fallback]) / statistics.median(per_query[plain])
        ratio_p95 = percentile(per_query[fallback], 0.95) / percentile(per_query[plain], 0.95)
        print(
            f"fallback {padded(repr(fallback), 26)} vs {padded(repr(plain), 22)}: "
            f"median x{ratio:.2f}, p95 x{ratio_p95:.2f} (allowed x{allowed:.1f}: "
            f"{'met' if ratio <= allowed else 'MISSED'})"
        )
    worst = max(QUERIES, key=lambda query: percentile(per_query[query], 0.95))
    print(f"slowest query by p95: {worst} ({percentile(per_query[worst], 0.95):.2f} ms)")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", default="10000,100000", help="comma-separated paper counts")
    options.add_argument("--runs", type=int, default=25, help="timed runs per query")
    args = options.parse_args()
    print(f"python {sys.version.split()[0]}, one process; times are wall-clock milliseconds")
    for size in (int(text) for text in args.sizes.split(",")):
        bench_size(size, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
