"""Release hygiene: one version, the licence shipped, the pins the snapshots need."""

from __future__ import annotations

import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement

import paper_tui
from paper_tui.cli.entry import main
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(names: list[str]) -> dict[str, Requirement]:
    return {(found := Requirement(name)).name: found for name in names}


def test_the_version_is_written_once_and_printed_by_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "paper_tui/__init__.py"
    assert metadata.version("paper-tui") == paper_tui.__version__
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"paper-tui {paper_tui.__version__}\n"


def test_the_licence_is_mit_and_ships_with_the_package() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the paper-tui authors" in text
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert metadata.metadata("paper-tui").get_all("License-File") == ["LICENSE"]


def test_the_installed_textual_is_the_one_the_snapshots_were_drawn_with() -> None:
    textual = _requirements(PYPROJECT["project"]["dependencies"])["textual"]
    assert textual.specifier.contains(metadata.version("textual"))
    assert not textual.specifier.contains("8.3.0")  # a new minor release may redraw widgets


def test_the_test_extras_have_xdist_and_import_linter() -> None:
    extras = _requirements(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert {"pytest-xdist", "import-linter"} <= set(extras)
