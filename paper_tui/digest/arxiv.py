"""arXiv identifiers: finding them in links, and the one URL the app opens."""

from __future__ import annotations

import re

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ID = rf"({_NEW_ID}|{_OLD_ID})(?:v\d+)?"
_LINK = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?"
    rf"(?:arxiv\.org/(?:abs|pdf|html)/{_ID}(?:\.pdf)?|huggingface\.co/papers/{_ID})"
    r"/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_BARE = re.compile(rf"^(?:arxiv:)?{_ID}$", re.IGNORECASE)


def parse_arxiv_id(link: str) -> str | None:
    """The arXiv id (version dropped) of an arXiv or Hugging Face papers link."""
    match = _LINK.match(link.strip())
    if match is None:
        return None
    return match.group(1) or match.group(2)


def normalize_arxiv_id(text: str) -> str | None:
    """A bare id as a user types it (`2408.08872v2`, `arXiv:hep-th/9901001`)."""
    match = _BARE.match(text.strip())
    return match.group(1) if match else None


def canonical_url(arxiv_id: str) -> str:
    """The abstract page: the URL the app opens, whatever link the digest wrote."""
    return f"https://arxiv.org/abs/{arxiv_id}"
