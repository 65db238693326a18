"""The reading clock: a paper becomes read once its detail has been shown for a
while to someone reading it, not while they type a search, sit in a dialog or
work in another window (the clock then pauses and starts over when they are back).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer

from paper_tui.model import Paper


class ReadingClock:
    """Runs once per highlighted paper; the screen says when reading is possible."""

    def __init__(
        self,
        set_timer: Callable[[float, Callable[[], None]], Timer],
        delay: Callable[[], float | None],
        reading: Callable[[], bool],
        read_long_enough: Callable[[Paper], None],
    ) -> None:
        self._set_timer = set_timer
        self._delay = delay
        self._reading = reading
        self._read_long_enough = read_long_enough
        self.paper: Paper | None = None
        """The paper the clock was started (or stopped by `m`) for."""
        self.timer: Timer | None = None
        self.paused = False
        """Waiting for the reader to be reading again."""

    def forget(self) -> None:
        """The cursor moved: the next paper shown starts the clock again."""
        self.stop()
        self.paper = None

    def stop(self) -> None:
        """Stop for good for this paper (`m` decided, or the app is closing)."""
        self.paused = False
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def start_for(self, paper: Paper | None, unread: bool) -> None:
        """The detail shows `paper`: start unless it already runs (or ran) for it."""
        if paper is self.paper:
            return
        self.stop()
        self.paper = paper
        if paper is not None and unread:
            self._start()

    def focus_changed(self) -> None:
        """Reading may have stopped or resumed: pause (to start over) or resume."""
        running = self.timer is not None
        if (running or self.paused) and running != self._reading():
            self._start()

    def _start(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        delay = self._delay()
        if delay is None:  # the config turned reading by itself off: only `m` marks
            self.paused = False
            return
        self.paused = not self._reading()
        if not self.paused:
            self.timer = self._set_timer(delay, self._ring)

    def _ring(self) -> None:
        self.timer = None
        if not self._reading():
            self.paused = True
            return
        if self.paper is not None:
            self._read_long_enough(self.paper)
