"""Closing a state while a worker thread writes to it (the app quitting mid-write).

Closing a sqlite3 connection under a statement running in another thread crashes
the interpreter (a CI run lost a whole xdist worker to it), so each race runs in
a child process: a crash is its exit code, not this test process's."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_RACE = textwrap.dedent(
    """
    import sys, threading, time
    from datetime import date
    from pathlib import Path
    from paper_tui.store import ReadingState, StateError, SyncState, SyncStateError

    folder = Path(sys.argv[1])
    kind = sys.argv[2]
    failures = (StateError, SyncStateError)
    for attempt in range(120):
        path = folder / f"{kind}-{attempt}.sqlite3"
        state = ReadingState.open(path) if kind == "reading" else SyncState.open(path)
        done = threading.Event()

        def write() -> None:
            n = 0
            while not done.is_set():
                try:
                    if kind == "reading":
                        state.mark_seen({f"2401.{k:05d}" for k in range(n, n + 40)}, time.time())
                        state.set_read(f"2401.{n:05d}")
                    else:
                        state.remember_validators(f"https://x/{n}", f"etag-{n}", "")
                        state.set_synced_through(f"https://x/{n}", date(2024, 1, 1))
                except failures:
                    return  # closed under it: refused in words
                n += 40

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.001 * (attempt % 9))
        state.close()
        done.set()
        writer.join()
        try:
            (state.set_read("x") if kind == "reading" else state.remember_validators("u", "", ""))
        except failures:
            pass
        else:
            raise SystemExit("a closed state took a write")
    print("survived")
    """
)


@pytest.mark.parametrize("kind", ["reading", "sync"])
def test_closing_while_a_thread_writes_neither_crashes_nor_writes_after(
    kind: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _RACE, str(tmp_path), kind],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "survived"
