"""`store.columns.from_columns`: the model's frozen dataclasses built a column at
a time are the very objects their constructors make, and a class it cannot build
that way is refused."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.model import Appearance, Paper, Section
from paper_tui.store.columns import from_columns

texts = st.text(max_size=12)
days = st.one_of(st.none(), st.dates(min_value=date(1991, 1, 1), max_value=date(2100, 1, 1)))
votes = st.one_of(st.none(), st.integers(-(2**40), 2**40))
sections = st.lists(st.builds(Section, texts, texts), max_size=3).map(tuple)
appearances = st.builds(
    Appearance, days, texts, texts, texts, votes, texts, sections, st.integers(0, 10**6)
)
papers = st.builds(
    Paper,
    texts,
    texts,
    texts,
    votes,
    st.lists(texts, max_size=3).map(tuple),
    st.booleans(),
    st.one_of(st.none(), texts),
    st.one_of(st.none(), texts),
    sections,
    days,
    texts,
    st.integers(0, 10**6),
    st.lists(appearances, max_size=3).map(tuple),
)


def _columns(rows: list[object]) -> list[list[object]]:
    """The rows' fields, a list per field (what a snapshot stores)."""
    names = [field.name for field in dataclasses.fields(type(rows[0]))] if rows else []
    return [[getattr(row, name) for row in rows] for name in names]


@given(st.lists(papers, max_size=8))
def test_papers_from_columns_are_the_papers(rows: list[Paper]) -> None:
    built = from_columns(Paper, *_columns(rows)) if rows else from_columns(Paper, *[[]] * 13)
    assert built == rows
    assert [hash(paper) for paper in built] == [hash(paper) for paper in rows]
    assert all(type(paper) is Paper for paper in built)


@given(st.lists(appearances, min_size=1, max_size=8))
def test_appearances_from_columns_are_the_appearances(rows: list[Appearance]) -> None:
    built = from_columns(Appearance, *_columns(rows))
    assert built == rows
    assert [repr(one) for one in built] == [repr(one) for one in rows]


def test_every_field_lands_in_its_own_slot() -> None:
    (section,) = from_columns(Section, ["Technical Details"], ["본문"])
    assert (section.name, section.text) == ("Technical Details", "본문")
    assert section == Section("Technical Details", "본문")


def test_what_it_builds_stays_frozen() -> None:
    (section,) = from_columns(Section, ["a"], ["b"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        section.text = "changed"  # type: ignore[misc]


def test_columns_of_unequal_length_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        from_columns(Section, ["a", "b"], ["only one"])


def test_a_missing_or_extra_column_is_refused() -> None:
    with pytest.raises(ValueError, match="2 fields, not 1"):
        from_columns(Section, ["a"])
    with pytest.raises(ValueError, match="2 fields, not 3"):
        from_columns(Section, ["a"], ["b"], ["c"])


def test_a_class_whose_init_does_more_than_store_is_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        value: int
        double: int = dataclasses.field(init=False, default=0)

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        value: int

    class Plain:
        __slots__ = ("value",)

    with pytest.raises(TypeError, match="__post_init__"):
        from_columns(Checked, [-1])
    with pytest.raises(TypeError, match="does not take"):
        from_columns(Derived, [1])
    with pytest.raises(TypeError, match="not a dataclass with slots"):
        from_columns(Unslotted, [1])
    with pytest.raises(TypeError, match="not a dataclass with slots"):
        from_columns(Plain, [1])
