"""Before any markdown is read: a file's bytes to text.

Digests come from many hands: UTF-8 with or without a BOM, CRLF from Windows,
and Korean files saved as CP949. Anything else is refused with a reason.
"""

from __future__ import annotations

from pathlib import Path

from paper_tui.digest.dates import date_from_path
from paper_tui.model import LoadError, ParseWarning

__all__ = ["MAX_FILE_BYTES", "date_from_path", "decode", "read_file"]

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused: no real digest is near this, a runaway one is."""


def decode(data: bytes, source: str) -> tuple[str, tuple[ParseWarning, ...]] | LoadError:
    """Bytes to text: UTF-8 (BOM or not), else CP949 with a warning, else an error.

    Line endings are normalized to `\\n` so line numbers match any editor's.
    """
    if len(data) > MAX_FILE_BYTES:
        return LoadError(
            source,
            f"file too large ({len(data) >> 20} MiB; the limit is {MAX_FILE_BYTES >> 20} MiB)",
        )
    if b"\x00" in data:
        return LoadError(source, "binary file (contains NUL bytes), not a markdown digest")
    warnings: tuple[ParseWarning, ...] = ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            return LoadError(
                source, f"not valid UTF-8 (bad byte at offset {utf8_error.start}) nor CP949"
            )
        warnings = (ParseWarning(source, 1, "not valid UTF-8; decoded as CP949 (Korean Windows)"),)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def read_file(path: str | Path) -> bytes | LoadError:
    """A file's bytes (one past the size cap, so `decode` can refuse it); any OS
    error becomes a `LoadError` naming the file. Shared by the parser and `add`."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return LoadError(source, "is a directory")
    except FileNotFoundError:
        return LoadError(source, "no such file")
    except PermissionError:
        return LoadError(source, "permission denied")
    except OSError as error:
        return LoadError(source, error.strerror or str(error))
