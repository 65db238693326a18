"""Issue 15 audited again from the outside: what still failed, each with its test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from paper_tui.library.download import download
from paper_tui.model import LoadError
from tests.conftest import FIXTURE_DIGESTS
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


# -- item 4: a flipped bit in the parse cache's index of texts ---------------------


def _cached_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture digests copied (with old mtimes) and loaded once into a cache."""
    from paper_tui.library.loading import load
    from paper_tui.store.parse_cache import ParseCache

    folder = tmp_path / "digests"
    shutil.copytree(FIXTURE_DIGESTS, folder)
    for path in folder.glob("*.md"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    cache_path = tmp_path / "cache" / "parse-cache.sqlite3"
    with ParseCache.open(cache_path) as cache:
        load([str(folder)], cache=cache)
    return folder, cache_path


def _point_a_text_key_elsewhere(cache_path: Path, ref_of: Callable[[int, int], int]) -> None:
    """Flip one `text_keys` row's ref (what a flipped bit on disk does) to
    `ref_of(ref, largest ref)`."""
    with sqlite3.connect(cache_path) as connection:
        rows = connection.execute("SELECT key, ref FROM text_keys ORDER BY ref").fetchall()
        key, ref = rows[0]
        connection.execute(
            "UPDATE text_keys SET ref = ? WHERE key = ?", (ref_of(ref, rows[-1][1]), key)
        )


@pytest.mark.parametrize(
    "ref_of",
    [
        pytest.param(lambda ref, last: last, id="another-text"),
        pytest.param(lambda ref, last: ref | 0xFFFF, id="past-the-pack"),
    ],
)
def test_a_damaged_text_key_never_serves_a_wrong_text_nor_warns_every_run(
    tmp_path: Path, ref_of: Callable[[int, int], int]
) -> None:
    # A file parsed again after the damage was stored with the key's wrong ref:
    # its section then read another paper's text with no error, on every run,
    # or (a ref past its pack) was "damaged, parsed again" on every run.
    from paper_tui.library.loading import load
    from paper_tui.store.parse_cache import ParseCache

    folder, cache_path = _cached_copy(tmp_path)
    fresh = load([str(folder)], workers=1)
    _point_a_text_key_elsewhere(cache_path, ref_of)
    for path in folder.glob("*.md"):  # every file changed since: parsed and stored again
        os.utime(path, (1_700_000_100, 1_700_000_100))
    warned = []
    for _ in range(3):
        with ParseCache.open(cache_path) as cache:
            assert load([str(folder)], cache=cache) == fresh
            warned.append(cache.warnings)
    assert warned[1:] == [[], []]


# -- item 16: a folder source under a user that does not exist ---------------------


@pytest.mark.parametrize(
    "args", [["sync", "~nouser/daily"], ["sources", "add", "mine", "~nouser/daily"]]
)
def test_a_source_under_an_unknown_user_is_one_line_not_an_internal_error(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli.entry import main

    assert main(args) in (1, 2)
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"paper-tui: {'~nouser/daily' if args[0] == 'sync' else 'mine'}: no such user: ~nouser"
    ]


# -- item 6: one damaged cache is one line ------------------------------------------


def test_a_cache_found_corrupt_while_forgetting_damaged_rows_is_said_in_one_line(
    tmp_path: Path,
) -> None:
    # Flipped bytes of a real cache: a row failed its checksum, deleting it met a
    # malformed page, and the user read three lines ("4 damaged entries parsed
    # again", "not updated: database disk image is malformed", "corrupt; moved
    # aside, rebuilt") for one damage.
    from paper_tui.library.loading import load
    from paper_tui.store.parse_cache import ParseCache

    folder, cache_path = _cached_copy(tmp_path)
    fresh = load([str(folder)], workers=1)
    with sqlite3.connect(cache_path) as connection:
        connection.execute("UPDATE entries SET checksum = checksum + 1")

    class Malformed:
        """The cache's connection, but a DELETE meets a malformed page."""

        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def executemany(self, statement: str, rows: object) -> object:
            if statement.startswith("DELETE"):
                error = sqlite3.DatabaseError("database disk image is malformed")
                error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
                error.sqlite_errorname = "SQLITE_CORRUPT"  # type: ignore[attr-defined]
                raise error
            return self.real.executemany(statement, rows)  # type: ignore[arg-type]

        def __enter__(self) -> object:
            return self.real.__enter__()

        def __exit__(self, *exc: object) -> object:
            return self.real.__exit__(*exc)  # type: ignore[arg-type]

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

    with ParseCache.open(cache_path) as cache:
        real = cache._connection
        assert real is not None
        cache._connection = Malformed(real)  # type: ignore[assignment]
        assert load([str(folder)], cache=cache) == fresh
        warnings = list(cache.warnings)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("parse cache corrupt (database disk image is malformed)")
    with ParseCache.open(cache_path) as cache:
        assert load([str(folder)], cache=cache) == fresh
        assert cache.warnings == []
