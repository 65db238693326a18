"""A load of many files read back whole, merged, from the parse cache.

Why: reading two years of arXiv listings from the parse cache (3,242 files,
448k entries) still decoded every entry and merged them into 94.7k papers on
every start, ~12 s, to arrive at the papers of the last run. When a caller
needs the merged papers only (`load(..., keep_entries=False)`: the app, the
CLI's list and search), the loader keeps those papers and the digests'
outlines as one snapshot (`store.snapshot`) under a name of the paths asked
for, and next time, when no file changed (the fingerprint of every file's
version is the same), reads the snapshot instead of the files.

A snapshot is made only of settled files (none modified within
`RACY_SECONDS`, the rule the per-file rows follow), of at least
`SNAPSHOT_MIN_FILES` files (a few files read back from their rows at once
anyway), and the `SNAPSHOTS_KEPT` most recent are kept: a library and a few
folders opened now and then.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence

from paper_tui.collector import collector_paused
from paper_tui.model import Digest, LoadError, Paper
from paper_tui.store import (
    RACY_SECONDS,
    SNAPSHOT_FORMAT,
    ParseCache,
    Snapshot,
    decode_snapshot,
    encode_snapshot,
    fingerprint,
)

SNAPSHOT_PREFIX = "library-snapshot:"
SNAPSHOT_MIN_FILES = 8
SNAPSHOTS_KEPT = 4
UNUSABLE = "cached library snapshot unusable; files read again"


def snapshot_name(paths: Sequence[str]) -> str:
    """The blob name of the snapshot of a load of `paths`: by where they are (made
    absolute) and how they were spelled.

    The spelling counts because the papers' sources are the files' names as the
    load found them under `paths` (`digests/x.md`, not `/home/u/digests/x.md`):
    a snapshot made under one spelling handed back under another gave papers
    whose sources named no file the load knew, so no block of the search index
    could be matched to its files and every search rebuilt it (30 s at 95k
    papers), and a relative name from another folder pointed elsewhere.
    """
    asked = "\0".join(
        f"{os.path.abspath(os.path.expanduser(path))}\0{path}" for path in paths
    )
    return SNAPSHOT_PREFIX + hashlib.sha256(asked.encode("utf-8", "replace")).hexdigest()[:24]


def _stamp(file_fingerprint: str) -> str:
    return f"{SNAPSHOT_FORMAT}:{file_fingerprint}"


def read_snapshot(paths: Sequence[str], files: Sequence[str], cache: ParseCache) -> Snapshot | None:
    """The snapshot of this load when every one of `files` is as it was when it was
    made; None otherwise (and one warning when it is there but damaged).

    On a hit the cache reads as after a warm `lookup`: `last_keys` and
    `last_fingerprint` are those of `files`, each counted a hit.
    """
    if len(files) < SNAPSHOT_MIN_FILES or not cache.enabled:
        return None
    keys = cache.keys_of(files)
    if len(keys) != len(files):
        return None
    stamp = fingerprint(keys[name] for name in files)
    blob = cache.get_blob(snapshot_name(paths), _stamp(stamp))
    if blob is None:
        return None
    try:
        with collector_paused(long_lived=True):  # ~10^6 new objects, the library
            snapshot = decode_snapshot(blob, cache)
    except ValueError:
        cache.warnings.append(UNUSABLE)
        return None
    cache.hits += len(files)
    cache.last_fingerprint = stamp
    return snapshot


def store_snapshot(
    paths: Sequence[str],
    cache: ParseCache,
    papers: Sequence[Paper],
    outlines: Sequence[Digest],
    failed: Sequence[LoadError],
) -> bool:
    """Keep what a load of `paths` just made, when the cache's `last_keys` and
    `last_fingerprint` (of that load) say every file is settled; True if kept."""
    stamp = cache.last_fingerprint
    keys = cache.last_keys
    if stamp is None or len(keys) < SNAPSHOT_MIN_FILES or not cache.enabled:
        return False
    settled_ns = time.time_ns() - int(RACY_SECONDS * 1e9)
    if any(key.mtime_ns > settled_ns for key in keys.values()):
        return False
    blob = encode_snapshot(papers, outlines, failed, cache)
    if blob is None:
        return False
    cache.put_blob(snapshot_name(paths), _stamp(stamp), blob)
    cache.keep_recent_blobs(SNAPSHOT_PREFIX, SNAPSHOTS_KEPT)
    return True
