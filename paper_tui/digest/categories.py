"""The arXiv category a digest lists ("cs.CL"): from its file name or its header."""

from __future__ import annotations

import re
from pathlib import PurePath

_CATEGORY = (
    r"(?:(?:cs|math|stat|eess|econ|q-bio|q-fin|astro-ph|nlin)\.[A-Z]{2}"
    r"|(?:physics|cond-mat)\.[a-z][a-z\-]{1,20})"
)
"""An arXiv category: an archive and its subject class (`cs.CL`, `q-bio.NC`, `physics.optics`)."""
_NAME_CATEGORY = re.compile(rf"(?:^|[_\-\s])({_CATEGORY})$")
_HEADER_CATEGORY = re.compile(rf"^\s*({_CATEGORY})\s*$")


def category_in_name(source: str) -> str:
    """The category a file name ends with (`cs.CL.md`, `2024-04-18_cs.IR.md`), or ""."""
    stem = PurePath(source.replace("\\", "/")).stem
    match = _NAME_CATEGORY.search(stem)
    return match.group(1) if match else ""


def category_of_header(value: str) -> str:
    """`value` when it is a category as headers write it (`cs.CL` in `arXiv(cs.CL)`), else ""."""
    match = _HEADER_CATEGORY.match(value)
    return match.group(1) if match else ""
