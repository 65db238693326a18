"""`paper-tui search QUERY PATH...`: the app's engine and syntax on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.search.hangul import chosung_of
from tests.conftest import DIGEST_FOLDERS, DIGESTS, FIXTURE_DIGESTS, SAMPLE, shared


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["search", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_prints_ranked_tab_separated_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "sparse attention", str(SAMPLE))
    assert status == 0 and err == ""
    lines = out.splitlines()
    _score, day, votes, arxiv_id, title = lines[0].split("\t")
    assert (day, votes, arxiv_id) == ("2025-02-19", "71", "2502.11089")
    assert title.startswith("Native Sparse Attention")
    scores = [float(line.split("\t")[0]) for line in lines]
    assert scores == sorted(scores, reverse=True)


def test_json_is_export_records_with_a_score(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "언어 모델", str(SAMPLE), "--json", "--limit", "2")
    records = json.loads(out)
    assert status == 0 and len(records) == 2
    assert {"id", "title", "authors", "sections", "score"} <= set(records[0])
    assert records[0]["score"] >= records[1]["score"]


def test_limit_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "language", str(SAMPLE), "-n", "1")[1].count("\n") == 1
    status, out, _ = run(capsys, "zzzznothing", str(SAMPLE))
    assert status == 0 and out == ""


def test_hints_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "votes:lots", str(SAMPLE))
    assert status == 0
    assert "paper-tui: hint: votes:lots" in err
    assert len(out.splitlines()) == 8  # the malformed filter is dropped, not the papers


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        # 희소 모델: "Sparse Experts for Tiny Speech Recognizers"
        pytest.param(FIXTURE_DIGESTS, "2502.11210", id="fixtures"),
        # 확산 모델: Continuous Diffusion Model
        pytest.param(DIGESTS, "2502.11564", id="shared", marks=shared),
    ],
)
def test_chosung_over_digests(
    capsys: pytest.CaptureFixture[str], folder: Path, expected: str
) -> None:
    status, out, _ = run(capsys, "ㅎㅅ ㅁㄷ", str(folder), "--json")
    records = json.loads(out)
    assert status == 0 and records
    assert expected in [r["id"] for r in records]
    for record in records:
        text = " ".join([record["title"], *(section["text"] for section in record["sections"])])
        consonants = chosung_of(text)
        assert chosung_of("희소") in consonants and chosung_of("모델") in consonants


@pytest.mark.parametrize("folder", DIGEST_FOLDERS)
def test_filters_over_digests(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    status, out, _ = run(capsys, "date:2024-08 votes:>20", str(folder), "--json")
    records = json.loads(out)
    assert status == 0 and records
    assert all(r["date"].startswith("2024-08") and r["votes"] > 20 for r in records)


def test_missing_path_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "x", "/no/such/place")
    assert status == 1
    assert err.strip().splitlines()[0].startswith("paper-tui: /no/such/place")


def test_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paper_tui", "search", "a:zhenda", str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2502.11089" in done.stdout


def test_a_query_starting_with_a_dash_is_a_query(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "-attention", str(SAMPLE), "--limit", "3")
    assert status == 0, err
    assert len(out.splitlines()) == 3
    assert all("attention" not in line.casefold() for line in out.splitlines())


def test_options_after_a_double_dash_and_the_paths_still_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "--", "-attention", str(SAMPLE), "--limit", "2", "--json")
    assert status == 0, err
    assert len(json.loads(out)) == 2


@pytest.mark.parametrize(
    ("query", "opens"),
    [
        pytest.param("-is:read", True, id="negated-filter"),
        pytest.param("is:starred attention", True, id="filter"),
        pytest.param("title:is:x", False, id="title-words"),
        pytest.param('"is: a title"', False, id="phrase"),
        pytest.param("is: a title", False, id="empty-filter"),
    ],
)
def test_the_reading_state_is_opened_only_for_a_state_filter(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, query: str, opens: bool
) -> None:
    from paper_tui.store.reading_state import ReadingState

    opened: list[object] = []
    real_open = ReadingState.open

    def spy(path: Path | None = None) -> ReadingState:
        opened.append(path)
        return real_open(path)

    monkeypatch.setattr(ReadingState, "open", spy)
    status, _, err = run(capsys, query, str(SAMPLE))
    assert status == 0, err
    assert bool(opened) is opens
    assert "need reading state" not in err


def lines_of(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_sort_orders_the_results_as_sort_in_the_query(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "모델", str(SAMPLE), "--sort", "votes")
    assert status == 0 and err == ""
    votes = [int(fields[2]) for fields in lines_of(out) if fields[2].isdigit()]
    assert votes == sorted(votes, reverse=True) and len(votes) > 2
    assert run(capsys, "모델 sort:votes", str(SAMPLE))[1] == out


def test_sort_may_be_reversed_and_come_anywhere(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "모델", str(SAMPLE), "--sort", "-date")
    days = [fields[1] for fields in lines_of(out)]
    assert status == 0 and days == sorted(days)
    assert run(capsys, "--sort=-date", "모델", str(SAMPLE))[1] == out


def test_sort_wins_over_the_querys(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "모델 sort:date", str(SAMPLE), "--sort", "title")[1]
    titles = [fields[4].casefold() for fields in lines_of(out)]
    assert titles == sorted(titles)


def test_an_unknown_sort_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "모델", str(SAMPLE), "--sort", "best")
    assert status != 0 and "--sort" in err
