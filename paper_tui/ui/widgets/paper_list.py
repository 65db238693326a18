"""The paper list: a virtualized, line-based list that stays fast at 100k rows.

A `ScrollView` whose `render_line(y)` draws only the lines on screen from a
plain sequence of positions into the papers (Toolong's pattern). Narrowing
the list swaps that sequence and refreshes: O(visible rows), never O(papers).
Ordered by day, each day's run of rows gets a header line (`DayGroups`)
instead of a date on every row, so titles get the width.
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
from paper_tui.ui.day_groups import DayGroups, Days, day_numbers
from paper_tui.ui.titles import shown_title

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class RowFlags:
    """How a row marks reading state: dim when read, a star when starred, » when
    queued, a pen when noted, @ when an author of it is followed."""

    read: bool = False
    starred: bool = False
    noted: bool = False
    queued: bool = False
    followed: bool = False


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
        "paper-list--queued",
        "paper-list--followed",
        "paper-list--match",
        "paper-list--empty",
        "paper-list--day",
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
    PaperList > .paper-list--queued { color: $text-success; }
    PaperList > .paper-list--followed { color: $text-primary; }
    PaperList > .paper-list--match { text-style: bold underline; }
    PaperList > .paper-list--empty { color: $text-muted; text-style: italic; }
    PaperList > .paper-list--day { color: $text-primary; text-style: bold; }
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
        self._days: Days | None = None
        """Each paper's day (an ordinal), made when the list is first grouped by day."""
        self._groups = DayGroups.none(0)
        self._placement: tuple[int | None, str] | None = None
        """Where the last rows asked the cursor to be, until the list has its size."""
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
        self._days = None
        self._show_dates = show_dates
        self._date_format = "%Y-%m-%d " if with_year else "%m-%d "
        self.set_rows(range(len(papers)), grouped=show_dates)

    @property
    def grouped(self) -> bool:
        """True when the rows are shown in day runs under headers."""
        return self._groups.count > 0

    def set_rows(
        self,
        rows: Sequence[int],
        matches: Mapping[int, Spans] | None = None,
        cursor: int = 0,
        grouped: bool = False,
        offset: int | None = None,
        place: str = "",
    ) -> None:
        """Replace the rows shown (the sequence is kept, not copied); `grouped`: under
        a header per day (rows ordered by day); `offset`: the cursor's line this many
        lines below the top of the view (Esc after a search, a sort, a filter toggled
        keep the place the reader had); `place` as for `move_cursor`."""
        self._rows = rows
        self._matches = matches or {}
        if grouped and self._show_dates and rows:
            if self._days is None:
                self._days = day_numbers(self._papers)
            self._groups = DayGroups.of(self._days, rows)
        else:
            self._groups = DayGroups.none(len(rows))
        self.virtual_size = Size(self.size.width, self._groups.line_count)
        self._cursor = -1
        self.move_cursor(cursor, force=True, offset=offset, place=place)
        self.refresh()
        # Scrolling is clamped to the old height until the new one is laid out
        # (from an empty list, any cursor past the first screen stayed hidden).
        self.call_after_refresh(self._scroll_to_cursor, offset, place)
        # A list not laid out yet (a restore at start) places it once it has its size.
        self._placement = (offset, place) if (offset is not None or place) else None

    @property
    def cursor_line(self) -> int:
        """The list line the cursor is on (rows and day headers)."""
        return self._groups.line_of_row(self._cursor) if self._rows else 0

    @property
    def cursor_offset(self) -> int:
        """How many lines below the top of the view the cursor is."""
        if not self._rows or self._cursor < 0:
            return 0
        return self._groups.line_of_row(self._cursor) - round(self.scroll_y)

    def set_flags(self, lookup: RowFlagsLookup | None) -> None:
        """Ask `lookup` how to mark each row (read, starred); None shows no marks."""
        self._flags = lookup
        self.refresh()

    # -- cursor -----------------------------------------------------------

    def move_cursor(
        self, row: int, force: bool = False, offset: int | None = None, place: str = ""
    ) -> None:
        """Put the cursor on `row` (clamped), scroll it into view, say so. `offset`:
        this many lines below the top of the view; `place` "top" (a day jump: its
        header at the top) or "center" (a restored position)."""
        row = max(0, min(row, len(self._rows) - 1))
        if row == self._cursor and not force and offset is None and not place:
            return
        previous = self._cursor
        self._cursor = row
        self._scroll_to_cursor(offset, place)
        if 0 <= previous < len(self._rows):
            self.refresh_line(self._groups.line_of_row(previous))
        self.refresh_line(self._groups.line_of_row(row))
        self.post_message(self.Highlighted(self, self.highlighted_index, row))

    def _scroll_to_cursor(self, offset: int | None = None, place: str = "") -> None:
        if not self._rows:
            return
        height = max(1, self.scrollable_content_region.height)
        line = self._groups.line_of_row(self._cursor)
        top = round(self.scroll_y)
        if place == "top":
            group = self._groups.group_of_row(self._cursor)
            first = self._groups.header_line(group) if group >= 0 else line
            target = first if line - first < height else line
        elif place == "center":
            target = line - height // 2
        elif offset is not None:
            target = line - max(0, min(offset, height - 1))
        elif line < top:
            target = line
            group = self._groups.group_of_row(self._cursor)
            if group >= 0 and self._groups.header_line(group) == line - 1:
                target = line - 1  # the first row of a day brings its header
        elif line >= top + height:
            target = line - height + 1
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def _page(self, direction: int) -> None:
        """Scroll a screenful and move the cursor with it, keeping its place on screen."""
        height = max(1, self.scrollable_content_region.height)
        offset = self.cursor_offset
        top = round(self.scroll_y) + direction * height
        self.scroll_to(y=max(0, top), animate=False, immediate=True)
        line = self._groups.line_of_row(self._cursor) + direction * height
        row, group = self._groups.at_line(max(0, min(line, self._groups.line_count - 1)))
        if row is None and group is not None:
            row = self._groups.rows_of(group).start
        target = row if row is not None else self._cursor + direction * height
        self.move_cursor(target, offset=offset)

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
        row, group = self._groups.at_line(offset.y + round(self.scroll_y))
        if group is not None:
            self.move_cursor(self._groups.rows_of(group).start)
        elif row is not None:
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._groups.line_count)
        placement, self._placement = self._placement, None
        if placement is not None:
            self.call_after_refresh(self._scroll_to_cursor, *placement)
        else:
            self._scroll_to_cursor()

    # -- drawing ----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw screen line `y`: the row at `y` plus the scroll offset."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._rows:
            if y == 1:
                message = fit_cells("  " + self.empty_message, width)
                style = base + self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(message, style)]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        row, group = self._groups.at_line(y + round(self.scroll_y))
        if group is not None:
            return self._render_header(group, width, base)
        if row is None:
            return Strip.blank(width, base)
        return self._render_row(row, width, base)

    def _render_header(self, group: int, width: int, base: Style) -> Strip:
        """A day's header: weekday, date, its papers and (with reading state) unread."""
        day = self._groups.day_of(group)
        rows = self._groups.rows_of(group)
        label = day.strftime("%a %Y-%m-%d") if day is not None else "no date"
        parts = [f"{len(rows):,} paper{'s' if len(rows) != 1 else ''}"]
        if self._flags is not None:
            unread = sum(1 for row in rows if not self._flags(self._papers[self._rows[row]]).read)
            parts.append(f"{unread:,} unread")
        style = base + _foreground(self.get_component_rich_style("paper-list--day"))
        muted = base + _foreground(self.get_component_rich_style("paper-list--date"))
        text = fit_cells(f" {label}", width)
        rest = fit_cells("  " + " · ".join(parts), width - cell_len(text))
        return Strip([Segment(text, style), Segment(rest, muted)]).adjust_cell_length(width, base)

    def _render_row(self, row: int, width: int, base: Style) -> Strip:
        index = self._rows[row]
        paper = self._papers[index]
        flags = self._flags(paper) if self._flags is not None else RowFlags()
        on_cursor = row == self._cursor
        if on_cursor:
            name = "paper-list--cursor" if self.has_focus else "paper-list--cursor-blurred"
            base = base + self.get_component_rich_style(name)
        # The cursor's background always wins: parts add only their foreground, and a
        # read paper under the cursor is dim text on the highlight.
        if not flags.read:
            title_style = base
        elif on_cursor:
            title_style = base + Style(dim=True)
        else:
            title_style = base + _foreground(self.get_component_rich_style("paper-list--read"))
        votes = "" if paper.votes is None else str(paper.votes)
        marker = "▸" if row == self._cursor else " "
        segments = [
            Segment(marker, base),
            Segment(f"{votes:>4} ", base + self._part("paper-list--votes")),
        ]
        used = 6
        if self._flags is not None:
            star = "★" if flags.starred else " "
            segments.append(Segment(star, base + self._part("paper-list--star")))
            queued = "»" if flags.queued else " "
            segments.append(Segment(queued, base + self._part("paper-list--queued")))
            note = "✎" if flags.noted else " "
            segments.append(Segment(note, base + self._part("paper-list--note")))
            followed = "@ " if flags.followed else "  "
            segments.append(Segment(followed, base + self._part("paper-list--followed")))
            used += 5
        if self._show_dates and not self.grouped:
            blank = " " * (11 if "%Y" in self._date_format else 6)
            day = paper.date.strftime(self._date_format) if paper.date else blank
            segments.append(Segment(day, base + self._part("paper-list--date")))
            used += len(day)
        shown = shown_title(paper.title)
        title = fit_cells(shown, width - used - 1)
        # Match spans count in the title as written; math shown as Unicode moves them.
        spans = None if "$" in paper.title else self._matches.get(index)
        segments.extend(self._title_segments(title, spans, title_style))
        return Strip(segments).adjust_cell_length(width, base)

    def _part(self, name: str) -> Style:
        """A component's look without its background (the row's, or the cursor's, stays)."""
        return _foreground(self.get_component_rich_style(name))

    def _title_segments(self, title: str, spans: Spans | None, style: Style) -> list[Segment]:
        """The title, with the characters a search matched emphasized."""
        if not spans:
            return [Segment(title, style)]
        match_style = style + self._part("paper-list--match")
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


def _foreground(style: Style) -> Style:
    """`style` without its background colour."""
    return Style(
        color=style.color,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
    )
