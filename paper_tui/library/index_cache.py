"""The search index, cached block by block beside the parses.

A block is a run of whole files; its stored form is named by the versions of
the files it holds, so adding, editing or removing one digest rebuilds only the
block that holds it, and a warm start reads every block back without indexing.
"""

from __future__ import annotations

import hashlib
import os
import time
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from paper_tui.collector import collector_paused
from paper_tui.digest import PARSER_VERSION
from paper_tui.model import Paper
from paper_tui.store import RACY_SECONDS, FileKey, ParseCache

if TYPE_CHECKING:
    from paper_tui.search import SearchIndex

SEARCH_INDEX_BLOB = "search-index"
"""The name under which earlier versions stored the whole index in one piece."""


def cached_search_index(
    cache: ParseCache, papers: Sequence[Paper], into: SearchIndex | None = None
) -> SearchIndex:
    """The search index of `papers`, block by block, each block read back from
    the cache when the files its papers come from are unchanged.

    `papers` must be `result.papers` of the `library.load(..., cache=cache)`
    just done. Blocks are runs of whole files cut where a file's name says so
    (`_ends_block`), so adding, removing or editing one file rebuilds the one
    block holding it; the rest are read back. Blocks of papers with no file
    key (stdin) are built and not stored. Blocks no longer used are forgotten.

    `into`, an empty index, is filled block by block and returned: another
    thread may search it meanwhile and finds the papers indexed so far.
    """
    # The search engine's first import (numpy, rapidfuzz: ~10^5 objects) over a
    # heap of freshly loaded papers sets off full cyclic collections of every
    # paper, for nothing: ~0.5 s of a warm start at 95k papers.
    with collector_paused():
        from paper_tui.search import SearchIndex

    index = SearchIndex() if into is None else into
    used: list[str] = []
    for block, stamp in _blocks(papers, cache.last_keys):
        name = None if stamp is None else f"{SEARCH_BLOCK_PREFIX}{stamp}"
        stored = None if name is None or stamp is None else cache.get_blob(name, stamp)
        built = index.extend_block(block, stored)
        if name is None or stamp is None:
            continue
        used.append(name)
        if built is not None:
            if stored is not None:
                cache.warnings.append("cached search index unusable; rebuilt")
            cache.put_blob(name, stamp, built)
    if used:
        cache.forget_blobs(SEARCH_BLOCK_PREFIX, used)
        cache.forget_blobs(SEARCH_INDEX_BLOB, ())  # the whole index earlier versions stored
    return index


SEARCH_BLOCK_PREFIX = "search-block:"
BLOCK_FILES = 256
"""Files per block of the search index, on average (cut where a name's hash says)."""
BLOCK_PAPERS = 8192
"""Papers per block at most: building a block's index briefly takes ~20 KB per paper."""


def _ends_block(name: str) -> bool:
    """Whether a block of the search index ends after this file: decided by the
    name alone, so the blocks of a library stay put when files come and go."""
    return zlib.crc32(os.path.basename(name).encode("utf-8", "replace")) % BLOCK_FILES == 0


def _blocks(
    papers: Sequence[Paper], keys: dict[str, FileKey]
) -> Iterator[tuple[Sequence[Paper], str | None]]:
    """`papers` cut into blocks (runs of files), each with a stamp naming the
    versions of the files and which of their papers it holds (None, so never
    stored, when a file has no key or was modified too recently to trust)."""
    from paper_tui.search import FORMAT_VERSION

    start = 0
    seen: dict[str, int] = {}  # papers of each file met so far
    stamp: hashlib._Hash | None = hashlib.sha256(f"{PARSER_VERSION} {FORMAT_VERSION}".encode())
    # As for parses: a file modified this recently may change again unseen.
    racy_ns = time.time_ns() - int(RACY_SECONDS * 1e9)
    # Per file, once (papers of one file are seldom next to each other: a
    # warm start meets ~90k runs of a few hundred files): its line's head, or
    # None when it has no key or a racy one, and whether a block ends after it.
    heads: dict[str, str | None] = {}
    ends: dict[str, bool] = {}
    sources = [paper.source for paper in papers]
    count = len(sources)
    for position, source in enumerate(sources):
        if source in heads:
            head = heads[source]
        else:
            key = keys.get(source)
            head = None
            if key is not None and key.mtime_ns <= racy_ns:
                head = "\0".join(map(str, (key.path, *key.version())))
            heads[source] = head
            ends[source] = _ends_block(source)
        if head is None:
            stamp = None
        elif stamp is not None and (position == start or sources[position - 1] != source):
            line = f"{head}\0{seen.get(source, 0)}\n"
            stamp.update(line.encode("utf-8", "replace"))
        seen[source] = seen.get(source, 0) + 1
        last_of_file = position + 1 == count or sources[position + 1] != source
        if position + 1 - start >= BLOCK_PAPERS or (last_of_file and ends[source]):
            yield papers[start : position + 1], _stamp_of(stamp, position + 1 - start)
            start = position + 1
            stamp = hashlib.sha256(f"{PARSER_VERSION} {FORMAT_VERSION}".encode())
    if start < len(papers):
        yield papers[start:], _stamp_of(stamp, len(papers) - start)


def _stamp_of(stamp: hashlib._Hash | None, count: int) -> str | None:
    if stamp is None:
        return None
    stamp.update(f"papers {count}".encode())
    return stamp.hexdigest()
