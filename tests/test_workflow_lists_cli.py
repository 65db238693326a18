"""`paper-tui feeds`, `mutes` and `follows`: the lists the app's F and f keep,
from the command line (list, add, remove; one line per problem; exit codes)."""

from __future__ import annotations

import pytest

from paper_tui.cli.entry import main
from paper_tui.store.reading_state import ReadingState
from tests.conftest import SAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_feeds_add_list_show_replace_and_remove(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "feeds") == (0, "", "")
    assert run(capsys, "feeds", "add", "  my   feed ", "diffusion -survey") == (
        0,
        "",
        "paper-tui: feed saved: my feed\n",
    )
    assert run(capsys, "feeds", "add", "second", 'a:"jun kim"')[0] == 0
    code, out, _ = run(capsys, "feeds", "list")
    assert code == 0 and out == 'my feed\tdiffusion -survey\nsecond\ta:"jun kim"\n'
    assert run(capsys, "feeds", "show", "my feed") == (0, "diffusion -survey\n", "")
    assert (
        run(capsys, "feeds", "add", "second", "agents")[2] == "paper-tui: feed replaced: second\n"
    )
    assert run(capsys, "feeds", "remove", "my feed")[0] == 0
    with ReadingState.open() as state:
        assert state.feeds() == {"second": "agents"}
    assert run(capsys, "feeds", "remove", "my feed") == (
        1,
        "",
        "paper-tui: no feed named my feed\n",
    )
    assert run(capsys, "feeds", "show", "nope")[0] == 1
    code, _, err = run(capsys, "feeds", "add", " ", "x")
    assert code == 2 and err == "paper-tui: a feed needs a name and a query\n"


def test_a_feed_name_with_escapes_is_listed_as_data(capsys: pytest.CaptureFixture[str]) -> None:
    with ReadingState.open() as state:
        state.save_feed("evil\x1b]0;PWNED\x07", "x\ty")
    code, out, _ = run(capsys, "feeds")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert out.count("\t") == 1 and out.endswith("x y\n")


def test_mutes_add_refuses_what_cannot_be_a_mute_and_hide_in_search(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "mutes", "add", "is:read")
    assert code == 2 and "reading state" in err and err.count("\n") == 1
    code, _, err = run(capsys, "mutes", "add", "--", "-survey")
    assert code == 2 and "only -words" in err
    assert run(capsys, "mutes", "add", "t:sparse") == (0, "", "")
    assert run(capsys, "mutes") == (0, "t:sparse\n", "")
    code, out, err = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and "2502.11089" not in out and "1 muted paper" in err
    assert run(capsys, "mutes", "remove", "t:sparse") == (0, "", "")
    assert run(capsys, "mutes", "remove", "t:sparse")[0] == 1
    code, out, _ = run(capsys, "search", "attention", str(SAMPLE))
    assert code == 0 and "2502.11089" in out


def test_follows_by_whole_name_whatever_the_case_and_spacing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "follows", "add", "Jun  KIM") == (0, "", "")
    assert run(capsys, "follows") == (0, "Jun KIM\n", "")
    with ReadingState.open() as state:
        assert state.is_followed("jun kim")
    assert run(capsys, "follows", "remove", "jun   kim") == (0, "", "")
    assert run(capsys, "follows") == (0, "", "")
    assert run(capsys, "follows", "remove", "nobody") == (
        1,
        "",
        "paper-tui: not followed: nobody\n",
    )
    assert run(capsys, "follows", "add", "  ")[0] == 2


def test_a_state_that_cannot_be_opened_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from paper_tui.store import StateError

    def refuse(path=None):  # type: ignore[no-untyped-def]
        raise StateError(Path("state.sqlite3"), "locked by another program")

    monkeypatch.setattr(ReadingState, "open", refuse)
    for argv in (["feeds"], ["mutes", "add", "survey"], ["follows", "add", "Jun Kim"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and err.count("\n") == 1 and "locked" in err
