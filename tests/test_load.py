"""Loading files, folders and stdin: sorted newest first, errors per file."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from paper_tui.library.loading import find_digest_files, load, sample_digest_path
from tests.conftest import DIGEST_FOLDERS, SAMPLE

PAPER = "### [T{n}](https://arxiv.org/abs/2401.0000{n})\n\n- **What's New**: x\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_folder_is_searched_recursively_for_digest_suffixes(tmp_path: Path) -> None:
    write(tmp_path / "2024" / "01" / "2024-01-01.md", PAPER.format(n=1))
    write(tmp_path / "2024" / "01" / "2024-01-02.markdown", PAPER.format(n=2))
    write(tmp_path / "2024-01-03.txt", PAPER.format(n=3))
    write(tmp_path / "image.png", b"\x89PNG")
    write(tmp_path / ".hidden" / "2024-01-04.md", PAPER.format(n=4))
    result = load([str(tmp_path)])
    assert not result.errors
    assert [digest.date for digest in result.digests] == [
        date(2024, 1, 3),
        date(2024, 1, 2),
        date(2024, 1, 1),
    ]


def test_bad_files_are_reported_and_the_rest_load(tmp_path: Path) -> None:
    good = write(tmp_path / "2024-01-01.md", PAPER.format(n=1))
    bad = write(tmp_path / "2024-01-02.md", b"\x00\x01binary")
    result = load([str(good), str(bad), str(tmp_path / "missing.md")])
    assert [paper.arxiv_id for paper in result.papers] == ["2401.00001"]
    assert sorted(error.path for error in result.errors) == sorted(
        [str(bad), str(tmp_path / "missing.md")]
    )
    assert all(error.reason for error in result.errors)


def test_stdin_is_read_for_dash() -> None:
    result = load(["-"], stdin=io.BytesIO(SAMPLE.read_bytes()))
    assert len(result.papers) == 8
    assert result.digests[0].source == "<stdin>"


@pytest.mark.parametrize("folder", DIGEST_FOLDERS)
def test_digests_load_newest_first_in_parallel(folder: Path) -> None:
    result = load([str(folder)], workers=2)
    dates = [digest.date for digest in result.digests]
    assert dates == sorted(dates, reverse=True)
    assert len(result.papers) == sum(
        text.count("\n### [") + text.startswith("### [")
        for text in (path.read_text(encoding="utf-8") for path in folder.glob("*.md"))
    )


def test_parallel_and_serial_loads_agree(tmp_path: Path, monkeypatch) -> None:
    import paper_tui.library.loading as library

    for day in range(1, 21):
        write(tmp_path / f"2024-02-{day:02d}.md", PAPER.format(n=day % 10))
    monkeypatch.setattr(library, "PARALLEL_MIN_BYTES", 0)
    parallel = load([str(tmp_path)], workers=2)
    serial = load([str(tmp_path)], workers=1)
    assert parallel == serial
    assert len(parallel.digests) == 20


def test_empty_folder_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, errors = find_digest_files([str(tmp_path / "empty"), str(SAMPLE), str(SAMPLE)])
    assert files == [str(SAMPLE)]
    assert [error.reason for error in errors] == [
        "folder holds no digest files (*.md, *.markdown, *.txt)"
    ]


def test_sample_digest_is_found() -> None:
    assert sample_digest_path().read_bytes() == SAMPLE.read_bytes()


def test_a_days_digest_loads_without_the_process_pool_machinery() -> None:
    """multiprocessing and concurrent.futures.process cost the first frame ~15 ms;
    a load too small to parse in parallel never imports them."""
    import subprocess
    import sys

    code = (
        "import sys; from paper_tui.library import load, sample_digest_path; "
        "result = load([str(sample_digest_path())]); assert result.papers; "
        "print(sorted(m for m in ('multiprocessing', 'concurrent.futures.process') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
