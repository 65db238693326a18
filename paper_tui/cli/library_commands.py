"""The CLI's storage subcommands: `paths`, `add`, `library`, `remove`, `restore`.

They look after where digests are kept; `entry` calls `register` to add
them. Output follows the CLI's rules: results on
stdout, problems as `paper-tui: WHAT: reason` on stderr, exit 1 if any.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from paper_tui.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, plural, seconds
from paper_tui.store import paths
from paper_tui.text import printable


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def command_paths(args: argparse.Namespace) -> int:
    """Where everything lives: library, trash, parse cache, reading state, sync
    state, config file and debug log."""
    for name, location in paths.all_paths().items():
        print(f"{name}\t{printable(str(location))}")
    return EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    """Copy digests (files, folders, -, http(s) URLs) into the library."""
    from paper_tui.library import add_to_library

    report = add_to_library(
        args.sources,
        force=args.force,
        follow_redirects=args.follow_redirects,
        timeout=args.timeout,
    )
    for outcome in report.outcomes:
        if outcome.status == "refused":
            error(f"{outcome.source}: {outcome.reason}")
        else:
            where = f"\t{printable(str(outcome.target))}" if outcome.target else ""
            source, reason = printable(outcome.source), printable(outcome.reason)
            print(f"{outcome.status}\t{source}\t{reason}{where}")
    print(report.summary())
    return EXIT_FAILED if report.refused else EXIT_OK


def command_library(args: argparse.Namespace) -> int:
    """One line per saved digest: day, papers, size, file; then the totals."""
    from paper_tui.library import library_entries, relative
    from paper_tui.store import ParseCache

    with ParseCache.open() as cache:
        listing = library_entries(cache=cache)
    for warning in cache.warnings:
        error(f"cache: {warning}")
    for failure in listing.errors:
        error(str(failure))
    library = paths.library_dir()
    for entry in listing.entries:
        day = entry.day.isoformat() if entry.day else "undated"
        name = printable(relative(entry.path, library))
        print(f"{day}\t{plural(entry.papers, 'paper')}\t{_size(entry.size)}\t{name}")
    days = len({entry.day for entry in listing.entries})
    papers = sum(entry.papers for entry in listing.entries)
    total = sum(entry.size for entry in listing.entries)
    summary = f"{plural(days, 'day')}, {plural(papers, 'paper')}, {_size(total)}"
    print(f"{summary} in {printable(str(library))}")
    return EXIT_FAILED if listing.errors else EXIT_OK


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _items(texts: list[str]) -> list[tuple[str, list[date | str]]] | None:
    """Each argument with what it names: a day (`YYYY-MM-DD`), the days of a month
    (`YYYY-MM`), or a library path (`undated/notes.md`); None after saying which
    argument is none of these."""
    from paper_tui.library import month_days

    items: list[tuple[str, list[date | str]]] = []
    for text in texts:
        try:
            items.append((text, [date.fromisoformat(text)]))
            continue
        except ValueError:
            pass
        month = _MONTH.match(text)
        if month and 1 <= int(month.group(2)) <= 12:
            items.append((text, list(month_days(int(month.group(1)), int(month.group(2))))))
        elif "/" in text or text.endswith(".md"):
            items.append((text, [text]))
        else:
            error(
                f"{printable(text)}: not a day (YYYY-MM-DD), a month (YYYY-MM) "
                "nor a path in the library"
            )
            return None
    return items


def _moved(
    move: Callable[[list[date | str]], list[Any]], items: list[tuple[str, list[date | str]]]
) -> tuple[list[Any], bool]:
    """The outcomes of moving each item's days or file; a month counts as missing only
    when none of its days was there (its empty days are not news)."""
    outcomes: list[Any] = []
    failed = False
    for text, named in items:
        moved = move(named)
        found = [outcome for outcome in moved if outcome.source is not None]
        if len(named) > 1 and not found:
            error(f"{printable(text)}: no digest of that month is there")
            failed = True
        outcomes.extend(found if len(named) > 1 else moved)
    return outcomes, failed


def command_remove(args: argparse.Namespace) -> int:
    """Move the digests of some days, or some files, to the trash (`restore` brings them back)."""
    from paper_tui.library import remove
    from paper_tui.store import ParseCache

    items = _items(args.items)
    if items is None:
        return EXIT_USAGE
    outcomes, failed = _moved(remove, items)
    for outcome in outcomes:
        if outcome.target is None:
            failed = True
            error(f"{outcome.item}: {outcome.reason}")
        else:
            item, source = printable(outcome.item), printable(str(outcome.source))
            print(f"removed\t{item}\t{source}\t-> {printable(str(outcome.target))}")
    with ParseCache.open() as cache:
        cache.prune()  # the removed files' parses are no use now
    for warning in cache.warnings:
        error(f"cache: {warning}")
    return EXIT_FAILED if failed else EXIT_OK


def command_restore(args: argparse.Namespace) -> int:
    """Bring removed days or files back from the trash (never overwriting)."""
    from paper_tui.library import restore

    items = _items(args.items)
    if items is None:
        return EXIT_USAGE
    outcomes, failed = _moved(restore, items)
    for outcome in outcomes:
        if outcome.target is None:
            failed = True
            error(f"{outcome.item}: {outcome.reason}")
        else:
            note = f"\t({printable(outcome.reason)})" if outcome.reason else ""
            item, target = printable(outcome.item), printable(str(outcome.target))
            print(f"restored\t{item}\t{target}{note}")
    return EXIT_FAILED if failed else EXIT_OK


def command_trash(args: argparse.Namespace) -> int:
    """What is in the trash: one line per file (its path there, its size)."""
    from paper_tui.library import trashed_files

    trash = paths.trash_dir()
    files = trashed_files(trash)
    total = 0
    for path in files:
        size = path.lstat().st_size
        total += size
        print(f"{printable(str(path.relative_to(trash)))}\t{_size(size)}")
    print(f"{plural(len(files), 'file')}, {_size(total)} in {printable(str(trash))}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the storage subcommands to the CLI's subparsers."""
    where = sub.add_parser(
        "paths", help="where the library, cache, state, config and logs are kept"
    )
    where.set_defaults(handler=command_paths)

    add = sub.add_parser("add", help="save digests (files, folders, -, URLs) to the library")
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, - or URL")
    add.add_argument("--force", action="store_true", help="also add digests with no papers")
    add.add_argument(
        "--follow-redirects",
        action="store_true",
        help="download from another host, port or scheme when a URL redirects there "
        "(the report names it)",
    )
    add.add_argument(
        "--timeout",
        type=seconds,
        default=20.0,
        metavar="SECONDS",
        help="the deadline of each URL's download, the host's look-up included (default 20)",
    )
    add.set_defaults(handler=command_add)

    listing = sub.add_parser("library", help="list the saved digests: day, papers, size")
    listing.set_defaults(handler=command_library)

    remove = sub.add_parser("remove", help="move saved digests (days or files) to the trash")
    remove.add_argument(
        "items",
        nargs="+",
        metavar="DAY|MONTH|PATH",
        help="YYYY-MM-DD, YYYY-MM, or a path in the library",
    )
    remove.set_defaults(handler=command_remove)

    restore = sub.add_parser("restore", help="bring removed days or files back from the trash")
    restore.add_argument(
        "items",
        nargs="+",
        metavar="DAY|MONTH|PATH",
        help="YYYY-MM-DD, YYYY-MM, or a path in the trash",
    )
    restore.set_defaults(handler=command_restore)

    trash = sub.add_parser("trash", help="list what remove moved to the trash")
    trash.set_defaults(handler=command_trash)
