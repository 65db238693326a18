"""The detail pane: one paper's header and its sections, each under a heading.

Each section is its own widget so `]`/`[` can scroll to it exactly and the
current one can be highlighted by a CSS class. The rendered text of a paper
is built once and cached (Rich Text from the model, no Markdown widget).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from paper_tui.model import Appearance, Paper
from paper_tui.text import clean, clean_line, is_safe_url
from paper_tui.ui.markdown_text import (
    LINK_STYLE,
    NAME_SEPARATOR,
    Hanging,
    render_markdown,
    wrap_hanging,
)
from paper_tui.ui.titles import shown_title

MATCH_STYLE = Style(bold=True, reverse=True)
"""How text a search matched stands out in the detail."""

SECTION_CAP = 20_000
"""Characters of a section's markdown rendered until the reader asks for all of it:
a 560 KB section took ~2 s to lay out, and no digest section is meant to be that long."""

HIT_CONTEXT = 1
"""Lines kept above a search match that `n`/`N` scrolls to."""

AUTHORS_SHOWN = 3
"""Authors listed before "and N more" while the list is collapsed."""


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section ready to show: its name and rendered body with its links."""

    name: str
    body: Text
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PaperView:
    """A paper ready to show: the header and the sections, rendered once."""

    header: Text
    header_links: tuple[str, ...]
    sections: tuple[SectionView, ...]


@lru_cache(maxsize=256)
def render_paper(
    paper: Paper, authors_expanded: bool = False, full: bool = False, summary: int = 0
) -> PaperView:
    """Build the Rich Text of a paper's detail (cached per paper); unless `full`, a
    section longer than `SECTION_CAP` is cut there with a note of what is left.
    `summary` picks one of the paper's different summaries (`Paper.summaries`)."""
    header = Text(end="")
    header.append(shown_title(paper.title) or "(untitled)", style=Style(bold=True))
    links: list[str] = []
    meta: list[Text] = []
    if paper.arxiv_id:
        url = paper.url if is_safe_url(paper.url) else ""
        if url:
            links.append(url)
        style = LINK_STYLE + Style(meta={"@click": ("open_link", (0,))}) if url else Style()
        meta.append(Text(paper.arxiv_id, style=style))
    if paper.votes is not None:
        meta.append(Text(f"▲ {paper.votes}", style=Style(bold=True)))
    listed = len(paper.appearances)
    if paper.date is not None:
        first = paper.date.isoformat()
        meta.append(Text(f"first seen {first}" if listed > 1 else first))
    if listed > 1:
        meta.append(Text(f"in {listed} digests"))
    if paper.categories:
        meta.append(Text(", ".join(clean_line(name) for name in paper.categories)))
    if meta:
        header.append("\n")
        header.append(Text(" · ", style=Style(dim=True)).join(meta))
    if paper.authors:
        header.append("\n")
        header.append(_authors_text(paper, authors_expanded))
    if paper.comments:
        header.append("\n")
        header.append(clean_line(paper.comments), style=Style(italic=True, dim=True))
    summaries = paper.summaries
    shown = paper.sections
    if len(summaries) > 1:
        chosen = summaries[summary % len(summaries)]
        shown = chosen.sections
        header.append("\n")
        header.append(_summary_line(chosen, summary % len(summaries), len(summaries)))
    sections = []
    for section in shown:
        source = section.text
        cut = len(source) if full else _cut_at(source)
        rendered = render_markdown(source[:cut])
        body = rendered.text
        if cut < len(source):
            left = len(source[cut:].encode("utf-8")) // 1024
            body = body.copy()
            body.append(
                f"\n… {left:,} KB more — press Enter here or click to show all",
                style=Style(dim=True, italic=True, meta={"@click": ("show_all", ())}),
            )
        sections.append(SectionView(clean_line(section.name) or "Section", body, rendered.links))
    return PaperView(header, tuple(links), tuple(sections))


def _summary_line(chosen: Appearance, number: int, count: int) -> Text:
    """Which of the paper's summaries is shown, where it came from, and the key."""
    where = [chosen.category, chosen.date.isoformat() if chosen.date else "", chosen.language]
    origin = " · ".join(clean_line(part) for part in where if part)
    name = clean_line(chosen.source.rsplit("/", 1)[-1])
    text = Text(f"summary {number + 1} of {count}", style=Style(bold=True))
    text.append(f" · {origin} · {name}" if origin else f" · {name}", style=Style(dim=True))
    text.append(" · v: next summary", style=Style(dim=True, italic=True))
    return text


def _no_matches(highlights: tuple[str, ...]) -> str:
    if not highlights:
        return "No search: n and N move between the matches of a search."
    return "No search match in this paper."


def _cut_at(source: str) -> int:
    """Where a section is cut for showing: all of it when short, else at a line end
    (a word end at worst) before `SECTION_CAP`."""
    if len(source) <= SECTION_CAP:
        return len(source)
    for separator in ("\n", " "):
        cut = source.rfind(separator, SECTION_CAP // 2, SECTION_CAP)
        if cut > 0:
            return cut
    return SECTION_CAP


def _authors_text(paper: Paper, expanded: bool) -> Text:
    names = [clean_line(name) for name in paper.authors]
    more = len(names) - AUTHORS_SHOWN
    if expanded or more <= 1:
        suffix = " et al." if paper.authors_truncated else ""
        return Text(NAME_SEPARATOR.join(names) + suffix)
    text = Text(NAME_SEPARATOR.join(names[:AUTHORS_SHOWN]))
    text.append(
        f" and {more} more",
        style=Style(dim=True, underline=True, meta={"@click": ("toggle_authors", ())}),
    )
    return text


class DetailText(Static):
    """A block of the detail whose links open when clicked."""

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__("", classes=classes)
        self.links: tuple[str, ...] = ()
        self.text = Text()

    def show(self, text: Text, links: tuple[str, ...]) -> None:
        """Replace the text and the links its `@click` numbers refer to."""
        self.links = links
        self.text = text
        self.refresh(layout=True)

    def render(self) -> Hanging:
        """The text, list items wrapped with a hanging indent at whatever width it gets."""
        return Hanging(self.text)

    def action_open_link(self, number: int) -> None:
        if 0 <= number < len(self.links):
            self.post_message(PaperDetail.LinkClicked(self.links[number]))

    def action_toggle_authors(self) -> None:
        self.post_message(PaperDetail.AuthorsToggled())

    def action_show_all(self) -> None:
        self.post_message(PaperDetail.ShowAll())


class PaperDetail(VerticalScroll, can_focus=True):
    """Title, arXiv id, votes, authors, comments, then each section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j",
            "scroll_down",
            "Scroll",
            key_display="j/↓",
            show=False,
            id="detail.down",
            tooltip="Scroll down",
        ),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up", tooltip="Scroll up"),
        Binding(
            "home,g", "scroll_home", "Top", show=False, id="detail.top", tooltip="Scroll to the top"
        ),
        Binding(
            "end,G",
            "scroll_end",
            "Bottom",
            show=False,
            id="detail.bottom",
            tooltip="Scroll to the bottom",
        ),
        Binding(
            "a",
            "toggle_authors",
            "Authors",
            show=False,  # the footer keeps room for ? and q at 80 columns
            id="detail.authors",
            tooltip="Show all authors / collapse them",
        ),
        Binding(
            "enter",
            "show_all",
            "Show all",
            show=False,
            id="detail.all",
            tooltip="Show long sections in full",
        ),
        Binding(
            "n",
            "next_hit",
            "Next match",
            show=False,
            id="detail.next_hit",
            tooltip="Scroll to the next search match",
        ),
        Binding(
            "N",
            "previous_hit",
            "Previous match",
            show=False,
            id="detail.previous_hit",
            tooltip="Scroll to the previous search match",
        ),
        Binding(
            "escape,h",
            "screen.focus_list",
            "List",
            key_display="h/esc",
            id="detail.back",
            tooltip="Back to the list",
        ),
    ]

    class LinkClicked(Message):
        """A link in the detail was clicked; the screen decides how to open it."""

        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    class AuthorsToggled(Message):
        """The collapsed author list was clicked or `a` pressed."""

    class ShowAll(Message):
        """The note under a cut section was clicked: show every section in full."""

    class TitleHidden(Message):
        """The title scrolled out of view (`hidden`) or back: the screen keeps it in view."""

        def __init__(self, hidden: bool, title: str) -> None:
            super().__init__()
            self.hidden = hidden
            self.title = title

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None
        self.authors_expanded = False
        self.current_section = 0
        self.highlights: tuple[str, ...] = ()
        self.full = False
        """Long sections shown in full (asked for with Enter), not cut at `SECTION_CAP`."""
        self.summary = 0
        """Which of the paper's different summaries is shown (`Paper.summaries`)."""
        self._jumping = False
        """A jump to a section is under way: the scroll does not pick the section then."""
        self._header = DetailText(classes="detail-header")
        self.title_hidden = False
        """The header (with the title) has scrolled out of view."""
        self._note = Static("", classes="detail-note")
        self._note.display = False
        self.note = ""
        self._titles: list[Static] = []
        self._bodies: list[DetailText] = []
        self._spacer = Static("", classes="detail-spacer")
        """Room after the last section so that any section can scroll to the top
        (as in Frogmouth); sized to what the last section leaves of the view."""

    def compose(self) -> ComposeResult:
        yield self._header
        yield self._note
        yield self._spacer

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._follow_scroll, init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_spacer)

    def show_note(self, note: str) -> None:
        """Show the reader's note under the header (hidden when empty)."""
        if note == self.note:
            return
        self.note = note
        self._note.display = bool(note)
        text = Text("✎ ", style=Style(bold=True))
        text.append(clean(note))
        self._note.update(text)

    @property
    def section_count(self) -> int:
        """How many sections the summary shown has."""
        return len(self._bodies_shown())

    def _bodies_shown(self) -> list[DetailText]:
        return [body for body in self._bodies if body.display]

    def next_summary(self) -> int:
        """Show the paper's next different summary; how many it has (1: nothing to switch)."""
        count = len(self.paper.summaries) if self.paper is not None else 0
        if count > 1:
            self.summary = (self.summary + 1) % count
            self.current_section = 0
            self._show_view()
            self.scroll_home(animate=False, immediate=True)
            self.call_after_refresh(self._fit_spacer)
        return max(count, 1)

    def show_paper(
        self, paper: Paper | None, empty_message: str = "", highlights: tuple[str, ...] = ()
    ) -> None:
        """Show `paper` from its top with the first section current, emphasizing
        `highlights` (what a search matched) wherever they occur."""
        if paper is not self.paper:
            self.authors_expanded = False
            self.full = False
            self.summary = 0
        self.paper = paper
        self.highlights = highlights
        self.current_section = 0
        self._show_view()
        if paper is None:
            self._header.show(Text(clean(empty_message), style=Style(dim=True, italic=True)), ())
        self.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(self._fit_spacer)

    def _show_view(self) -> None:
        if self.paper is None:
            view = PaperView(Text(), (), ())
        else:
            view = render_paper(self.paper, self.authors_expanded, self.full, self.summary)
        self._header.show(self._emphasize(view.header), view.header_links)
        missing = len(view.sections) - len(self._titles)
        if missing > 0:
            titles = [Static("", classes="section-title") for _ in range(missing)]
            bodies = [DetailText(classes="section-body") for _ in range(missing)]
            self._titles.extend(titles)
            self._bodies.extend(bodies)
            pairs = [widget for pair in zip(titles, bodies, strict=True) for widget in pair]
            self.mount_all(pairs, before=self._spacer)
        for number, (title, body) in enumerate(zip(self._titles, self._bodies, strict=True)):
            shown = number < len(view.sections)
            title.display = shown
            body.display = shown
            if shown:
                section = view.sections[number]
                title.update(Text(f"▌{section.name}"))
                body.show(self._emphasize(section.body), section.links)
        self._mark_current()

    def _emphasize(self, text: Text) -> Text:
        """A copy of cached `text` with the search matches emphasized."""
        if not self.highlights:
            return text
        text = text.copy()
        text.highlight_words(self.highlights, style=MATCH_STYLE, case_sensitive=False)
        return text

    def _mark_current(self) -> None:
        for number, title in enumerate(self._titles):
            title.set_class(number == self.current_section, "-current")

    def go_to_section(self, number: int) -> bool:
        """Make section `number` (0-based) current and scroll it to the top."""
        if not 0 <= number < self.section_count:
            return False
        self.current_section = number
        self._mark_current()
        self._jumping = True
        self.call_after_refresh(self._scroll_to_current)
        return True

    def _scroll_to_current(self, again: bool = True) -> None:
        offset = self.section_offset
        if offset is not None and offset > self.max_scroll_y and again:
            self._fit_spacer()  # the room below is not laid out yet: once more after it is
            self.call_after_refresh(self._scroll_to_current, False)
            return
        if offset is not None:
            self.scroll_to(y=offset, animate=False, immediate=True)
        self._jumping = False

    def _fit_spacer(self) -> None:
        """Size the room after the last section so it can reach the top of the view."""
        shown = min(self.section_count, len(self._titles))
        room = 0
        if shown:
            top = self._titles[shown - 1].virtual_region.y
            bottom = self._bodies[shown - 1].virtual_region.bottom
            room = max(0, self.scrollable_content_region.height - (bottom - top))
        if self._spacer.styles.height is None or self._spacer.styles.height.value != room:
            self._spacer.styles.height = room

    def _follow_scroll(self, scroll_y: float) -> None:
        """The current section is the last heading at or above the top of the view;
        past the header, the title is asked to stay in view."""
        hidden = self.paper is not None and round(scroll_y) >= max(
            1, self._header.virtual_region.bottom - 1
        )
        if hidden != self.title_hidden:
            self.title_hidden = hidden
            title = self.paper.title if self.paper is not None else ""
            self.post_message(self.TitleHidden(hidden, title))
        if self._jumping:
            return
        current = 0
        for number in range(min(self.section_count, len(self._titles))):
            if self._titles[number].virtual_region.y <= round(scroll_y):
                current = number
            else:
                break
        if current != self.current_section:
            self.current_section = current
            self._mark_current()

    @property
    def section_offset(self) -> int | None:
        """The virtual y of the current section's heading (what `]` scrolls to)."""
        if self.current_section >= len(self._titles) or self.paper is None:
            return None
        return self._titles[self.current_section].virtual_region.y

    def hit_lines(self) -> list[int]:
        """The virtual y of every line that shows a search match, top to bottom.

        The text of each block is wrapped as it is shown (same console, same
        width), so a match's line is found without asking the compositor.
        """
        if not self.highlights:
            return []
        lines: list[int] = []
        console = self.app.console
        for block in (self._header, *self._bodies):
            if not block.display or not block.text:
                continue
            width = block.content_region.width
            if width <= 0:
                continue
            top = block.virtual_region.y + block.styles.padding.top
            wrapped = wrap_hanging(block.text, console, width)
            for number, line in enumerate(wrapped):
                if any(span.style == MATCH_STYLE for span in line.spans):
                    lines.append(top + number)
        return lines

    def action_next_hit(self) -> None:
        """Scroll to the next search match; past the last, say so."""
        hits = self.hit_lines()
        below = [y for y in hits if y > round(self.scroll_y) + HIT_CONTEXT]
        if below and self.scroll_y >= self.max_scroll_y:
            below = []  # the rest are in view already: nothing further to scroll to
        if below:
            self.scroll_to(y=below[0] - HIT_CONTEXT, animate=False, immediate=True)
        elif hits:
            self.notify("No match further down (N goes back up).", timeout=2)
        else:
            self.notify(_no_matches(self.highlights), timeout=2)

    def action_previous_hit(self) -> None:
        """Scroll to the previous search match; before the first, say so."""
        hits = self.hit_lines()
        above = [y for y in hits if y < round(self.scroll_y) + HIT_CONTEXT]
        if above and self.scroll_y <= 0:
            above = []
        if above:
            self.scroll_to(y=max(0, above[-1] - HIT_CONTEXT), animate=False, immediate=True)
        elif hits:
            self.notify("No match further up (n goes down).", timeout=2)
        else:
            self.notify(_no_matches(self.highlights), timeout=2)

    def action_toggle_authors(self) -> None:
        self.authors_expanded = not self.authors_expanded
        if self.paper is not None:
            view = render_paper(self.paper, self.authors_expanded, self.full, self.summary)
            self._header.show(self._emphasize(view.header), view.header_links)

    def on_paper_detail_authors_toggled(self, message: PaperDetail.AuthorsToggled) -> None:
        message.stop()
        self.action_toggle_authors()

    def action_show_all(self) -> None:
        if self.paper is None or self.full:
            return
        self.full = True
        self._show_view()
        self.call_after_refresh(self._fit_spacer)

    def on_paper_detail_show_all(self, message: PaperDetail.ShowAll) -> None:
        message.stop()
        self.action_show_all()
