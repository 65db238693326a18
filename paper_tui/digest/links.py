"""A paper's links as digests write them, and which one stands for the paper."""

from __future__ import annotations

import re

from paper_tui.digest.arxiv import parse_arxiv_id

_LINK = re.compile(
    r"\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^\s()<>]+)>?\s*\)|<?(?P<bare>https?://[^\s()<>|]+)>?"
)


def links_in(text: str) -> list[str]:
    """Every link target in `text`, `[text](url)` or bare, in order."""
    return [match.group("url") or match.group("bare") for match in _LINK.finditer(text)]


def paper_link(urls: list[str]) -> tuple[str | None, str]:
    """(arXiv id, link to keep) of a paper's links: the first arXiv (or Hugging Face
    papers) one, else the first http(s) one."""
    arxiv_id = next((found for url in urls if (found := parse_arxiv_id(url))), None)
    url = next((url for url in urls if url.startswith(("http://", "https://"))), "")
    return arxiv_id, url
