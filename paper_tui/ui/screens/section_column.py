"""A section across papers: one section (What's New, ...) of every paper in the list,
read as one scrolling column; Enter opens the paper, Esc goes back.

The column is virtual by blocks, not by lines: a block's height is known only once
it is rendered, so the view is a top block and how many of its lines are scrolled
off, and `render_line` draws only the blocks on screen (rendered and wrapped when
first shown, remembered by width). Which papers have the section is found as far
as the view needs, then in small steps between frames (`SectionMatches`), so the
column opens at once on 100k rows and the header counts as the steps go.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from paper_tui.model import Paper
from paper_tui.text import clean_line
from paper_tui.ui.links import open_link, say_opened
from paper_tui.ui.markdown_text import render_markdown, wrap_hanging
from paper_tui.ui.messages import LinkOpened
from paper_tui.ui.sections_across import SectionMatches
from paper_tui.ui.titles import shown_title
from paper_tui.ui.widgets.key_bar import KeyBar

GUTTER = 2
"""Cells left of each block: a bar marks the current one."""
RIGHT_MARGIN = 1
SCAN_STEP = 4000
"""Rows read between two frames once the view is drawn (~2-3 ms)."""
SCAN_PAUSE = 0.002
LOOKAHEAD_BUDGET = 20_000
"""Rows a key or a frame may read to find the next paper with the section; the
steps between frames read the rest."""
CACHED_BLOCKS = 256


def _link_of_block(segment: Segment, number: int) -> Segment:
    """A rendered link names its number in its section; in the column it names its
    block too (`open_link(block, link)`), so a click opens the right one."""
    style = segment.style
    if style is None or segment.control:
        return segment
    click = style.meta.get("@click")
    if not (isinstance(click, tuple) and click[:1] == ("open_link",)):
        return segment
    link = click[1][0]
    return Segment(segment.text, style + Style(meta={"@click": ("open_link", (number, link))}))


def _foreground(style: Style) -> Style:
    """`style` without its background (the line under it keeps its own: the highlight)."""
    return Style(
        color=style.color,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
    )


class SectionColumn(Widget, can_focus=True):
    """The blocks (title, then the section) of the papers `matches` finds, one below
    the other, with a current block."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j",
            "cursor(1)",
            "Paper",
            key_display="j/k",
            id="section_column.down",
            tooltip="Next paper",
        ),
        Binding(
            "up,k",
            "cursor(-1)",
            "Up",
            show=False,
            id="section_column.up",
            tooltip="Previous paper",
        ),
        Binding(
            "pagedown,space",
            "page(1)",
            "Page",
            key_display="pgdn",
            id="section_column.page_down",
            tooltip="Page down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            id="section_column.page_up",
            tooltip="Page up",
        ),
        Binding(
            "home,g",
            "first",
            "First",
            show=False,
            id="section_column.first",
            tooltip="First paper",
        ),
        Binding(
            "end,G",
            "last",
            "Last",
            show=False,
            id="section_column.last",
            tooltip="Last paper",
        ),
        Binding(
            "enter",
            "select",
            "Open",
            key_display="⏎",
            id="section_column.open",
            tooltip="Open the paper",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "section-column--cursor",
        "section-column--bar",
        "section-column--title",
        "section-column--id",
        "section-column--empty",
    }

    DEFAULT_CSS = """
    SectionColumn { height: 1fr; }
    SectionColumn > .section-column--cursor { background: $boost; }
    SectionColumn:focus > .section-column--cursor { background: $accent 12%; }
    SectionColumn > .section-column--bar { color: $accent; }
    SectionColumn > .section-column--title { text-style: bold; }
    SectionColumn > .section-column--id { color: $text-muted; }
    SectionColumn > .section-column--empty { color: $text-muted; text-style: italic; }
    """

    class Highlighted(Message):
        """The current block moved (`row`: None when no paper has the section)."""

        def __init__(self, column: SectionColumn, row: int | None, number: int) -> None:
            super().__init__()
            self.column = column
            self.row = row
            self.number = number

        @property
        def control(self) -> SectionColumn:
            return self.column

    class Selected(Highlighted):
        """The reader chose the current paper (Enter)."""

    class LinkClicked(Message):
        """A link in a block was clicked; the screen opens it."""

        def __init__(self, column: SectionColumn, url: str) -> None:
            super().__init__()
            self.column = column
            self.url = url

        @property
        def control(self) -> SectionColumn:
            return self.column

    class Counted(Message):
        """More rows were read: `found` of the `scanned` have the section (of `total`)."""

        def __init__(self, column: SectionColumn, found: int, scanned: int, total: int) -> None:
            super().__init__()
            self.column = column
            self.found = found
            self.scanned = scanned
            self.total = total

        @property
        def done(self) -> bool:
            return self.scanned >= self.total

        @property
        def control(self) -> SectionColumn:
            return self.column

    def __init__(
        self,
        papers: Sequence[Paper],
        matches: SectionMatches,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._papers = papers
        self._matches = matches
        self._cursor = 0
        self._top = 0
        self._offset = 0
        """Lines of the top block above the view."""
        self._blocks: OrderedDict[tuple[int, int], list[Strip]] = OrderedDict()
        self._links: OrderedDict[int, tuple[str, ...]] = OrderedDict()
        """The links of each block rendered, by number (their `@click` names both)."""
        self._view: list[tuple[int, int]] | None = None
        """(block, line in it) of each line of the view, as far as there are blocks."""
        self._view_short = False
        """The view ended before its height because no further paper was found yet."""
        self._go_last = False
        self._said: tuple[int | None, int] | None = None
        """The (row, number) the last Highlighted gave."""
        self.empty_message = "No paper in this list has that section."

    # -- what is shown ------------------------------------------------------

    @property
    def matches(self) -> SectionMatches:
        """The papers found so far."""
        return self._matches

    @property
    def cursor(self) -> int:
        """The number (among the papers found) of the current block."""
        return self._cursor

    @property
    def top(self) -> tuple[int, int]:
        """(block, lines of it scrolled off) at the top of the view."""
        return self._top, self._offset

    @property
    def highlighted_row(self) -> int | None:
        """The row (an element of the screen's `rows`) of the current paper."""
        if self._cursor < self._matches.found:
            return self._matches.row(self._cursor)
        return None

    def block_lines(self, number: int) -> list[Strip]:
        """Found paper `number`'s block at the current width: its title, its section,
        a blank line (without the bar and the highlight)."""
        width = self._text_width
        key = (number, width)
        cached = self._blocks.get(key)
        if cached is not None:
            self._blocks.move_to_end(key)
            return cached
        lines = self._render_block(number, width)
        self._blocks[key] = lines
        if len(self._blocks) > CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return lines

    def block_text(self, number: int) -> str:
        """The plain text of found paper `number`'s block, as drawn (for tests)."""
        return "\n".join(strip.text.rstrip() for strip in self.block_lines(number))

    @property
    def _text_width(self) -> int:
        return max(8, self.size.width - GUTTER - RIGHT_MARGIN)

    def _render_block(self, number: int, width: int) -> list[Strip]:
        console = self.app.console
        paper = self._papers[self._matches.row(number)]
        section = paper.sections[self._matches.section(number)]
        title = Text()
        title.append(shown_title(paper.title), style=self._style("section-column--title"))
        title.append("  ")
        title.append(clean_line(paper.arxiv_id), style=self._style("section-column--id"))
        wrapped = list(title.wrap(console, width))
        rendered = render_markdown(section.text)
        self._links[number] = rendered.links
        self._links.move_to_end(number)
        if len(self._links) > CACHED_BLOCKS:
            self._links.popitem(last=False)
        wrapped.extend(wrap_hanging(rendered.text, console, width))
        strips = []
        for line in wrapped:
            line.end = ""
            segments = [_link_of_block(segment, number) for segment in line.render(console)]
            strips.append(Strip(segments).adjust_cell_length(width))
        strips.append(Strip.blank(width))
        return strips

    def action_open_link(self, number: int, link: int) -> None:
        """A link of block `number` was clicked: the screen opens it."""
        links = self._links.get(number)
        if links is None:  # its strips outlived its links in the cache: render it again
            self._render_block(number, self._text_width)
            links = self._links.get(number, ())
        if 0 <= link < len(links):
            self.post_message(self.LinkClicked(self, links[link]))

    def _style(self, name: str) -> Style:
        return _foreground(self.get_component_rich_style(name))

    def _height(self, number: int) -> int:
        return len(self.block_lines(number))

    def _has(self, number: int) -> bool:
        """True when there is a found paper `number` (reading a bounded number of rows
        more to know)."""
        return self._matches.ensure(number + 1, LOOKAHEAD_BUDGET)

    # -- drawing ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        view = self._layout()
        width = self.size.width
        base = self.rich_style
        if y == 0 and self._matches.found == 0 and not view:
            said = self.empty_message if self._matches.done else "Reading the list…"
            message = Text(" " * GUTTER + said, end="")
            message.stylize(self._style("section-column--empty"))
            strip = Strip(list(message.render(self.app.console)))
            return strip.adjust_cell_length(width).apply_style(base)
        if y >= len(view):
            return Strip.blank(width, base)
        number, line = view[y]
        body = self.block_lines(number)[line]
        if number == self._cursor:
            background = self.get_component_rich_style("section-column--cursor")
            background = Style(bgcolor=background.bgcolor)
            bar = Segment("▌" + " " * (GUTTER - 1), self._style("section-column--bar"))
            strip = Strip([bar, *body, Segment(" " * RIGHT_MARGIN)])
            return strip.adjust_cell_length(width).apply_style(base + background)
        strip = Strip([Segment(" " * GUTTER), *body, Segment(" " * RIGHT_MARGIN)])
        return strip.adjust_cell_length(width).apply_style(base)

    def _layout(self) -> list[tuple[int, int]]:
        """Which block line is on each line of the view (computed once per change)."""
        if self._view is not None:
            return self._view
        height = self.size.height
        view: list[tuple[int, int]] = []
        number, line = self._top, self._offset
        short = False
        while len(view) < height:
            if not self._has(number):
                short = True
                break
            lines = self._height(number)
            while line < lines and len(view) < height:
                view.append((number, line))
                line += 1
            number, line = number + 1, 0
        self._view = view
        self._view_short = short
        return view

    def _changed(self) -> None:
        self._view = None
        self.refresh()

    # -- scrolling ------------------------------------------------------------

    def _lines_from(self, number: int, line: int, limit: int) -> int:
        """How many lines there are from `line` of block `number` to the end of the
        found papers, counting at most to `limit`."""
        count = 0
        while count < limit and self._has(number):
            count += self._height(number) - line
            number, line = number + 1, 0
        return min(count, limit)

    def _scroll(self, lines: int) -> bool:
        """Move the view `lines` down (up when negative), never past the first line
        nor so far that the last block ends above the bottom; True if it moved."""
        before = (self._top, self._offset)
        top, offset = self._top, self._offset
        if lines > 0:
            while lines > 0 and self._has(top):
                left = self._height(top) - offset
                if lines < left:
                    offset += lines
                    lines = 0
                elif self._has(top + 1):
                    lines -= left
                    top, offset = top + 1, 0
                else:
                    offset = self._height(top) - 1
                    lines = 0
            self._top, self._offset = top, offset
            self._clamp_end()
        else:
            lines = -lines
            while lines > 0:
                if lines <= offset:
                    offset -= lines
                    lines = 0
                elif top == 0:
                    offset = 0
                    lines = 0
                else:
                    lines -= offset + 1
                    top -= 1
                    offset = self._height(top) - 1
            self._top, self._offset = top, offset
        moved = (self._top, self._offset) != before
        if moved:
            self._changed()
        return moved

    def _clamp_end(self) -> None:
        """Scroll back up so the view is full, when the found papers end within it."""
        height = max(1, self.size.height)
        shown = self._lines_from(self._top, self._offset, height)
        if shown >= height or not self._matches.done:
            return
        deficit = height - shown
        while deficit > 0 and (self._top, self._offset) != (0, 0):
            if self._offset >= deficit:
                self._offset -= deficit
                deficit = 0
            elif self._offset > 0:
                deficit -= self._offset
                self._offset = 0
            else:
                self._top -= 1
                self._offset = self._height(self._top)
        self._view = None

    def _reveal(self, number: int) -> None:
        """Scroll so block `number` is in view: its top when it is above the view or
        taller than the view, else its bottom at the foot of the view."""
        height = max(1, self.size.height)
        if number < self._top or (number == self._top and self._offset > 0):
            self._top, self._offset = number, 0
            return
        above = self._height(self._top) - self._offset
        for between in range(self._top + 1, number):
            if above >= height:
                break
            above += self._height(between)
        if number == self._top:
            above = 0
        block = self._height(number)
        if above + block <= height:
            return
        if block >= height:
            self._top, self._offset = number, 0
            return
        self._top, self._offset = number, 0
        self._scroll_quietly(-(height - block))

    def _scroll_quietly(self, lines: int) -> None:
        """Move the view up `lines` (clamped at the top) without a refresh."""
        while lines < 0:
            if -lines <= self._offset:
                self._offset += lines
                return
            if self._top == 0:
                self._offset = 0
                return
            lines += self._offset + 1
            self._top -= 1
            self._offset = self._height(self._top) - 1

    # -- the cursor ------------------------------------------------------------

    def move_cursor(self, number: int) -> None:
        """Make found paper `number` (clamped to those found) the current block and
        scroll it into view."""
        if number > 0 and not self._has(number):
            number = max(0, self._matches.found - 1)
        number = max(0, number)
        if number == self._cursor and self._view is not None:
            return
        self._cursor = number
        self._reveal(number)
        self._changed()
        self._say_highlighted()

    def _say_highlighted(self) -> None:
        self._said = (self.highlighted_row, self._cursor)
        self.post_message(self.Highlighted(self, self.highlighted_row, self._cursor))

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self._cursor + step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.size.height)
        if not self._scroll(direction * max(1, height - 1)):
            self.move_cursor(self._matches.found - 1 if direction > 0 else 0)
            return
        view = self._layout()
        starts = [number for number, line in view if line == 0 and number >= 0]
        target = starts[0] if starts else (view[0][0] if view else self._cursor)
        if target == self._cursor:
            return
        self._cursor = target
        self._changed()
        self._say_highlighted()

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        if self._matches.done:
            self.move_cursor(self._matches.found - 1)
        else:
            self._go_last = True  # the steps between frames are reading the rest

    def action_select(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.Selected(self, row, self._cursor))

    def on_click(self, event: events.Click) -> None:
        view = self._layout()
        if 0 <= event.y < len(view) and view[event.y][0] >= 0:
            self.move_cursor(view[event.y][0])

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-3)

    # -- life ------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_timer(SCAN_PAUSE, self._scan_step)
        self._say_highlighted()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._blocks.clear()  # their colours were those of the theme before
        self._view = None

    def on_resize(self) -> None:
        self._blocks.clear()
        if self._matches.found:
            self._offset = min(self._offset, self._height(self._top) - 1)
            self._reveal(self._cursor)
        self._changed()

    def _scan_step(self) -> None:
        """Read the next rows, count, and draw what they found where the view had room."""
        matches = self._matches
        found = matches.scan(SCAN_STEP * (8 if self._go_last else 1))
        self.post_message(self.Counted(self, matches.found, matches.scanned, matches.total))
        if found and (self._view is None or self._view_short):
            self._changed()
        if matches.done:
            if self._go_last:
                self._go_last = False
                self.move_cursor(matches.found - 1)
            elif matches.found == 0:
                self._changed()
        if self._said != (self.highlighted_row, self._cursor):
            self._say_highlighted()  # the first paper found since the column opened
        if not matches.done:
            self.set_timer(SCAN_PAUSE, self._scan_step)


class SectionColumnHeader(Widget):
    """One line: the section's name, how many of the listed papers have it, and where
    the current one is among them."""

    DEFAULT_CSS = """
    SectionColumnHeader {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    SectionColumnHeader > .section-column-header--name { color: $text-accent; text-style: bold; }
    SectionColumnHeader > .section-column-header--count { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "section-column-header--name",
        "section-column-header--count",
    }

    def __init__(self, section_name: str, total: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._section_name = clean_line(section_name)
        self._found = 0
        self._scanned = 0
        self._total = total
        self._number: int | None = None

    def count(self, found: int, scanned: int) -> None:
        """Say that `found` of the first `scanned` papers have the section."""
        self._found, self._scanned = found, scanned
        self.refresh()

    def place(self, number: int | None) -> None:
        """Say the current paper is found paper `number` (None: there is none)."""
        self._number = number
        self.refresh()

    @property
    def text(self) -> Text:
        """The line as shown."""
        name_style = _foreground(self.get_component_rich_style("section-column-header--name"))
        count_style = _foreground(self.get_component_rich_style("section-column-header--count"))
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(self._section_name, style=name_style)
        if self._scanned >= self._total:
            left.append(f" · {self._found:,} of {self._total:,} papers", style=count_style)
        else:
            left.append(
                f" · {self._found:,} so far, {self._scanned:,} of {self._total:,} papers read…",
                style=count_style,
            )
        if self._number is None or self._found == 0:
            return left
        right = (
            f"{self._number + 1:,} / {self._found:,}{'' if self._scanned >= self._total else '+'}"
        )
        room = self.size.width - cell_len(left.plain) - cell_len(right)
        if room >= 2:
            left.append(" " * room)
            left.append(right, style=count_style)
        return left

    def render(self) -> Text:
        return self.text


class SectionColumnScreen(Screen[int | None]):
    """One section of every listed paper that has it, as one column; dismissed with
    the row (an element of `rows`) of the paper opened with Enter, or None (Esc, q)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q",
            "close",
            "Back",
            key_display="esc",
            id="section_column.close",
            tooltip="Back to the list",
        ),
    ]

    DEFAULT_CSS = """
    SectionColumnScreen { layout: vertical; }
    """

    def __init__(
        self,
        section_name: str,
        papers: Sequence[Paper],
        rows: Sequence[int],
        section_names: Mapping[str, str],
    ) -> None:
        super().__init__()
        self.section_name = section_name
        self.matches = SectionMatches(papers, rows, section_name, section_names)
        self._papers = papers
        self._total = len(rows)

    def compose(self) -> ComposeResult:
        yield SectionColumnHeader(self.section_name, self._total, id="section-column-header")
        column = SectionColumn(self._papers, self.matches, id="section-column")
        column.empty_message = (
            f"No paper in this list has a “{clean_line(self.section_name)}” section."
        )
        yield column
        yield KeyBar()

    @property
    def column(self) -> SectionColumn:
        return self.query_one(SectionColumn)

    @property
    def header(self) -> SectionColumnHeader:
        return self.query_one(SectionColumnHeader)

    def on_mount(self) -> None:
        self.column.focus()

    def on_section_column_counted(self, event: SectionColumn.Counted) -> None:
        self.header.count(event.found, event.scanned)

    def on_section_column_highlighted(self, event: SectionColumn.Highlighted) -> None:
        matches = self.matches
        self.header.count(matches.found, matches.scanned)
        self.header.place(event.number if event.row is not None else None)

    def on_section_column_link_clicked(self, event: SectionColumn.LinkClicked) -> None:
        event.stop()
        open_link(self, event.url)

    def on_link_opened(self, message: LinkOpened) -> None:
        say_opened(self.app, message)

    def on_section_column_selected(self, event: SectionColumn.Selected) -> None:
        event.stop()
        self.dismiss(event.row)

    def action_close(self) -> None:
        self.dismiss(None)
