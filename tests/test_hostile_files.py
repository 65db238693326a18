"""Hostile file names and odd files: nothing wrong shown, nothing hangs (issue 15).

A file name is the user's data: escape sequences in it must never reach the terminal,
a FIFO must never be opened, and every odd path gets one line that says what it is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.library import saved
from paper_tui.library.loading import find_digest_files
from paper_tui.library.saved import add_to_library
from paper_tui.library.trash import remove
from paper_tui.store import paths
from paper_tui.text import printable
from tests.conftest import SEED

TITLE_ESCAPE = "\x1b]0;PWNED\x07"
"""OSC 0: sets the terminal's title (OSC 52 would write the clipboard)."""
HOSTILE_NAME = f"{TITLE_ESCAPE}2025-02-19.md"
SHOWN_NAME = "\\x1b]0;PWNED\\x072025-02-19.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def hostile_copy(folder: Path, name: str = HOSTILE_NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(SEED.read_bytes())
    return path


# -- 1. escape sequences in names ---------------------------------------------------


def test_printable_turns_controls_into_visible_escapes() -> None:
    assert printable(HOSTILE_NAME) == SHOWN_NAME
    assert printable("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert printable("x\x9b2Jy\x7f") == "x\\x9b2Jy\\x7f"
    assert printable("evil\u202egnp.md\u2028") == "evil\\u202egnp.md\\u2028"
    assert printable("bad-\udcff.md") == "bad-\\xff.md"  # a byte that is not UTF-8
    assert printable("논문 2024-08-19.md") == "논문 2024-08-19.md"
    assert printable(printable(HOSTILE_NAME)) == SHOWN_NAME


def test_check_shows_a_hostile_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_copy(tmp_path)
    broken = tmp_path / f"{TITLE_ESCAPE}broken.md"
    broken.write_bytes(b"\xff\xfe\xfa" * 20 + b"\x00")
    _code, out, err = run(capsys, "check", str(path), str(broken))
    assert_nothing_raw(out, err)
    assert f"{tmp_path}/{SHOWN_NAME}\tOK" in out
    assert f"{tmp_path}/\\x1b]0;PWNED\\x07broken.md\tERROR" in out


def test_every_error_line_shows_a_hostile_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"{tmp_path}/\x1b]52;c;cHduZWQ=\x07\nmissing.md"
    code, out, err = run(capsys, "list", missing)
    assert code == 1
    assert_nothing_raw(out, err)
    assert (
        err
        == f"paper-tui: {tmp_path}/\\x1b]52;c;cHduZWQ=\\x07\\nmissing.md: no such file or folder\n"
    )


def test_add_and_library_show_hostile_names_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_copy(tmp_path)
    code, out, err = run(capsys, "add", str(path))
    assert code == 0
    assert_nothing_raw(out, err)
    assert out.startswith(f"added\t{tmp_path}/{SHOWN_NAME}\t")
    stray = hostile_copy(paths.library_dir() / "undated", f"{TITLE_ESCAPE}notes.md")
    code, out, err = run(capsys, "library")
    assert_nothing_raw(out, err)
    assert "\tundated/\\x1b]0;PWNED\\x07notes.md\n" in out
    assert stray.exists()


def test_remove_and_restore_show_hostile_names_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    hostile_copy(paths.library_dir() / "undated", f"{TITLE_ESCAPE}notes.md")
    item = f"undated/{TITLE_ESCAPE}notes.md"
    for command in ("remove", "restore"):
        code, out, err = run(capsys, command, item, f"undated/{TITLE_ESCAPE}gone.md")
        assert code == 1
        assert_nothing_raw(out, err)
        assert "undated/\\x1b]0;PWNED\\x07notes.md" in out
        assert "undated/\\x1b]0;PWNED\\x07gone.md: not in the" in err


def test_export_writes_the_source_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_copy(tmp_path)
    code, out, _ = run(capsys, "export", "--format", "json", str(path))
    assert code == 0 and "\\u001b" not in out
    records = json.loads(out)
    assert {record["source"] for record in records} == {f"{tmp_path}/{SHOWN_NAME}"}
    assert {one["source"] for record in records for one in record["appearances"]} == {
        f"{tmp_path}/{SHOWN_NAME}"
    }
    code, out, _ = run(capsys, "export", "--format", "csv", str(path))
    assert_nothing_raw(out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["source"] for row in rows} == {f"{tmp_path}/{SHOWN_NAME}"}


def test_a_newline_in_a_name_stays_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_copy(tmp_path, "split\n2024-08-19.md")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith(f"{tmp_path}/split\\n2024-08-19.md\tOK\t")
    assert line.endswith("\t2024-08-19\t7 papers\t0 warnings")


# -- 10. FIFOs and other files that are not regular ------------------------------


@pytest.fixture
def folder_with_fifo(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "2024-01-01.md")
    return folder


def run_bounded(*argv: str) -> tuple[int, str, str]:
    """The CLI in a child process, killed after 20 s: a hang fails the test, not the suite."""
    done = subprocess.run(
        [sys.executable, "-m", "paper_tui", *argv], capture_output=True, text=True, timeout=20
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("command", ["check", "list", "export", "add"])
def test_a_fifo_in_a_folder_is_skipped_with_one_line(folder_with_fifo: Path, command: str) -> None:
    code, out, err = run_bounded(command, str(folder_with_fifo))
    fifo = folder_with_fifo / "2024-01-01.md"
    line = f"{fifo}: a FIFO (named pipe), not a regular file; skipped"
    if command == "check":
        assert f"{fifo}\tERROR\ta FIFO (named pipe), not a regular file; skipped" in out
    else:
        assert err.splitlines().count(f"paper-tui: {line}") == 1
    assert code == 1


def test_the_library_skips_a_fifo_in_it() -> None:
    add_to_library([str(SEED)])
    fifo = paths.library_dir() / "2024" / "01" / "2024-01-01.md"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    _code, out, err = run_bounded("library")
    assert err == f"paper-tui: {fifo}: a FIFO (named pipe), not a regular file; skipped\n"
    assert out.startswith("2024-08-19\t7 papers")


def test_a_fifo_named_on_the_command_line_is_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, _, err = run_bounded("list", str(fifo))
    assert code == 1
    assert err == f"paper-tui: {fifo}: a FIFO (named pipe), not a regular file; skipped\n"


# -- 16, 17, 18: one line that says the right thing -------------------------------


def test_an_unknown_user_s_home_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "~nosuchuser15/x.md")
    assert code == 1 and "internal error" not in err
    assert out == "~nosuchuser15/x.md\tERROR\tno such user: ~nosuchuser15\n"


def test_a_huge_file_says_its_real_size_and_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "2024-08-19.md"
    with big.open("wb") as stream:
        stream.truncate(200_000_000)  # sparse: nothing is written
    _code, _out, err = run(capsys, "list", str(big))
    assert err == f"paper-tui: {big}: file too large (190.7 MiB; the limit is 32 MiB)\n"


def test_a_symlink_loop_is_called_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    _code, _, err = run(capsys, "list", str(loop), str(dangling))
    assert err.splitlines() == [
        f"paper-tui: {loop}: symlink loop",
        f"paper-tui: {dangling}: broken symlink",
    ]


def test_an_empty_path_is_an_error_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_copy(tmp_path, SEED.name)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "")
    assert code == 1
    assert out == '""\tERROR\tempty path\n'


def test_a_digest_named_dot_is_read_but_hidden_files_are_not(tmp_path: Path) -> None:
    for name in ("..md", "._2024-08-19.md", ".notes.md", ".md", "2024-08-19.md"):
        hostile_copy(tmp_path, name)
    hidden_folder = tmp_path / ".git"
    hostile_copy(hidden_folder, "2024-08-20.md")
    files, errors = find_digest_files([str(tmp_path)])
    assert [Path(name).name for name in files] == ["..md", "2024-08-19.md"]
    assert errors == []


def test_year_one_is_filed_under_a_four_digit_year(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("2024-08-19", "0001-01-02")
    digest = tmp_path / "0001-01-02.md"
    digest.write_text(text, encoding="utf-8")
    report = add_to_library([str(digest)])
    assert report.added[0].target == paths.library_dir() / "0001" / "01" / "0001-01-02.md"
    outcomes = remove([date(1, 1, 2)])
    assert outcomes[0].target == paths.trash_dir() / "0001" / "01" / "0001-01-02.md"


# -- 15. what a killed add leaves behind ------------------------------------------


def test_a_killed_add_s_stale_temporary_files_are_cleaned_on_the_next_add() -> None:
    folder = paths.library_dir() / "2024" / "08"
    folder.mkdir(parents=True)
    stale = folder / ".adding-abc123.tmp"
    stale.write_bytes(b"half a digest")
    hour_ago = time.time() - saved.STALE_SECONDS - 60
    os.utime(stale, (hour_ago, hour_ago))
    fresh = folder / ".adding-def456.tmp"  # an add running right now
    fresh.write_bytes(b"being written")
    add_to_library([str(SEED)])
    assert not stale.exists() and fresh.exists()
    stale.write_bytes(b"again")
    os.utime(stale, (hour_ago, hour_ago))
    main(["library"])
    assert not stale.exists() and fresh.exists()


# -- 5. remove never follows links out of the library -----------------------------


def test_remove_does_not_follow_a_symlinked_folder_out_of_the_library(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "08"
    outside.mkdir(parents=True)
    victim = outside / "2024-08-19.md"
    victim.write_bytes(SEED.read_bytes())
    year = paths.library_dir() / "2024"
    year.mkdir(parents=True)
    (year / "08").symlink_to(outside, target_is_directory=True)
    by_day = remove([date(2024, 8, 19)])
    by_path = remove(["2024/08/2024-08-19.md"])
    assert victim.read_bytes() == SEED.read_bytes()
    assert [outcome.target for outcome in by_day + by_path] == [None, None]
    assert "outside the library" in by_day[0].reason
    assert not paths.trash_dir().exists() or not any(paths.trash_dir().rglob("*.md"))


def test_remove_does_not_move_a_symlinked_file_pointing_out_of_the_library(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "precious.md"
    victim.write_bytes(SEED.read_bytes())
    folder = paths.library_dir() / "2024" / "08"
    folder.mkdir(parents=True)
    (folder / "2024-08-19.md").symlink_to(victim)
    outcomes = remove([date(2024, 8, 19)])
    assert [outcome.target for outcome in outcomes] == [None]
    assert (folder / "2024-08-19.md").is_symlink() and victim.exists()
