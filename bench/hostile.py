"""Hostile digests (issue 15): the time and peak memory of each pathological input.

Every parse and render step should be linear or capped: each input below, built from
one fragment repeated, goes through `parse_bytes` (inside a fixture digest of the
family whose reader it aims at) or through `render_markdown`. Each run is a child
process with a deadline, so a step that is still quadratic (or exponential) shows as
`>TIMEOUT` rather than hanging the bench. Time is the median of `--runs` runs (after a warm-up
parse, so imports are not counted); peak is tracemalloc's during the call, in one
more run, and its ratio to the input's size.

    python bench/hostile.py [--runs 3] [--timeout 60] [--only NAME,...]
    PAPER_TUI_CODE=/old/checkout python bench/hostile.py   # the same inputs, other code
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("PAPER_TUI_CODE") or REPO)
"""Whose `paper_tui` runs: this checkout, or another one's (to compare before/after)."""
sys.path.insert(0, str(CODE))

FORMATS = REPO / "tests" / "fixtures" / "formats"
HF_DAILY = REPO / "tests" / "fixtures" / "digests" / "2024-08-19.md"
NUMBERED = FORMATS / "numbered" / "2025-02-24.md"
LINK_LAST = FORMATS / "link-last" / "2025-02-26.md"
TABLE = FORMATS / "table" / "2025-03-03.md"


@dataclass(frozen=True)
class Case:
    """One pathological input: what it aims at and how it is built."""

    name: str
    step: str
    """ "parse" (the text is a digest file's) or "render" (a section's markdown)."""
    build: Callable[[], str]


def _in(path: Path, hostile: str) -> Callable[[], str]:
    """A fixture digest with `hostile` after its papers."""
    return lambda: path.read_text(encoding="utf-8") + "\n" + hostile + "\n"


def _in_summary(path: Path, hostile: str) -> Callable[[], str]:
    """A fixture digest with `hostile` at the end of its first summary bullet."""

    def build() -> str:
        text = path.read_text(encoding="utf-8")
        at = text.index("\n", text.index("- **"))
        return text[:at] + " " + hostile + text[at:]

    return build


def _table_row(title: str) -> Callable[[], str]:
    link = "[arXiv](https://arxiv.org/abs/2503.00001)"
    return _in(TABLE, f"| {title} (Read more on {link}) | A | s |")


CASES = (
    Case("heading (http://a x20000", "parse", _in(HF_DAILY, "### " + "(http://a" * 20_000)),
    Case("heading [a]( x8000", "parse", _in(HF_DAILY, "### " + "[a](" * 8_000)),
    Case("heading ![a]( x8000", "parse", _in(HF_DAILY, "### " + "![a](" * 8_000)),
    Case("heading *a x20000", "parse", _in(HF_DAILY, "### " + "*a" * 20_000)),
    Case("heading 20000 spaces", "parse", _in(NUMBERED, "## a" + " " * 20_000 + "b")),
    Case("heading 20000 # spaces", "parse", _in(LINK_LAST, "## a" + " #" * 10_000 + "b")),
    Case("link line https://a/ x20", "parse", _in(LINK_LAST, "## T\n" + "https://a/" * 20 + "<")),
    Case("table cell 20000 spaces", "parse", _table_row("T" + " " * 20_000 + "x")),
    Case(
        "list nested 3000 deep",
        "parse",
        _in(HF_DAILY, "\n".join("  " * depth + "- x" for depth in range(3_000))),
    ),
    Case(
        "quote nested 2000 deep",
        "parse",
        _in(HF_DAILY, "\n".join("> " * depth + "x" for depth in range(2_000))),
    ),
    Case("one line of 1000 '> '", "parse", _in(HF_DAILY, "> " * 1_000)),
    Case("1000 '- ' on one line", "parse", _in(HF_DAILY, "- " * 1_000 + "x")),
    Case("summary `x20000", "parse", _in_summary(HF_DAILY, "`" * 20_000)),
    Case("summary **a x20000", "parse", _in_summary(HF_DAILY, "**a" * 20_000)),
    Case("render ` x20000", "render", lambda: "`" * 20_000),
    Case("render `a`` x20000", "render", lambda: "`a``" * 20_000),
    Case("render [ x20000", "render", lambda: "[" * 20_000),
    Case("render ![ x20000", "render", lambda: "![" * 20_000),
    Case("render [a]( x20000", "render", lambda: "[a](" * 20_000),
    Case("render (http://a x20000", "render", lambda: "(http://a" * 20_000),
    Case("render **a x20000", "render", lambda: "**a" * 20_000),
    Case("render _a x20000", "render", lambda: "_a " * 20_000),
    Case("render < x20000", "render", lambda: "<" * 20_000),
    Case("render | x20000", "render", lambda: "| a " * 20_000),
    Case("render 20000 list lines", "render", lambda: "- x\n" * 20_000),
)


def run_case(case: Case, memory: bool) -> dict[str, float]:
    """Build and run one case here: its seconds (or peak bytes) and its size."""
    text = case.build()
    size = len(text.encode("utf-8", "surrogatepass"))
    if case.step == "parse":
        from paper_tui.digest import parse_bytes

        data = text.encode("utf-8")

        def call() -> object:
            return parse_bytes(data, "2025-02-24.md")

        for warm in (HF_DAILY, NUMBERED, LINK_LAST, TABLE):  # imports, compiled patterns
            parse_bytes(warm.read_bytes(), warm.name)
    else:
        from paper_tui.ui.markdown_text import render_markdown

        def call() -> object:
            return render_markdown(text)

        render_markdown("**warm** `up` [a](https://a) _b_")

    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    papers = -1
    if isinstance(result, tuple):
        papers = sum(len(digest.papers) for digest in result)
    return {"seconds": seconds, "peak": peak, "size": size, "papers": papers}


def in_child(name: str, memory: bool, timeout: float) -> dict[str, float] | None:
    """`run_case` in a fresh process; None when it took longer than `timeout`."""
    command = [sys.executable, __file__, "--child", name] + (["--memory"] if memory else [])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--only", default="", help="comma-separated parts of case names")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    by_name = {case.name: case for case in CASES}
    if options.child:
        print(json.dumps(run_case(by_name[options.child], options.memory)))
        return
    wanted = [part for part in options.only.split(",") if part]
    print(f"code: {CODE}  (median of {options.runs} runs, timeout {options.timeout:g} s)")
    print(f"{'input':28} {'step':6} {'size':>9} {'time':>9} {'peak':>9} {'peak/size':>9} papers")
    for case in CASES:
        if wanted and not any(part in case.name for part in wanted):
            continue
        times: list[float] = []
        result: dict[str, float] | None = None
        for _ in range(options.runs):
            result = in_child(case.name, False, options.timeout)
            if result is None:
                break
            times.append(result["seconds"])
        if result is None:
            print(f"{case.name:28} {case.step:6} {'':>9} {'>' + format(options.timeout, 'g'):>8}s")
            continue
        memory = in_child(case.name, True, options.timeout * 4)
        peak = f"{memory['peak'] / 1e6:8.1f}M" if memory else "  TIMEOUT"
        ratio = f"{memory['peak'] / memory['size']:8.1f}x" if memory else ""
        papers = "" if result["papers"] < 0 else str(int(result["papers"]))
        print(
            f"{case.name:28} {case.step:6} {result['size'] / 1e3:8.0f}K "
            f"{statistics.median(times):8.3f}s {peak:>9} {ratio:>9} {papers}",
            flush=True,
        )


if __name__ == "__main__":
    main()
