"""The CLI's `config` subcommands: `config path` and `config show`.

`entry` calls `register` to add them. The settings themselves (the file's
keys, their defaults, how a bad value is reported) are `store.settings`.
"""

from __future__ import annotations

import argparse

from paper_tui.cli.output import EXIT_OK, error, write
from paper_tui.text import printable


def command_config_path(args: argparse.Namespace) -> int:
    """Where the config file is (whether or not it exists yet)."""
    from paper_tui.store import paths

    write(f"{printable(str(paths.config_file()))}\n")
    return EXIT_OK


def command_config_show(args: argparse.Namespace) -> int:
    """The effective settings as TOML on stdout; each bad value on stderr."""
    from paper_tui.store import load_settings, settings_toml

    settings = load_settings()
    for problem in settings.problems:
        error(problem)
    write(settings_toml(settings))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `config path` and `config show` to the CLI's subparsers."""
    config = sub.add_parser("config", help="where the config file is, and what it sets")
    actions = config.add_subparsers(dest="config_command", required=True)
    where = actions.add_parser("path", help="print the config file's path")
    where.set_defaults(handler=command_config_path)
    show = actions.add_parser(
        "show", help="print the effective settings (TOML); bad values on stderr"
    )
    show.set_defaults(handler=command_config_show)
