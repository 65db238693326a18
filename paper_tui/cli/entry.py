"""The `paper-tui` command: the app, and subcommands for scripting.

Subcommands share the core with the app. Textual is imported only when the
app itself is launched, so `paper-tui list` stays quick. Every error the
user can cause is one line on stderr, `paper-tui: PATH: reason`, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from paper_tui import __version__
from paper_tui.cli.config_commands import register as register_config_commands
from paper_tui.cli.library_commands import register as register_library_commands
from paper_tui.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    UsageError,
    error,
    quiet_stdout,
)
from paper_tui.cli.reading_commands import paths_argument, search_arguments
from paper_tui.cli.reading_commands import register as register_reading_commands
from paper_tui.cli.sync_commands import register as register_sync_commands
from paper_tui.cli.workflow_commands import register as register_workflow_commands

if TYPE_CHECKING:
    from paper_tui.cli.debug_log import DebugLog

Handler = Callable[[argparse.Namespace], int]


def command_app(args: argparse.Namespace) -> int:
    """Open the reader on the given paths (or the default library/sample)."""
    from paper_tui.ui import run_app

    if args.debug:  # the app's own internal errors go to the debug log too
        status: int = run_app(list(args.paths), debug=True)
    else:
        status = run_app(list(args.paths))
    return status


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, list[str]]:
    """(the app's parser, the subcommands' parser, the subcommands' names)."""
    commands = argparse.ArgumentParser(prog=PROG)
    sub = commands.add_subparsers(dest="command", required=True)
    register_reading_commands(sub)  # check, list, export, search
    register_library_commands(sub)  # paths, add, library, remove, restore
    register_sync_commands(sub)  # sync, sources
    register_config_commands(sub)  # config path, config show
    register_workflow_commands(sub)  # feeds, mutes, follows

    names = list(sub.choices)
    app = argparse.ArgumentParser(
        prog=PROG,
        description="Read daily AI-paper digests in the terminal, offline. "
        f"Scripting subcommands: {', '.join(names)} (see '{PROG} COMMAND --help').",
    )
    app.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    app.add_argument(
        "--debug",
        action="store_true",
        help="write the tracebacks of internal errors to debug.log in the state folder "
        f"(also before a COMMAND: '{PROG} --debug COMMAND ...')",
    )
    paths_argument(app, required=False)
    app.set_defaults(handler=command_app)
    return app, commands, names


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `paper-tui` and `python -m paper_tui`."""
    given = list(sys.argv[1:] if argv is None else argv)
    arguments = list(given)
    debug = False
    while arguments[:1] == ["--debug"]:  # `paper-tui --debug COMMAND ...`
        debug = True
        del arguments[0]
    if arguments[:1] in (["search"], ["similar"]):  # options may follow the paths
        arguments = [arguments[0], *search_arguments(arguments[1:])]
    app_parser, command_parser, names = build_parsers()
    parser = command_parser if arguments and arguments[0] in names else app_parser
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not (debug or getattr(args, "debug", False)):
        args.debug = False
        return _run(args, None)
    from paper_tui.cli.debug_log import debug_log

    with debug_log(given) as log:
        args.debug = log is not None
        status = _run(args, log)
        if log is not None:
            log.logger.info("exit status %d", status)
        return status


def _run(args: argparse.Namespace, log: DebugLog | None) -> int:
    """The chosen command's exit status; its errors said in one line each
    (with the traceback of an internal error in the debug log, if open)."""
    handler: Handler = args.handler
    try:
        return handler(args)
    except UsageError as usage:
        error(str(usage))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `paper-tui check DIR | head -1` closed the pipe: not an error. stdout goes
        # to /dev/null so the interpreter's final flush stays quiet too.
        quiet_stdout()
        return EXIT_OK
    except Exception as bug:
        error(f"internal error: {type(bug).__name__}: {bug}")
        if log is not None:
            log.logger.exception("internal error")
            error(f"the traceback is in {log.path}")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
