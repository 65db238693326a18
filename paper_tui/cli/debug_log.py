"""`paper-tui --debug`: the tracebacks of internal errors, in a log file.

The user still sees one line per problem on stderr; the log, `debug.log` in
the state folder, holds what a bug report needs: the versions, the command
line and the full traceback of any internal error. It is the stdlib's
`logging`, on the `paper_tui` logger, so whatever any module logs with
`logging.getLogger(__name__)` lands there too while `--debug` is on.
"""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from paper_tui import __version__
from paper_tui.cli.output import PROG, error
from paper_tui.store import debug_log_file

LOGGER_NAME = "paper_tui"


@dataclass(frozen=True, slots=True)
class DebugLog:
    """An open debug log: where it is, and the logger that writes to it."""

    path: Path
    logger: logging.Logger


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


@contextmanager
def debug_log(argv: Sequence[str]) -> Iterator[DebugLog | None]:
    """Append to the debug log while the block runs, starting with the
    versions and `argv`; None, said in one line, when it cannot be written."""
    path = debug_log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as failure:
        error(f"{path}: cannot write the debug log: {failure.strerror or failure}")
        yield None
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.info(
            "%s %s, Python %s, textual %s, %s",
            PROG,
            __version__,
            sys.version.replace("\n", " "),
            _version_of("textual"),
            platform.platform(),
        )
        logger.info("argv: %r", list(argv))
        yield DebugLog(path, logger)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()
