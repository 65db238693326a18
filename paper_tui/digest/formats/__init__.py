"""One adapter per digest family, and the choice of adapter for a file by what it holds.

Each adapter is a module with `NAME` (the `Digest.format` it gives), `detect(head)`
(how many of its papers' shapes the start of a file shows) and `parse(text, facts)`.
The file's name never decides: a file is read by the adapter that sees the most
of its papers in its first `DETECT_CHARS` characters (the first listed on a tie),
and by the HF daily adapter when none sees any.
"""

from __future__ import annotations

from typing import Protocol

from paper_tui.digest.assembly import SourceFacts
from paper_tui.digest.formats import (
    arxiv_listing,
    fenced,
    hf_daily,
    link_last,
    numbered,
    table,
)
from paper_tui.model import Digest

DETECT_CHARS = 16 * 1024
"""How much of a file detection reads: enough for several papers of any family."""


class Adapter(Protocol):
    """What every digest family's module offers."""

    NAME: str

    def detect(self, head: str) -> int:
        """How many papers of this family `head` (starting with a newline) shows."""
        ...

    def parse(self, text: str, facts: SourceFacts) -> tuple[Digest, ...]:
        """Every digest of `text` (cleaned, front matter blanked), at least one."""
        ...


ADAPTERS: tuple[Adapter, ...] = (hf_daily, arxiv_listing, table, fenced, numbered, link_last)
"""Every family, in the order that breaks ties."""

FORMAT_NAMES: tuple[str, ...] = tuple(adapter.NAME for adapter in ADAPTERS)
"""The `Digest.format` values the parser gives."""


def choose_adapter(text: str) -> Adapter:
    """The adapter for `text`: the one that sees most of its papers at the start."""
    head = "\n" + text[:DETECT_CHARS]
    best, best_score = ADAPTERS[0], 0
    for adapter in ADAPTERS:
        score = adapter.detect(head)
        if score > best_score:
            best, best_score = adapter, score
    return best


def adapter_named(name: str) -> Adapter | None:
    """The adapter whose `NAME` is `name`, or None."""
    return next((adapter for adapter in ADAPTERS if name == adapter.NAME), None)
