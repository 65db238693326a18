"""Downloading a digest over http(s), for `paper-tui add URL`.

Time-limited and size-capped, with every failure a `LoadError` in words for
the user; only http(s) is fetched, redirects included. Checking that the
bytes are a digest is the library's job (`saved.add_bytes`), as for any other
file. Whatever the server says is cleaned to one printable line before the
user sees it.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from paper_tui.model import LoadError
from paper_tui.text import clean_line

if TYPE_CHECKING:
    import urllib.request
    from http.client import HTTPMessage
    from typing import IO

DOWNLOAD_TIMEOUT_SECONDS = 20.0
DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024
"""Far above any real digest (the largest is ~120 KB), far below a mistake."""
_CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
"""A raw file link redirects once or twice (to a CDN); more is a loop or a trap."""
_HTTP = re.compile(r"^https?://", re.IGNORECASE)


class _Refused(Exception):
    """A redirect `download` will not follow; the message is the reason."""


def _opener() -> urllib.request.OpenerDirector:
    """urllib's opener, following redirects only to http(s), at most `MAX_REDIRECTS` times.

    urllib alone follows redirects to ftp:// too, and up to 10 of them.
    Built on demand so importing this module does not import urllib (and ssl).
    """
    import urllib.request
    from urllib.parse import urljoin

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS + 1  # our own count below speaks first

        def http_error_302(
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
        ) -> object:
            # Checked before urllib's own checks, which allow ftp:// and turn
            # file:// into a confusing "HTTP 302".
            location = headers.get("location") or headers.get("uri") or ""
            target = urljoin(req.full_url, location)
            if not _HTTP.match(target):
                raise _Refused(f"redirected to a non-http(s) URL: {clean_line(target)[:200]}")
            if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
                raise _Refused(f"too many redirects (over {MAX_REDIRECTS})")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return urllib.request.build_opener(Redirects)


def download(
    url: str, timeout: float = DOWNLOAD_TIMEOUT_SECONDS, max_bytes: int = DOWNLOAD_MAX_BYTES
) -> bytes | LoadError:
    """Fetch a raw digest over http(s): time-limited, size-capped, complete, errors as values."""
    import http.client
    import urllib.error
    import urllib.request

    if not _HTTP.match(url):
        return LoadError(url, "only http:// and https:// URLs can be added")
    request = urllib.request.Request(url, headers={"User-Agent": "paper-tui", "Accept": "text/*"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            length_header = response.headers.get("Content-Length")
            length = int(length_header) if length_header and length_header.isdigit() else None
            if length is not None and length > max_bytes:
                return LoadError(url, f"too large ({length} bytes; limit {max_bytes})")
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
            if length is not None and received < length:
                # http.client returns what came before the close without complaint.
                return LoadError(url, f"connection closed early ({received} of {length} bytes)")
            data = b"".join(chunks)
    except _Refused as refusal:
        return LoadError(url, str(refusal))
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib's own loop detection
            return LoadError(url, f"too many redirects (a loop at HTTP {error.code})")
        return LoadError(url, f"HTTP {error.code} {clean_line(str(error.reason))}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return LoadError(url, f"timed out after {timeout:g} s")
        return LoadError(url, f"cannot download: {reason}")
    except TimeoutError:
        return LoadError(url, f"timed out after {timeout:g} s")
    except http.client.HTTPException as error:
        # BadStatusLine, LineTooLong, IncompleteRead...: not OSErrors, so urllib lets them out.
        return LoadError(url, f"bad HTTP response: {clean_line(str(error))[:200]}")
    except (OSError, ValueError) as error:
        return LoadError(url, f"cannot download: {error}")
    return data
