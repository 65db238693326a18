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
    code, _, err = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and err == "" and not (isolated_home / "state").exists()


# -- similar -------------------------------------------------------------------------


def test_similar_prints_scored_lines_like_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "similar", "2502.12152", str(SAMPLE), "--limit", "3")
    assert code == 0 and err == ""
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 3 and all(len(fields) == 5 for fields in lines)
    assert "2502.12152" not in [fields[3] for fields in lines]
    scores = [float(fields[0]) for fields in lines]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("given", ["arXiv:2502.11089v2", "https://arxiv.org/abs/2502.11089"])
def test_similar_takes_an_id_as_a_user_writes_it(
    capsys: pytest.CaptureFixture[str], given: str
) -> None:
    assert run(capsys, "similar", given, str(SAMPLE), "-n", "2")[1] == run(
        capsys, "similar", "2502.11089", str(SAMPLE), "-n", "2"
    )[1]


def test_similar_options_may_come_anywhere_and_json_is_export_s_objects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    code, out, _ = run(capsys, "similar", "--json", "2502.11089", "-n", "2", str(SAMPLE))
    records = json.loads(out)
    assert code == 0 and len(records) == 2
    assert {"id", "title", "authors", "sections", "score", "read", "queued"} <= set(records[0])
    assert records[0]["score"] >= records[1]["score"] and records[0]["read"] is False


def test_similar_names_an_id_it_does_not_find(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "similar", "9999.99999", str(SAMPLE))
    assert (code, out) == (1, "")
    assert err == "paper-tui: 9999.99999: no paper with this id in these digests\n"
    assert run(capsys, "similar", "2502.11089", str(SAMPLE), "--limit", "-1")[0] == 2


# -- exports with the reading state ----------------------------------------------------


def marked_state() -> None:
    with ReadingState.open() as state:
        state.set_read("2502.11089")
        state.set_starred("2502.11089")
        state.set_note("2502.11089", "=1+1 읽기")
        state.set_queued("2502.12152")
        state.set_queued("2502.11196")


def test_export_json_and_csv_carry_the_state(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io
    import json

    marked_state()
    code, out, _ = run(capsys, "export", str(SAMPLE))
    records = {record["id"]: record for record in json.loads(out)}
    assert code == 0
    first = records["2502.11089"]
    assert (first["read"], first["starred"], first["queued"], first["note"]) == (
        True,
        True,
        False,
        "=1+1 읽기",
    )
    assert records["2502.12152"]["queued"] is True
    code, out, _ = run(capsys, "export", "-f", "csv", "--excel", str(SAMPLE))
    assert out.startswith("\ufeff")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))}
    assert rows["2502.11089"]["note"] == "'=1+1 읽기"
    assert rows["2502.11089"]["starred"] == "True"


def test_export_without_a_state_file_marks_nothing_and_makes_none(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    import json

    code, out, err = run(capsys, "export", str(SAMPLE))
    assert code == 0 and err == ""
    assert {record["read"] for record in json.loads(out)} == {False}
    assert not (isolated_home / "state").exists()


def test_export_queued_and_the_brief(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    marked_state()
    code, out, _ = run(capsys, "export", "--queued", str(SAMPLE))
    assert code == 0
    assert sorted(record["id"] for record in json.loads(out)) == ["2502.11196", "2502.12152"]
    code, out, _ = run(capsys, "export", "-f", "brief", str(SAMPLE))
    assert code == 0 and out.startswith("# Reading brief, ")
    queued, starred = out.split("## Queued\n")[1].split("## Starred\n")
    assert queued.index("Learning Getting-Up") < queued.index("How Do LLMs")  # queue order
    assert "Native Sparse Attention" in starred and "> =1+1 읽기" in starred


def test_export_ris_and_excel_only_for_csv(capsys: pytest.CaptureFixture[str]) -> None:
    import rispy

    code, out, _ = run(capsys, "export", "-f", "ris", str(SAMPLE))
    assert code == 0 and len(rispy.loads(out)) == 8
    code, _, err = run(capsys, "export", "-f", "json", "--excel", str(SAMPLE))
    assert code == 2 and "--excel is for --format csv" in err


def test_search_json_carries_the_marks_without_opening_the_state(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    marked_state()
    opened: list[object] = []
    real_open = ReadingState.open
    monkeypatch.setattr(ReadingState, "open", lambda path=None: opened.append(1) or real_open(path))
    code, out, _ = run(capsys, "search", "sparse attention", str(SAMPLE), "--json", "-n", "1")
    (record,) = json.loads(out)
    assert code == 0 and record["id"] == "2502.11089" and opened == []
    assert (record["read"], record["starred"], record["note"]) == (True, True, "=1+1 읽기")
