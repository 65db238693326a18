"""`S`: copy the digests opened from elsewhere into the saved library, off the UI thread."""

from __future__ import annotations

import io
from collections.abc import Sequence

from textual.dom import DOMNode

from paper_tui.text import printable
from paper_tui.ui.messages import Notice, SaveProgressed


def save_opened_digests(owner: DOMNode, sources: Sequence[str], stdin_data: bytes | None) -> None:
    """Add `sources` (the command line's paths; `-` reads `stdin_data`) to the library
    in a worker of `owner`, which then gets the report's summary as a `Notice`."""
    sources = list(sources)

    def save() -> None:
        from paper_tui.library import add_to_library

        stdin = io.BytesIO(stdin_data) if stdin_data is not None else None

        def progress(done: int, total: int) -> None:
            if done == total or done % max(1, total // 50) == 0:
                owner.post_message(SaveProgressed(done, total))

        report = add_to_library(sources, stdin=stdin, progress=progress)
        refused = report.refused
        lines = [report.summary()]
        lines += [printable(f"{outcome.source}: {outcome.reason}") for outcome in refused[:5]]
        owner.post_message(
            Notice(
                "Saved to the library",
                "\n".join(lines),
                severity="warning" if refused else "information",
                timeout=8,
            )
        )

    owner.run_worker(
        save, thread=True, exclusive=True, group="library", description="save to library"
    )
