"""`paper-tui sources list` says what each source's syncs did: a URL source its last
synced day, a folder source its files; both when the last sync ran and how it went."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.store import paths
from tests.daily_server import DailyFiles, day_path, days, digest_text, serving

FIRST = date(2025, 2, 1)
WHEN = r"last sync \d{4}-\d{2}-\d{2} \d{2}:\d{2}"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder of three digests and a README, as a git checkout the user pulls."""
    folder = tmp_path / "daily-papers"
    for day in days(FIRST, 3):
        target = folder / f"{day:%Y}" / f"{day.isoformat()}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(digest_text(day), encoding="utf-8")
    (folder / "README.md").write_text("# Daily papers\n", encoding="utf-8")
    return folder


def listed(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """What `sources list` says of each source, by name."""
    capsys.readouterr()
    assert main(["sources", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split("\t")[0]: line.split("\t")[2] for line in lines}


def test_a_synced_folder_source_is_not_said_never_synced(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "mine", str(checkout)]) == 0
    assert listed(capsys)["mine"] == "never synced"
    assert main(["sync"]) == 0
    said = listed(capsys)["mine"]
    # three digests and the README passed over: four files the next sync need not read
    assert re.fullmatch(rf"4 files synced, newest day 2025-02-03; {WHEN} \(3 added\)", said), said


def test_a_second_folder_sync_says_it_added_nothing_and_keeps_the_count(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "mine", str(checkout)]) == 0
    assert main(["sync"]) == 0
    new = checkout / "2025" / "2025-02-10.md"
    new.write_text(digest_text(date(2025, 2, 10)), encoding="utf-8")
    assert main(["sync"]) == 0
    assert re.fullmatch(
        rf"5 files synced, newest day 2025-02-10; {WHEN} \(1 added\)", listed(capsys)["mine"]
    )
    assert main(["sync"]) == 0
    assert listed(capsys)["mine"].endswith("(0 added)")


def test_a_folder_synced_by_a_relative_path_is_the_configured_source(
    checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(checkout.parent)
    assert main(["sync", checkout.name]) == 0
    assert main(["sources", "add", "mine", checkout.name]) == 0
    assert listed(capsys)["mine"].startswith("4 files synced, newest day 2025-02-03; last sync")
    monkeypatch.chdir(checkout)
    capsys.readouterr()
    assert main(["sync"]) == 0  # from elsewhere: the files are known by absolute paths
    assert "sync: 0 files added (0 new papers), 0 unchanged in" in capsys.readouterr().out
    assert listed(capsys)["mine"].endswith("(0 added)")


def test_a_folder_synced_before_runs_were_remembered_shows_its_files(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "mine", str(checkout)]) == 0
    assert main(["sync"]) == 0
    with sqlite3.connect(paths.sync_state_file()) as connection:
        connection.execute("DROP TABLE runs")
    assert listed(capsys)["mine"] == "4 files synced, newest day 2025-02-03"


def test_a_url_source_says_its_last_day_and_how_its_last_sync_went(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = DailyFiles()
    for day in days(FIRST, 2):
        files.put(day, digest_text(day))
    files.broken[day_path(date(2025, 2, 3))] = "status"
    with serving(files) as template:
        assert main(["sources", "add", "web", template]) == 0
        assert listed(capsys)["web"] == "never synced"
        assert main(["sync", "--since", "2025-02-01", "--until", "2025-02-03"]) == 1
    said = listed(capsys)["web"]
    assert re.fullmatch(rf"synced through 2025-02-02; {WHEN} \(2 added, 1 failed\)", said), said


def test_a_url_source_whose_every_day_failed_says_so_not_never_synced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = "http://127.0.0.1:9/{date}.md"  # the discard port: connection refused
    assert main(["sources", "add", "down", template]) == 0
    assert main(["sync", "--since", "2025-02-01", "--until", "2025-02-02"]) == 1
    said = listed(capsys)["down"]
    assert re.fullmatch(rf"{WHEN} \(0 added, 2 failed\)", said), said


def test_the_last_sync_is_shown_in_local_time(
    checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    assert main(["sources", "add", "mine", str(checkout)]) == 0
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: 1_700_000_000.0)
        assert main(["sync"]) == 0
    expected = time.strftime("%Y-%m-%d %H:%M", time.localtime(1_700_000_000.0))
    assert f"last sync {expected} (3 added)" in listed(capsys)["mine"]
