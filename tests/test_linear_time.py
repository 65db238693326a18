"""Parsing and rendering take linear time on pathological input (issue 15, item 12).

Timings stay out of pass/fail tests, except here, where the issue asks for them; so
the margins are wide. Each input repeats a fragment (backticks, `[a](`, `(http://a`,
`> `, deep indentation, table pipes, ...) to a size where a quadratic step takes
many seconds (the ones found took 15 to 170 s) while the linear parse takes well
under a tenth of a second: hypothesis builds them with a deadline of seconds per
example, and a ratio check times a few at n and 4n (linear: about 4x; quadratic: 16x).
CPU time of this process is measured, so other work on the machine matters less.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_tui.digest import parse_bytes
from paper_tui.ui.markdown_text import render_markdown
from tests.conftest import FIXTURES, SEED

FRAGMENTS = (
    "`", "``", "`a", "[a](", "[", "](", "![", "![a](", "(http://a", "https://a/", "http://",
    "**", "**a", "__", "_a", "*a ", "*", "> ", "- ", "1. ", "  ", "\t", " ", "#", " #", "|",
    "| a ", "<", "<a", ">", "\\", "&", "~~", "$", "a", ".", ":", "(", ")", "Read more on ",
)  # fmt: skip
"""Pieces that open, close or extend an inline or block construct."""

CONTEXTS = (
    (SEED, "### {}"),
    (SEED, "## {}"),
    (SEED, "{}"),
    (SEED, "- **What's New**: {}"),
    (SEED, "### [T](https://arxiv.org/abs/2408.00001)\n\n- **New**: {}"),
    (FIXTURES / "formats" / "numbered" / "2025-02-24.md", "### 1. {}"),
    (FIXTURES / "formats" / "link-last" / "2025-02-26.md", "## T\n{}"),
    (FIXTURES / "formats" / "link-last" / "2025-02-26.md", "## {}"),
    (FIXTURES / "formats" / "table" / "2025-03-03.md", "| {} | A | s |"),
    (FIXTURES / "formats" / "fenced" / "2025-02-21.md", "## 2502.00001\n{}"),
)
"""Where hostile text goes: a fixture digest of the family it aims at, and the line
it fills (a heading, a summary, a link line, a table row, ...)."""

PARSE_CHARS = 12_000
RENDER_CHARS = 20_000
DEADLINE = timedelta(seconds=4)
"""Per example: the linear parse of these sizes takes a few hundredth of a second."""


@st.composite
def pathological(draw: st.DrawFn, size: int) -> str:
    """One to three fragments, repeated to about `size` characters, maybe as lines."""
    unit = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3)))
    if draw(st.booleans()):
        unit += draw(st.sampled_from(("\n", "\n\n", "x\n")))
    text = unit * max(1, size // len(unit))
    if draw(st.booleans()):  # a staircase: each line one level deeper than the last
        step = draw(st.sampled_from(("  ", "> ", "- ", "\t", "1. ")))
        depth = int((2 * size / len(step)) ** 0.5)
        text = "\n".join(step * level + "x" for level in range(depth))
    return text


def parse(text: str, context: tuple[object, str]) -> None:
    path, template = context
    base = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    data = (base + "\n" + template.format(text) + "\n").encode("utf-8", "surrogatepass")
    assert not isinstance(parse_bytes(data, "2025-01-01.md"), Exception)


@settings(
    max_examples=15,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=pathological(PARSE_CHARS), context=st.sampled_from(CONTEXTS))
def test_parsing_pathological_text_takes_linear_time(text: str, context: tuple[object, str]) -> None:
    parse(text, context)


@settings(
    max_examples=15,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=pathological(RENDER_CHARS))
def test_rendering_pathological_text_takes_linear_time(text: str) -> None:
    render_markdown(text)


def cpu_seconds(call: Callable[[], object], runs: int = 3) -> float:
    """The least CPU time of `runs` calls, with the collector paused."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.process_time()
            call()
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


RATIO_CASES = {
    "heading of (http://a": (lambda n: "(http://a" * (4 * n), CONTEXTS[0]),
    "heading of [a](": (lambda n: "[a](" * (8 * n), CONTEXTS[0]),
    "heading with spaces": (lambda n: "a" + " " * (128 * n) + "b", CONTEXTS[5]),
    "link line of https://a/": (lambda n: "https://a/" * (12 * n) + "<", CONTEXTS[6]),
    "nested quotes": (lambda n: "\n".join("> " * d + "x" for d in range(n // 8)), CONTEXTS[2]),
    "nested list": (lambda n: "\n".join("  " * d + "- x" for d in range(n // 8)), CONTEXTS[2]),
    "table cell with spaces": (lambda n: "T" + " " * (64 * n) + "x", CONTEXTS[8]),
}
RENDER_RATIO_CASES = {
    "backticks": lambda n: "`" * (32 * n),
    "backtick runs": lambda n: "`a``" * (2 * n),
    "brackets": lambda n: "[" * (24 * n),
    "images": lambda n: "![" * (12 * n),
    "bold openers": lambda n: "**a" * (3 * n),
}
MAX_RATIO = 10.0
"""Time at 4n over time at n: about 4 when linear, 16 when quadratic."""


@pytest.mark.parametrize("name", sorted(RATIO_CASES))
def test_parse_time_grows_linearly(name: str) -> None:
    build, context = RATIO_CASES[name]
    base = 800
    small = cpu_seconds(lambda: parse(build(base), context))
    large = cpu_seconds(lambda: parse(build(4 * base), context))
    floor = cpu_seconds(lambda: parse("", context))  # the fixture's own parse
    ratio = max(large - floor, 1e-3) / max(small - floor, 1e-3)
    assert ratio < MAX_RATIO, f"{name}: {small:.4f}s at n, {large:.4f}s at 4n (floor {floor:.4f}s)"
    assert large < 2.0


@pytest.mark.parametrize("name", sorted(RENDER_RATIO_CASES))
def test_render_time_grows_linearly(name: str) -> None:
    build = RENDER_RATIO_CASES[name]
    base = 1500
    small = cpu_seconds(lambda: render_markdown(build(base)))
    large = cpu_seconds(lambda: render_markdown(build(4 * base)))
    ratio = max(large, 1e-3) / max(small, 1e-3)
    assert ratio < MAX_RATIO, f"{name}: {small:.4f}s at n, {large:.4f}s at 4n"
    assert large < 2.0
