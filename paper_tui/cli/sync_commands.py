"""The CLI's daily-flow subcommands: `sync` and `sources add|list|remove`.

`sync` prints one line per file added and a summary on stdout, one line per
failure (naming the URL) on stderr, a progress bar on stderr when it is a
terminal, and exits 1 when any day failed (the days that came are kept).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TextIO

from paper_tui.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, error, seconds
from paper_tui.text import printable

if TYPE_CHECKING:
    from paper_tui.store import SyncState

_BAR_WIDTH = 24


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text}") from None


def progress_bar(stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A progress bar on stderr (redrawn in place), or None when stderr is not a terminal."""
    target = sys.stderr if stream is None else stream
    if not target.isatty():
        return None

    def draw(done: int, total: int) -> None:
        filled = _BAR_WIDTH * done // total if total else _BAR_WIDTH
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        print(f"\rsync [{bar}] {done}/{total}", end="", file=target, flush=True)

    return draw


def command_sync(args: argparse.Namespace) -> int:
    """Pull every missing day of the sources (or of one template) into the library."""
    from paper_tui.library import (
        NO_SOURCES_HINT,
        redacted,
        sync_all,
        sync_sources,
        template_problem,
    )
    from paper_tui.store import Source

    if args.since and args.until and args.until < args.since:
        raise UsageError(f"--until {args.until} is before --since {args.since}")
    bar = progress_bar()
    options = {"since": args.since, "until": args.until, "timeout": args.timeout}
    if args.template:
        problem = template_problem(args.template)
        if problem is not None:
            error(f"{redacted(args.template)}: {problem}")
            return EXIT_USAGE
        source = Source(redacted(args.template), args.template)
        report = sync_sources([source], progress=bar, **options)
    else:
        report = sync_all(progress=bar, **options)
    if bar is not None:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    for warning in report.warnings:
        error(warning)
    if not args.template and any(NO_SOURCES_HINT in warning for warning in report.warnings):
        return EXIT_USAGE
    for item in report.failed:
        error(f"{item.what}: {item.reason}")
    for item in report.added:
        day = item.day.isoformat() if item.day else "-"
        target = printable(str(item.target)) if item.target else ""
        print(f"added\t{day}\t{printable(item.what)}\t{printable(item.reason)}\t{target}")
    print(f"{report.summary()} in {report.seconds:.1f} s")
    return EXIT_FAILED if report.failed else EXIT_OK


def command_sources_add(args: argparse.Namespace) -> int:
    """Keep a source (a URL template or a folder) in the config file."""
    from paper_tui.library import add_source, redacted

    added = add_source(args.name, args.template)
    if isinstance(added, str):
        error(f"{args.name}: {added}")
        return EXIT_FAILED
    print(f"added\t{printable(added.name)}\t{printable(redacted(added.template))}")
    return EXIT_OK


def command_sources_list(args: argparse.Namespace) -> int:
    """One line per source: name, template, what its syncs did (the last day synced
    of a URL source, the files of a folder source, when the last sync ran)."""
    from paper_tui.library import redacted
    from paper_tui.store import SyncState, SyncStateError, load_settings

    settings = load_settings()
    for problem in settings.problems:
        if "sources" in problem:
            error(problem)
    try:
        state: SyncState | None = SyncState.open()
    except SyncStateError as failure:
        error(str(failure))
        state = None
    try:
        for source in settings.sources:
            synced = "never synced" if state is None else _synced(state, source.template)
            name, template = printable(source.name), printable(redacted(source.template))
            print(f"{name}\t{template}\t{synced}")
    except SyncStateError as failure:
        error(str(failure))
        return EXIT_FAILED
    finally:
        if state is not None:
            state.close()
    if not settings.sources:
        print("no sources (paper-tui sources add NAME TEMPLATE)")
    return EXIT_OK


def _synced(state: SyncState, template: str) -> str:
    """What the bookkeeping says of a source: "synced through 2025-02-19; last sync
    2026-12-03 00:41 (2 added, 1 failed)"; a folder: "12 files synced, newest day
    2025-02-19; last sync ..."; "never synced" when nothing is remembered."""
    from paper_tui.digest import date_from_path
    from paper_tui.library import is_folder_source, source_key

    key = source_key(template)
    parts = []
    if is_folder_source(template):
        files = state.files_under(key)
        if files:
            count = f"{len(files):,} {'file' if len(files) == 1 else 'files'} synced"
            newest = max(filter(None, (date_from_path(name) for name in files)), default=None)
            parts.append(f"{count}, newest day {newest}" if newest else count)
    else:
        last = state.synced_through(template)
        if last is not None:
            parts.append(f"synced through {last.isoformat()}")
    run = state.last_run(key)
    if run is not None:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.finished))
        done = f"{run.added} added" + (f", {run.failed} failed" if run.failed else "")
        parts.append(f"last sync {when} ({done})")
    return "; ".join(parts) if parts else "never synced"


def command_sources_remove(args: argparse.Namespace) -> int:
    """Take a source out of the config file (the library keeps what it brought)."""
    from paper_tui.library import remove_source

    removed = remove_source(args.name)
    if isinstance(removed, str):
        error(removed)
        return EXIT_FAILED
    print(f"removed\t{printable(removed.name)}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sync` and `sources` to the CLI's subparsers."""
    sync = sub.add_parser(
        "sync",
        help="download every missing day of the sources into the library",
        description="Without TEMPLATE: every source of the config file, each from the day "
        "after its last synced day (the last 7 days the first time); a folder: its new and "
        "changed files, of the days --since/--until give if given. TEMPLATE is a URL "
        "with {yyyy} {mm} {dd} {date} fields, or a folder. Exit 1 when any day failed.",
    )
    sync.add_argument("template", nargs="?", metavar="TEMPLATE", help="URL template or folder")
    sync.add_argument(
        "--since", type=_day, metavar="DAY", help="first day (YYYY-MM-DD); a folder's too"
    )
    sync.add_argument(
        "--until", type=_day, metavar="DAY", help="last day (default: today; a folder's: open)"
    )
    sync.add_argument(
        "--timeout",
        type=seconds,
        default=20.0,
        metavar="SECONDS",
        help="the deadline of each request (default 20)",
    )
    sync.set_defaults(handler=command_sync)

    sources = sub.add_parser("sources", help="the digest sources sync pulls from")
    actions = sources.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="keep a source: a URL template or a folder")
    add.add_argument("name", metavar="NAME")
    add.add_argument("template", metavar="TEMPLATE", help="URL with {date} etc., or a folder")
    add.set_defaults(handler=command_sources_add)
    listing = actions.add_parser("list", help="the sources and the last day each synced")
    listing.set_defaults(handler=command_sources_list)
    remove = actions.add_parser("remove", help="forget a source (its digests stay)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=command_sources_remove)
