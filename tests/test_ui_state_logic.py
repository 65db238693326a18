"""Property tests of the reading logic behind the keys: filter toggles and the unread tally."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paper_tui.library.loading import load
from paper_tui.search.query import has_state_filter as has_filter
from paper_tui.search.query import toggle_state_filter as toggle_filter
from paper_tui.ui.tally import UnreadTally
from tests.conftest import SEED

words = st.lists(
    st.sampled_from(
        [
            "video",
            "is:read",
            "is:unread",
            "-is:read",
            "IS:UNREAD",
            "is:starred",
            "a:kim",
            "is:unreadable",
            "x-is:read",
            '"is:unread"',
            "-is:unstarred",
            "date:2024",
        ]
    ),
    max_size=6,
)
filters = st.sampled_from(["unread", "starred"])


@given(words, filters)
def test_a_toggle_flips_whether_the_filter_is_on(query_words: list[str], token: str) -> None:
    query = " ".join(query_words)
    assert has_filter(toggle_filter(query, token), token) != has_filter(query, token)


@given(words, filters)
def test_toggling_on_then_off_gives_back_the_other_words(
    query_words: list[str], token: str
) -> None:
    query = " ".join(query_words)
    if has_filter(query, token):
        return
    assert toggle_filter(toggle_filter(query, token), token) == " ".join(query.split())


@given(words, filters)
def test_a_toggle_keeps_every_other_word(query_words: list[str], token: str) -> None:
    query = " ".join(query_words)
    toggled = toggle_filter(query, token)
    others = [word for word in query.split() if not has_filter(word, token)]
    assert [word for word in toggled.split() if not has_filter(word, token)] == others


def test_words_that_only_contain_the_filter_are_not_it() -> None:
    assert not has_filter("is:unreadable x-is:read", "unread")
    assert has_filter("video -is:read", "unread")
    assert has_filter("IS:UNREAD", "unread") and not has_filter('"is:unread"', "unread")


ids = st.sets(st.sampled_from([f"2408.{number:05d}" for number in range(12)]))


@given(
    ids,
    ids,
    ids,
    st.lists(
        st.tuples(
            st.sampled_from(sorted(f"2408.{number:05d}" for number in range(14))), st.booleans()
        ),
        max_size=20,
    ),
)
def test_the_tally_kept_by_steps_equals_a_recount(
    all_ids: set[str], shown: set[str], read: set[str], changes: list[tuple[str, bool]]
) -> None:
    all_frozen = frozenset(all_ids)
    shown_frozen = frozenset(shown & all_ids)
    tally = UnreadTally.count(all_frozen, shown_frozen, frozenset(read))
    for arxiv_id, now_read in changes:
        if (arxiv_id in read) != now_read:
            (read.add if now_read else read.discard)(arxiv_id)
            tally.marked(arxiv_id, now_read)
    recount = UnreadTally.count(all_frozen, shown_frozen, frozenset(read))
    assert (tally.total, tally.shown) == (recount.total, recount.shown)


def test_session_marks_read_and_keeps_the_tally() -> None:
    from paper_tui.store.reading_state import ReadingState
    from paper_tui.ui.session import ReadingSession

    papers = load([str(SEED)]).papers
    session = ReadingSession()
    assert session.unread_label(True) == "" and session.problem is not None
    session.opened(ReadingState.open())
    session.tally = session.count_unread(range(len(papers)), papers, same_papers=False)
    total = len({paper.arxiv_id for paper in papers})
    assert session.unread_label(True) == f"{total} unread"
    assert session.set_read(papers[0], True)
    assert not session.set_read(papers[0], True)  # nothing changed the second time
    assert session.flags(papers[0]).read
    assert session.unread_label(True) == f"{total - 1} unread"
    session.close()
    assert session.state is None and session.problem is not None
