"""The generated two-year arXiv-listing corpus (bench/listings.py) holds what its
manifest says, as the parser reads it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from listings import LISTINGS_PER_PAPER, generate, write_listing_file  # noqa: E402

from paper_tui.library import load  # noqa: E402


def test_the_generated_corpus_holds_the_counts_its_manifest_says(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=0.012, seed=3)
    files = sorted(tmp_path.rglob("*.md"))
    sizes = [path.stat().st_size for path in files]
    assert manifest.files == len(files)
    assert manifest.empty == sizes.count(0)
    assert manifest.non_empty == len(files) - sizes.count(0) > 0
    assert manifest.bytes == sum(sizes)
    assert all(path.parent.name.count("-") == 2 and path.name.startswith("cs.") for path in files)
    result = load([str(tmp_path)], workers=1)
    entries = sum(len(digest.papers) for digest in result.digests)
    assert entries == manifest.entries
    assert len(result.papers) == manifest.papers
    assert 3 < manifest.entries / manifest.papers < 1.2 * LISTINGS_PER_PAPER
    for digest_file in {digest.source for digest in result.digests if digest.papers}:
        listed = sum(len(d.papers) for d in result.digests if d.source == digest_file)
        assert 100 <= listed <= 1700
    newest = [d for d in result.digests if d.date and d.date.isoformat() == manifest.newest_day]
    assert sum(len(digest.papers) for digest in newest) == manifest.newest_day_entries > 0


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", scale=0.004, seed=1)
    second = generate(tmp_path / "b", scale=0.004, seed=1)
    assert first == second
    for path in sorted((tmp_path / "a").rglob("*.md")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes()


def test_one_listing_file_has_the_entries_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "2024-12-24_cs.CL.md"
    write_listing_file(path, 1413)
    result = load([str(path)])
    assert len(result.papers) == 1413
    assert result.digests[0].format == "arxiv-listing"
    assert result.digests[0].category == "cs.CL"
