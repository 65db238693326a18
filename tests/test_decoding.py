"""Bytes to text: stray control bytes dropped with a warning, UTF-16/32 read, binary refused."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.digest.decoding import decode
from paper_tui.digest.parse import parse_bytes
from paper_tui.model import LoadError

DIGEST = (
    "## Daily Papers (2024-08-19)\n\n"
    "### [A Synthetic Paper on Small Things](https://arxiv.org/abs/2401.00001)\n\n"
    "Vote: 3\n\n"
    "- **What's New**: 작은 것에 대한 새로운 방법을 제안합니다.\n"
    "- **Technical Details**: 오차가 $\\epsilon < 10$ 이하로 유지됩니다.\n"
)


def test_stray_control_bytes_are_dropped_with_one_warning_naming_the_first_line() -> None:
    data = DIGEST.replace("$\\epsilon < 10$", "$\x03B5 \x003C 10$").encode()
    decoded = decode(data, "x.md")
    assert not isinstance(decoded, LoadError)
    text, warnings = decoded
    assert "$B5 3C 10$" in text and "\x00" not in text and "\x03" not in text
    assert [(warning.line, warning.message) for warning in warnings] == [
        (8, "dropped 2 NUL or control bytes, the first on line 8")
    ]


def test_the_dropped_bytes_warning_reaches_the_digest() -> None:
    digests = parse_bytes(DIGEST.replace("Vote: 3", "Vote: 3\x00").encode(), "2024-08-19.md")
    assert isinstance(digests, tuple)
    assert digests[0].papers[0].votes == 3
    assert [warning.line for warning in digests[0].warnings] == [5]


def test_escape_sequences_are_left_for_clean_to_remove_whole() -> None:
    text = DIGEST.replace("Vote: 3", "Vote: \x1b[31m3\x1b[0m")
    assert decode(text.encode(), "x.md") == (text, ())


def test_a_file_mostly_of_nul_and_control_bytes_is_binary() -> None:
    outcome = decode(b"\x00\x01\x02\x03 binary-ish" * 50, "blob.md")
    assert isinstance(outcome, LoadError)
    assert outcome.reason == "binary file (contains NUL bytes), not a markdown digest"


def test_utf16_without_a_byte_order_mark_is_binary() -> None:
    outcome = decode(DIGEST.encode("utf-16-le"), "wide.md")
    assert isinstance(outcome, LoadError) and "binary" in outcome.reason


def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded() -> None:
    for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        bom = "\ufeff" if encoding.endswith("-be") else ""
        decoded = decode((bom + DIGEST).replace("\n", "\r\n").encode(encoding), "wide.md")
        assert decoded == (DIGEST, ()), encoding


def test_utf16_digest_parses_like_its_utf8_twin() -> None:
    wide = parse_bytes(DIGEST.encode("utf-16"), "2024-08-19.md")
    narrow = parse_bytes(DIGEST.encode(), "2024-08-19.md")
    assert wide == narrow


def test_bytes_that_only_start_like_a_byte_order_mark_are_not_utf16() -> None:
    outcome = decode(b"\xff\xfe\xfa" * 20, "bad.md")
    assert isinstance(outcome, LoadError) and "not valid UTF-8" in outcome.reason


def test_cp949_is_still_read_with_its_warning() -> None:
    decoded = decode(DIGEST.encode("cp949"), "x.md")
    assert not isinstance(decoded, LoadError)
    assert decoded[0] == DIGEST
    assert [warning.message for warning in decoded[1]] == [
        "not valid UTF-8; decoded as CP949 (Korean Windows)"
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200),
    st.lists(st.sampled_from("\x00\x01\x03\x07\x0b\x1f"), max_size=3),
)
def test_a_few_control_bytes_never_make_text_binary(text: str, controls: list[str]) -> None:
    padded = "## Daily Papers\n" + "plain words for padding " * 40 + text
    middle = len(padded) // 2
    decoded = decode((padded[:middle] + "".join(controls) + padded[middle:]).encode(), "x.md")
    assert not isinstance(decoded, LoadError)
    assert not any(character in decoded[0] for character in "\x00\x01\x03\x07\x0b\x1f")


def test_a_file_mostly_of_escape_sequences_is_binary() -> None:
    outcome = decode(b"\x1b[2J\x1b[31m" * 100, "screen.md")
    assert outcome == LoadError("screen.md", "binary file (22% control bytes), not a markdown digest")
