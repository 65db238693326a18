"""Downloading a digest over http(s), for `paper-tui add URL`.

Time-limited and size-capped, with every failure a `LoadError` in words for
the user; only http(s) is fetched. Checking that the bytes are a digest is
the library's job (`saved.add_bytes`), as for any other file.
"""

from __future__ import annotations

import re
import time

from paper_tui.model import LoadError

DOWNLOAD_TIMEOUT_SECONDS = 20.0
DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024
"""Far above any real digest (the largest is ~120 KB), far below a mistake."""
_CHUNK_BYTES = 64 * 1024


def download(
    url: str, timeout: float = DOWNLOAD_TIMEOUT_SECONDS, max_bytes: int = DOWNLOAD_MAX_BYTES
) -> bytes | LoadError:
    """Fetch a raw digest over http(s): time-limited, size-capped, errors as values."""
    import urllib.error
    import urllib.request

    if not re.match(r"^https?://", url, re.IGNORECASE):
        return LoadError(url, "only http:// and https:// URLs can be added")
    request = urllib.request.Request(url, headers={"User-Agent": "paper-tui", "Accept": "text/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return LoadError(url, f"too large ({int(length)} bytes; limit {max_bytes})")
            kind = response.headers.get_content_type()
            if kind in ("text/html", "application/xhtml+xml"):
                return LoadError(url, "got a web page, not a markdown file (use the raw file link)")
            # The timeout bounds each socket wait; the deadline bounds the whole
            # transfer, so a server dripping a byte a second cannot hold `add` forever.
            deadline = time.monotonic() + timeout
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read1(_CHUNK_BYTES):
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    return LoadError(url, f"too large (over {max_bytes} bytes)")
                if time.monotonic() > deadline:
                    return LoadError(url, f"timed out after {timeout:g} s")
            data = b"".join(chunks)
    except urllib.error.HTTPError as error:
        return LoadError(url, f"HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return LoadError(url, f"timed out after {timeout:g} s")
        return LoadError(url, f"cannot download: {reason}")
    except TimeoutError:
        return LoadError(url, f"timed out after {timeout:g} s")
    except (OSError, ValueError) as error:
        return LoadError(url, f"cannot download: {error}")
    return data
