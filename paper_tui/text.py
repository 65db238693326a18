"""Making untrusted digest text safe to show and to open.

Digest text is data, never instructions: control characters (which carry
terminal escape sequences) are removed before anything reaches a screen, and
only http(s) links are ever handed to a browser.
"""

from __future__ import annotations

import functools
import re
import unicodedata
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


def name_key(name: str) -> str:
    """How author names are compared (following an author, `is:followed`): NFKC,
    casefolded, every run of whitespace one space, so "Jun  KIM" is "jun kim"."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def is_safe_url(url: str) -> bool:
    """True only for absolute http(s) URLs with a host: nothing else is opened."""
    if not url or not url.isprintable() or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# What `printable` escapes: C0 controls (tab and newline too), DEL, C1 controls,
# bidi controls, line and paragraph separators, and lone surrogates (the bytes of
# a file name that are not UTF-8, which would also make `print` fail).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible_escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` (a file name, a path, a URL) safe to print on one line: every control,
    bidi override and line separator becomes a visible escape (ESC -> `\\x1b`,
    newline -> `\\n`), so the name stays identifiable but cannot drive the terminal.

    Unlike `clean`, nothing is removed; the result is printable, and applying it
    twice changes nothing more.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_visible_escape, text)


# -- titles for display: LaTeX math as Unicode ------------------------------------

_MATH_SPAN = re.compile(r"(?<![\\$])(\${1,2})(?=\S)([^$\n]{1,200}?)(?<=[^\s\\])\1(?![\d$])")
"""`$...$` (or `$$...$$`): not after a backslash, no space just inside, no digit just after
(`$5 and $10` is money, not math)."""
_SCRIPT = re.compile(r"([\^_])(?:\{(?P<group>[^{}\\]{1,40})\}|(?P<one>[0-9A-Za-z+\-=()]))")
_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_FONT_MACROS = frozenset({"boldsymbol", "bm", "mbox", "hbox", "operatorname", "pmb"})
MAX_MATH_DEPTH = 8
"""Braces nested deeper than this in a span: shown as written (pylatexenc recurses)."""
MAX_MATH_SPANS = 16
"""Spans converted in one title; any after are shown as written (bounded time)."""


def _scripted(match: re.Match[str]) -> str:
    """`^2`, `_{t+1}` as Unicode super- or subscripts when Unicode has every character."""
    mark, text = match.group(1), match.group("group") or match.group("one") or ""
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if text and all(character in table for character in text.replace(" ", "")):
        return "".join(table[character] for character in text.replace(" ", ""))
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _latex_to_unicode(latex: str) -> str:
    """One math span's LaTeX as Unicode; a command pylatexenc does not know is kept as written."""
    from pylatexenc.latex2text import (  # type: ignore[import-untyped]
        LatexNodes2Text,
        get_default_latex_context_db,
    )
    from pylatexenc.latexwalker import (  # type: ignore[import-untyped]
        LatexGroupNode,
        LatexMacroNode,
        LatexWalker,
    )

    if not _plainly_nested(latex):
        return ""  # the parse would drop or garble text: show it as written
    _quiet_pylatexenc()
    converter = LatexNodes2Text(math_mode="text")
    known = get_default_latex_context_db()
    nodes = LatexWalker(_SCRIPT.sub(_scripted, latex), tolerant_parsing=True).get_latex_nodes()[0]
    parts: list[str] = []
    keep_group = False
    for node in nodes or ():
        if isinstance(node, LatexMacroNode) and known.get_macro_spec(node.macroname) is None:
            name = node.macroname
            arguments = [arg for arg in getattr(node.nodeargd, "argnlist", None) or () if arg]
            if name.startswith(("text", "math")) or name in _FONT_MACROS:
                parts.extend(converter.nodelist_to_text([arg]) for arg in arguments)
            else:
                parts.append(node.latex_verbatim())
                keep_group = not arguments
            continue
        if keep_group and isinstance(node, LatexGroupNode):
            parts.append(node.latex_verbatim())
        else:
            parts.append(converter.nodelist_to_text([node]))
        keep_group = False
    text = " ".join("".join(parts).split())
    return "" if "%s" in text and "%s" not in latex else text  # a failed substitution


def _plainly_nested(latex: str) -> bool:
    """True when `latex`'s braces balance and nest at most `MAX_MATH_DEPTH` deep."""
    depth = 0
    for character in latex.replace("\\{", "").replace("\\}", ""):
        if character == "{":
            depth += 1
            if depth > MAX_MATH_DEPTH:
                return False
        elif character == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@functools.cache
def _quiet_pylatexenc() -> None:
    """pylatexenc logs what it cannot read; a title on screen must never print to the
    terminal, so its log goes nowhere."""
    import logging

    log = logging.getLogger("pylatexenc")
    log.addHandler(logging.NullHandler())
    log.propagate = False


@functools.lru_cache(maxsize=4096)
def title_for_display(title: str) -> str:
    """A title to show: its `$...$` LaTeX math as Unicode (`LLM$\\times$MapReduce` ->
    `LLM×MapReduce`, `$\\nabla^2$DFT` -> `∇²DFT`), `\\$` as `$`. Never raises; a span
    that cannot be read is shown as written. `Paper.title` keeps the raw form."""
    if "$" not in title:
        return title
    pieces: list[str] = []
    done = 0
    for count, match in enumerate(_MATH_SPAN.finditer(title)):
        if count >= MAX_MATH_SPANS:
            break
        pieces.append(title[done : match.start()].replace("\\$", "$"))
        try:
            converted = _latex_to_unicode(match.group(2))
        except Exception:  # pylatexenc on hostile input: show the span as written
            converted = ""
        pieces.append(converted or match.group(0))
        done = match.end()
    pieces.append(title[done:].replace("\\$", "$"))
    return "".join(pieces)
