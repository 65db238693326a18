"""The core never imports Textual, and keeps mistletoe off the import path."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "paper_tui.model",
    "paper_tui.digest.parse",
    "paper_tui.digest.arxiv",
    "paper_tui.library.loading",
    "paper_tui.export.formats",
    "paper_tui.text",
    "paper_tui.cli.entry",
]


def modules_after_import(*names: str) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in names)
        + "print('\\n'.join(sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(output.stdout.split())


def test_core_modules_do_not_import_textual() -> None:
    import pkgutil

    import paper_tui

    core = [
        module.name
        for module in pkgutil.walk_packages(paper_tui.__path__, "paper_tui.")
        if not module.name.startswith(("paper_tui.ui", "paper_tui.__main__"))
    ]
    assert set(CORE_MODULES) <= set(core)
    loaded = modules_after_import(*core)
    assert not {name for name in loaded if name == "textual" or name.startswith("textual.")}


def test_mistletoe_is_imported_only_when_parsing() -> None:
    loaded = modules_after_import("paper_tui.library.loading", "paper_tui.cli.entry")
    assert "mistletoe" not in loaded
