"""Making untrusted digest text safe to show and to open.

Digest text is data, never instructions: control characters (which carry
terminal escape sequences) are removed before anything reaches a screen, and
only http(s) links are ever handed to a browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f: CSI is 0x9b).
# An ESC starting a CSI/OSC sequence is removed with its sequence so no
# "[31m" debris is left behind.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI ... final byte (7- or 8-bit)
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC ... ST
    r"|\x1b[@-Z\\-_]?"  # other two-byte escapes, or a lone ESC
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ANYTHING_TO_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Strip escape sequences, C0/C1 controls (keeping tab and newline) and
    bidi overrides, which could make a title display as something else."""
    # One scan finds nothing in almost every digest; the rewrites are for the rest.
    if _ANYTHING_TO_CLEAN.search(text) is None:
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return _BIDI_OVERRIDES.sub("", text)


def clean_line(text: str) -> str:
    """`clean`, then fold every run of whitespace (newlines too) into one space."""
    return " ".join(clean(text).split())


def is_safe_url(url: str) -> bool:
    """True only for absolute http(s) URLs with a host: nothing else is opened."""
    if not url or not url.isprintable() or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
