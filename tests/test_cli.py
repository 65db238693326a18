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
from tests.conftest import DIGEST_FOLDERS, SAMPLE, SEED


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
        "Harbor-VL: An Open Family of Vision-Language Models for Nautical Charts",
    ]


@pytest.mark.parametrize("folder", DIGEST_FOLDERS)
def test_check_reports_each_file_and_exit_status(capsys, tmp_path: Path, folder: Path) -> None:
    bad = tmp_path / "broken.md"
    bad.write_bytes(b"\xff\xfe\xfa" * 20)
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 0
    assert out.count("\tOK\t") == len(list(folder.glob("*.md")))
    assert "2024-08-19.md\tOK\t2024-08-19\t7 papers\t0 warnings" in out
    code, out, _ = run(capsys, "check", str(SEED), str(bad))
    assert code == 1
    assert f"{bad}\tERROR\tnot valid UTF-8" in out


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
    ]
    assert records[0]["date"] == "2024-08-19" and records[0]["votes"] == 61
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
