"""The config file (`config.toml` in the config folder): keys, the read delay, the
default sort and theme, the sources `sync` fetches, and section names.

Read with tomllib and never fatal: a file that cannot be read or is not TOML
gives the defaults, and each bad value is one line in `Settings.problems`
naming its key ("config.toml: read_delay: must be a number of seconds or
false; using 2"), its default used instead. `save_sources` rewrites the file
with new sources and every other key kept (comments are not: TOML has no
round trip for them).

    keymap = {"paper.star" = "B"}      # or a [keymap] table: binding id -> keys
    read_delay = 2.0                   # seconds a paper is shown before it is read; false: never
    sort = "votes"                     # "digest order", "votes", "date" or "title"
    theme = "gruvbox"
    sync_on_start = false
    [[sources]]
    name = "hf"
    template = "https://example.org/{yyyy}/{mm}/{date}.md"   # or a local folder
    [section_names]
    "Key Findings" = "Performance Highlights"   # a name -> the name it counts as
    "What's New" = ["Contribution", "기여"]      # or a name <- its other names
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from paper_tui.store import paths


@dataclass(frozen=True, slots=True)
class Source:
    """A place `sync` fetches digests from: a URL template or a local folder."""

    name: str
    template: str
    """A URL with {yyyy} {mm} {dd} {date} placeholders, or a local folder."""


SORTS = ("digest order", "votes", "date", "title")
"""The orders `sort` may name, as the list names them."""
PLACEHOLDERS = ("yyyy", "mm", "dd", "date")
"""What a source's template may hold in braces: year, month, day, YYYY-MM-DD."""
DEFAULT_READ_DELAY = 2.0
KNOWN_KEYS = (
    "keymap",
    "read_delay",
    "sort",
    "theme",
    "sources",
    "section_names",
    "sync_on_start",
)

_SECTION_FAMILIES: dict[str, tuple[str, ...]] = {
    "What's New": (
        "What's New",
        "Whats New",
        "새로운 점",
        "새로운점",
        "Summary",
        "요약",
        "Problem",
        "문제",
        "Overview",
        "개요",
        "TL;DR",
        "TLDR",
        "Motivation",
        "Contribution",
        "Contributions",
        "Key Idea",
        "Key Ideas",
    ),
    "Technical Details": (
        "Technical Details",
        "Technical Detail",
        "기술적 세부사항",
        "기술적 세부 사항",
        "기술 세부사항",
        "Method",
        "Methods",
        "Methodology",
        "Approach",
        "방법",
        "방법론",
    ),
    "Performance Highlights": (
        "Performance Highlights",
        "Performance",
        "성능 하이라이트",
        "성능",
        "Results",
        "Result",
        "결과",
        "실험 결과",
        "Experiments",
        "Evaluation",
        "평가",
    ),
}
"""The names the digest families give to the same three sections (hf-daily's
English and Korean, the fenced and link-last families' Problem / Method /
Results, the table family's Summary), by the name they count as."""


def section_key(name: str) -> str:
    """How section names are compared: NFKC, casefolded, curly apostrophes
    straightened, whitespace collapsed, a trailing colon dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'")
    return " ".join(text.replace("\u2018", "'").split()).rstrip(":").rstrip()


DEFAULT_SECTION_NAMES: Mapping[str, str] = MappingProxyType(
    {
        section_key(alias): canonical
        for canonical, aliases in _SECTION_FAMILIES.items()
        for alias in aliases
    }
)
"""Section name (as `section_key` gives it) -> the name it counts as."""


def canonical_section(name: str, section_names: Mapping[str, str]) -> str:
    """The name a section counts as ("새로운 점" -> "What's New"), or `name` itself."""
    return section_names.get(section_key(name), name)


def matching_section(
    names: Sequence[str], wanted: str, section_names: Mapping[str, str]
) -> int | None:
    """The place in `names` (one paper's section names) of the first section that
    counts as the same as `wanted` (another paper's), or None: what keeps the
    reader on "Technical Details" when the next paper calls it "방법"."""
    target = section_key(canonical_section(wanted, section_names))
    for number, name in enumerate(names):
        if section_key(canonical_section(name, section_names)) == target:
            return number
    return None


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings: the config file's values, defaults where it has none
    (or a bad one, which `problems` names)."""

    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Textual keymap: binding id -> keys ("paper.star" -> "B")."""
    read_delay: float | None = DEFAULT_READ_DELAY
    """Seconds before a shown paper is read; None: never by itself."""
    sort: str | None = None
    """The default sort, one of SORTS; None: not set."""
    theme: str | None = None
    sources: tuple[Source, ...] = ()
    section_names: Mapping[str, str] = field(default_factory=lambda: DEFAULT_SECTION_NAMES)
    """Section name (`section_key`) -> canonical name: the defaults and the config's."""
    sync_on_start: bool = False
    problems: tuple[str, ...] = ()
    """One line per bad value or unreadable file, for the user."""


class SettingsError(Exception):
    """The config file could not be rewritten (it is not TOML, or writing failed);
    `str()` is `PATH: reason`. The file is left as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `paths.config_file()`); never raises for
    anything in or about the file: a missing one gives the defaults, an
    unreadable one the defaults and a problem."""
    path = path if path is not None else paths.config_file()
    label = path.name
    data, problem = _read(path)
    if problem is not None:
        return Settings(problems=(f"{label}: {problem}; using the defaults",))
    reader = _Reader(label)
    return reader.settings(data or {})


def save_sources(sources: Sequence[Source], path: Path | None = None) -> None:
    """Rewrite the config file with `sources` in place of its own, every other key
    kept (comments are lost); no sources removes the key. Raises SettingsError
    when the file is there but not TOML (it is not overwritten) or cannot be written."""
    path = path if path is not None else paths.config_file()
    data, problem = _read(path)
    if problem is not None:
        raise SettingsError(path, f"{problem}; not rewritten")
    document: dict[str, Any] = dict(data or {})
    document.pop("sources", None)
    if sources:
        document["sources"] = [
            {"name": source.name, "template": source.template} for source in sources
        ]
    import tomli_w  # writing is rare: not on the app's start

    _write(path, tomli_w.dumps(document))


def settings_toml(settings: Settings) -> str:
    """The effective settings as a config file would say them (`config show`):
    what is not set is a comment."""
    top: dict[str, Any] = {
        "read_delay": False if settings.read_delay is None else settings.read_delay,
        "sync_on_start": settings.sync_on_start,
    }
    notes = []
    for name in ("sort", "theme"):
        value = getattr(settings, name)
        if value is None:
            notes.append(f"# {name} is not set")
        else:
            top[name] = value
    tables: dict[str, Any] = {
        "keymap": dict(settings.keymap),
        "section_names": dict(settings.section_names),
    }
    if settings.sources:
        tables["sources"] = [
            {"name": source.name, "template": source.template} for source in settings.sources
        ]
    else:
        notes.append("# no sources")
    import tomli_w

    text = tomli_w.dumps(top)
    return "\n".join(notes) + ("\n" if notes else "") + text + "\n" + tomli_w.dumps(tables)


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the file's TOML, None), (None, None) when there is no file, or (None, why
    it cannot be read)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        return None, f"not valid TOML ({error})"


def _write(path: Path, text: str) -> None:
    """`text` as the whole file, atomically (a crash leaves the old file or the new)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise SettingsError(path, f"cannot be written ({error.strerror or error})") from error


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KEYS = re.compile(r"[^\s,]+")


class _Reader:
    """Reads each key of a parsed config file, noting each bad value."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []

    def bad(self, key: str, reason: str) -> None:
        self.problems.append(f"{self.label}: {key}: {reason}")

    def settings(self, data: Mapping[str, Any]) -> Settings:
        for key in data:
            if key not in KNOWN_KEYS:
                self.bad(key, f"unknown key, ignored (known: {', '.join(KNOWN_KEYS)})")
        return Settings(
            keymap=MappingProxyType(self.keymap(data.get("keymap"))),
            read_delay=self.read_delay(data.get("read_delay", DEFAULT_READ_DELAY)),
            sort=self.sort(data.get("sort")),
            theme=self.theme(data.get("theme")),
            sources=self.sources(data.get("sources")),
            section_names=self.section_names(data.get("section_names")),
            sync_on_start=self.flag("sync_on_start", data.get("sync_on_start", False)),
            problems=tuple(self.problems),
        )

    def keymap(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.bad("keymap", 'must be a table of binding id = "keys"; ignored')
            return {}
        keymap: dict[str, str] = {}
        for binding, keys in _flattened(value):
            pieces = [piece.strip() for piece in keys.split(",")] if isinstance(keys, str) else []
            if not pieces or not all(_KEYS.fullmatch(piece) for piece in pieces):
                self.bad(
                    f"keymap.{binding}",
                    'must be keys as text ("b", or "b,ctrl+b" for several); ignored',
                )
                continue
            keymap[binding] = ",".join(pieces)
        return keymap

    def read_delay(self, value: object) -> float | None:
        if value is False:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = float(min(value, 10**9))  # an int too big for a float is forever
            if math.isfinite(seconds) and seconds >= 0:
                return seconds
        self.bad(
            "read_delay", f"must be a number of seconds or false; using {DEFAULT_READ_DELAY:g}"
        )
        return DEFAULT_READ_DELAY

    def sort(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            wanted = " ".join(value.casefold().replace("-", " ").replace("_", " ").split())
            wanted = "digest order" if wanted == "digest" else wanted
            if wanted in SORTS:
                return wanted
        self.bad("sort", f"must be one of {', '.join(map(_quoted, SORTS))}; ignored")
        return None

    def theme(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.bad("theme", "must be a theme's name; ignored")
        return None

    def flag(self, key: str, value: object) -> bool:
        if isinstance(value, bool):
            return value
        self.bad(key, "must be true or false; using false")
        return False

    def sources(self, value: object) -> tuple[Source, ...]:
        if value is None:
            return ()
        if isinstance(value, dict):  # [sources] name = "template"
            items: list[tuple[str, object]] = [
                (f"sources.{name}", {"name": name, "template": template})
                for name, template in value.items()
            ]
        elif isinstance(value, list):
            items = [(f"sources[{number}]", item) for number, item in enumerate(value, 1)]
        else:
            self.bad("sources", "must be [[sources]] tables with a name and a template; ignored")
            return ()
        found: dict[str, Source] = {}
        for key, item in items:
            source = self.source(key, item)
            if source is None:
                continue
            if source.name in found:
                self.bad(key, f'a second source named "{source.name}"; ignored')
                continue
            found[source.name] = source
        return tuple(found.values())

    def source(self, key: str, item: object) -> Source | None:
        if not isinstance(item, dict):
            self.bad(key, "must be a table with a name and a template; ignored")
            return None
        name, template = item.get("name"), item.get("template")
        if not isinstance(name, str) or not name.strip():
            self.bad(key, "needs a name (text); ignored")
            return None
        if not isinstance(template, str) or not template.strip():
            self.bad(key, "needs a template (a URL or a folder, as text); ignored")
            return None
        unknown = [
            match.group(0)
            for match in _PLACEHOLDER.finditer(template)
            if match.group(1) not in PLACEHOLDERS and "://" in template  # a folder is as named
        ]
        if unknown:
            self.bad(
                f"{key}.template",
                f"unknown placeholder {unknown[0]} (use {{yyyy}} {{mm}} {{dd}} {{date}}); ignored",
            )
            return None
        return Source(name.strip(), template.strip())

    def section_names(self, value: object) -> Mapping[str, str]:
        if value is None:
            return DEFAULT_SECTION_NAMES
        if not isinstance(value, dict):
            self.bad("section_names", 'must be a table of "name" = "the name it counts as"; '
                     "ignored")
            return DEFAULT_SECTION_NAMES
        names = dict(DEFAULT_SECTION_NAMES)
        for name, target in value.items():
            key = f"section_names.{_quoted(name)}"
            if isinstance(target, str) and target.strip() and section_key(name):
                names[section_key(name)] = target.strip()
                names.setdefault(section_key(target), target.strip())
            elif (
                isinstance(target, list)
                and target
                and all(isinstance(one, str) and section_key(one) for one in target)
                and section_key(name)
            ):
                names[section_key(name)] = name.strip()
                for alias in target:
                    names[section_key(alias)] = name.strip()
            else:
                self.bad(key, "must be a section name, or a list of other names; ignored")
        return MappingProxyType(names)


def _flattened(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    """(dotted key, value) of a table: `paper.star = "B"` unquoted is a nested table in
    TOML, and binding ids have dots."""
    items: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items.extend(_flattened(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items


def _quoted(text: str) -> str:
    return f'"{text}"'
