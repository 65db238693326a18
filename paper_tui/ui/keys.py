"""The reader's global key bindings, in one place so they can be remapped by id.

The footer shows only the keys a newcomer needs (so `?` and `q` fit in 80
columns); every key is in the help screen and the command palette.

The main screen binds them; the help screen and the command palette list
them, so what the keys do, what help says and what the palette offers agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding, BindingType


def key_names(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of `binding` as a person writes them (`]`, `esc`, `j ↓`), as the
    config's `keymap` (binding id -> keys) remapped them."""
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "right_curly_bracket": "}",
        "left_curly_bracket": "{",
        "slash": "/",
        "question_mark": "?",
        "escape": "esc",
        "enter": "⏎",
        "down": "↓",
        "up": "↑",
        "pagedown": "pgdn",
        "pageup": "pgup",
    }
    keys = (keymap or {}).get(binding.id or "", binding.key)
    shown = [names.get(key, key) for key in keys.split(",")]
    return " ".join(sorted(shown, key=lambda name: (not name.isascii(), len(name))))


def section_bindings() -> list[BindingType]:
    """`1`-`9`: jump to section N."""
    return [
        Binding(
            str(number),
            f"jump_section({number})",
            f"Section {number}",
            show=False,
            id=f"section.{number}",
        )
        for number in range(1, 10)
    ]


READER_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "focus_search",
        "Search",
        key_display="/",
        id="search.focus",
        tooltip="Search (typing filters live)",
    ),
    Binding(
        "right_square_bracket",
        "next_section",
        "Section",
        key_display="]/[",
        id="section.next",
        tooltip="Next section",
    ),
    Binding(
        "left_square_bracket",
        "previous_section",
        "Previous section",
        show=False,
        id="section.previous",
        tooltip="Previous section",
    ),
    *section_bindings(),
    Binding(
        "v",
        "next_summary",
        "Next summary",
        show=False,
        id="summary.next",
        tooltip="Next summary of this paper (when digests summarised it differently)",
    ),
    Binding(
        "J",
        "next_paper",
        "Next paper",
        show=False,
        id="paper.next",
        tooltip="Next paper (stays in the detail)",
    ),
    Binding(
        "K",
        "previous_paper",
        "Previous paper",
        show=False,
        id="paper.previous",
        tooltip="Previous paper (stays in the detail)",
    ),
    Binding(
        "right_curly_bracket",
        "next_day",
        "Next day",
        key_display="}",
        show=False,
        id="day.next",
        tooltip="Next digest day",
    ),
    Binding(
        "left_curly_bracket",
        "previous_day",
        "Previous day",
        key_display="{",
        show=False,
        id="day.previous",
        tooltip="Previous digest day",
    ),
    Binding("o", "open_paper", "Open", id="paper.open", tooltip="Open the arXiv page"),
    Binding("p", "open_pdf", "PDF", show=False, id="paper.pdf", tooltip="Open the PDF"),
    Binding("y", "copy_link", "Copy", show=False, id="paper.copy", tooltip="Copy the link"),
    Binding(
        "m", "toggle_read", "Read/unread", show=False, id="paper.read", tooltip="Mark read / unread"
    ),
    Binding("b", "toggle_star", "Star", show=False, id="paper.star", tooltip="Star / unstar"),
    Binding(
        "e",
        "edit_note",
        "Note",
        show=False,
        id="paper.note",
        tooltip="Edit the note (ctrl+s saves)",
    ),
    Binding(
        "u",
        "filter_unread",
        "Unread",
        show=False,
        id="filter.unread",
        tooltip="Only unread papers (is:unread) / all",
    ),
    Binding(
        "B",
        "filter_starred",
        "Starred",
        show=False,
        id="filter.starred",
        tooltip="Only starred papers (is:starred) / all",
    ),
    Binding(
        "Q",
        "toggle_queue",
        "Queue",
        show=False,
        id="paper.queue",
        tooltip="Add to / take out of the reading queue (is:queued)",
    ),
    Binding(
        "T",
        "toggle_triage",
        "Triage",
        show=False,
        id="triage.toggle",
        tooltip="Triage: one paper at a time; b star, Q queue, m read, space skip move on",
    ),
    Binding(
        "space",
        "skip",
        "Skip",
        show=False,
        id="triage.skip",
        tooltip="In triage: the next paper",
    ),
    Binding(
        "c",
        "copy_bibtex",
        "BibTeX",
        show=False,
        id="paper.bibtex",
        tooltip="Copy the paper's BibTeX entry",
    ),
    Binding(
        "equals_sign",
        "similar",
        "Similar",
        key_display="=",
        show=False,
        id="paper.similar",
        tooltip="Papers most like this one (offline, tf-idf); Enter goes to one",
    ),
    Binding(
        "C",
        "section_column",
        "Section column",
        show=False,
        id="section.column",
        tooltip="One section of every paper shown, as one column; Enter opens the paper",
    ),
    Binding(
        "w",
        "filter_new",
        "New",
        show=False,
        id="filter.new",
        tooltip="Only papers new since last time (is:new) / all",
    ),
    Binding(
        "A",
        "mark_all_read",
        "All read",
        show=False,
        id="paper.all_read",
        tooltip="Mark every paper shown read (ctrl+z undoes)",
    ),
    Binding(
        "ctrl+z",
        "undo_mark_all",
        "Undo",
        show=False,
        id="paper.undo_all_read",
        tooltip="Undo the last 'mark every paper shown read'",
    ),
    Binding(
        "F",
        "feeds",
        "Feeds",
        show=False,
        id="feeds.panel",
        tooltip="Feeds and mutes: saved searches with unread counts; save or mute this search",
    ),
    Binding(
        "f",
        "follow_author",
        "Follow",
        show=False,
        id="paper.follow",
        tooltip="Follow one of the paper's authors (@ marks their papers; is:followed)",
    ),
    Binding(
        "D",
        "days_panel",
        "Days",
        show=False,
        id="days.panel",
        tooltip="Days, weeks and months with their papers and unread; Enter shows one",
    ),
    Binding(
        "S",
        "save_to_library",
        "Save",
        show=False,
        id="library.save",
        tooltip="Save opened digests to library",
    ),
    Binding(
        "s",
        "cycle_sort",
        "Sort",
        id="list.sort",
        tooltip="Cycle the sort: digest order, votes, date, title",
    ),
    Binding(
        "greater_than_sign",
        "resize_list(5)",
        "Wider list",
        key_display=">",
        show=False,
        id="layout.wider",
        tooltip="Widen the list (taller when the detail is below it)",
    ),
    Binding(
        "less_than_sign",
        "resize_list(-5)",
        "Narrower list",
        key_display="<",
        show=False,
        id="layout.narrower",
        tooltip="Narrow the list (shorter when the detail is below it)",
    ),
    Binding(
        "z",
        "toggle_zoom",
        "Zoom",
        show=False,
        id="layout.zoom",
        tooltip="Zoom the detail to the whole screen, and back",
    ),
    Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        show=False,
        id="search.clear_filter",
        tooltip="Clear the search filter (from the list)",
    ),
    Binding("question_mark", "help", "Help", key_display="?", id="help", tooltip="Help: every key"),
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit"),
]
