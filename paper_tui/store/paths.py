"""Where paper-tui keeps things: the saved library, the parse cache, the reading state.

The platform's conventions (XDG on Linux) via platformdirs; `PAPER_TUI_HOME`
moves them all under one folder (`data/`, `cache/`, `state/`, `config/`), which is
how tests and portable installs stay away from the real home.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "paper-tui"
HOME_VARIABLE = "PAPER_TUI_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """User data: the saved library and its trash."""
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Disposable data: the parse cache (deleting it only costs one slow start)."""
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Reading state: read/starred/notes, last position, settings."""
    home = _home_override()
    return home / "state" if home else Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The config file's folder (`config.toml`, edited by hand)."""
    home = _home_override()
    if home:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The config file: keys, read delay, sort, theme, sources, section names."""
    return config_dir() / "config.toml"


def library_dir() -> Path:
    """The saved digests, as `YYYY/MM/YYYY-MM-DD.md`."""
    return data_dir() / "library"


def trash_dir() -> Path:
    """Digests removed from the library, kept so `restore` can bring them back."""
    return data_dir() / "trash"


def cache_file() -> Path:
    """The parse cache database."""
    return cache_dir() / "parse-cache.sqlite3"


def state_file() -> Path:
    """The reading-state database."""
    return state_dir() / "state.sqlite3"


def sync_state_file() -> Path:
    """What `sync` remembers: the last day synced per source, ETags per URL."""
    return state_dir() / "sync.sqlite3"


def debug_log_file() -> Path:
    """Where `paper-tui --debug` writes the tracebacks of internal errors."""
    return state_dir() / "debug.log"


def all_paths() -> dict[str, Path]:
    """Every location by name, as `paper-tui paths` prints them (the debug log is
    named even before `--debug` first writes it)."""
    return {
        "library": library_dir(),
        "trash": trash_dir(),
        "cache": cache_file(),
        "state": state_file(),
        "sync": sync_state_file(),
        "config": config_file(),
        "debug-log": debug_log_file(),
    }
