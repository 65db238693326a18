"""Before any markdown is read: a file's bytes to text.

Digests come from many hands: UTF-8 with or without a BOM, UTF-16 or UTF-32
from Windows editors (with a BOM), CRLF line ends, Korean files saved as CP949,
and now and then a stray control byte. Anything else is refused with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from paper_tui.digest.dates import date_from_path
from paper_tui.model import LoadError, ParseWarning

__all__ = ["MAX_FILE_BYTES", "date_from_path", "decode", "read_file", "unify_line_breaks"]

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused: no real digest is near this, a runaway one is."""


_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
"""Byte-order marks of the wide encodings, UTF-32 first (its LE mark starts like UTF-16's)."""
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
"""NUL and the C0 controls but tab, newline, form feed and CR: what text is not made of."""
_STRAY_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
"""The control characters dropped from text that is otherwise good; not ESC, which
`clean` removes with the escape sequence it starts."""
_NOT_TEXT = re.compile("[\ufeff\ufff0-\uffff]")
SNIFF_BYTES = 64 * 1024
"""How much of a file is looked at to tell text from binary."""
BINARY_SHARE = 0.10
"""A file whose first `SNIFF_BYTES` are more than this share NUL or control bytes is binary."""


def decode(data: bytes, source: str) -> tuple[str, tuple[ParseWarning, ...]] | LoadError:
    """Bytes to text: UTF-16 or UTF-32 with a byte-order mark, UTF-8 (BOM or not), else
    CP949 with a warning, else an error naming why.

    A few NUL or stray control bytes in otherwise good text (a broken escape,
    `$\\x03B5$`) are dropped with one warning; a file mostly made of them is
    binary. Line endings are normalized to `\\n` so line numbers match any editor's.
    """
    if len(data) > MAX_FILE_BYTES:
        return LoadError(
            source,
            f"file too large ({len(data) >> 20} MiB; the limit is {MAX_FILE_BYTES >> 20} MiB)",
        )
    warnings: list[ParseWarning] = []
    text = _decode_wide(data)
    if text is None:
        if _CONTROL_BYTE.search(data) is not None:
            sample = data[:SNIFF_BYTES]
            share = len(_CONTROL_BYTE.findall(sample)) / len(sample)
            if share > BINARY_SHARE:
                what = "contains NUL bytes" if b"\x00" in sample else f"{share:.0%} control bytes"
                return LoadError(source, f"binary file ({what}), not a markdown digest")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp949")
            except UnicodeDecodeError:
                return LoadError(
                    source, f"not valid UTF-8 (bad byte at offset {utf8_error.start}) nor CP949"
                )
            warnings.append(
                ParseWarning(source, 1, "not valid UTF-8; decoded as CP949 (Korean Windows)")
            )
    text = unify_line_breaks(text)
    stray = _STRAY_CHARACTER.search(text)
    if stray is not None:
        line = text.count("\n", 0, stray.start()) + 1
        text, count = _STRAY_CHARACTER.subn("", text)
        what = "a NUL or control byte" if count == 1 else f"{count} NUL or control bytes"
        warnings.append(ParseWarning(source, line, f"dropped {what}, the first on line {line}"))
    return text, tuple(warnings)


_SEPARATORS = re.compile("[\u2028\u2029\x85]")
"""Line and paragraph separators and NEL: line breaks to mistletoe (`str.splitlines`),
not to the adapters (which split on `\\n`) nor to editors, `grep -n` or `less`."""


def unify_line_breaks(text: str) -> str:
    """`text` with `\\n` as its only line break: CRLF and a lone CR become `\\n`, and
    U+2028, U+2029 and NEL (U+0085) a space.

    The separators become spaces, not newlines, because the file's lines are what its
    author and every editor see: one inside a summary (pasted from a web page) is a
    break in the middle of a sentence, and as `\\n` it could turn the rest of the line
    into a new section or paper (`- **Label**: ...`, `### ...`) or shift line numbers.
    mistletoe splits lines with `str.splitlines`, which breaks at them, while the
    parser slices its sections from lines split on `\\n`: with one left in, every later
    paper got the lines of its neighbour. The other characters `splitlines` breaks at
    (VT, FF, FS, GS, RS) are controls, which `clean` removes.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SEPARATORS.search(text) is not None:
        text = _SEPARATORS.sub(" ", text)
    return text


def _decode_wide(data: bytes) -> str | None:
    """The text of a UTF-16 or UTF-32 file with a byte-order mark, or None when `data`
    has no such mark or does not read as text in that encoding."""
    if data[:1] not in (b"\x00", b"\xfe", b"\xff"):
        return None
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
            sample = text[:4096]
            if _NOT_TEXT.search(sample) or (
                sample and sum(character < "\x80" for character in sample) < len(sample) / 20
            ):
                return None  # bytes that merely start like a mark: not text in this encoding
            return text
    return None


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
