"""The CLI's reading subcommands: `check`, `list`, `export`, `search`, `similar`.

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
    write_chunks,
)
from paper_tui.model import LoadResult, Paper
from paper_tui.text import printable

if TYPE_CHECKING:
    from paper_tui.export import MarksOf
    from paper_tui.search import SearchIndex
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
    """The digests at `paths`, through the parse cache (as the app reads them)."""
    return _load_cached(paths)[0]


def _load_cached(
    paths: Sequence[str], indexed: bool = False
) -> tuple[LoadResult, SearchIndex | None]:
    """The digests at `paths` (the saved library when there are none) through the
    parse cache, and (`indexed`) their search index, its blocks read back from the
    cache where they stand: a warm `search` parses and indexes nothing. The
    cache's warnings are said on stderr."""
    from paper_tui.library import cached_search_index, load, load_library
    from paper_tui.store import ParseCache

    with ParseCache.open() as cache:
        result = (
            load(list(paths), cache=cache, keep_entries=False)
            if paths
            else load_library(cache=cache, keep_entries=False)
        )
        index = cached_search_index(cache, result.papers) if indexed else None
    for warning in cache.warnings:
        error(f"cache: {warning}")
    return result, index


def command_check(args: argparse.Namespace) -> int:
    """Per file: the format it was read as, dates, papers, warnings and errors; exit 1
    when any file failed or has no papers (unless `--allow-empty`)."""
    from paper_tui.library import find_digest_files, parse_files, read_stdin
    from paper_tui.store import ParseCache

    files, errors = find_digest_files(args.paths)
    for failure in errors:
        print(f"{printable(failure.path)}\tERROR\t{printable(failure.reason)}")
    on_disk = [name for name in files if name != "-"]
    with ParseCache.open() as cache:
        outcomes = dict(zip(on_disk, parse_files(on_disk, cache=cache), strict=True))
    for problem in cache.warnings:
        error(f"cache: {problem}")
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


def _state_marks(needed: bool) -> tuple[MarksOf | None, tuple[str, ...]]:
    """(each paper's marks, the queue's ids in order) from the reading state; unless
    `needed` (to choose papers by them), no state file means nothing is marked (and
    none is made). A state that cannot be opened (said in one line) is read as saved
    where its file can be read (said in a second line); else (None, ())."""
    from paper_tui.export import NO_MARKS, Marks
    from paper_tui.store import paths

    if not needed and not paths.state_file().exists():
        return (lambda arxiv_id: NO_MARKS), ()
    opened = _open_state()
    if opened is None:  # said in one line; a state file that can still be read is used
        saved = _saved_marks_and_queue() if paths.state_file().is_file() else None
        if saved is None:
            return None, ()
        error("reading the marks as saved, without opening the state")
        return saved
    with opened as state:
        read, starred = state.read_ids(), state.starred_ids()
        queue = state.queued_ids()
        notes = {arxiv_id: state.note(arxiv_id) for arxiv_id in state.noted_ids()}
    queued = frozenset(queue)

    def marks(arxiv_id: str) -> Marks:
        return Marks(
            arxiv_id in read, arxiv_id in starred, arxiv_id in queued, notes.get(arxiv_id, "")
        )

    return marks, queue


def _saved_marks() -> MarksOf | None:
    """The marks as `search --json` shows them, read without opening the state
    (None, and the objects' marks null, when it cannot be read)."""
    saved = _saved_marks_and_queue()
    return None if saved is None else saved[0]


def _saved_marks_and_queue() -> tuple[MarksOf, tuple[str, ...]] | None:
    """`_saved_marks` with the queue's ids in order (as `_state_marks` gives them)."""
    from paper_tui.export import NO_MARKS, Marks
    from paper_tui.store import saved_marks

    saved = saved_marks()
    if saved is None:
        return None
    queue = tuple(arxiv_id for arxiv_id, marked in saved.items() if marked[2])

    def marks(arxiv_id: str) -> Marks:
        return Marks(*saved[arxiv_id]) if arxiv_id in saved else NO_MARKS

    return marks, queue


def _load_or_library(paths: Sequence[str]) -> LoadResult:
    """The digests at `paths`, or the saved library when there are none."""
    return _load_cached(paths)[0]


def command_export(args: argparse.Namespace) -> int:
    """Papers as JSON, CSV, BibTeX, RIS or a Markdown brief on stdout."""
    from paper_tui.export import export_chunks

    if args.excel and args.format != "csv":
        raise UsageError("--excel is for --format csv")
    result = _load_or_library(args.paths)
    report_errors(result)
    papers = result.papers
    needed = args.starred or args.unread or args.queued or args.format == "brief"
    marks, queue = _state_marks(needed)
    if marks is None:
        if needed:
            return EXIT_FAILED
    else:
        papers = tuple(
            paper
            for paper in papers
            if (not args.starred or marks(paper.arxiv_id).starred)
            and (not args.unread or not marks(paper.arxiv_id).read)
            and (not args.queued or marks(paper.arxiv_id).queued)
        )
    if args.format == "brief":  # the queue in its order, then the rest as listed
        place = {arxiv_id: number for number, arxiv_id in enumerate(queue)}
        papers = tuple(sorted(papers, key=lambda paper: place.get(paper.arxiv_id, len(place))))
    write_chunks(export_chunks(papers, args.format, marks, excel=args.excel))
    return EXIT_FAILED if result.errors else EXIT_OK


def command_search(args: argparse.Namespace) -> int:
    """Ranked matches of a query, with the app's engine and syntax."""
    from paper_tui.search import parse, sort_order

    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    order = None if args.sort is None else sort_order(args.sort)
    if args.sort is not None and order is None:
        raise UsageError("--sort must be votes, date, title or relevance (-date reverses)")
    result, index = _load_cached(args.paths, indexed=True)
    assert index is not None
    report_errors(result)
    papers = result.papers
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
    _write_scored([(papers[hit.index], hit.score) for hit in found.hits], args.json)
    return EXIT_FAILED if result.errors else EXIT_OK


def _write_scored(hits: Sequence[tuple[Paper, float]], as_json: bool) -> None:
    """Scored papers as `search` prints them: score, date, votes, id, title per line,
    or (`as_json`) export's objects with their marks and a `score`."""
    if as_json:
        from paper_tui.export import to_json

        scores = [{"score": round(score, 3)} for _, score in hits]
        write(to_json([paper for paper, _ in hits], scores, marks=_saved_marks()))
    else:
        write("".join(f"{score:.2f}\t{_list_line(paper)}" for paper, score in hits))


def command_similar(args: argparse.Namespace) -> int:
    """The papers most like one, by the words of their titles and summaries (tf-idf)."""
    from paper_tui.digest import normalize_arxiv_id, parse_arxiv_id
    from paper_tui.search import SearchIndex, similar_papers

    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    wanted = normalize_arxiv_id(args.id) or parse_arxiv_id(args.id) or args.id.strip()
    result = _load_or_library(args.paths)
    report_errors(result)
    papers = result.papers
    position = next(
        (number for number, paper in enumerate(papers) if paper.arxiv_id == wanted), None
    )
    if position is None:
        where = "these digests" if args.paths else "the library"
        error(f"{args.id}: no paper with this id in {where}")
        return EXIT_FAILED
    index = SearchIndex.build(papers)
    found = similar_papers(index, position, args.limit)
    _write_scored([(papers[number], score) for number, score in found], args.json)
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

    exporter = sub.add_parser(
        "export", help="papers as json, csv, bibtex, ris, or a brief of the queued and starred"
    )
    exporter.add_argument(
        "--format",
        "-f",
        choices=("json", "csv", "bibtex", "ris", "brief"),
        default="json",
        help="brief: Markdown of the queued papers, then the starred, with their notes",
    )
    exporter.add_argument("--starred", action="store_true", help="only starred papers")
    exporter.add_argument("--unread", action="store_true", help="only papers not yet read")
    exporter.add_argument("--queued", action="store_true", help="only papers in the queue")
    exporter.add_argument(
        "--excel", action="store_true", help="csv with a UTF-8 mark first, for Excel (Korean)"
    )
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

    finder = sub.add_parser(
        "similar",
        help="the papers most like one (tf-idf over titles and summaries); output as search's",
    )
    finder.add_argument("id", metavar="ID", help="an arXiv id (2408.08872, arXiv:..., a link)")
    finder.add_argument("--limit", "-n", type=int, default=10, help="at most N papers (10)")
    finder.add_argument("--json", action="store_true", help="export's JSON objects + score")
    paths_argument(finder, required=False)  # none: the saved library
    finder.set_defaults(handler=command_similar)


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
