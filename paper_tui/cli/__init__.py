"""The `paper-tui` command line: the app's launcher and the scripting subcommands."""

from paper_tui.cli.entry import main

__all__ = ["main"]
