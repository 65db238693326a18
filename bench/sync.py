"""`paper-tui sync` against a local server of generated daily digests (127.0.0.1 only).

Serves `--days` days (default 30) of generated digests (25 papers, ~40 KB each)
with an ETag, a few days missing (404), each answer after `--latency` seconds
(default 0.05, a far server), then runs `paper-tui sync TEMPLATE --since
--until` twice in a fresh PAPER_TUI_HOME: the first downloads every day, the
second is conditional and should download nothing (all 304). Prints the
command, wall time, requests and bytes sent for each run. Figures only.

    python bench/sync.py [--days 30] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import io
import os
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_digest


class _Days(http.server.BaseHTTPRequestHandler):
    bodies: ClassVar[dict[str, bytes]] = {}
    latency: ClassVar[float] = 0.0
    requests: ClassVar[int] = 0
    sent: ClassVar[int] = 0
    lock: ClassVar[threading.Lock] = threading.Lock()

    def do_GET(self) -> None:
        time.sleep(self.latency)
        body = self.bodies.get(self.path)
        with self.lock:
            type(self).requests += 1
        if body is None:
            self._answer(404, b"not found")
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._answer(304, None, etag)
            return
        with self.lock:
            type(self).sent += len(body)
        self._answer(200, body, etag)

    def _answer(self, status: int, body: bytes | None, etag: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        if etag:
            self.send_header("ETag", etag)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body is not None:
            self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    last = date(2025, 2, 28)
    first = last - timedelta(days=args.days - 1)
    for offset in range(args.days):
        day = first + timedelta(days=offset)
        if offset % 10 != 6:  # a hole now and then
            path = f"/daily/{day:%Y}/{day:%m}/{day.isoformat()}.md"
            _Days.bodies[path] = generate_digest(day, seed=offset).encode()
    _Days.latency = args.latency
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Days)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    template = f"http://127.0.0.1:{httpd.server_address[1]}/daily/{{yyyy}}/{{mm}}/{{date}}.md"
    command = ["sync", template, "--since", first.isoformat(), "--until", last.isoformat()]
    print(f"paper-tui {' '.join(command)}")
    print(f"{len(_Days.bodies)} digests of {args.days} days, {args.latency:g} s a request")
    with tempfile.TemporaryDirectory() as home:
        os.environ["PAPER_TUI_HOME"] = home
        from paper_tui.cli.entry import main as paper_tui

        for run in ("first", "second"):
            _Days.requests = _Days.sent = 0
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out):
                status = paper_tui(command)
            elapsed = time.perf_counter() - started
            summary = out.getvalue().splitlines()[-1]
            print(
                f"{run:6}  {elapsed:5.2f} s  exit {status}  {_Days.requests} requests  "
                f"{_Days.sent / 1024:,.0f} KB sent  {summary}"
            )
    httpd.shutdown()


if __name__ == "__main__":
    main()
