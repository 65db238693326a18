"""The loading bar of a long load."""

from __future__ import annotations

from textual.widgets import ProgressBar


class LoadProgress(ProgressBar):
    """The loading bar: mounted on a long load's first report, hidden when done."""

    def __init__(self) -> None:
        super().__init__(id="progress", show_eta=False)

    def report(self, done: int, total: int) -> None:
        """Show `done` of `total` files loaded (hidden once all are)."""
        self.display = done < total
        self.update(total=total, progress=done)
