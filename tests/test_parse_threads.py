"""Parsing is safe from several threads at once (`S` parses while a load does)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from paper_tui.digest.parse import parse_text

PAPER = """### [Mamba: *Linear* Time Sequence Modeling {n}](https://arxiv.org/abs/2312.{n:05d})

Vote: {n}

- **What's New**: a *new* model with `code` and [a link](https://example.org).
- **Technical Details**: selective state spaces.
"""

DIGEST = "## Daily Papers (2024-08-19)\n\n" + "\n".join(PAPER.format(n=n) for n in range(1, 40))


def test_four_threads_parse_the_same_digest_alike() -> None:
    expected = parse_text(DIGEST, "digest.md")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: parse_text(DIGEST, "digest.md"), range(32)))
    assert all(result == expected for result in results)
    titles = [paper.title for paper in expected[0].papers]
    assert titles[0] == "Mamba: Linear Time Sequence Modeling 1"
    assert len(titles) == 39


def test_mistletoe_globals_are_restored_after_threaded_parses() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: parse_text(DIGEST, "digest.md"), range(16)))
    from mistletoe import Document

    rendered = Document("# *emphasis* and `code`\n\n> quote\n")
    heading = rendered.children[0]
    assert type(heading.children[0]).__name__ == "Emphasis"
    assert type(rendered.children[1]).__name__ == "Quote"
