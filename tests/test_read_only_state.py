"""A reading state on a read-only disk (issue 15, item 17): the lock cannot be made,
so the state is not opened, but its marks are still read (immutable, as nothing
can change it there) and `export --starred` keeps the starred papers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from paper_tui.cli.entry import main
from paper_tui.store import paths
from paper_tui.store.reading_state import ReadingState
from tests.conftest import SAMPLE


@pytest.fixture
def read_only_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A PAPER_TUI_HOME holding a state with one starred paper, on a read-only mount."""
    with ReadingState.open() as state:
        state.set_starred("2502.11089")
        state.set_note("2502.11089", "keep")
        state.set_queued("2502.11190")  # queued last of the sample's papers, then first
        state.set_queued("2502.12152")
    mount = tmp_path / "ro"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    made = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a read-only disk here (needs root and CAP_SYS_ADMIN)")
    try:
        shutil.copytree(paths.state_dir(), mount / "state")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        monkeypatch.setenv("PAPER_TUI_HOME", str(mount))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_export_starred_reads_the_marks_of_a_read_only_state(
    read_only_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--starred", "--format", "json", str(SAMPLE)])
    captured = capsys.readouterr()
    assert code == 0
    assert '"id": "2502.11089"' in captured.out and captured.out.count('"id": ') == 1
    assert '"note": "keep"' in captured.out
    assert "state.lock" in captured.err and "as saved" in captured.err


def test_the_brief_of_a_read_only_state_keeps_the_queue_in_its_order(
    read_only_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--queued", "--format", "brief", str(SAMPLE)])
    out = capsys.readouterr().out
    assert code == 0 and "2 queued" in out
    assert out.index("2502.11190") < out.index("2502.12152")


def test_marks_still_in_the_wal_of_a_read_only_state_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A disk snapshot taken while the app ran holds marks not yet checkpointed into
    the file, in state.sqlite3-wal (and no -shm, which SQLite cannot make on a
    read-only disk): they count as saved."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a read-only disk here (needs root and CAP_SYS_ADMIN)")
    try:
        with ReadingState.open() as state:
            state.set_starred("2502.12152")
            wal = paths.state_file().with_name(paths.state_file().name + "-wal")
            assert wal.stat().st_size > 0  # the mark is in the WAL, not yet in the file
            skipped = shutil.ignore_patterns("*.lock", "*-shm")  # a snapshot without the index
            shutil.copytree(paths.state_dir(), mount / "state", ignore=skipped)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        monkeypatch.setenv("PAPER_TUI_HOME", str(mount))
        code = main(["export", "--starred", "--format", "json", str(SAMPLE)])
        out = capsys.readouterr().out
        assert code == 0 and '"id": "2502.12152"' in out and out.count('"id": ') == 1
    finally:
        subprocess.run(["umount", str(mount)], check=False)
