"""The parse cache's compact format (issue 14): section texts stored once in
compressed packs shared by every file, zstd rows, a cache a fraction of the
digests' size, and damage to a pack caught like damage to a row."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from paper_tui.library.loading import load
from paper_tui.model import Digest, Paper, Section
from paper_tui.store import compression, packing, parse_cache, text_packs
from paper_tui.store.parse_cache import CACHE_FORMAT, FileKey, ParseCache, file_key
from paper_tui.store.snapshot import decode_snapshot, encode_snapshot
from paper_tui.store.text_packs import POSITION_BITS, key_checksum

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from listings import generate


@pytest.fixture(scope="module")
def listings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine days of generated arXiv listings (papers listed ~4.7 times), old mtimes."""
    folder = tmp_path_factory.mktemp("listings")
    generate(folder, scale=0.012, seed=5)
    for path in folder.rglob("*.md"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    return folder


def open_cache(tmp_path: Path) -> ParseCache:
    return ParseCache.open(tmp_path / "cache" / "parse-cache.sqlite3")


def digest_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.md"))


def count(path: Path, query: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(query).fetchone()[0])


def test_a_warm_load_equals_a_fresh_parse(tmp_path: Path, listings: Path) -> None:
    fresh = load([str(listings)], workers=1)
    with open_cache(tmp_path) as cache:
        assert load([str(listings)], cache=cache) == fresh
    with open_cache(tmp_path) as cache:
        assert load([str(listings)], cache=cache) == fresh
        assert cache.misses == 0 and cache.warnings == []


def test_a_summary_listed_in_several_files_is_stored_once(tmp_path: Path, listings: Path) -> None:
    with open_cache(tmp_path) as cache:
        result = load([str(listings)], cache=cache)
        path = cache.path
    sections = [
        section for digest in result.digests for p in digest.papers for section in p.sections
    ]
    distinct = {section.text for section in sections}
    assert count(path, "SELECT sum(texts) FROM packs") == len(distinct) < len(sections) / 2


def test_entries_with_the_same_summary_share_one_tuple_of_sections(
    tmp_path: Path, listings: Path
) -> None:
    with open_cache(tmp_path) as cache:
        load([str(listings)], cache=cache)
    for cold_or_warm in range(2):
        with open_cache(tmp_path) as cache:
            result = load([str(listings)], cache=cache)
        entries = [paper for digest in result.digests for paper in digest.papers]
        by_text: dict[tuple[tuple[str, str], ...], set[int]] = {}
        for entry in entries:
            key = tuple((section.name, section.text) for section in entry.sections)
            by_text.setdefault(key, set()).add(id(entry.sections))
        assert len({id(entry.sections) for entry in entries}) == len(by_text), cold_or_warm


def test_the_cache_is_at_most_two_fifths_of_the_digests(tmp_path: Path, listings: Path) -> None:
    from paper_tui.library.index_cache import cached_search_index

    with open_cache(tmp_path) as cache:
        result = load([str(listings)], cache=cache)
        cached_search_index(cache, result.papers)  # the index's blocks are in it too
        path = cache.path
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert count(path, "PRAGMA user_version") == CACHE_FORMAT
    assert path.stat().st_size <= 0.4 * digest_bytes(listings)


def flip_a_bit_in_a_pack(path: Path) -> bytes:
    """Damage one stored pack (its checksum left as it was); its damaged data."""
    with sqlite3.connect(path) as connection:
        pack, data = connection.execute("SELECT pack, data FROM packs LIMIT 1").fetchone()
        damaged = bytearray(data)
        damaged[len(damaged) // 2] ^= 0x10
        connection.execute("UPDATE packs SET data = ? WHERE pack = ?", (bytes(damaged), pack))
    return bytes(damaged)


def test_a_flipped_bit_in_a_pack_parses_its_files_again(tmp_path: Path, listings: Path) -> None:
    with open_cache(tmp_path) as cache:
        expected = load([str(listings)], cache=cache)
        path = cache.path
    damaged = flip_a_bit_in_a_pack(path)
    with open_cache(tmp_path) as cache:
        assert load([str(listings)], cache=cache) == expected
        assert cache.misses >= 1
        assert len(cache.warnings) == 1 and "damaged" in cache.warnings[0]
    with open_cache(tmp_path) as cache:  # the pack was dropped and its texts stored again
        assert load([str(listings)], cache=cache) == expected
        assert cache.misses == 0 and cache.warnings == []
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT pack, texts, data, checksum FROM packs").fetchall()
    assert damaged not in {row[2] for row in rows}
    assert all(row[3] == text_packs.pack_checksum(*row[:3]) for row in rows)


def test_a_lost_pack_parses_its_files_again(tmp_path: Path, listings: Path) -> None:
    with open_cache(tmp_path) as cache:
        expected = load([str(listings)], cache=cache)
        path = cache.path
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM packs WHERE pack = (SELECT max(pack) FROM packs)")
    with open_cache(tmp_path) as cache:
        assert load([str(listings)], cache=cache) == expected
        assert cache.misses >= 1


def test_packs_no_file_reads_are_dropped(tmp_path: Path, listings: Path) -> None:
    newest_day = sorted(path.parent for path in listings.rglob("*.md"))[-1]
    edited_files = sorted(path for path in newest_day.glob("*.md") if path.stat().st_size)
    originals = {path: path.read_bytes() for path in edited_files}
    with open_cache(tmp_path) as cache:
        load([str(listings)], cache=cache)
        path = cache.path
    texts_before = count(path, "SELECT count(*) FROM text_keys")
    try:
        for edited in edited_files:  # the newest day's texts are read by it alone
            edited.write_bytes(b"New uploads on arXiv(cs.AI)\n")
            os.utime(edited, (1_700_000_100, 1_700_000_100))
        with open_cache(tmp_path) as cache:
            load([str(listings)], cache=cache)
        with sqlite3.connect(path) as connection:
            used = set()
            for (blob,) in connection.execute("SELECT packs FROM entries"):
                used.update(text_packs.refs_of(blob))
            stored = {row[0] for row in connection.execute("SELECT pack FROM packs")}
        assert stored == used
        assert count(path, "SELECT count(*) FROM text_keys") < texts_before
        assert count(path, "SELECT count(*) FROM text_keys") == count(
            path, "SELECT sum(texts) FROM packs"
        )
    finally:
        for edited, original in originals.items():
            edited.write_bytes(original)
            os.utime(edited, (1_700_000_000, 1_700_000_000))


def test_a_frame_claiming_a_huge_size_is_refused_before_it_is_read() -> None:
    frame = bytearray(compression.compress(b"x" * 1000))
    import zstandard

    claims = zstandard.ZstdCompressor(write_content_size=True).compress(b"y" * 10_000_000)
    with pytest.raises(ValueError):
        compression.decompress(claims[:40])  # its header says 10 MB; 40 bytes follow
    frame[-1] ^= 0xFF
    with pytest.raises(ValueError):
        compression.decompress(bytes(frame))
    with pytest.raises(ValueError):
        compression.decompress(b"not a frame at all")


def test_texts_given_split_decode_as_the_blob_does() -> None:
    from paper_tui.model import Digest, Paper, Section

    paper = Paper("2401.00001", "T", "u", sections=(Section("A", "가 a"), Section("B", "b")))
    packed = packing.encode([Digest(None, "x.md", (paper, paper))])
    assert packed is not None
    texts = packing.split_texts(packed)
    shared: packing.SharedSections = {}
    split = packing.decode(packed.meta, texts.texts, "x.md", None, shared, texts.keys)
    assert split == packing.decode(packed.meta, packed.text, "x.md")
    assert split[0].papers[0].sections is split[0].papers[1].sections
    with pytest.raises(ValueError):
        packing.decode(packed.meta, texts.texts[:-1], "x.md")


def _texts_of(result_digests: object) -> list[str]:
    return list(
        dict.fromkeys(
            section.text
            for digest in result_digests  # type: ignore[attr-defined]
            for paper in digest.papers
            for section in paper.sections
        )
    )


def cached_texts(tmp_path: Path, listings: Path) -> list[str]:
    """Load `listings` through a new cache; the distinct section texts."""
    with open_cache(tmp_path) as cache:
        return _texts_of(load([str(listings)], cache=cache).digests)


def listing_files(listings: Path) -> list[str]:
    return [str(path) for path in sorted(listings.rglob("*.md"))]


def _refs_by_key(tmp_path: Path, texts: list[str]) -> dict[str, int]:
    """The refs a cache that met nothing finds for `texts` (by hashing each and
    asking SQLite): what remembered refs must agree with."""
    with open_cache(tmp_path) as cache:
        refs = cache.text_refs(texts)
    assert refs is not None
    return dict(refs)


def _count_key_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    asked: list[int] = []
    original = text_packs.stored_refs

    def counting(connection: sqlite3.Connection, keys: list[bytes]) -> dict[bytes, int]:
        asked.append(len(keys))
        return original(connection, keys)

    monkeypatch.setattr(text_packs, "stored_refs", counting)
    return asked


def test_texts_read_from_packs_give_their_refs_without_asking_again(
    tmp_path: Path, listings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = cached_texts(tmp_path, listings)
    expected = _refs_by_key(tmp_path, texts)
    assert len(expected) == len(texts) > 100
    with open_cache(tmp_path) as cache:
        files = listing_files(listings)
        hits, _ = cache.lookup(files)
        assert len(hits) == len(files)
        asked = _count_key_lookups(monkeypatch)
        assert cache.text_refs(texts) == expected
        assert asked == []  # every text was met: no key hashed, none asked for
        monkeypatch.undo()
        assert cache.text_refs(texts) == expected  # asked once: forgotten, asked again


def test_texts_just_stored_give_their_refs_without_asking_again(
    tmp_path: Path, listings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_cache(tmp_path) as cache:
        texts = _texts_of(load([str(listings)], cache=cache, workers=1).digests)
        asked = _count_key_lookups(monkeypatch)
        cold = cache.text_refs(texts)
    monkeypatch.undo()
    assert asked == []
    assert cold == _refs_by_key(tmp_path, texts)


def test_a_pack_replaced_by_another_process_is_not_trusted(
    tmp_path: Path, listings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = cached_texts(tmp_path, listings)
    expected = _refs_by_key(tmp_path, texts)
    with open_cache(tmp_path) as cache:
        cache.lookup(listing_files(listings))
        # Another instance rewrites pack 1 under the same number (other texts):
        # what this cache met of it is stale, the rest still stands.
        with sqlite3.connect(cache.path) as other:
            pack, texts_count = other.execute(
                "SELECT pack, texts FROM packs ORDER BY pack LIMIT 1"
            ).fetchone()
            changed = compression.compress("\0".join(["other"] * texts_count).encode("utf-16-le"))
            other.execute(
                "UPDATE packs SET data = ?, checksum = ? WHERE pack = ?",
                (changed, text_packs.pack_checksum(pack, texts_count, changed), pack),
            )
        asked = _count_key_lookups(monkeypatch)
        refs = cache.text_refs(texts)
    in_pack = [text for text, ref in expected.items() if ref >> text_packs.POSITION_BITS == pack]
    assert in_pack and asked == [len(in_pack)]  # only the texts of that pack, by key
    assert refs == expected  # their keys still name those refs (the keys table is untouched)


def test_a_pack_dropped_as_damaged_forgets_every_ref_met(
    tmp_path: Path, listings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_cache(tmp_path) as cache:
        texts = _texts_of(load([str(listings)], cache=cache).digests)
        path = cache.path
    flip_a_bit_in_a_pack(path)
    with open_cache(tmp_path) as cache:
        hits, _ = cache.lookup(listing_files(listings))
        assert hits and "damaged" in cache.warnings[0]
        asked = _count_key_lookups(monkeypatch)
        refs = cache.text_refs(texts)
    # Its number may be reused: nothing met is trusted, every text asked for by key.
    assert asked == [len(texts)]
    assert refs is not None and len(refs) < len(texts)  # the damaged pack's are gone


def _one_file(folder: Path, name: str, texts: list[str]) -> tuple[FileKey, tuple[Digest, ...]]:
    """A settled file and a digest of one paper whose sections hold `texts`."""
    path = folder / name
    path.write_text(name, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    key = file_key(str(path))
    assert key is not None
    paper = Paper(
        f"2401.0000{len(name)}",
        "t",
        "https://arxiv.org/abs/x",
        sections=tuple(Section("S", text) for text in texts),
    )
    return key, (Digest(date(2024, 1, 1), str(path), (paper,)),)


def _rewrite_pack_one(path: Path, texts: list[str]) -> None:
    """Another process replaces pack 1 under its number with other texts (and keys)."""
    with sqlite3.connect(path) as other:
        data = compression.compress("\0".join(texts).encode("utf-16-le"))
        other.execute(
            "UPDATE packs SET texts = ?, data = ?, checksum = ? WHERE pack = 1",
            (len(texts), data, text_packs.pack_checksum(1, len(texts), data)),
        )
        other.execute("DELETE FROM text_keys")
        for position, text in enumerate(texts):
            key, ref = packing.text_key(text.encode("utf-16-le")), 1 << POSITION_BITS | position
            other.execute(
                "INSERT INTO text_keys VALUES (?, ?, ?)", (key, ref, key_checksum(key, ref))
            )


def _snapshot_texts(papers: tuple[Paper, ...], cache: ParseCache) -> list[str] | None:
    blob = encode_snapshot(papers, [], [], cache)
    if blob is None:
        return None
    return [section.text for section in decode_snapshot(blob, cache).papers[0].sections]


def test_a_store_after_another_process_replaced_a_pack_trusts_nothing_of_it(
    tmp_path: Path,
) -> None:
    """Refs met of pack 1, then pack 1 replaced, then a store that finds a text in
    the new pack 1: the old refs must not pass as standing (they named other texts)."""
    path = tmp_path / "cache.sqlite3"
    first = _one_file(tmp_path, "f1.md", ["ALPHA", "BETA"])
    with ParseCache.open(path) as cache:
        cache.store([first])
    with ParseCache.open(path) as cache:
        hits, _ = cache.lookup([first[0].path])
        papers = hits[first[0].path][0].papers
        _rewrite_pack_one(path, ["OMEGA", "PSI"])
        cache.store([_one_file(tmp_path, "f2.md", ["OMEGA"])])
        assert _snapshot_texts(papers, cache) in (None, ["ALPHA", "BETA"])


def test_a_pack_replaced_while_it_is_read_is_known_by_the_row_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checksum remembered for a pack is that of the row its texts came from,
    not of a second look (which would see the replacement and vouch for old refs)."""
    path = tmp_path / "cache.sqlite3"
    first = _one_file(tmp_path, "f1.md", ["ALPHA"])
    with ParseCache.open(path) as cache:
        cache.store([first])
    read = parse_cache.read_packs

    def replaced_right_after(*arguments: Any) -> Any:
        found = read(*arguments)
        _rewrite_pack_one(path, ["OMEGA"])
        return found

    monkeypatch.setattr(parse_cache, "read_packs", replaced_right_after)
    with ParseCache.open(path) as cache:
        hits, _ = cache.lookup([first[0].path])
        monkeypatch.undo()
        papers = hits[first[0].path][0].papers
        assert [section.text for section in papers[0].sections] == ["ALPHA"]
        assert _snapshot_texts(papers, cache) in (None, ["ALPHA"])
