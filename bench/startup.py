"""Startup and responsiveness of the reader, against a bare Textual app.

From process start to first paint, to "all loaded" and to "searchable" (the
search index ready, so a query is answered at once), in a headless child
process, for the bundled sample, a year (365 digests, ~9k papers) and ten
years (3,650 digests, ~90k papers), with the parse cache cold (a fresh
PAPER_TUI_HOME) and warm. A bare Textual app's first paint is measured in
the same run as the yardstick. Then, in-process at 90k papers: a cursor move,
replacing the list after a filter, sorting, and a key press until the detail
shows the new paper. Figures are medians of 5 runs (the cold ten-year load,
~30 s on two cores, runs once by default so the whole script stays under
five minutes; `--decade-cold-runs 5` for the full median).

`--pty`: the first screen in a real terminal (not headless): from process start
until the first paper titles are painted, read off a pseudo-terminal of fixed
size and TERM (stdlib `pty`), for the bundled sample and a 1,413-entry listing
file, side by side with a bare Textual app showing one line, in the same run
(medians of `--runs`, default 7 there): "first run" with a fresh home (no parse
cache, no state), "warm" on a primed one. Bytecode is written as a real install
does (PYTHONDONTWRITEBYTECODE is dropped for the children).

    python bench/startup.py [--runs 5] [--decade-cold-runs 1] [--skip-decade]
    python bench/startup.py --pty [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHILD_TIMEOUT = 600

if TYPE_CHECKING:
    from paper_tui.model import Paper


# -- the child: one headless start, timed ------------------------------------


def child(kind: str, paths: list[str]) -> None:
    """Run one app headless; print seconds since BENCH_T0 at first paint and when loaded."""
    started = float(os.environ["BENCH_T0"])
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.time() - started)
        # CPU seconds of this process since it started: immune to other processes' load.
        marks.setdefault(f"{name}_cpu", time.process_time())

    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Static

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("hello")
                yield Footer()

            def on_mount(self) -> None:
                self.call_after_refresh(self._painted)

            def _painted(self) -> None:
                mark("first_paint")
                mark("rows")
                mark("loaded")
                mark("first_hits")
                mark("searchable")
                mark("first_search")
                self.exit()

        Bare().run(headless=True, size=(120, 40))
    else:
        from paper_tui.ui.app import PaperTuiApp
        from paper_tui.ui.screens.reader import ReaderScreen

        class Timed(PaperTuiApp):
            def on_mount(self) -> None:
                self.call_after_refresh(lambda: mark("first_paint"))
                self.set_interval(0.002, self._check)

            def _check(self) -> None:
                screen = self.screen
                if isinstance(screen, ReaderScreen) and screen.papers and "rows_seen" not in marks:
                    marks["rows_seen"] = 0.0  # the newest day of a long load, or all of it
                    self.call_after_refresh(lambda: mark("rows"))
                if not isinstance(screen, ReaderScreen) or not screen.loaded:
                    return
                if "loaded_seen" not in marks:
                    marks["loaded_seen"] = 0.0
                    self.call_after_refresh(lambda: mark("loaded"))
                growing = screen.searchers.growing_for(screen.papers)
                if growing is not None and growing.indexed and "loaded" in marks:
                    mark("first_hits")  # a search answers from the papers indexed so far
                searcher = screen.searchers.current
                if searcher is not None and searcher.papers is screen.papers and "loaded" in marks:
                    mark("first_hits")
                    mark("searchable")
                    searcher.search("diffusion")  # the first query over the whole library
                    mark("first_search")
                    self.exit()

        Timed(paths, blink=False).run(headless=True, size=(120, 40))
    import resource

    wanted = ("first_paint", "rows", "loaded", "first_hits", "searchable", "first_search")
    figures = {name: marks[name] for name in (*wanted, "first_paint_cpu")}
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def start_once(kind: str, paths: list[str], home: Path, attempts: int = 2) -> dict[str, float]:
    """Spawn one child and return its marks (seconds from the spawn); retry a failure once."""
    environment = dict(os.environ, PAPER_TUI_HOME=str(home), BENCH_T0=repr(time.time()))
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, *paths],
        env=environment,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        print(f"child failed ({kind} {paths}):\n{tail}", file=sys.stderr)
        if attempts <= 1:
            raise SystemExit(1)
        return start_once(kind, paths, home, attempts - 1)
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# -- the parent ----------------------------------------------------------------


def median_of(runs: int, once: Callable[[], dict[str, float]]) -> dict[str, float]:
    samples = [once() for _ in range(runs)]
    return {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}


def measure_starts(
    label: str, paths: list[str], runs: int, cold_runs: int, scratch: Path
) -> list[tuple[str, dict[str, float]]]:
    """Cold (a new home each run: nothing cached) and warm (the same, primed home)."""
    counter = iter(range(10_000))

    def paired(marks: dict[str, float]) -> dict[str, float]:
        """Add a bare app's first paint measured right after, under the same machine load."""
        bare = start_once("bare", [], scratch / "bare-home")
        return {**marks, "bare": bare["first_paint"], "bare_cpu": bare["first_paint_cpu"]}
        # (each child has its own PAPER_TUI_HOME: nothing is written to the user's folders)

    def cold() -> dict[str, float]:
        return paired(start_once("app", paths, scratch / f"cold-{label}-{next(counter)}"))

    warm_home = scratch / f"warm-{label}"
    start_once("app", paths, warm_home)  # prime the parse cache

    def warm() -> dict[str, float]:
        return paired(start_once("app", paths, warm_home))

    return [
        (f"{label}, cold cache", median_of(cold_runs, cold)),
        (f"{label}, warm cache", median_of(runs, warm)),
    ]


BARE_TEXT = "bare Textual app, one line"


def bare_app() -> None:
    """A bare Textual app showing one line (the pty yardstick)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(BARE_TEXT)

    Bare().run()


PTY_SIZE = (40, 120)
PTY_TIMEOUT = 30.0


def pty_seconds(argv: list[str], needle: str, home: Path) -> float:
    """Seconds from spawning `argv` on a pseudo-terminal until `needle` is in what it
    draws (the process is killed then); inf when it never shows within PTY_TIMEOUT."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment.update(TERM="xterm-256color", COLORTERM="truecolor", PAPER_TUI_HOME=str(home))
    environment.pop("TEXTUAL", None)
    wanted = needle.encode()
    began = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:  # the child: a terminal of a fixed size, then the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *PTY_SIZE, 0, 0))
        os.execve(argv[0], argv, environment)
    seen = b""
    found = float("inf")
    try:
        while time.perf_counter() - began < PTY_TIMEOUT:
            ready, _, _ = select.select([terminal], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(terminal, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            seen = seen[-4096:] + chunk
            if wanted in seen:
                found = time.perf_counter() - began
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(terminal)
    return found


def first_title(path: Path) -> str:
    """The start of the first title the list shows for `path` (digest order)."""
    from paper_tui.library import load
    from paper_tui.text import title_for_display

    title = title_for_display(load([str(path)]).papers[0].title)
    return title[:14]


def measure_first_screen(runs: int) -> None:
    """The pty figures: bare app, sample and listing file, first run and warm."""
    from listings import write_listing_file

    from paper_tui.library.loading import sample_digest_path

    app = [sys.executable, "-m", "paper_tui"]
    bare = [sys.executable, __file__, "--bare-app"]
    with tempfile.TemporaryDirectory(prefix="paper-tui-pty-") as folder:
        scratch = Path(folder)
        listing = scratch / "2024-12-24" / "cs.CL.md"
        write_listing_file(listing, 1413)
        cases = {
            "sample": (str(sample_digest_path()), first_title(sample_digest_path())),
            "1,413-entry listing": (str(listing), first_title(listing)),
        }
        samples: dict[str, list[float]] = {}

        def add(label: str, seconds: float) -> None:
            samples.setdefault(label, []).append(seconds)

        pty_seconds(bare, BARE_TEXT, scratch / "bare")  # the OS caches warm for all
        for run in range(runs):
            add("bare", pty_seconds(bare, BARE_TEXT, scratch / "bare"))
            for label, (path, needle) in cases.items():
                fresh = scratch / f"first-{label}-{run}"
                add(f"{label}, first run", pty_seconds([*app, path], needle, fresh))
                add(f"{label}, warm", pty_seconds([*app, path], needle, fresh))
        bare_median = statistics.median(samples["bare"])
        print(f"\nFirst titles painted in a pty {PTY_SIZE[1]}x{PTY_SIZE[0]}, seconds from spawn")
        print(f"(median of {runs}, interleaved in one run; 'vs bare': over the bare app's median)")
        for label, values in samples.items():
            median = statistics.median(values)
            print(
                f"  {label:32} {median:7.3f} s  {median / bare_median:5.2f}x"
                f"   (min {min(values):.3f}, max {max(values):.3f})"
            )


async def measure_interaction(
    count: int, runs: int, given: Sequence[Paper] | None = None
) -> list[tuple[str, float]]:
    """In-process figures at `count` generated papers, or at the papers `given`
    (milliseconds)."""
    from corpus import generate_papers

    from paper_tui.model import Digest, LoadResult
    from paper_tui.ui.app import PaperTuiApp
    from paper_tui.ui.ordering import SortOrder, sort_rows
    from paper_tui.ui.screens.reader import ReaderScreen
    from paper_tui.ui.widgets.paper_detail import render_paper

    papers = tuple(given) if given is not None else tuple(generate_papers(count))
    count = len(papers)
    result = LoadResult(digests=(Digest(None, "bench", papers),))
    app = PaperTuiApp(["bench"], loader=lambda progress: result, blink=False)
    figures: list[tuple[str, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        while not screen.loaded:
            await pilot.pause(0.01)
        paper_list = screen.paper_list
        height = paper_list.scrollable_content_region.height

        def draw() -> None:
            for y in range(height):
                paper_list.render_line(y)

        def timed(action: Callable[[], object]) -> float:
            samples = []
            for _ in range(runs):
                begin = time.perf_counter()
                action()
                samples.append((time.perf_counter() - begin) * 1000)
            return statistics.median(samples)

        paper_list.move_cursor(count // 2)
        figures.append(
            (
                "cursor move + redraw of visible rows",
                timed(lambda: (paper_list.action_cursor_down(), draw())),
            )
        )
        figures.append(
            ("page down + redraw", timed(lambda: (paper_list.action_page_down(), draw())))
        )
        begin = time.perf_counter()
        searcher = await asyncio.to_thread(screen.searcher)
        figures.append(("search index build (worker, once)", (time.perf_counter() - begin) * 1000))
        outcome = searcher.search("diffusion")
        figures.append(("search 'diffusion' (worker)", timed(lambda: searcher.search("diffusion"))))
        figures.append(
            (
                f"  list replaced by {len(outcome.rows):,} hits + redraw",
                timed(lambda: (paper_list.set_rows(outcome.rows, outcome.matches), draw())),
            )
        )
        narrow = searcher.search("diffusion robot")
        figures.append(
            (
                f"  list replaced by {len(narrow.rows):,} hits + redraw",
                timed(lambda: (paper_list.set_rows(narrow.rows, narrow.matches), draw())),
            )
        )
        figures.append(
            (
                "  list back to all papers + redraw",
                timed(lambda: (paper_list.set_rows(range(count)), draw())),
            )
        )
        figures.append(
            (
                "sort by votes (worker)",
                timed(lambda: sort_rows(papers, range(count), SortOrder.VOTES)),
            )
        )
        figures.append(
            (
                "render one paper's detail text (uncached)",
                timed(lambda: render_paper.__wrapped__(papers[7])),
            )
        )
        await pilot.pause(0.2)
        samples = []
        for _ in range(runs):
            begin = time.perf_counter()
            paper_list.action_cursor_down()
            while screen.detail.paper is not screen.highlighted:
                await asyncio.sleep(0.001)
            samples.append((time.perf_counter() - begin) * 1000)
            await pilot.pause(0.05)
        figures.append(
            ("`j` until the detail shows it (30 ms throttle)", statistics.median(samples))
        )
        samples = []
        for _ in range(runs * 4):
            begin = time.perf_counter()
            paper_list.action_cursor_down()
            app.screen._compositor.render_update(full=True)
            samples.append((time.perf_counter() - begin) * 1000)
        figures.append(
            ("`j` + full-screen composite (worst-case frame)", statistics.median(samples))
        )
    return figures


def measure_all_starts(args: argparse.Namespace) -> list[tuple[str, dict[str, float]]]:
    """The bare app first, then the reader on the sample, a year and ten years."""
    from corpus import write_corpus

    from paper_tui.library.loading import sample_digest_path

    with tempfile.TemporaryDirectory(prefix="paper-tui-bench-") as folder:
        scratch = Path(folder)
        bare = median_of(args.runs, lambda: start_once("bare", [], scratch / "bare-home"))
        rows: list[tuple[str, dict[str, float]]] = [("bare Textual app", bare)]
        rows += measure_starts("sample", [str(sample_digest_path())], args.runs, args.runs, scratch)
        write_corpus(scratch / "year", 365)
        year = [str(scratch / "year")]
        rows += measure_starts("year (365 digests)", year, args.runs, args.runs, scratch)
        if not args.skip_decade:
            write_corpus(scratch / "decade", 3650)
            decade = [str(scratch / "decade")]
            label = "ten years (3,650 digests)"
            rows += measure_starts(label, decade, args.runs, args.decade_cold_runs, scratch)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--decade-cold-runs", type=int, default=1)
    parser.add_argument("--skip-decade", action="store_true")
    parser.add_argument("--only-interaction", action="store_true", help="just the 90k figures")
    parser.add_argument("--pty", action="store_true", help="the first screen in a real pty")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--bare-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return
    if args.bare_app:
        bare_app()
        return
    if args.pty:
        measure_first_screen(args.runs if "--runs" in sys.argv else 7)
        return

    began = time.perf_counter()
    rows: list[tuple[str, dict[str, float]]] = []
    if not args.only_interaction:
        rows = measure_all_starts(args)
    # The in-process app opens the reading state (and may save a position): a
    # throwaway home keeps the user's real state, cache and library untouched.
    with tempfile.TemporaryDirectory(prefix="paper-tui-bench-home-") as home:
        os.environ["PAPER_TUI_HOME"] = home
        interaction = asyncio.run(measure_interaction(90_000, args.runs))

    if rows:
        bare = rows[0][1]
        print(f"\nStartup, seconds from process start (median of {args.runs}; headless, 120x40)")
        print("('vs bare': against a bare app started right after each run, same machine load)")
        print("('cpu': CPU seconds the process used until its first paint, and the same ratio)")
        print("('first hits': a search answers from the papers indexed so far; 'searchable': all)")
        header = ("first paint", "vs bare", "cpu", "vs bare", "all loaded", "first hits")
        print(
            f"{'':38} {header[0]:>11} {header[1]:>8} {header[2]:>6} {header[3]:>8}"
            f" {header[4]:>11} {header[5]:>11} {'searchable':>11} {'vs bare':>8}"
        )
        for label, marks in rows:
            bare_paint = marks.get("bare", bare["first_paint"])
            ratio = marks["first_paint"] / bare_paint
            cpu = marks["first_paint_cpu"]
            cpu_ratio = cpu / marks.get("bare_cpu", bare["first_paint_cpu"])
            print(
                f"{label:38} {marks['first_paint']:11.3f} {ratio:7.2f}x {cpu:6.3f}"
                f" {cpu_ratio:7.2f}x {marks['loaded']:11.3f} {marks['first_hits']:11.3f}"
                f" {marks['searchable']:11.3f}"
                f" {marks['searchable'] / bare_paint:7.1f}x"
            )
    print(f"\nAt 90,000 papers, milliseconds (median of {args.runs})")
    for label, value in interaction:
        print(f"{label:52} {value:9.2f}")
    print(f"\n(benchmark took {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
