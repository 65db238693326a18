"""Downloading a digest over http(s), for `paper-tui add URL`.

Time-limited and size-capped, with every failure a `LoadError` in words for
the user; only http(s) is fetched, redirects included, and a redirect away
from the URL's scheme, host and port (its origin: another host, another port
of the same host, http to https) only when asked (`follow_redirects`). The
time limit is one deadline for the whole request, looking up the host,
connecting, headers and body: the host name is looked up in a thread waited
for only until the deadline (`getaddrinfo` cannot be interrupted), and a
watchdog shuts the socket when it passes, so neither a hanging resolver nor a
server dripping a byte a second can hold `add` past it. URLs with credentials
are refused, and a password is never repeated back. Checking that the bytes
are a digest is the library's job (`saved.add_bytes`), as for any other file.
Whatever the server says is cleaned to one printable line before the user
sees it.

`fetch_if_changed` is the same request made conditional (`sync`): it sends the
ETag and Last-Modified remembered from last time and tells a 304 (`NotModified`)
and a 404 or 410 (`Missing`, no digest that day) from a failure.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paper_tui.model import LoadError
from paper_tui.text import clean_line

if TYPE_CHECKING:
    import http.client
    import urllib.request
    from http.client import HTTPMessage
    from typing import IO

DOWNLOAD_TIMEOUT_SECONDS = 20.0
DOWNLOAD_MAX_BYTES = 8 * 1024 * 1024
"""Far above any real digest (the largest is ~120 KB), far below a mistake."""
_CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
"""A raw file link redirects once or twice (to a CDN); more is a loop or a trap."""
_VALIDATOR_CHARS = 512
"""An ETag or Last-Modified longer than this is not remembered (a real one is ~40)."""
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_USER_INFO = re.compile(r"^([a-z][a-z0-9+.-]*://)([^/?#]*)@", re.IGNORECASE)


class _Refused(Exception):
    """A redirect `download` will not follow; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    """A complete download: its bytes and the URL they came from after redirects."""

    data: bytes
    url: str
    validators: Validators | None = None
    """The response's ETag and Last-Modified, for the next conditional request."""

    @property
    def host(self) -> str:
        """The host the bytes came from."""
        return host_of(self.url)

    def moved_from(self, url: str) -> str | None:
        """Where the bytes came from when that is not `url`'s scheme, host and port
        (a redirect followed with `follow_redirects`): `"localhost"`,
        `"127.0.0.1:8081"`, `"https://example.org"`; else None."""
        elsewhere = moved_to(url, self.url)
        return None if elsewhere is None else elsewhere[1]


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies a response (`ETag`, `Last-Modified`; "" when
    it said nothing), sent back to ask only for a changed file."""

    etag: str = ""
    last_modified: str = ""

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def headers(self) -> dict[str, str]:
        """The conditional request's headers (`If-None-Match`, `If-Modified-Since`)."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class NotModified:
    """A conditional request answered 304: the file is as it was last time."""

    url: str


@dataclass(frozen=True, slots=True)
class Missing:
    """HTTP 404 or 410: nothing at this URL (for a daily source, no digest that day)."""

    url: str
    status: int


def redacted(url: str) -> str:
    """`url` safe to show: a password in it (`user:pw@`) becomes `***`; never raises."""
    match = _USER_INFO.match(url)
    if match is None:
        return url
    user = match.group(2).split(":", 1)[0]
    return f"{match.group(1)}{user}:***@{url[match.end() :]}"


def host_of(url: str) -> str:
    """The host name of `url`, lower case ("" when it has none or is malformed)."""
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of `url`, lower case, the port filled in for http(s)
    (`("https", "example.org", 443)`); empty parts when it is malformed."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", "", 0)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme, 0)
    return (scheme, (parts.hostname or "").lower(), port if port is not None else default)


def moved_to(first: str, then: str) -> tuple[str, str] | None:
    """How `then` leaves `first`'s origin (scheme, host and port): what changed
    and where it goes, ready for a message (`("host", "localhost")`,
    `("port", "127.0.0.1:8081")`, `("scheme", "https://example.org")`); None
    when it stays."""
    scheme, host, port = origin_of(first)
    new_scheme, new_host, new_port = origin_of(then)
    shown_host = clean_line(f"[{new_host}]" if ":" in new_host else new_host)[:100]
    if new_host != host:
        return ("host", shown_host)
    if new_scheme != scheme:  # its default port changes with it: said as the scheme
        default = {"http": 80, "https": 443}.get(new_scheme)
        shown_port = "" if new_port == default else f":{new_port}"
        return ("scheme", f"{clean_line(new_scheme)[:20]}://{shown_host}{shown_port}")
    if new_port != port:
        return ("port", f"{shown_host}:{new_port}")
    return None


def _url_problem(url: str) -> str | None:
    """Why `url` is not fetched (not http(s), malformed, with credentials), or None."""
    from urllib.parse import urlsplit

    if not _HTTP.match(url):
        return "only http:// and https:// URLs can be added"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        return f"not a valid URL ({clean_line(str(error))})"
    if not parts.hostname:
        return "not a valid URL (no host)"
    if parts.username is not None or parts.password is not None:
        return "URLs with a user name or password (user:pw@) are not supported"
    return None


class _Watchdog:
    """One deadline for a whole request: when it passes, every socket the request
    opened is shut, which wakes a read blocked on it (a timeout per socket wait
    does not: a byte a second never trips it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self.phase = "connecting"
        """What the request was doing, for the message when the deadline passes."""
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(0.01, self._deadline - time.monotonic())

    def passed(self) -> bool:
        """True once the deadline has passed (the timer may not have fired yet)."""
        return self.expired or time.monotonic() >= self._deadline

    def connect(
        self,
        address: tuple[str, int],
        timeout: float | None = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """`socket.create_connection` under the deadline: the host name is looked up
        in a thread waited for only until the deadline (`getaddrinfo` cannot be
        interrupted), each address tried with the time left, the socket watched."""
        host, port = address
        self.phase = f"looking up {clean_line(host)[:100]}"
        addresses = self._resolve(host, port)
        self.phase = "connecting"
        failure: OSError = OSError(f"no address for {host}")
        for family, kind, protocol, _, where in addresses:
            connection = socket.socket(family, kind, protocol)
            try:
                self._watch(connection)
                limit = self.remaining() if timeout is None else min(timeout, self.remaining())
                connection.settimeout(limit)
                if source_address:
                    connection.bind(source_address)
                connection.connect(where)
            except OSError as error:
                connection.close()
                failure = error
                if self.passed():
                    break
                continue
            self.phase = "waiting for the response headers"
            return connection
        raise failure

    def _resolve(self, host: str, port: int) -> list[Any]:
        """`getaddrinfo(host, port)` within the time left; TimeoutError past it."""
        found: list[Any] = []
        failed: list[Exception] = []

        def look_up() -> None:
            try:
                found.extend(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
            except Exception as error:  # handed to the waiting thread, raised there
                failed.append(error)

        resolver = threading.Thread(target=look_up, name="paper-tui-resolve", daemon=True)
        resolver.start()
        resolver.join(max(0.0, self._deadline - time.monotonic()))
        if resolver.is_alive():  # left to finish on its own; nothing waits for it
            raise TimeoutError(f"looking up {host}")
        if failed:
            raise failed[0]
        return found

    def _watch(self, connection: socket.socket) -> None:
        with self._lock:
            self._sockets.append(connection)
            expired = self.expired
        if expired:
            raise TimeoutError("past the deadline")

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for connection in sockets:
            _shut(connection)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()

    def reason(self) -> str:
        return f"timed out: no complete response within {self.seconds:g} s ({self.phase})"


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        connection.shutdown(socket.SHUT_RDWR)


def _opener(watchdog: _Watchdog, follow_redirects: bool) -> urllib.request.OpenerDirector:
    """urllib's opener, following redirects only to http(s), at most `MAX_REDIRECTS`
    times, away from the URL's scheme, host and port only with `follow_redirects`,
    and every socket it opens under `watchdog`.

    urllib alone follows redirects to ftp:// too, and up to 10 of them.
    Built on demand so importing this module does not import urllib (and ssl).
    """
    import urllib.request
    from urllib.parse import urljoin

    def watched(http_class: type[http.client.HTTPConnection]) -> Any:
        class Watched(http_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                timeout = kwargs.get("timeout") or watchdog.seconds
                kwargs["timeout"] = min(timeout, watchdog.remaining())
                super().__init__(*args, **kwargs)
                # What http.client connects with (HTTPS wraps the socket afterwards).
                self._create_connection = watchdog.connect

        return Watched

    class HTTP(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
            return super().do_open(watched(http_class), req, **http_conn_args)

    class HTTPS(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
            return super().do_open(watched(http_class), req, **http_conn_args)

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
            try:
                target = urljoin(req.full_url, location)
            except ValueError as error:  # `http://a]b/`: urlsplit refuses it
                shown = clean_line(redacted(location))[:200]
                raise _Refused(f"redirected to {shown}: not a valid URL ({error})") from None
            shown = clean_line(redacted(target))[:200]
            if not _HTTP.match(target):
                raise _Refused(f"redirected to a non-http(s) URL: {shown}")
            problem = _url_problem(target)
            if problem is not None:
                raise _Refused(f"redirected to {shown}: {problem}")
            elsewhere = moved_to(req.full_url, target)
            if not follow_redirects and elsewhere is not None:
                what, where = elsewhere
                raise _Refused(
                    f"redirected to another {what} ({where}); --follow-redirects follows it"
                )
            if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
                raise _Refused(f"too many redirects (over {MAX_REDIRECTS})")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return urllib.request.build_opener(Redirects, HTTP, HTTPS)


def download(
    url: str, timeout: float = DOWNLOAD_TIMEOUT_SECONDS, max_bytes: int = DOWNLOAD_MAX_BYTES
) -> bytes | LoadError:
    """Fetch a raw digest over http(s): time-limited, size-capped, complete, errors as values."""
    fetched = fetch_url(url, timeout, max_bytes)
    return fetched if isinstance(fetched, LoadError) else fetched.data


def fetch_url(
    url: str,
    timeout: float = DOWNLOAD_TIMEOUT_SECONDS,
    max_bytes: int = DOWNLOAD_MAX_BYTES,
    follow_redirects: bool = False,
) -> Downloaded | LoadError:
    """`download`, saying where the bytes came from; redirects to another host
    followed only with `follow_redirects`. The error's path is the URL, redacted."""
    got = _fetch(url, timeout, max_bytes, follow_redirects, None)
    assert not isinstance(got, NotModified | Missing)  # told apart only when asked
    return got


def fetch_if_changed(
    url: str,
    validators: Validators | None = None,
    timeout: float = DOWNLOAD_TIMEOUT_SECONDS,
    max_bytes: int = DOWNLOAD_MAX_BYTES,
    follow_redirects: bool = False,
) -> Downloaded | NotModified | Missing | LoadError:
    """`fetch_url` asking only for a file changed since `validators` were given
    (`If-None-Match`, `If-Modified-Since`); a 304 is `NotModified`, a 404 or 410
    `Missing`, and what came keeps its new validators (`Downloaded.validators`)."""
    return _fetch(url, timeout, max_bytes, follow_redirects, validators or Validators())


def _fetch(
    url: str,
    timeout: float,
    max_bytes: int,
    follow_redirects: bool,
    validators: Validators | None,
) -> Downloaded | NotModified | Missing | LoadError:
    """The request behind `fetch_url` (`validators` None) and `fetch_if_changed`."""
    import http.client
    import urllib.error
    import urllib.request

    shown = redacted(url)
    problem = _url_problem(url)
    if problem is not None:
        return LoadError(shown, problem)
    headers = {"User-Agent": "paper-tui", "Accept": "text/*"}
    if validators is not None:
        headers.update(validators.headers())
    request = urllib.request.Request(url, headers=headers)
    with _Watchdog(timeout) as watchdog:
        try:
            with _opener(watchdog, follow_redirects).open(request, timeout=timeout) as response:
                if watchdog.passed():  # the socket shut mid-headers ends them without a word
                    return LoadError(shown, watchdog.reason())
                watchdog.phase = "reading the body"
                got = _read_body(response, max_bytes, watchdog)
                if isinstance(got, str):
                    return LoadError(shown, got)
                return Downloaded(got, response.geturl(), _validators_of(response.headers))
        except _Refused as refusal:
            return LoadError(shown, str(refusal))
        except urllib.error.HTTPError as error:
            if validators is not None and error.code == 304:
                return NotModified(url)
            if validators is not None and error.code in (404, 410):
                return Missing(url, error.code)
            if 300 <= error.code < 400:  # urllib's own loop detection
                return LoadError(shown, f"too many redirects (a loop at HTTP {error.code})")
            return LoadError(shown, f"HTTP {error.code} {clean_line(str(error.reason))}")
        except (OSError, http.client.HTTPException, ValueError) as error:
            if watchdog.passed():  # the watchdog shut the socket: any error follows from that
                return LoadError(shown, watchdog.reason())
            return LoadError(shown, _failure_reason(error, timeout))


def _validators_of(headers: HTTPMessage) -> Validators | None:
    """The response's ETag and Last-Modified, when short and printable (a header
    with a control character in it could not be sent back)."""

    def value(name: str) -> str:
        text = str(headers.get(name) or "").strip()
        return text if len(text) <= _VALIDATOR_CHARS and text.isprintable() else ""

    found = Validators(value("ETag"), value("Last-Modified"))
    return found or None


def _read_body(response: Any, max_bytes: int, watchdog: _Watchdog) -> bytes | str:
    """The whole body, or why not (too large, cut short, past the deadline)."""
    length_header = response.headers.get("Content-Length")
    length = int(length_header) if length_header and length_header.isdigit() else None
    if length is not None and length > max_bytes:
        return f"too large ({length} bytes; limit {max_bytes})"
    kind = response.headers.get_content_type()
    if kind in ("text/html", "application/xhtml+xml"):
        return "got a web page, not a markdown file (use the raw file link)"
    chunks: list[bytes] = []
    received = 0
    while chunk := response.read1(_CHUNK_BYTES):
        chunks.append(chunk)
        received += len(chunk)
        watchdog.phase = f"reading the body, {received} bytes received"
        if received > max_bytes:
            return f"too large (over {max_bytes} bytes)"
    if watchdog.expired:  # the socket was shut: what came is not the whole body
        return watchdog.reason()
    if length is not None and received < length:
        # http.client returns what came before the close without complaint.
        return f"connection closed early ({received} of {length} bytes)"
    return b"".join(chunks)


def _failure_reason(error: Exception, timeout: float) -> str:
    """A failed request in words (the deadline did not pass)."""
    import http.client
    import urllib.error

    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return f"timed out: no answer within {timeout:g} s (connecting)"
        return f"cannot download: {clean_line(str(reason))}"
    if isinstance(error, TimeoutError):
        return f"timed out: the server was silent for {timeout:g} s"
    if isinstance(error, http.client.HTTPException):
        # BadStatusLine, LineTooLong, IncompleteRead...: not OSErrors, so urllib lets them out.
        return f"bad HTTP response: {clean_line(str(error))[:200]}"
    return f"cannot download: {clean_line(str(error))}"
