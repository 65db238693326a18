"""A local server of daily digests on 127.0.0.1 for the sync tests (never the internet).

Each day's digest is at `/daily/YYYY/MM/YYYY-MM-DD.md`, with an ETag and a
Last-Modified; a conditional request for an unchanged file gets 304. Days can
be missing (404), slow, or broken (a bad status, a truncated body). The server
counts what it was asked and what it sent, and the most requests at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.utils import formatdate

TEMPLATE_PATH = "/daily/{yyyy}/{mm}/{date}.md"


def digest_text(day: date, papers: int = 3, first: int = 1, tag: str = "") -> str:
    """A small digest for `day`: `papers` papers with ids unique to the day."""
    lines = [f"## Daily Papers ({day.isoformat()})", ""]
    for number in range(first, first + papers):
        arxiv_id = f"{day:%y%m}.{day.day:02d}{number:03d}"
        lines += [
            f"### [A Study of Synced Things {day.isoformat()} {number}{tag}](https://arxiv.org/abs/{arxiv_id})",
            "",
            f"Vote: {number}",
            "",
            "Authors: Ada Lovelace, Alan Turing",
            "",
            f"- **What's New**: 동기화 {number} of {day.isoformat()}.",
            "",
        ]
    return "\n".join(lines)


def ids_of(day: date, papers: int = 3, first: int = 1) -> set[str]:
    return {f"{day:%y%m}.{day.day:02d}{number:03d}" for number in range(first, first + papers)}


@dataclass
class DailyFiles:
    """What the server holds and how it behaves, changed by the tests as they go."""

    bodies: dict[str, bytes] = field(default_factory=dict)
    slow: set[str] = field(default_factory=set)
    broken: dict[str, str] = field(default_factory=dict)
    """path -> "status" (HTTP 500), "truncated", "garbage" (not HTTP at all)."""
    etags: bool = True
    last_modified: bool = True
    requests: list[str] = field(default_factory=list)
    conditional: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    """Paths answered with a body (200)."""
    active: int = 0
    most_active: int = 0
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, day: date, text: str) -> None:
        self.bodies[day_path(day)] = text.encode()

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.conditional.clear()
            self.sent.clear()
            self.most_active = 0


def day_path(day: date) -> str:
    return f"/daily/{day:%Y}/{day:%m}/{day.isoformat()}.md"


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


class _Handler(http.server.BaseHTTPRequestHandler):
    files: DailyFiles

    def do_GET(self) -> None:
        files = self.files
        with files.lock:
            files.requests.append(self.path)
            files.active += 1
            files.most_active = max(files.most_active, files.active)
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                files.conditional.append(self.path)
        self._counted = True
        try:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(files)
        finally:
            self._done(files)

    def _done(self, files: DailyFiles) -> None:
        """The request stops counting as active before its answer is sent: once the
        client has the answer it may send its next request, which must not overlap."""
        if self._counted:
            self._counted = False
            with files.lock:
                files.active -= 1

    def _answer(self, files: DailyFiles) -> None:
        if files.delay:
            time.sleep(files.delay)
        self._done(files)
        if self.path in files.slow:
            time.sleep(3)
        broken = files.broken.get(self.path)
        body = files.bodies.get(self.path)
        if broken == "garbage":
            self.wfile.write(b"this is not HTTP\r\n\r\n")
            return
        if broken == "status":
            self._send(500, b"oops")
            return
        if body is None:
            self._send(404, b"not found")
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        stamp = formatdate(1_700_000_000 + len(body), usegmt=True)
        if files.etags and self.headers.get("If-None-Match") == etag:
            self._send(304, None, etag, stamp)
            return
        if (
            not files.etags
            and files.last_modified
            and self.headers.get("If-Modified-Since") == stamp
        ):
            self._send(304, None, None, stamp)
            return
        if broken == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        with files.lock:
            files.sent.append(self.path)
        self._send(
            200,
            body,
            etag if files.etags else None,
            stamp if files.last_modified else None,
        )

    def _send(
        self, status: int, body: bytes | None, etag: str | None = None, stamp: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        if etag:
            self.send_header("ETag", etag)
        if stamp:
            self.send_header("Last-Modified", stamp)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body is not None:
            self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@contextlib.contextmanager
def serving(files: DailyFiles) -> Iterator[str]:
    """Serve `files` on 127.0.0.1 (a free port); yields the URL template of its days."""
    handler = type("Handler", (_Handler,), {"files": files})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{TEMPLATE_PATH}"
    finally:
        httpd.shutdown()
        httpd.server_close()
