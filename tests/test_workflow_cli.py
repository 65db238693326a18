"""The reading workflow on the command line (issue 13): mutes in `search`, `similar`,
and exports carrying the reading state."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.store.reading_state import ReadingState
from tests.conftest import SAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ids_of(out: str) -> list[str]:
    return [line.split("\t")[3] for line in out.splitlines()]


def test_search_hides_muted_papers_and_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and err == "" and "2502.11089" in ids_of(out)
    with ReadingState.open() as state:
        state.mute("t:sparse")
    opened: list[object] = []
    real_open = ReadingState.open
    monkeypatch.setattr(ReadingState, "open", lambda path=None: opened.append(1) or real_open(path))
    code, out, err = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and "2502.11089" not in ids_of(out)
    assert err == "paper-tui: hint: 1 muted paper not shown (is:muted shows them)\n"
    assert opened == []  # mutes are read without opening the state
    code, out, err = run(capsys, "search", "attention is:muted", str(SAMPLE))
    assert code == 0 and ids_of(out) == ["2502.11089"] and err == ""
    code, out, _ = run(capsys, "search", "-is:read", str(SAMPLE))
    assert "2502.11089" not in ids_of(out)


def test_search_without_a_state_file_mutes_nothing(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    code, out, err = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and err == "" and not (isolated_home / "state").exists()
