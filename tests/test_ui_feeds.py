"""Feeds, mutes and followed authors in the app: F lists the feeds with their
counts and saves or mutes the search, d removes, mutes hide their papers from
every list (is:muted shows them), f follows an author, rows mark queued papers
and papers of followed authors, and the days panel lists the feeds."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from paper_tui.store import settings as settings_module
from paper_tui.ui.screens.authors import FollowAuthors
from paper_tui.ui.screens.feeds import FeedsScreen
from paper_tui.ui.screens.picker import Picker
from paper_tui.ui.screens.prompt import Prompt
from paper_tui.ui.widgets.status_bar import StatusBar
from tests.conftest import FIXTURE_DIGESTS
from tests.pilot import WIDE, make_app, started, until


@pytest.fixture(autouse=True)
def no_reading_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "DEFAULT_READ_DELAY", 3600.0)


def option_texts(screen) -> list[str]:  # type: ignore[no-untyped-def]
    options = screen.query_one(OptionList)
    return [str(option.prompt) for option in options.options]


async def pick(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight the first option holding `text` in the open list and press Enter."""
    options = pilot.app.screen.query_one(OptionList)
    number = next(n for n, o in enumerate(options.options) if text in str(o.prompt))
    options.highlighted = number
    await pilot.press("enter")


def author_query(screen) -> tuple[str, set[int]]:  # type: ignore[no-untyped-def]
    """A search for the first paper's first author, and the papers it finds."""
    author = screen.papers[0].authors[0]
    found = {n for n, paper in enumerate(screen.papers) if author in paper.authors}
    assert 0 < len(found) < len(screen.papers)
    return f'a:"{author}"', found


async def test_a_mute_hides_its_papers_everywhere_and_is_muted_shows_them() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        query, hidden = author_query(screen)
        everyone = len(screen.papers)
        await pilot.press("slash", *query, "enter")
        await until(pilot, lambda: screen.filtered and set(screen.paper_list.rows) == hidden)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        await pick(pilot, "Mute this search")
        await until(pilot, lambda: not screen.search_text)
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))
        assert not hidden & set(screen.paper_list.rows)
        assert screen.state.mutes() == (query,)
        bar = screen.query_one(StatusBar)
        await until(pilot, lambda: f"{len(hidden)} muted" in str(bar.render()))
        # a search finds no muted paper; is:muted shows just them
        screen.set_query("is:muted")
        await until(pilot, lambda: screen.filtered and set(screen.paper_list.rows) == hidden)
        screen.set_query("")
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))


async def test_mutes_saved_before_the_start_hide_papers_on_the_first_list() -> None:
    app = make_app(FIXTURE_DIGESTS)
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        query, hidden = author_query(screen)
        screen.state.mute(query)
        everyone = len(screen.papers)
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))
        assert not hidden & set(screen.paper_list.rows)


async def test_lifting_a_mute_in_the_feeds_screen_shows_its_papers_again() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        query, hidden = author_query(screen)
        everyone = len(screen.papers)
        screen.state.mute(query)
        screen.set_query("")
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        assert any(f"hides {len(hidden)}" in text for text in option_texts(pilot.app.screen))
        options = pilot.app.screen.query_one(OptionList)
        options.highlighted = next(
            n for n, o in enumerate(options.options) if "muted" in str(o.prompt)
        )
        await pilot.press("d")
        await until(pilot, lambda: not screen.state.mutes())
        assert not any("hides" in text for text in option_texts(pilot.app.screen))
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone)


async def test_the_search_saved_as_a_feed_is_listed_with_counts_and_enter_shows_it() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        query, found = author_query(screen)
        await pilot.press("slash", *query, "enter")
        await until(pilot, lambda: screen.filtered and set(screen.paper_list.rows) == found)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        await pick(pilot, "Save this search as a feed")
        await until(pilot, lambda: isinstance(pilot.app.screen, Prompt))
        await pilot.press(*"mine", "enter")
        await until(pilot, lambda: screen.state.feeds() == {"mine": query})
        screen.set_query("")
        await until(pilot, lambda: not screen.filtered)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        noun = "paper" if len(found) == 1 else "papers"
        assert any(
            "mine" in t and f"{len(found)} {noun} · {len(found)} unread" in t
            for t in option_texts(pilot.app.screen)
        )
        assert not any("Save this search" in t for t in option_texts(pilot.app.screen))
        await pick(pilot, "mine")
        await until(pilot, lambda: screen.search_text == query)
        await until(pilot, lambda: screen.filtered and set(screen.paper_list.rows) == found)


async def test_a_blank_feed_name_is_not_taken_and_esc_saves_nothing() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        await pilot.press("slash", *"diffusion", "enter")
        await until(pilot, lambda: screen.filtered)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        await pick(pilot, "Save this search")
        await until(pilot, lambda: isinstance(pilot.app.screen, Prompt))
        await pilot.press("space", "enter")
        assert isinstance(pilot.app.screen, Prompt)
        assert pilot.app.screen.query_one(Input).value == " "
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(pilot.app.screen, Prompt))
        assert screen.state.feeds() == {}


async def test_a_search_that_cannot_be_a_mute_says_why() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        await pilot.press("slash", *"is:unread", "enter")
        await until(pilot, lambda: screen.filtered)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        texts = option_texts(pilot.app.screen)
        assert any("cannot mute" in t and "reading state" in t for t in texts)
        assert not any("Mute this search" in t for t in texts)


async def test_f_follows_an_author_marks_their_papers_and_gathers_them_in_following() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        _, found = author_query(screen)
        author = screen.papers[0].authors[0]
        screen.go_to_paper(0)
        await until(pilot, lambda: screen.highlighted is screen.papers[0])
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, FollowAuthors))
        await pilot.press("enter")  # the first author; the list stays for more
        await until(pilot, lambda: screen.state.is_followed(author))
        assert str(pilot.app.screen.query_one(OptionList).options[0].prompt).startswith("✓ ")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(pilot.app.screen, FollowAuthors))
        flags = screen.session.flags
        assert all(flags(screen.papers[n]).followed for n in found)
        assert not any(
            flags(paper).followed for n, paper in enumerate(screen.papers) if n not in found
        )
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        await pick(pilot, "Following")
        await until(pilot, lambda: screen.search_text == "is:followed")
        await until(pilot, lambda: screen.filtered and set(screen.paper_list.rows) == found)
        # Enter on a followed author stops following them
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, FollowAuthors))
        await pilot.press("enter")
        await until(pilot, lambda: not screen.state.is_followed(author))
        assert str(pilot.app.screen.query_one(OptionList).options[0].prompt).startswith("  ")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(pilot.app.screen, FollowAuthors))
        assert not flags(screen.papers[0]).followed
        await until(pilot, lambda: screen.filtered and not screen.paper_list.rows)


async def test_queued_papers_are_marked_in_their_rows() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        paper = screen.highlighted
        assert not screen.session.flags(paper).queued
        await pilot.press("Q")
        await until(pilot, lambda: screen.session.flags(paper).queued)
        line = screen.paper_list.render_line(screen.paper_list.cursor_offset)
        assert "»" in line.text


async def test_the_days_panel_lists_the_feeds_above_the_days() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        query, found = author_query(screen)
        screen.state.save_feed("mine", query)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(pilot.app.screen, Picker), tries=2000)
        first = option_texts(pilot.app.screen)[0]
        assert "mine" in first and f"{len(found)} " in first
        await pilot.press("enter")
        await until(pilot, lambda: screen.search_text == query)


def test_similar_papers_leave_out_what_the_mutes_hide() -> None:
    from paper_tui.library.loading import load
    from paper_tui.ui.searching import Searcher

    papers = load([str(FIXTURE_DIGESTS)]).papers
    searcher = Searcher(papers)
    searcher.fill()
    found = searcher.similar(0, limit=5)
    assert found, "the fixtures hold papers like the first one"
    muted = papers[found[0][0]]
    mute = f'a:"{muted.authors[0]}"'
    hidden = {n for n, paper in enumerate(papers) if muted.authors[0] in paper.authors}
    again = searcher.similar(0, limit=5, mutes=[mute])
    assert again and not hidden & {position for position, _ in again}
    kept = [pair for pair in found if pair[0] not in hidden]
    assert again[: len(kept)] == kept  # the rest keep their order


async def test_go_to_paper_in_the_palette_offers_no_muted_paper() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.state is not None)
        paper = screen.papers[0]
        screen.state.mute(f'a:"{paper.authors[0]}"')
        outcome = screen.searcher().search(paper.title, limit=20, mutes=screen.mutes())
        assert 0 not in list(outcome.rows)
        assert 0 in list(screen.searcher().search(paper.title, limit=20).rows)


async def test_going_to_a_paper_from_a_search_keeps_the_mutes() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        query, hidden = author_query(screen)
        everyone = len(screen.papers)
        screen.state.mute(query)
        screen.set_query("")
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))
        await pilot.press("B")  # only starred: none, so any paper is off the list
        await until(pilot, lambda: screen.filtered and not screen.paper_list.rows)
        target = next(n for n in range(everyone) if n not in hidden)
        screen.go_to_paper(target)
        assert screen.highlighted is screen.papers[target]
        assert not hidden & set(screen.paper_list.rows)
        assert len(screen.paper_list.rows) == everyone - len(hidden)
        screen.go_to_paper(min(hidden))  # a muted paper is not shown, it is said
        assert screen.highlighted is screen.papers[target]


async def test_mutes_and_follows_changed_elsewhere_apply_when_the_state_is_read_again() -> None:
    from paper_tui.store.reading_state import ReadingState

    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        query, hidden = author_query(screen)
        everyone = len(screen.papers)
        author = screen.papers[0].authors[0]
        assert not screen.session.flags(screen.papers[0]).followed
        with ReadingState.open() as other:  # the CLI, or another instance
            other.mute(query)
            other.follow(author)
        screen._app_focus_changed(True)
        await until(pilot, lambda: len(screen.paper_list.rows) == everyone - len(hidden))
        await until(pilot, lambda: screen.session.flags(screen.papers[0]).followed)


async def test_feed_names_with_escapes_are_said_as_plain_text() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        screen.state.save_feed("evil\x1b[5;41mBLINK", "agent")
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        options = pilot.app.screen.query_one(OptionList)
        options.highlighted = next(
            n for n, o in enumerate(options.options) if "BLINK" in str(o.prompt)
        )
        await pilot.press("d")
        await until(pilot, lambda: not screen.state.feeds())
        said = [n.message for n in pilot.app._notifications]
        assert any("BLINK" in m for m in said) and not any("\x1b" in m for m in said)


async def test_a_search_matching_every_paper_cannot_be_muted() -> None:
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        screen.set_query("date:1900..2100")
        await until(pilot, lambda: screen.filtered)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        texts = option_texts(pilot.app.screen)
        assert any("cannot mute" in t and "every paper" in t for t in texts)


async def test_F_pressed_twice_opens_one_feeds_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from paper_tui.ui import feeds

    real = feeds.feed_entries

    def slow(*arguments):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return real(*arguments)

    monkeypatch.setattr(feeds, "feed_entries", slow)
    async with make_app(FIXTURE_DIGESTS).run_test(size=WIDE) as pilot:
        await started(pilot)
        await pilot.press("F", "F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen), tries=2000)
        await pilot.pause(0.8)
        assert sum(isinstance(s, FeedsScreen) for s in pilot.app.screen_stack) == 1
