"""The CLI's reading-workflow lists: `feeds`, `mutes` and `follows` (list, add, remove).

They keep the same tables of the reading state the app's `F` and `f` keep, so
a feed saved here is listed in the app and a mute added here hides its papers
there (and in `paper-tui search`). `entry` calls `register` to add them.
Output follows the CLI's rules: lists on stdout, one tab-separated line each;
problems on stderr in one line; exit 0, 1 (not done) or 2 (usage).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from paper_tui.cli.output import EXIT_FAILED, EXIT_OK, UsageError, error, write
from paper_tui.text import clean_line

if TYPE_CHECKING:
    from paper_tui.store import ReadingState


def _with_state(act: Callable[[ReadingState], int]) -> int:
    """`act(state)` on the opened reading state; exit 1, said in one line, when it
    cannot be opened or a change cannot be saved."""
    from paper_tui.store import ReadingState, StateError

    try:
        state = ReadingState.open()
    except StateError as failure:
        error(str(failure))
        return EXIT_FAILED
    with state:
        for warning in state.warnings:
            error(warning)
        try:
            return act(state)
        except StateError as failure:
            error(str(failure))
            return EXIT_FAILED


def _cell(text: str) -> str:
    """A value on one line with no tab, for tab-separated output (digest text is data)."""
    return clean_line(text).replace("\t", " ")


def command_feeds(args: argparse.Namespace) -> int:
    """`feeds` / `feeds add NAME QUERY` / `feeds remove NAME` / `feeds show NAME`."""
    action = args.feeds_command or "list"

    def act(state: ReadingState) -> int:
        if action == "add":
            name, query = " ".join(args.name.split()), args.query.strip()
            if not name or not query:
                raise UsageError("a feed needs a name and a query")
            replaced = name in state.feeds()
            state.save_feed(name, query)
            error(f"feed {'replaced' if replaced else 'saved'}: {_cell(name)}")
            return EXIT_OK
        if action == "remove":
            if not state.remove_feed(args.name):
                error(f"no feed named {_cell(args.name)}")
                return EXIT_FAILED
            return EXIT_OK
        feeds = state.feeds()
        if action == "show":
            name = " ".join(args.name.split())
            if name not in feeds:
                error(f"no feed named {_cell(args.name)}")
                return EXIT_FAILED
            write(f"{_cell(feeds[name])}\n")
            return EXIT_OK
        write("".join(f"{_cell(name)}\t{_cell(query)}\n" for name, query in feeds.items()))
        return EXIT_OK

    return _with_state(act)


def command_mutes(args: argparse.Namespace) -> int:
    """`mutes` / `mutes add QUERY` / `mutes remove QUERY`."""
    from paper_tui.search import mute_problem

    action = args.mutes_command or "list"

    def act(state: ReadingState) -> int:
        if action == "add":
            query = args.query.strip()
            problem = mute_problem(query) if query else "a mute needs words or a filter to match"
            if problem is not None:
                raise UsageError(f"cannot mute {_cell(query)!r}: {problem}")
            state.mute(query)
            return EXIT_OK
        if action == "remove":
            if not state.unmute(args.query):
                error(f"not muted: {_cell(args.query)}")
                return EXIT_FAILED
            return EXIT_OK
        write("".join(f"{_cell(query)}\n" for query in state.mutes()))
        return EXIT_OK

    return _with_state(act)


def command_follows(args: argparse.Namespace) -> int:
    """`follows` / `follows add NAME` / `follows remove NAME`."""
    action = args.follows_command or "list"

    def act(state: ReadingState) -> int:
        if action == "add":
            if not args.author.strip():
                raise UsageError("an author's name is needed")
            state.follow(args.author)
            return EXIT_OK
        if action == "remove":
            if not state.unfollow(args.author):
                error(f"not followed: {_cell(args.author)}")
                return EXIT_FAILED
            return EXIT_OK
        write("".join(f"{_cell(name)}\n" for name in state.followed()))
        return EXIT_OK

    return _with_state(act)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `feeds`, `mutes` and `follows` to the CLI's subparsers."""
    feeds = sub.add_parser("feeds", help="saved searches: list, add NAME QUERY, remove, show")
    feeds.set_defaults(handler=command_feeds)
    feed_actions = feeds.add_subparsers(dest="feeds_command")
    feed_actions.add_parser("list", help="name and query, one feed a line (the default)")
    add = feed_actions.add_parser("add", help="save QUERY as the feed NAME (replacing one)")
    add.add_argument("name")
    add.add_argument("query", help="a search, as typed in the app (quote it)")
    remove = feed_actions.add_parser("remove", help="forget the feed NAME")
    remove.add_argument("name")
    show = feed_actions.add_parser("show", help="print the feed's query (for search)")
    show.add_argument("name")

    mutes = sub.add_parser("mutes", help="muted searches, hidden everywhere: list, add, remove")
    mutes.set_defaults(handler=command_mutes)
    mute_actions = mutes.add_subparsers(dest="mutes_command")
    mute_actions.add_parser("list", help="one mute a line (the default)")
    mute = mute_actions.add_parser("add", help="hide every paper QUERY matches")
    mute.add_argument("query", help="words or filters; no is: or note:")
    unmute = mute_actions.add_parser("remove", help="lift the mute QUERY (as listed)")
    unmute.add_argument("query")

    follows = sub.add_parser("follows", help="followed authors (is:followed): list, add, remove")
    follows.set_defaults(handler=command_follows)
    follow_actions = follows.add_subparsers(dest="follows_command")
    follow_actions.add_parser("list", help="one author a line (the default)")
    follow = follow_actions.add_parser("add", help="follow the author NAME (the whole name)")
    follow.add_argument("author")
    unfollow = follow_actions.add_parser("remove", help="stop following NAME")
    unfollow.add_argument("author")
