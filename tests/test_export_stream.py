"""JSON export made and written a paper at a time (issue 14: the whole corpus's
export held 2.3 GB as one string): the same text as one `json.dumps` of the list,
and nothing made ahead of what is written."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_tui.cli import output
from paper_tui.export.formats import Marks, json_chunks, paper_record, to_json
from paper_tui.model import Appearance, Paper, Section

texts = st.text(alphabet=st.sampled_from(list('ab 한글"\\\n\t\u2028/{}[],:')), max_size=10)
papers = st.builds(
    Paper,
    st.from_regex(r"\d{4}\.\d{5}", fullmatch=True),
    texts,
    st.just("https://arxiv.org/abs/2502.00001"),
    st.one_of(st.none(), st.integers(0, 999)),
    st.lists(texts, max_size=2).map(tuple),
    st.booleans(),
    st.one_of(st.none(), texts),
    st.one_of(st.none(), texts),
    st.lists(st.builds(Section, texts, texts), max_size=2).map(tuple),
    st.one_of(st.none(), st.just(date(2025, 2, 19))),
    texts,
    st.integers(0, 99),
    st.lists(st.builds(Appearance, st.just(date(2025, 2, 19)), texts), max_size=2).map(tuple),
)


def marks_of(arxiv_id: str) -> Marks:
    return Marks(read=arxiv_id.endswith("1"), note=f"note {arxiv_id}\nline two")


@given(st.lists(papers, max_size=5), st.booleans(), st.integers(0, 6))
def test_the_pieces_are_the_text_of_one_dump(
    chosen: list[Paper], with_marks: bool, extras: int
) -> None:
    marks = marks_of if with_marks else None
    extra = [{"score": float(number)} for number in range(extras)]
    records = [paper_record(paper, None if marks is None else marks(paper.arxiv_id))
               for paper in chosen]
    for record, more in zip(records, extra, strict=False):
        record.update(more)
    expected = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    assert to_json(chosen, extra, marks) == expected
    assert json.loads(expected) == json.loads("".join(json_chunks(chosen, extra, marks)))


def test_no_paper_is_made_before_the_ones_ahead_of_it_are_written() -> None:
    made: list[int] = []

    def library() -> Iterator[Paper]:
        for number in range(3):
            made.append(number)
            yield Paper(f"2502.0000{number}", f"Title {number}", "https://arxiv.org/abs/x")

    chunks = json_chunks(library())
    first = next(chunks)
    assert made == [0] and first.startswith('[\n  {\n    "id": "2502.00000"')
    assert json.loads(first + "".join(chunks))[2]["title"] == "Title 2"


def test_writing_stops_making_pieces_once_the_reader_has_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class GoneReader(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr(output.sys, "stdout", GoneReader())
    monkeypatch.setattr(output, "quiet_stdout", lambda: None)
    asked: list[int] = []

    def pieces() -> Iterator[str]:
        for number in range(100):
            asked.append(number)
            yield "x" * 10

    output.write_chunks(pieces(), size=25)
    assert asked == [0, 1, 2]  # the third made 30 characters: written, refused, stopped
