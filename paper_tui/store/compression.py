"""Zstandard for the parse cache, with decoding bounded before anything is allocated.

Why zstd, not zlib: on digests' Korean UTF-16 it packs tighter (0.35 of the
markdown's UTF-8 size at level 3, zlib 0.39 at level 6), compresses ~9x faster
and decompresses ~4x faster (~0.9 GB/s against ~0.25), which is what reopening
a library waits for; and its window (MBs, not zlib's 32 KB) finds the same
summary listed twice in one file.

A damaged frame may claim any size: `decompress` refuses one that says more
than `limit`, or nothing, before allocating, and raises ValueError for any
damage, as the rest of the cache's decoding does.
"""

from __future__ import annotations

LEVEL = 3
MAX_RATIO = 1024
"""A frame that claims to grow more than this much is taken to be damaged."""
MAX_BYTES = 1 << 30


def compress(data: bytes, level: int = LEVEL) -> bytes:
    """One zstd frame of `data` (its size written in the frame, as `decompress` needs)."""
    import zstandard

    return zstandard.ZstdCompressor(level=level, write_content_size=True).compress(data)


def decompress(frame: bytes) -> bytes:
    """The bytes `compress` packed; ValueError for a damaged or implausible frame."""
    import zstandard

    try:
        size = zstandard.frame_content_size(frame)
    except zstandard.ZstdError as error:
        raise ValueError(f"not a zstd frame: {error}") from error
    limit = min(MAX_BYTES, MAX_RATIO * len(frame) + 4096)
    if not 0 <= size <= limit:
        raise ValueError(f"a frame of {len(frame)} bytes claims {size}")
    if size == 0:
        return b""
    try:
        data = zstandard.ZstdDecompressor().decompress(frame, max_output_size=size)
    except zstandard.ZstdError as error:
        raise ValueError(f"damaged zstd frame: {error}") from error
    if len(data) != size:
        raise ValueError(f"a frame gave {len(data)} bytes, not the {size} it claims")
    return data
