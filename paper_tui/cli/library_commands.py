"""The CLI's storage subcommands: `paths`, `add`, `library`, `remove`, `restore`.

They look after where digests are kept; `entry` calls `register` to add
them. Output follows the CLI's rules: results on
stdout, problems as `paper-tui: WHAT: reason` on stderr, exit 1 if any.
"""

from __future__ import annotations

import argparse
from datetime import date

from paper_tui.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from paper_tui.store import paths
from paper_tui.text import printable


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def command_paths(args: argparse.Namespace) -> int:
    """Where the library, trash, parse cache and reading state live."""
    for name, location in paths.all_paths().items():
        print(f"{name}\t{printable(str(location))}")
    return EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    """Copy digests (files, folders, -, http(s) URLs) into the library."""
    from paper_tui.library import add_to_library

    report = add_to_library(args.sources, force=args.force, follow_redirects=args.follow_redirects)
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
        print(f"{day}\t{entry.papers} papers\t{_size(entry.size)}\t{name}")
    days = len({entry.day for entry in listing.entries})
    papers = sum(entry.papers for entry in listing.entries)
    total = sum(entry.size for entry in listing.entries)
    print(f"{days} days, {papers} papers, {_size(total)} in {printable(str(library))}")
    return EXIT_FAILED if listing.errors else EXIT_OK


def _items(texts: list[str]) -> list[date | str] | None:
    """Days (`YYYY-MM-DD`) and library paths (`undated/notes.md`); None after
    saying which argument is neither."""
    items: list[date | str] = []
    for text in texts:
        try:
            items.append(date.fromisoformat(text))
            continue
        except ValueError:
            pass
        if "/" in text or text.endswith(".md"):
            items.append(text)
        else:
            error(f"{text}: not a date (YYYY-MM-DD) nor a path in the library")
            return None
    return items


def command_remove(args: argparse.Namespace) -> int:
    """Move the digests of some days, or some files, to the trash (`restore` brings them back)."""
    from paper_tui.library import remove
    from paper_tui.store import ParseCache

    items = _items(args.items)
    if items is None:
        return EXIT_USAGE
    failed = False
    for outcome in remove(items):
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
    failed = False
    for outcome in restore(items):
        if outcome.target is None:
            failed = True
            error(f"{outcome.item}: {outcome.reason}")
        else:
            note = f"\t({printable(outcome.reason)})" if outcome.reason else ""
            item, target = printable(outcome.item), printable(str(outcome.target))
            print(f"restored\t{item}\t{target}{note}")
    return EXIT_FAILED if failed else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the storage subcommands to the CLI's subparsers."""
    where = sub.add_parser("paths", help="where the library, cache and reading state are kept")
    where.set_defaults(handler=command_paths)

    add = sub.add_parser("add", help="save digests (files, folders, -, URLs) to the library")
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, - or URL")
    add.add_argument("--force", action="store_true", help="also add digests with no papers")
    add.add_argument(
        "--follow-redirects",
        action="store_true",
        help="download from another host when a URL redirects there (the report names it)",
    )
    add.set_defaults(handler=command_add)

    listing = sub.add_parser("library", help="list the saved digests: day, papers, size")
    listing.set_defaults(handler=command_library)

    remove = sub.add_parser("remove", help="move saved digests (days or files) to the trash")
    remove.add_argument(
        "items", nargs="+", metavar="DATE|PATH", help="YYYY-MM-DD, or a path in the library"
    )
    remove.set_defaults(handler=command_remove)

    restore = sub.add_parser("restore", help="bring removed days or files back from the trash")
    restore.add_argument(
        "items", nargs="+", metavar="DATE|PATH", help="YYYY-MM-DD, or a path in the library"
    )
    restore.set_defaults(handler=command_restore)
