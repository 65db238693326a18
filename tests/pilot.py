"""What the Pilot tests share: an app on files or on papers made in the test,
and waiting for a condition while the app's workers and timers really run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from paper_tui.model import Digest, LoadError, LoadResult, Paper
from paper_tui.ui.app import PaperTuiApp
from paper_tui.ui.screens.reader import ReaderScreen
from tests.conftest import SEED

WIDE = (120, 40)
SMALL = (80, 24)


def make_app(*paths: Path) -> PaperTuiApp:
    """The app on `paths` (the seed digest by default), without a blinking cursor."""
    return PaperTuiApp([str(path) for path in paths or (SEED,)], blink=False)


def app_with(*papers: Paper, errors: tuple[LoadError, ...] = ()) -> PaperTuiApp:
    """The app on `papers` (one digest) and load `errors`, read from no file."""
    digest = Digest(date(2024, 8, 19), "<test>", papers)
    result = LoadResult(digests=(digest,) if papers else (), errors=errors)

    def loader(progress: Callable[[int, int], None]) -> LoadResult:
        return result

    return PaperTuiApp(["<test>"], loader=loader, blink=False)


async def until(pilot: Pilot[int], condition: Callable[[], bool], tries: int = 1000) -> None:
    """Wait for `condition` (up to ~10 s on a loaded machine), failing if it never holds."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


async def started(pilot: Pilot[int]) -> ReaderScreen:
    """The main screen once its papers are loaded, the first detail is shown and the
    reading state is open (or known to be unavailable)."""
    from paper_tui.ui.session import OPENING

    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await until(
        pilot,
        lambda: (
            screen.loaded
            and screen.detail.paper is screen.highlighted
            and screen.session.problem != OPENING
        ),
    )
    return screen
