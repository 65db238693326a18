"""Reopening a big library: cold (no parse cache) against warm (cache filled).

Writes a generated library of `--days` digests (default 3,650, ~90k papers),
then, each in a fresh interpreter so memory and imports are honest, times
`library.load(..., cache=ParseCache)` until every paper is in memory ("loaded"),
then until the search index is ready too ("searchable", `index_cache.cached_search_index`):
  cold     the cache is deleted first: every file is parsed (on every core) and stored;
  warm     the cache is full and no file changed: nothing is parsed;
  one edit one file was touched since: it alone is parsed again.
Prints seconds, papers and peak memory (max RSS of the loading process; the
cold runs' parse workers are separate processes, not counted), and the
warm/cold ratio. Targets (issue 5):
warm loaded under 1 s and searchable under 2 s, cold under 15 s, peak under
500 MB. Figures only, no pass/fail.

    python bench/reopen.py [--days 3650] [--runs 3] [--folder DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

_MEASURE = """
import json, resource, sys, time
from paper_tui.store.parse_cache import ParseCache
from paper_tui.library.index_cache import cached_search_index
from paper_tui.library.loading import load

def main():
    folder, cache_path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    cache = ParseCache.open(__import__("pathlib").Path(cache_path))
    result = load([folder], cache=cache)
    papers = len(result.papers)
    seconds = time.perf_counter() - started
    peak_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cached_search_index(cache, result.papers)
    searchable = time.perf_counter() - started
    cache.close()
    print(json.dumps({
        "seconds": seconds,
        "searchable": searchable,
        "loaded_peak_mb": peak_loaded,
        "papers": papers,
        "hits": cache.hits,
        "misses": cache.misses,
        "warnings": cache.warnings,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))

if __name__ == "__main__":
    main()
"""


def measure(folder: Path, cache_path: Path) -> dict[str, Any]:
    """One load of `folder` through the cache at `cache_path`, in a fresh interpreter."""
    script = cache_path.parent / "measure_reopen.py"
    script.write_text(_MEASURE, encoding="utf-8")
    output = subprocess.run(
        [sys.executable, str(script), str(folder), str(cache_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def _delete_cache(cache_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache_path}{suffix}").unlink(missing_ok=True)


def _cache_parts_mb(cache_path: Path) -> tuple[float, float]:
    """(MB of packed parses, MB of derived blobs such as the search index) in the cache."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(cache_path)) as connection:
        parses = connection.execute(
            "SELECT coalesce(sum(length(meta) + length(text)), 0) FROM entries"
        ).fetchone()[0]
        blobs = connection.execute("SELECT coalesce(sum(length(data)), 0) FROM blobs").fetchone()[0]
    return parses / 1e6, blobs / 1e6


def _row(label: str, runs: list[dict[str, Any]]) -> str:
    seconds = statistics.median(run["seconds"] for run in runs)
    searchable = statistics.median(run["searchable"] for run in runs)
    loaded_peak = max(run["loaded_peak_mb"] for run in runs)
    peak = max(run["peak_mb"] for run in runs)
    papers = int(runs[0]["papers"])
    parsed = int(runs[0]["misses"])
    return (
        f"{label:<9} {seconds:7.3f} s {searchable:7.3f} s {papers:>8,} {parsed:>7} "
        f"{loaded_peak:8.0f} MB {peak:13.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="reuse (or create) the corpus here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paper-tui-reopen-") as scratch:
        folder = args.folder or Path(scratch) / "library"
        if not folder.is_dir() or not any(folder.rglob("*.md")):
            write_corpus(folder, args.days)
        files = sorted(folder.rglob("*.md"))
        size = sum(path.stat().st_size for path in files)
        cache_path = Path(scratch) / "cache" / "parse-cache.sqlite3"
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        print(f"library: {len(files):,} digests, {size / 1e6:.0f} MB of markdown, {folder}")
        print(f"cores: {os.cpu_count()}, runs: {args.runs} (median time, max memory)\n")

        cold = []
        for _ in range(args.runs):
            _delete_cache(cache_path)
            cold.append(measure(folder, cache_path))
        warm = [measure(folder, cache_path) for _ in range(args.runs)]
        cache_mb = cache_path.stat().st_size / 1e6
        parses_mb, blobs_mb = _cache_parts_mb(cache_path)

        touched = files[len(files) // 2]
        edited = []
        for _ in range(args.runs):
            status = touched.stat()
            os.utime(touched, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
            edited.append(measure(folder, cache_path))

        print(
            f"{'':<9} {'loaded':>9} {'searchable':>10} {'papers':>7} {'parsed':>7} "
            f"{'peak loaded':>11} {'peak searchable':>16}"
        )
        print(_row("cold", cold))
        print(_row("warm", warm))
        print(_row("one edit", edited))
        cold_seconds = statistics.median(run["seconds"] for run in cold)
        warm_seconds = statistics.median(run["seconds"] for run in warm)
        ratio = warm_seconds / cold_seconds
        print(f"\nwarm/cold: {ratio:.3f} (warm is {1 / ratio:.0f}x faster)")
        print(
            f"cache file: {cache_mb:.0f} MB "
            f"(parses {parses_mb:.0f} MB, search index {blobs_mb:.0f} MB)"
        )
        warnings = {warning for run in cold + warm + edited for warning in run["warnings"]}
        for warning in sorted(warnings):
            print(f"cache warning: {warning}")


if __name__ == "__main__":
    main()
