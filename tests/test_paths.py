"""Locations: PAPER_TUI_HOME moves everything; without it, platformdirs decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.store import paths


def test_home_override_puts_data_cache_and_state_under_it(isolated_home: Path) -> None:
    assert paths.data_dir() == isolated_home / "data"
    assert paths.cache_dir() == isolated_home / "cache"
    assert paths.state_dir() == isolated_home / "state"
    assert paths.library_dir().is_relative_to(isolated_home / "data")
    assert paths.state_file().is_relative_to(isolated_home / "state")
    assert paths.cache_file().is_relative_to(isolated_home / "cache")


def test_without_override_the_platform_dirs_are_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PAPER_TUI_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "paper-tui"
    assert paths.cache_dir() == tmp_path / "xdg-cache" / "paper-tui"
    assert paths.state_dir() == tmp_path / "xdg-state" / "paper-tui"


def test_blank_override_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAPER_TUI_HOME", "  ")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "paper-tui"


def test_paths_command_prints_every_location(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["paths"]) == 0
    printed = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert set(printed) == {
        "library",
        "trash",
        "cache",
        "state",
        "sync",
        "config",
        "debug-log",
    }
    assert all(Path(value).is_relative_to(isolated_home) for value in printed.values())


def test_paths_command_names_the_files_the_other_commands_use(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["paths"]) == 0
    printed = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert Path(printed["sync"]) == paths.sync_state_file()
    assert Path(printed["config"]) == paths.config_file()
    assert Path(printed["debug-log"]) == paths.debug_log_file()
    assert Path(printed["config"]).is_relative_to(isolated_home / "config")
