"""The paper list: a virtualized, line-based list that stays fast at 100k rows.

A `ScrollView` whose `render_line(y)` draws only the rows on screen from a
plain sequence of positions into the papers (Toolong's pattern). Narrowing
the list swaps that sequence and refreshes: O(visible rows), never O(papers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paper_tui.model import Paper
from paper_tui.text import clean_line

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class RowFlags:
    """How a row marks reading state: dim when read, a star when starred, a pen when noted."""

    read: bool = False
    starred: bool = False
    noted: bool = False


RowFlagsLookup = Callable[[Paper], RowFlags]
"""Given by whoever owns reading state; the list only asks, never stores."""

Spans = Sequence[tuple[int, int]]


def fit_cells(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal cells, ending in an ellipsis when cut.

    Measured in cells, not characters, so wide (CJK) characters never push a
    row past its column.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1
    used = 0
    for position, character in enumerate(text):
        size = get_character_cell_size(character)
        if used + size > room:
            return text[:position] + ELLIPSIS + " " * (room - used)
        used += size
    return text


class PaperList(ScrollView, can_focus=True):
    """Votes, (date) and title of each paper, one per line, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j",
            "cursor_down",
            "Move",
            key_display="j/k",
            show=False,  # every list reader knows; the footer keeps room for ? and q
            id="list.down",
            tooltip="Next paper",
        ),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous paper"),
        Binding("home,g", "first", "First", show=False, id="list.first", tooltip="First paper"),
        Binding("end,G", "last", "Last", show=False, id="list.last", tooltip="Last paper"),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="Page down",
        ),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up", tooltip="Page up"),
        Binding(
            "enter,l",
            "select",
            "Read",
            key_display="l/⏎",
            id="list.select",
            tooltip="Read the paper (focus the detail)",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--cursor-blurred",
        "paper-list--votes",
        "paper-list--date",
        "paper-list--read",
        "paper-list--star",
        "paper-list--note",
        "paper-list--match",
        "paper-list--empty",
    }

    DEFAULT_CSS = """
    PaperList { overflow-x: hidden; scrollbar-size-vertical: 1; }
    PaperList > .paper-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    PaperList > .paper-list--cursor-blurred { background: $block-cursor-blurred-background; }
    PaperList > .paper-list--votes { color: $text-accent; }
    PaperList > .paper-list--date { color: $text-muted; }
    PaperList > .paper-list--read { color: $text-disabled; }
    PaperList > .paper-list--star { color: $text-warning; }
    PaperList > .paper-list--note { color: $text-accent; }
    PaperList > .paper-list--match { text-style: bold underline; }
    PaperList > .paper-list--empty { color: $text-muted; text-style: italic; }
    """

    class Highlighted(Message):
        """The cursor moved to another paper (None when the list is empty)."""

        def __init__(self, paper_list: PaperList, paper_index: int | None, row: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper_index = paper_index
            self.row = row

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class Selected(Highlighted):
        """The user chose the paper under the cursor (Enter, `l`, or a click on it)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._papers: Sequence[Paper] = ()
        self._rows: Sequence[int] = ()
        self._matches: Mapping[int, Spans] = {}
        self._show_dates = False
        self._date_format = "%m-%d "
        self._flags: RowFlagsLookup | None = None
        self._cursor = 0
        self.empty_message = "No papers loaded."

    # -- data in ----------------------------------------------------------

    @property
    def cursor(self) -> int:
        """The row under the cursor (0 when the list is empty)."""
        return self._cursor

    @property
    def rows(self) -> Sequence[int]:
        """Positions into the papers of the rows shown, top to bottom."""
        return self._rows

    @property
    def highlighted_index(self) -> int | None:
        """The position (in the papers) of the paper under the cursor."""
        if 0 <= self._cursor < len(self._rows):
            return self._rows[self._cursor]
        return None

    def set_papers(
        self, papers: Sequence[Paper], show_dates: bool, with_year: bool = False
    ) -> None:
        """Show all `papers` in their order; a date column when several days are
        loaded (with the year when they span several)."""
        self._papers = papers
        self._show_dates = show_dates
        self._date_format = "%Y-%m-%d " if with_year else "%m-%d "
        self.set_rows(range(len(papers)))

    def set_rows(
        self, rows: Sequence[int], matches: Mapping[int, Spans] | None = None, cursor: int = 0
    ) -> None:
        """Replace the rows shown (O(1): the sequence is kept, not copied)."""
        self._rows = rows
        self._matches = matches or {}
        self.virtual_size = Size(self.size.width, len(rows))
        self._cursor = -1
        self.move_cursor(cursor, force=True)
        self.refresh()
        # Scrolling is clamped to the old height until the new one is laid out
        # (from an empty list, any cursor past the first screen stayed hidden).
        self.call_after_refresh(self._scroll_to_cursor)

    def set_flags(self, lookup: RowFlagsLookup | None) -> None:
        """Ask `lookup` how to mark each row (read, starred); None shows no marks."""
        self._flags = lookup
        self.refresh()

    # -- cursor -----------------------------------------------------------

    def move_cursor(self, row: int, force: bool = False) -> None:
        """Put the cursor on `row` (clamped), scroll it into view, say so."""
        row = max(0, min(row, len(self._rows) - 1))
        if row == self._cursor and not force:
            return
        previous = self._cursor
        self._cursor = row
        self._scroll_to_cursor()
        if 0 <= previous < len(self._rows):
            self.refresh_line(previous)
        self.refresh_line(row)
        self.post_message(self.Highlighted(self, self.highlighted_index, row))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=False, immediate=True)

    def _page(self, direction: int) -> None:
        """Scroll a screenful and move the cursor with it, keeping its place on screen."""
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y) + direction * height
        self.scroll_to(y=max(0, top), animate=False, immediate=True)
        self.move_cursor(self._cursor + direction * height)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_select(self) -> None:
        if self.highlighted_index is not None:
            self.post_message(self.Selected(self, self.highlighted_index, self._cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if 0 <= row < len(self._rows):
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._rows))
        self._scroll_to_cursor()

    # -- drawing ----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw screen line `y`: the row at `y` plus the scroll offset."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + round(self.scroll_y)
        if not self._rows:
            if y == 1:
                message = fit_cells("  " + self.empty_message, width)
                style = base + self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(message, style)]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        return self._render_row(row, width, base)

    def _render_row(self, row: int, width: int, base: Style) -> Strip:
        index = self._rows[row]
        paper = self._papers[index]
        flags = self._flags(paper) if self._flags is not None else RowFlags()
        if row == self._cursor:
            name = "paper-list--cursor" if self.has_focus else "paper-list--cursor-blurred"
            base = base + self.get_component_rich_style(name)
        title_style = (
            base + self.get_component_rich_style("paper-list--read") if flags.read else base
        )
        votes = "" if paper.votes is None else str(paper.votes)
        marker = "▸" if row == self._cursor else " "
        segments = [
            Segment(marker, base),
            Segment(f"{votes:>4} ", base + self.get_component_rich_style("paper-list--votes")),
        ]
        used = 6
        if self._flags is not None:
            star = "★" if flags.starred else " "
            segments.append(Segment(star, base + self.get_component_rich_style("paper-list--star")))
            note = "✎ " if flags.noted else "  "
            segments.append(Segment(note, base + self.get_component_rich_style("paper-list--note")))
            used += 3
        if self._show_dates:
            blank = " " * (11 if "%Y" in self._date_format else 6)
            day = paper.date.strftime(self._date_format) if paper.date else blank
            segments.append(Segment(day, base + self.get_component_rich_style("paper-list--date")))
            used += len(day)
        title = fit_cells(clean_line(paper.title), width - used - 1)
        segments.extend(self._title_segments(title, self._matches.get(index), title_style))
        return Strip(segments).adjust_cell_length(width, base)

    def _title_segments(self, title: str, spans: Spans | None, style: Style) -> list[Segment]:
        """The title, with the characters a search matched emphasized."""
        if not spans:
            return [Segment(title, style)]
        match_style = style + self.get_component_rich_style("paper-list--match")
        segments: list[Segment] = []
        position = 0
        for start, end in sorted(spans):
            start, end = max(start, position), min(end, len(title))
            if start >= end:
                continue
            segments.append(Segment(title[position:start], style))
            segments.append(Segment(title[start:end], match_style))
            position = end
        segments.append(Segment(title[position:], style))
        return segments
