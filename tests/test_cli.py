"""The scripting commands: check, list, export; one-line errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from tests.conftest import DIGEST_FOLDERS, FIXTURES, SAMPLE, SEED


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_prints_one_tab_separated_line_per_paper(capsys) -> None:
    code, out, err = run(capsys, "list", str(SEED))
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert len(lines) == 7
    assert lines[0].split("\t") == [
        "2024-08-19",
        "61",
        "2408.08872",
        "Lighthouse: Transcribing Nineteenth-Century Ship Logs with a Vision-Language Model",
    ]


@pytest.mark.parametrize("folder", DIGEST_FOLDERS)
def test_check_reports_each_file_and_exit_status(capsys, tmp_path: Path, folder: Path) -> None:
    bad = tmp_path / "broken.md"
    bad.write_bytes(b"\xff\xfe\xfa" * 20)
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 0
    assert out.count("\tOK\t") == len(list(folder.glob("*.md")))
    assert "2024-08-19.md\tOK\thf-daily\t2024-08-19\t7 papers\t0 warnings" in out
    code, out, _ = run(capsys, "check", str(SEED), str(bad))
    assert code == 1
    assert f"{bad}\tERROR\tnot valid UTF-8" in out


def test_check_names_the_format_each_file_was_read_as(capsys) -> None:
    formats = FIXTURES / "formats"
    code, out, _ = run(capsys, "check", "--allow-empty", str(formats))
    assert code == 0  # the listing family has an empty file, as real ones do
    read_as = {
        (Path(line.split("\t")[0]).relative_to(formats).parts[0], line.split("\t")[2])
        for line in out.splitlines()
        if "\tOK\t" in line
    }
    families = ("arxiv-listing", "fenced", "hf-daily", "link-last", "numbered", "table")
    assert read_as == {(family, family) for family in families}
    assert f"{formats / 'table' / '2025-03-03.md'}\tOK\ttable\t2025-03-03\t5 papers\t0 warnings" in out


def test_check_fails_on_a_digest_without_papers_unless_allowed(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "2024-08-19.md"
    empty.write_text("# nothing today\n")
    code, out, _ = run(capsys, "check", str(empty))
    assert code == 1
    assert f"{empty}\tEMPTY\t" in out and "0 papers\t1 warning\n" in out
    code, out, _ = run(capsys, "check", "--allow-empty", str(empty))
    assert code == 0 and f"{empty}\tOK\t" in out


def test_check_and_library_piped_to_head_end_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    for command in (["check", str(FIXTURES)], ["library"]):
        done = subprocess.run(
            f"{sys.executable} -m paper_tui {' '.join(command)} | head -c 1",
            shell=True,
            capture_output=True,
            text=True,
            env={**__import__("os").environ, "PAPER_TUI_HOME": str(tmp_path)},
        )
        assert "Error" not in done.stderr and "internal error" not in done.stderr, done.stderr


def test_usage_error_exits_2(capsys) -> None:
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "usage:" in err


def test_missing_path_is_one_line_on_stderr(capsys) -> None:
    code, out, err = run(capsys, "list", str(SEED), "/no/such/file.md")
    assert code == 1
    assert len(out.splitlines()) == 7
    assert err == "paper-tui: /no/such/file.md: no such file or folder\n"


def test_export_json_has_the_documented_keys_and_readable_korean(capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "json", str(SEED))
    records = json.loads(out)
    assert code == 0 and len(records) == 7
    assert list(records[0]) == [
        "id",
        "date",
        "title",
        "url",
        "votes",
        "authors",
        "authors_truncated",
        "thumbnail",
        "comments",
        "sections",
        "source",
        "first_seen",
        "categories",
        "appearances",
        "read",
        "starred",
        "queued",
        "note",
    ]
    assert records[0]["date"] == "2024-08-19" and records[0]["votes"] == 61
    assert records[0]["first_seen"] == "2024-08-19"
    assert records[0]["appearances"] == [
        {
            "date": "2024-08-19",
            "source": str(SEED),
            "category": None,
            "votes": 61,
            "title": records[0]["title"],
        }
    ]
    assert records[0]["sections"][0]["name"] == "What's New"
    assert "새로운" in out and "\\u" not in out


def test_export_csv_columns_and_flattened_sections(capsys) -> None:
    code, out, _ = run(capsys, "export", "-f", "csv", str(SAMPLE))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 8
    assert rows[0]["id"] == "2502.11089"
    assert rows[0]["sections"].startswith("## What's New\n")
    assert rows[0]["authors"].startswith("Zhenda Xie; Lean Wang")


def test_export_bibtex_has_one_misc_entry_per_paper(capsys) -> None:
    code, out, _ = run(capsys, "export", "-f", "bibtex", str(SEED))
    assert code == 0
    assert out.count("@misc{") == 7
    assert "eprint = {2408.08872}" in out
    assert "archivePrefix = {arXiv}" in out
    assert "and others" in out  # the first paper's author list was truncated


def test_no_traceback_reaches_the_user_on_hostile_input(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_bytes(b"\x00" * 10 + b"\x1b[2J" * 100)
    folder = tmp_path / "folder"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "paper_tui", "list", str(hostile), str(folder)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"paper-tui: {folder}: folder holds no digest files (*.md, *.markdown, *.txt)",
        f"paper-tui: {hostile}: binary file (contains NUL bytes), not a markdown digest",
    ]


def test_list_reads_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paper_tui", "list", "-"],
        input=SAMPLE.read_bytes(),
        capture_output=True,
    )
    assert result.returncode == 0
    assert len(result.stdout.decode().splitlines()) == 8


def _broken(args: object) -> int:
    raise RuntimeError("boom")


def test_an_internal_error_is_one_line_and_no_log_without_debug(
    capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    monkeypatch.setattr("paper_tui.cli.reading_commands.command_list", _broken)
    code, out, err = run(capsys, "list", str(SEED))
    assert (code, out) == (1, "")
    assert err == "paper-tui: internal error: RuntimeError: boom\n"
    assert not (isolated_home / "state" / "debug.log").exists()


@pytest.mark.parametrize("command", ["list", "search"])
def test_debug_puts_the_traceback_in_the_log_and_one_line_on_stderr(
    capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path, command: str
) -> None:
    monkeypatch.setattr(f"paper_tui.cli.reading_commands.command_{command}", _broken)
    arguments = ["--debug", command, *(["-is:read"] if command == "search" else []), str(SEED)]
    code, out, err = run(capsys, *arguments)
    log = isolated_home / "state" / "debug.log"
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "paper-tui: internal error: RuntimeError: boom",
        f"paper-tui: the traceback is in {log}",
    ]
    assert "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError("boom")' in text and "RuntimeError: boom" in text
    assert f"Python {sys.version.split()[0]}" in text
    assert "textual 8.2." in text
    assert f"argv: {arguments!r}" in text
    assert "exit status 1" in text


def test_debug_leaves_a_run_without_errors_alone(capsys, isolated_home: Path) -> None:
    code, out, err = run(capsys, "--debug", "list", str(SEED))
    assert code == 0 and err == "" and len(out.splitlines()) == 7
    assert "exit status 0" in (isolated_home / "state" / "debug.log").read_text(encoding="utf-8")


def test_debug_for_the_app_logs_and_asks_the_app_to_log(
    capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    asked: list[object] = []

    def run_app(paths: list[str], **options: object) -> int:
        asked.append(options)
        raise RuntimeError("boom")

    monkeypatch.setattr("paper_tui.ui.app.run_app", run_app)
    code, _, err = run(capsys, "--debug", str(SEED))
    assert code == 1 and asked == [{"debug": True}]
    assert err.splitlines()[0] == "paper-tui: internal error: RuntimeError: boom"
    assert "RuntimeError: boom" in (isolated_home / "state" / "debug.log").read_text(encoding="utf-8")
    run(capsys, str(SEED))
    assert asked[-1] == {}  # without --debug, run_app is called as it always was


def test_an_error_inside_the_app_reaches_the_debug_log(
    capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    from textual.app import App

    from paper_tui.ui.app import PaperTuiApp

    def broken_screen(self: PaperTuiApp) -> object:
        raise RuntimeError("the screen broke")

    def headless(self: PaperTuiApp, **options: object) -> object:
        return App.run(self, headless=True)

    monkeypatch.setattr(PaperTuiApp, "get_default_screen", broken_screen)
    monkeypatch.setattr(PaperTuiApp, "run", headless)
    code, _, _ = run(capsys, "--debug", str(SEED))
    assert code == 1
    text = (isolated_home / "state" / "debug.log").read_text(encoding="utf-8")
    assert "the app stopped" in text and "RuntimeError: the screen broke" in text


def test_export_gives_one_record_per_paper_with_every_appearance(capsys, tmp_path: Path) -> None:
    block = "## Daily Papers (DAY)\n\n### [Same Paper](https://arxiv.org/abs/2410.90342v2)\n\nVote: VOTES\n"
    (tmp_path / "2024-10-16.md").write_text(block.replace("DAY", "2024-10-16").replace("VOTES", "9"))
    (tmp_path / "2024-10-18.md").write_text(block.replace("DAY", "2024-10-18").replace("VOTES", "3"))
    code, out, _ = run(capsys, "export", "--format", "json", str(tmp_path))
    (record,) = json.loads(out)
    assert code == 0 and record["id"] == "2410.90342" and record["votes"] == 9
    assert record["first_seen"] == "2024-10-16"
    assert [one["date"] for one in record["appearances"]] == ["2024-10-18", "2024-10-16"]
    code, out, _ = run(capsys, "export", "-f", "bibtex", str(tmp_path))
    assert out.count("@misc{") == 1
    code, out, _ = run(capsys, "export", "-f", "csv", str(tmp_path))
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["appearances"] == "2" and row["first_seen"] == "2024-10-16"
