"""The search bar's query language, parsed into terms and filters.

    diffusion video          papers matching every word, in any order (typos forgiven)
    "sparse attention"       the phrase literally (case, width and Unicode form ignored)
    -survey                  no paper matching "survey"
    ㄷㄱㅁ ㅇㅇ                  chosung: words whose initial consonants start with these
    언어 모데                 the last syllable may still be being typed: 모데 finds 모델
    tntnf                    a Latin word nothing starts with, typed on a Korean 2-set
                             keyboard, is searched as the Hangul it spells (수술)
    author:kim  a:"an yan"   in the authors only         title:robot  t:robot   in the title only
    id:2408.08               arXiv ids starting with this
    sec:technical kernel     free words searched only in sections whose name holds "technical";
    sec:"what's new" video   quote a name with spaces; several sec: filters widen the scope
    date:2024-08             a year, month or day prefix; date:2024-08-01..2024-08-31 a range
                             (either end may be left open, `date:>2024-08` also works);
    date:today  date:yesterday  date:7d  date:2w  date:this-week  date:this-month
    date:2025-W18            relative to the local date (7d: today and the 6 days before);
                             an ISO week, Monday to Sunday
    votes:>50  votes:10..100 votes:>=10  votes:<5  votes:12
    is:starred  is:unread  is:read  is:unstarred      reading state, when the app has it
    is:queued  is:unqueued   in the reading queue, or not
    is:followed              papers with an author the reader follows
    is:muted                 only the papers a mute hides (mutes hide them otherwise)
    is:new  -is:new          papers first seen since the app's previous start, or not
    is:noted  note:word  note:"two words"              papers with a note; words in notes
                             (free words are searched in notes too)
    sort:votes  sort:date  sort:title  sort:relevance  sort:-date    the order (`-` reverses)

When no paper has every free word, the papers with the most of them are shown
(words typed earlier count more); phrases, scoped words and filters stay required.

Any filter can be negated with a leading `-` (`-is:read`, `-a:smith`) except `sec:`.
Parsing never raises: an unknown filter or a malformed value becomes a hint for
the user and the rest of the query still applies (an unknown `key:word` is searched
as plain words). Everything is NFKC-normalized and casefolded first, so full-width
quotes and colons work too.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache, partial
from typing import Literal

from rapidfuzz import fuzz, process

from paper_tui.search.hangul import hangul_of_keys, has_hangul, is_syllable

Scope = Literal["all", "title", "authors", "notes"]
StateFlag = Literal[
    "starred",
    "unstarred",
    "read",
    "unread",
    "noted",
    "unnoted",
    "queued",
    "unqueued",
    "followed",
    "muted",
    "new",
]
SortKey = Literal["votes", "date", "title", "relevance"]

_ASCII_SEPARATORS = "\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f"
_OTHER_SEPARATORS = "\x80-\xbf\xd7\xf7\u1680\u2000-\u206f\u3000-\u303f\ufeff"
TOKEN = re.compile(f"[^{_ASCII_SEPARATORS}{_OTHER_SEPARATORS}]+")
"""What a word is, in the index and in queries alike (on folded text): a run of
anything but ASCII punctuation, spaces, controls, Latin-1 and general
punctuation and CJK symbols. So Hangul, letters and digits of every script
form words, and "diffusion-based" is two words."""

_OTHER_SEPARATOR = re.compile(f"[{_OTHER_SEPARATORS}]")
_BYTE_SEPARATORS = bytes(
    32 if (byte < 0x30 or 0x3A <= byte <= 0x40 or 0x5B <= byte <= 0x60 or 0x7B <= byte <= 0x7F)
    else byte
    for byte in range(256)
)


_BATCH_SEPARATORS = bytes(0 if byte == 0 else value for byte, value in enumerate(_BYTE_SEPARATORS))


def token_lists(folded: Sequence[str]) -> list[list[bytes]]:
    """The words of each folded text, UTF-8 encoded: what `TOKEN.findall(text)`
    gives, several times faster, for building the index."""
    if not folded:
        return []
    joined = "\x00".join(folded)
    if joined.count("\x00") != len(folded) - 1:  # a text holds NUL itself: go slowly
        return [[word.encode("utf-8", "surrogatepass") for word in TOKEN.findall(text)]
                for text in folded]
    if not joined.isascii() and _OTHER_SEPARATOR.search(joined):
        joined = _OTHER_SEPARATOR.sub(" ", joined)
    pieces = joined.encode("utf-8", "surrogatepass").translate(_BATCH_SEPARATORS).split(b"\x00")
    return list(map(bytes.split, pieces))


_LOWERING_SEPARATORS = bytes(
    byte + 32 if 0x41 <= byte <= 0x5A else value for byte, value in enumerate(_BATCH_SEPARATORS)
)


def raw_token_lists(texts: Sequence[str]) -> list[list[bytes]]:
    """The words of each NFKC-normalized text, lowercased in ASCII only, UTF-8
    encoded: `fold` of each word gives what `TOKEN.findall(fold(text))` would
    (casefolding never makes or unmakes a separator), for building the index."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [[word.encode("utf-8", "surrogatepass") for word in TOKEN.findall(fold(text))]
                for text in texts]
    if not joined.isascii():
        joined = unicodedata.normalize("NFKC", joined)
        if _OTHER_SEPARATOR.search(joined):
            joined = _OTHER_SEPARATOR.sub(" ", joined)
    encoded = joined.encode("utf-8", "surrogatepass")
    return list(map(bytes.split, encoded.translate(_LOWERING_SEPARATORS).split(b"\x00")))


def fold_all(texts: Sequence[str]) -> list[str]:
    """`[fold(text) for text in texts]`, in one pass over one joined string."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):
        return [fold(text) for text in texts]
    return fold(joined).split("\x00") if texts else []


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_KEY = re.compile(r"([a-z]+):")
_COMPACT = re.compile(r"\W+")

FILTER_ALIASES = {
    "author": "author",
    "authors": "author",
    "a": "author",
    "title": "title",
    "t": "title",
    "id": "id",
    "sec": "sec",
    "section": "sec",
    "date": "date",
    "votes": "votes",
    "vote": "votes",
    "is": "is",
    "note": "note",
    "notes": "note",
    "sort": "sort",
}
KNOWN_FILTERS = "author: a: title: t: id: sec: date: votes: is: note: sort:"
FILTER_NAMES = tuple(name for name in FILTER_ALIASES if len(name) > 2)
MAX_WORDS = 32
"""Past this many words a query is a paste, not a search: the rest are dropped."""


_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\uff02", '"'))
"""Curly (and full-width) double quotes a phone or word processor types: phrase quotes too."""


def _near_filter(key: str) -> str | None:
    """The filter a `key:` nobody knows was probably meant to be ("auther" ->
    "author"), or None: then it is likely a title's colon ("mamba: video"),
    searched as words without a hint."""
    if len(key) < 3:
        return None
    found = process.extractOne(key, FILTER_NAMES, scorer=fuzz.ratio, score_cutoff=70)
    return None if found is None else str(found[0])


def fold(text: str) -> str:
    """NFKC + casefold: the one normalization used for matching everywhere."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def compact(text: str) -> str:
    """Folded letters and digits only: how section names are compared."""
    return _COMPACT.sub("", fold(text)).replace("_", "")


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to match: a word (one token of `\\w+`) or a literal phrase.

    `unfinished`: the word was typed last and ends in a Hangul syllable that may
    still be being typed ("모데" on its way to "모델"): it also matches what that
    syllable may become (`paper_tui.search.hangul.unfinished_forms`)."""

    text: str
    scope: Scope = "all"
    phrase: bool = False
    unfinished: bool = False


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive range of integers (dates as YYYYMMDD); None is open."""

    field: Literal["date", "votes"]
    low: int | None
    high: int | None
    negated: bool = False


@dataclass(frozen=True, slots=True)
class IdPrefix:
    prefix: str
    negated: bool = False


@dataclass(frozen=True, slots=True)
class StateFilter:
    flag: StateFlag
    negated: bool = False


Filter = Range | IdPrefix | StateFilter


@dataclass(frozen=True, slots=True)
class Sort:
    """The order a query asks for (`sort:votes`, `sort:-date`): votes and dates
    highest first, titles A to Z, relevance best first; `reverse` turns the key
    round (papers without votes or a date stay last)."""

    key: SortKey
    reverse: bool = False

    def __str__(self) -> str:
        return f"sort:{'-' if self.reverse else ''}{self.key}"


SORT_KEYS: dict[str, SortKey] = {
    "votes": "votes",
    "vote": "votes",
    "date": "date",
    "title": "title",
    "relevance": "relevance",
}


@dataclass(slots=True)
class Query:
    """A parsed query: what must match, what must not, and how to narrow."""

    terms: list[Term] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # compact names from sec:
    typed_sections: list[str] = field(default_factory=list)  # the same, as typed (folded)
    hints: list[str] = field(default_factory=list)
    sort: Sort | None = None
    spelled: dict[Term, Term] = field(default_factory=dict)
    """A Latin word -> the Hangul its keys type on a 2-set keyboard ("tntnf" ->
    "수술"), for each word that spells some; the engine searches the Hangul
    instead when nothing in the index equals or starts with the Latin word."""

    @property
    def is_empty(self) -> bool:
        """Nothing to match or narrow by (a `sort:` alone still orders the list)."""
        return not (self.terms or self.excluded or self.filters or self.sections)

    @property
    def needs_reading_state(self) -> bool:
        """Whether the query asks about read, starred or noted papers or searches
        notes by name (`is:read`, `-is:starred`, `note:x`...): only then must a
        command line open the reading state (free words search notes only where
        the state is open anyway, as in the app)."""
        return any(isinstance(one, StateFilter) for one in self.filters) or any(
            term.scope == "notes" for term in (*self.terms, *self.excluded)
        )

    @property
    def muted_only(self) -> bool:
        """Whether the query asks for the muted papers only (`is:muted`)."""
        return any(
            isinstance(one, StateFilter) and one.flag == "muted" and not one.negated
            for one in self.filters
        )


def _split(text: str) -> list[tuple[bool, str | None, str, bool]]:
    """(negated, key or None, value, value was quoted) for each item of the query."""
    return [item for item, _ in _split_with_spans(text)]


def _split_with_spans(text: str) -> list[tuple[tuple[bool, str | None, str, bool], range]]:
    """Each item of the query (as `_split`) with where it stands in `text`."""
    items: list[tuple[tuple[bool, str | None, str, bool], range]] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        start = position
        negated = False
        if text[position] == "-" and position + 1 < length and not text[position + 1].isspace():
            negated = True
            position += 1
        key: str | None = None
        match = _KEY.match(text, position)
        if match:
            key = match.group(1)
            position = match.end()
        if position < length and text[position] == '"':
            end = text.find('"', position + 1)
            end = length if end < 0 else end
            items.append(((negated, key, text[position + 1 : end], True), range(start, end + 1)))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace():
            end += 1
        items.append(((negated, key, text[position:end], False), range(start, end)))
        position = end
    return items


def _words(value: str, scope: Scope) -> list[Term]:
    """The words of an unquoted item; one joined by separators with a one-letter
    piece ("x-ray", "k-means", "gpt-4") is kept whole as a phrase: split, its
    one-letter word would match nearly every section, so sections skip it."""
    pieces = list(TOKEN.finditer(value))
    if len(pieces) > 1 and any(
        len(piece.group()) == 1 and not has_hangul(piece.group()) for piece in pieces
    ):
        return [Term(value[pieces[0].start() : pieces[-1].end()], scope, phrase=True)]
    return [Term(piece.group(), scope) for piece in pieces]


def _phrase(value: str, scope: Scope) -> list[Term]:
    """A quoted value: literal, even one word ("b" is found inside "ab"); one
    with no word in it ("...") is dropped, since it would match nearly anything."""
    if not TOKEN.search(value):
        return []
    return [Term(" ".join(value.split()), scope, phrase=True)]


_SCOPES: dict[str | None, Scope] = {
    None: "all",
    "title": "title",
    "author": "authors",
    "note": "notes",
}
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def parse(query: str, today: date | None = None) -> Query:
    """Parse what the user typed; never raises. `today` is what relative dates
    (`date:7d`, `date:this-week`) count from: the local date unless given."""
    result = Query()
    text = _CONTROL.sub(" ", fold(_CONTROL.sub(" ", query))).translate(_QUOTES)
    items = _split(text)
    still_typing = bool(text) and not text[-1].isspace()
    for number, (negated, key, value, quoted) in enumerate(items):
        name = FILTER_ALIASES.get(key) if key is not None else None
        if key is not None and name is None:
            near = _near_filter(key)
            if near is not None:
                result.hints.append(
                    f"unknown filter '{key}:', did you mean '{near}:'? (known: {KNOWN_FILTERS})"
                )
            value = f"{key} {value}"
        if name is None or name in _SCOPES:
            scope = _SCOPES[name]
            terms = _phrase(value, scope) if quoted else _words(value, scope)
            typed_last = still_typing and number == len(items) - 1 and not quoted
            if typed_last and terms and not negated and _may_be_unfinished(terms[-1]):
                terms[-1] = Term(terms[-1].text, scope, unfinished=True)
            (result.excluded if negated else result.terms).extend(terms)
            if not negated and not quoted and scope in ("all", "title"):
                _spell(result, terms, query, typed_last)
            continue
        if not value.strip():
            continue  # "date:" while still typing: nothing to apply yet
        if name == "sort":
            order = _sort(value.strip(), negated)
            if isinstance(order, str):
                result.hints.append(order)
            else:
                result.sort = order
            continue
        if name == "sec":
            if negated:
                result.hints.append("sec: narrows where words are searched and cannot be negated")
            elif compact(value):
                result.sections.append(compact(value))
                result.typed_sections.append(" ".join(value.split()))
            continue
        day = today if today is not None else date.today()
        swapped = _backwards(value.strip(), day) if name in ("date", "votes") else None
        if swapped is not None:
            result.hints.append(f"{name}:{value.strip()} runs backwards: read as {name}:{swapped}")
            value = swapped
        parsed = _parse_filter(name, value.strip(), negated, day)
        if isinstance(parsed, str):
            result.hints.append(parsed)
        else:
            result.filters.append(parsed)
    if len(result.terms) + len(result.excluded) > MAX_WORDS:
        result.hints.append(f"only the first {MAX_WORDS} words are searched")
        del result.terms[MAX_WORDS:]
        del result.excluded[max(0, MAX_WORDS - len(result.terms)) :]
    return result


def _may_be_unfinished(term: Term) -> bool:
    """A word whose last syllable may still be being typed: one ending in a syllable."""
    return not term.phrase and bool(term.text) and is_syllable(term.text[-1])


def _spell(result: Query, terms: Sequence[Term], query: str, typed_last: bool) -> None:
    """Note in `result.spelled` the Hangul each Latin word of `terms` types on a
    2-set keyboard, read from the query as typed: a shifted key is another
    jamo ("T" is "ㅆ"), which folding would lose."""
    cased: dict[str, str] = {}
    for run in _LATIN_RUN.findall(unicodedata.normalize("NFKC", query)):
        cased.setdefault(run.lower(), run)
    for position, term in enumerate(terms):
        if term.phrase or not term.text.isascii() or not term.text.isalpha():
            continue
        hangul = hangul_of_keys(cased.get(term.text, term.text))
        if hangul is None:
            continue
        spelled = Term(fold(hangul), term.scope)
        if typed_last and position == len(terms) - 1 and _may_be_unfinished(spelled):
            spelled = Term(spelled.text, term.scope, unfinished=True)
        result.spelled[term] = spelled


@lru_cache(maxsize=1024)
def mute_problem(text: str) -> str | None:
    """Why `text` cannot be a mute, or None: a mute is matched once per index, strictly
    and without the reading state, so it may not ask about reading state or notes
    (which change), and needs something to match (only -words would hide nearly
    every paper). A mute with a problem hides nothing. (Remembered: every search
    with mutes asks it of each.)"""
    parsed = parse(text)
    if any(isinstance(one, StateFilter) for one in parsed.filters) or any(
        term.scope == "notes" for term in (*parsed.terms, *parsed.excluded)
    ):
        return "a mute cannot ask about reading state or notes (is:, note:)"
    if not (parsed.terms or parsed.filters or parsed.sections):
        if parsed.excluded:
            return "a mute of only -words would hide nearly every paper"
        return "a mute needs words or a filter to match"
    return None


def sort_order(text: str) -> Sort | None:
    """The order `text` names as `sort:` would ("votes", "-date"), or None."""
    order = _sort(fold(text).strip(), negated=False)
    return order if isinstance(order, Sort) else None


def _sort(value: str, negated: bool) -> Sort | str:
    """`sort:KEY`, `sort:-KEY` (or `-sort:KEY`): the order, or a hint."""
    reverse = negated
    if value.startswith("-"):
        value, reverse = value[1:], not reverse
    key = SORT_KEYS.get(value)
    if key is None:
        return (
            f"sort:{value} is not an order (try sort:votes, sort:date, sort:title, "
            "sort:relevance; sort:-date reverses)"
        )
    return Sort(key, reverse)


_STATES: tuple[StateFlag, ...] = (
    "starred",
    "unstarred",
    "read",
    "unread",
    "noted",
    "unnoted",
    "queued",
    "unqueued",
    "followed",
    "muted",
    "new",
)


def _parse_filter(name: str, value: str, negated: bool, today: date) -> Filter | str:
    if name == "id":
        return IdPrefix(value, negated)
    if name == "is":
        for flag in _STATES:
            if value == flag:
                return StateFilter(flag, negated)
        return (
            f"is:{value} is not a state (try is:starred, is:unread, is:read, is:unstarred, "
            "is:noted, is:queued, is:followed, is:muted, is:new)"
        )
    if name == "votes":
        bounds = _range(value, _votes_bound)
        if bounds is None:
            return f"votes:{value} is not a number or range (try votes:>50, votes:10..100)"
        return Range("votes", bounds[0], bounds[1], negated)
    bounds = _range(value, partial(_date_bound, today=today))
    if bounds is None:
        return (
            f"date:{value} is not a date (try date:2024, date:2024-08, "
            "date:2024-08-01..2024-08-31, date:>2024-06, date:today, date:7d, date:2w, "
            "date:this-week, date:this-month, date:2025-W18)"
        )
    return Range("date", bounds[0], bounds[1], negated)


def _backwards(value: str, today: date) -> str | None:
    """`B..A` for a range `A..B` typed with its ends the wrong way round, else None."""
    low_text, dots, high_text = value.partition("..")
    if not dots or not low_text or not high_text:
        return None
    for parse_bound in (_votes_bound, partial(_date_bound, today=today)):
        low, high = parse_bound(low_text), parse_bound(high_text)
        if low is not None and high is not None and low[0] > high[1]:
            return f"{high_text.strip()}..{low_text.strip()}"
    return None


def _range(
    value: str, parse_bound: Callable[[str], tuple[int, int] | None]
) -> tuple[int | None, int | None] | None:
    """Bounds for `A..B`, `A..`, `..B`, `>A`, `>=A`, `<B`, `<=B` or `A`;
    `parse_bound` gives the (first, last) integers one value covers."""
    if ".." in value:
        low_text, _, high_text = value.partition("..")
        if not low_text and not high_text:
            return None
        low = parse_bound(low_text) if low_text else None
        high = parse_bound(high_text) if high_text else None
        if (low_text and low is None) or (high_text and high is None):
            return None
        return (low[0] if low else None), (high[1] if high else None)
    for operator in (">=", "<=", ">", "<", "="):
        if value.startswith(operator):
            one = parse_bound(value[len(operator) :])
            if one is None:
                return None
            if operator == ">=":
                return one[0], None
            if operator == "<=":
                return None, one[1]
            if operator == ">":
                return (None if one[1] is None else one[1] + 1), None
            if operator == "<":
                return None, (None if one[0] is None else one[0] - 1)
            return one
    return parse_bound(value)


def _votes_bound(text: str) -> tuple[int, int] | None:
    text = text.strip()
    if not text.isdigit() or len(text) > 12:
        return None
    number = int(text)
    return number, number


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")
_LAST_DAYS = re.compile(r"(\d{1,5})([dw])")


def _day_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _days(first: date, last: date) -> tuple[int, int]:
    return _day_number(first), _day_number(last)


def _relative_bound(text: str, today: date) -> tuple[int, int] | None:
    """The (first day, last day) of `today`, `yesterday`, `Nd`/`Nw` (the last N
    days or weeks, today included), `this-week`, `this-month`, or an ISO week
    `YYYY-Wnn` (Monday to Sunday); None for anything else."""
    try:
        if text == "today":
            return _days(today, today)
        if text == "yesterday":
            yesterday = today - timedelta(days=1)
            return _days(yesterday, yesterday)
        if text == "this-week":
            monday = today - timedelta(days=today.weekday())
            return _days(monday, monday + timedelta(days=6))
        if text == "this-month":
            last = monthrange(today.year, today.month)[1]
            return _days(today.replace(day=1), today.replace(day=last))
        if match := _LAST_DAYS.fullmatch(text):
            count = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
            return None if count < 1 else _days(today - timedelta(days=count - 1), today)
        if match := _WEEK.fullmatch(text):
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return _days(monday, monday + timedelta(days=6))
    except (ValueError, OverflowError):  # week 54, or more days back than the calendar has
        return None
    return None


def _date_bound(text: str, today: date | None = None) -> tuple[int, int] | None:
    """A year, month or day, or a relative day or week (see `_relative_bound`),
    as the (first day, last day) it covers, as YYYYMMDD."""
    text = text.strip()
    relative = _relative_bound(text, today if today is not None else date.today())
    if relative is not None:
        return relative
    match = _DATE.fullmatch(text)
    if not match:
        return None
    year = int(match.group(1))
    if year < 1:
        return None
    if match.group(2) is None:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(match.group(2))
    if not 1 <= month <= 12:
        return None
    last_day = monthrange(year, month)[1]
    if match.group(3) is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last_day
    day = int(match.group(3))
    if not 1 <= day <= last_day:
        return None
    return (year * 10000 + month * 100 + day,) * 2


_OPPOSITE: dict[StateFlag, StateFlag] = {
    "read": "unread",
    "unread": "read",
    "starred": "unstarred",
    "unstarred": "starred",
    "noted": "unnoted",
    "unnoted": "noted",
    "queued": "unqueued",
    "unqueued": "queued",
}
"""Each flag and the one `-is:FLAG` means (`is:followed`, `is:muted`, `is:new` have none)."""


def _state_items(query: str, flag: StateFlag) -> list[range]:
    """Where `query` asks for papers that are `flag`, however typed (`is:unread`,
    `-is:read`, `IS:UNREAD`), each item read by `parse` itself."""
    # The same length as `query` (one character for one), so spans point into it.
    text = _CONTROL.sub(" ", query).translate(_QUOTES)
    spans = []
    for _, span in _split_with_spans(text):
        filters = parse(query[span.start : span.stop]).filters
        if len(filters) == 1 and isinstance(state := filters[0], StateFilter):
            meaning = _OPPOSITE.get(state.flag) if state.negated else state.flag
            if meaning == flag:
                spans.append(span)
    return spans


def has_state_filter(query: str, flag: StateFlag) -> bool:
    """True when `query` narrows to papers that are `flag` (`u` and `B` show it)."""
    return bool(_state_items(query, flag))


def toggle_state_filter(query: str, flag: StateFlag) -> str:
    """`query` without what asks for `flag` when it has it, else with `is:FLAG` added;
    the rest is kept word for word, so a toggle combines with what is typed."""
    spans = _state_items(query, flag)
    if not spans:
        return f"{query.strip()} is:{flag}".strip()
    kept, position = [], 0
    for span in spans:
        kept.append(query[position : span.start])
        position = span.stop
    kept.append(query[position:])
    return " ".join(" ".join(kept).split())
