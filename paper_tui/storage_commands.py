"""The CLI's storage subcommands: `paths`, `add`, `library`, `remove`, `restore`.

Kept apart from `cli.py` so the shared entry point stays small; `cli.py`
calls `register` to add them. Output follows the CLI's rules: results on
stdout, problems as `paper-tui: WHAT: reason` on stderr, exit 1 if any.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from paper_tui import paths

PROG = "paper-tui"
EXIT_OK = 0
EXIT_FAILED = 1


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def command_paths(args: argparse.Namespace) -> int:
    """Where the library, trash, parse cache and reading state live."""
    for name, location in paths.all_paths().items():
        print(f"{name}\t{location}")
    return EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    """Copy digests (files, folders, -, http(s) URLs) into the library."""
    from paper_tui.saved import add_to_library

    report = add_to_library(args.sources, force=args.force)
    for outcome in report.outcomes:
        if outcome.status == "refused":
            _error(f"{outcome.source}: {outcome.reason}")
        else:
            where = f"\t{outcome.target}" if outcome.target else ""
            print(f"{outcome.status}\t{outcome.source}\t{outcome.reason}{where}")
    print(report.summary())
    return EXIT_FAILED if report.refused else EXIT_OK


def command_library(args: argparse.Namespace) -> int:
    """One line per saved digest: day, papers, size, file; then the totals."""
    from paper_tui.cache import ParseCache
    from paper_tui.saved import library_entries

    with ParseCache.open() as cache:
        entries = library_entries(cache=cache)
        for warning in cache.warnings:
            _error(f"cache: {warning}")
    library = paths.library_dir()
    for entry in entries:
        day = entry.day.isoformat() if entry.day else "undated"
        try:
            name = str(entry.path.relative_to(library))
        except ValueError:
            name = str(entry.path)
        print(f"{day}\t{entry.papers} papers\t{_size(entry.size)}\t{name}")
    days = len({entry.day for entry in entries})
    papers = sum(entry.papers for entry in entries)
    total = sum(entry.size for entry in entries)
    print(f"{days} days, {papers} papers, {_size(total)} in {library}")
    return EXIT_OK


def _days(texts: Sequence[str]) -> list[date] | None:
    days = []
    for text in texts:
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            _error(f"{text}: not a date (YYYY-MM-DD)")
            return None
    return days


def command_remove(args: argparse.Namespace) -> int:
    """Move the digests of some days to the trash (recoverable with `restore`)."""
    from paper_tui.saved import remove_days

    days = _days(args.days)
    if days is None:
        return 2
    failed = False
    for outcome in remove_days(days):
        if outcome.target is None:
            failed = True
            _error(f"{outcome.day}: {outcome.reason}")
        else:
            print(f"removed\t{outcome.day}\t{outcome.source}\t-> {outcome.target}")
    from paper_tui.cache import ParseCache

    with ParseCache.open() as cache:
        cache.prune()  # the removed files' parses are no use now
    return EXIT_FAILED if failed else EXIT_OK


def command_restore(args: argparse.Namespace) -> int:
    """Bring removed days back from the trash (never overwriting)."""
    from paper_tui.saved import restore_days

    days = _days(args.days)
    if days is None:
        return 2
    failed = False
    for outcome in restore_days(days):
        if outcome.target is None:
            failed = True
            _error(f"{outcome.day}: {outcome.reason}")
        else:
            note = f"\t({outcome.reason})" if outcome.reason else ""
            print(f"restored\t{outcome.day}\t{outcome.target}{note}")
    return EXIT_FAILED if failed else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the storage subcommands to the CLI's subparsers."""
    where = sub.add_parser("paths", help="where the library, cache and reading state are kept")
    where.set_defaults(handler=command_paths)

    add = sub.add_parser("add", help="save digests (files, folders, -, URLs) to the library")
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, - or URL")
    add.add_argument("--force", action="store_true", help="also add digests with no papers")
    add.set_defaults(handler=command_add)

    listing = sub.add_parser("library", help="list the saved digests: day, papers, size")
    listing.set_defaults(handler=command_library)

    remove = sub.add_parser("remove", help="move saved digests of some days to the trash")
    remove.add_argument("days", nargs="+", metavar="DATE", help="YYYY-MM-DD")
    remove.set_defaults(handler=command_remove)

    restore = sub.add_parser("restore", help="bring removed days back from the trash")
    restore.add_argument("days", nargs="+", metavar="DATE", help="YYYY-MM-DD")
    restore.set_defaults(handler=command_restore)
