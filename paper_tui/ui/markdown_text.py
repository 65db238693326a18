"""Section markdown to Rich Text, without a markdown library on the hot path.

Digest sections use a small subset of markdown: paragraphs, `-`/`*`/`1.`
lists (sometimes nested), `**bold**`, `*italic*`, `` `code` `` and
`[links](url)`. Rendering that subset directly costs a fraction of the
Markdown widget (which re-parses and mounts a widget per block), and every
character of digest text goes through `Text.append`, never through markup.

Links carry a `@click` action naming a link number, not the URL, so no
digest text ever reaches the action parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text

from paper_tui.text import clean, is_safe_url

_INLINE = re.compile(
    r"(?<!`)(?P<code>`{1,16}+)(?!`)(?P<code_text>.+?)(?<!`)(?P=code)(?!`)"
    r"|\[(?P<link_text>[^\[\]\n]++)\]\((?P<link_url>(?:[^()\s]|\([^()\s]*+\))++)(?:\s+\"[^\"]*+\")?\)"
    r"|\*\*(?P<bold>(?:(?!\*\*).)+?)\*\*"
    r"|__(?P<bold_underscores>(?:(?!__).)+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic_underscores>[^_\s](?:[^_]*?[^_\s])?)_(?![\w_])"
    r"|(?P<bare_url>https?://(?:[^\s<>()\[\]]|\([^\s<>()\[\]]*\))*"
    r"(?:[^\s<>()\[\].,;:!?'\"]|\([^\s<>()\[\]]*\)))",
)
"""Inline markdown. Link URLs may hold balanced parentheses (Wikipedia's do), one level deep.

Each construct is tried once from where it can start, so a line costs linear time:
a code span opens with a whole run of at most 16 backticks and closes with a run of
the same length (an opener left open rescans the line, but only one per length can
be: `(`+)(.+?)(?P=code)` tried every shorter run from every backtick, and 20,000
backticks took 70 s); a link's text holds no `[` (each `[` scans only to the next
bracket); bold and italic end at the next `**` or `*`."""
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-+*]|\d{1,9}[.)])[ \t]+(?P<text>.*)$")

CODE_STYLE = Style(color="bright_cyan", bgcolor="grey15")
LINK_STYLE = Style(underline=True, color="bright_blue")
BULLET_STYLE = Style(color="bright_magenta", bold=True)
BLOCKED_NOTE = " (blocked link)"
"""Follows the text of a link that is not http(s), which shows as plain text."""


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    """A block of rendered text and the links it holds, by number."""

    text: Text
    links: tuple[str, ...]


class _LinkCollector:
    """Numbers links as they are rendered; only safe ones become clickable."""

    def __init__(self) -> None:
        self.links: list[str] = []

    def style_for(self, url: str) -> Style | None:
        """The clickable style of a safe `url`; None for any other (shown as plain text)."""
        if not is_safe_url(url):
            return None
        self.links.append(url)
        return LINK_STYLE + Style(meta={"@click": ("open_link", (len(self.links) - 1,))})


def render_markdown(source: str) -> RenderedMarkdown:
    """Render a section's markdown to one Text (lists get bullets and indents)."""
    collector = _LinkCollector()
    output = Text(end="")
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            if len(output):
                output.append("\n")
            _append_inline(output, " ".join(paragraph), collector)
            paragraph.clear()

    for raw_line in clean(source).split("\n"):
        line = raw_line.rstrip()
        if not line.strip():
            flush_paragraph()
            continue
        item = _LIST_ITEM.match(line)
        if item is None:
            paragraph.append(line.strip())
            continue
        flush_paragraph()
        depth = len(item.group("indent").expandtabs(4)) // 2
        marker = item.group("marker")
        bullet = marker if marker[0].isdigit() else ("•", "◦", "▪")[min(depth, 2)]
        if len(output):  # not `output.plain`, which joins the whole text every time
            output.append("\n")
        output.append("  " * depth + bullet + " ", style=BULLET_STYLE)
        _append_inline(output, item.group("text").strip(), collector)
    flush_paragraph()
    return RenderedMarkdown(output, tuple(collector.links))


def _append_inline(
    output: Text, source: str, collector: _LinkCollector, style: Style | None = None
) -> None:
    """Append `source` with its inline markdown turned into styles."""
    position = 0
    for match in _INLINE.finditer(source):
        if match.start() > position:
            output.append(source[position : match.start()], style=style)
        position = match.end()
        groups = match.groupdict()
        if groups["code_text"] is not None:
            output.append(groups["code_text"], style=_combine(style, CODE_STYLE))
        elif groups["link_text"] is not None:
            link_style = collector.style_for(groups["link_url"])
            if link_style is None:
                _append_inline(output, groups["link_text"], collector, style)
                output.append(BLOCKED_NOTE, style=_combine(style, Style(dim=True)))
            else:
                _append_inline(output, groups["link_text"], collector, _combine(style, link_style))
        elif groups["bold"] is not None or groups["bold_underscores"] is not None:
            inner = groups["bold"] or groups["bold_underscores"] or ""
            _append_inline(output, inner, collector, _combine(style, Style(bold=True)))
        elif groups["italic"] is not None or groups["italic_underscores"] is not None:
            inner = groups["italic"] or groups["italic_underscores"] or ""
            _append_inline(output, inner, collector, _combine(style, Style(italic=True)))
        elif groups["bare_url"] is not None:
            url = groups["bare_url"]
            link_style = collector.style_for(url)
            output.append(url, style=style if link_style is None else _combine(style, link_style))
    if position < len(source):
        output.append(source[position:], style=style)


def _combine(base: Style | None, extra: Style) -> Style:
    return extra if base is None else base + extra


WORD_JOINER = "\u2060"
NAME_SEPARATOR = f",{WORD_JOINER} "
"""Between author names: a comma, a word joiner (invisible) and a space. Lines of
names break only there, so no name is split over two lines."""

_HANGING = re.compile(r"^ *(?:[•◦▪]|\d{1,9}[.)]) ")
"""A rendered list item's lead: its indent and bullet; its wrapped lines hang under its text."""


def wrap_hanging(text: Text, console: Console, width: int) -> list[Text]:
    """`text` wrapped to `width` cells, each list item's later lines indented under
    its text rather than under its bullet (a hanging indent)."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        if NAME_SEPARATOR in line.plain:
            lines.extend(_wrap_names(line, console, width))
            continue
        match = _HANGING.match(line.plain)
        lead = len(match.group()) if match else 0
        if not lead or lead > width // 2:
            lines.extend(line.wrap(console, max(1, width)))
            continue
        head, body = line[:lead], line[lead:]
        for number, part in enumerate(body.wrap(console, width - lead)):
            lines.append(Text.assemble(head if number == 0 else " " * lead, part))
    return lines


def _wrap_names(line: Text, console: Console, width: int) -> list[Text]:
    """A line of author names, broken only between names (a name longer than the
    line is wrapped as text)."""
    plain = line.plain
    cuts = [0]
    start = 0
    while (found := plain.find(NAME_SEPARATOR, start)) >= 0:
        start = found + len(NAME_SEPARATOR)
        cuts.append(start)
    cuts.append(len(plain))
    lines: list[Text] = []
    begin = 0
    for number in range(1, len(cuts)):
        end = cuts[number]
        if cell_len(plain[begin:end].rstrip()) > width and cuts[number - 1] > begin:
            piece = line[begin : cuts[number - 1]]
            piece.rstrip()  # in place
            lines.append(piece)
            begin = cuts[number - 1]
    last = line[begin:]
    lines.extend(last.wrap(console, max(1, width)) if cell_len(last.plain) > width else [last])
    return [_without_joiners(piece) for piece in lines]


def _without_joiners(text: Text) -> Text:
    """`text` without the word joiners that kept names whole (not sent to the terminal)."""
    while (found := text.plain.rfind(WORD_JOINER)) >= 0:
        text = text[:found] + text[found + 1 :]
    return text


class Hanging:
    """A renderable of rendered markdown that wraps with hanging indents at any width."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.plain.replace(WORD_JOINER, "")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_hanging(self.text, console, options.max_width):
            line.end = "\n"
            yield line
