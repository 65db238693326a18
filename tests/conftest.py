"""Shared fixtures: synthetic digests in tests/fixtures, the real ones in ../shared, and an
isolated home for every test.

Every test that needs *a* digest reads the synthetic ones written for the project, so the
suite runs on a plain clone. Tests that check the real corpus carry `@pytest.mark.shared`
and are skipped, with the reason shown, where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "assets" / "sample-digest.md"

FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_DIGESTS = FIXTURES / "digests"
"""One synthetic Daily Papers digest per era of the format, 2023-11 to 2025-02."""
FIXTURE_ARXIV_DIGESTS = FIXTURES / "digests-arxiv"
"""Synthetic arXiv-listing digests (`New uploads on arXiv(cs.XX)`, `### Title (url)`)."""
FORMS = FIXTURES / "forms" / "2024-09-02.md"
"""Forms the parser reads that the real corpus does not use (`__X__`, `**X:**`, ...)."""
SEED = FIXTURE_DIGESTS / "2024-08-19.md"
"""The synthetic seed: the 2024-08-19 form, 7 papers, the first one 2408.08872 with 61 votes."""

SHARED = REPO.parent / "shared"
DIGESTS = SHARED / "digests"
ARXIV_DIGESTS = SHARED / "digests-arxiv"
REAL_SEED = DIGESTS / "2024-08-19.md"
SHARED_ABSENT = "real digests in ../shared are absent (CI has them)"

shared = pytest.mark.shared
"""For tests of the real digests in ../shared: skipped where they are absent."""


def shared_present() -> bool:
    return DIGESTS.is_dir() and ARXIV_DIGESTS.is_dir()


def fixture_digest_files() -> list[Path]:
    """Every synthetic digest of tests/fixtures (both families)."""
    return sorted([*FIXTURE_DIGESTS.glob("*.md"), *FIXTURE_ARXIV_DIGESTS.glob("*.md")])


def real_digest_files() -> list[Path]:
    """Every real digest the tests may read (never copied into the repo)."""
    return sorted([*DIGESTS.glob("*.md"), *ARXIV_DIGESTS.glob("*.md")])


def every_digest_file() -> list[Any]:
    """Parameters for a test of each digest file: the synthetic ones everywhere, the real
    ones marked `shared` (one skipped stand-in where ../shared is absent)."""
    synthetic = [pytest.param(path, id=f"fixtures/{path.name}") for path in fixture_digest_files()]
    real = [
        pytest.param(path, id=f"shared/{path.name}", marks=shared) for path in real_digest_files()
    ]
    return synthetic + (real or [pytest.param(DIGESTS, id="shared", marks=shared)])


DIGEST_FOLDERS = [
    pytest.param(FIXTURE_DIGESTS, id="fixtures"),
    pytest.param(DIGESTS, id="shared", marks=shared),
]
"""Parameters for a test of a whole folder of digests: the synthetic one and the real one."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shared_present():
        return
    skip = pytest.mark.skip(reason=SHARED_ABSENT)
    for item in items:
        if item.get_closest_marker("shared") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data, cache and state path at a temporary folder."""
    home = tmp_path / "paper-tui-home"
    monkeypatch.setenv("PAPER_TUI_HOME", str(home))
    return home
