"""Digest text is shown, never obeyed: markup, escapes and unsafe links in the UI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from paper_tui.model import LoadError, Paper, Section
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.screens.reader import ReaderScreen
from paper_tui.ui.widgets.paper_detail import DetailText, PaperDetail, render_paper
from tests.pilot import app_with, started, until

MARKUP_TITLE = "[bold red]x[/] Evil [link=file:///etc/passwd]title[/link]"
ESCAPED_TITLE = "Red \x1b[31mALERT\x1b[0m \x1b]0;pwned\x07title"


def evil_paper() -> Paper:
    return Paper(
        arxiv_id="2408.00001",
        title=MARKUP_TITLE,
        url="https://arxiv.org/abs/2408.00001",
        votes=5,
        authors=("[i]Mallory[/i]", "Bob"),
        sections=(
            Section("What's New", "run [this](javascript:alert(1)) or [that](file:///etc/passwd)"),
            Section("Details \x1b[2J", "ok [paper](https://example.org/x) \x1b[31mred"),
        ),
        date=date(2024, 8, 19),
    )








def list_text(pilot: Pilot[int]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen.paper_list.render_line(0).text


async def test_markup_in_a_title_shows_literally_in_list_and_detail() -> None:
    async with app_with(evil_paper()).run_test(size=(160, 30)) as pilot:
        screen = await started(pilot)
        assert "[bold red]x[/] Evil" in list_text(pilot)
        header = screen.detail.query_one(".detail-header", DetailText)
        assert MARKUP_TITLE in str(header.render())
        assert "[i]Mallory[/i]" in str(header.render())


async def test_escape_sequences_are_stripped_before_rendering() -> None:
    paper = Paper("2408.00002", ESCAPED_TITLE, "https://arxiv.org/abs/2408.00002", votes=1)
    async with app_with(paper).run_test(size=(120, 30)) as pilot:
        screen = await started(pilot)
        row = list_text(pilot)
        assert "\x1b" not in row and "\x07" not in row
        assert "Red ALERT title" in row
        header = str(screen.detail.query_one(".detail-header", DetailText).render())
        assert "\x1b" not in header and "Red ALERT title" in header


def test_section_text_and_names_are_cleaned() -> None:
    view = render_paper(evil_paper())
    assert "\x1b" not in view.sections[1].body.plain
    assert "\x1b" not in view.sections[1].name


def test_javascript_and_file_links_are_not_clickable() -> None:
    view = render_paper(evil_paper())
    assert view.sections[0].links == ()
    assert view.sections[1].links == ("https://example.org/x",)


async def test_unsafe_url_is_never_handed_to_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    bad = Paper("2408.00003", "Bad link", "javascript:alert(1)")
    app = app_with(bad)
    opened = capture_urls(monkeypatch)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("o")
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        screen.open_link("file:///etc/passwd")
        assert opened == []
        assert any("only http(s)" in notification.message for notification in app._notifications)


async def test_clicking_a_safe_link_in_the_detail_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    app = app_with(evil_paper())
    opened = capture_urls(monkeypatch)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await started(pilot)
        second = list(screen.detail.query(".section-body").results(DetailText))[1]
        # The click lands where the screen last painted: wait until the link is there
        # (the detail's text is laid out and drawn), not for a fixed pause.
        await until(pilot, lambda: link_painted_at(screen, second, (4, 0)))
        await pilot.click(second, offset=(4, 0))  # "ok paper red": the link is "paper"
        await until(pilot, lambda: bool(opened))
        await pilot.pause()
        assert opened == ["https://example.org/x"]


def capture_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs handed to the browser (which opens them all)."""
    from paper_tui.ui import links

    opened: list[str] = []

    def open_in_browser(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(links, "open_in_browser", open_in_browser)
    return opened


def link_painted_at(screen: ReaderScreen, widget: DetailText, offset: tuple[int, int]) -> bool:
    """Whether the screen shows `widget` at `offset` inside it with a link there."""
    region = widget.region
    if region.width <= offset[0] or region.height <= offset[1]:
        return False
    x, y = region.x + offset[0], region.y + offset[1]
    try:
        under, _ = screen.get_widget_at(x, y)
        style = screen.get_style_at(x, y)
    except Exception:  # not composited yet
        return False
    return under is widget and "@click" in style.meta


async def test_markup_in_a_failed_path_shows_literally() -> None:
    error = LoadError("[bold]digest[/bold].md", "no such file or folder")
    app = app_with(errors=(error,))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await started(pilot)
        # A notification is a message of its own: wait for it to be shown, then read it.
        await until(pilot, lambda: len(app._notifications) > 0)
        messages = [notification.message for notification in app._notifications]
        assert "[bold]digest[/bold].md: no such file or folder" in messages
        assert screen.paper_list.rows == range(0)


async def test_empty_library_shows_an_empty_state(tmp_path: Path) -> None:
    empty = tmp_path / "2024-01-01.md"
    empty.write_text("", encoding="utf-8")
    app = PaperTuiApp([str(empty)], blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await started(pilot)
        assert screen.papers == ()
        assert "No papers" in screen.paper_list.render_line(1).text
        assert isinstance(screen.detail, PaperDetail)
        assert "Nothing to read" in str(
            screen.detail.query_one(".detail-header", DetailText).render()
        )


async def test_each_failing_file_gets_one_notification(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    binary = tmp_path / "2024-01-02.md"
    binary.write_bytes(b"\x00\x01binary")
    from tests.conftest import SEED

    app = PaperTuiApp([str(SEED), str(missing), str(binary)], blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await started(pilot)
        failures = [n for n in app._notifications if n.severity == "error"]
        assert len(failures) == 2
        assert any(str(missing) in n.message for n in failures)
        assert any(str(binary) in n.message for n in failures)
        assert len(screen.papers) > 0


class _CapturedStderr:
    """What Textual puts in sys.stderr while an app runs: no file descriptor."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return -1


def test_parallel_load_works_while_textual_captures_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from paper_tui.library import loading as library
    from paper_tui.ui.digest_loader import make_loader
    from tests.conftest import FIXTURE_DIGESTS

    monkeypatch.setattr(library, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(sys, "stderr", _CapturedStderr())
    result = make_loader([str(FIXTURE_DIGESTS)], use_cache=False)(lambda done, total: None)
    assert result.errors == ()
    assert len(result.papers) == len(library.load([str(FIXTURE_DIGESTS)], workers=1).papers)
    assert isinstance(sys.stderr, _CapturedStderr)


async def test_wide_korean_titles_fill_their_row_exactly() -> None:
    korean = Paper(
        "2408.00004",
        "한국어 제목이 아주 길어서 잘려야 하는 논문 " * 4,
        "https://arxiv.org/abs/2408.00004",
        7,
    )
    async with app_with(korean, evil_paper()).run_test(size=(100, 30)) as pilot:
        screen = await started(pilot)
        width = screen.paper_list.scrollable_content_region.width
        for y in range(2):
            strip = screen.paper_list.render_line(y)
            assert strip.cell_length == width
        assert "…" in screen.paper_list.render_line(0).text
