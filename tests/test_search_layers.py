"""How a block of the index is split: `postings` builds the arrays and knows
nothing of searching; `segment` keeps them (and only them is stored)."""

from __future__ import annotations

import dataclasses
import pickle

import grimp
import numpy as np
import pytest

from paper_tui.search.engine import FORMAT_VERSION, SearchIndex
from paper_tui.search.postings import Postings, build_postings
from paper_tui.search.segment import Floats, Segment
from tests.test_search import CORPUS

POSTINGS = "paper_tui.search.postings"
SEGMENT = "paper_tui.search.segment"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("paper_tui")


def test_postings_does_not_import_segment(graph: grimp.ImportGraph) -> None:
    # grimp counts imports under TYPE_CHECKING too: no back edge of any kind.
    assert SEGMENT not in graph.find_modules_directly_imported_by(POSTINGS)
    assert graph.find_shortest_chain(importer=POSTINGS, imported=SEGMENT) is None


def test_segment_builds_on_postings(graph: grimp.ImportGraph) -> None:
    assert POSTINGS in graph.find_modules_directly_imported_by(SEGMENT)


def test_postings_are_frozen() -> None:
    postings = build_postings(CORPUS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        postings.size = 0  # type: ignore[misc]
    assert postings.size == len(CORPUS)


def test_a_block_builds_the_same_postings_as_build_postings() -> None:
    block, alone = Segment(CORPUS), build_postings(CORPUS)
    for field in dataclasses.fields(Postings):
        mine, theirs = getattr(block.postings, field.name), getattr(alone, field.name)
        if hasattr(mine, "dtype"):
            assert mine.dtype == theirs.dtype, field.name
            assert (mine == theirs).all(), field.name
        else:
            assert mine == theirs, field.name
    assert block.size == alone.size


def test_a_pickled_block_holds_its_postings_only() -> None:
    block = Segment(CORPUS)
    weights = all_fields(block)
    expected = block.word_scores("diffusion", weights)  # fills the per-word caches
    assert expected.any()
    assert block.__getstate__() == {"postings": block.postings}
    again = pickle.loads(pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.size == block.size
    again.attach(CORPUS)
    assert (again.word_scores("diffusion", weights) == expected).all()


def test_a_block_stored_by_an_older_version_is_built_again() -> None:
    block = Segment(CORPUS)
    old = pickle.dumps((FORMAT_VERSION - 1, block), protocol=pickle.HIGHEST_PROTOCOL)
    index = SearchIndex()
    assert index.extend_block(CORPUS, old) is not None


def test_a_block_pickled_in_another_layout_is_refused() -> None:
    block = Segment.__new__(Segment)
    with pytest.raises(TypeError):
        block.__setstate__({"size": 3, "vocabulary": ["a"]})


def all_fields(block: Segment) -> Floats:
    """Weight 1 for every field of the block."""
    return np.ones(block.postings.field_codes, dtype=np.float32)
