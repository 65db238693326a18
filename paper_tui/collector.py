"""A counted pause of the cyclic garbage collector, shared by whoever builds
many long-lived objects at once (search index blocks, unpacked cached parses).

Without a pause the collector runs hundreds of times over a growing heap while
~10^6 acyclic objects are made, costing more than the work itself.

`gc.disable()`/`gc.enable()` act on the whole process: two overlapping builds
each saving and restoring the flag would switch the collector back on while the
second still runs. Here pauses are counted under a lock, and the collector is
enabled again only when the last pause ends (and only if it was enabled when
the first began).

What such a build makes often lives as long as the library it belongs to (the
papers of a snapshot, the blocks of the index): `long_lived` pauses then move
everything alive out of the collector's sight (`gc.freeze`), or its next passes
would walk those ~10^6 objects for nothing (0.55 s of a warm start at 95k
papers: a young pass right after the load and a full one before the index).
Refcounting still frees them when the next load replaces them: papers and the
index hold no reference cycles (tests/test_collector.py checks it).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = [0, False]  # [pauses running, whether the collector was enabled before the first]


@contextlib.contextmanager
def collector_paused(long_lived: bool = False) -> Iterator[None]:
    """No cyclic collection while this runs (nor while another pause runs); then,
    when `long_lived`, what is alive is frozen out of the collector's sight."""
    with _lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _lock:
            if long_lived:
                gc.freeze()
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()
