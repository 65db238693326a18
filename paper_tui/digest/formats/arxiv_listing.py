"""The arXiv listing family: `New uploads on arXiv(cs.XX)` headers (a heading or a plain
paragraph, or none), `### Title (https://arxiv.org/abs/ID)` headings, `Comments:` with
an indented continuation, and `- **What's New**: ...` bullets; one file per category
and day (`2024-12-24_cs.LG.md`, `2024-12-24/cs.CL.md`), some with no papers at all.
"""

from __future__ import annotations

import re

from paper_tui.digest.assembly import SourceFacts
from paper_tui.digest.formats.linked_headings import read_linked_headings
from paper_tui.model import Digest

NAME = "arxiv-listing"

_PAPER_HEADING = re.compile(
    r"\n###[ \t]++[^\n\[]*\(\s*(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"[^\s()]++\)[ \t]*(?=\n|$)"
)
"""A paper's heading. The spaces after `###` are taken whole (`++`): as `+`, a
heading of 24,000 spaces was tried at every split between them and the title
(1 s for one file)."""
_HEADER = re.compile(r"\n(?:#{1,2}[ \t]+)?New uploads on arXiv[ \t]*\(")


def detect(head: str) -> int:
    """How many `### Title (arXiv URL)` headings (and `New uploads` headers) `head` holds."""
    return len(_PAPER_HEADING.findall(head)) + len(_HEADER.findall(head))


def parse(text: str, facts: SourceFacts) -> tuple[Digest, ...]:
    """Every `New uploads` digest of the file (one, headerless, when it has no header)."""
    return read_linked_headings(text, facts, NAME)
