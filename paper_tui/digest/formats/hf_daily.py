"""The HF daily family: `## Daily Papers (DATE)` headers, `### [Title](arXiv link)`
headings, `Vote:` / `Authors:` lines, a thumbnail, and `- **What's New**: ...` bullets
(plain bullets in the earliest digests), in Korean or English.

It is also the reader of last resort: a file no family recognises is read as
this one, which finds whatever `###` headings link to arXiv.
"""

from __future__ import annotations

import re

from paper_tui.digest.assembly import SourceFacts
from paper_tui.digest.formats.linked_headings import read_linked_headings
from paper_tui.model import Digest

NAME = "hf-daily"

_PAPER_HEADING = re.compile(
    r"\n###[ \t]+\[[^\n]*\]\(\s*<?(?:https?://)?(?:www\.)?(?:arxiv\.org|huggingface\.co)/"
)
_HEADER = re.compile(r"\n#{1,2}[ \t]+Daily Papers[ \t]*\(")


def detect(head: str) -> int:
    """How many `### [Title](link)` paper headings (and `Daily Papers` headers) `head` holds."""
    return len(_PAPER_HEADING.findall(head)) + len(_HEADER.findall(head))


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every `Daily Papers` digest of the file (one, headerless, when it has no header)."""
    return read_linked_headings(text, facts, NAME)
