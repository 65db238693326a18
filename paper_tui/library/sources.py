"""What a digest source is, for `sync`: a URL template with date fields, or a folder.

A URL template names one day's digest: `{yyyy}`, `{mm}`, `{dd}` and `{date}`
(YYYY-MM-DD) are replaced by that day's, as in
`https://example.org/daily/raw/main/{yyyy}/{mm}/{date}.md`. Anything else is a
local folder (a git checkout the user pulls), whose new and changed digests are
added as `paper-tui add FOLDER` would. The named sources live in the settings
(`store.settings`); this module checks, expands and edits them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from paper_tui.library.download import _url_problem, redacted
from paper_tui.store import Source
from paper_tui.text import clean_line

FIELDS = ("yyyy", "mm", "dd", "date")
"""The fields a URL template may hold, each in braces."""
_FIELD = re.compile(r"\{([^{}]*)\}")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_NAME = re.compile(r"^[\w.-]{1,64}$")


def is_folder_source(template: str) -> bool:
    """A template with no scheme (`https://`) names a local folder."""
    return not _URL.match(template)


def template_problem(template: str) -> str | None:
    """Why `template` cannot be synced (unknown field, no day in it, not http(s),
    a missing folder), or None."""
    if not template.strip():
        return "empty template"
    if is_folder_source(template):
        try:
            folder = Path(template).expanduser()
        except RuntimeError:  # `~nouser/x`
            return f"no such user: {clean_line(template.split('/', 1)[0])[:64]}"
        if not folder.is_dir():
            return "no such folder (a source is a URL template with {date} or a folder)"
        return None
    fields = _FIELD.findall(template)
    unknown = sorted({name for name in fields if name not in FIELDS})
    if unknown:
        shown = ", ".join("{" + clean_line(name)[:20] + "}" for name in unknown)
        return f"unknown field {shown} (the fields are {{yyyy}} {{mm}} {{dd}} {{date}})"
    if "{" in _FIELD.sub("", template) or "}" in _FIELD.sub("", template):
        return "an unmatched { or } in the template"
    if "date" not in fields and "dd" not in fields:
        return "no day in the template ({date}, or {yyyy} {mm} {dd})"
    return _url_problem(url_for(template, date(2000, 1, 1)))


def url_for(template: str, day: date) -> str:
    """The template with `day`'s fields filled in."""
    values = {
        "yyyy": f"{day.year:04d}",
        "mm": f"{day.month:02d}",
        "dd": f"{day.day:02d}",
        "date": day.isoformat(),
    }
    return _FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def shown_template(template: str) -> str:
    """`template` safe to print (a password in it hidden)."""
    return redacted(template)


def name_problem(name: str, existing: Sequence[str] = ()) -> str | None:
    """Why `name` cannot name a new source (taken, empty, spaces...), or None."""
    if not _NAME.match(name):
        return "a source's name is 1 to 64 letters, digits, '.', '_' or '-'"
    if name in existing:
        return "a source of that name exists (sources remove NAME first)"
    return None


def days_from(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included (none when `last` is earlier)."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def source_named(sources: Sequence[Source], name: str) -> Source | None:
    """The source called `name`, if any."""
    return next((source for source in sources if source.name == name), None)


def add_source(name: str, template: str, config: Path | None = None) -> Source | str:
    """Keep a new source in the config file; the source, or why not (a bad name or
    template, a config file that cannot be rewritten)."""
    from paper_tui.store import SettingsError, load_settings, save_sources

    settings = load_settings(config)
    template = template.strip()
    problem = name_problem(name, [source.name for source in settings.sources])
    problem = problem or template_problem(template)
    if problem is not None:
        return problem
    if is_folder_source(template):
        template = str(Path(template).expanduser().resolve())
    source = Source(name, template)
    try:
        save_sources([*settings.sources, source], config)
    except SettingsError as error:
        return str(error)
    return source


def remove_source(name: str, config: Path | None = None) -> Source | str:
    """Take the source called `name` out of the config file; it, or why not."""
    from paper_tui.store import SettingsError, load_settings, save_sources

    settings = load_settings(config)
    source = source_named(settings.sources, name)
    if source is None:
        known = ", ".join(one.name for one in settings.sources) or "none"
        return f"no source called {clean_line(name)[:64]} (the sources: {known})"
    try:
        save_sources([one for one in settings.sources if one.name != name], config)
    except SettingsError as error:
        return str(error)
    return source
