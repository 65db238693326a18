"""`postings.Words`, a block's vocabulary as a view of its `joined` string:
it must answer exactly as the sorted list of words it stands for would."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.search.postings import Words

WORD = st.text(
    alphabet=st.sampled_from("abcxyz가나ㄱ0\U0010ffff"), min_size=1, max_size=6
)


def layout(vocabulary: list[str]) -> tuple[str, np.ndarray]:
    """(joined, token starts) as `build_postings` lays out a vocabulary."""
    joined = "\n" + "\n".join(vocabulary) + "\n"
    starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum([len(word) + 1 for word in vocabulary], out=starts[1:])
    starts += 1
    return joined, starts


def words_of(vocabulary: list[str]) -> Words:
    return Words(*layout(vocabulary))


@settings(max_examples=300, deadline=None)
@given(
    vocabulary=st.sets(WORD, max_size=300).map(sorted),
    probes=st.lists(st.text(alphabet="abcxyz가ㄱ0\U0010ffff", max_size=7), max_size=20),
    low=st.integers(min_value=0, max_value=310),
)
def test_bisect_finds_what_bisect_left_finds_on_the_list(
    vocabulary: list[str], probes: list[str], low: int
) -> None:
    words = words_of(vocabulary)
    low = min(low, len(vocabulary))
    for probe in [*probes, *vocabulary, *(word + "\U0010ffff" for word in vocabulary)]:
        assert words.bisect(probe) == bisect_left(vocabulary, probe)
        assert words.bisect(probe, low) == bisect_left(vocabulary, probe, low)


@settings(max_examples=200, deadline=None)
@given(vocabulary=st.sets(WORD, max_size=200).map(sorted), data=st.data())
def test_items_slices_and_chosen_numbers_cut_the_same_words(
    vocabulary: list[str], data: st.DataObject
) -> None:
    words = words_of(vocabulary)
    assert len(words) == len(vocabulary)
    assert list(words) == vocabulary
    assert words == vocabulary
    for place in range(-len(vocabulary), len(vocabulary)):
        assert words[place] == vocabulary[place]
    start = data.draw(st.integers(-5, len(vocabulary) + 5))
    stop = data.draw(st.integers(-5, len(vocabulary) + 5))
    assert words[start:stop] == vocabulary[start:stop]
    numbers = data.draw(st.lists(st.integers(0, max(len(vocabulary) - 1, 0)), max_size=50))
    if not vocabulary:
        numbers = []
    chosen = Words(*layout(vocabulary), np.array(numbers, dtype=np.int64))
    assert list(chosen) == [vocabulary[number] for number in numbers]
    if numbers:
        places = np.arange(len(numbers) - 1, -1, -1, dtype=np.int64)
        assert chosen.take(places) == [vocabulary[number] for number in reversed(numbers)]


def test_a_word_past_either_end_is_an_index_error() -> None:
    words = words_of(["a", "b"])
    with pytest.raises(IndexError):
        words[2]
    with pytest.raises(IndexError):
        words[-3]
    assert words_of([]).bisect("a") == 0
    assert list(words_of([])) == []
