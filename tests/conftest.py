"""Shared fixtures: real digests from ../shared, and an isolated home for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DIGESTS = SHARED / "digests"
ARXIV_DIGESTS = SHARED / "digests-arxiv"
SAMPLE = REPO / "assets" / "sample-digest.md"
SEED = DIGESTS / "2024-08-19.md"


def real_digest_files() -> list[Path]:
    """Every real digest the tests may read (never copied into the repo)."""
    return sorted([*DIGESTS.glob("*.md"), *ARXIV_DIGESTS.glob("*.md")])


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data, cache and state path at a temporary folder."""
    home = tmp_path / "paper-tui-home"
    monkeypatch.setenv("PAPER_TUI_HOME", str(home))
    return home
