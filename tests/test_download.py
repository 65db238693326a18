"""`paper-tui add URL`: downloads against a local server on 127.0.0.1, never the internet."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from paper_tui.library.download import DOWNLOAD_MAX_BYTES, download, moved_to
from paper_tui.library.saved import add_to_library
from paper_tui.model import LoadError
from paper_tui.store import paths
from tests.conftest import SEED

SEED_DAY = date(2024, 8, 19)

Raw = Callable[[http.server.BaseHTTPRequestHandler], None]
"""A route that writes its own bytes on the socket (for malformed responses)."""


def _bad_status_line(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"this is not HTTP\r\n\r\n")


def _truncated(handler: http.server.BaseHTTPRequestHandler) -> None:
    body = SEED.read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[: len(body) // 2])
    handler.wfile.flush()
    handler.close_connection = True


def _overlong_header(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n")


def _redirect_to(location: str) -> Raw:
    def redirect(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return redirect


def _redirect_chain(handler: http.server.BaseHTTPRequestHandler) -> None:
    number = int(handler.path.rsplit("/", 1)[-1])
    _redirect_to(f"/hop/{number + 1}")(handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes] | Raw]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/drip.md":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(40):
                    self.wfile.write(b"x" * 100)
                    self.wfile.flush()
                    time.sleep(0.05)
            return
        if self.path.startswith("/hop/"):
            _redirect_chain(self)
            return
        route = self.routes.get(self.path, (404, "text/plain", b"not found"))
        if callable(route):
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)
            return
        status, kind, body = route
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may have hung up on purpose (too large)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (never the internet); yields its base URL."""
    _Handler.routes = {
        "/2024-08-19.md": (200, "text/plain; charset=utf-8", SEED.read_bytes()),
        "/page.html": (200, "text/html", b"<html>hello</html>"),
        "/prose.md": (200, "text/markdown", b"# just prose\n"),
        "/slow": (200, "text/plain", SEED.read_bytes()),
        "/big.md": (200, "text/plain", b"x" * (DOWNLOAD_MAX_BYTES + 10)),
        "/bad-status.md": _bad_status_line,
        "/truncated.md": _truncated,
        "/long-header.md": _overlong_header,
        "/to-ftp.md": _redirect_to("ftp://127.0.0.1:9/2024-08-19.md"),
        "/to-file.md": _redirect_to("file:///etc/passwd"),
        "/moved.md": _redirect_to("/2024-08-19.md"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True  # a handler still sleeping must not hold up the test
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def library_file(day: date) -> Path:
    return paths.library_dir() / f"{day:%Y}" / f"{day:%m}" / f"{day.isoformat()}.md"


def test_a_url_is_downloaded_into_the_library(server: str) -> None:
    report = add_to_library([f"{server}/2024-08-19.md"])
    assert report.added[0].target == library_file(SEED_DAY)
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()
    assert add_to_library([f"{server}/2024-08-19.md"]).skipped


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/missing.md", "HTTP 404"),
        ("/page.html", "got a web page"),
        ("/prose.md", "no papers found"),
        ("/big.md", "too large"),
        ("/bad-status.md", "bad HTTP response"),
        ("/long-header.md", "bad HTTP response"),
        ("/truncated.md", "connection closed early"),
        ("/to-ftp.md", "redirected to a non-http(s) URL"),
        ("/to-file.md", "redirected to a non-http(s) URL"),
        ("/hop/0", "too many redirects"),
    ],
)
def test_a_bad_url_is_refused_with_a_clear_reason(server: str, route: str, reason: str) -> None:
    report = add_to_library([f"{server}{route}"])
    assert report.refused[0].reason.startswith(reason)
    assert not any(paths.data_dir().rglob("*.md"))


def test_a_truncated_body_says_how_much_arrived(server: str) -> None:
    result = download(f"{server}/truncated.md")
    size = len(SEED.read_bytes())
    assert isinstance(result, LoadError)
    assert result.reason == f"connection closed early ({size // 2} of {size} bytes)"


def test_a_redirect_within_http_is_followed(server: str) -> None:
    assert download(f"{server}/moved.md") == SEED.read_bytes()


def test_a_malformed_response_is_one_line_from_the_cli(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main

    assert main(["add", f"{server}/bad-status.md"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"paper-tui: {server}/bad-status.md: bad HTTP response")
    assert "internal error" not in error and len(error.splitlines()) == 1


def test_a_slow_server_times_out(server: str) -> None:
    result = download(f"{server}/slow", timeout=0.3)
    assert isinstance(result, LoadError) and "timed out" in result.reason


def test_a_server_that_drips_bytes_hits_the_overall_deadline(server: str) -> None:
    # Each byte comes well within the 0.5 s socket timeout; only the overall deadline stops it.
    result = download(f"{server}/drip.md", timeout=0.5)
    assert isinstance(result, LoadError) and "timed out" in result.reason


def test_only_http_urls_are_fetched() -> None:
    assert add_to_library(["file:///etc/passwd"]).refused[0].reason.startswith("only http")


def test_a_refused_server_is_reported() -> None:
    result = download("http://127.0.0.1:9/2024-08-19.md", timeout=2)
    assert isinstance(result, LoadError) and result.reason.startswith("cannot download")


# -- issue 15: redirects to other hosts, one deadline, credentials, malformed URLs ---


def _drip_status_line(handler: http.server.BaseHTTPRequestHandler) -> None:
    """Headers at one byte a second: each byte well within the socket timeout."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"[:8]:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(1)


def _port(server: str) -> int:
    return int(server.rsplit(":", 1)[1])


def test_a_redirect_to_another_host_is_refused_unless_followed(server: str) -> None:
    _Handler.routes["/elsewhere.md"] = _redirect_to(
        f"http://localhost:{_port(server)}/2024-08-19.md"
    )
    refused = add_to_library([f"{server}/elsewhere.md"])
    assert refused.refused[0].reason == (
        "redirected to another host (localhost); --follow-redirects follows it"
    )
    assert not any(paths.data_dir().rglob("*.md"))
    followed = add_to_library([f"{server}/elsewhere.md"], follow_redirects=True)
    assert followed.added[0].reason.endswith("(from localhost)")
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()


def test_the_cli_follows_a_redirect_to_another_host_when_asked(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main

    _Handler.routes["/elsewhere.md"] = _redirect_to(
        f"http://localhost:{_port(server)}/2024-08-19.md"
    )
    assert main(["add", f"{server}/elsewhere.md"]) == 1
    assert "redirected to another host (localhost)" in capsys.readouterr().err
    assert main(["add", "--follow-redirects", f"{server}/elsewhere.md"]) == 0
    assert "(from localhost)" in capsys.readouterr().out


def test_headers_dripped_a_byte_a_second_hit_one_deadline(server: str) -> None:
    _Handler.routes["/drip-headers.md"] = _drip_status_line
    started = time.monotonic()
    result = download(f"{server}/drip-headers.md", timeout=1.5)
    elapsed = time.monotonic() - started
    assert isinstance(result, LoadError)
    assert result.reason == (
        "timed out: no complete response within 1.5 s (waiting for the response headers)"
    )
    assert elapsed < 4


def test_a_slow_body_says_what_took_how_long(server: str) -> None:
    result = download(f"{server}/drip.md", timeout=0.5)
    assert isinstance(result, LoadError)
    assert result.reason.startswith(
        "timed out: no complete response within 0.5 s (reading the body, "
    )
    assert result.reason.endswith(" bytes received)")


def test_credentials_in_a_url_are_refused_and_the_password_never_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paper_tui.cli.entry import main

    url = "http://reader:hunter2@127.0.0.1:9/2024-08-19.md"
    report = add_to_library([url])
    assert report.refused[0].source == "http://reader:***@127.0.0.1:9/2024-08-19.md"
    assert report.refused[0].reason == (
        "URLs with a user name or password (user:pw@) are not supported"
    )
    assert main(["add", url]) == 1
    captured = capsys.readouterr()
    assert "hunter2" not in captured.out + captured.err


def test_a_malformed_url_is_one_line_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paper_tui.cli.entry import main

    assert main(["add", "http://[::1"]) == 1
    error = capsys.readouterr().err
    assert error == "paper-tui: http://[::1: not a valid URL (Invalid IPv6 URL)\n"


# -- a redirect stays on the URL's scheme, host and port; the look-up under the deadline --


@pytest.fixture
def other_port() -> Iterator[int]:
    """A second server on 127.0.0.1, on another port, with the same routes."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_redirect_to_another_port_of_the_host_is_refused_unless_followed(
    server: str, other_port: int
) -> None:
    _Handler.routes["/other-port.md"] = _redirect_to(f"http://127.0.0.1:{other_port}/2024-08-19.md")
    refused = add_to_library([f"{server}/other-port.md"])
    assert refused.refused[0].reason == (
        f"redirected to another port (127.0.0.1:{other_port}); --follow-redirects follows it"
    )
    assert not any(paths.data_dir().rglob("*.md"))
    followed = add_to_library([f"{server}/other-port.md"], follow_redirects=True)
    assert followed.added[0].reason.endswith(f"(from 127.0.0.1:{other_port})")
    assert library_file(SEED_DAY).read_bytes() == SEED.read_bytes()


def test_a_refused_redirect_is_one_line_naming_the_url_and_where_it_went(
    server: str, other_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main

    _Handler.routes["/other-port.md"] = _redirect_to(f"http://127.0.0.1:{other_port}/2024-08-19.md")
    assert main(["add", f"{server}/other-port.md"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"paper-tui: {server}/other-port.md: redirected to another port "
        f"(127.0.0.1:{other_port}); --follow-redirects follows it"
    ]
    assert main(["add", "--follow-redirects", f"{server}/other-port.md"]) == 0
    assert f"(from 127.0.0.1:{other_port})" in capsys.readouterr().out


def test_a_redirect_to_another_scheme_is_refused_unless_followed(server: str) -> None:
    _Handler.routes["/to-https.md"] = _redirect_to(
        f"https://127.0.0.1:{_port(server)}/2024-08-19.md"
    )
    refused = add_to_library([f"{server}/to-https.md"])
    assert refused.refused[0].reason == (
        f"redirected to another scheme (https://127.0.0.1:{_port(server)}); "
        "--follow-redirects follows it"
    )


def test_a_sync_refuses_a_redirect_to_another_port(server: str, other_port: int) -> None:
    from paper_tui.library import sync_sources
    from paper_tui.store import Source

    _Handler.routes["/daily/2024-08-19.md"] = _redirect_to(
        f"http://127.0.0.1:{other_port}/2024-08-19.md"
    )
    report = sync_sources(
        [Source("daily", f"{server}/daily/{{date}}.md")],
        since=SEED_DAY,
        until=SEED_DAY,
        today=SEED_DAY,
    )
    assert [item.reason for item in report.failed] == [
        f"redirected to another port (127.0.0.1:{other_port}); --follow-redirects follows it"
    ]


@pytest.mark.parametrize(
    ("first", "then", "moved"),
    [
        ("http://example.org/a.md", "http://example.org:80/b.md", None),
        ("https://Example.ORG/a.md", "https://example.org:443/b.md", None),
        ("http://example.org/a.md", "http://cdn.example.org/a.md", ("host", "cdn.example.org")),
        ("http://example.org/a.md", "http://example.org:8080/a.md", ("port", "example.org:8080")),
        ("http://example.org/a.md", "https://example.org/a.md", ("scheme", "https://example.org")),
        ("http://example.org:443/a", "https://example.org/a", ("scheme", "https://example.org")),
        ("https://example.org/a", "http://example.org:8/a", ("scheme", "http://example.org:8")),
        ("http://[::1]:8000/a.md", "http://[::1]:8001/a.md", ("port", "[::1]:8001")),
    ],
)
def test_a_redirect_leaves_the_origin_when_scheme_host_or_port_change(
    first: str, then: str, moved: tuple[str, str] | None
) -> None:
    assert moved_to(first, then) == moved


def test_a_hanging_resolver_ends_add_by_its_deadline_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main

    released = threading.Event()

    def hanging_getaddrinfo(*_: object, **__: object) -> list[object]:
        released.wait(60)  # a resolver that never answers (until the test ends)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_getaddrinfo)
    started = time.monotonic()
    try:
        code = main(["add", "--timeout", "1", "http://digests.example/2024-08-19.md"])
    finally:
        released.set()
    elapsed = time.monotonic() - started
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "paper-tui: http://digests.example/2024-08-19.md: timed out: no complete response "
        "within 1 s (looking up digests.example)"
    ]
    assert elapsed < 10  # promised 1 s; a resolver left alone would take 60


def test_a_resolver_error_is_still_said_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_getaddrinfo(*_: object, **__: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", failing_getaddrinfo)
    result = download("http://digests.example/2024-08-19.md", timeout=5)
    assert isinstance(result, LoadError)
    assert result.reason == "cannot download: [Errno -2] Name or service not known"
