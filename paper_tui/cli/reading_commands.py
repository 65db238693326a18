"""The CLI's reading subcommands: `check`, `list`, `export`, `search`.

They read digests (given paths, or the saved library) and print what they
found; `entry` calls `register` to add them. Output follows the CLI's rules:
results on stdout, problems as `paper-tui: WHAT: reason` on stderr, exit 1 if any.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from paper_tui.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    error,
    plural,
    report_errors,
    write,
)
from paper_tui.model import LoadResult, Paper
from paper_tui.text import printable

if TYPE_CHECKING:
    from paper_tui.store import ReadingState


def _open_state() -> ReadingState | None:
    """The reading state, its warnings printed (a state moved aside is news);
    None, said in one line, when it cannot be opened."""
    from paper_tui.store import ReadingState, StateError

    try:
        state = ReadingState.open()
    except StateError as failure:
        error(str(failure))
        return None
    for warning in state.warnings:
        error(warning)
    return state


def _load(paths: Sequence[str]) -> LoadResult:
    from paper_tui.library import load

    return load(list(paths))


def command_check(args: argparse.Namespace) -> int:
    """Per file: the format it was read as, dates, papers, warnings and errors; exit 1
    when any file failed or has no papers (unless `--allow-empty`)."""
    from paper_tui.library import find_digest_files, parse_files, read_stdin

    files, errors = find_digest_files(args.paths)
    for failure in errors:
        print(f"{printable(failure.path)}\tERROR\t{printable(failure.reason)}")
    on_disk = [name for name in files if name != "-"]
    outcomes = dict(zip(on_disk, parse_files(on_disk), strict=True))
    failed = bool(errors)
    for name in files:
        outcome = read_stdin() if name == "-" else outcomes[name]
        if not isinstance(outcome, tuple):
            failed = True
            print(f"{printable(outcome.path)}\tERROR\t{printable(outcome.reason)}")
            continue
        dates = sorted({digest.date.isoformat() for digest in outcome if digest.date})
        papers = sum(len(digest.papers) for digest in outcome)
        warnings = [warning for digest in outcome for warning in digest.warnings]
        label = ",".join(dates) or "no date"
        formats = ",".join(dict.fromkeys(digest.format or "-" for digest in outcome)) or "-"
        counts = f"{plural(papers, 'paper')}\t{plural(len(warnings), 'warning')}"
        verdict = "OK"
        if papers == 0 and not args.allow_empty:
            verdict, failed = "EMPTY", True  # a digest with no papers is news
        print(f"{printable(name)}\t{verdict}\t{formats}\t{label}\t{counts}")
        for warning in warnings:
            print(f"  warning: line {warning.line}: {printable(warning.message)}")
    return EXIT_FAILED if failed else EXIT_OK


def command_list(args: argparse.Namespace) -> int:
    """One tab-separated line per paper: date, votes, arXiv id, title."""
    result = _load(args.paths)
    report_errors(result)
    lines = [_list_line(paper) for paper in result.papers]
    write("".join(lines))
    return EXIT_FAILED if result.errors else EXIT_OK


def _list_line(paper: Paper) -> str:
    day = paper.date.isoformat() if paper.date else "-"
    votes = "-" if paper.votes is None else str(paper.votes)
    return f"{day}\t{votes}\t{paper.arxiv_id}\t{paper.title}\n"


def command_export(args: argparse.Namespace) -> int:
    """Papers as JSON, CSV or BibTeX on stdout."""
    from paper_tui.export import export

    if args.paths:
        result = _load(args.paths)
    else:
        from paper_tui.library import load_library
        from paper_tui.store import ParseCache

        with ParseCache.open() as cache:
            result = load_library(cache=cache)
        for warning in cache.warnings:
            error(f"cache: {warning}")
    report_errors(result)
    papers = result.papers
    if args.starred or args.unread:
        opened = _open_state()
        if opened is None:
            return EXIT_FAILED
        with opened as state:
            papers = tuple(
                paper
                for paper in papers
                if (not args.starred or state.is_starred(paper.arxiv_id))
                and (not args.unread or not state.is_read(paper.arxiv_id))
            )
    write(export(papers, args.format))
    return EXIT_FAILED if result.errors else EXIT_OK


def command_search(args: argparse.Namespace) -> int:
    """Ranked matches of a query, with the app's engine and syntax."""
    from paper_tui.search import SearchIndex, parse, sort_order

    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    order = None if args.sort is None else sort_order(args.sort)
    if args.sort is not None and order is None:
        raise UsageError("--sort must be votes, date, title or relevance (-date reverses)")
    if args.paths:
        result = _load(args.paths)
    else:
        from paper_tui.library import load_library
        from paper_tui.store import ParseCache

        with ParseCache.open() as cache:
            result = load_library(cache=cache)
    report_errors(result)
    papers = result.papers
    index = SearchIndex.build(papers)
    if parse(args.query).needs_reading_state:
        opened = _open_state()
        if opened is None:
            return EXIT_FAILED
        with opened as state:
            found = index.search(
                args.query, state=state, limit=args.limit, sort=order, mutes=state.mutes()
            )
    else:
        from paper_tui.store import saved_mutes

        found = index.search(args.query, limit=args.limit, sort=order, mutes=saved_mutes())
    for hint in found.hints:
        error(f"hint: {hint}")
    if found.muted:
        error(f"hint: {plural(found.muted, 'muted paper')} not shown (is:muted shows them)")
    hits = [(papers[hit.index], hit.score) for hit in found.hits]
    if args.json:
        from paper_tui.export import to_json

        write(to_json([paper for paper, _ in hits], [{"score": round(s, 3)} for _, s in hits]))
    else:
        write("".join(f"{score:.2f}\t{_list_line(paper)}" for paper, score in hits))
    return EXIT_FAILED if result.errors else EXIT_OK


def paths_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The digests to read: `PATH...` (`required`) or `[PATH...]`."""
    parser.add_argument(
        "paths",
        nargs="+" if required else "*",
        metavar="PATH",
        help="digest files, folders (searched recursively), or - for stdin",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the reading subcommands to the CLI's subparsers."""
    check = sub.add_parser(
        "check", help="check that digests parse; exit 1 if any fails or has no papers"
    )
    check.add_argument(
        "--allow-empty", action="store_true", help="a digest without papers is not a failure"
    )
    paths_argument(check)
    check.set_defaults(handler=command_check)

    listing = sub.add_parser("list", help="one tab-separated line per paper")
    paths_argument(listing)
    listing.set_defaults(handler=command_list)

    exporter = sub.add_parser("export", help="papers as json, csv or bibtex")
    exporter.add_argument("--format", "-f", choices=("json", "csv", "bibtex"), default="json")
    exporter.add_argument("--starred", action="store_true", help="only starred papers")
    exporter.add_argument("--unread", action="store_true", help="only papers not yet read")
    paths_argument(exporter, required=False)  # none: the saved library
    exporter.set_defaults(handler=command_export)
    searcher = sub.add_parser(
        "search",
        help="ranked matches of a query (the app's search syntax); tab-separated "
        "score, date, votes, id, title",
    )
    searcher.add_argument(
        "query",
        metavar="QUERY",
        help='e.g. "difusion a:kim date:2024-08"; may start with "-" (-is:read); '
        "--limit, --sort and --json may come anywhere",
    )
    searcher.add_argument("--limit", "-n", type=int, default=None, help="at most N results")
    searcher.add_argument("--json", action="store_true", help="export's JSON objects + score")
    searcher.add_argument(
        "--sort",
        metavar="KEY",
        default=None,
        help="votes, date, title or relevance, as sort:KEY in the query (-date reverses; "
        "this wins over the query's)",
    )
    paths_argument(searcher, required=False)  # none: the saved library
    searcher.set_defaults(handler=command_search)


_SEARCH_VALUE_OPTIONS = ("--limit", "-n")
_SEARCH_JOINED_OPTIONS = ("--sort",)
"""Options given as `--sort=VALUE` to argparse, since their value may start
with "-" (`--sort -date`)."""
_SEARCH_FLAGS = ("--json", "-h", "--help")


def search_arguments(arguments: Sequence[str]) -> list[str]:
    """`search`'s arguments with its options first, then `--`, the query and
    the paths: a query may start with "-" ("-is:read", "-survey"), which
    argparse would take for an option, and options may follow the paths
    (a `--` the user typed is only dropped)."""
    options: list[str] = []
    positionals: list[str] = []
    items = iter(arguments)
    for item in items:
        if item == "--":
            continue
        if item in _SEARCH_FLAGS or item.startswith(("--limit=", "--sort=")):
            options.append(item)
        elif item in _SEARCH_JOINED_OPTIONS:
            options.append(f"{item}={next(items, '')}")
        elif item in _SEARCH_VALUE_OPTIONS:
            options.extend([item, next(items, "")])
        elif item.startswith("-n") and item[2:].isdigit():
            options.append(item)
        else:
            positionals.append(item)
    return [*options, "--", *positionals]
