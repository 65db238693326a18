"""A digest's day: from its file name, its folders, or a date its text gives.

The path is trusted over the text (a digest's header is often copied from the
day before), the file name over its folders; when two of them disagree the
more trusted one is kept and the disagreement is said, naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

_NAME_DATES = (
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
)
_FOLDER_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{2}$")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class PathDate:
    """The day a file's path gives, where it came from, and any quarrel inside the path."""

    day: date | None = None
    origin: str = ""
    """ "file name" or "folders" ("" with no day)."""
    conflict: str = ""
    """Why the file name and the folders disagree, in words ("" when they agree)."""


def make_date(year: str, month: str, day: str) -> date | None:
    """The date of three digit strings, or None when they name no day."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_in_text(text: str) -> date | None:
    """The first ISO date (`2024-08-19`) written in `text`, or None."""
    for match in _ISO_DATE.finditer(text):
        found = make_date(*match.groups())
        if found is not None:
            return found
    return None


def date_in_name(name: str) -> date | None:
    """The date a file name holds (`2024-08-19.md`, `20240819.md`, `2024-04-18_cs.IR.md`)."""
    for pattern in _NAME_DATES:
        for match in pattern.finditer(name):
            found = make_date(*match.groups())
            if found is not None:
                return found
    return None


def _folder_date(parts: tuple[str, ...]) -> tuple[date | None, tuple[int, int] | None]:
    """The day (`2024-12-27/`, `2024/12/27.md`) or month (`2024/12/`) the nearest folders give."""
    folders, stem = parts[:-1], PurePath(parts[-1]).stem if parts else ""
    if folders and (match := _FOLDER_DAY.match(folders[-1])):
        return make_date(*match.groups()), None
    if len(folders) >= 2 and _YEAR.match(folders[-2]) and _MONTH.match(folders[-1]):
        year, month = folders[-2], folders[-1]
        if _MONTH.match(stem):
            return make_date(year, month, stem), None
        if 1 <= int(month) <= 12:
            return None, (int(year), int(month))
    return None, None


def path_date(source: str) -> PathDate:
    """The day `source`'s name gives, else its folders; a quarrel between them said."""
    parts = PurePath(source.replace("\\", "/")).parts
    if not parts:
        return PathDate()
    named = date_in_name(parts[-1])
    folder_day, folder_month = _folder_date(parts)
    if named is None:
        return PathDate(folder_day, "folders") if folder_day else PathDate()
    conflict = ""
    if folder_day is not None and folder_day != named:
        conflict = f"the file name says {named} but its folder says {folder_day}"
    elif folder_month is not None and folder_month != (named.year, named.month):
        year, month = folder_month
        conflict = f"the file name says {named} but its folders say {year:04d}-{month:02d}"
    return PathDate(named, "file name", conflict)


def date_from_path(source: str) -> date | None:
    """The date a file's name or folders give (`2024-08-19.md`, `20240819.md`,
    `2024-04-18_cs.IR.md`, `2024-12-27/cs.LG.md`, `2024/08/19.md`), or None."""
    return path_date(source).day
