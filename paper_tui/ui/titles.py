"""Titles as the reader sees them: control characters gone, LaTeX math as Unicode."""

from __future__ import annotations

from functools import lru_cache

from paper_tui.text import clean_line, title_for_display


@lru_cache(maxsize=8192)
def shown_title(title: str) -> str:
    """`title` on one line with its `$...$` math as Unicode (`LLM$\\times$MapReduce` ->
    `LLM×MapReduce`); remembered, since rows are drawn again and again."""
    return clean_line(title_for_display(title))
