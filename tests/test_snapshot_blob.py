"""The library snapshot blob (issue 14): merged papers out and back, equal; any
damage a ValueError, never other papers."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.model import Appearance, Digest, LoadError, Paper, ParseWarning, Section
from paper_tui.store import snapshot
from paper_tui.store.snapshot import Snapshot, decode_snapshot, encode_snapshot
from paper_tui.store.text_packs import POSITION_BITS


@pytest.fixture(autouse=True, scope="module", params=["python", "numpy"])
def checked_by(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test twice: columns checked and texts looked up in plain Python, then
    with numpy (as a large library's are), which must agree on every blob."""
    before = snapshot.VECTOR_AT
    snapshot.VECTOR_AT = 1 if request.param == "numpy" else 1 << 62
    yield request.param
    snapshot.VECTOR_AT = before


class PackStore:
    """A `TextStore` in memory: texts in packs of three, each pack with a checksum."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.packs: dict[int, list[str]] = {}
        self.refs: dict[str, int] = {}
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        if text in self.refs:
            return
        pack = max(self.packs, default=1)
        if len(self.packs.get(pack, [])) >= 3:
            pack += 1
        own = self.packs.setdefault(pack, [])
        self.refs[text] = pack << POSITION_BITS | len(own)
        own.append(text)

    def checksum(self, pack: int) -> int:
        return zlib.crc32("\0".join(self.packs[pack]).encode("utf-8", "surrogatepass"))

    def text_refs(self, texts: Sequence[str]) -> Mapping[str, int] | None:
        return {text: self.refs[text] for text in texts if text in self.refs}

    def pack_checksums(self, packs: Iterable[int]) -> Mapping[int, int] | None:
        return {pack: self.checksum(pack) for pack in packs if pack in self.packs}

    def pack_texts(self, wanted: Mapping[int, int]) -> Mapping[int, Sequence[str]] | None:
        if any(
            pack not in self.packs or self.checksum(pack) != sum_ for pack, sum_ in wanted.items()
        ):
            return None
        return {pack: list(self.packs[pack]) for pack in wanted}


def store_of(papers: Sequence[Paper]) -> PackStore:
    return PackStore(
        section.text
        for paper in papers
        for group in (paper.sections, *(one.sections for one in paper.appearances))
        for section in group
    )


_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
_days = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))
_votes = st.none() | st.integers(-(2**40), 2**40)
_sections = st.lists(st.builds(Section, _text, _text), max_size=3).map(tuple)
_appearances = st.builds(
    Appearance,
    date=_days,
    source=_text,
    format=_text,
    category=_text,
    votes=_votes,
    title=_text,
    sections=_sections,
    line=st.integers(0, 10**6),
)
_papers = st.builds(
    Paper,
    arxiv_id=_text,
    title=_text,
    url=_text,
    votes=_votes,
    authors=st.lists(_text, max_size=4).map(tuple),
    authors_truncated=st.booleans(),
    thumbnail=st.none() | _text,
    comments=st.none() | _text,
    sections=_sections,
    date=_days,
    source=_text,
    line=st.integers(0, 10**6),
    appearances=st.lists(_appearances, max_size=3).map(tuple),
)
_outlines = st.builds(
    Digest,
    date=_days,
    source=_text,
    papers=st.just(()),
    warnings=st.lists(st.builds(ParseWarning, _text, st.integers(0, 10**6), _text), max_size=3).map(
        tuple
    ),
    title=_text,
    format=_text,
    category=_text,
)
_errors = st.builds(LoadError, _text, _text)


def sample() -> tuple[list[Paper], list[Digest], list[LoadError]]:
    shared = (Section("What's New", "새로운 점"), Section("Technical Details", "details"))
    papers = [
        Paper(
            "2408.00001",
            "A paper",
            "https://arxiv.org/abs/2408.00001",
            votes=12,
            authors=("Kim", "Lee"),
            sections=shared,
            date=date(2024, 8, 19),
            source="/d/2024-08-19.md",
            line=3,
            appearances=(
                Appearance(
                    date(2024, 8, 19), "/d/2024-08-19.md", "hf-daily", "", 12, "A paper", shared, 3
                ),
                Appearance(
                    date(2024, 8, 20),
                    "/d/2024-08-20.md",
                    "arxiv-listing",
                    "cs.CL",
                    None,
                    "A paper",
                    (Section("Summary", "another text"),),
                    9,
                ),
            ),
        ),
        Paper(
            "2408.00002", "Second", "https://arxiv.org/abs/2408.00002", thumbnail="https://x/t.png"
        ),
    ]
    outlines = [
        Digest(
            date(2024, 8, 20),
            "/d/2024-08-20.md",
            (),
            (ParseWarning("/d/2024-08-20.md", 4, "odd line"),),
            "Title",
            "arxiv-listing",
            "cs.CL",
        ),
        Digest(None, "/d/undated.md", ()),
    ]
    return papers, outlines, [LoadError("/d/bad.md", "not UTF-8 text")]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_papers, max_size=4), st.lists(_outlines, max_size=3), st.lists(_errors, max_size=2)
)
def test_any_papers_outlines_and_errors_come_back_equal(
    papers: list[Paper], outlines: list[Digest], errors: list[LoadError]
) -> None:
    store = store_of(papers)
    blob = encode_snapshot(papers, outlines, errors, store)
    assert blob is not None
    assert decode_snapshot(blob, store) == Snapshot(tuple(papers), tuple(outlines), tuple(errors))


def test_a_text_the_store_does_not_hold_makes_no_snapshot() -> None:
    papers, outlines, errors = sample()
    store = store_of(papers)
    del store.refs["another text"]
    assert encode_snapshot(papers, outlines, errors, store) is None


def test_a_nul_in_a_title_makes_no_snapshot() -> None:
    papers, outlines, errors = sample()
    papers[1] = Paper("2408.00002", "Sec\x00ond", "u")
    assert encode_snapshot(papers, outlines, errors, store_of(papers)) is None


def test_every_flipped_byte_and_every_cut_is_refused() -> None:
    papers, outlines, errors = sample()
    store = store_of(papers)
    blob = encode_snapshot(papers, outlines, errors, store)
    assert blob is not None
    assert decode_snapshot(blob, store).papers == tuple(papers)
    for at in range(len(blob)):
        damaged = bytearray(blob)
        damaged[at] ^= 0x41
        with pytest.raises(ValueError):
            decode_snapshot(bytes(damaged), store)
    for length in range(len(blob)):
        with pytest.raises(ValueError):
            decode_snapshot(blob[:length], store)
    with pytest.raises(ValueError):
        decode_snapshot(blob + b"\0" * 8, store)


def test_a_pack_changed_since_is_refused_not_read() -> None:
    papers, outlines, errors = sample()
    store = store_of(papers)
    blob = encode_snapshot(papers, outlines, errors, store)
    assert blob is not None
    first = min(store.packs)
    store.packs[first] = ["other", "texts", "here"]  # the pack number reused for other texts
    with pytest.raises(ValueError, match="pack"):
        decode_snapshot(blob, store)
    del store.packs[first]
    with pytest.raises(ValueError, match="pack"):
        decode_snapshot(blob, store)


def test_a_snapshot_shares_each_text_and_each_date() -> None:
    papers, outlines, errors = sample()
    store = store_of(papers)
    blob = encode_snapshot(papers, outlines, errors, store)
    assert blob is not None
    paper = decode_snapshot(blob, store).papers[0]
    assert paper.sections is paper.appearances[0].sections  # one tuple, not two equal ones
    assert paper.date is paper.appearances[0].date
