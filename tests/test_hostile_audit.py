"""Issue 15 audited again from the outside: what still failed, each with its test."""

from __future__ import annotations

import time

import pytest

from paper_tui.library.download import download
from paper_tui.model import LoadError
from tests.test_download import _Handler, _redirect_to, server

__all__ = ["server"]  # the fixture, used by name


def _headers_cut_short(handler: object) -> None:
    """A status line and one header, then the next header a byte every 0.2 s."""
    wfile = handler.wfile  # type: ignore[attr-defined]
    wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n")
    wfile.flush()
    for byte in b"X-Slow: " + b"a" * 60:
        wfile.write(bytes([byte]))
        wfile.flush()
        time.sleep(0.2)


def test_headers_cut_short_by_the_deadline_are_said_as_headers_not_body(server: str) -> None:
    # The watchdog shutting the socket mid-headers ends them without a word from
    # http.client: it was said as "reading the body".
    _Handler.routes["/cut-headers.md"] = _headers_cut_short
    started = time.monotonic()
    result = download(f"{server}/cut-headers.md", timeout=1.0)
    assert isinstance(result, LoadError)
    assert result.reason == (
        "timed out: no complete response within 1 s (waiting for the response headers)"
    )
    assert time.monotonic() - started < 4


@pytest.mark.parametrize("location", ["http://ev]il.example/x", "http://[::1/x"])
def test_a_redirect_to_a_malformed_url_says_it_was_a_redirect(server: str, location: str) -> None:
    # urljoin raised ValueError before the redirect was looked at: "cannot
    # download: Invalid IPv6 URL", with no word of a redirect or where to.
    _Handler.routes["/to-bad.md"] = _redirect_to(location)
    result = download(f"{server}/to-bad.md")
    assert isinstance(result, LoadError)
    assert result.reason.startswith(f"redirected to {location}: not a valid URL (")
    assert "\n" not in result.reason
