"""The first frame: a few small files (a day's digest, the bundled sample before
there is a library) are loaded before it, so it shows their titles; a folder or
anything larger loads after it, in a worker ("Loading…" first)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paper_tui.ui import digest_loader
from paper_tui.ui.digest_loader import DigestLoader
from paper_tui.ui.widgets.paper_list import PaperList
from tests.conftest import FIXTURE_DIGESTS, SEED
from tests.pilot import WIDE, make_app, started


def test_a_few_small_files_are_quick_and_folders_stdin_and_big_loads_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DigestLoader([str(SEED)]).quick()
    assert not DigestLoader([str(FIXTURE_DIGESTS)]).quick()  # a folder: maybe years
    assert not DigestLoader(["-"], stdin_data=b"# x").quick()
    assert not DigestLoader([str(tmp_path / "missing.md")]).quick()
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert not DigestLoader([str(fifo)]).quick()  # never opened, never waited on
    many = [str(SEED)] * (digest_loader.QUICK_FILES + 1)
    assert not DigestLoader(many).quick()
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 100)
    monkeypatch.setattr(digest_loader, "QUICK_BYTES", 99)
    assert not DigestLoader([str(big)]).quick()


def test_the_sample_is_quick_only_while_there_is_no_library() -> None:
    from paper_tui.store import paths

    assert DigestLoader([]).quick()
    paths.library_dir().mkdir(parents=True)
    assert not DigestLoader([]).quick()  # the library may hold years


def first_list_frame(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records how many rows the list had the first time it drew a line."""
    seen: list[int] = []
    draw = PaperList.render_line

    def recording(self: PaperList, y: int):  # type: ignore[no-untyped-def]
        if not seen:
            seen.append(len(self.rows))
        return draw(self, y)

    monkeypatch.setattr(PaperList, "render_line", recording)
    return seen


async def test_a_day_s_digest_is_in_the_first_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = first_list_frame(monkeypatch)
    async with make_app(SEED).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert seen == [len(screen.papers)] and seen[0] == 7
        assert screen.state is not None  # opened in a worker just after the first frame


async def test_a_folder_loads_after_the_first_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = first_list_frame(monkeypatch)
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert seen == [0] and len(screen.papers) > 0


async def test_a_quick_load_that_fails_falls_back_to_the_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = DigestLoader.__call__

    def flaky(self, progress):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OSError("the disk hiccuped")
        return real(self, progress)

    monkeypatch.setattr(DigestLoader, "__call__", flaky)
    async with make_app(SEED).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        assert len(calls) == 2 and len(screen.papers) == 7
        assert screen.state is not None
