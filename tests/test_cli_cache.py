"""`list`, `search`, `export` and `check` read through the parse cache and the search
index blocks cached with it (issue 14), and say exactly what they say without it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.store import paths
from tests.conftest import FIXTURE_DIGESTS

COMMANDS = (
    ("list",),
    ("search", "model"),
    ("search", "difusion -survey", "--sort", "votes"),
    ("search", "date:2024-08 attention", "--json"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("check", "--allow-empty"),
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "digests"
    shutil.copytree(FIXTURE_DIGESTS, target)
    for path in target.rglob("*"):
        path.chmod(0o644)
        os.utime(path, (1_700_000_000, 1_700_000_000))  # past the racy window: cached
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache opened from now on is disabled (loading works without one)."""
    from paper_tui.store.parse_cache import ParseCache

    monkeypatch.setattr(ParseCache, "_connect", lambda self: None)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_command_through_the_cache_says_what_it_says_without_it(
    command: tuple[str, ...],
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, *rest = command
    if name == "search":  # the query, then the path
        arguments = (name, rest[0], str(folder), *rest[1:])
    else:
        arguments = (name, *rest, str(folder))
    cold = run(capsys, *arguments)
    warm = run(capsys, *arguments)
    with monkeypatch.context() as patched:
        uncached(patched)
        plain = run(capsys, *arguments)
    assert cold == warm == plain
    assert cold[1]


def test_a_warm_search_parses_and_indexes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paper_tui.library import loading
    from paper_tui.search import segment

    first = run(capsys, "search", "model", str(folder))
    cache = paths.cache_file()
    with sqlite3.connect(cache) as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] > 0
        assert connection.execute("SELECT count(*) FROM blobs").fetchone()[0] > 0

    def refuse(*_: object) -> None:
        raise AssertionError("a warm search parsed or indexed")

    monkeypatch.setattr(loading, "parse_one", refuse)
    monkeypatch.setattr(segment, "build_postings", refuse)
    assert run(capsys, "search", "model", str(folder)) == first


def test_list_and_check_share_one_cache(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paper_tui.library import loading

    run(capsys, "check", "--allow-empty", str(folder))
    before = loading.parse_one
    calls: list[str] = []

    def counted(name: str) -> object:
        calls.append(name)
        return before(name)

    loading.parse_one = counted  # type: ignore[assignment]
    try:
        run(capsys, "list", str(folder))
    finally:
        loading.parse_one = before
    assert calls == []
