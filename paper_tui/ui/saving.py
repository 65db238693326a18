"""`S`: copy the digests opened from elsewhere into the saved library, off the UI thread."""

from __future__ import annotations

import io
from collections.abc import Sequence

from textual.screen import Screen

from paper_tui.model import Paper


def save_opened_digests(screen: Screen[None], papers: Sequence[Paper]) -> None:
    """Add the app's command-line paths to the library in a thread and notify the
    report's summary; when the app shows the library (or the sample), say so."""
    from paper_tui.ui.app import PaperTuiApp

    app = screen.app
    if not isinstance(app, PaperTuiApp) or not app.paths:
        from paper_tui.library.loading import sample_digest_path

        sample = str(sample_digest_path())
        if any(paper.source == sample for paper in papers[:1]):
            screen.notify("Nothing to save: this is the bundled sample.", timeout=4)
        else:
            screen.notify("Nothing to save: this is the library itself.", timeout=4)
        return
    sources, stdin_data = list(app.paths), app.stdin_data

    def save() -> None:
        from paper_tui.library.saved import add_to_library

        stdin = io.BytesIO(stdin_data) if stdin_data is not None else None
        report = add_to_library(sources, stdin=stdin)
        refused = report.refused
        lines = [report.summary()]
        lines += [f"{outcome.source}: {outcome.reason}" for outcome in refused[:5]]
        app.call_from_thread(
            screen.notify,
            "\n".join(lines),
            title="Saved to the library",
            severity="warning" if refused else "information",
            timeout=8,
            markup=False,
        )

    screen.run_worker(
        save, thread=True, exclusive=True, group="library", description="save to library"
    )
