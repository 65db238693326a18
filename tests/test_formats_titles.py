"""Titles for display: LaTeX math in digest titles shown as Unicode, never raising."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.text import title_for_display


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Tide$\\times$Ledger: Long Documents", "Tide×Ledger: Long Documents"),
        ("$\\nabla^2$DFT: A Benchmark", "∇²DFT: A Benchmark"),
        ("Scaling $x_1^{10}$ Models", "Scaling x₁¹⁰ Models"),
        ("An $\\mathcal{O}(n^{2})$ Bound", "An 𝒪(n²) Bound"),
        ("$x_{t+1}$ from $x_t$", "xₜ₊₁ from xₜ"),
        ("Learning Rates of $10^{-3}$", "Learning Rates of 10⁻³"),
        ("$\\alpha$-Entmax and $k$-NN", "α-Entmax and k-NN"),
        ("$\\mathbb{R}^n$ Embeddings", "ℝⁿ Embeddings"),
        ("A $\\frac{1}{2}$-Approximation", "A 1/2-Approximation"),
        ("$\\texttt{code}$ and $\\textsc{Small}$", "code and Small"),
        ("$$x^2$$ Display Math", "x² Display Math"),
    ],
)
def test_math_in_titles_becomes_unicode(title: str, shown: str) -> None:
    assert title_for_display(title) == shown


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("$W_{QK}$ Heads", "W_(QK) Heads"),  # no subscript capitals in Unicode
        ("The $\\mycommand{x}$ Trick", "The \\mycommand{x} Trick"),
        ("The $\\mycommand$ Trick", "The \\mycommand Trick"),
    ],
)
def test_what_unicode_or_pylatexenc_lacks_stays_readable(title: str, shown: str) -> None:
    assert title_for_display(title) == shown


@pytest.mark.parametrize(
    "title",
    [
        "Costs $5 and $10 per Query",
        "A Title Without Math",
        "Only one $ sign",
        "Braces $\\{{{$ unbalanced",
        "Spaced $ x $ dollars",
    ],
)
def test_text_that_is_not_math_is_left_as_it_is(title: str) -> None:
    assert title_for_display(title) == title


def test_an_escaped_dollar_is_a_dollar() -> None:
    assert title_for_display("The \\$100 Model") == "The $100 Model"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$\\{}^_ab1 xαtimes\n%&~#")), max_size=120))
def test_title_for_display_never_raises_on_latexish_text(title: str) -> None:
    assert isinstance(title_for_display(title), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_title_for_display_never_raises_on_any_text(title: str) -> None:
    assert isinstance(title_for_display(title), str)


@pytest.mark.parametrize(
    "span",
    ["\\frac{" * 8 + "x" + "}" * 8, "\\frac{" * 20 + "x" + "}" * 20, "{" * 99 + "}" * 99],
)
def test_pathological_titles_take_bounded_time_and_print_nothing(
    span: str, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = " ".join([f"${span}$"] * 40)
    start = time.perf_counter()
    shown = title_for_display(hostile)
    assert time.perf_counter() - start < 2.0
    assert "%s" not in shown
    assert capsys.readouterr() == ("", "")
