"""A plain `Title (url)` heading is read without mistletoe, exactly as mistletoe reads it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paper_tui.digest.markdown import _MISTLETOE, _tokenized_heading_link, heading_link

PLAIN = st.text(
    st.characters(blacklist_characters="[]*_`\\<>!&~\n\r", blacklist_categories=("Cs", "Cc")),
    max_size=60,
)


@given(PLAIN, st.sampled_from(["https://arxiv.org/abs/2412.13825", "http://arxiv.org/pdf/2401.1"]))
def test_a_plain_heading_reads_as_mistletoe_reads_it(title: str, url: str) -> None:
    for raw in (f"{title} ({url})", f"{title}({url})  ", title):
        with _MISTLETOE:
            expected = _tokenized_heading_link(raw)
        assert heading_link(raw) == expected
