"""What every subcommand shares: the program's name, exit codes, and its two
ways of talking to the user.

Every path printed goes through `text.printable` first: a file name is the
user's data, and may hold escape sequences or newlines.

Results go to stdout with `write` (a closed pipe is not an error); problems go
to stderr as one line each, `paper-tui: WHAT: reason`, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

from paper_tui.model import LoadResult
from paper_tui.text import printable

PROG = "paper-tui"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in the command line, reported with exit status 2."""


def error(message: str) -> None:
    """One line on stderr, prefixed with the program's name; whatever it quotes (a
    file name, a server's words) cannot break the line or drive the terminal."""
    print(f"{PROG}: {printable(message)}", file=sys.stderr)


def report_errors(result: LoadResult) -> None:
    """One line per file that failed to load."""
    for load_error in result.errors:
        error(str(load_error))


def write(text: str) -> None:
    """Results on stdout, flushed; quietly nothing more once the reader has gone."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `paper-tui list | head` closed the pipe: that is not an error.
        quiet_stdout()


def write_chunks(chunks: Iterable[str], size: int = 1 << 20) -> None:
    """`write` of results made piece by piece, about `size` characters at a time,
    so a whole library's export is never held whole; it stops making them once
    the reader has gone."""
    pending: list[str] = []
    held = 0
    try:
        for chunk in chunks:
            pending.append(chunk)
            held += len(chunk)
            if held >= size:
                sys.stdout.write("".join(pending))
                pending.clear()
                held = 0
        sys.stdout.write("".join(pending))
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()


def quiet_stdout() -> None:
    """Point stdout at /dev/null (its reader has gone), so the interpreter's final
    flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def plural(count: int, noun: str) -> str:
    """ "1 paper", "2 papers" (with thousands separators)."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def seconds(text: str) -> float:
    """An argparse type: a number of seconds above 0, at most 600 (`--timeout`)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 600: {text}")
    return value
